"""A sentence's words as the span steps see them, and the question's anchors.

Each word is marked as the question's (its keyword token is one of the
question's), a stopword, or new. The anchors are the question's words just
before and after its question word: the answer stands where the question word
stands, so it sits beside the same words in the sentence ("किस उपग्रह का
उपयोग" → "… उपग्रह एस्ट्रा 2A का उपयोग …").
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, replace
from functools import lru_cache

from rag.answer.cues import QuestionInfo, analyse
from rag.bridge import dictionary
from rag.text import keyword_tokens

EDGE = ".,;:!?।॥\"'“”‘’()[]{}—–-"
# Postpositions, auxiliaries and function words: never a span's first or last word; nor
# a reporting verb ("S. Somanath said").
TRIM = frozenset(
    "को में से का की के ने पर तक है हैं था थी थे हुआ हुई हुए गया गई गए और एवं तथा भी ही तो कि जो यह वह ये वे इस उस "
    "एक द्वारा लिए साथ बाद पहले करीब लगभग नहीं the a an of in on at to by for from with and or was were is are "
    "has have had be been as that which who said says told added stated".split()
)


# Punctuation between two words: a phrase does not run across it.
CUT = re.compile(r"[,;:()।.!?\"“”'‘’]")
# Words end at white space, and at a comma or semicolon unless inside a number ("3,000"; "मार्केट,1835" is two).
_TOKEN = re.compile(r"(?:[^\s,;]|(?<=\d)[,](?=\d))+")


@dataclass
class Word:
    start: int  # offsets in the sentence
    end: int
    text: str
    kind: str  # 'q' (the question's), 's' (stopword), 'n' (new)
    tokens: frozenset[str]


def sentence_words(sentence: str, question_tokens: set[str], token: re.Pattern[str] = _TOKEN) -> list[Word]:
    """The sentence's words (``token`` matches), edge punctuation off, each marked."""
    out = []
    for m in token.finditer(sentence):
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
    return _expansions_asked(sentence, out)


def _expansions_asked(sentence: str, ws: list[Word]) -> list[Word]:
    """The words a question's acronym stands for, marked as the question's:
    "भारतीय रिज़र्व बैंक (आरबीआई)" for "आरबीआई के गवर्नर कौन हैं?" names who is
    asked about, not the answer. The words before a one-word parenthesis that
    is the question's, back to punctuation (at most five)."""
    for k, w in enumerate(ws):
        if (w.kind != "q" or k == 0 or "(" not in sentence[ws[k - 1].end:w.start]
                or not sentence[w.end:].lstrip().startswith(")")):
            continue
        i = k - 1
        while i >= 0 and k - i <= 5 and ws[i].kind == "n" and not CUT.search(sentence[ws[i].end:ws[i + 1].start]
                                                                                if i + 1 < k else ""):
            ws[i] = replace(ws[i], kind="q")
            i -= 1
    return ws


def nearness(sentence: str, ws: list[Word], at: tuple[int, int], skip: range) -> tuple[float, float]:
    """How close the question's words (those of ``ws`` outside ``skip``) stand
    to the words ``ws[at[0]..at[1]]``: the sum of 1 / distance over those in
    the same clause (no punctuation between), then over all of them; the
    larger, the nearer. A place or country is chosen by it over the others."""
    first, last = at
    near = [(j, not CUT.search(sentence[min(ws[j].end, ws[last].end):max(ws[j].start, ws[first].start)]))
            for j, w in enumerate(ws) if w.kind == "q" and j not in skip]
    return sum(1 / abs(j - last) for j, same in near if same), sum(1 / abs(j - last) for j, _ in near)


def phrase_start(sentence: str, ws: list[Word], end: int, max_words: int,
                 keep: Callable[[Word], bool] = lambda w: True) -> int:
    """Index of the first word of the phrase that ends at offset ``end``: back
    over the words of ``ws`` (those before ``end``) while ``keep`` holds, no
    punctuation lies between a word and ``end``, and at most ``max_words``."""
    i = len(ws)
    while i > 0 and len(ws) - i < max_words and keep(ws[i - 1]) and not CUT.search(sentence[ws[i - 1].end:end]):
        i -= 1
    return i


WH = re.compile(r"^(क्या|कौन|कौनसा|कौनसी|कौनसे|कौन-सा|कौन-सी|कौन-से|कब|कहा[ँं]|कितन\S*|क्यों|कैसे|किस\S*|"
                r"who|whom|whose|what|when|where|why|how|which)$", re.I)
_LINK = re.compile(r"^(सा|सी|से|सें|का|की|के|को|में|ने|है|हैं|था|थी|थे|many|much|is|are|was|were|did|does|do)$", re.I)


# "रक्षा मंत्री का नाम क्या है": the name stands beside मंत्री, not beside नाम.
_NAME_ASK = re.compile(r"(का|की|के)?\s*नाम\s+(?=क्या)|(?<=क्या)\s+नाम|\b(the\s+)?names?\s+of\b", re.I)
_EN_COPULA = re.compile(r"^\s*(who|what|which|where|when)\s+(is|was|are|were)\s+(.+?)[\s?.]*$", re.I)
_EN_CLAUSE = re.compile(r"\s+(that|which|who|whom|whose|when|where|in|on|at|for|to|from|with|by|during|after|before)\s",
                        re.I)


_PARTICIPLE = re.compile(r"^(\w+ed|held|born|built|made|found|written|done|given|taken|known|seen|sold|won|shot|led|"
                         r"begun|run|put|set|sent|spent|brought|bought|caught|taught|told|said|paid|kept|left|lost|"
                         r"met|hit|cut|chosen|drawn|driven|eaten|fallen|flown|grown|hidden|shown|spoken|stolen|"
                         r"struck|sworn|thrown|worn|signed|opened)$", re.I)


