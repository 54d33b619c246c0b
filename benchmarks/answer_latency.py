"""Latency as a user feels it, on the seed questions with the default offline
model: the draft (the best sentence's answer, shown at once), the model's
verified reading, the total, and the prompt tokens; and what more candidate
sentences cost.

    .venv/bin/python benchmarks/answer_latency.py                 # needs Ollama at OLLAMA_HOST
    .venv/bin/python benchmarks/answer_latency.py --limit 6 --configs sentences,passages

Each measured request starts from a cold prompt cache: a throwaway request
with a different prompt goes first, so Ollama cannot reuse the previous
question's prefix (not even the system prompt). "Evidence kept" says whether
the text given to the model still contains the question's evidence quote or
one of its answers.
"""

from __future__ import annotations

import argparse
import json
import tempfile
import unicodedata
from pathlib import Path

from common import REPO, median, meta, parse_sets, percentile, settings_dict, table, write_json

from rag.config import Settings
from rag.index import Index
from rag.ingest import Ingestor
from rag.llm import OllamaLLM
from rag.pipeline import Assistant

CONFIGS = {
    # The defaults: the model reads the ranker's best sentence.
    "defaults": {},
    # The same, the reader prompt's start staying in Ollama's prompt cache between
    # questions (the steady state of a session: only the question's own part is new).
    "defaults-warm": {},
    # Up to three candidates, as the time budget allows.
    "three": {"context_sentences": 3},
    # Whole retrieved passages' sentences, as a fast server would read them.
    "passages": {"context_sentences": 40, "answer_seconds": 600, "num_ctx": 4096},
}


def load_questions(path: Path, limit: int | None) -> list[dict]:
    rows = [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]
    rows = [r for r in rows if r.get("answerable", True)]
    return rows[:limit] if limit else rows


def evidence_kept(context: str, q: dict) -> bool:
    norm = unicodedata.normalize("NFC", context)
    needles = [*q.get("evidence", []), *q.get("answers", [])]
    return any(unicodedata.normalize("NFC", n) in norm for n in needles if isinstance(n, str) and n)


def contains_gold(answer: str, q: dict) -> bool:
    norm = unicodedata.normalize("NFC", answer).lower()
    return any(unicodedata.normalize("NFC", g).lower() in norm for g in q.get("answers", []))


def flush_cache(llm: OllamaLLM) -> None:
    """A request with an unrelated prompt, so the next one starts cold."""
    llm.complete([{"role": "system", "content": "Count."}, {"role": "user", "content": "1 2 3"}], num_predict=1)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--questions", type=Path, default=REPO / "evals" / "seeds.jsonl")
    ap.add_argument("--limit", type=int, help="first N answerable questions")
    ap.add_argument("--configs", default="defaults,defaults-warm,three")
    ap.add_argument("--passages-limit", type=int, default=8, help="questions for the slow 'passages' config")
    ap.add_argument("--set", action="append", default=[], help="setting override key=value")
    ap.add_argument("--out", type=Path, default=REPO / "benchmarks" / "out" / "answer_latency.json")
    args = ap.parse_args()

    questions = load_questions(args.questions, args.limit)
    data_dir = Path(tempfile.mkdtemp(prefix="rag-answer-bench-"))
    base = Settings.load(overrides={"data_dir": data_dir, **parse_sets(args.set)})
    index = Index(base)
    Ingestor(index).run([REPO / "seeds"])
    llm = OllamaLLM(base)
    print(f"model {base.llm} at {llm.url} (Ollama {llm.version()}), {len(questions)} questions")

    payload: dict = {"meta": meta(), "model": base.llm, "configs": {}}
    rows = []
    for name in args.configs.split(","):
        settings = base.model_copy(update=CONFIGS[name])
        assistant = Assistant(settings, index=index)
        assistant.ask("warm-up: उत्तर कोरिया")  # loads the model and reads its tokenizer once
        qs = questions[: args.passages_limit] if name == "passages" else questions
        per_q = []
        for q in qs:
            if not name.endswith("-warm"):
                flush_cache(llm)
            a = assistant.ask(q["question"])
            per_q.append({
                "id": q.get("id"), "question": q["question"], "mode": a.mode,
                "draft_ms": a.timings.get("draft_ms"), "llm_ms": a.timings.get("llm_ms"),
                "total_ms": a.timings.get("total_ms"), "prompt_tokens": a.tokens.get("prompt"),
                "candidates": a.candidates,
                "evidence_kept": evidence_kept(a.context, q) if a.context else False,
                "contains_gold": contains_gold(a.text, q),
                "answer": a.text, "notice": a.notice,
            })
            print(f"  {name:9} {q.get('id', ''):12} {a.mode:10} draft {(a.timings.get('draft_ms') or 0) / 1000:4.1f} s"
                  f"  total {(a.timings.get('total_ms') or 0) / 1000:5.1f} s  prompt {a.tokens.get('prompt', 0):4}  "
                  f"{a.short[:40]!r}")
        draft = [r["draft_ms"] / 1000 for r in per_q if r["draft_ms"]]
        total = [r["total_ms"] / 1000 for r in per_q if r["total_ms"]]
        prompt = [r["prompt_tokens"] for r in per_q if r["prompt_tokens"]]
        summary = {
            "questions": len(per_q),
            "draft_p50_s": median(draft), "draft_p95_s": percentile(draft, 95),
            "total_p50_s": median(total), "total_p95_s": percentile(total, 95),
            "prompt_tokens_p50": median(prompt),
            "evidence_kept": sum(r["evidence_kept"] for r in per_q) / max(1, len(per_q)),
            "contains_gold": sum(r["contains_gold"] for r in per_q) / max(1, len(per_q)),
            "modes": {m: sum(r["mode"] == m for r in per_q) for m in ("llm", "extractive", "abstained")},
        }
        payload["configs"][name] = {"settings": settings_dict(settings), "summary": summary, "questions": per_q}
        rows.append([name, summary["questions"], summary["draft_p50_s"], summary["draft_p95_s"],
                     summary["total_p50_s"], summary["prompt_tokens_p50"], summary["evidence_kept"],
                     summary["contains_gold"],
                     json.dumps(summary["modes"])])
    print()
    print(table(["config", "n", "draft p50 s", "draft p95 s", "total p50 s", "prompt tok p50",
                 "evidence kept", "contains gold", "modes"], rows))
    write_json(args.out, payload)


if __name__ == "__main__":
    main()
