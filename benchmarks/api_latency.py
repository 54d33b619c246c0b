"""What the OpenAI-compatible API adds to an answer's latency (issue #13):
the streamed answer's first content chunk, as the real ``openai`` client
receives it, against the moment ``Assistant.stream`` yielded that answer.

Server and client run in this one process (Gradio's uvicorn thread, the
client in the main thread), so both instants come from one clock: the added
latency is the hand-over from the answer's thread, the SSE encoding, HTTP over
loopback and the client's parsing. ``--llm none`` answers at once (the
rule-based answer, ~0.5 s) so many runs are cheap; with a model, the same
measurement rides on a 10-20 s answer.

    .venv/bin/python benchmarks/api_latency.py --llm none --runs 40
    OLLAMA_HOST=127.0.0.1:11501 .venv/bin/python benchmarks/api_latency.py --llm qwen2.5-coder:1.5b --runs 6
"""

from __future__ import annotations

import argparse
import json
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

from common import REPO, meta, percentile, table, write_json

from rag.config import Settings
from rag.ingest import Ingestor
from rag.pipeline import Assistant
from ui.app import launch
from ui.service import ChatService


class TimedService(ChatService):
    """Notes when the pipeline yields each event, before the API sees it."""

    stamps: dict[str, float]
    modes: list[str]

    def stream(self, *args: Any, **kwargs: Any) -> Any:
        for event in super().stream(*args, **kwargs):
            self.stamps[event.kind] = time.perf_counter()
            if event.kind == "done":
                self.modes.append(event.data.mode)
            yield event


def free_port() -> int:
    import socket

    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--llm", default="none", help="Ollama model, or 'none' (default)")
    ap.add_argument("--runs", type=int, default=30)
    ap.add_argument("--questions", type=Path, default=REPO / "evals" / "seeds.jsonl")
    ap.add_argument("--out", type=Path, default=REPO / "benchmarks" / "out" / "api_latency.json")
    args = ap.parse_args()
    import openai

    questions = [json.loads(line)["question"] for line in args.questions.read_text().splitlines() if line.strip()]
    with tempfile.TemporaryDirectory() as tmp:
        settings = Settings.load(overrides={"data_dir": Path(tmp), "llm": args.llm})
        assistant = Assistant(settings)
        Ingestor(assistant.index).run([REPO / "seeds"])
        service = TimedService.from_assistant(assistant)
        service.stamps, service.modes = {}, []
        _ = service.index.embedder.model
        port = free_port()
        demo = launch(service, host="127.0.0.1", port=port, block=False)
        client = openai.OpenAI(base_url=f"http://127.0.0.1:{port}/v1", api_key="-", max_retries=0, timeout=600)
        rows: list[dict[str, float]] = []
        try:
            client.chat.completions.create(model="rag", messages=[{"role": "user", "content": questions[0]}])  # warm
            for i in range(args.runs):
                q = questions[i % len(questions)]
                service.stamps = {}
                t0 = time.perf_counter()
                first_byte = first_content = draft = None
                for chunk in client.chat.completions.create(model="rag", stream=True,
                                                            messages=[{"role": "user", "content": q}]):
                    now = time.perf_counter()
                    first_byte = first_byte or now
                    if first_content is None and chunk.choices and chunk.choices[0].delta.content:
                        first_content = now
                    if (chunk.model_extra or {}).get("rag", {}).get("event") == "draft":
                        draft = now
                done = service.stamps["done"]
                rows.append({"added_ms": (first_content - done) * 1000, "answer_s": done - t0,
                             "first_byte_ms": (first_byte - t0) * 1000})
                if draft is not None:  # with a model: the rule-based draft, in a content-less chunk
                    rows[-1]["draft_added_ms"] = (draft - service.stamps["draft"]) * 1000
                t0 = time.perf_counter()
                client.chat.completions.create(model="rag", messages=[{"role": "user", "content": q}])
                rows[-1]["added_nonstream_ms"] = (time.perf_counter() - service.stamps["done"]) * 1000
        finally:
            demo.close()

    def stats(key: str) -> list[str]:
        vals = [r[key] for r in rows if key in r]
        if not vals:
            return ["-", "-", "-"]
        return [f"{percentile(vals, 50):.1f}", f"{percentile(vals, 95):.1f}", f"{max(vals):.1f}"]

    modes = {m: service.modes.count(m) for m in sorted(set(service.modes))}
    print(f"{args.runs} questions (each streamed, then not), model {args.llm}, answer modes {modes}; "
          f"Assistant.stream's answer took p50 {percentile([r['answer_s'] for r in rows], 50):.2f} s")
    print(table(["added over Assistant.stream", "p50 ms", "p95 ms", "max ms"], [
        ["stream: first content chunk", *stats("added_ms")],
        ["stream: the draft's rag chunk", *stats("draft_added_ms")],
        ["no stream: whole response", *stats("added_nonstream_ms")],
        ["(stream: first byte after request)", *stats("first_byte_ms")],
    ]))
    write_json(args.out, {"meta": meta(sys.argv), "llm": args.llm, "modes": modes, "runs": rows})


if __name__ == "__main__":
    main()
