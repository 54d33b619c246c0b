"""The sentence after the best one, when it goes on about it.

News tells an event in one sentence and what followed in the next, which
names the event only as "इस घटना" / "this incident": "उत्तर कोरिया ने …
मिसाइल दागी। दक्षिण कोरिया की सेना ने इस घटना की पुष्टि की।" For
"मिसाइल दागे जाने की पुष्टि किसने की?" the first sentence holds most of the
question's words and the ranker picks it, but the answer is in the second,
which holds the words the first lacks ("पुष्टि"). The second is then the
answer's sentence, quoted with the first (whose words "इस घटना" stands for).
The pair may start lower than the best sentence ("प्योंगयांग में … बैठक हुई।
इस दौरान रणनीतिक संबंध बढ़ाने पर सहमति जताई गई।" for "बैठक में किस बात पर
सहमति बनी?", under a sentence about another meeting) when together they
cover more of the question. ``LOOK`` and ``MARGIN`` were set by reasoning
and checked, not fitted: ``evals/probes/follow_variants.py`` replays them on
the collected dev rankings, by article halves.
"""

from __future__ import annotations

import re
from collections.abc import Callable

from rag.answer.cues import CUES, QuestionInfo
from rag.answer.glossary import CAPITALS, COUNTRIES
from rag.answer.rank import Candidate, Idf

# A demonstrative before a noun or postposition ("इस घटना", "उसी दिन", "इस पर", "this move"; not
# "उन", the last syllable of "किम जोंग उन"),
# or a pronoun opening the sentence ("उन्होंने", "He"): the sentence refers to the one before.
_REFERS_BACK = re.compile(
    r"(?:^|(?<=\s))(?P<det>इस|उस|इन|इसी|उसी|इन्हीं|उन्हीं|ऐसे|ऐसी)\s+\S"
    r"|^(?:उन्होंने|उसने|उन्हें|उसे|वह|वे|यह|ये|इसके|इसकी|इसका|इसमें|इन्होंने)(?=[\s,])"
    r"|\b(?:this|these|the same|that)\s+(?:incident|event|move|meeting|visit|step|decision|launch|attack|"
    r"agreement|deal|talks|conference|report|statement)\b|^(?:he|she|it|they)\b", re.I)
# "इस बात पर जोर दिया गया कि …", "this claim that …": the demonstrative points ahead to its कि/that
# clause (cataphora), not back to the sentence before.
_POINTS_AHEAD = re.compile(r"^\S+\s+(?:\S+\s+){0,5}?(?:कि|that)(?=\s)", re.I)
# How much of the question (by IDF weight) the next sentence must add to the best one.
MIN_GAIN = 0.15
LOOK = 3  # the best sentences whose next one is considered
MARGIN = 0.0  # how much more of the question a lower sentence and its next must cover than the best alone


_COUNTRY_ASKED = re.compile(r"देश|\bcountr(?:y|ies)\b|\bnation\b", re.I)


_CITY = re.compile(r"(?<![\w\u0900-\u097f])(?:" + "|".join(map(re.escape, sorted(CAPITALS, key=len, reverse=True)))
                   + r")(?![\w\u0900-\u097f])")
_CITY_OR_COUNTRY = re.compile(r"(?<![\w\u0900-\u097f])(?:" + "|".join(
    map(re.escape, sorted([*CAPITALS, *COUNTRIES], key=len, reverse=True))) + r")(?![\w\u0900-\u097f])")


def _names_place(sentence: str, question: str) -> bool:
    """Whether ``sentence`` names a city the glossary knows (a country too when
    the question asks for one) that ``question`` does not."""
    pattern = _CITY_OR_COUNTRY if _COUNTRY_ASKED.search(question) else _CITY
    return any(m.group(0) not in question for m in pattern.finditer(sentence))


def refers_back(sentence: str) -> bool:
    """Whether ``sentence`` leans on the one before it (a demonstrative or an opening pronoun)."""
    return any(not (m.group("det") and _POINTS_AHEAD.match(sentence[m.start():]))
               for m in _REFERS_BACK.finditer(sentence))


def follow(info: QuestionInfo, ranked: list[Candidate], idf: Idf,
           after: Callable[[Candidate], Candidate | None]) -> list[Candidate]:
    """``ranked`` with a sentence that goes on from one of the best ``LOOK``
    first: the next sentence (``after``) of one of them that refers back to it,
    adds question words it lacks worth ``MIN_GAIN`` of the question's IDF
    weight, and with it covers more of the question than the best sentence
    does alone; not when the best sentence has a number or date asked for and
    the next has none. For "where?", the best sentence's next one also when
    only it names a city (or a country asked for) the question does not. The
    moved sentence is marked ``follows`` (quoted with the one before it)."""
    if not ranked:
        return ranked
    q = list(dict.fromkeys(info.tokens))
    total = sum(idf(t) for t in q)
    if not total:
        return ranked
    best = ranked[0]

    def covered(*cs: Candidate) -> float:
        toks = set().union(*(c.tokens for c in cs))
        return sum(idf(t) for t in q if t in toks) / total

    kind = info.answer_type
    dated = kind in ("number", "time") and bool(CUES[kind].search(best.text))
    for s in ranked[:LOOK]:
        nxt = after(s)
        if nxt is None or nxt.heading or not refers_back(nxt.text):
            continue
        # "Where?" over a sentence naming no place, whose next one names it ("… से मुलाकात की थी.
        # सियोल में हुए इस सम्मेलन में …"): the next one goes on with the place asked for.
        placed = (s is best and kind == "place" and not _names_place(s.text, info.text)
                  and _names_place(nxt.text, info.text))
        if not placed and (covered(s, nxt) - covered(s) < MIN_GAIN
                           or (s is not best and covered(s, nxt) <= covered(best) + MARGIN)):
            continue
        if dated and not CUES[kind].search(nxt.text):
            continue
        nxt.follows = True
        return [nxt, *(c for c in ranked if c is not nxt)]
    return ranked
