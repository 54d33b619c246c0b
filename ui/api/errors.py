"""Errors and auth of the HTTP API: every failure is one JSON object in
OpenAI's shape (``{"error": {"message", "type", "param", "code"}}``), never a
trace, so OpenAI clients raise their usual exceptions with our sentence."""

from __future__ import annotations

import base64
import binascii
import hmac
import logging

from starlette.requests import Request
from starlette.responses import JSONResponse

from rag.builtin_model import ModelUnavailable
from rag.config import ConfigError
from rag.index import IndexUnavailable
from rag.retrieve import EmptyQuery

log = logging.getLogger("rag.api")

TYPES = {400: "invalid_request_error", 401: "authentication_error", 404: "not_found_error",
         405: "invalid_request_error", 413: "invalid_request_error", 415: "invalid_request_error",
         422: "invalid_request_error", 503: "service_unavailable", 500: "server_error"}


class ApiError(Exception):
    def __init__(self, status: int, message: str, code: str | None = None, param: str | None = None) -> None:
        super().__init__(message)
        self.status, self.message, self.code, self.param = status, message, code, param


def error_body(status: int, message: str, code: str | None = None, param: str | None = None) -> dict:
    return {"error": {"message": message, "type": TYPES.get(status, "invalid_request_error"),
                      "param": param, "code": code}}


def error_response(e: ApiError, headers: dict[str, str] | None = None) -> JSONResponse:
    return JSONResponse(error_body(e.status, e.message, e.code, e.param), status_code=e.status, headers=headers)


def as_api_error(e: BaseException) -> ApiError:
    """The status and sentence for an exception raised while answering."""
    if isinstance(e, ApiError):
        return e
    if isinstance(e, EmptyQuery):
        return ApiError(400, str(e), "empty_question", "messages")
    if isinstance(e, ConfigError):  # a bad top_k, retrieval_mode or answer_language
        return ApiError(400, str(e), "invalid_setting")
    if isinstance(e, IndexUnavailable | ModelUnavailable):
        return ApiError(503, str(e), "unavailable")
    log.error("answering failed", exc_info=e)
    return ApiError(500, f"something went wrong ({type(e).__name__}); the server log has the details",
                    "internal_error")


def check_auth(request: Request, login: tuple[str, str] | None, api_key: str) -> None:
    """Raise 401 unless the request carries the page's login (HTTP Basic, or
    ``user:password`` as a Bearer key, which is what an OpenAI client's
    ``api_key`` sends) or ``serve_api_key``. Nothing set: nothing to check."""
    if login is None and not api_key:
        return
    header = request.headers.get("authorization", "")
    scheme, _, value = header.partition(" ")
    value = value.strip()
    accepted: list[str] = []
    if scheme.lower() == "bearer":
        accepted = [k for k in (api_key, login and f"{login[0]}:{login[1]}") if k]
    elif scheme.lower() == "basic" and login is not None:
        try:
            value = base64.b64decode(value, validate=True).decode("utf-8")
        except (binascii.Error, UnicodeDecodeError):
            value = ""
        accepted = [f"{login[0]}:{login[1]}"]
    if not any(hmac.compare_digest(value.encode(), k.encode()) for k in accepted):
        raise ApiError(401, "authentication required: send the page's login (HTTP Basic, or user:password "
                            "as a Bearer key) or serve_api_key as a Bearer key", "invalid_api_key")


UNAUTHORIZED_HEADERS = {"WWW-Authenticate": 'Basic realm="rag", charset="UTF-8"'}
