"""Probe: names a question asks about that no retrieved passage mentions (issue #10, thirteenth session).

"How did Japan react to North Korea's missile launch?" over the seed
articles (which never name Japan) was answered "regional security" at
answerability 0.98. For each question of a set this prints the names it asks
about that none of its retrieved passages (``context_passages``) mentions,
beside whether the shipped answerability answered it (from a no-model eval
run's ``questions.jsonl``):

- ``names``: every capitalised Latin-letter word not opening the question,
  and the glossary's country names in Devanagari (not demonyms), matched
  through the keyword bridge's matches as well as the word's own token;
- ``country``: only countries, as ``rag/answer/mentions.py`` finds them
  (names, aliases and, in the articles, demonyms, both scripts), in the
  retrieved passages here (the product looks in their whole articles).

    .venv/bin/python evals/probes/unmentioned_names.py names RUNS    # RUNS holds seeds/, nomiracl/,
    .venv/bin/python evals/probes/unmentioned_names.py country RUNS  # xquad-hi/, xquad-en-hi/ eval runs

Measured 2026-12-02 (thirteenth session, runs of `5158915`):

| rule | answerable with a missing name (answered, quote right) | unanswerable with one (answered) |
|---|---|---|
| names, XQuAD en→hi | 63 of 379 (53, 44) | – |
| names, XQuAD hi→hi | 7 of 379 (7, 6) | – |
| names, seeds | 0 of 39 | 2 of 11 (1) |
| names, NoMIRACL (demonyms left out) | 0 of 60 | 0 of 46 |
| country, every set | 0 of 857 | seeds 2 of 11 (1); NoMIRACL 0 of 46 |

Names in general are spelled too freely across scripts (Grainger, Sky, John
against ग्रेंजर, स्काई, जॉन) for the bridge to find them; countries are a
closed class both scripts write alike, so the product checks only those.
"""

from __future__ import annotations

import json
import re
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(REPO))

from rag.answer import glossary  # noqa: E402
from rag.answer.mentions import countries_named, unmentioned  # noqa: E402
from rag.config import Settings  # noqa: E402
from rag.evaluate.runner import Runner, RunOptions  # noqa: E402
from rag.evaluate.sets import load_set  # noqa: E402
from rag.index import Index  # noqa: E402
from rag.retrieve import Retriever  # noqa: E402
from rag.text import keyword_tokens  # noqa: E402

DATA = REPO.parent / "shared" / "data"
SETS = {
    "seeds": dict(path=Path("seeds")),
    "nomiracl": dict(path=DATA / "nomiracl-hi" / "nomiracl-hi-dev.jsonl"),
    "xquad-en-hi": dict(path=DATA / "xquad" / "xquad-hi-dev.json", questions_from=DATA / "xquad" / "xquad-en-dev.json"),
    "xquad-hi": dict(path=DATA / "xquad" / "xquad-hi-dev.json"),
}
LATIN = re.compile(r"[A-Za-z][A-Za-z'’.-]*")
COUNTRIES_HI = set(glossary.COUNTRIES)
DEMONYMS_EN = {v.lower() for v in glossary.DEMONYMS.values()}


def names(question: str) -> list[str]:
    out = []
    for i, w in enumerate(question.split()):
        w = w.strip("?,.!\"'“”()")
        if LATIN.fullmatch(w or "-"):
            bare = re.sub(r"['’]s$", "", w).lower()
            if ((w[:1].isupper() and i > 0) or (w.isupper() and len(w) > 1)) and bare not in DEMONYMS_EN:
                out.append(w)
        elif w in COUNTRIES_HI:
            out.append(w)
    return out


def missing_names(index: Index, question: str, passages: list[str], bridge: bool) -> list[str]:
    asked = names(question)
    if not asked:
        return []
    found = {t for p in passages for t in keyword_tokens(p)}
    terms = index.keyword.expand(question, bridge=bridge)
    out = []
    for n in asked:
        own = set(keyword_tokens(n))
        forms = own | {m.token for t in terms if t.matches and t.matches[0].token in own for m in t.matches}
        if own and not forms & found:
            out.append(n)
    return out


def main(mode: str, runs: Path, which: list[str]) -> None:
    settings = Settings.load()
    for name in which or list(SETS):
        ev = load_set(**SETS[name])
        index = Runner(settings, ev, RunOptions(retrieval_only=True, progress=False)).build_index()
        retriever = Retriever(index)
        done = {json.loads(line)["id"]: json.loads(line) for line in open(runs / name / "questions.jsonl")}
        rows = []
        for q in ev.questions:
            rec = done.get(q.id)
            if rec is None:
                continue
            missing: list[str] = []
            if names(q.question) or countries_named(q.question):
                passages = [r.text for r in retriever.search(q.question, top_k=settings.context_passages)]
                missing = (unmentioned(q.question, passages) if mode == "country"
                           else missing_names(index, q.question, passages, settings.bridge))
            rows.append({"q": q.question, "answerable": rec["answerable"], "missing": missing,
                         "answered": rec["output"]["answer"]["answerability"]["answerable"],
                         "quote_ok": rec["scores"].get("quote_contains", 0)})
        pos = [r for r in rows if r["answerable"] and r["missing"]]
        neg = [r for r in rows if not r["answerable"] and r["missing"]]
        print(f"== {name} ({mode}): answerable with a missing name {len(pos)} of "
              f"{sum(r['answerable'] for r in rows)} (answered {sum(r['answered'] for r in pos)}, quote right "
              f"{sum(bool(r['quote_ok']) for r in pos)}); unanswerable with one {len(neg)} of "
              f"{sum(not r['answerable'] for r in rows)} (answered {sum(r['answered'] for r in neg)})")
        for r in pos + neg:
            print("   ", "answerable" if r["answerable"] else "unanswerable", r["missing"], "|", r["q"][:90])


if __name__ == "__main__":
    main(sys.argv[1], Path(sys.argv[2]), sys.argv[3:])
