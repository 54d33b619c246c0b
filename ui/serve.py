"""``rag serve``: the safety rules for where the page listens, then the page."""

from __future__ import annotations

import ipaddress
import signal
import socket

from rag.config import ConfigError, Settings


def is_loopback(host: str) -> bool:
    if host.strip().lower() == "localhost":
        return True
    try:
        return ipaddress.ip_address(host.strip("[]")).is_loopback
    except ValueError:
        try:  # a host name: loopback only if every address it resolves to is
            infos = socket.getaddrinfo(host, None)
        except OSError:
            return False
        return bool(infos) and all(ipaddress.ip_address(i[4][0]).is_loopback for i in infos)


def check_bind(settings: Settings) -> tuple[str, str] | None:
    """The login to require, or None; refuses an open page on a non-loopback address."""
    from ui.app import settings_auth

    auth = settings_auth(settings)
    if auth is None and not settings.serve_open and not is_loopback(settings.serve_host):
        raise ConfigError(
            f"refusing to serve on {settings.serve_host} without a password: set serve_auth "
            "(--auth user:password) or pass --open to allow anyone who can reach it"
        )
    return auth


def serve(settings: Settings) -> None:
    """Check the bind, load the index and the embedding model, then serve until Ctrl-C."""
    auth = check_bind(settings)
    from rag.pipeline import Assistant
    from ui.app import launch
    from ui.service import ChatService

    service = ChatService.from_assistant(Assistant(settings))
    _ = service.index.embedder.model  # load now, not during the first question
    try:
        demo = launch(service, auth=auth, block=False)
    except OSError as e:  # the port is taken, or the address is not this machine's
        raise ConfigError(f"cannot serve on {settings.serve_host}:{settings.serve_port} ({e}): "
                          "choose another --port or --host") from None
    shown = "127.0.0.1" if settings.serve_host in ("0.0.0.0", "::") else settings.serve_host
    print(f"serving the browser chat at http://{shown}:{settings.serve_port}/"
          + (" (login required)" if auth else "") + " — Ctrl-C stops it", flush=True)
    print(f"OpenAI-compatible API: http://{shown}:{settings.serve_port}/v1 (models rag, rag:none, rag:MODEL); "
          f"POST /api/ask for the whole answer", flush=True)
    # SIGTERM (systemd, kill) stops it like Ctrl-C: the server shuts down and removes its upload folder.
    signal.signal(signal.SIGTERM, _interrupt)
    demo.block_thread()


def _interrupt(signum: int, frame: object) -> None:
    raise KeyboardInterrupt
