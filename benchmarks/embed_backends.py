"""The embedding backends side by side (issue #12): torch, onnx, onnx-int8.

Three parts, each in this one run:

- agreement: every distinct NoMIRACL-hi passage (title and text, as one
  passage) embedded by each backend in this process; per-passage cosine of
  onnx and onnx-int8 to torch (minimum, 1st percentile, mean), embedding
  passages/s and single-query latency p50;
- xquad: ``xquad_retrieval.py --set embed_backend=B`` for each backend (dense
  and hybrid; hi→hi, en→hi), each in its own subprocess, in one table;
- cold: cold CLI processes on the seed index of each backend, interleaved
  round by round so that all backends see the same load: ``rag search``
  (dense, hybrid, keyword) and ``rag ask --llm none``; median and minimum wall
  time and peak RSS.

    .venv/bin/python benchmarks/embed_backends.py
    .venv/bin/python benchmarks/embed_backends.py --parts cold --rounds 9
    .venv/bin/python benchmarks/embed_backends.py --parts agreement --limit 200
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import common

BACKENDS = ("torch", "onnx", "onnx-int8")
PARTS = ("agreement", "xquad", "cold")
QUESTION = "रूस के रक्षा मंत्री का नाम क्या है?"
QUERIES = ["रूस के रक्षा मंत्री कौन हैं?", "Who fired the missile?", "उत्तर कोरिया ने मिसाइल कहाँ दागी?",
           "When did the talks end?", "भारत की राजधानी क्या है?"]


def nomiracl_passages(limit: int) -> list[str]:
    seen: dict[str, str] = {}
    with common.NOMIRACL_HI.open(encoding="utf-8") as f:
        for line in f:
            for p in json.loads(line)["passages"]:
                seen.setdefault(p["docid"], f"{p['title']}\n{p['text']}")
    texts = list(seen.values())
    return texts[:limit] if limit else texts


def agreement(limit: int, threads: int) -> dict:
    import numpy as np

    from rag.config import Settings
    from rag.embed import Embedder

    texts = nomiracl_passages(limit)
    vectors, out = {}, {}
    # ONNX first: their load time then excludes torch's imports, as in a CLI process.
    for backend in ("onnx-int8", "onnx", "torch"):
        settings = Settings.load(overrides={"embed_backend": backend, "embed_threads": threads,
                                            "data_dir": Path(tempfile.gettempdir()) / "unused"})
        e = Embedder(settings)
        t = time.perf_counter()
        _ = e.model
        load_s = time.perf_counter() - t
        assert e.backend == backend, f"{backend} fell back to {e.backend}"
        with common.OtherLoad() as load:
            t = time.perf_counter()
            vectors[backend] = e.embed_passages(texts)
            embed_s = time.perf_counter() - t
        query_ms = []
        for i in range(30):
            q = QUERIES[i % len(QUERIES)] + f" {i}"  # distinct: Embedder keeps the last query
            t = time.perf_counter()
            e.embed_query(q)
            query_ms.append((time.perf_counter() - t) * 1000)
        out[backend] = {"load_s": load_s, "embed_s": embed_s, "passages_per_s": len(texts) / embed_s,
                        "query_p50_ms": common.percentile(query_ms, 50), "other_load": load.result()}
        print(f"{backend}: {len(texts)} passages in {embed_s:.1f} s", flush=True)
    for backend in ("onnx", "onnx-int8"):
        cos = (vectors["torch"] * vectors[backend]).sum(axis=1)
        worst = int(np.argmin(cos))
        out[backend]["cosine_to_torch"] = {"min": float(cos.min()), "p1": float(np.percentile(cos, 1)),
                                           "mean": float(cos.mean()), "worst_passage": texts[worst][:120]}
    cos = (vectors["onnx"] * vectors["onnx-int8"]).sum(axis=1)
    out["onnx-int8"]["cosine_to_onnx"] = {"min": float(cos.min()), "mean": float(cos.mean())}
    out["torch"]["cosine_to_torch"] = {"min": 1.0, "p1": 1.0, "mean": 1.0}
    print()
    print(common.table(
        ["backend", "passages", "min cos to torch", "p1 cos", "mean cos", "passages/s", "query p50 ms", "load s"],
        [[b, len(texts), out[b]["cosine_to_torch"]["min"], out[b]["cosine_to_torch"]["p1"],
          out[b]["cosine_to_torch"]["mean"], out[b]["passages_per_s"], out[b]["query_p50_ms"], out[b]["load_s"]]
         for b in BACKENDS]))
    return {"passages": len(texts), "threads": threads, "backends": out}


def xquad(tmp: Path, limit: int) -> dict:
    out = {}
    for backend in BACKENDS:
        path = tmp / f"xquad-{backend}.json"
        cmd = [sys.executable, str(common.REPO / "benchmarks/xquad_retrieval.py"), "--modes", "dense,hybrid",
               "--set", f"embed_backend={backend}", "--out", str(path)]
        if limit:
            cmd += ["--limit", str(limit)]
        print("$", " ".join(cmd[1:]), flush=True)
        subprocess.run(cmd, check=True, cwd=common.REPO, stdout=subprocess.DEVNULL)
        r = json.loads(path.read_text())
        out[backend] = {"metrics": r["metrics"], "latency": r["latency"], "timing_s": r["timing_s"],
                        "passages": r["corpus"]["passages"]}
    rows = []
    for direction in ("hi→hi", "en→hi"):
        for mode in ("dense", "hybrid"):
            for backend in BACKENDS:
                m = out[backend]["metrics"][direction][mode]
                rows.append([direction, mode, backend, m["hit@1"], m["hit@5"], m["mrr@10"]])
    print()
    print(common.table(["direction", "mode", "backend", "hit@1", "hit@5", "MRR@10"], rows))
    print(common.table(["backend", "ingest s (240 paragraphs)", "hybrid p50 ms", "p50 embed ms"],
                       [[b, out[b]["timing_s"]["ingest"], out[b]["latency"]["hybrid"]["p50_ms"],
                         out[b]["latency"]["hybrid"]["p50_embed_ms"]] for b in BACKENDS]))
    return out


def _timed(cmd: list[str], env: dict[str, str]) -> tuple[float, float, float]:
    """Wall seconds, peak RSS MiB and CPU seconds of one process."""
    # Through /usr/bin/time: a child forked from this process (torch loaded by the
    # agreement part) would report this process's peak RSS as its own.
    with tempfile.NamedTemporaryFile("r", suffix=".rss") as rss:
        t = time.perf_counter()
        proc = subprocess.Popen(["/usr/bin/time", "-f", "%M", "-o", rss.name, *cmd], cwd=common.REPO, env=env,
                                stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
        _, status, usage = os.wait4(proc.pid, 0)
        wall = time.perf_counter() - t
        if os.waitstatus_to_exitcode(status) != 0:
            raise RuntimeError(f"{' '.join(cmd)} failed: {proc.stderr.read().decode() if proc.stderr else ''}")
        peak_kib = int(rss.read().split()[-1])
    return wall, peak_kib / 1024, usage.ru_utime + usage.ru_stime


def cold(tmp: Path, rounds: int, threads: int) -> dict:
    rag = str(common.REPO / ".venv/bin/rag")
    commands = {
        "search dense": [rag, "search", QUESTION, "--mode", "dense"],
        "search hybrid": [rag, "search", QUESTION],
        "ask --llm none": [rag, "ask", QUESTION, "--llm", "none"],
        "search keyword": [rag, "search", QUESTION, "--mode", "keyword"],
    }
    envs = {}
    for backend in BACKENDS:
        env = {**os.environ, "RAG_DATA_DIR": str(tmp / f"seeds-{backend}"), "RAG_EMBED_BACKEND": backend}
        if threads:
            env["RAG_EMBED_THREADS"] = str(threads)
        subprocess.run([rag, "ingest", str(common.REPO / "seeds")], env=env, check=True, cwd=common.REPO,
                       stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        _timed(commands["search hybrid"], env)  # page cache warm: "cold" means a new process
        envs[backend] = env
    times: dict[str, dict[str, list[float]]] = {b: {c: [] for c in commands} for b in BACKENDS}
    rss: dict[str, dict[str, float]] = {b: {} for b in BACKENDS}
    with common.OtherLoad() as load:
        for _ in range(rounds):
            for name, cmd in commands.items():
                for backend in BACKENDS:
                    wall, peak, cpu = _timed(cmd, envs[backend])
                    load.child_cpu_s += cpu  # ours, not the other processes'
                    times[backend][name].append(wall)
                    rss[backend][name] = max(rss[backend].get(name, 0.0), peak)
    out = {b: {c: {"median_s": common.median(v), "min_s": min(v), "runs": v, "peak_rss_mib": rss[b][c]}
               for c, v in times[b].items()} for b in BACKENDS}
    print()
    print(common.table(["command", *[f"{b} median s" for b in BACKENDS], *[f"{b} min s" for b in BACKENDS],
                        *[f"{b} RSS MiB" for b in BACKENDS]],
                       [[c, *[out[b][c]["median_s"] for b in BACKENDS], *[out[b][c]["min_s"] for b in BACKENDS],
                         *[round(out[b][c]["peak_rss_mib"]) for b in BACKENDS]] for c in commands]))
    print(f"({rounds} rounds; other processes kept {load.result()['other_cores']} cores busy on average)")
    return {"rounds": rounds, "question": QUESTION, "commands": {c: cmd[1:] for c, cmd in commands.items()},
            "other_load": load.result(), "backends": out}


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0],
                                 formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--out", type=Path, default=common.REPO / "benchmarks/out/embed_backends.json")
    ap.add_argument("--parts", default=",".join(PARTS), help="comma-separated subset of " + ",".join(PARTS))
    ap.add_argument("--limit", type=int, default=0, help="agreement: first N passages; xquad: first N questions")
    ap.add_argument("--rounds", type=int, default=7, help="cold: runs of each command per backend")
    ap.add_argument("--threads", type=int, default=0, help="embed_threads (0 = all cores)")
    args = ap.parse_args(argv)
    parts = [p for p in args.parts.split(",") if p]
    result: dict = {"meta": common.meta()}
    with tempfile.TemporaryDirectory(prefix="embed-backends-") as tmp:
        if "agreement" in parts:
            result["agreement"] = agreement(args.limit, args.threads)
        if "xquad" in parts:
            result["xquad"] = xquad(Path(tmp), args.limit)
        if "cold" in parts:
            result["cold"] = cold(Path(tmp), args.rounds, args.threads)
    common.write_json(args.out, result)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
