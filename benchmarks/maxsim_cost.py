"""What MaxSim (the answer ranker's token matching, rag/answer/rank.py) costs:
the answer's evidence step (split the passages, embed every sentence, rank)
timed with and without token states, interleaved question by question so
both see the same load. Without them the ranker's ``maxsim`` falls back to
the cosine, which is what the step cost before (issue #10).

    RAG_EMBED_THREADS=2 .venv/bin/python benchmarks/maxsim_cost.py [--n 60]

XQuAD-hi dev questions (every sixth), each over its 4 retrieved passages.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

from rag.answer.context import gather  # noqa: E402
from rag.answer.rank import Idf  # noqa: E402
from rag.config import Settings  # noqa: E402
from rag.evaluate.runner import Runner, RunOptions  # noqa: E402
from rag.evaluate.sets import load_set  # noqa: E402
from rag.retrieve import Retriever  # noqa: E402

XQUAD = REPO.parent / "shared" / "data" / "xquad" / "xquad-hi-dev.json"


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--n", type=int, default=60)
    n = ap.parse_args().n
    settings = Settings.load()
    evalset = load_set(path=XQUAD)
    runner = Runner(settings, evalset, RunOptions(retrieval_only=True, progress=False))
    index = runner.build_index()
    idf, retriever, emb = Idf.from_store(index.store), Retriever(index), index.embedder
    with_tokens = emb.embed_passages_with_tokens

    def without_tokens(texts: list[str]) -> tuple:
        return emb.embed_passages(texts), []

    times: dict[str, list[float]] = {"without token states": [], "with token states (MaxSim)": []}
    for k, q in enumerate([q.question for q in evalset.questions[::6]][:n]):
        results = retriever.search(q, top_k=settings.context_passages)
        dense_q = retriever.dense_query(q, results)
        terms = index.keyword.expand(q)
        names = list(times) if k % 2 else list(times)[::-1]
        for name in names:
            emb.embed_passages_with_tokens = with_tokens if "MaxSim" in name else without_tokens  # type: ignore[method-assign]
            t = time.perf_counter()
            gather(dense_q, results, emb, idf, terms)
            times[name].append(time.perf_counter() - t)
    for name, v in times.items():
        print(f"{name:28s} p50 {statistics.median(v) * 1000:5.0f} ms   mean {statistics.mean(v) * 1000:5.0f} ms   "
              f"({len(v)} questions)")


if __name__ == "__main__":
    main()
