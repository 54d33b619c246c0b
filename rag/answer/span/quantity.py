"""A number in a short answer with the whole quantity it is part of.

"कितने लोग मारे गए?" is not answered by "30" from "30 से 50 हजार", nor "how
many works?" by "70,000" from "70,000 से अधिक" (more than 70,000). A number
runs over the range it opens or closes ("X से Y", "X to Y", "X–Y") with the
unit after it, its bound ("से अधिक", "more than", "over"), its currency sign
("£30m") or word ("480 crore rupees"), "every" with its unit ("हर पाँच साल"); a century's number or word
takes its other half ("18 वीं शताब्दी"), unless an ordinal is already whole
("20th" answers "which century").
"""

from __future__ import annotations

import re

from rag.answer.span.words import Span

# Number words a range may end in, and the units after it.
_NUMERAL = (r"(?:\d[\d.,]*|एक|दो|तीन|चार|पांच|पाँच|छह|सात|आठ|नौ|दस|बीस|पचास|सौ|हजार|हज़ार|लाख|करोड़|"
            r"one|two|three|four|five|six|seven|eight|nine|ten|twenty|fifty|hundred)")
_UNIT = (r"(?:हजार|हज़ार|लाख|करोड़|साल|वर्ष|दिन|महीने|घंटे|मिनट|प्रतिशत|hundred|thousand|million|billion|years?|"
         r"months?|days?|hours?|minutes?|percent|per cent)")
# A span that is a number (with a currency sign, a magnitude suffix, a word after it).
_AMOUNT = re.compile(rf"[£$€₹]?\s*(?:{_NUMERAL}|\d[\d.,]*(?:m|bn|mn|k))(?:\s+\S+)?", re.I)
_RANGE_AFTER = re.compile(rf"\s*(?:से|–|-|to)\s*{_NUMERAL}(?:\s+{_UNIT})?(?![\w\u0900-\u097f])", re.I)
_RANGE_BEFORE = re.compile(rf"(?<![\w\u0900-\u097f]){_NUMERAL}\s*(?:से|–|-|to)\s*$", re.I)
# A bound is part of the quantity: "70,000 से अधिक" is "more than 70,000", not 70,000.
_BOUND_AFTER = re.compile(r"\s+(?:से\s+(?:भी\s+)?(?:अधिक|ज्यादा|ज़्यादा|कम)|या\s+(?:अधिक|ज्यादा|ज़्यादा|उससे\s+अधिक))"
                          r"(?![\w\u0900-\u097f])")
_BOUND_BEFORE = re.compile(r"(?<![\w])(?:(?:more|less|fewer)\s+than|over|under|at\s+(?:least|most)|up\s+to)\s+$", re.I)
_CURRENCY_BEFORE = re.compile(r"(?:[£$€₹]|\bRs\.?|\bUS\$)\s*$")
# "every five years", "हर पाँच साल": the frequency whole.
_EVERY_BEFORE = re.compile(r"(?<![\w\u0900-\u097f])(?:हर|प्रत्येक|every|each)\s+$", re.I)
# A bare number's magnitude and currency word, or its unit of measure: "480 crore rupees",
# "5 million dollars", "20 करोड़ रुपये", "36,000 kilometres".
_SCALE_AFTER = re.compile(r"\s+(?:(?:crore|lakh|million|billion|trillion|thousand|hundred|करोड़|लाख|अरब|हजार|हज़ार)"
                          r"(?:\s+(?:rupees?|dollars?|pounds?|euros?|yuan|yen|रुपये|रुपए|रुपया|डॉलर|पाउंड|यूरो))?|"
                          r"(?:rupees?|dollars?|pounds?|euros?|रुपये|रुपए|डॉलर|पाउंड|यूरो)|"
                          # and its unit of measure: "36,000 kilometres", "150 किलोमीटर"
                          r"(?:kilomet(?:re|er)s?|km|met(?:re|er)s?|kilograms?|kg|tonnes?|tons?|miles?|feet|litres?|"
                          r"liters?|degrees?|किलोमीटर|मीटर|किलोग्राम|किलो|टन|लीटर|डिग्री|फीट|मील))"
                          r"(?![\w\u0900-\u097f])", re.I)
_UNIT_AFTER = re.compile(rf"\s+{_UNIT}(?![\w\u0900-\u097f])", re.I)
# An ordinal century: "18 वीं शताब्दी", "19वीं सदी", "18th century".
_ORDINAL = re.compile(r"\d\s*(?:वीं|वी|वां|वें)(?![\u0900-\u097f])|\d(?:st|nd|rd|th)\b", re.I)
_CENTURY = re.compile(r"\d{1,2}\s*(?:वीं|वी|वां|वें)\s+(?:सदी|शताब्दी)|\d{1,2}(?:st|nd|rd|th)\s+century", re.I)


def whole(sentence: str, span: Span) -> Span:
    """``span`` of ``sentence`` run over the quantity its number is part of."""
    start, end = _ranged(sentence, span.start, span.end)
    return span if (start, end) == (span.start, span.end) else Span(sentence[start:end], start, end)


def _ranged(sentence: str, start: int, end: int) -> tuple[int, int]:
    """The quantity a number opens or closes, whole: a range with its unit, a
    bound ("से अधिक", "more than"), a currency sign, "every …" with its unit, a century."""
    # A century's number or its word alone ("शताब्दी", "19"), not an ordinal already whole ("20th").
    if not _ORDINAL.search(sentence[start:end]):
        for m in _CENTURY.finditer(sentence):
            if m.start() < end and start < m.end():
                start, end = min(start, m.start()), max(end, m.end())
    text = sentence[start:end].strip()
    if not _AMOUNT.fullmatch(text):
        return start, end
    if re.fullmatch(r"\d[\d.,]*", text) and (m := _SCALE_AFTER.match(sentence, end)):
        end = m.end()
    if m := _RANGE_AFTER.match(sentence, end):
        end = m.end()
    if m := _RANGE_BEFORE.search(sentence[:start]):
        start = m.start()
    if m := _BOUND_AFTER.match(sentence, end):
        end = m.end()
    if m := _BOUND_BEFORE.search(sentence[:start]):
        start = m.start()
    if m := _CURRENCY_BEFORE.search(sentence[:start]):
        start = m.start()
    if m := _EVERY_BEFORE.search(sentence[:start]):
        start = m.start()
        if u := _UNIT_AFTER.match(sentence, end):
            end = u.end()
    return start, end
