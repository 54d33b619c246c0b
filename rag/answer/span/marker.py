"""The name a naming word introduces, without the naming word.

A span that runs over "called", "entitled", "such as" … ("rule of vector
multiplication called Lorentz's Law", "entitled Theory of the Earth", "such as
HIV/AIDS") answers with the words after it; a Hindi span with "नामक" (named:
the name comes first, "लोरेंट्ज़ लॉ नामक वेक्टर गुणन का नियम") with the words
before it, and one opening with "जैसे (कि)" (such as) with the words after it.
Only near the span's start (within its first five words) and when a few words
follow (at most six): deep in a long clause such a word is part of it ("…
whether the new deal includes …").
"""

from __future__ import annotations

import re

from rag.answer.span.words import Span

_EN = re.compile(r"(?:^|\s)(?:called|named|entitled|titled|known\s+as|such\s+as|including|includes?|namely)\s+(?=\S)",
                 re.I)
_HI_NAMED = re.compile(r"^(.+?)\s+नामक(?=\s|$)")
_HI_SUCH_AS = re.compile(r"^(?:जैसे(?:\s+कि)?|यथा)\s+(?=\S)")
_MAX_BEFORE, _MAX_AFTER = 5, 6


def after_marker(span: Span) -> Span:
    """``span`` without the naming word that opens it (and the words before it), or
    for "X नामक …", X."""
    text = span.text
    if (m := _HI_NAMED.match(text)) and len(m.group(1).split()) <= _MAX_AFTER:
        return Span(m.group(1), span.start, span.start + m.end(1))
    if m := _HI_SUCH_AS.match(text):
        return Span(text[m.end():], span.start + m.end(), span.end)
    ms = [m for m in _EN.finditer(text) if len(text[:m.start()].split()) < _MAX_BEFORE]
    if ms and 0 < len(text[ms[-1].end():].split()) <= _MAX_AFTER:
        return Span(text[ms[-1].end():], span.start + ms[-1].end(), span.end)
    return span
