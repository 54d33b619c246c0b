"""The HTTP API served by ``rag serve`` beside the page (issue #13):

* ``GET /v1/models``, ``POST /v1/chat/completions``: OpenAI-compatible, so
  the openai SDKs, Open WebUI, LibreChat or ``llm`` can talk to the assistant;
* ``POST /api/ask``: one question in, ``Answer.to_dict()`` out, in one call.

It is a small Starlette app that ``ApiMount`` puts in front of Gradio's, inside
the request guard (Host/Origin rules, frame headers): Gradio's own login does
not cover routes it did not make, so this API checks ``serve_auth`` (HTTP
Basic or Bearer) and ``serve_api_key`` itself, and shares the page's
``serve_concurrency`` slots through ``ChatService.stream``.
"""

from __future__ import annotations

import contextlib
import json
import re
from collections.abc import Awaitable, Callable
from typing import Any

from pydantic import BaseModel, ValidationError
from starlette.applications import Starlette
from starlette.concurrency import run_in_threadpool
from starlette.exceptions import HTTPException
from starlette.requests import Request
from starlette.responses import JSONResponse, Response, StreamingResponse
from starlette.routing import Route

from rag.pipeline import Turn
from ui.api import bridge, chat
from ui.api.errors import UNAUTHORIZED_HEADERS, ApiError, as_api_error, check_auth, error_body, error_response
from ui.api.schemas import AskRequest, ChatRequest
from ui.service import ChatService

_TYPE_TAG = re.compile(r"^(str|int|float|bool|none|dict|list)$|^[\w-]+\[.*\]$")


def is_api_path(path: str) -> bool:
    return path.startswith("/v1/") or path in ("/v1", "/api/ask")  # Gradio's own live under /gradio_api/


def create_api(service: ChatService, login: tuple[str, str] | None) -> Starlette:
    s = service.settings
    limit = s.serve_max_request_kb * 1024

    def endpoint(fn: Callable[[Request], Awaitable[Response]]) -> Callable[[Request], Awaitable[Response]]:
        async def handle(request: Request) -> Response:
            try:
                check_auth(request, login, s.serve_api_key)
                return await fn(request)
            except Exception as e:  # noqa: BLE001 - every failure is a JSON error
                err = as_api_error(e)
                return error_response(err, UNAUTHORIZED_HEADERS if err.status == 401 else None)

        return handle

    async def body(request: Request, model: type[BaseModel]) -> Any:
        if "json" not in request.headers.get("content-type", "application/json"):
            raise ApiError(415, "send the request as JSON (Content-Type: application/json)", "unsupported_media")
        declared = request.headers.get("content-length", "")
        if declared.isdigit() and int(declared) > limit:
            raise _too_large(int(declared), limit)
        data = bytearray()
        async for part in request.stream():  # counted as it arrives: a chunked upload has no length
            data.extend(part)
            if len(data) > limit:
                raise _too_large(len(data), limit)
        try:
            raw = json.loads(data)
        except (json.JSONDecodeError, UnicodeDecodeError) as e:
            raise ApiError(400, f"the body is not valid JSON ({e})", "invalid_json") from None
        try:
            return model.model_validate(raw)
        except ValidationError as e:
            err = e.errors()[0]
            # Union members are named in the location ('content.str'): the field is what the caller wrote.
            where = ".".join(str(p) for p in err["loc"] if not _TYPE_TAG.match(str(p))) or "body"
            more = f" (and {e.error_count() - 1} more problems)" if e.error_count() > 1 else ""
            raise ApiError(400, f"{where}: {err['msg']}{more}", "invalid_value", where) from None

    async def models(request: Request) -> Response:
        return JSONResponse(chat.model_list(await run_in_threadpool(service.models)))

    async def completions(request: Request) -> Response:
        req: ChatRequest = await body(request, ChatRequest)
        model = chat.engine_model(req.model)
        question, history = chat.conversation(req.messages)
        options = dict(model=model, top_k=req.top_k, retrieval_mode=req.retrieval_mode,
                       answer_language=req.answer_language)
        if not req.stream:
            return JSONResponse(chat.completion(await bridge.answer(service, question, history, **options),
                                                req.model))
        stream = bridge.events(service, question, history, **options)

        async def sse() -> Any:
            async with contextlib.aclosing(stream):
                async for text in chat.chunks(stream, req):
                    yield text

        return StreamingResponse(sse(), media_type="text/event-stream",
                                 headers={"Cache-Control": "no-cache", "X-Accel-Buffering": "no"})

    async def ask(request: Request) -> Response:
        req: AskRequest = await body(request, AskRequest)
        if not req.question.strip():
            raise ApiError(400, "the question is empty", "empty_question", "question")
        answer = await bridge.answer(service, req.question.strip(), [Turn(q, a) for q, a in req.history],
                                     model=req.model or None, top_k=req.top_k, retrieval_mode=req.retrieval_mode,
                                     answer_language=req.answer_language)
        return JSONResponse(answer.to_dict())

    async def not_found(request: Request, exc: Exception) -> Response:
        status = getattr(exc, "status_code", 404)
        text = (f"{request.method} is not allowed on {request.url.path}" if status == 405
                else f"no such endpoint: {request.url.path} (try GET /v1/models, POST /v1/chat/completions, "
                     "POST /api/ask)")
        return JSONResponse(error_body(status, text, "not_found" if status == 404 else "method_not_allowed"),
                            status_code=status)

    return Starlette(
        routes=[Route("/v1/models", endpoint(models), methods=["GET"]),
                Route("/v1/chat/completions", endpoint(completions), methods=["POST"]),
                Route("/api/ask", endpoint(ask), methods=["POST"])],
        exception_handlers={HTTPException: not_found},
    )


def _too_large(size: int, limit: int) -> ApiError:
    return ApiError(413, f"the request is {size / 1024:.0f} KB, over the {limit // 1024} KB limit "
                         "(serve_max_request_kb)", "request_too_large")


class ApiMount:
    """ASGI middleware: API paths go to the API app, everything else to Gradio."""

    def __init__(self, app: Callable[..., Awaitable[None]], api: Starlette) -> None:
        self.app = app
        self.api = api

    async def __call__(self, scope: dict, receive: Callable, send: Callable) -> None:
        if scope["type"] == "http" and is_api_path(scope["path"]):
            await self.api(scope, receive, send)
        else:
            await self.app(scope, receive, send)
