"""Fit hybrid search's fusion weights on half of XQuAD-hi dev and report them
on the other half.

With ``fusion = "scores"`` (scaled cosine plus weight × scaled BM25), one
after the other, each with the ones before it fixed:
- ``keyword_weight``: the keyword list's weight, by Hindi questions (hi→hi);
- ``neighbour_similarity``: the least cosine of an English word's nearest
  index word for it to count as a match (en→hi; 1.0 is never);
- ``bridge_weight``: how much a keyword match bridged from an English word
  counts against a same-script one (English questions, en→hi);
- ``romanised_keyword_weight``: the keyword list's weight for a romanised
  Hindi question (rom→hi, evals/romanised/).

Split: XQuAD articles sorted by title, even-numbered ones to fit, odd ones
held out (questions of one article never straddle the split). Each weight is
chosen by hybrid hit@1, then hit@5, then MRR@10 on the fit half; the held-out
and all-question figures are printed for the chosen values, the defaults in
rag/config.py and the previous rank fusion with its weights (RRF_BASELINE).
Each of the four is chosen with the one before it in place.

    .venv/bin/python evals/fit/fit_bridge.py      # about 6 minutes on 2 cores
"""

from __future__ import annotations

import sys
import tempfile
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]
sys.path[:0] = [str(REPO), str(REPO / "benchmarks")]

import xquad_retrieval as X  # noqa: E402

GRID = {"keyword_weight": (0.5, 1.0, 1.5, 2.0, 2.5, 3.0),
        "neighbour_similarity": (0.80, 0.82, 0.84, 0.86, 0.88, 0.90, 0.92, 0.94, 1.0),
        "bridge_weight": (0.1, 0.2, 0.3, 0.4, 0.5, 0.6, 0.8, 1.0),
        "romanised_keyword_weight": (0.5, 0.75, 1.0, 1.5, 2.0, 3.0, 5.0)}
DIRECTION = {"keyword_weight": "hi", "neighbour_similarity": "en", "bridge_weight": "en",
             "romanised_keyword_weight": "rom"}
# What the weights were fitted to before score fusion (rank fusion, k = 60).
RRF_BASELINE = {"fusion": "rrf", "keyword_weight": 1.0, "bridge_weight": 0.2, "romanised_keyword_weight": 5.0,
                "bridge_neighbours": False}


def main() -> int:
    from rag.config import Settings
    from rag.index import Index
    from rag.ingest import Ingestor
    from rag.retrieve import Retriever

    paragraphs, questions = X.load_xquad()
    titles = sorted({q["key"].split("#")[0] for q in questions})
    half = {t: i % 2 for i, t in enumerate(titles)}
    fit = [q for q in questions if half[q["key"].split("#")[0]] == 0]
    held = [q for q in questions if half[q["key"].split("#")[0]] == 1]
    with tempfile.TemporaryDirectory(prefix="fit-bridge-") as tmp:
        corpus = Path(tmp) / "corpus"
        corpus.mkdir()
        path_to_key = {}
        for p in paragraphs:
            f = corpus / X.file_name(p["title"], p["n"])
            f.write_text(p["text"] + "\n", encoding="utf-8")
            path_to_key[str(f.resolve())] = p["key"]
        index = Index(Settings.load(overrides={"data_dir": Path(tmp) / "data"}))
        Ingestor(index).run([corpus], prune=False)
        retriever = Retriever(index)

        def measure(qs: list[dict], field: str, update: dict) -> tuple[float, float, float]:
            """Hybrid hit@1, hit@5, MRR@10 of ``qs`` asked in ``field``'s script."""
            retriever.settings = index.settings.model_copy(update=update)
            h1 = h5 = mrr = 0.0
            for q in qs:
                ranked = X.ranked_paragraphs(retriever.search(q[field], top_k=10, mode="hybrid"), path_to_key)
                _, m = X.score(ranked, q["key"])
                h1, h5, mrr = h1 + m["hit@1"], h5 + m["hit@5"], mrr + m["mrr@10"]
            return round(h1 / len(qs), 3), round(h5 / len(qs), 3), round(mrr / len(qs), 4)

        print(f"fit: {len(fit)} questions of {len(titles[::2])} articles; held out: {len(held)}")
        chosen: dict = {"fusion": "scores"}
        for name, grid in GRID.items():
            field = DIRECTION[name]
            scores = {w: measure(fit, field, {**chosen, name: w}) for w in grid}
            for w, s in scores.items():
                print(f"  {name}={w}: fit {field}→hi hybrid hit@1 {s[0]:.3f} hit@5 {s[1]:.3f} MRR@10 {s[2]:.4f}")
            chosen[name] = max(grid, key=lambda w: scores[w])  # the first of equals: the grid's order
            print(f"{name}: chosen {chosen[name]} on the fit half (default {getattr(index.settings, name)})")
        print("\nhybrid hit@1 / hit@5 / MRR@10 with the chosen weights, the defaults and the old rank fusion:")
        for field in ("hi", "en", "rom"):
            for label, update in (("chosen", chosen), ("defaults", {}), ("rank fusion", RRF_BASELINE)):
                print(f"  {field}→hi {label:11} fit {measure(fit, field, update)}"
                      f"  held out {measure(held, field, update)}  all {measure(questions, field, update)}")
        print("chosen:", chosen)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
