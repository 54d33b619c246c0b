"""OpenAI's chat completions, answered by the assistant: the conversation's
earlier turns become our history, its last user message the question; the
reply's content is the checked answer with its ``[n]`` markers and a list of
the sources they point to; everything else (mode, answerability, citations,
the quoted sentence) rides in an extra ``rag`` field.

Content in OpenAI's protocol only grows, so a stream cannot replace the draft
as the page does: the draft and the passages go in ``rag`` of content-less
chunks, and the content is the final answer, sent the moment it exists.
"""

from __future__ import annotations

import json
import time
import uuid
from collections.abc import AsyncIterator
from pathlib import Path

from rag.pipeline import Answer, Event, Turn
from ui.api.errors import ApiError, as_api_error, error_body
from ui.api.schemas import ChatRequest, Message

NAME = "rag"
SOURCES = "\n\nSources:\n"


def engine_model(name: str) -> str | None:
    """``rag`` -> the server's model (None); ``rag:MODEL`` -> that Ollama model (``rag:none``: no model)."""
    name = name.strip()
    if name == NAME:
        return None
    if name.startswith(NAME + ":") and name[len(NAME) + 1 :].strip():
        return name[len(NAME) + 1 :].strip()
    raise ApiError(404, f"the model '{name}' does not exist: use '{NAME}' (the server's model), "
                        f"'{NAME}:none' (no model) or '{NAME}:OLLAMA_MODEL' (GET /v1/models lists them)",
                   "model_not_found", "model")


def model_list(ollama_models: list[str]) -> dict:
    ids = [NAME, f"{NAME}:none", *(f"{NAME}:{m}" for m in ollama_models)]
    return {"object": "list", "data": [{"id": i, "object": "model", "created": 0, "owned_by": NAME} for i in ids]}


def conversation(messages: list[Message]) -> tuple[str, list[Turn]]:
    """The question (the last message, the user's) and the earlier turns as
    (user, assistant) pairs; system messages are not instructions to this engine."""
    if messages[-1].role != "user":
        raise ApiError(400, f"the last message must be the user's question, not '{messages[-1].role}'",
                       "last_message_not_user", "messages")
    question = messages[-1].text().strip()
    if not question:
        raise ApiError(400, "the question is empty: the last user message has no text", "empty_question", "messages")
    turns: list[Turn] = []
    pending: str | None = None
    for m in messages[:-1]:
        if m.role == "user":
            pending = m.text().strip()
        elif m.role == "assistant" and pending:
            turns.append(Turn(pending, m.text().split(SOURCES, 1)[0].strip()))  # our own sources list left out
            pending = None
    return question, turns


def content(answer: Answer) -> str:
    """The answer text, then what each ``[n]`` points to (plain text: any chat UI shows it)."""
    if not answer.citations:
        return answer.text
    lines = [f"[{c.marker}] {c.title} — {Path(c.path).name}, chars {c.start}–{c.end}" for c in answer.citations]
    return answer.text + SOURCES + "\n".join(lines)


def usage(answer: Answer) -> dict:
    prompt, completion = answer.tokens.get("prompt", 0), answer.tokens.get("completion", 0)
    return {"prompt_tokens": prompt, "completion_tokens": completion, "total_tokens": prompt + completion}


def completion(answer: Answer, model: str) -> dict:
    return {
        "id": f"chatcmpl-{uuid.uuid4().hex}", "object": "chat.completion", "created": int(time.time()),
        "model": model, "system_fingerprint": None,
        "choices": [{"index": 0, "message": {"role": "assistant", "content": content(answer)},
                     "finish_reason": "stop", "logprobs": None}],
        "usage": usage(answer), "rag": answer.to_dict(),
    }


async def chunks(events: AsyncIterator[Event], request: ChatRequest) -> AsyncIterator[str]:
    """Server-sent events: the role at once, then ``rag`` progress (passages,
    draft), the answer's content, the final chunk, ``[DONE]``. An error after
    the stream has begun is an ``error`` object, which OpenAI clients raise."""
    cid, created = f"chatcmpl-{uuid.uuid4().hex}", int(time.time())
    include_usage = bool((request.stream_options or {}).get("include_usage"))

    def chunk(delta: dict | None, finish: str | None = None, rag: dict | None = None) -> dict:
        choices = [] if delta is None else [{"index": 0, "delta": delta, "finish_reason": finish, "logprobs": None}]
        body: dict = {"id": cid, "object": "chat.completion.chunk", "created": created, "model": request.model,
                      "system_fingerprint": None, "choices": choices}
        if rag is not None:
            body["rag"] = rag
        return body

    yield sse(chunk({"role": "assistant", "content": ""}))
    try:
        async for event in events:
            if event.kind == "passages":
                yield sse(chunk({}, rag={"event": "passages", "passages": [p.to_dict() for p in event.data]}))
            elif event.kind == "draft":
                yield sse(chunk({}, rag={"event": "draft", "answer": event.data.to_dict()}))
            elif event.kind == "done":
                answer: Answer = event.data
                yield sse(chunk({"content": content(answer)}))  # first, alone: nothing delays it
                yield sse(chunk({}, "stop", rag={"event": "done", "answer": answer.to_dict()}))
                if include_usage:
                    yield sse({**chunk(None), "usage": usage(answer)})
    except Exception as e:  # noqa: BLE001 - the stream has begun: the error goes in it, as OpenAI does
        err = as_api_error(e)
        yield sse(error_body(err.status, err.message, err.code, err.param))
    yield "data: [DONE]\n\n"


def sse(body: dict) -> str:
    return f"data: {json.dumps(body, ensure_ascii=False)}\n\n"
