"""What did they do? The sentence's predicate after its subject.

"दक्षिण कोरिया की सेना ने क्या किया?" asks for what the sentence says the
army did: "दक्षिण कोरिया की सेना ने **इस घटना की पुष्टि की**"; "उत्तर कोरियाई
सैन्य अधिकारी क्या कर रहे थे?" for "… अधिकारी **एक बैनर के नीचे ताली बजाते
हुए दिखाई दिए**". The question names the subject and asks for the rest, so
the answer is the clause after the subject's words (and its ने) up to the
clause's end; when the question names more than the subject ("DECnet ने मूल
रूप से क्या किया?"), from after the first of those words in the sentence
("… जो मूल रूप से **1975 में … जोड़ने के लिए शुरू किया गया था**"). The
fitted scorer looks for a noun phrase and took one inside
the predicate ("फिलहाल अधिक विवरण" for "… ने फिलहाल अधिक विवरण साझा नहीं
किया है"). Only for Hindi sentences: English puts the subject first and the
scorer finds its predicate's object.
"""

from __future__ import annotations

import re

from rag.answer.cues import QuestionInfo
from rag.answer.span.words import CUT, Span, Word, question_tokens, sentence_words
from rag.text import has_devanagari

_ASKS = re.compile(r"क्या\s+(?:किया|की|किए|कर\s+(?:रहा|रही|रहे)|करते|करती|करता|करेगा|करेगी|करेंगे|करना)(?=\s|\?|$)|"
                   r"^\s*what\s+(?:did|does|do|has|have|had|will|was|were|is|are)\b.*\b(?:do|doing|done)\s*\??\s*$",
                   re.I)
_LINK = frozenset(("का", "की", "के", "और"))  # inside the subject: "दक्षिण कोरिया की सेना"
_MAX_WORDS = 20


def _subject_end(ws: list[Word]) -> int | None:
    """Index of the word after the sentence's first run of the question's
    words (a genitive or "और" inside it), past a ने; None without one."""
    i = next((i for i, w in enumerate(ws) if w.kind == "q"), None)
    if i is None:
        return None
    while i < len(ws) and (ws[i].kind == "q" or (ws[i].text in _LINK and i + 1 < len(ws) and ws[i + 1].kind == "q")):
        i += 1
    return i + 1 if i < len(ws) and ws[i].text == "ने" else i


def deed_answer(info: QuestionInfo, sentence: str) -> Span | None:
    """For "what did X do?", the words of a Hindi ``sentence`` after X up to
    the clause's end; None when the question asks otherwise or the sentence
    does not name X before new words."""
    if not _ASKS.search(info.text) or not has_devanagari(sentence):
        return None
    ws = sentence_words(sentence, question_tokens(info))
    start = _subject_end(ws)
    if start is None or start >= len(ws):
        return None
    # The question's other words say where in the sentence the deed is ("DECnet ने मूल रूप से
    # क्या किया?" over "DECnet … सूट है, जो मूल रूप से 1975 में … जोड़ने के लिए शुरू किया गया था").
    later = next((j for j in range(start, len(ws)) if ws[j].kind == "q"), None)
    if later is not None:
        start = later + 1
        while start < len(ws) and ws[start].kind in "sq":
            start += 1
        if start >= len(ws):
            return None
    end = start + 1
    while end < len(ws) and end - start < _MAX_WORDS and not CUT.search(sentence[ws[end - 1].end:ws[end].start]):
        end += 1
    if not any(w.kind == "n" for w in ws[start:end]) or end - start >= _MAX_WORDS:
        return None
    return Span(sentence[ws[start].start:ws[end - 1].end], ws[start].start, ws[end - 1].end)
