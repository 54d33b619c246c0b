"""Probe: how the evidence is spread, as answerability features (issue #10, twentieth session).

Query-performance prediction judges a search by the shape of its scores, not
only the best one: an answerable question has one sentence (one passage) that
stands out; a question the articles do not answer, asked about a topic they
cover, has several passages about equally close and none that stands out.
Candidates, from the ranked sentences alone (a passage is told by its
``passage_rank`` feature):

- ``passage_margin``: the best sentence's ranker score less the best score of
  a sentence of another passage;
- ``cos_margin``: the same for the dense cosine, passage against passage
  (now ``rag.answer.answerability.features``'s own, so not computed here);
- ``spread``: the best score less the mean of the next four (NQC-like);
- ``agree``: how many of the best-by-cosine, best-by-MaxSim and
  best-by-coverage sentences are the ranker's best (0 to 1);
- ``close``: the share of the other sentences scoring within 0.1 of the best.

Each added to ``rag.answer.answerability.FEATURES`` and fitted by
``fit_answerability.py``'s own fit and threshold rule, in memory, in both
split directions; held-out hallucination / false refusal at the default
threshold per set.

    .venv/bin/python evals/probes/answerability_spread.py     # after evals/fit/collect.py

Measured 2026-12-03 (twentieth session; candidates re-collected on this VM;
"base" is today's 11 features), held out, hallucination / false refusal:

| added | split | NoMIRACL | seeds | XQuAD hi | XQuAD en→hi |
|---|---|---|---|---|---|
| (base) | usual | 0.565 / 0.300 | 0.833 / 0.105 | 0.074 / 0.153 | 0.074 / 0.188 |
| (base) | swapped | 0.391 / 0.233 | 0.400 / 0.100 | 0.175 / 0.079 | 0.237 / 0.028 |
| cos_margin | usual | 0.565 / **0.167** | 1.000 / 0.053 | 0.079 / **0.094** | 0.079 / 0.193 |
| cos_margin | swapped | 0.391 / 0.233 | 0.400 / 0.050 | 0.181 / **0.056** | 0.277 / 0.023 |
| passage_margin | usual | 0.609 / 0.300 | 0.833 / 0.105 | 0.074 / 0.144 | 0.079 / 0.208 |
| spread | swapped | 0.478 / 0.200 | 0.400 / 0.050 | 0.181 / 0.062 | 0.237 / 0.028 |
| agree | swapped | 0.348 / 0.233 | 0.400 / 0.100 | 0.181 / 0.062 | 0.446 / 0.006 |
| close | swapped | 0.304 / 0.300 | 0.200 / 0.150 | 0.113 / 0.124 | 0.237 / 0.028 |
| all five | usual | 0.565 / 0.167 | 1.000 / 0.105 | 0.054 / 0.114 | 0.064 / 0.203 |

Only ``cos_margin`` lowers false refusals on both splits without raising
NoMIRACL's hallucination; it is kept in the same-script model
(``rag.answer.answerability``). Across scripts it raised en→hi's refusals in
the full run (0.092 → 0.148), so the cross-script model does without it.
"""

from __future__ import annotations

import sys
from pathlib import Path

import numpy as np

REPO = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(REPO))

import evals.fit.fit_answerability as FA  # noqa: E402
from rag.answer.answerability import FEATURES, features  # noqa: E402

BASE = tuple(f for f in FEATURES if f != "cos_margin")  # the features before this probe


def extended(ranked: list[tuple[dict, float]]) -> dict[str, float]:
    f = features(ranked)
    if not ranked:
        return f | dict.fromkeys(("passage_margin", "spread", "agree", "close"), 0.0)
    f0, s0 = ranked[0]
    here = f0["passage_rank"]
    others = [(x, s) for x, s in ranked if x["passage_rank"] != here]
    f["passage_margin"] = s0 - max((s for _, s in others), default=0.0)
    f["spread"] = s0 - float(np.mean([s for _, s in ranked[1:5]])) if len(ranked) > 1 else s0
    f["agree"] = sum(1 for k in ("cos", "maxsim", "idf_cov")
                     if id(max(ranked, key=lambda r, k=k: r[0][k])[0]) == id(f0)) / 3
    f["close"] = sum(1 for _, s in ranked[1:] if s >= s0 - 0.1) / max(len(ranked) - 1, 1)
    return f


def main() -> None:
    ex = FA.examples(extended)
    trials = [(), ("passage_margin",), ("cos_margin",), ("spread",), ("agree",), ("close",),
              ("passage_margin", "cos_margin", "spread", "agree", "close")]
    for extra in trials:
        for swap in (False, True):
            at = FA.held_out_at(ex, BASE + extra, swap)
            print(f"{'+'.join(extra)[:40] or 'base':40s} {'swapped' if swap else 'usual  '} "
                  + " ".join(f"{k}: {v['hallucination']:.3f}/{v['false_refusal']:.3f}" for k, v in at.items()),
                  flush=True)


if __name__ == "__main__":
    main()
