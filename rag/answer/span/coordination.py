"""A short answer that is one item of a list, made whole.

The span steps choose a phrase, and a phrase stops at "और": for "कुबलाई के दो
चीनी सलाहकार कौन थे?" they gave "याओ शू" from "… लियू बिंगज़ॉन्ग और याओ शू
…", for "किन वर्षों …" "2012" from "2011 और 2012", for "कितने लोग मारे गए?"
"30" from "30 से 50 हजार" (``quantity``). An item joined to others by a
coordinator (और, या, तथा, एवं, and, or; a comma inside a list that one
closes) is part of what the sentence says, so the span runs over the whole list.

The span is a few words (four at most: a longer one is a clause, and "और"
joins clauses too); an item is a few words (at most as many as the span's own, at least two) with
no punctuation, function word or auxiliary in it (a clause is no item: "…
कैंसर हो सकते"), none of them the question's (the question's own names are
not its answer: "BSkyB और वर्जिन मीडिया" for "वर्जिन मीडिया के साथ …"), in
Latin letters capitalised as the span is ("France and England indicate" is
no list of names), a number beside a number. A comma alone joins clauses, not
items: a list needs its coordinator ("A, B और C"; "A, B, and C").

A rule, not a fit: with ``quantity``, ``year`` and ``marker``, measured on the
dev runs (evals/RESULTS.md, twenty-first session), short-answer F1 rose on
every XQuAD direction, on both halves of the articles.
"""

from __future__ import annotations

import re

from rag.answer.cues import CUES
from rag.answer.span.learned import COMPOUND
from rag.answer.span.words import TRIM, Span
from rag.text import keyword_tokens

COORDINATORS = r"(?:और|या|तथा|एवं|and|or)"
# Words that end an item besides ``TRIM``'s: compound postpositions' second words ("… के
# बजाय, A और B"), "such as"/"जैसे" open a list, auxiliaries and light verbs close a
# clause ("… और कैंसर हो सकते हैं").
_STOP = TRIM | COMPOUND | frozenset(
    "जैसे जैसा जैसी अर्थात यानी दोनों हो होता होती होते होना सकता सकती सकते रहा रही रहे शामिल करना करने करते "
    "किया किए जाता जाती जाते जिसके जिसकी जिसका जिसे जिससे जिसमें जिन्हें including such like namely between both"
    .split())
_PUNCT = re.compile(r"[,;:()।!?\"“”'‘’]")
_NUMBER = re.compile(r"^\d[\d.,%]*$")
# Items are short: a span longer than this is a clause, whose "और" joins clauses.
_MAX_SPAN_WORDS = 4


def complete(sentence: str, span: Span, question_tokens: set[str] | frozenset[str] = frozenset()) -> Span:
    """``span`` of ``sentence`` run over the list it is an item of
    (``question_tokens``: the question's keyword tokens)."""
    start, end = _listed(sentence, span.start, span.end, frozenset(question_tokens))
    return span if (start, end) == (span.start, span.end) else Span(sentence[start:end], start, end)


class _Item:
    """What an item of the span's list may be made of."""

    def __init__(self, span_words: list[str], question_tokens: frozenset[str]) -> None:
        self.max_words = max(len(span_words), 2)
        first = span_words[0] if span_words else ""
        self.number = _is_number(first)
        self.capital = first[:1].isupper() if re.match(r"[A-Za-z]", first) else None
        self.question = question_tokens

    def word(self, w: str) -> bool:
        if not w or _PUNCT.search(w) or w.lower() in _STOP:
            return False
        if self.capital is not None and re.match(r"[A-Za-z]", w) and w[0].isupper() != self.capital:
            return False
        return not set(keyword_tokens(w)) & self.question

    def whole(self, words: list[str]) -> bool:
        return bool(words) and (not self.number or _is_number(words[0]))


def _is_number(word: str) -> bool:
    """Digits or a number word ("सैकड़ों", "thousands"): a number's list is of numbers."""
    return bool(_NUMBER.match(word) or CUES["number"].fullmatch(word))


def _item_before(sentence: str, end: int, item: _Item) -> int | None:
    """Where the item ending at ``end`` starts (None when no word qualifies)."""
    start, n = end, 0
    while n < item.max_words and (m := re.search(r"(\S+)\s*$", sentence[:start])) and item.word(m.group(1)):
        start, n = m.start(1), n + 1
    return start if n and item.whole(sentence[start:end].split()) else None


def _item_after(sentence: str, start: int, item: _Item) -> int | None:
    """Where the item starting at ``start`` ends (None when no word qualifies)."""
    end, n = start, 0
    while n < item.max_words and (m := re.match(r"\s*([^\s,;।]+)", sentence[end:])):
        w = m.group(1).rstrip(".:!?")
        if not item.word(w):
            break
        end, n = end + m.start(1) + len(w), n + 1
        if w != m.group(1):  # a full stop after it ends the list
            break
    return end if n and item.whole(sentence[start:end].split()) else None


def _listed(sentence: str, start: int, end: int, question_tokens: frozenset[str]) -> tuple[int, int]:
    if len(sentence[start:end].split()) > _MAX_SPAN_WORDS:
        return start, end
    # A question word the span itself holds may recur in the other items: "गृह ऋण और वाहन ऋण".
    item = _Item(sentence[start:end].split(), question_tokens - set(keyword_tokens(sentence[start:end])))
    before: list[tuple[int, bool]] = []  # (start, joined by a coordinator) of each item before the span
    at = start
    while (m := re.search(rf"(?:\s+({COORDINATORS})\s+|\s*(,)\s*)$", sentence[:at])) and \
            (s := _item_before(sentence, m.start(), item)) is not None:
        before.append((s, bool(m.group(1))))
        at = s
    after: list[tuple[int, bool]] = []
    at = end
    while m := re.match(rf"(?:\s+({COORDINATORS})\s+|\s*,\s*(?:({COORDINATORS})\s+)?)", sentence[at:]):
        if m.group(2) and not before and not after:  # ", and <clause>" with no list before it
            break
        e = _item_after(sentence, at + m.end(), item)
        if e is None:
            break
        after.append((e, bool(m.group(1) or m.group(2))))
        at = e
    # A list is closed by a coordinator: the items up to the first one after the span, and
    # those before it when a coordinator joins them or the list goes on after the span.
    closing = next((i for i, (_, joined) in enumerate(after) if joined), None)
    if closing is not None:
        end = after[closing][0]
    if before and (closing is not None or any(joined for _, joined in before)):
        start = before[-1][0]
    return start, end
