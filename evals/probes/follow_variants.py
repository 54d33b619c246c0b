"""How often the best sentence holds the gold answer, with ``rag.answer.follow``'s
rule in variants, replayed over the sentences ``evals/fit/collect.py`` ranked
(before the rule: its rows are the ranker's order). IDF is taken over each
set's collected sentences (the product uses the index's), and an English
question's words are its own, not bridged: a proxy for the rule, not the
product's figure (``rag eval`` gives that). Split by article as the fits are.

    .venv/bin/python evals/probes/follow_variants.py
"""

from __future__ import annotations

import json
import sys
from collections import defaultdict
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(REPO))

from rag.answer import follow as F  # noqa: E402
from rag.answer.cues import analyse  # noqa: E402
from rag.answer.rank import Candidate, Idf  # noqa: E402
from rag.text import keyword_tokens  # noqa: E402

DATA = REPO / "evals" / "fit" / "data"


def questions(name: str) -> list[tuple[str, str, list[dict]]]:
    by: dict[str, list[dict]] = defaultdict(list)
    for line in (DATA / f"{name}.jsonl").open(encoding="utf-8"):
        r = json.loads(line)
        if r["kind"] == "own" and r["answerable"] and r["answers"]:
            by[r["qid"]].append(r)
    return [(rows[0]["question"], rows[0]["group"], sorted(rows, key=lambda r: r["rank"])) for rows in by.values()]


def replay(question: str, rows: list[dict], idf: Idf, look: int, margin: float) -> bool:
    cands = [Candidate(r["passage"], r["start"], r["start"] + len(r["text"]), r["text"],
                       tokens=keyword_tokens(r["text"]), heading=bool(r["features"].get("headline")) and False)
             for r in rows]
    label = {id(c): r["label"] for c, r in zip(cands, rows, strict=True)}
    order = sorted(cands, key=lambda c: (c.passage, c.start))

    def after(c: Candidate) -> Candidate | None:
        i = order.index(c)
        return order[i + 1] if i + 1 < len(order) and order[i + 1].passage == c.passage else None

    F.LOOK, F.MARGIN = look, margin
    ranked = F.follow(analyse(question), cands, idf, after)
    return label[id(ranked[0])]


def main() -> None:
    variants = [(0, 0.0), (1, 0.0), (3, 0.0), (3, 0.05), (3, 0.15), (5, 0.0)]
    for name in ("seeds", "xquad-hi", "xquad-en-hi", "xquad-en"):
        qs = questions(name)
        idf = Idf.from_token_lists([keyword_tokens(r["text"]) for _, _, rows in qs for r in rows])
        groups = sorted({g for _, g, _ in qs})
        halves = {g: i % 2 for i, g in enumerate(groups)}
        line = []
        for look, margin in variants:
            hits = [0, 0]
            for q, g, rows in qs:
                hits[halves[g]] += replay(q, rows, idf, look, margin)
            n = [sum(halves[g] == h for _, g, _ in qs) for h in (0, 1)]
            line.append(f"look {look} margin {margin:.2f}: {hits[0] / max(n[0], 1):.3f}/{hits[1] / max(n[1], 1):.3f}")
        print(f"{name:12s} n={len(qs)}  " + "  ".join(line))


if __name__ == "__main__":
    main()
