"""The assistant as a llama-index query engine and chat engine: the ``Response``
is our checked answer (short answer, quoted sentence, ``[n]``), never a free
synthesis; ``source_nodes`` are the cited sentences with their exact spans;
``metadata`` carries the mode, the answerability verdict and the whole answer."""

from __future__ import annotations

import asyncio
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from llama_index.core.base.base_query_engine import BaseQueryEngine
from llama_index.core.base.llms.types import ChatMessage, ChatResponse, MessageRole
from llama_index.core.base.response.schema import Response
from llama_index.core.callbacks import CallbackManager
from llama_index.core.chat_engine.types import AgentChatResponse, BaseChatEngine, StreamingAgentChatResponse
from llama_index.core.schema import NodeRelationship, NodeWithScore, QueryBundle, RelatedNodeInfo, TextNode

from rag.index import Filters
from rag.llamaindex.parser import _HIDDEN
from rag.llamaindex.retriever import RagRetriever
from rag.pipeline import Answer, Assistant, Turn


def answer_nodes(answer: Answer) -> list[NodeWithScore]:
    """The cited sentences, quoted from their documents, scored by their support."""
    out = []
    for c in answer.citations:
        node = TextNode(
            id_=f"{c.doc_id}:{c.start}-{c.end}", text=c.quote, start_char_idx=c.start, end_char_idx=c.end,
            metadata={"marker": c.marker, "title": c.title, "file_name": Path(c.path).name, "file_path": c.path,
                      "doc_id": c.doc_id, "start": c.start, "end": c.end, "passage_start": c.passage_start,
                      "passage_end": c.passage_end, "support": c.support},
            excluded_embed_metadata_keys=_HIDDEN, excluded_llm_metadata_keys=_HIDDEN,
            relationships={NodeRelationship.SOURCE: RelatedNodeInfo(node_id=c.doc_id, metadata={"title": c.title})},
        )
        out.append(NodeWithScore(node=node, score=c.support))
    return out


def answer_metadata(answer: Answer) -> dict[str, Any]:
    return {"mode": answer.mode, "short": answer.short, "quote": answer.quote, "model": answer.model,
            "notice": answer.notice,
            "answerability": None if answer.answerability is None else answer.answerability.to_dict(),
            "answer": answer.to_dict()}


class AssistantQueryEngine(BaseQueryEngine):
    """``query(question)`` -> ``Response``: ``str(response)`` is the answer text,
    ``response.metadata['mode']`` says who answered (``llm``, ``extractive``,
    ``abstained``), ``response.source_nodes`` are the cited sentences."""

    def __init__(self, assistant: Assistant, llm: str | None = None, filters: Filters | None = None,
                 callback_manager: CallbackManager | None = None) -> None:
        super().__init__(callback_manager)
        self.assistant = assistant
        self.llm = llm
        self.filters = filters

    def _get_prompt_modules(self) -> dict:
        return {}  # the prompts live in prompts/*.toml, chosen per language

    def retrieve(self, query_bundle: QueryBundle) -> list[NodeWithScore]:
        return RagRetriever(self.assistant.index, top_k=self.assistant.settings.context_passages,
                            filters=self.filters).retrieve(query_bundle)

    def _query(self, query_bundle: QueryBundle) -> Response:
        answer = self.assistant.ask(query_bundle.query_str, llm=self.llm, filters=self.filters)
        return Response(response=answer.text, source_nodes=answer_nodes(answer), metadata=answer_metadata(answer))

    async def _aquery(self, query_bundle: QueryBundle) -> Response:
        return await asyncio.to_thread(self._query, query_bundle)


class AssistantChatEngine(BaseChatEngine):
    """Multi-turn: a follow-up is rewritten into a standalone question (by the
    model, or with the previous question prepended), as in ``rag chat``.
    Streaming yields the answer once it is checked: the engine has no
    unverified tokens to stream."""

    def __init__(self, assistant: Assistant, llm: str | None = None,
                 chat_history: list[ChatMessage] | None = None) -> None:
        self.assistant = assistant
        self.llm = llm
        self._history: list[ChatMessage] = list(chat_history or [])

    @property
    def chat_history(self) -> list[ChatMessage]:
        return self._history

    def reset(self) -> None:
        self._history = []

    def _turns(self, messages: list[ChatMessage]) -> list[Turn]:
        turns, pending = [], None
        for m in messages:
            if m.role == MessageRole.USER:
                pending = m.content or ""
            elif m.role == MessageRole.ASSISTANT and pending:
                turns.append(Turn(pending, m.content or ""))
                pending = None
        return turns

    def _answer(self, message: str, chat_history: list[ChatMessage] | None) -> Answer:
        if chat_history is not None:
            self._history = list(chat_history)
        answer = self.assistant.ask(message, self._turns(self._history), llm=self.llm)
        self._history += [ChatMessage(role=MessageRole.USER, content=message),
                          ChatMessage(role=MessageRole.ASSISTANT, content=answer.text)]
        return answer

    def chat(self, message: str, chat_history: list[ChatMessage] | None = None) -> AgentChatResponse:
        answer = self._answer(message, chat_history)
        return AgentChatResponse(response=answer.text, source_nodes=answer_nodes(answer),
                                 metadata=answer_metadata(answer))

    def stream_chat(self, message: str, chat_history: list[ChatMessage] | None = None) -> StreamingAgentChatResponse:
        sources: list[NodeWithScore] = []
        meta: dict[str, Any] = {}

        def gen() -> Iterator[ChatResponse]:  # runs when the caller reads response_gen
            answer = self._answer(message, chat_history)
            sources.extend(answer_nodes(answer))
            meta.update(answer_metadata(answer))
            yield ChatResponse(message=ChatMessage(role=MessageRole.ASSISTANT, content=answer.text),
                               delta=answer.text, additional_kwargs=meta)

        return StreamingAgentChatResponse(chat_stream=gen(), source_nodes=sources, is_writing_to_memory=False)

    async def achat(self, message: str, chat_history: list[ChatMessage] | None = None) -> AgentChatResponse:
        return await asyncio.to_thread(self.chat, message, chat_history)

    async def astream_chat(self, message: str,
                           chat_history: list[ChatMessage] | None = None) -> StreamingAgentChatResponse:
        response = await self.achat(message, chat_history)

        async def agen() -> Any:
            yield ChatResponse(message=ChatMessage(role=MessageRole.ASSISTANT, content=response.response),
                               delta=response.response)

        return StreamingAgentChatResponse(achat_stream=agen(), source_nodes=response.source_nodes,
                                          is_writing_to_memory=False)
