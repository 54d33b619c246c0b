"""Answer-sentence ranking: which sentence of the retrieved passages holds the answer.

Similarity alone picks the sentence that *restates* the question; the answer
is in the one that matches it *and* adds what it asks for. Each candidate
sentence gets features (dense cosine; MaxSim, the question's tokens matched
one by one to the sentence's in the embedding model's token states;
IDF-weighted coverage of the question's words with the corpus's IDF, word
bigrams, the question's words verbatim in order, the question's numbers,
answer-type cues, novelty, the previous sentence's coverage for pronouns, the
passage's retrieval rank, whether it crosses scripts, the best span's score)
and a logistic model over some of them gives the probability that it holds
the answer. The weights are fitted on ``../shared/data`` by
``evals/fit/fit_ranker.py`` and stored in ``ranker.json`` beside this file,
with the features used, the split and the held-out figures; features it does
not use and that cost time (the span score) are computed only for fitting.
MaxSim carries most of the weight: it tells the answering sentence from its
neighbours better than the pooled cosine, most of all for an English
question over Hindi sentences (evals/RESULTS.md).
"""

from __future__ import annotations

import json
import math
from collections import Counter
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path

import numpy as np

from rag.answer.cues import QuestionInfo, type_cue
from rag.answer.defined import read_with_definitions
from rag.answer.span import weights_for
from rag.answer.span.learned import best_score
from rag.text import detect_language, fold, keyword_tokens, words

WEIGHTS = Path(__file__).with_name("ranker.json")

FEATURES = (
    "cos", "cos_gap", "cos_rank", "passage_rank", "idf_cov", "idf_cov_prev", "rare_cov", "bigram", "numbers",
    "type_cue", "typed", "novelty", "log_len", "headline", "cross", "cross_cos", "cross_idf_cov", "phrase",
    "span", "cos_ctx", "maxsim",
)


@dataclass
class Candidate:
    """A sentence of a retrieved passage, as the answer steps see it."""

    passage: int  # index of its passage in the retrieval results
    start: int  # span in the document
    end: int
    text: str
    vector: np.ndarray | None = field(default=None, repr=False)
    features: dict[str, float] = field(default_factory=dict, repr=False)
    score: float = 0.0  # probability that it holds the answer
    tokens: list[str] = field(default_factory=list, repr=False)
    states: np.ndarray | None = field(default=None, repr=False)  # its tokens' embeddings, for MaxSim
    heading: bool = False  # a line of its own with no closing punctuation (``context.gather``)
    follows: bool = False  # the answer goes on from the sentence before it (``follow``): quoted with it


class Idf:
    """Inverse document frequency of keyword tokens over the index's passages
    (BM25's idf); unseen tokens get the highest."""

    def __init__(self, df: Counter[str], n: int) -> None:
        self.df, self.n = df, max(n, 1)

    @classmethod
    def from_token_lists(cls, lists: list[list[str]]) -> Idf:
        df: Counter[str] = Counter()
        for toks in lists:
            df.update(set(toks))
        return cls(df, len(lists))

    @classmethod
    def from_store(cls, store: object) -> Idf:
        """Over every ready passage of the index (``rag.store.Store``)."""
        return cls.from_token_lists([toks for _, toks in store.ready_passages()])  # type: ignore[attr-defined]

    def __call__(self, token: str) -> float:
        d = self.df.get(token, 0)
        return math.log(1 + (self.n - d + 0.5) / (d + 0.5))


@cache
def _weights(path: str) -> dict | None:
    p = Path(path)
    return json.loads(p.read_text(encoding="utf-8")) if p.is_file() else None


def _coverage(q: list[str], sent: set[str], idf: Idf) -> float:
    total = sum(idf(t) for t in q)
    return sum(idf(t) for t in q if t in sent) / total if total else 0.0


def longest_run(a: tuple[str, ...] | list[str], b: list[str]) -> int:
    """Length of the longest run of consecutive words ``a`` and ``b`` share."""
    best, prev = 0, [0] * (len(b) + 1)
    for x in a:
        cur = [0] * (len(b) + 1)
        for j, y in enumerate(b, start=1):
            if x == y:
                cur[j] = prev[j - 1] + 1
                best = max(best, cur[j])
        prev = cur
    return best


def maxsim(q_states: np.ndarray | None, states: np.ndarray | None, cos: float) -> float:
    """Late interaction (ColBERT's MaxSim): each question token's best cosine
    among the sentence's tokens, averaged. A sentence can match the question
    word by word, across scripts too, where the pooled vectors blur it.
    Without token states, the sentence cosine stands in. One sentence of
    ``maxsims``, which the ranker uses."""
    one = Candidate(0, 0, 0, "", states=states)
    return float(maxsims(q_states, [one], np.array([cos]))[0])


def _sims(q: np.ndarray, s: np.ndarray) -> np.ndarray:
    # einsum's own loop, not BLAS: right after an onnxruntime pass, OpenBLAS took
    # 35 ms for this (15 × 384 by 384 × 672) product, einsum 0.3 ms (2 cores).
    return np.einsum("ik,jk->ij", q, s)


def maxsims(q_states: np.ndarray | None, cands: list[Candidate], cos: np.ndarray) -> np.ndarray:
    """``maxsim`` of every candidate, from one product of the question's token
    states with all the candidates' tokens."""
    out = cos.astype(float)
    have = [(i, c.states) for i, c in enumerate(cands) if c.states is not None and len(c.states)]
    if q_states is None or not len(q_states) or not have:
        return out
    sims = _sims(q_states, np.concatenate([h for _, h in have]))
    starts = np.cumsum([0] + [len(h) for _, h in have[:-1]])
    out[[i for i, _ in have]] = np.maximum.reduceat(sims, starts, axis=1).mean(0)
    return out


