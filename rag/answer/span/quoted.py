"""What did they call it, say, write? The words the sentence quotes.

"नो क्वांग चोल ने यूक्रेन में रूस की जंग को क्या कहा?" is answered by the
words the sentence puts in quotation marks ("… इसे एक "न्यायपूर्ण संघर्ष"
बताया"), as are "बैनर पर क्या लिखा था?", "What is the nickname for …?" and
"What was the sermon called?". The fitted scorer sees a quotation mark beside a
word but not that the question asks for words said or written, and took a
name or a phrase elsewhere in the sentence. So for a question asking what
was said, written, called or named, the answer is the quotation that does
not repeat the question's own words ("Why were they called "the
Methodists"?" quotes its own word); with no quotation, the clause a verb of
saying introduces ("बेलोसोव ने कहा कि <…>", "the agency claimed that <…>").
A matter asked for ("किस बात की आशंका …?", "What fear …?") is the clause
कि / "that" opens after the question's words ("इस आशंका को … गहरा कर दिया
है कि <…>").
"""

from __future__ import annotations

import re

from rag.answer.cues import QuestionInfo
from rag.answer.span.words import Span, question_tokens
from rag.text import keyword_tokens

_ASKS_HI = re.compile(r"क्या\s+(?:\S+\s+){0,2}?(?:कहा|कहते|कहती|कहता|कह|बताया|बताते|बताती|लिखा|लिखी|लिखे|पुकार|"
                      r"दावा|आरोप|घोषणा|चेतावनी|जानकारी)|"
                      r"(?:उपनाम|शीर्षक|नारा)\s+क्या")
_ASKS_EN = re.compile(r"^\s*what\b.*\b(?:call(?:ed|s)?|say|says|said|written|write|wrote|reads?|named?|nicknamed?|"
                      r"nickname|titled?|term(?:ed)?|dubbed|slogan|motto|describe[ds]?|claim(?:ed|s)?|accuse[ds]?|"
                      r"alleg(?:e|ed|es|ing)|report(?:ed|s)?|"
                      r"announce[ds]?|warn(?:ed|s)?)\b|"
                      r"^\s*how\b.*\b(?:describe[ds]?|call(?:ed|s)?|term(?:ed)?)\b", re.I)
# A quotation: double or curly quotes; straight single quotes only around Devanagari
# (in English they are apostrophes: "Wesley's").
_QUOTED = re.compile(r"\"(?P<a>[^\"]{2,200})\"|“(?P<b>[^”]{2,200})”|‘(?P<c>[^’]{2,200})’|"
                     r"(?<![\w])'(?P<d>[\u0900-\u097F][^']{1,200})'")
_MAX_WORDS = 15
_MAX_CLAUSE = 40  # what was said runs longer than a quoted name: "उन्होंने कहा कि <27 words>"
_TRAILING = ".,;:!?।॥ "


# "किस बात की आशंका गहरी हुई?", "What fear has it deepened?": a matter, told in the clause that
# कि / "that" opens after the question's noun ("इस आशंका को और गहरा कर दिया है कि <…>").
_ASKS_MATTER = re.compile(r"किस\s+बात|क्या\s+(?:आशंका|चिंता|डर|उम्मीद|संभावना|अंदेशा)|"
                          r"^\s*what\s+(?:fears?|concerns?|worry|worries|hopes?|possibility|matter)\b", re.I)
_THAT = re.compile(r"\s(?:कि|that)\s+", re.I)


def asks_for_words(info: QuestionInfo) -> bool:
    """Whether the question asks what was said, written or called. Not a
    question for a name ("रक्षा मंत्री का नाम क्या है?", typed a person's): a
    sentence naming a minister often quotes what he said."""
    return info.answer_type == "other" and bool(_ASKS_HI.search(info.text) or _ASKS_EN.search(info.text))


def quoted_answer(info: QuestionInfo, sentence: str) -> Span | None:
    """For a question asking for words said or written, the first quotation of
    ``sentence`` that is not mostly the question's own words; None otherwise."""
    asked = question_tokens(info)
    if _ASKS_MATTER.search(info.text):
        return _matter(sentence, asked)
    if not asks_for_words(info):
        return None
    for m in _QUOTED.finditer(sentence):
        group = next(g for g in ("a", "b", "c", "d") if m.group(g) is not None)
        start, end = m.start(group), m.end(group)
        while end > start and sentence[end - 1] in _TRAILING:
            end -= 1
        text = sentence[start:end]
        toks = keyword_tokens(text)
        if not toks or len(text.split()) > _MAX_WORDS or 2 * sum(t in asked for t in toks) > len(toks):
            continue
        return Span(text, start, end)
    return _reported(sentence, asked)


# "… ने कहा कि <what was said>", "… claimed that <what was claimed>": the clause is the answer.
# Hindi puts aspect and tense between the verb and कि: "आरोप लगा चुके हैं कि", "कहा जा रहा है कि".
_REPORTED = re.compile(r"(?:कहा|कहते|कहती|कहता|बताया|बताते|बताती|दावा\s+(?:किया|करते|करती|करता)|"
                       r"आरोप\s+(?:लगाया|लगा|लगाते|लगाती|लगाता)|घोषणा\s+की|चेतावनी\s+दी|माना|जानकारी\s+दी)"
                       r"(?:\s+(?:चुके|चुकी|चुका|रहे|रही|रहा|जा|जाता|जाती|जाते|गया|गई|है|हैं|था|थी|थे)){0,3}"
                       r"\s+कि\s+|\b(?:said|says|claimed|claims|stated|announced|warned|alleged|alleges|reported|reports|"
                       r"told\s+\w+)\s+that\s+", re.I)


def _matter(sentence: str, asked: set[str]) -> Span | None:
    """The clause after the first कि / "that" with the question's words before it."""
    for m in _THAT.finditer(sentence):
        if set(keyword_tokens(sentence[:m.start()])) & asked:
            return _clause(sentence, m.end(), asked)
    return None


def _reported(sentence: str, asked: set[str]) -> Span | None:
    """The clause after a verb of saying and कि / "that", up to the sentence's
    end, when it is not mostly the question's own words."""
    m = _REPORTED.search(sentence)
    return None if m is None else _clause(sentence, m.end(), asked)


def _clause(sentence: str, start: int, asked: set[str]) -> Span | None:
    """From ``start`` to the sentence's end, when not mostly the question's own words."""
    end = len(sentence)
    while end > start and sentence[end - 1] in _TRAILING:
        end -= 1
    text = sentence[start:end]
    toks = keyword_tokens(text)
    if not toks or len(text.split()) > _MAX_CLAUSE or 2 * sum(t in asked for t in toks) > len(toks):
        return None
    return Span(text, start, end)
