"""Which country? A country the sentence names, not one the question does.

"कौन सा देश रूस को सैनिक भेज सकता है?" over "… उत्तर कोरिया द्वारा रूस की
मदद के लिए हजारों सैनिक भेजने …" asks for उत्तर कोरिया: news names few
countries, and the glossary knows them (``glossary.COUNTRIES``, with a side:
"दक्षिण कोरिया"). The fitted scorer does not know a country from any other
noun and took "लेकर दोनों". The answer is the country of the sentence, other
than the question's own, with the question's words closest around it in its
clause. "किस देश के राष्ट्रपति" and "किस देश की सेना" are left to ``slot``
(the country before "के राष्ट्रपति"); this rule runs before slot's "where?"
(a "which country?" question is typed a place one).
"""

from __future__ import annotations

import re

from rag.answer.cues import QuestionInfo
from rag.answer.glossary import COUNTRIES, place_name
from rag.answer.span.words import Span, nearness, question_tokens, sentence_words
from rag.text import has_devanagari

# Not "किस देश के राष्ट्रपति" / "किस देश की सेना": ``slot`` takes the country before "के राष्ट्रपति",
# a demonym too ("रूसी राष्ट्रपति").
_ASKS = re.compile(r"कौन\s*-?\s*(?:सा|से|सी)\s+देश|किस\s+देश(?!\s+(?:के|की|का)\s)|"
                   r"\b(?:which|what)\s+(?:country|countries|nation)\b", re.I)


def country_answer(info: QuestionInfo, sentence: str) -> Span | None:
    """For "which country?", the country ``sentence`` names nearest the
    question's words, not one the question names; None without one."""
    if not _ASKS.search(info.text) or not has_devanagari(sentence):
        return None
    ws = sentence_words(sentence, question_tokens(info))
    asked = info.text.lower()
    best, best_weight = None, (-1.0, -1.0)
    for k, w in enumerate(ws):
        if w.text not in COUNTRIES:
            continue
        i = k - 1 if k > 0 and place_name(f"{ws[k - 1].text} {w.text}") else k  # "उत्तर कोरिया"
        name = sentence[ws[i].start:w.end]
        english = place_name(name) or ""
        if name in info.text or (english and english.lower() in asked):
            continue
        weight = nearness(sentence, ws, (i, k), range(i, k + 1))
        if weight > best_weight:
            best, best_weight = Span(name, ws[i].start, w.end), weight
    return best