_EN_DO = re.compile(r"^\s*((?:what|which|who|whom|where|when|how|why)(?:\s+(?:many|much|long|often|\w+))??)\s+"
                    r"(?:did|does|do)\s+(.+?)[\s?.]*$", re.I)
_DETERMINER = frozenset("the a an his her its their this that these those it's our my your some many most".split())


def _do_order(m: re.Match[str]) -> str:
    """"When did Carl Scheele discover oxygen?" as Hindi asks it, "Carl Scheele
    oxygen when discover" (कार्ल शीले ने ऑक्सीजन की खोज कब की): the verb after
    its subject is the first word FreeDict knows as a verb that follows neither
    a determiner nor a capitalised name's start; no verb found, as asked."""
    words = m.group(2).split()
    verbs = dictionary.english_verbs()
    for i in range(1, len(words)):
        w = words[i]
        before = words[i - 1].lower()
        if w[:1].isupper() or before in _DETERMINER or before.endswith(("'s", "’s")) or w.lower() not in verbs:
            continue
        return " ".join([*words[:i], *words[i + 1:], m.group(1), w])
    return m.group(0)


def _hindi_order(question: str) -> str:
    """An English "Who is Russia's defence minister?" in Hindi's order ("Russia's
    defence minister who", as "रूस के रक्षा मंत्री कौन"), "A of B" as "B A";
    "When did X discover Y?" as "X Y when discover" (``_do_order``): the
    words beside the question word are then the ones beside the answer in a
    Hindi sentence. Other questions as they are."""
    if do := _EN_DO.match(_NAME_ASK.sub(" ", question)):
        return _do_order(do)
    m = _EN_COPULA.match(_NAME_ASK.sub(" ", question))
    if not m:
        return question
    phrase = _EN_CLAUSE.split(f" {m.group(3)} ", maxsplit=1)[0].split()
    verb = phrase.pop() if len(phrase) > 1 and _PARTICIPLE.match(phrase[-1]) else ""  # "was … held": NP WH verb
    noun = " ".join(reversed(re.split(r"\s+of\s+", " ".join(phrase), flags=re.I)))
    return f"{noun} {m.group(1)} {verb}".strip()


def _sides(question: str) -> tuple[list[str], list[str]] | None:
    """The question's words before and after its question word (None without one)."""
    ws = re.findall(r"[^\s?।,]+", _NAME_ASK.sub(" ", _hindi_order(question)))
    at = next((i for i, w in enumerate(ws) if WH.match(w)), None)
    return None if at is None else (ws[:at], ws[at + 1:])


def anchors(question: str) -> tuple[set[str], set[str]]:
    """Keyword tokens just before and just after the question word."""
    sides = _sides(question)
    if sides is None:
        return set(), set()
    before = [t for w in sides[0][-2:] for t in keyword_tokens(w)]
    after_words = [w for w in sides[1][:3] if not _LINK.match(w) and not WH.match(w)][:2]
    after = [t for w in after_words for t in keyword_tokens(w)]
    return set(before[-1:]), set(after[:1])


POSTPOSITIONS = ("का", "की", "के", "को", "में", "ने", "से", "पर", "तक")
_FUSED = re.compile(r"^किस(ने|को|का|की|के|से|में|पर)$|^किन्हें$")


def wh_postposition(question: str) -> str:
    """The postposition the question word carries ("किसने" → ने, "किस देश के साथ" → के):
    the answer in the sentence carries the same one. '' when none (or not Hindi)."""
    sides = _sides(question)
    if sides is None:
        return ""
    ws = re.findall(r"[^\s?।,]+", question)
    wh = next((w for w in ws if WH.match(w)), "")
    fused = _FUSED.match(wh)
    if fused:
        return fused.group(1) or "को"
    return next((w for w in sides[1][:3] if w in POSTPOSITIONS), "")


@lru_cache(maxsize=256)
def bridge_map(info: QuestionInfo) -> dict[str, str]:
    """The question's own tokens → the tokens the ranker sees (an English
    word → its bridged Devanagari word; identity for a Hindi question)."""
    own = analyse(info.text).tokens
    return dict(zip(own, info.tokens, strict=False)) if len(own) == len(info.tokens) else {}


def question_anchors(info: QuestionInfo) -> tuple[set[str], set[str]]:
    """``anchors`` of the question, English words given as their bridged Devanagari words."""
    left, right = anchors(info.text)
    m = bridge_map(info)
    return {m.get(t, t) for t in left}, {m.get(t, t) for t in right}


def _side_tokens(info: QuestionInfo) -> tuple[list[str], list[str]]:
    sides = _sides(info.text)
    if sides is None:
        return [], []
    m = bridge_map(info)
    return ([m.get(t, t) for w in sides[0] for t in keyword_tokens(w)],
            [m.get(t, t) for w in sides[1] for t in keyword_tokens(w)])


def question_context(info: QuestionInfo, size: int = 3) -> tuple[set[str], set[str]]:
    """The question's last ``size`` tokens before its question word and first ``size`` after it (bridged)."""
    before, after = _side_tokens(info)
    return set(before[-size:]), set(after[:size])


def question_order(info: QuestionInfo) -> tuple[set[str], set[str]]:
    """The question's tokens before its question word and after it (bridged as above)."""
    before, after = map(set, _side_tokens(info))
    return before - after, after - before


@dataclass
class Span:
    text: str
    start: int  # offsets in the sentence
    end: int


def question_tokens(info: QuestionInfo) -> set[str]:
    """The question's keyword tokens and, for Latin-letter words, every index word bridged to them."""
    return set(info.tokens) | set(info.matches)
