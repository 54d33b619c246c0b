"""Scoring functions, pure: answer normalisation, exact match, token F1,
contains-gold, ranking metrics, relevance of a passage, percentiles.

Answer normalisation follows the SQuAD v1.1 script (lower case, punctuation
and English articles removed, whitespace collapsed) with what Hindi needs on
top: NFC first, and the danda (।), double danda (॥) and abbreviation sign (॰)
are punctuation (Unicode category P*, so they go with the rest).
"""

from __future__ import annotations

import math
import re
import unicodedata
from collections import Counter
from collections.abc import Iterable, Sequence

_MARKER = re.compile(r"\[\s*\d+(?:\s*,\s*\d+)*\s*\]")  # citation markers like [1] or [1, 2]
_ARTICLES = re.compile(r"\b(a|an|the)\b")
_SPACE = re.compile(r"\s+")


def strip_markers(text: str) -> str:
    return _MARKER.sub(" ", text)


def normalize_answer(text: str) -> str:
    """NFC, citation markers and punctuation (incl. । ॥) removed, case folded,
    English articles dropped, whitespace collapsed."""
    text = unicodedata.normalize("NFC", strip_markers(text)).casefold()
    text = "".join(" " if unicodedata.category(ch).startswith("P") else ch for ch in text)
    text = _ARTICLES.sub(" ", text)
    return _SPACE.sub(" ", text).strip()


def answer_tokens(text: str) -> list[str]:
    return normalize_answer(text).split()


def exact_match(prediction: str, gold: str) -> float:
    return float(normalize_answer(prediction) == normalize_answer(gold))


def token_f1(prediction: str, gold: str) -> float:
    """SQuAD's token F1: harmonic mean of token precision and recall (bag of words)."""
    pred, ref = answer_tokens(prediction), answer_tokens(gold)
    if not pred or not ref:
        return float(pred == ref)
    common = sum((Counter(pred) & Counter(ref)).values())
    if common == 0:
        return 0.0
    precision, recall = common / len(pred), common / len(ref)
    return 2 * precision * recall / (precision + recall)


Gold = str | Sequence[str]
"""An acceptable answer: a string, or the parts of a combined answer ("Belousov
and Goremykin" is right in either order, with any words between)."""


def gold_text(gold: Gold) -> str:
    """The answer as one string, for exact match and F1 (parts joined by spaces)."""
    return gold if isinstance(gold, str) else " ".join(gold)


def contains_answer(text: str, gold: Gold) -> bool:
    """The gold answer occurs in the text as a whole-token sequence (so '4' is not
    found in '14'); for a combined answer, every part does, in any order."""
    parts = [normalize_answer(p) for p in ([gold] if isinstance(gold, str) else gold)]
    padded = f" {normalize_answer(text)} "
    return bool(parts) and all(p and f" {p} " in padded for p in parts)


def best(prediction: str, golds: Iterable[Gold]) -> dict[str, float]:
    """EM, F1 and contains-gold against the best acceptable answer (each maximised over ``golds``)."""
    golds = [g for g in golds if normalize_answer(gold_text(g))]
    if not golds:
        return {"em": 0.0, "f1": 0.0, "contains": 0.0}
    return {
        "em": max(exact_match(prediction, gold_text(g)) for g in golds),
        "f1": max(token_f1(prediction, gold_text(g)) for g in golds),
        "contains": float(any(contains_answer(prediction, g) for g in golds)),
    }


# ----------------------------------------------------------------- ranking


def first_relevant(gains: Sequence[int]) -> int | None:
    """1-based rank of the first result with a gain, or None."""
    return next((i for i, g in enumerate(gains, start=1) if g > 0), None)


def hit_at(gains: Sequence[int], k: int) -> float:
    rank = first_relevant(gains)
    return float(rank is not None and rank <= k)


def mrr_at(gains: Sequence[int], k: int) -> float:
    rank = first_relevant(gains)
    return 1.0 / rank if rank is not None and rank <= k else 0.0


def ndcg_at(gains: Sequence[int], k: int, n_relevant: int) -> float:
    """nDCG@k with the gain of each result = evidence items it covers first.

    The ideal ranking covers one item per rank: IDCG = sum over the first
    min(n_relevant, k) ranks of 1/log2(rank+1). Clipped at 1 (a passage that
    covers two items at once beats the ideal)."""
    if n_relevant <= 0:
        return 0.0
    dcg = sum(g / math.log2(i + 1) for i, g in enumerate(gains[:k], start=1))
    idcg = sum(1 / math.log2(i + 1) for i in range(1, min(n_relevant, k) + 1))
    return min(1.0, dcg / idcg)


def new_gains(covered: Sequence[set[int]]) -> list[int]:
    """Per result, how many evidence items it covers that no earlier result covered."""
    seen: set[int] = set()
    out = []
    for items in covered:
        fresh = set(items) - seen
        out.append(len(fresh))
        seen |= fresh
    return out


# --------------------------------------------------------------- relevance


def squash(text: str) -> str:
    """NFC and whitespace collapsed: a quote copied from an article still
    matches a passage whose line breaks differ."""
    return _SPACE.sub(" ", unicodedata.normalize("NFC", text)).strip()


def covered_items(passage_text: str, doc_id: str, start: int, end: int,
                  quotes: Sequence[str], spans: Sequence[tuple[str, int, int]]) -> set[int]:
    """Indices of the evidence items a passage covers: quotes (0..) it contains
    after normalisation, then spans (len(quotes)..) it overlaps."""
    text = squash(passage_text)
    out = {i for i, q in enumerate(quotes) if q and squash(q) in text}
    for j, (d, s, e) in enumerate(spans):
        if d == doc_id and start < e and s < end:
            out.add(len(quotes) + j)
    return out


# -------------------------------------------------------------- statistics


def percentile(values: Sequence[float], p: float) -> float | None:
    """Linear-interpolated percentile (p in 0..100, numpy's default); None when empty."""
    xs = sorted(v for v in values if v is not None)
    if not xs:
        return None
    pos = (len(xs) - 1) * p / 100
    lo = int(pos)
    hi = min(lo + 1, len(xs) - 1)
    return xs[lo] + (xs[hi] - xs[lo]) * (pos - lo)


def mean(values: Iterable[float | None]) -> float | None:
    xs = [v for v in values if v is not None]
    return sum(xs) / len(xs) if xs else None
