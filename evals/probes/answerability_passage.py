"""Probe: the best sentence's whole passage as an answerability feature (issue #10, twelfth session).

NoMIRACL's confident wrong answers are sentences of a passage on the
question's topic that lacks one of its words altogether: "बंगाल के शिक्षा
मंत्री" answered from a passage about Bikaner's, "विश्व कंप्यूटर साक्षरता
दिवस" from one about International Literacy Day, "अमेरिका में प्रथम परमाणु
बिजलीघर" from one about England's. An answering sentence often lacks a
question word its neighbours say (a pronoun, a clause before); its passage
rarely does. So: ``passage_cov``, the IDF-weighted coverage of the
question's words by the whole passage of a sentence, for the ranker, and the
best sentence's as an answerability feature ``passage``.

Here ``passage_cov`` is added to the collected rows (``evals/fit/collect.py``:
the union of each passage's sentence tokens, the index's IDF; an English
question's bridged readings are not applied, so its values are low), the
ranker is refitted both ways with it, and answerability is fitted as
``evals/fit/fit_answerability.py`` fits it, with and without the feature,
on the usual parts and on the swapped ones; held-out hallucination and false
refusal at the default threshold per set.

    .venv/bin/python evals/probes/answerability_passage.py      # after evals/fit/collect.py

Measured 2026-12-02 (twelfth session), not kept: ranker top-1 Hindi 0.797 →
0.799 (+3/−2), English 0.757 → 0.757; answerability, NoMIRACL held out
(hallucination/false refusal) 0.609/0.200 → 0.565/0.300 on the usual parts,
0.478/0.200 → 0.478/0.200 swapped; XQuAD unchanged. The best sentence's
passage covers the question 0.578 for NoMIRACL's answerable queries against
0.430 for the others (XQuAD 0.714 against 0.237 for other articles): its
passages often word the question otherwise, so the cue separates little
that coverage and the ranker's score do not already.
"""

from __future__ import annotations

import sys
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(REPO))

from evals.fit import fit_answerability as fa  # noqa: E402
from evals.fit.fit_ranker import L2, USED, apply, by_question, fit, load, split_groups  # noqa: E402
from evals.fit.ranker_trials import top1  # noqa: E402
from rag.answer.answerability import features  # noqa: E402
from rag.answer.cues import analyse  # noqa: E402
from rag.answer.rank import Idf, _coverage  # noqa: E402
from rag.config import Settings  # noqa: E402
from rag.evaluate.runner import Runner, RunOptions  # noqa: E402
from rag.evaluate.sets import load_set  # noqa: E402
from rag.text import keyword_tokens  # noqa: E402

DATA = REPO.parent / "shared" / "data"
SOURCES = {"xquad-hi": {"path": DATA / "xquad" / "xquad-hi-dev.json"},
           "xquad-en-hi": {"path": DATA / "xquad" / "xquad-hi-dev.json"},
           "nomiracl-hi": {"path": DATA / "nomiracl-hi" / "nomiracl-hi-dev.jsonl"},
           "seeds": {"path": Path("seeds")}}
SHIPPED = ("best", "margin", "coverage", "rare", "cosine", "bigram", "numbers", "type_cue", "cross", "cross_cosine")


def idf_for(name: str) -> Idf:
    runner = Runner(Settings.load(), load_set(**SOURCES[name]), RunOptions(retrieval_only=True, progress=False))
    return Idf.from_store(runner.build_index().store)


def with_passage(name: str) -> list[dict]:
    rows, idf = load(name), idf_for(name)
    words: dict[tuple, set[str]] = {}
    for r in rows:
        r["_tokens"] = set(keyword_tokens(r["text"]))
        words.setdefault((r["qid"], r["kind"], r["passage"]), set()).update(r["_tokens"])
    for r in rows:
        q = list(dict.fromkeys(analyse(r["question"]).tokens))
        r["features"]["passage_cov"] = _coverage(q, words[(r["qid"], r["kind"], r["passage"])], idf)
        del r["_tokens"]
    return rows


def ranker(cache: dict[str, list[dict]]) -> None:
    """The ranker refitted both ways over the XQuAD articles, with and without ``passage_cov``."""
    rows = [r for s in ("xquad-hi", "xquad-en-hi") for r in cache[s] if r["kind"] == "own"]
    halves = split_groups(rows)
    for lang in ("hi", "en"):
        hits, wins, losses, n = [0, 0], 0, 0, 0
        for fit_g, held_g in (halves, halves[::-1]):
            qs = by_question([r for r in rows if r["group"] in held_g and r["lang"] == lang])
            res = [top1(qs, apply(fit([r for r in rows if r["group"] in fit_g], L2, feats),
                                  [r for v in qs.values() for r in v]))
                   for feats in (USED, (*USED, "passage_cov"))]
            hits = [h + sum(x.values()) for h, x in zip(hits, res, strict=True)]
            n += len(qs)
            wins += sum(res[1][k] and not res[0][k] for k in qs)
            losses += sum(res[0][k] and not res[1][k] for k in qs)
        print(f"ranker {lang}: top1 {hits[0] / n:.3f} -> {hits[1] / n:.3f} with passage_cov (+{wins}/-{losses}) of {n}")


def main() -> None:
    cache = {name: with_passage(name) for name in SOURCES}
    ranker(cache)
    fa.load = lambda name: cache[name]
    ex = fa.examples(lambda ranked: features(ranked) | {"passage": ranked[0][0]["passage_cov"] if ranked else 0.0})
    for label, feats in (("shipped features", SHIPPED), ("+ passage", (*SHIPPED, "passage"))):
        for swap in (False, True):
            at = fa.held_out_at(ex, feats, swap=swap)
            print(f"{label:18s} {'swapped' if swap else 'usual  '}: " + "; ".join(
                f"{k} {v['hallucination']:.3f}/{v['false_refusal']:.3f}" for k, v in at.items()))


if __name__ == "__main__":
    main()
