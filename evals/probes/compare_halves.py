"""Compare two runs of one XQuAD set question by question, on each half of its articles.

A rule chosen by looking at dev answers should help on both halves of the
articles (sorted by file name, even and odd positions: the split the fit
scripts use), not only where it was looked at. Prints, per half, a metric's
mean before and after and how many questions it raised and lowered.

    .venv/bin/python evals/probes/compare_halves.py BEFORE/questions.jsonl AFTER/questions.jsonl [METRIC]

METRIC is a per-question score of ``questions.jsonl`` (default ``short_f1``).
"""

from __future__ import annotations

import json
import sys
from pathlib import Path


def _load(path: str) -> dict[str, dict]:
    return {r["id"]: r for r in map(json.loads, Path(path).read_text(encoding="utf-8").splitlines())}


def halves(before: dict[str, dict], after: dict[str, dict], metric: str) -> list[dict]:
    """Per half of the articles: questions, mean before and after, questions raised and lowered."""
    docs = sorted({(r["docs"] or [""])[0] for r in before.values()})
    half = {d: i % 2 for i, d in enumerate(docs)}
    out = []
    for h in (0, 1):
        ids = [i for i, r in before.items() if r["answerable"] and i in after and half[(r["docs"] or [""])[0]] == h]
        a = [before[i]["scores"].get(metric) or 0.0 for i in ids]
        b = [after[i]["scores"].get(metric) or 0.0 for i in ids]
        out.append({"half": "even" if h == 0 else "odd", "questions": len(ids),
                    "before": round(sum(a) / max(len(ids), 1), 3), "after": round(sum(b) / max(len(ids), 1), 3),
                    "raised": sum(y > x + 1e-9 for x, y in zip(a, b, strict=True)),
                    "lowered": sum(y < x - 1e-9 for x, y in zip(a, b, strict=True))})
    return out


def main() -> None:
    if len(sys.argv) < 3:
        sys.exit(__doc__)
    metric = sys.argv[3] if len(sys.argv) > 3 else "short_f1"
    for row in halves(_load(sys.argv[1]), _load(sys.argv[2]), metric):
        print(f"{row['half']:4s} articles: {row['questions']} questions, {metric} {row['before']:.3f} -> "
              f"{row['after']:.3f}, raised {row['raised']}, lowered {row['lowered']}")


if __name__ == "__main__":
    main()
