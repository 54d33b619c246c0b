"""The few words that answer, cut from a sentence without a model.

Every run of up to eight words of the sentence is a candidate; a linear
scorer fitted on XQuAD-hi dev (``evals/fit/fit_span.py``, weights in
``rag/answer/span.json``) picks one by its length, the question's words and
anchors around it, the postposition after it, answer-type cues and
punctuation. Without the weights file, hand-written rules (``rules``) choose.
The span is always a substring of the sentence, so the citation under it
quotes it exactly. A sentence in Latin letters has a scorer of its own
(``span_en.json``, fitted on XQuAD-en's English questions over its English
paragraphs): English marks a phrase with a preposition before it, Hindi with a
postposition after it, and fitted jointly each language's cues blurred the
other's (a Hindi name question took the verb after the question's words).
Nine question shapes the scorer cannot see are answered by rule first:
"who is <name>?" (``apposition``), "what kind of X?" (``kind``), "what
did they call it / write / say?" (``quoted``: the quotation), "what did X
do?" (``deed``: the predicate after X), "when?"
over a sentence with no date (``relative``: "बैठक के तुरंत बाद"), "why?"
(``reason``: the cause or aim its marker shows) and a question word with its
postposition (``slot``: the words before "के साथ" for "किसके साथ", the doer
before ने or द्वारा for "किसने"), "which country?" (``country``: one
the sentence names, not the question) and "which X?" (``which``: the name
beside X), in the order of ``RULES``; ``rule_of``
tells which answered (a reader may refine those words, not replace them). A
person's span never starts inside a title (``titled``).
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable
from functools import cache
from pathlib import Path

from rag.answer.cues import QuestionInfo, asks_yes_no
from rag.answer.glossary import TITLES
from rag.answer.span import (
    apposition,
    coordination,
    country,
    deed,
    kind,
    learned,
    marker,
    names,
    quantity,
    quoted,
    reason,
    relative,
    rules,
    slot,
    which,
    year,
)
from rag.answer.span.words import POSTPOSITIONS, TRIM, Span, anchors, question_tokens, sentence_words
from rag.text import has_devanagari

WEIGHTS = Path(__file__).resolve().parent.parent / "span.json"
WEIGHTS_EN = WEIGHTS.with_name("span_en.json")  # sentences in Latin letters

__all__ = ["WEIGHTS", "WEIGHTS_EN", "Span", "anchors", "completed", "rule_of", "short_answer", "titled", "weights_for"]


@cache
def _weights(path: str) -> dict | None:
    p = Path(path)
    return json.loads(p.read_text(encoding="utf-8")) if p.is_file() else None


def short_answer(info: QuestionInfo, sentence: str) -> Span | None:
    """The answer's words in ``sentence`` (``_short_answer``), a person's
    title whole: "मंत्री विक्टर गोरेम्यकिन" is "उप रक्षा मंत्री विक्टर
    गोरेम्यकिन", the deputy, not the minister (``titled``), with its initials
    ("एस. चोकलिंगम": ``names.with_initials``); an item of a list
    or an end of a range with the rest of it, a date cut to its year for "which
    year" (``_whole``)."""
    span = _short_answer(info, sentence)
    if span is None:
        return None
    if info.answer_type == "person":
        span = titled(sentence, names.with_initials(sentence, span))
    return _whole(info, sentence, span)


def _whole(info: QuestionInfo, sentence: str, span: Span) -> Span:
    """``span`` without a naming word that opens it (``marker``: "called X" is X),
    with the rest of the list or quantity it is part of (``coordination``,
    ``quantity``), then
    its one year when the question asks which year (``year``)."""
    span = marker.after_marker(span)
    span = quantity.whole(sentence, coordination.complete(sentence, span, question_tokens(info)))
    return year.year_only(info.text, span)


def completed(info: QuestionInfo, sentence: str, words: str) -> str:
    """A reader's ``words`` copied from ``sentence`` made whole as the rule's own
    span is: the rest of their list or range, the year alone for "which year" (``_whole``)."""
    at = sentence.find(words)
    if not words or at < 0:
        return words
    return _whole(info, sentence, _edges(sentence, Span(words, at, at + len(words)))).text


