"""Probe: "which X" questions typed as "other", not "person" (issue #10).

``cues.analyse`` types every question with कौन (and English "who" anywhere)
as asking for a person, so "कौन सी नदी", "कौन-से यौगिक", "which group" and
"In what episode did Doctor Who …" look for a name, and a sentence without a
person cue (ने, a title, two capitalised words) scores type_cue 0 in the
ranker and in answerability, whose refusals of right answers gather there.
The span step already reads them as "other" (``span.features.span_type``).
Here the ranker's ``type_cue``/``typed`` are recomputed on the collected rows
with that typing (and English typed by the question's first question word),
and the ranker is fitted both ways over the XQuAD articles, against the same
features with today's typing refitted on the same half; then answerability is
refitted with each and reported on its held-out part.

    .venv/bin/python evals/probes/answer_type_which.py      # after evals/fit/collect.py

Measured 2026-12-02 (36 of 758 XQuAD questions retyped): the ranker refitted
both ways, top-1 Hindi 0.797 -> 0.797 (+0/-0), English 0.731 -> 0.734
(+1/-0): no refit needed. The shipped ranker and answerability on the
retyped rows: XQuAD-hi refused 0.108 -> 0.106, quote holds the gold 0.731 ->
0.739; en->hi 0.119 -> 0.116, 0.702 -> 0.704; NoMIRACL hallucination 0.478
and false refusal 0.167 unchanged; seeds unchanged. Kept (``cues.typed``).
"""

from __future__ import annotations

import copy
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(REPO))

from evals.fit.fit_ranker import L2, USED, apply, by_question, fit, load, split_groups  # noqa: E402
from evals.fit.ranker_trials import top1  # noqa: E402
from rag.answer.cues import type_cue  # noqa: E402
from rag.answer.cues import typed as new_type  # noqa: E402


def retype(rows: list[dict]) -> int:
    changed = 0
    for r in rows:
        kind = new_type(r["question"])
        changed += kind != r["type"]
        f = r["features"]
        f["type_cue"] = type_cue(kind, r["text"]) if kind != "other" else 0.0
        f["typed"] = float(kind != "other")
    return changed


def main() -> None:
    sets = ("xquad-hi", "xquad-en-hi")
    old = [r for s in sets for r in load(s) if r["kind"] == "own"]
    new = copy.deepcopy(old)
    changed = retype(new)
    qs_changed = {(r["set"], r["qid"]) for r in new if new_type(r["question"]) != r["type"]}
    print(f"sentences retyped {changed}, questions {len(qs_changed)}")
    halves = split_groups(old)
    for lang in ("hi", "en"):
        hits_o = hits_n = wins = losses = n = 0
        for fit_g, held_g in (halves, halves[::-1]):
            res = []
            for rows in (old, new):
                w = fit([r for r in rows if r["group"] in fit_g], L2, USED)
                qs = by_question([r for r in rows if r["group"] in held_g and r["lang"] == lang])
                res.append(top1(qs, apply(w, [r for v in qs.values() for r in v])))
            o, nw = res
            hits_o, hits_n, n = hits_o + sum(o.values()), hits_n + sum(nw.values()), n + len(o)
            wins += sum(nw[k] and not o[k] for k in o)
            losses += sum(o[k] and not nw[k] for k in o)
        print(f"{lang}: top1 {hits_o / n:.3f} -> {hits_n / n:.3f} (+{wins}/-{losses}) of {n}")


def replay() -> None:
    """The shipped ranker and answerability on the rows as typed today and retyped:
    refusals of answerable questions (and right answers), hallucination on the rest."""
    import json

    from rag.answer.answerability import features, probability
    from rag.answer.rank import WEIGHTS as RANKER

    ranker = json.loads(RANKER.read_text(encoding="utf-8"))
    for name in ("xquad-hi", "xquad-en-hi", "nomiracl-hi", "seeds"):
        rows = load(name)
        if name.startswith("xquad"):
            rows = [r for r in rows if r["kind"] == "own"]
        out = []
        for variant in ("today", "retyped"):
            rs = copy.deepcopy(rows)
            if variant == "retyped":
                retype(rs)
            refused = right = halluc = pos = neg = 0
            for qrows in by_question(rs).values():
                s = apply(ranker, qrows)
                ranked = sorted(qrows, key=lambda r: -s[id(r)])
                p = probability(features([(r["features"], s[id(r)]) for r in ranked]))
                if ranked[0]["answerable"]:
                    pos += 1
                    refused += p < 0.5
                    right += p >= 0.5 and ranked[0]["label"]
                else:
                    neg += 1
                    halluc += p >= 0.5
            out.append(f"{variant}: refused {refused / max(pos, 1):.3f} quote {right / max(pos, 1):.3f}"
                       + (f" hallucination {halluc / neg:.3f}" if neg else ""))
        print(f"{name:12s} " + " | ".join(out))


if __name__ == "__main__":
    main()
    replay()
