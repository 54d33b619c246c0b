"""Probe: the anaphora of news sentences as an answer-ranker cue (eighth session).

A sentence that refers back ("दक्षिण कोरिया की सेना ने इस घटना की पुष्टि की",
"इस दौरान …", "उन्होंने कहा …") holds answers whose question words are in the
sentence before it. Variants, each fitted as ``fit_ranker.py`` does (both
split directions) and compared with the shipped features question by
question on the held-out part:

- ``flag``: a demonstrative or pronoun among the sentence's first three words;
- ``cov``: that flag gating the previous sentence's coverage gain into ``idf_cov``;
- ``covcos``: and its cosine gain into ``cos``;
- the same with the demonstrative anywhere in the sentence.

    .venv/bin/python evals/probes/ranker_anaphora.py     # after evals/fit/collect.py

Measured 2026-12-02 (questions gained / lost on held-out articles, both splits
added; seeds: answerable seed questions under both fits):

| variant | Hindi | English | seeds |
|---|---|---|---|
| start, flag | 2 / 1 | 11 / 4 | 1 / 0 |
| start, cov | 4 / 2 | 3 / 0 | 0 / 0 |
| start, covcos | 6 / 4 | 6 / 4 | 1 / 0 |
| anywhere, flag | 2 / 0 | 4 / 3 | 0 / 1 |
| anywhere, cov | 0 / 2 | 0 / 0 | 1 / 0 |
| anywhere, covcos | 4 / 4 | 7 / 6 | 4 / 1 |

The best, 11 / 4 English questions, has a two-sided sign-test p of 0.12 and
the others are closer still: not kept.
"""

from __future__ import annotations

import re
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(REPO))

from evals.fit.fit_ranker import L2, USED, apply, by_question, fit, load, split_groups  # noqa: E402

DEM = (r"(उन्होंने|उसने|उन्हें|उसे|उनके|उसके|उनकी|उसकी|उनका|उसका|वह|वे|यह|ये|इसके|इसकी|इसका|इसमें|इसे|इन्होंने|इस|"
       r"इसी|उस|उसी|इन|इन्हीं|उन|उन्हीं|he|she|it|they|his|her|its|their|this|these|those)")
START = re.compile(r"^(?:\S+\s+){0,2}?" + DEM + r"(?=[\s,])", re.I)
ANYWHERE = re.compile(r"(?:^|\s)" + DEM + r"(?=[\s,])", re.I)


def variant(rows: list[dict], where: re.Pattern[str], mode: str) -> list[dict]:
    out = []
    for r in rows:
        f = dict(r["features"])
        a = float(bool(where.match(r["text"]) if where is START else where.search(r["text"])))
        if mode == "flag":
            f["anaph"] = a
        if mode in ("cov", "covcos"):
            f["idf_cov"] = f["idf_cov"] + a * max(f["idf_cov_prev"], 0.0)
        if mode == "covcos":
            f["cos"] = f["cos"] + a * max(f["cos_ctx"], 0.0)
        out.append({**r, "features": f})
    return out


def top1(w: dict, rows: list[dict]) -> dict:
    scores = apply(w, rows)
    return {k: max(g, key=lambda r: scores[id(r)])["label"] for k, g in by_question(rows).items()}


def main() -> None:
    rows = [r for name in ("xquad-hi", "xquad-en-hi") for r in load(name) if r["kind"] == "own"]
    seeds = [r for r in load("seeds") if r["kind"] == "own" and r["answerable"]]
    even, odd = split_groups(rows)
    for where_name, where in (("start", START), ("anywhere", ANYWHERE)):
        for mode in ("flag", "cov", "covcos"):
            new_rows, new_seeds = variant(rows, where, mode), variant(seeds, where, mode)
            names = (*USED, "anaph") if mode == "flag" else USED
            counts = {k: [0, 0] for k in ("hi", "en", "seeds")}
            for fit_g, held_g in ((even, odd), (odd, even)):
                base = fit([r for r in rows if r["group"] in fit_g], L2, USED)
                new = fit([r for r in new_rows if r["group"] in fit_g], L2, names)
                parts = {lang: ([r for r in rows if r["group"] in held_g and r["lang"] == lang],
                                [r for r in new_rows if r["group"] in held_g and r["lang"] == lang])
                         for lang in ("hi", "en")}
                parts["seeds"] = (seeds, new_seeds)
                for key, (old_part, new_part) in parts.items():
                    a, b = top1(base, old_part), top1(new, new_part)
                    counts[key][0] += sum(b[q] and not a[q] for q in a)
                    counts[key][1] += sum(a[q] and not b[q] for q in a)
            shown = "  ".join(f"{k} {g}/{lo}" for k, (g, lo) in counts.items())
            print(f"{where_name:8s} {mode:6s} gained/lost {shown}")


if __name__ == "__main__":
    main()
