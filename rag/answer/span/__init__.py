"""The few words that answer, cut from a sentence without a model.

Every run of up to eight words of the sentence is a candidate; a linear
scorer fitted on XQuAD-hi dev (``evals/fit/fit_span.py``, weights in
``rag/answer/span.json``) picks one by its length, the question's words and
anchors around it, the postposition after it, answer-type cues and
punctuation. Without the weights file, hand-written rules (``rules``) choose.
The span is always a substring of the sentence, so the citation under it
quotes it exactly.
"""

from __future__ import annotations

import json
from functools import cache
from pathlib import Path

from rag.answer.cues import QuestionInfo, asks_yes_no
from rag.answer.span import apposition, learned, rules
from rag.answer.span.words import Span, anchors, question_tokens, sentence_words

WEIGHTS = Path(__file__).resolve().parent.parent / "span.json"

__all__ = ["WEIGHTS", "Span", "anchors", "short_answer"]


@cache
def _weights(path: str) -> dict | None:
    p = Path(path)
    return json.loads(p.read_text(encoding="utf-8")) if p.is_file() else None


def short_answer(info: QuestionInfo, sentence: str) -> Span | None:
    """The answer's words in ``sentence``; None when the sentence has none of
    the question's words and the question asks for no number or date (nothing
    to anchor on: a sentence in another script, unbridged), and for a yes/no
    question (no words of a sentence say yes or no: the sentence is the answer)."""
    if asks_yes_no(info.text):
        return None
    if (named := apposition.identity_answer(info, sentence)) is not None:
        return named  # "Who is <name>?": the title and affiliation before the name
    w = _weights(str(WEIGHTS))
    if w is None:
        return rules.short_answer(info, sentence)
    ws = sentence_words(sentence, question_tokens(info))
    if info.answer_type not in ("number", "time") and not any(x.kind == "q" for x in ws):
        return None
    return learned.best_span(info, sentence, w)
