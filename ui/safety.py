"""What keeps the page's uploads private and the password-less page to itself.

* Gradio keeps every upload in its temp folder (``/tmp/gradio/<hash>/<name>``
  by default: readable by every local user, served by the file route, kept
  after shutdown). Here that folder is private to this process, under
  ``data_dir/tmp`` with mode 700; each upload's copy is deleted as soon as the
  page has handled it, and the folder at shutdown.
* Without a password, a page on loopback must only answer pages it served
  itself: other Host names are refused (DNS rebinding), requests from other
  origins are refused (cross-site uploads and API calls), and no site may
  frame it (clickjacking). Issue #11, items 3 and 4.
"""

from __future__ import annotations

import atexit
import contextlib
import ipaddress
import os
import shutil
import tempfile
import threading
import time
from collections.abc import AsyncIterator, Awaitable, Callable, Iterable
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from starlette.datastructures import Headers, MutableHeaders
from starlette.responses import JSONResponse, PlainTextResponse, Response

FRAME_HEADERS = {"X-Frame-Options": "DENY", "Content-Security-Policy": "frame-ancestors 'none'"}
LOOPBACK_NAMES = {"127.0.0.1", "localhost", "::1"}
WILDCARDS = {"0.0.0.0", "::", ""}

# --------------------------------------------------------------- uploads

# Gradio reads its upload folder from GRADIO_TEMP_DIR, for the whole process
# and at request time; so one private folder serves every page this process
# runs, and goes when the last of them closes.
_lock = threading.Lock()
_folder: Path | None = None
_users = 0
_previous: str | None = None
_PREFIX = "uploads-"
ABANDONED_AFTER = 3600  # seconds: an upload not handled by then never will be


def acquire_upload_folder(data_dir: Path) -> Path:
    """The private folder Gradio keeps uploads in (mode 700), created on first use."""
    global _folder, _users, _previous
    with _lock:
        if _folder is None:
            parent = data_dir / "tmp"
            parent.mkdir(mode=0o700, parents=True, exist_ok=True)
            parent.chmod(0o700)
            _clear_dead(parent)
            _folder = Path(tempfile.mkdtemp(prefix=f"{_PREFIX}{os.getpid()}-", dir=parent))  # mode 700
            _previous = os.environ.get("GRADIO_TEMP_DIR")
            os.environ["GRADIO_TEMP_DIR"] = str(_folder)
            atexit.register(_remove_at_exit, _folder)  # if the server thread had no time to shut down
        _users += 1
        return _folder


def release_upload_folder() -> None:
    """Delete the private folder once no page of this process uses it."""
    global _folder, _users, _previous
    with _lock:
        _users = max(0, _users - 1)
        if _users or _folder is None:
            return
        shutil.rmtree(_folder, ignore_errors=True)
        if _previous is None:
            os.environ.pop("GRADIO_TEMP_DIR", None)
        else:
            os.environ["GRADIO_TEMP_DIR"] = _previous
        _folder = None


def _remove_at_exit(folder: Path) -> None:
    shutil.rmtree(folder, ignore_errors=True)


def upload_folder() -> Path | None:
    return _folder


def _clear_dead(parent: Path) -> None:
    """Remove the folders of servers that were killed before they could clean up."""
    for d in parent.glob(f"{_PREFIX}*"):
        pid = d.name.removeprefix(_PREFIX).split("-", 1)[0]
        if pid.isdigit() and not _alive(int(pid)):
            shutil.rmtree(d, ignore_errors=True)


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


def discard_uploads(paths: Iterable[str | Path]) -> None:
    """Delete Gradio's copies of handled uploads (and their per-file folders),
    and whatever was abandoned in the folder; nothing outside it is touched."""
    folder = _folder.resolve() if _folder is not None else None
    if folder is None:
        return
    for p in paths:
        path = Path(p).resolve()
        if not path.is_relative_to(folder) or path == folder:
            continue
        path.unlink(missing_ok=True)
        with contextlib.suppress(OSError):  # still holds another upload: stays
            if path.parent != folder:
                path.parent.rmdir()
    # Uploads no event followed (a closed tab, a type Gradio refused before the
    # page saw it) and the empty files Gradio's File component leaves behind.
    cutoff = time.time() - ABANDONED_AFTER
    for entry in folder.iterdir():
        with contextlib.suppress(OSError):
            if entry.lstat().st_mtime >= cutoff:
                continue
            if entry.is_dir():
                shutil.rmtree(entry)
            else:
                entry.unlink()


@contextlib.asynccontextmanager
async def upload_folder_lifespan(app: Any) -> AsyncIterator[None]:
    """Release the private folder when the server shuts down."""
    try:
        yield
    finally:
        release_upload_folder()


# -------------------------------------------------------------- requests


def host_name(value: str) -> str:
    """The host of a Host header or netloc: ``[::1]:7860`` -> ``::1``."""
    value = value.strip().lower()
    if value.startswith("["):
        return value[1 : value.find("]")] if "]" in value else value
    return (value.rsplit(":", 1)[0] if value.count(":") == 1 else value).rstrip(".")


def allowed_hosts(bind_host: str, auth: bool) -> set[str] | None:
    """Host names the page answers to; None means any (a password protects it,
    or it was opened to a whole network with --open on a wildcard address)."""
    if auth:
        return None
    bind = host_name(bind_host)
    if bind in WILDCARDS:
        return None
    try:
        bind = str(ipaddress.ip_address(bind))
    except ValueError:
        pass
    return LOOPBACK_NAMES | {bind}


class RequestGuard:
    """ASGI middleware: refuse unknown Host names and cross-origin requests
    (when ``check`` is on), and forbid framing always."""

    def __init__(self, app: Callable[..., Awaitable[None]], hosts: set[str] | None, check: bool) -> None:
        self.app = app
        self.hosts = hosts
        self.check = check

    async def __call__(self, scope: dict, receive: Callable, send: Callable) -> None:
        if scope["type"] not in ("http", "websocket"):
            await self.app(scope, receive, send)
            return
        problem = self._problem(Headers(scope=scope)) if self.check else None
        if problem is not None:
            status, text = problem
            if scope["type"] == "websocket":
                await send({"type": "websocket.close", "code": 1008})
                return
            if scope["path"].startswith(("/v1/", "/api/")):  # the HTTP API's clients read JSON errors
                body = {"error": {"message": text, "type": "invalid_request_error", "param": None, "code": None}}
                response: Response = JSONResponse(body, status_code=status, headers=FRAME_HEADERS)
            else:
                response = PlainTextResponse(text, status_code=status, headers=FRAME_HEADERS)
            await response(scope, receive, send)
            return

        async def send_with_headers(message: dict) -> None:
            if message["type"] == "http.response.start":
                headers = MutableHeaders(scope=message)
                for k, v in FRAME_HEADERS.items():
                    headers[k] = v
            await send(message)

        await self.app(scope, receive, send_with_headers)

    def _problem(self, headers: Headers) -> tuple[int, str] | None:
        host = headers.get("host", "")
        if self.hosts is not None and host_name(host) not in self.hosts:
            return 400, "unknown Host: this page answers only to its own address (127.0.0.1 or localhost)"
        origin = headers.get("origin")
        if origin is not None:
            parts = urlsplit(origin)
            if parts.scheme not in ("http", "https") or parts.netloc.lower() != host.strip().lower():
                return 403, "cross-origin request refused: only this page may call its API and upload"
        return None
