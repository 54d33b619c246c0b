"""Reading and splitting the llama-index way, with our loaders and our chunker."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

from llama_index.core.node_parser import NodeParser
from llama_index.core.readers.base import BaseReader
from llama_index.core.schema import BaseNode, Document, NodeRelationship, TextNode
from pydantic import Field

from rag.chunking import chunk_text
from rag.config import Settings
from rag.loaders import load_file

# Span and bookkeeping keys: in the node for citing, not in what is embedded or shown to an LLM.
_HIDDEN = ["start", "end", "lang", "doc_id", "date", "file_path", "rank", "dense_score", "keyword_score",
           "passage_start", "passage_end", "support", "marker"]


class RagReader(BaseReader):
    """Files as our ingest reads them: one ``Document`` per file, text normalised
    (NFC, tidy whitespace), with ``title``, ``date``, ``lang`` and ``file_path``."""

    def __init__(self, max_file_mb: float = 20.0) -> None:
        self.max_bytes = int(max_file_mb * 1e6)

    def load_data(self, file: Path | str, extra_info: dict | None = None,  # type: ignore[override]
                  **kwargs: Any) -> list[Document]:
        """One file; also usable as ``SimpleDirectoryReader(file_extractor={".html": RagReader()})``
        (which passes ``extra_info`` and ``fs``; files are read from the local disk)."""
        doc = load_file(Path(file), self.max_bytes)  # SkipFile says why a file cannot be read
        meta = {**(extra_info or {}), "title": doc.title, "date": doc.date or "", "lang": doc.lang,
                "file_path": str(doc.path), "file_name": doc.path.name}
        return [Document(text=doc.text, metadata=meta, excluded_embed_metadata_keys=_HIDDEN,
                         excluded_llm_metadata_keys=_HIDDEN)]


class RagNodeParser(NodeParser):
    """Passages of whole sentences (split at the danda as well as . ? !), each at
    most ``chunk_tokens`` in the embedding model's tokenizer, with whole-sentence
    overlap; ``document.text[node.start_char_idx:node.end_char_idx] == node.text``
    (also in ``metadata['start']``/``['end']``). llama-index's SentenceSplitter
    splits Hindi mid-sentence and counts tiktoken tokens (see rag/chunking.py)."""

    count_tokens: Callable[[list[str]], list[int]] = Field(
        exclude=True, description="Tokens each text costs the embedding model, prefix and specials included.")
    chunk_tokens: int = Field(default=160, ge=8, description="Passage size limit in the model's tokens.")
    chunk_overlap_tokens: int = Field(default=40, ge=0, description="Tokens of whole sentences repeated.")

    @classmethod
    def from_settings(cls, settings: Settings, embedder: Any = None, **kwargs: Any) -> RagNodeParser:
        """Sized by ``settings`` with the embedding model's tokenizer (``embedder``, or loaded now)."""
        if embedder is None:
            from rag.embed import Embedder

            embedder = Embedder(settings)
        return cls(count_tokens=embedder.count_tokens, chunk_tokens=settings.chunk_tokens,
                   chunk_overlap_tokens=settings.chunk_overlap_tokens, **kwargs)

    def _parse_nodes(self, nodes: Sequence[BaseNode], show_progress: bool = False, **kwargs: Any) -> list[BaseNode]:
        out: list[BaseNode] = []
        for parent in nodes:
            text = parent.get_content()
            for chunk in chunk_text(text, self.count_tokens, self.chunk_tokens, self.chunk_overlap_tokens):
                node = TextNode(
                    id_=self.id_func(len(out), parent), text=chunk.text,
                    start_char_idx=chunk.start, end_char_idx=chunk.end,
                    metadata={**(parent.metadata if self.include_metadata else {}),
                              "start": chunk.start, "end": chunk.end, "lang": chunk.lang},
                    excluded_embed_metadata_keys=_HIDDEN, excluded_llm_metadata_keys=_HIDDEN,
                    relationships={NodeRelationship.SOURCE: parent.as_related_node_info()},
                )
                out.append(node)
        return out

    def _postprocess_parsed_nodes(self, nodes: list[BaseNode], parent_doc_map: dict[str, Document]) -> list[BaseNode]:
        # The base class re-finds each node's text in its document with str.find,
        # which moves a repeated sentence's span to its first occurrence: keep ours.
        out = super()._postprocess_parsed_nodes(nodes, parent_doc_map)
        for node in out:
            if isinstance(node, TextNode) and "start" in node.metadata:
                node.start_char_idx, node.end_char_idx = node.metadata["start"], node.metadata["end"]
        return out
