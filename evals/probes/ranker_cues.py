"""Probe: two Hindi syntax cues for the answer-sentence ranker (seventh session).

- ``wh_case``: the question word carries a postposition ("किसने" → ने, "किसको"
  → को) and the sentence has that postposition right after a word that is not
  the question's (the answer carries the case the question word carries:
  "पाक योंग इल ने वार्ता का नेतृत्व किया"); 0.5 when the question word carries none.
- ``wh_ctx``: the share of the question's two content words on each side of its
  question word that the sentence has ("पुष्टि किसने की": the sentence that
  answers confirms, "पुष्टि की").

Each is added to the shipped ranker's features and fitted as
``fit_ranker.py`` does, both split directions, reported as top-1 (the best
sentence holds the gold answer) on the held-out XQuAD articles by question
language, and on the seeds (answerable, own articles).

    .venv/bin/python evals/probes/ranker_cues.py     # after evals/fit/collect.py

Measured 2026-12-01 (top-1, even->odd | odd->even, Hindi / English / seeds):
shipped 0.817/0.743/0.667 | 0.768/0.729/0.667; + wh_case 0.817/0.743/0.692 |
0.774/0.729/0.667; + wh_ctx 0.822/0.743/0.667 | 0.763/0.729/0.641. Within a
question or two either way: not kept.
"""

from __future__ import annotations

import re
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(REPO))

from evals.fit.fit_ranker import L2, USED, apply, by_question, fit, load, split_groups, top_k_hits  # noqa: E402
from rag.answer.span.words import TRIM, WH, _sides, wh_postposition  # noqa: E402
from rag.text import keyword_tokens  # noqa: E402

_WORD = re.compile(r"[^\s,;:।.!?\"'“”‘’()]+")


def wh_case(question: str, text: str) -> float:
    post = wh_postposition(question)
    if not post:
        return 0.5
    q = set(keyword_tokens(question))
    ws = _WORD.findall(text)
    return float(any(ws[k] == post and ws[k - 1] not in TRIM and not set(keyword_tokens(ws[k - 1])) & q
                     for k in range(1, len(ws))))


def wh_ctx(question: str, text: str, n: int = 2) -> float:
    sides = _sides(question)
    if not sides:
        return 0.5
    before = [w for w in sides[0] if keyword_tokens(w)][-n:]
    after = [w for w in sides[1] if keyword_tokens(w) and not WH.match(w)][:n]
    ctx = {t for w in before + after for t in keyword_tokens(w)}
    return len(ctx & set(keyword_tokens(text))) / len(ctx) if ctx else 0.5


def main() -> None:
    rows = [r for name in ("xquad-hi", "xquad-en-hi") for r in load(name) if r["kind"] == "own"]
    seeds = [r for r in load("seeds") if r["kind"] == "own" and r["answerable"]]
    for r in rows + seeds:
        r["features"]["wh_case"] = wh_case(r["question"], r["text"])
        r["features"]["wh_ctx"] = wh_ctx(r["question"], r["text"])
    even, odd = split_groups(rows)
    for names in (USED, (*USED, "wh_case"), (*USED, "wh_ctx")):
        line = []
        for fit_g, held_g in ((even, odd), (odd, even)):
            w = fit([r for r in rows if r["group"] in fit_g], L2, names)
            top1 = [top_k_hits(by_question(part), apply(w, part), (1,))["top1"] for part in (
                [r for r in rows if r["group"] in held_g and r["lang"] == "hi"],
                [r for r in rows if r["group"] in held_g and r["lang"] == "en"], seeds)]
            line.append("/".join(f"{x:.3f}" for x in top1))
        print(f"{'+'.join(names[len(USED):]) or 'shipped':8s} even->odd {line[0]}  odd->even {line[1]}")


if __name__ == "__main__":
    main()
