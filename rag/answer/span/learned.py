"""The short answer by the fitted span scorer: the candidate span with the
highest linear score (weights in ``rag/answer/span.json``)."""

from __future__ import annotations

import re

from rag.answer.cues import CUES, QuestionInfo
from rag.answer.span.features import candidates, span_type
from rag.answer.span.words import Span, Word
from rag.text import has_devanagari


def _complete(sentence: str, ws: list[Word], i: int, j: int, kind: str) -> tuple[int, int]:
    """A date or number is whole: "August" → "15 August", "अक्टूबर" → "6 अक्टूबर, 1973",
    "12" → "12 लाख" (number and date words beside it, across a comma at most)."""
    if kind not in ("time", "number"):
        return i, j
    cue = CUES[kind]

    def part(k: int) -> bool:
        return bool(cue.search(ws[k].text) or CUES["number"].search(ws[k].text))

    if not any(part(k) for k in range(i, j)):
        return i, j
    while i > 0 and part(i - 1) and not re.search(r"[;:()।]", sentence[ws[i - 1].end:ws[i].start]):
        i -= 1
    while j < len(ws) and part(j) and not re.search(r"[;:()।]", sentence[ws[j - 1].end:ws[j].start]):
        j += 1
    return i, j


_CAPITALISED = re.compile(r"^[A-Z][\w.'-]*$")


def _whole_name(sentence: str, ws: list[Word], i: int, j: int) -> int:
    """A name in Latin letters is whole: a span ending in a capitalised word
    takes the capitalised words right after it ("Pak Yong" → "Pak Yong Il"),
    up to punctuation."""
    if not _CAPITALISED.match(ws[j - 1].text):
        return j
    while j < len(ws) and _CAPITALISED.match(ws[j].text) and not sentence[ws[j - 1].end:ws[j].start].strip():
        j += 1
    return j


def _question_tail(sentence: str, ws: list[Word], i: int, j: int) -> int:
    """An English span ends before the question's own words that close it:
    "additional troops and military aid to the region" for "What did the
    government send to the region?" is "additional troops and military aid".
    (A Hindi span's question words come first, as titles: "रक्षा मंत्री आंद्रेई बेलोसोव".)"""
    if has_devanagari(sentence):
        return j
    end = j
    while end - i > 1 and ws[end - 1].kind in ("q", "s"):
        end -= 1
    return end if any(ws[k].kind == "q" for k in range(end, j)) else j


# The second words of compound postpositions ("के बीच", "के दौरान", "के अलावा"): they
# close the phrase before them, so a span never starts or ends with one ("बीच रूस").
COMPOUND = frozenset("बीच दौरान पास बारे अनुसार तरफ़ तरफ ओर खिलाफ ख़िलाफ़ बजाय अलावा मुताबिक तहत बावजूद जरिए "
                      "ज़रिए".split())


# Relative pronouns and clause openers: they open the clause around the answer,
# not the answer ("जिसमें टाइफस", "यद्यपि आयोग", "क्रमशः एक्यूरा"), so a span never starts with one.
OPENERS = frozenset(
    "जिसमें जिसमे जिसके जिसकी जिसका जिसे जिससे जिसने जिनमें जिनके जिनकी जिनका जिन्हें जिनसे जिन्होंने जहां जहाँ "
    "जब जबकि यद्यपि हालांकि हालाँकि क्रमशः whereas although though while whose whom".split())


# English adverbs of manner and stance ("launched on Tuesday successfully", "officially"):
# never a span's last word. Their endings, not a list: "family", "rally", "assembly" stay.
_ADVERB = re.compile(r"[a-z]{3,}(?:ally|fully|ously|ively|edly|ingly|ently|antly|ately|ably|ibly|lessly)")


# "How?" is answered by a manner: its adverb stays ("routed individually").
_HOW = re.compile(r"\bhow\b(?!\s+(?:many|much|long|far|old|big|large|tall|high|often))|कैसे", re.I)


def _trim(ws: list[Word], i: int, j: int, question: str = "") -> tuple[int, int]:
    while j - i > 1 and (ws[i].text in COMPOUND or ws[i].text.lower() in OPENERS):
        i += 1
    while j - i > 1 and _ADVERB.fullmatch(ws[j - 1].text) and not _HOW.search(question):
        j -= 1
    if j - i > 1 and ws[j - 1].text in COMPOUND:
        j -= 1
        while j - i > 1 and ws[j - 1].text in ("के", "की", "का"):  # its first word
            j -= 1
    return i, j


def best_span(info: QuestionInfo, sentence: str, weights: dict) -> Span | None:
    """The best-scoring run of words of ``sentence``, always a copy of it."""
    ws, cands = candidates(info, sentence)
    # Words the question already has do not answer it ("पुष्टि" for "What did the military confirm?");
    # a number or date may be written as the question writes it.
    if span_type(info) not in ("number", "time"):
        cands = [c for c in cands if any(ws[k].kind == "n" for k in range(c[0], c[1]))] or cands
    if not cands:
        return None
    names, mean, scale, coef = weights["features"], weights["mean"], weights["scale"], weights["coef"]
    best, top = (0, 1), float("-inf")
    for i, j, f in cands:
        z = sum((f.get(n, 0.0) - m) / s * c for n, m, s, c in zip(names, mean, scale, coef, strict=True))
        if z > top:
            best, top = (i, j), z
    i, j = _complete(sentence, ws, *_trim(ws, *best, info.text), span_type(info))
    j = _whole_name(sentence, ws, i, j)
    j = _question_tail(sentence, ws, i, j)
    start, end = ws[i].start, ws[j - 1].end
    return Span(sentence[start:end], start, end)


def best_score(info: QuestionInfo, sentence: str, weights: dict) -> float:
    """The best candidate span's linear score: how answer-like the sentence's
    most answer-like words are (a name after the title a "who" asks about).
    The sentence ranker weighs it; ``FLOOR`` for a sentence with no words."""
    _, cands = candidates(info, sentence)
    if not cands:
        return FLOOR
    coef = {n: c / s for n, s, c in zip(weights["features"], weights["scale"], weights["coef"], strict=True)}
    const = sum(m * coef[n] for n, m in zip(weights["features"], weights["mean"], strict=True))
    return max(sum(coef[n] * v for n, v in f.items() if n in coef) for _, _, f in cands) - const


FLOOR = 0.0  # below every real sentence's score on XQuAD-hi dev (5th percentile 4.0)
