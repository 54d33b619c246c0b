"""Paragraph retrieval on XQuAD-hi: hit@1, hit@5 and MRR@10 for dense, keyword
(BM25) and hybrid search, Hindi questions (hi→hi) and the parallel English
questions (en→hi) against the 240 Hindi paragraphs.

Each paragraph is written as its own .txt file into a temporary corpus and
ingested with ``Ingestor`` (the real pipeline: loader, chunking, embedding,
Chroma, BM25). A question's gold is its paragraph; the ranked passages of a
search are mapped to their paragraphs in order, duplicates removed.

    .venv/bin/python benchmarks/xquad_retrieval.py
    .venv/bin/python benchmarks/xquad_retrieval.py --limit 50 --set keyword_weight=0.5
"""

from __future__ import annotations

import argparse
import json
import re
import sys
import tempfile
import time
from pathlib import Path

import common

MODES = ("dense", "keyword", "hybrid")
DIRECTIONS = ("hi→hi", "en→hi", "rom→hi")  # rom: the romanised copy in evals/romanised/
ROMANISED = common.REPO / "evals/romanised/xquad-hi-dev-romanised.jsonl"
TARGETS = {  # from the issue: (direction, mode, metric) -> minimum
    ("hi→hi", "hybrid", "hit@5"): 0.98,
    ("en→hi", "hybrid", "hit@5"): 0.90,
    ("hi→hi", "hybrid", "mrr@10"): 0.93,
}


def load_xquad() -> tuple[list[dict], list[dict]]:
    """Paragraphs [{key, title, n, text}] and questions [{id, hi, en, key}]."""
    hi = json.loads(common.XQUAD_HI.read_text(encoding="utf-8"))["data"]
    en = json.loads(common.XQUAD_EN.read_text(encoding="utf-8"))["data"]
    en_q = {qa["id"]: qa["question"] for art in en for p in art["paragraphs"] for qa in p["qas"]}
    paragraphs, questions = [], []
    for art in hi:
        for n, p in enumerate(art["paragraphs"], start=1):
            key = f"{art['title']}#{n:02d}"
            paragraphs.append({"key": key, "title": art["title"], "n": n, "text": p["context"]})
            for qa in p["qas"]:
                questions.append({"id": qa["id"], "hi": qa["question"], "en": en_q[qa["id"]], "key": key})
    rom = {r["id"]: r["question"] for r in map(json.loads, ROMANISED.read_text(encoding="utf-8").splitlines())}
    for q in questions:
        q["rom"] = rom[q["id"]]
    return paragraphs, questions


def file_name(title: str, n: int) -> str:
    safe = re.sub(r"[^\w.-]+", "_", title).strip("_") or "article"
    return f"{safe}__p{n:02d}.txt"


def ranked_paragraphs(results, path_to_key: dict[str, str]) -> list[str]:
    """Paragraph keys in the order their passages first appear."""
    out: list[str] = []
    for r in results:
        key = path_to_key.get(r.path, r.path)
        if key not in out:
            out.append(key)
    return out


