"""Probe: more evidence features for the answerability fit (seventh session).

Adds, one at a time, features of the ranked sentences to
``rag.answer.answerability.FEATURES`` and runs ``fit_answerability.py``'s own
fit and threshold rule in memory (nothing is written), in both split
directions: the usual one (even XQuAD articles and alternate NoMIRACL/seed
questions fit, the rest held out) and swapped. Prints hallucination / false
refusal at the default threshold on each held-out set.

    .venv/bin/python evals/probes/answerability_features.py     # after evals/fit/collect.py

Measured 2026-12-01 (NoMIRACL-hi held out, hallucination/false refusal):
base 0.652/0.100 (swapped 0.565/0.233); + the best sentence's MaxSim
0.609/0.100 (0.435/0.267); + the best span's score 0.391/0.200
(0.391/0.333); + both 0.435/0.200 (0.348/0.367). Each moves hallucination
and false refusal together, along the same curve, and XQuAD's refusals rise
with them (xquad-hi 0.104 -> 0.144-0.153): no feature separates NoMIRACL's
unanswerable questions better. Not kept.
"""

from __future__ import annotations

import sys
from pathlib import Path

import numpy as np

REPO = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(REPO))

import evals.fit.fit_answerability as FA  # noqa: E402
from rag.answer.answerability import FEATURES, features  # noqa: E402


def extended(ranked: list[tuple[dict, float]]) -> dict[str, float]:
    f = features(ranked)
    f0 = ranked[0][0]
    sims = sorted(x["maxsim"] for x, _ in ranked)
    f["maxsim"] = f0["maxsim"]
    f["span"] = f0["span"]
    f["span_top"] = max(x["span"] for x, _ in ranked[:3])
    f["maxsim_gap"] = f0["maxsim"] - sims[-2] if len(sims) > 1 else 0.0
    f["mean_top3"] = float(np.mean([s for _, s in ranked[:3]]))
    return f


def main() -> None:
    ex = FA.examples(extended)
    for extra in [(), ("maxsim",), ("span",), ("span_top",), ("maxsim", "span"), ("mean_top3",), ("maxsim_gap",)]:
        for swap in (False, True):
            at = FA.held_out_at(ex, FEATURES + extra, swap)
            print(f"{'+'.join(extra) or 'base':14s} {'swapped' if swap else 'usual  '} "
                  + " ".join(f"{k}: {v['hallucination']:.3f}/{v['false_refusal']:.3f}" for k, v in at.items()))


if __name__ == "__main__":
    main()