def _edges(sentence: str, span: Span) -> Span:
    """A reader's copy without the postpositions at its edges ("1500 और 1850 के बीच"
    → "1500 और 1850", "में नई दिल्ली" → "नई दिल्ली"): the span steps never end a span
    with one (``learned._trim``), and the reader's words are held to the same."""
    ws = [(m.start(), m.end()) for m in re.finditer(r"\S+", span.text)]
    i, j = 0, len(ws)
    while j - i > 1 and span.text[ws[i][0]:ws[i][1]] in POSTPOSITIONS:
        i += 1
    while j - i > 1:
        last = span.text[ws[j - 1][0]:ws[j - 1][1]].rstrip(".,;:!?।")
        if last in TRIM:  # postpositions and other function words
            j -= 1
        elif last in learned.COMPOUND and j - i > 2 and span.text[ws[j - 2][0]:ws[j - 2][1]] in ("के", "की", "का"):
            j -= 2
        else:
            break
    if (i, j) == (0, len(ws)):
        return span
    start, end = span.start + ws[i][0], span.start + ws[j - 1][1]
    return Span(sentence[start:end], start, end)


def titled(sentence: str, span: Span) -> Span:
    """``span``, when it opens with a title word (``glossary.TITLES``), run back
    over the title words right before it (no punctuation between): a title is
    not cut. A span opening with the name is left alone."""
    if span.text.split()[0] not in TITLES:
        return span
    start = span.start
    while m := re.search(r"(\S+)\s+$", sentence[:start]):
        if m.group(1) not in TITLES:
            break
        start = m.start(1)
    return span if start == span.start else Span(sentence[start:span.end], start, span.end)


# The question shapes answered by rule before the fitted scorer, in order.
RULES: tuple[tuple[str, Callable[[QuestionInfo, str], Span | None]], ...] = (
    ("apposition", apposition.identity_answer),  # "Who is <name>?": the title and affiliation before the name
    ("kind", kind.kind_answer),  # "What kind of X?": the words before X
    ("quoted", quoted.quoted_answer),  # "What did he call it?": the words in quotation marks
    ("deed", deed.deed_answer),  # "What did X do?": the predicate after X ("… सेना ने इस घटना की पुष्टि की")
    ("relative", relative.relative_answer),  # "When?" with no date: "बैठक के तुरंत बाद", "shortly after the talks"
    ("reason", reason.reason_answer),  # "Why?": "क्योंकि …", "… के कारण", "…, जिससे <what was asked>"
    ("country", country.country_answer),  # "कौन सा देश …?": a country the sentence names, not the question
    ("which", which.which_answer),  # "किन जिलों …?", "which rocket …?": the name before the noun
    ("slot", slot.slot_answer),  # "किसके साथ …?": the words before "के साथ"
)


def _ruled(info: QuestionInfo, sentence: str) -> tuple[str, Span] | None:
    """The first rule of ``RULES`` that answers, with its span (None for a yes/no question)."""
    if asks_yes_no(info.text):
        return None
    return next(((name, found) for name, rule in RULES if (found := rule(info, sentence)) is not None), None)


def rule_of(info: QuestionInfo, sentence: str) -> str:
    """The name of the rule of ``RULES`` that answers ``info`` from ``sentence``
    ('' when none does: the fitted scorer's guess). A rule reads the grammar
    of the question and sentence, so a reader's other words do not replace it."""
    ruled = _ruled(info, sentence)
    return ruled[0] if ruled else ""


def _short_answer(info: QuestionInfo, sentence: str) -> Span | None:
    """The answer's words in ``sentence``; None when the sentence has none of
    the question's words and the question asks for no number or date (nothing
    to anchor on: a sentence in another script, unbridged), and for a yes/no
    question (no words of a sentence say yes or no: the sentence is the answer)."""
    if asks_yes_no(info.text):
        return None
    if ruled := _ruled(info, sentence):
        return ruled[1]
    w = weights_for(sentence)
    if w is None:
        return rules.short_answer(info, sentence)
    ws = sentence_words(sentence, question_tokens(info))
    if info.answer_type not in ("number", "time") and not any(x.kind == "q" for x in ws):
        return None
    return learned.best_span(info, sentence, w)


def weights_for(sentence: str) -> dict | None:
    """The fitted scorer for ``sentence``'s script: Hindi's, or English's for a
    sentence in Latin letters (Hindi's when that file is missing)."""
    if not has_devanagari(sentence):
        w = _weights(str(WEIGHTS_EN))
        if w is not None:
            return w
    return _weights(str(WEIGHTS))
