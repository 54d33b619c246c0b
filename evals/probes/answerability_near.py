"""Probe: near misses as unanswerable training examples for answerability (issue #10).

``collect.py`` asks each XQuAD question a third time over all articles less
the passages of the paragraph that answers it ("near": the topic there, the
detail asked for missing, as in a news question about something the article
does not say). Here the answerability model is fitted as
``fit_answerability.py`` fits it, with and without those examples, both split
directions (the usual one, and fit and held-out parts swapped), and the
shipped model is replayed on the same held-out questions; printed:
hallucination / false refusal at the default threshold per held-out set.

    .venv/bin/python evals/probes/answerability_near.py     # after collect.py xquad-hi xquad-en-hi

Measured 2026-12-02 (729 near-miss questions; hallucination/false refusal
held out): the shipped model answers 0.108 of the held-out Hindi and 0.266
of the English near misses (its "swapped" rows are its own fit part, not
held out). Refitted with them:
near misses 0.067/0.182 (0.298/0.430 swapped), but NoMIRACL's false refusal
rises 0.167 -> 0.200 (0.200 -> 0.267 swapped, refitted without them) with
its hallucination unchanged (0.609, 0.565): not kept; they are reported.

Measured again 2026-12-02 (eleventh session, 727 near misses, rows collected
at that code), the near misses for the cross-script model only (English
questions; NoMIRACL untouched): English near misses answered 0.147 against
0.314 shipped on the usual halves, but 0.485 against 0.316 on the swapped
ones, where XQuAD en→hi's other-article hallucination rose 0.198 → 0.299:
no gain that holds both ways; not kept.
"""

from __future__ import annotations

import sys
from pathlib import Path

import numpy as np

REPO = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(REPO))

import evals.fit.fit_answerability as FA  # noqa: E402
from rag.answer.answerability import WEIGHTS, probability  # noqa: E402


def shipped(ex: list[dict], swap: bool) -> dict:
    part = "fit" if swap else "held"
    out = {}
    for name in FA.SETS:
        rows = [e for e in ex if e["part"] == part and e["set"] == name]
        if not rows:
            continue
        p = np.array([probability(e["x"], WEIGHTS) for e in rows])
        h, r = FA.rates(rows, p, 0.5)
        out[name] = {"hallucination": round(h, 3), "false_refusal": round(r, 3)}
    return out


def show(label: str, at: dict) -> None:
    cells = []
    for k, v in at.items():
        h, r = v["hallucination"], v["false_refusal"]
        cells.append(f"{k}: " + "/".join("-" if x != x else f"{x:.3f}" for x in (h, r)))
    print(f"{label:26s} " + "  ".join(cells))


def main() -> None:
    ex = FA.examples()
    without = [e for e in ex if e["kind"] != "near"]
    print(f"near-miss questions: {sum(e['kind'] == 'near' for e in ex)}")
    for swap in (False, True):
        way = "swapped" if swap else "usual"
        show(f"shipped ({way})", shipped(ex, swap))
        show(f"refit without ({way})", FA.held_out_at(without, swap=swap))
        show(f"refit with near ({way})", FA.held_out_at(ex, swap=swap, fit_near=True))
        show(f"near, cross only ({way})", FA.held_out_at(ex, swap=swap, fit_near=("cross",)))


if __name__ == "__main__":
    main()