def score(ranked: list[str], gold: str) -> tuple[int | None, dict[str, float]]:
    rank = ranked.index(gold) + 1 if gold in ranked else None
    return rank, {
        "hit@1": float(rank == 1),
        "hit@5": float(rank is not None and rank <= 5),
        "mrr@10": 1.0 / rank if rank is not None and rank <= 10 else 0.0,
    }


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0],
                                 formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--out", type=Path, default=common.REPO / "benchmarks/out/xquad_retrieval.json")
    ap.add_argument("--limit", type=int, default=0, help="only the first N questions (corpus stays whole)")
    ap.add_argument("--set", dest="sets", action="append", default=[], metavar="KEY=VALUE",
                    help="override a setting (repeatable), e.g. --set keyword_weight=0.5")
    ap.add_argument("--modes", default=",".join(MODES), help="comma-separated subset of dense,keyword,hybrid")
    ap.add_argument("--top-k", type=int, default=10)
    args = ap.parse_args(argv)
    modes = [m for m in args.modes.split(",") if m]

    meta = common.meta()
    from rag.config import Settings
    from rag.index import Index
    from rag.ingest import Ingestor
    from rag.retrieve import Retriever

    paragraphs, questions = load_xquad()
    if args.limit:
        questions = questions[: args.limit]

    with tempfile.TemporaryDirectory(prefix="xquad-bench-") as tmp:
        tmp_path = Path(tmp)
        corpus = tmp_path / "corpus"
        corpus.mkdir()
        path_to_key: dict[str, str] = {}
        for p in paragraphs:
            f = corpus / file_name(p["title"], p["n"])
            f.write_text(p["text"] + "\n", encoding="utf-8")
            path_to_key[str(f.resolve())] = p["key"]

        overrides = {**common.parse_sets(args.sets), "data_dir": tmp_path / "data"}
        settings = Settings.load(overrides=overrides)
        index = Index(settings)

        t = time.perf_counter()
        _ = index.embedder.model
        model_load_s = time.perf_counter() - t
        t = time.perf_counter()
        with common.OtherLoad() as ingest_load:
            report = Ingestor(index).run([corpus], prune=False)
        ingest_s = time.perf_counter() - t
        if report.skipped:
            print("skipped:", report.skipped, file=sys.stderr)
        n_docs = len(report.added)
        print(f"ingested {n_docs} paragraphs as {report.passages} passages in {ingest_s:.1f} s "
              f"(model load {model_load_s:.1f} s); {len(questions)} questions")

        retriever = Retriever(index)
        retriever.search("warm up", top_k=args.top_k, mode="hybrid")  # first query pays lazy loads

        metrics: dict[str, dict[str, dict[str, float]]] = {}
        latency: dict[str, list[dict[str, float]]] = {}
        other_load: dict[str, list[float]] = {}
        failures: dict[str, dict[str, list[dict]]] = {}
        ranks: dict[str, dict[str, dict[str, int | None]]] = {}
        for direction in DIRECTIONS:
            lang = direction.split("→")[0]
            metrics[direction], failures[direction], ranks[direction] = {}, {}, {}
            for mode in modes:
                sums = {"hit@1": 0.0, "hit@5": 0.0, "mrr@10": 0.0}
                times: list[dict[str, float]] = []
                fails: list[dict] = []
                ranks[direction][mode] = {}
                load = common.OtherLoad().__enter__()
                for q in questions:
                    results = retriever.search(q[lang], top_k=args.top_k, mode=mode)
                    lt = retriever.last_timings
                    times.append({"total": lt.total_ms, "embed": lt.embed_ms, "dense": lt.dense_ms,
                                  "keyword": lt.keyword_ms})
                    ranked = ranked_paragraphs(results, path_to_key)
                    rank, m = score(ranked, q["key"])
                    ranks[direction][mode][q["id"]] = rank
                    for k, v in m.items():
                        sums[k] += v
                    if rank is None or rank > 5:
                        fails.append({"id": q["id"], "question": q[lang], "gold": q["key"], "rank": rank,
                                      "top3": ranked[:3]})
                load.__exit__()
                other_load.setdefault(mode, []).append(load.result()["other_cores"] or 0.0)
                metrics[direction][mode] = {k: v / len(questions) for k, v in sums.items()}
                latency.setdefault(mode, []).extend(times)
                failures[direction][mode] = fails
        stats = index.stats()

    # ------------------------------------------------------------ report
    rows = []
    for direction in DIRECTIONS:
        for mode in modes:
            m = metrics[direction][mode]
            rows.append([direction, mode, m["hit@1"], m["hit@5"], m["mrr@10"]])
    print()
    print(common.table(["direction", "mode", "hit@1", "hit@5", "MRR@10"], rows))

    lat_rows = []
    lat_out = {}
    for mode in modes:
        xs = latency[mode]
        part = {k: common.percentile([x[k] for x in xs], 50) for k in ("embed", "dense", "keyword")}
        total = [x["total"] for x in xs]
        lat_out[mode] = {"n": len(xs), "p50_ms": common.percentile(total, 50),
                         "p95_ms": common.percentile(total, 95),
                         **{f"p50_{k}_ms": v for k, v in part.items()},
                         "other_cores": max(other_load[mode])}
        lat_rows.append([mode, len(xs), lat_out[mode]["p50_ms"], lat_out[mode]["p95_ms"],
                         part["embed"], part["dense"], part["keyword"], lat_out[mode]["other_cores"]])
    print()
    print(common.table(["mode", "searches", "p50 ms", "p95 ms", "p50 embed", "p50 chroma", "p50 bm25",
                        "other procs' cores (max)"], lat_rows))

    targets = []
    for (direction, mode, metric), want in TARGETS.items():
        if mode in modes:
            got = metrics[direction][mode][metric]
            targets.append({"direction": direction, "mode": mode, "metric": metric, "target": want,
                            "value": got, "met": got >= want})
    print()
    for t in targets:
        print(f"target {t['direction']} {t['mode']} {t['metric']} >= {t['target']}: "
              f"{t['value']:.3f} {'MET' if t['met'] else 'MISSED'}")
    for direction in DIRECTIONS:
        for mode in modes:
            fs = failures[direction][mode]
            if fs and mode == "hybrid":
                print(f"\n{direction} {mode}: {len(fs)} questions with gold not in the top 5, e.g.")
                for f in fs[:5]:
                    print(f"  {f['id']} rank={f['rank']} gold={f['gold']} top3={f['top3']} q={f['question']!r}")

    common.write_json(args.out, {
        "meta": meta,
        "settings": common.settings_dict(settings),
        "corpus": {"paragraphs": len(paragraphs), "documents_ingested": n_docs, "passages": report.passages,
                   "index_stats": {k: v for k, v in stats.items() if k != "data_dir"}},
        "questions": len(questions),
        "top_k": args.top_k,
        "timing_s": {"model_load": model_load_s, "ingest": ingest_s},
        "ingest_load": ingest_load.result(),
        "metrics": metrics,
        "latency": lat_out,
        "targets": targets,
        "failures_not_in_top5": failures,
        "ranks": ranks,
    })
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
