"""For a question asking which year, the year alone.

"किस वर्ष में UMC सदस्यता वापस लेने का प्रयास किया गया?" is answered by "2012",
not by the date the span steps find ("मई 2012", "25 February 2010"): the
question names the unit it asks for. A span with two years or more (a list, a
range) stays whole, and so does any span for other questions ("कब?" asks for
the date).
"""

from __future__ import annotations

import re

from rag.answer.span.words import Span

_YEAR_ASKED = re.compile(
    r"(?:किस|किन|कौन\s*-?\s*(?:सा|सी|से))\s+(?:वर्ष|वर्षों|साल|सालों|सन)(?=[\s?।,]|$)|"
    r"\b(?:what|which)\s+years?\b", re.I)
_YEAR = re.compile(r"(?<![\d०-९])(?:1[0-9]{3}|20[0-9]{2}|१[०-९]{3}|२०[०-९]{2})(?![\d०-९])")


def year_only(question: str, span: Span) -> Span:
    """``span`` cut to its one year when ``question`` asks which year."""
    if not _YEAR_ASKED.search(question):
        return span
    years = list(_YEAR.finditer(span.text))
    if len(years) != 1 or span.text.strip() == years[0].group(0):
        return span
    m = years[0]
    return Span(m.group(0), span.start + m.start(), span.start + m.end())
