"""The short answer by the fitted span scorer: the candidate span with the
highest linear score (weights in ``rag/answer/span.json``)."""

from __future__ import annotations

from rag.answer.cues import QuestionInfo
from rag.answer.span.features import candidates
from rag.answer.span.words import Span


def best_span(info: QuestionInfo, sentence: str, weights: dict) -> Span | None:
    """The best-scoring run of words of ``sentence``, always a copy of it."""
    ws, cands = candidates(info, sentence)
    if not cands:
        return None
    names, mean, scale, coef = weights["features"], weights["mean"], weights["scale"], weights["coef"]
    best, top = None, float("-inf")
    for i, j, f in cands:
        z = sum((f.get(n, 0.0) - m) / s * c for n, m, s, c in zip(names, mean, scale, coef, strict=True))
        if z > top:
            best, top = (i, j), z
    assert best is not None
    start, end = ws[best[0]].start, ws[best[1] - 1].end
    return Span(sentence[start:end], start, end)
