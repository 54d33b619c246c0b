"""A name the span cut short at a syllable Hindi also uses as a function word.

Korean, Chinese and Vietnamese names written in Devanagari go on in
syllables that are Hindi stopwords: किम जोंग उन (उन, "them"), मून जे इन (इन,
"these"). The span scorer learnt that an answer ends before a function word,
so "उत्तर कोरिया के नेता कौन हैं?" got "किम जोंग". A name recurs, always
written whole; a pronoun after a name does not follow it every time. So the
span takes the next word when that word is a stopword but no postposition,
conjunction or auxiliary, and the passages write the span's words at least
twice, followed by that word every time.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from rag.answer.span.words import TRIM, Span
from rag.text import DEVANAGARI_INITIALS, fold, stopwords

# Words that may follow a name without being part of it (postpositions, conjunctions,
# auxiliaries, particles), beyond the span steps' own ``TRIM``.
_MARKERS = TRIM | frozenset("ना नी बीच या व हो होगा होगी जी श्री".split())
_MIN_SEEN = 2
_MAX_WORDS = 2  # a name's tail: "उन", "जे इन"


def whole_name(sentence: str, span: Span, passages: Iterable[tuple[str, int, str]]) -> Span:
    """``span`` of ``sentence`` with the recurring function-word tail of a name
    added (see the module's docstring). ``passages`` are (document id, start
    offset in the document, text): an occurrence counts once however many
    overlapping passages hold it."""
    texts = list(passages)
    for _ in range(_MAX_WORDS):
        nxt = re.match(r"\s+([^\s,;:।.!?()\"“”'‘’]+)", sentence[span.end:])
        if not nxt or not could_be_name_part(nxt.group(1)):
            break
        word = nxt.group(1)
        if not _always_followed(span.text, word, texts):
            break
        end = span.end + nxt.end()
        span = Span(sentence[span.start:end], span.start, end)
    return span


def could_be_name_part(word: str) -> bool:
    """A stopword that may be a syllable of a name: not a postposition, conjunction or auxiliary."""
    w = fold(word)
    return w in stopwords() and w not in _MARKERS


def _always_followed(words: str, nxt: str, texts: list[tuple[str, int, str]]) -> bool:
    pattern = re.compile(r"(?<![\w\u0900-\u097F])" + r"\s+".join(re.escape(w) for w in words.split())
                         + r"(?![\w\u0900-\u097F])(\s+([^\s,;:।.!?()\"“”'‘’]+))?")
    seen: dict[tuple[str, int], bool] = {}
    for doc, start, text in texts:
        for m in pattern.finditer(text):
            seen[(doc, start + m.start())] = m.group(2) == nxt
    return len(seen) >= _MIN_SEEN and all(seen.values())


# An initial: a letter's Devanagari name or a capital, and a full stop ("एस.", "S.").
INITIAL = r"(?:" + "|".join(sorted(map(re.escape, DEVANAGARI_INITIALS), key=len, reverse=True)) + r"|[A-Z])\."
# One or more right before a name: "एस. चोकलिंगम", "ए. पी. जे. अब्दुल कलाम", "S. Somanath".
_INITIALS_BEFORE = re.compile(rf"(?:(?<![\w\u0900-\u097F]){INITIAL}\s*)+$")


def with_initials(sentence: str, span: Span) -> Span:
    """``span`` of ``sentence`` with the initials right before it: a span never
    runs across a full stop, so "एस. चोकलिंगम" was cut to "चोकलिंगम"."""
    m = _INITIALS_BEFORE.search(sentence[:span.start])
    if not m or not span.text[:1].strip():
        return span
    return Span(sentence[m.start():span.end], m.start(), span.end)
