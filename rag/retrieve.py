"""Hybrid retrieval: dense (Chroma) and keyword (BM25) lists fused, by their
scores (the default) or by weighted reciprocal rank fusion, overlapping
passages of a document merged.
"""

from __future__ import annotations

import time
from dataclasses import asdict, dataclass, field

from rag.bridge.lexicon import Term, render, surface_forms
from rag.bridge.phonetic import is_romanised_hindi
from rag.index import Filters, Index
from rag.text import normalize


class EmptyQuery(ValueError):
    """The question has no searchable text."""


@dataclass
class SearchResult:
    rank: int
    score: float  # fused score (higher is better); comparable within one search only
    doc_id: str
    title: str
    path: str
    start: int  # document_text[start:end] == text
    end: int
    text: str
    lang: str
    date: str | None
    passage_ids: list[str] = field(default_factory=list)
    dense_score: float | None = None  # cosine similarity of the best merged passage
    keyword_score: float | None = None  # BM25 score of the best merged passage

    def to_dict(self) -> dict:
        return asdict(self)


@dataclass
class SearchTimings:
    embed_ms: float = 0.0
    dense_ms: float = 0.0
    keyword_ms: float = 0.0
    total_ms: float = 0.0


def rrf(lists: list[tuple[list[str], float]], k: int) -> dict[str, float]:
    """Weighted reciprocal rank fusion: sum of weight / (k + rank) over lists.

    k=60 after Cormack, Clarke and Buettcher (SIGIR 2009), as llama-index uses.
    """
    fused: dict[str, float] = {}
    for ids, weight in lists:
        if weight <= 0:
            continue
        for rank, pid in enumerate(ids, start=1):
            fused[pid] = fused.get(pid, 0.0) + weight / (k + rank)
    return fused


def fuse_scores(dense: list[tuple[str, float]], keyword: list[tuple[str, float]], weight: float) -> dict[str, float]:
    """Convex fusion: cosines min-max scaled over the dense candidates plus
    ``weight`` times BM25 over the best BM25 (a passage missing from a list
    scores 0 there). Unlike rank fusion it keeps how far apart the candidates
    are: a passage far ahead on one side is not pulled level with the rest
    (Bruch et al., "An Analysis of Fusion Functions for Hybrid Retrieval", 2023).
    """
    fused: dict[str, float] = {}
    if dense:
        hi, lo = max(s for _, s in dense), min(s for _, s in dense)
        for pid, s in dense:
            fused[pid] = (s - lo) / (hi - lo) if hi > lo else 1.0
    top = max((s for _, s in keyword), default=0.0)
    if weight > 0 and top > 0:
        for pid, s in keyword:
            fused[pid] = fused.get(pid, 0.0) + weight * s / top
    return fused


