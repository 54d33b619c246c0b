"""When? A time said relative to an event, where the sentence gives no date.

News answers "उत्तर कोरिया ने मिसाइल कब दागी?" with "वार्ता समाप्त होने के कुछ
समय बाद ही" and "When did the army fire?" with "shortly after the talks": no
year, month or day for the fitted scorer's time cue to find, so it took a
phrase of other words (the missile's direction). This rule takes the event
phrase with its "के बाद / से पहले / के दौरान" (Hindi, after the event) or
"after / before / during" (English, before it), the clause of "ऐसे समय में
जब …" / "at a time when …", or "हाल ही में" / "recently", and only when the
sentence names no time outside the question's own words.
"""

from __future__ import annotations

import re

from rag.answer.cues import CUES, QuestionInfo
from rag.answer.span.words import Span, phrase_start, question_tokens, sentence_words

# The Hindi words that tell a time by an event, with their English (said before the event).
WHEN_EN = {"बाद": "after", "पहले": "before", "पूर्व": "before", "दौरान": "during"}
# "<event> के (तुरंत|कुछ समय|…) बाद (ही)", "<event> से पहले", "<event> के दौरान".
_HINDI = re.compile(r"(?:^|(?<=\s))(?:के|से)\s+(?:(?:तुरंत|ठीक|कुछ\s+(?:समय|देर|दिन|दिनों|घंटे|घंटों))\s+)?"
                    rf"(?:{'|'.join(WHEN_EN)})(?:\s+(?:ही|से))?(?=[\s,।]|$)")
_RECENT = re.compile(r"हाल\s+ही\s+में|(?<![A-Za-z])recently(?![A-Za-z])", re.I)
# "(shortly) after the talks ended", up to punctuation or four words.
_ENGLISH = re.compile(r"\b(?:(?:shortly|soon|just|immediately|right|days?|hours?|weeks?)\s+)?(?:after|before|during)"
                      r"\s+(?:the\s+|a\s+|an\s+|its\s+|their\s+|his\s+|her\s+)?[\w-]+(?:\s+(?!and\b|but\b|when\b)"
                      r"[\w-]+){0,3}?(?=[,.;:]|\s+(?:and|but|when|as|while)\b|$)", re.I)
_EVENT_WORDS = 3  # words of the event before "के बाद"
# "यह परीक्षण ऐसे समय में किया गया है जब …", "at a time when …": the जब / when clause tells the time.
_WHILE = re.compile(r"(?:^|(?<=\s))जब\s+[^,;:।.?!]+|\b(?:at\s+a|at\s+the|a)\s+time\s+when\s+[^,;:.?!]+", re.I)
_CLAUSE_WORDS = 20  # a clause, not a sentence run on


def _names_a_time(info: QuestionInfo, sentence: str) -> bool:
    """Whether ``sentence`` gives a date, day or year the question does not."""
    return any(m.group(0) not in info.text for m in CUES["time"].finditer(sentence))


def relative_answer(info: QuestionInfo, sentence: str) -> Span | None:
    """For a "when" question over a sentence with no date: the event phrase
    the time is told by, or "recently"; None otherwise."""
    if info.answer_type != "time" or _names_a_time(info, sentence):
        return None
    if m := _ENGLISH.search(sentence):
        return Span(m.group(0), m.start(), m.end())
    if m := _HINDI.search(sentence):
        ws = sentence_words(sentence[:m.start()], question_tokens(info))
        i = phrase_start(sentence, ws, m.start(), _EVENT_WORDS)
        # The question's own event ("पचौरी के इस्तीफे के बाद" for "पचौरी ने इस्तीफा कब दिया?") tells no time.
        if i < len(ws) and sum(w.kind == "n" for w in ws[i:]) > sum(w.kind == "q" for w in ws[i:]):
            start = ws[i].start
            return Span(sentence[start:m.end()], start, m.end())
    if m := _WHILE.search(sentence):
        clause = sentence_words(m.group(0), question_tokens(info))
        if len(clause) <= _CLAUSE_WORDS and sum(w.kind == "n" for w in clause) > sum(w.kind == "q" for w in clause):
            return Span(m.group(0).rstrip(), m.start(), m.start() + len(m.group(0).rstrip()))
    if m := _RECENT.search(sentence):
        return Span(m.group(0), m.start(), m.end())
    return None