def features(info: QuestionInfo, cands: list[Candidate], q_vec: np.ndarray, idf: Idf,
             passage_ranks: list[int], q_states: np.ndarray | None = None, every: bool = False) -> None:
    """Fill each candidate's ``features`` (vectors must be set; token states
    may be). The costlier ones only when the fitted weights use them, or
    ``every`` (for fitting)."""
    if not cands:
        return
    w = _weights(str(WEIGHTS))
    used = set(FEATURES) if every or w is None else set(w["features"])
    span_used = "span" in used
    cos = np.stack([c.vector for c in cands]) @ q_vec
    late = maxsims(q_states, cands, cos)
    order = np.argsort(-cos)
    rank_of = np.empty(len(cands), dtype=int)
    rank_of[order] = np.arange(1, len(cands) + 1)
    q = list(dict.fromkeys(info.tokens))
    q_set = set(q)
    # The question's rarest words (names, numbers, terms): an answering sentence has them.
    rare = sorted(q, key=lambda t: -idf(t))[:2]
    q_bigrams = set(zip(info.tokens, info.tokens[1:], strict=False))
    # A sentence's word that is another reading of a bridged question word counts as it.
    read_as = {alt: tok for alt, tok in info.alternatives if alt not in q_set}
    for c in cands:
        # An acronym the articles define stands for its long form and the other way round.
        c.tokens = read_with_definitions([read_as.get(t, t) for t in keyword_tokens(c.text)], q_set, info.defined)
    for i, c in enumerate(cands):
        toks = set(c.tokens)
        prev = cands[i - 1] if i and cands[i - 1].passage == c.passage else None
        cov = _coverage(q, toks, idf)
        cov_prev = _coverage(q, toks | set(prev.tokens), idf) if prev else cov
        bigrams = set(zip(c.tokens, c.tokens[1:], strict=False))
        cross = float(bool(info.lang) and detect_language(c.text) not in (info.lang, "mixed", ""))
        new = sum(1 for t in c.tokens if t not in q_set)
        kind = info.answer_type
        # The question's words verbatim and in order ("रूस के रक्षा मंत्री"): stems
        # cannot tell मंत्री from मंत्रालय, nor a phrase from its scattered words.
        span_w = weights_for(c.text) if span_used else None  # the scorer the answer uses for its script
        phrase = longest_run(info.phrase, [fold(w) for w in words(c.text)]) / max(len(info.phrase), 1)
        c.features = {
            "cos": float(cos[i]),
            "cos_gap": float(cos[i] - cos[order[0]]),
            "cos_rank": 1.0 / rank_of[i],
            "passage_rank": 1.0 / (1 + passage_ranks[c.passage]),
            "idf_cov": cov,
            "idf_cov_prev": cov_prev - cov,
            "rare_cov": sum(t in toks for t in rare) / len(rare) if rare else 0.0,
            "bigram": len(q_bigrams & bigrams) / len(q_bigrams) if q_bigrams else 0.0,
            "numbers": (sum(n in c.text for n in info.numbers) / len(info.numbers)) if info.numbers else 0.0,
            "type_cue": type_cue(kind, c.text) if kind != "other" else 0.0,
            "typed": float(kind != "other"),
            "novelty": min(new, 8) / 8,
            "log_len": math.log1p(len(c.tokens)),
            "headline": 0.0 if c.text[-1] in "।॥?!.…\"'”’)" else 1.0,
            "cross": cross,
            "cross_cos": cross * float(cos[i]),
            "cross_idf_cov": cross * cov,
            "phrase": phrase,
            # The best span's score: a sentence that adds an answer-like phrase, not one that only
            # restates (about 5 ms a sentence, so only when the weights use it).
            "span": best_score(info, c.text, span_w) if span_w else 0.0,
            "maxsim": float(late[i]),
            # The sentence read with the one before it (whose names its pronouns stand for).
            "cos_ctx": _ctx_cos(prev, c, q_vec) - float(cos[i]) if prev else 0.0,
        }


def _ctx_cos(prev: Candidate, c: Candidate, q_vec: np.ndarray) -> float:
    v = prev.vector + c.vector
    return float(v @ q_vec / max(float(np.linalg.norm(v)), 1e-12))


def score(cands: list[Candidate], weights_path: Path = WEIGHTS) -> None:
    """Set each candidate's ``score``: the fitted probability that it holds the
    answer (or, with no fitted weights, cosine plus a tenth of the coverage)."""
    w = _weights(str(weights_path))
    for c in cands:
        f = c.features
        if w is None:
            c.score = f["cos"] + 0.1 * f["idf_cov"] - f["headline"]
            continue
        x = np.array([f[name] for name in w["features"]])
        z = float((x - np.array(w["mean"])) / np.array(w["scale"]) @ np.array(w["coef"]) + w["intercept"])
        c.score = 1.0 / (1.0 + math.exp(-z))


def rank(info: QuestionInfo, cands: list[Candidate], q_vec: np.ndarray, idf: Idf,
         passage_ranks: list[int], q_states: np.ndarray | None = None, every: bool = False) -> list[Candidate]:
    """The candidates scored, best first."""
    features(info, cands, q_vec, idf, passage_ranks, q_states, every)
    score(cands)
    return sorted(cands, key=lambda c: -c.score)
