"""A sentence's words as the span steps see them, and the question's anchors.

Each word is marked as the question's (its keyword token is one of the
question's), a stopword, or new. The anchors are the question's words just
before and after its question word: the answer stands where the question word
stands, so it sits beside the same words in the sentence ("किस उपग्रह का
उपयोग" → "… उपग्रह एस्ट्रा 2A का उपयोग …").
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from rag.answer.cues import QuestionInfo, analyse
from rag.text import keyword_tokens

EDGE = ".,;:!?।॥\"'“”‘’()[]{}—–-"
# Postpositions, auxiliaries and function words: never a span's first or last word.
TRIM = frozenset(
    "को में से का की के ने पर तक है हैं था थी थे हुआ हुई हुए गया गई गए और एवं तथा भी ही तो कि जो यह वह ये वे इस उस "
    "एक द्वारा लिए साथ बाद पहले करीब लगभग नहीं the a an of in on at to by for from with and or was were is are "
    "has have had be been as that which who".split()
)


@dataclass
class Word:
    start: int  # offsets in the sentence
    end: int
    text: str
    kind: str  # 'q' (the question's), 's' (stopword), 'n' (new)
    tokens: frozenset[str]


def sentence_words(sentence: str, question_tokens: set[str]) -> list[Word]:
    """The sentence's words, edge punctuation off, each marked."""
    out = []
    for m in re.finditer(r"\S+", sentence):
        s, e = m.start(), m.end()
        while s < e and sentence[s] in EDGE:
            s += 1
        while e > s and sentence[e - 1] in EDGE:
            e -= 1
        if s == e:
            continue
        word = sentence[s:e]
        toks = frozenset(keyword_tokens(word))
        kind = "s" if not toks or word.lower() in TRIM else ("q" if toks & question_tokens else "n")
        out.append(Word(s, e, word, kind, toks))
    return out


WH = re.compile(r"^(क्या|कौन|कौनसा|कौनसी|कौनसे|कौन-सा|कौन-सी|कौन-से|कब|कहा[ँं]|कितन\S*|क्यों|कैसे|किस\S*|"
                r"who|whom|whose|what|when|where|why|how|which)$", re.I)
_LINK = re.compile(r"^(सा|सी|से|सें|का|की|के|को|में|ने|है|हैं|था|थी|थे|many|much|is|are|was|were|did|does|do)$", re.I)


def anchors(question: str) -> tuple[set[str], set[str]]:
    """Keyword tokens just before and just after the question word."""
    ws = re.findall(r"[^\s?।,]+", question)
    at = next((i for i, w in enumerate(ws) if WH.match(w)), None)
    if at is None:
        return set(), set()
    before = [t for w in ws[max(0, at - 2):at] for t in keyword_tokens(w)]
    after_words = [w for w in ws[at + 1:at + 4] if not _LINK.match(w) and not WH.match(w)][:2]
    after = [t for w in after_words for t in keyword_tokens(w)]
    return set(before[-1:]), set(after[:1])


@lru_cache(maxsize=256)
def _bridge_map(info: QuestionInfo) -> dict[str, str]:
    """The question's own tokens → the tokens the ranker sees (an English
    word → its bridged Devanagari word; identity for a Hindi question)."""
    own = analyse(info.text).tokens
    return dict(zip(own, info.tokens, strict=False)) if len(own) == len(info.tokens) else {}


def question_anchors(info: QuestionInfo) -> tuple[set[str], set[str]]:
    """``anchors`` of the question, English words given as their bridged Devanagari words."""
    left, right = anchors(info.text)
    m = _bridge_map(info)
    return {m.get(t, t) for t in left}, {m.get(t, t) for t in right}


def question_order(info: QuestionInfo) -> tuple[set[str], set[str]]:
    """The question's tokens before its question word and after it (bridged as above)."""
    ws = re.findall(r"[^\s?।,]+", info.text)
    at = next((i for i, w in enumerate(ws) if WH.match(w)), None)
    if at is None:
        return set(), set()
    m = _bridge_map(info)
    before = {m.get(t, t) for w in ws[:at] for t in keyword_tokens(w)}
    after = {m.get(t, t) for w in ws[at + 1:] for t in keyword_tokens(w)}
    return before - after, after - before


@dataclass
class Span:
    text: str
    start: int  # offsets in the sentence
    end: int


def question_tokens(info: QuestionInfo) -> set[str]:
    """The question's keyword tokens and, for Latin-letter words, every index word bridged to them."""
    return set(info.tokens) | set(info.matches)
