"""llama-index components over this project's engine (issue #13), for a
llama-index application to drop in:

* ``RagReader``: our loaders (.txt .md .html .pdf; encodings guessed,
  Devanagari normalised; title, date, language) as a llama-index reader;
* ``RagNodeParser``: danda-aware passages of whole sentences sized in the
  embedding model's own tokens, each node keeping its exact character span;
* ``RagEmbedding``: the embedding model with the e5 ``query:``/``passage:`` prefixes;
* ``RagRetriever``: the hybrid (dense + BM25) index, as ``NodeWithScore``;
* ``AssistantQueryEngine``, ``AssistantChatEngine``: the checked answer, its
  mode and answerability, with the cited sentences as ``source_nodes``.

Each wraps the function our own pipeline runs (``chunk_text``, ``Retriever``,
``Assistant``), so the two cannot disagree. Importing this module imports
``llama_index.core`` (about 2 s); the CLI and the page do not import it.
"""

from rag.llamaindex.engines import AssistantChatEngine, AssistantQueryEngine, answer_nodes
from rag.llamaindex.parser import RagNodeParser, RagReader
from rag.llamaindex.retriever import RagEmbedding, RagRetriever, result_node

__all__ = ["AssistantChatEngine", "AssistantQueryEngine", "RagEmbedding", "RagNodeParser", "RagReader",
           "RagRetriever", "answer_nodes", "result_node"]
