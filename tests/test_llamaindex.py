"""The llama-index components (rag/llamaindex) in real llama-index pipelines
over the seeds: llama-index's reader and index with our parser and embedding,
its RetrieverQueryEngine over our retriever, our query and chat engines with
a real Ollama server."""

from __future__ import annotations

from pathlib import Path

import pytest
from llama_index.core import SimpleDirectoryReader, VectorStoreIndex
from llama_index.core.query_engine import RetrieverQueryEngine
from llama_index.llms.ollama import Ollama

from rag.llamaindex import (
    AssistantChatEngine,
    AssistantQueryEngine,
    RagEmbedding,
    RagNodeParser,
    RagReader,
    RagRetriever,
)
from rag.pipeline import Assistant
from rag.text import sentence_spans
from tests.conftest import SEEDS, VISIT, make_settings
from tests.ui_support import MODEL

pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def parser(embedder):
    return RagNodeParser.from_settings(embedder.settings, embedder)


def test_parser_keeps_exact_spans_and_whole_sentences(parser):
    docs = SimpleDirectoryReader(str(SEEDS)).load_data()
    nodes = parser.get_nodes_from_documents(docs)
    by_id = {d.doc_id: d for d in docs}
    assert len(nodes) > len(docs)
    for n in nodes:
        text = by_id[n.ref_doc_id].text
        assert text[n.start_char_idx : n.end_char_idx] == n.text
        assert (n.metadata["start"], n.metadata["end"]) == (n.start_char_idx, n.end_char_idx)
        assert n.metadata["file_name"].endswith(".txt")  # the reader's metadata is kept
        assert n.end_char_idx in {e for _, e in sentence_spans(text)}, n.text[-30:]  # whole sentences
        assert "start" not in n.get_content(metadata_mode="embed")  # spans are not embedded


def test_parser_makes_the_passages_our_ingest_makes(parser, seeded_index):
    docs = SimpleDirectoryReader(str(SEEDS), file_extractor={".txt": RagReader()}).load_data()
    assert all(d.metadata["title"] and d.metadata["lang"] == "hi" for d in docs)
    nodes = parser.get_nodes_from_documents(docs)
    ours = {(Path(n.metadata["file_path"]).name, n.start_char_idx, n.end_char_idx) for n in nodes}
    store = seeded_index.store
    stored = {(Path(d.path).name, s, e) for d in store.documents()
              for s, e in store.db.execute("SELECT start, end FROM passages WHERE doc_id = ?", (d.doc_id,))}
    assert ours == stored


def test_llama_index_vector_index_with_our_parser_and_embedding(parser, embedder):
    docs = SimpleDirectoryReader(str(SEEDS)).load_data()
    index = VectorStoreIndex(parser.get_nodes_from_documents(docs), embed_model=RagEmbedding(embedder))
    hits = index.as_retriever(similarity_top_k=2).retrieve("रूस के रक्षा मंत्री कौन हैं?")
    assert hits[0].node.metadata["file_name"] == VISIT.name


def test_retriever_query_engine_over_our_hybrid_retriever(seeded_index, ollama_server):
    """A plain llama-index application: its Ollama LLM writes the answer from our retriever's passages."""
    llm = Ollama(model=MODEL, base_url=f"http://{ollama_server}", request_timeout=300, context_window=2048,
                 additional_kwargs={"num_predict": 48})
    engine = RetrieverQueryEngine.from_args(RagRetriever(seeded_index, top_k=3), llm=llm)
    response = engine.query("रूस के रक्षा मंत्री का नाम क्या है?")
    assert str(response).strip()
    top = response.source_nodes[0]
    assert len(response.source_nodes) <= 3 and top.node.metadata["file_name"] == VISIT.name
    assert "बेलोसोव" in top.node.text
    doc = seeded_index.store.document_text(top.node.metadata["doc_id"])
    assert doc[top.node.start_char_idx : top.node.end_char_idx] == top.node.text
    assert top.node.metadata["dense_score"] is not None and top.node.metadata["keyword_score"] is not None
    assert top.score == max(n.score for n in response.source_nodes)


def test_query_engine_response_is_the_checked_answer(seeded_index, ollama_server, tmp_path):
    settings = make_settings(tmp_path, llm=MODEL, ollama_host=ollama_server)
    assistant = Assistant(settings, seeded_index)
    response = AssistantQueryEngine(assistant, llm="none").query("रूस के रक्षा मंत्री कौन हैं?")
    assert response.metadata["mode"] == "extractive" and response.metadata["answerability"]["answerable"]
    assert str(response).startswith(response.metadata["short"]) and "[1]" in str(response)
    cited = response.source_nodes[0].node
    assert cited.text == response.metadata["quote"] and cited.metadata["marker"] == 1
    doc = seeded_index.store.document_text(cited.metadata["doc_id"])
    assert doc[cited.start_char_idx : cited.end_char_idx] == cited.text
    # With the model: read by it (or, when its reading is rejected, the rules' answer, saying why).
    read = AssistantQueryEngine(assistant).query("Who fired a ballistic missile after the talks?")
    assert read.metadata["model"] == MODEL and read.metadata["mode"] in ("llm", "extractive")
    assert read.source_nodes and read.metadata["answer"]["citations"]


def test_chat_engine_keeps_the_conversation(seeded_index, tmp_path):
    assistant = Assistant(make_settings(tmp_path, llm="none"), seeded_index)
    engine = AssistantChatEngine(assistant)
    first = "उत्तर कोरिया ने बैलिस्टिक मिसाइल कब दागी?"
    assert engine.chat(first).source_nodes
    streamed = engine.stream_chat("और उसके बाद क्या हुआ?")
    text = "".join(streamed.response_gen)
    assert text and streamed.source_nodes
    assert len(engine.chat_history) == 4 and engine.chat_history[-1].content == text
    engine.reset()
    assert engine.chat_history == []
