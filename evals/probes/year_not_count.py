"""Probe: a year is no count (issue #10, twelfth session).

A "how many" question ("द ग्रिंजर मार्केट के उद्घाटन के जश्न में कितने मेहमान
शामिल हुए?") took the sentence "द ग्रिंजर मार्केट, 1835 में खोला गया था" as
showing a number: the ranker's ``type_cue`` and answerability's "gives no
number" rule counted any digit, a year too. ``cues.without_years`` blanks the
numbers that read as years (a postposition or punctuation after them, a date
word before) for both. Here both are replayed on the collected rows
(``evals/fit/collect.py``), today's behaviour by making ``without_years`` the
identity: the ranker refitted both ways over the XQuAD articles (top-1 of
number questions and of all), then the shipped ranker and answerability
(``judge``, with its rules) on every set.

    .venv/bin/python evals/probes/year_not_count.py      # after evals/fit/collect.py
"""

from __future__ import annotations

import copy
import json
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(REPO))

from evals.fit.fit_ranker import L2, USED, apply, by_question, fit, load, split_groups  # noqa: E402
from evals.fit.ranker_trials import top1  # noqa: E402
from rag.answer import cues  # noqa: E402
from rag.answer.answerability import judge  # noqa: E402
from rag.answer.rank import WEIGHTS as RANKER  # noqa: E402

REAL = cues.without_years


def recue(rows: list[dict], new: bool) -> None:
    """Recompute the number questions' type cue, with years blanked (``new``) or not."""
    cues.without_years = REAL if new else (lambda t: t)
    for r in rows:
        if r["type"] == "number":
            r["features"]["type_cue"] = cues.type_cue("number", r["text"])


def refit() -> None:
    base = [r for s in ("xquad-hi", "xquad-en-hi") for r in load(s) if r["kind"] == "own"]
    variants = {}
    for new in (False, True):
        rows = copy.deepcopy(base)
        recue(rows, new)
        variants[new] = rows
    halves = split_groups(base)
    for lang in ("hi", "en"):
        for only_number in (True, False):
            hits = {False: 0, True: 0}
            wins = losses = n = 0
            for fit_g, held_g in (halves, halves[::-1]):
                res = {}
                for new, rows in variants.items():
                    w = fit([r for r in rows if r["group"] in fit_g], L2, USED)
                    qs = by_question([r for r in rows if r["group"] in held_g and r["lang"] == lang
                                      and (r["type"] == "number" or not only_number)])
                    res[new] = top1(qs, apply(w, [r for v in qs.values() for r in v]))
                    hits[new] += sum(res[new].values())
                n += len(res[False])
                wins += sum(res[True][k] and not res[False][k] for k in res[False])
                losses += sum(res[False][k] and not res[True][k] for k in res[False])
            label = "number questions" if only_number else "all questions"
            print(f"refit both ways, {lang} {label}: top1 {hits[False] / n:.3f} -> {hits[True] / n:.3f} "
                  f"(+{wins}/-{losses}) of {n}")


def replay() -> None:
    """The shipped ranker and answerability: refusals and right quotes of
    answerable questions, hallucination on the others."""
    ranker = json.loads(RANKER.read_text(encoding="utf-8"))
    for name in ("xquad-hi", "xquad-en-hi", "nomiracl-hi", "seeds"):
        rows = load(name)
        if name.startswith("xquad"):
            rows = [r for r in rows if r["kind"] in ("own", "other")]
        out = []
        for new in (False, True):
            rs = copy.deepcopy(rows)
            recue(rs, new)  # also sets what judge's gives_number sees
            refused = right = halluc = pos = neg = 0
            for qrows in by_question(rs).values():
                s = apply(ranker, qrows)
                ranked = sorted(qrows, key=lambda r: -s[id(r)])
                top = ranked[0]
                v = judge([(r["features"], s[id(r)]) for r in ranked], 0.5, cues.analyse(top["question"]),
                          top["text"])
                if top["answerable"]:
                    pos += 1
                    refused += not v.answerable
                    right += v.answerable and top["label"]
                else:
                    neg += 1
                    halluc += v.answerable
            out.append(f"{'years blanked' if new else 'today'}: refused {refused / max(pos, 1):.3f} "
                       f"quote {right / max(pos, 1):.3f}" + (f" hallucination {halluc / neg:.3f}" if neg else ""))
        print(f"{name:12s} " + " | ".join(out))
    cues.without_years = REAL


if __name__ == "__main__":
    refit()
    replay()
