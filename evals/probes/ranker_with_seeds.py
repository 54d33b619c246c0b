"""Probe: the sentence ranker fitted with the seed questions (news wording) too (issue #10).

The seeds' collected candidates (``evals/fit/data/seeds.jsonl``) join XQuAD's
in the listwise fit, repeated 0–8 times; the seeds are scored held out in
five folds by question, XQuAD both ways over its articles with all the seeds
in the fit. Seventeenth session: seeds top-1 29–30 of 50 at every weight
(29 shipped), XQuAD hi 0.805–0.810, en 0.755: no gain, not kept.

    .venv/bin/python evals/probes/ranker_with_seeds.py [extra features ...]
"""

from __future__ import annotations

import random
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(REPO))

from evals.fit.fit_ranker import SETS, USED, apply, by_question, fit, load, split_groups  # noqa: E402
from evals.fit.ranker_trials import top1  # noqa: E402


def main() -> None:
    xquad = [r for name in SETS for r in load(name) if r["kind"] == "own"]
    seeds = [r for r in load("seeds") if r["kind"] == "own"]
    by_seed = by_question(seeds)
    keys = sorted(by_seed)
    random.Random(0).shuffle(keys)
    feats = (*USED, *sys.argv[1:])
    for times in (0, 1, 2, 4, 8):
        held_hits: dict = {}
        for k in range(5):
            held = set(keys[k::5])
            train = xquad + [r for key in keys if key not in held for r in by_seed[key]] * times
            qs = {key: by_seed[key] for key in held}
            held_hits |= top1(qs, apply(fit(train, 0.1, feats), [r for v in qs.values() for r in v]))
        even, odd = split_groups(xquad)
        xq: dict = {}
        for fit_groups, held_groups in ((even, odd), (odd, even)):
            train = [r for r in xquad if r["group"] in fit_groups] + seeds * times
            qs = by_question([r for r in xquad if r["group"] in held_groups])
            xq |= top1(qs, apply(fit(train, 0.1, feats), [r for v in qs.values() for r in v]))
        hi = [v for key, v in xq.items() if key[0] == "xquad-hi"]
        en = [v for key, v in xq.items() if key[0] != "xquad-hi"]
        print(f"seeds x{times}: seeds held out top-1 {sum(held_hits.values())}/{len(held_hits)}, "
              f"XQuAD hi {sum(hi) / len(hi):.3f} en {sum(en) / len(en):.3f}", flush=True)


if __name__ == "__main__":
    main()
