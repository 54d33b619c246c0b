"""Search the llama-index way: our hybrid index as a retriever, our embedding
model as an embedding (with the e5 prefixes a plain HuggingFaceEmbedding omits)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from llama_index.core.base.base_retriever import BaseRetriever
from llama_index.core.base.embeddings.base import BaseEmbedding
from llama_index.core.schema import NodeRelationship, NodeWithScore, QueryBundle, RelatedNodeInfo, TextNode
from pydantic import PrivateAttr

from rag.index import Filters, Index
from rag.llamaindex.parser import _HIDDEN
from rag.retrieve import Retriever, SearchResult


def result_node(r: SearchResult) -> NodeWithScore:
    """A search result as a node: its passage text and span, title, file, and
    the fused (``score``), dense and BM25 scores."""
    node = TextNode(
        id_=r.passage_ids[0] if r.passage_ids else f"{r.doc_id}:{r.start}-{r.end}", text=r.text,
        start_char_idx=r.start, end_char_idx=r.end,
        metadata={"title": r.title, "file_name": Path(r.path).name, "file_path": r.path, "doc_id": r.doc_id,
                  "start": r.start, "end": r.end, "lang": r.lang, "date": r.date or "", "rank": r.rank,
                  "dense_score": r.dense_score, "keyword_score": r.keyword_score},
        excluded_embed_metadata_keys=_HIDDEN, excluded_llm_metadata_keys=_HIDDEN,
        relationships={NodeRelationship.SOURCE: RelatedNodeInfo(node_id=r.doc_id, metadata={"title": r.title})},
    )
    return NodeWithScore(node=node, score=r.score)


class RagRetriever(BaseRetriever):
    """Hybrid search over an ``Index`` (dense and BM25 fused, overlapping passages merged)."""

    def __init__(self, index: Index, top_k: int | None = None, mode: str | None = None,
                 filters: Filters | None = None, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.retriever = Retriever(index)
        self.top_k = top_k
        self.mode = mode
        self.filters = filters

    def _retrieve(self, query_bundle: QueryBundle) -> list[NodeWithScore]:
        results = self.retriever.search(query_bundle.query_str, top_k=self.top_k, mode=self.mode,
                                        filters=self.filters)
        return [result_node(r) for r in results]


class RagEmbedding(BaseEmbedding):
    """The index's embedding model (``Embedder``) for llama-index indexes."""

    _embedder: Any = PrivateAttr()

    def __init__(self, embedder: Any, **kwargs: Any) -> None:
        super().__init__(model_name=str(getattr(embedder, "name", "rag")), **kwargs)
        self._embedder = embedder

    def _get_query_embedding(self, query: str) -> list[float]:
        return self._embedder.embed_query(query).tolist()

    def _get_text_embedding(self, text: str) -> list[float]:
        return self._embedder.embed_passages([text])[0].tolist()

    def _get_text_embeddings(self, texts: list[str]) -> list[list[float]]:
        return self._embedder.embed_passages(texts).tolist()

    async def _aget_query_embedding(self, query: str) -> list[float]:
        return self._get_query_embedding(query)
