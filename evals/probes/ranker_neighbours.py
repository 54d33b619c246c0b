"""Probe: when the ranker's best sentence misses the gold, does a neighbour hold it?

For every answerable question of the collected candidates (``evals/fit/data``,
own article), counts the questions whose best sentence holds the gold, and of
the others those whose sentence before or after it (same passage) does, or
the second-ranked one, or any candidate.

    .venv/bin/python evals/probes/ranker_neighbours.py [SET ...]   # default: xquad-hi xquad-en-hi xquad-en seeds
"""

from __future__ import annotations

import collections
import json
import sys
from pathlib import Path

DATA = Path(__file__).resolve().parents[1] / "fit" / "data"


def main() -> None:
    for name in sys.argv[1:] or ["xquad-hi", "xquad-en-hi", "xquad-en", "seeds"]:
        qs: dict[str, list[dict]] = collections.defaultdict(list)
        for line in (DATA / f"{name}.jsonl").read_text(encoding="utf-8").splitlines():
            r = json.loads(line)
            if r["kind"] == "own" and r["answerable"]:
                qs[r["qid"]].append(r)
        c: collections.Counter[str] = collections.Counter()
        for rows in qs.values():
            top = min(rows, key=lambda r: r["rank"])
            c["questions"] += 1
            if top["label"]:
                c["best holds gold"] += 1
                continue
            same = sorted((r for r in rows if r["passage"] == top["passage"]), key=lambda r: r["start"])
            i = [r["rank"] for r in same].index(top["rank"])
            before = same[i - 1]["label"] if i else False
            after = same[i + 1]["label"] if i + 1 < len(same) else False
            c["missed: before holds it"] += before
            c["missed: after holds it"] += after
            c["missed: second holds it"] += any(r["rank"] == 1 and r["label"] for r in rows)
            c["missed: some candidate holds it"] += any(r["label"] for r in rows)
        print(name, dict(c))


if __name__ == "__main__":
    main()
