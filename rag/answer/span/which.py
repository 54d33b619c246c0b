"""Which X? The name the sentence puts right before its X.

"मुख्यमंत्री ने किन जिलों का हवाई सर्वेक्षण किया?" over "… ने सुपौल और सहरसा
जिलों का हवाई सर्वेक्षण किया": the answer names the question's noun where
the sentence has it, in Hindi and in English before it ("the GSLV-F18
rocket", "टाइन नदी"). The fitted scorer sees the question's words around a
span, not which of them is the asked-for noun, and took the doer ("नीतीश
कुमार") or a place elsewhere ("Satish Dhawan Space Centre"). So, as for "what
kind of X?" (``kind``), the answer is the run of new words right before X;
only here they must look like a name: in Latin letters capitalised or with a
digit (an adjective, "the new rocket", names nothing), in Devanagari no
function word, verb form or word the dictionary knows ("अन्य", "प्राचीन").
X is part of the name when it is capitalised ("Newcastle University"), an
English word in Devanagari ("कोरियन सेंट्रल न्यूज एजेंसी") or a compound's
second half ("गृह ऋण"); English names after X too ("the chemist James
Dewar"). A list before X ("सुपौल और सहरसा") is completed after
(``coordination``). Units of time, people, kinds, countries and attributes
have rules or cues of their own and are left to them.
"""

from __future__ import annotations

import re

from rag.answer.cues import QuestionInfo
from rag.answer.span.kind import head_of, noun_of
from rag.answer.span.words import CUT, TRIM, Span, Word, question_tokens, sentence_words
from rag.bridge import dictionary
from rag.text import has_devanagari

# The noun after किस / किन / कौन सा (not किसने, किसके: those are no "which").
_HINDI = re.compile(r"(?<![\u0900-\u097F])(?:किस|किन|कौन\s*-?\s*(?:सा|सी|से))\s+(?P<head>[^\s?।,]+)")
# Up to two words after which / what, before an auxiliary or a preposition: "which rocket",
# "what welding process" (a compound's noun may be either word, so both are tried).
_ENGLISH = re.compile(r"\b(?:which|what)\s+(?:(?:an?|the)\s+)?(?P<phrase>[A-Za-z][\w-]*(?:\s+(?!(?:is|are|was|were|"
                      r"do|does|did|has|have|had|can|could|will|would|should|to|in|on|at|for|from|with|by|of|that|"
                      r"which|who|whom|as)\b)[A-Za-z][\w-]*)?)", re.I)
# Nouns other steps answer: units of time (cues' time type), people (a person's span,
# titles whole), kinds (``kind``), countries (``country``), numbers and amounts.
_LEFT_TO_OTHERS = re.compile(
    r"^(साल|सालों|वर्ष|वर्षों|सन|तारीख|तारीखों|तिथि|दिन|दिनों|महीने|महीनों|महीना|सदी|शताब्दी|दशक|समय|"
    r"प्रकार|तरह|किस्म|शैली|देश|देशों|व्यक्ति|व्यक्तियों|लोगों|अधिकारी|अधिकारियों|मंत्री|नेता|राष्ट्रीयता|भाषा|रंग|"
    r"year|years|day|days|date|month|months|century|decade|time|kind|kinds|type|types|sort|country|countries|"
    r"person|people|man|woman|official|officials|minister|leader|percentage|percent|amount|number|nationality|language|colou?r|size|shape|"
    r"is|are|was|were|do|does|did|has|have|had|can|could|will|would|should|happens|happened)$", re.I)
_AUX = frozenset("है हैं था थी थे हो होता होती होते गया गई गए किया किए कर रहा रही रहे आया आई आए हुआ हुई हुए".split())
_VERB_END = re.compile(r"(ता|ती|ते|ना|ने|नी|कर)$")
_MAX_WORDS = 4
_NAMING = frozenset(("नामक", "called", "named"))


def _nouns(info: QuestionInfo) -> list[str]:
    """The question's asked-for noun, or for English the words it may be (the noun first)."""
    if m := _HINDI.search(info.text):
        words = [m.group("head")]
    elif m := _ENGLISH.search(info.text):
        words = m.group("phrase").split()
        if _LEFT_TO_OTHERS.match(words[0]):  # "what is", "which year"
            return []
        first = noun_of(m.group("phrase"))  # the noun, after an adjective if one comes first
        words = [first] + [w for w in words if w != first]
    else:
        return []
    return [] if _LEFT_TO_OTHERS.match(words[-1]) else [w for w in words if not _LEFT_TO_OTHERS.match(w)]