class Retriever:
    def __init__(self, index: Index) -> None:
        self.index = index
        self.settings = index.settings
        self.last_timings = SearchTimings()
        self.last_terms: list[Term] = []  # the keyword side's words and their bridged matches
        self.last_dense_query = ""

    def dense_query(self, query: str, passages: list[SearchResult] | list[str] | None = None) -> str:
        """The text the dense model embeds: the question itself, or a romanised
        Hindi question rendered in Devanagari through the index's bridge (with
        the words as ``passages`` (results or texts) spell them, when given)."""
        if not (self.settings.bridge and is_romanised_hindi(query)):
            return query  # English reads well as it is: e5 is multilingual
        self.index.refresh_keyword()
        texts = [p if isinstance(p, str) else p.text for p in passages or []]
        return render(query, self.index.keyword.bridge, surface_forms(texts) if texts else None)

    def _passage_texts(self, ids: list[str]) -> list[str]:
        records = self.index.store.passages_by_id(ids)
        docs: dict[str, str] = {}
        out = []
        for pid in ids:
            rec = records.get(pid)
            if rec is not None:
                text = docs.setdefault(rec.doc_id, self.index.store.document_text(rec.doc_id))
                out.append(text[rec.start : rec.end])
        return out

    def search(
        self,
        query: str,
        top_k: int | None = None,
        mode: str | None = None,
        filters: Filters | None = None,
    ) -> list[SearchResult]:
        """The best passages for ``query``, best first, overlapping ones merged."""
        mode = mode or self.settings.retrieval_mode
        if mode != "keyword":
            _ = self.index.embedder.model  # load outside the timings: they measure the search
        t0 = time.perf_counter()
        self.last_terms, self.last_dense_query = [], ""
        query = normalize(query).strip()
        if not query:
            raise EmptyQuery("the question is empty")
        top_k = top_k or self.settings.top_k
        filters = filters or Filters()
        n = max(self.settings.candidates, top_k * 3)
        timings = SearchTimings()

        keyword: list[tuple[str, float]] = []
        coverage = 0.0
        romanised = self.settings.bridge and is_romanised_hindi(query)
        if mode in ("hybrid", "keyword"):
            t = time.perf_counter()
            self.index.refresh_keyword()
            terms = self.index.keyword.expand(query, bridge=self.settings.bridge,
                                              neighbours=self.settings.neighbour_similarity
                                              if self.settings.bridge_neighbours else None)
            # Words bridged from English are translations, often loose; romanised
            # Hindi words are the article's own words in other letters.
            coverage = self.index.keyword.term_coverage(terms, 1.0 if romanised else self.settings.bridge_weight)
            if romanised:
                coverage *= self.settings.romanised_keyword_weight
            keyword = self.index.keyword.search_terms(terms, n, self.index.allowed_passages(filters))
            self.last_terms = terms
            timings.keyword_ms = (time.perf_counter() - t) * 1000

        dense: list[tuple[str, float]] = []
        if mode in ("hybrid", "dense"):
            t = time.perf_counter()
            # A romanised question is rendered with the words as the keyword side's best passages spell them.
            self.last_dense_query = self.dense_query(query, self._passage_texts([p for p, _ in keyword[:5]])
                                                     if romanised else None)
            vector = self.index.embedder.embed_query(self.last_dense_query)
            timings.embed_ms = (time.perf_counter() - t) * 1000
            t = time.perf_counter()
            dense = self.index.dense_search(vector, n, filters)
            timings.dense_ms = (time.perf_counter() - t) * 1000

        # The keyword list counts in proportion to how much of the query the
        # corpus has words for: an English question over Hindi articles
        # matches a few stray names and numbers, and should not outvote the
        # cross-lingual dense list.
        keyword_weight = self.settings.keyword_weight * coverage
        if self.settings.fusion == "scores":
            fused = fuse_scores(dense, keyword, keyword_weight)
        else:
            fused = rrf([([p for p, _ in dense], 1.0), ([p for p, _ in keyword], keyword_weight)],
                        self.settings.rrf_k)
        if mode == "keyword":
            fused = rrf([([p for p, _ in keyword], 1.0)], self.settings.rrf_k)
        results = self._merge(fused, dict(dense), dict(keyword), top_k)
        timings.total_ms = (time.perf_counter() - t0) * 1000
        self.last_timings = timings
        return results

    def _merge(
        self, fused: dict[str, float], dense: dict[str, float], keyword: dict[str, float], top_k: int
    ) -> list[SearchResult]:
        ranked = sorted(fused, key=lambda p: -fused[p])
        records = self.index.store.passages_by_id(ranked)  # ready documents only
        docs: dict[str, tuple] = {}
        texts: dict[str, str] = {}
        out: list[SearchResult] = []
        for pid in ranked:
            if len(out) >= top_k:
                break
            rec = records.get(pid)
            if rec is None:
                continue
            if rec.doc_id not in docs:
                docs[rec.doc_id] = self.index.store.document(rec.doc_id)
                texts[rec.doc_id] = self.index.store.document_text(rec.doc_id)
            doc = docs[rec.doc_id]
            for r in out:  # overlapping passages of one document become one result
                if r.doc_id == rec.doc_id and rec.start < r.end and r.start < rec.end:
                    r.start, r.end = min(r.start, rec.start), max(r.end, rec.end)
                    r.text = texts[rec.doc_id][r.start : r.end]
                    r.passage_ids.append(pid)
                    r.dense_score = _max(r.dense_score, dense.get(pid))
                    r.keyword_score = _max(r.keyword_score, keyword.get(pid))
                    # Grown, it may now reach a later result of the same document: absorb it.
                    for o in [o for o in out if o is not r and o.doc_id == r.doc_id and o.start < r.end
                              and r.start < o.end]:
                        r.start, r.end = min(r.start, o.start), max(r.end, o.end)
                        r.passage_ids += o.passage_ids
                        r.dense_score = _max(r.dense_score, o.dense_score)
                        r.keyword_score = _max(r.keyword_score, o.keyword_score)
                        out.remove(o)
                    r.text = texts[rec.doc_id][r.start : r.end]
                    break
            else:
                out.append(
                    SearchResult(
                        rank=len(out) + 1,
                        score=round(fused[pid], 6),
                        doc_id=rec.doc_id,
                        title=doc.title,
                        path=doc.path,
                        start=rec.start,
                        end=rec.end,
                        text=texts[rec.doc_id][rec.start : rec.end],
                        lang=rec.lang,
                        date=doc.date,
                        passage_ids=[pid],
                        dense_score=dense.get(pid),
                        keyword_score=keyword.get(pid),
                    )
                )
        for rank, r in enumerate(out, start=1):
            r.rank = rank
        return out


def _max(a: float | None, b: float | None) -> float | None:
    if a is None:
        return b
    return a if b is None else max(a, b)
