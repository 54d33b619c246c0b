"""Probe: the answer-sentence ranker fitted with English questions over English paragraphs too.

The ranker (``rag/answer/ranker.json``) was fitted on XQuAD's Hindi
paragraphs only (Hindi questions and the parallel English ones); an English
question over English articles (en→en) had never been in its data. Here
``collect.py``'s ``xquad-en`` rows (XQuAD-en dev over its English paragraphs)
join the fit, both ways by article (even → odd and odd → even, the articles
numbered as in ``fit_ranker.py``), against the shipped sets refitted on the
same halves; top-1 (the best sentence holds the gold answer) held out for
hi→hi, en→hi and en→en questions, with the questions won and lost.

    .venv/bin/python evals/fit/collect.py xquad-en && .venv/bin/python evals/probes/ranker_english_sentences.py

Measured 2026-12-02 (twelfth session), top-1 both ways, 379 questions each:
shipped sets hi→hi 0.797, en→hi 0.757, en→en 0.842; with en→en in the fit
0.805, 0.749, 0.844. Within noise and trading one direction for another:
not kept. The ranker fitted on Hindi paragraphs already ranks English ones
well (en→en's quote holds the gold for 0.83 end to end).
"""

from __future__ import annotations

import sys
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(REPO))

from evals.fit.fit_ranker import L2, USED, apply, by_question, fit, load, split_groups  # noqa: E402
from evals.fit.ranker_trials import top1  # noqa: E402


def article(r: dict) -> str:
    return r["group"][:3]  # "009-Sky__United_Kingdom.txt": XQuAD's languages share the articles' order


def main() -> None:
    shipped = [r for s in ("xquad-hi", "xquad-en-hi") for r in load(s) if r["kind"] == "own"]
    english = [r for r in load("xquad-en") if r["kind"] == "own"]
    halves = split_groups([dict(r, group=article(r)) for r in shipped])
    for variant, extra in (("shipped sets", []), ("+ en→en", english)):
        for part_name, held_part in (("hi→hi", [r for r in shipped if r["set"] == "xquad-hi"]),
                                     ("en→hi", [r for r in shipped if r["set"] == "xquad-en-hi"]),
                                     ("en→en", english)):
            hits = n = 0
            for fit_g, held_g in (halves, halves[::-1]):
                w = fit([r for r in shipped + extra if article(r) in fit_g], L2, USED)
                qs = by_question([r for r in held_part if article(r) in held_g])
                res = top1(qs, apply(w, [r for v in qs.values() for r in v]))
                hits, n = hits + sum(res.values()), n + len(res)
            print(f"{variant:13s} {part_name}: top1 {hits / n:.3f} of {n}")


if __name__ == "__main__":
    main()