def _compound_part(w: Word) -> bool:
    """A Hindi noun the dictionary knows only as a noun, before X: the first
    half of a compound ("गृह ऋण", home loan), which X completes."""
    pos = dictionary.parts_of_speech(w.text)
    return w.kind == "n" and has_devanagari(w.text) and pos == {"N"}


def _name_like(w: Word) -> bool:
    text = w.text.strip("\"'“”‘’()")
    if not text or w.kind != "n" or text.lower() in TRIM:
        return False
    if re.search(r"[A-Za-z]", text):
        return text[0].isupper() or any(c.isdigit() for c in text)
    if re.search(r"\d", text):
        return True
    # A Hindi word the dictionary knows is a common word ("अन्य", "प्राचीन", "बड़ा"), not a name.
    return text not in _AUX and not _VERB_END.search(text) and not dictionary.english_for(text)


def which_answer(info: QuestionInfo, sentence: str) -> Span | None:
    """For "which X?", the name-like words right before X in ``sentence``; None
    for another question, X not in the sentence, or nothing name-like before it."""
    for noun in _nouns(info):
        if found := _before(info, sentence, head_of(info, noun)):
            return found
    return None


def _before(info: QuestionInfo, sentence: str, head: set[str]) -> Span | None:
    if not head:
        return None
    ws = sentence_words(sentence, question_tokens(info) - head)
    at = next((i for i, w in enumerate(ws) if w.tokens & head), None)
    if not at or ws[at - 1].text in _NAMING:
        return None  # "पृथ्वी का सिद्धांत नामक शोधपत्र": the naming word's own step (``marker``) cuts it
    latin = bool(re.search(r"[A-Za-z]", ws[at].text))
    if latin and (after := _named_after(sentence, ws, at)):
        return after
    i = at
    compound = not latin and _compound_part(ws[at - 1])
    while (i > 0 and at - i < _MAX_WORDS and (_name_like(ws[i - 1]) or (compound and i == at))
           and not CUT.search(sentence[ws[i - 1].end:ws[i].start])):
        i -= 1
    while i < at and re.fullmatch(r"\d{4}", ws[i].text):
        i += 1  # "the 1891 Scottish chemist": a year dates the noun, it does not name it
    # "Newcastle University", "Works Council Directive": a capitalised X is part of the name;
    # "गृह ऋण" (home loan): a compound's X too.
    # "कोरियन सेंट्रल न्यूज एजेंसी": an X the dictionary lacks is an English word
    # written in Devanagari, the head of the English name, so part of it.
    named = ((latin and ws[at].text[:1].isupper()) or compound
             or (not latin and not dictionary.english_for(ws[at].text)))
    if i == at or (i == 0 and at == 1 and latin and not named):
        return None  # nothing before X, or only the sentence's capitalised first word
    end = at if named else at - 1
    return Span(sentence[ws[i].start:ws[end].end], ws[i].start, ws[end].end)


def _named_after(sentence: str, ws: list[Word], at: int) -> Span | None:
    """English names a person or thing after its noun too: "the chemist James
    Dewar", "the river Thames": the capitalised words right after X; X with
    them when "of" joins them ("the Ministry of Earth Sciences")."""
    j = at + 1
    if ws[at].text[:1].isupper() and j + 1 < len(ws) and ws[j].text == "of" and ws[j + 1].text[:1].isupper():
        # "the Ministry of Earth Sciences", "the University of Michigan": X is the name's head.
        j += 1
        while j < len(ws) and j - at <= _MAX_WORDS + 1 and ws[j].text[:1].isupper() \
                and not CUT.search(sentence[ws[j - 1].end:ws[j].start]):
            j += 1
        return Span(sentence[ws[at].start:ws[j - 1].end], ws[at].start, ws[j - 1].end)
    while j < len(ws) and j - at <= _MAX_WORDS and ws[j].kind == "n" and ws[j].text[:1].isupper() \
            and not CUT.search(sentence[ws[j - 1].end:ws[j].start]):
        j += 1
    if j == at + 1:
        return None
    return Span(sentence[ws[at + 1].start:ws[j - 1].end], ws[at + 1].start, ws[j - 1].end)
