"""The only module that talks to Ollama.

Every request sets ``num_ctx`` explicitly (Ollama silently drops the start of
a prompt longer than it) and has a timeout (the ``ollama`` client has none by
default, so a server that accepts but never answers would hang it forever).
"""

from __future__ import annotations

import re
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from rag.config import Settings


class LLMUnavailable(Exception):
    """Ollama cannot answer now; the message is one sentence with the fix."""


@dataclass
class Usage:
    prompt_tokens: int = 0
    completion_tokens: int = 0
    first_token_ms: float | None = None
    total_ms: float = 0.0
    load_ms: float = 0.0
    prompt_ms: float = 0.0  # the server's own prompt-processing time (prompt_eval_duration)
    done_reason: str = ""

    @property
    def prompt_speed(self) -> float | None:
        """Prompt tokens per second, as the server measured it (None without a measurement)."""
        if self.prompt_tokens >= 16 and self.prompt_ms > 0:
            return self.prompt_tokens / (self.prompt_ms / 1000)
        return None


def host_url(host: str) -> str:
    """Ollama accepts 'host', 'host:port', ':port' or a URL; make it a URL."""
    h = host.strip().rstrip("/")
    if "://" not in h:
        h = "http://" + h
    scheme, rest = h.split("://", 1)
    if rest.startswith(":"):
        rest = "127.0.0.1" + rest
    if not re.search(r":\d+$", rest):
        rest += ":11434"
    return f"{scheme}://{rest.replace('0.0.0.0', '127.0.0.1')}"


_DEVANAGARI = re.compile(r"[\u0900-\u097F]")


def estimate_tokens(text: str) -> int:
    """A safe upper estimate of LLM tokens: Qwen and Llama tokenizers spend
    about one token per Devanagari character and one per 3-4 other characters."""
    deva = len(_DEVANAGARI.findall(text))
    return deva + (len(text) - deva + 2) // 3 + 1


class LLMTokenizer:
    """Counts tokens as the served model does, so the prompt is budgeted in
    the LLM's own tokens.

    The tokenizer is read from the model's GGUF file (Ollama's /api/show
    names it) once, and saved as a tokenizer.json under ``models_dir``, keyed
    by the file's digest. When the file is not readable here (a remote
    server), a conservative estimate is used and said so.
    """

    def __init__(self, count: Callable[[str], int], exact: bool, source: str) -> None:
        self._count = count
        self.exact = exact
        self.source = source

    def __call__(self, text: str) -> int:
        return self._count(text)

    @classmethod
    def for_model(cls, llm: OllamaLLM, cache_dir: Path) -> LLMTokenizer:
        import httpx

        try:  # a short timeout of its own: a stuck server must not cost two llm_timeouts
            r = httpx.post(f"{llm.url}/api/show", json={"model": llm.model}, timeout=5.0)
            m = re.search(r"^FROM\s+(\S+)", r.json().get("modelfile", ""), re.M) if r.is_success else None
            blob = Path(m.group(1)) if m else None
        except (httpx.HTTPError, ValueError):
            blob = None
        if blob is None or not blob.is_file():
            return cls(estimate_tokens, False, "estimate (model file not readable here)")
        target = cache_dir / blob.name.replace("sha256-", "")[:24]
        try:
            tok = _load_gguf_tokenizer(blob, target)
        except Exception as e:  # noqa: BLE001
            return cls(estimate_tokens, False, f"estimate (tokenizer unreadable: {type(e).__name__})")
        return cls(lambda text: len(tok(text, add_special_tokens=False)["input_ids"]), True, str(blob.name))


@lru_cache(maxsize=4)
def _load_gguf_tokenizer(blob: Path, target: Path):
    import transformers
    from transformers import AutoTokenizer

    transformers.utils.logging.set_verbosity_error()
    if (target / "tokenizer.json").is_file():
        return AutoTokenizer.from_pretrained(str(target))
    tok = AutoTokenizer.from_pretrained(str(blob.parent), gguf_file=blob.name)
    target.mkdir(parents=True, exist_ok=True)
    tok.save_pretrained(str(target))
    return tok


class OllamaLLM:
    def __init__(self, settings: Settings, model: str | None = None) -> None:
        self.settings = settings
        self.model = model or settings.llm
        self.url = host_url(settings.ollama_host)
        self._client = None

    @property
    def client(self):  # noqa: ANN201 - ollama.Client, imported lazily
        if self._client is None:
            import httpx
            import ollama

            timeout = httpx.Timeout(self.settings.llm_timeout, connect=5.0)
            self._client = ollama.Client(host=self.url, timeout=timeout)
        return self._client

    # ------------------------------------------------------------ status
    def version(self) -> str:
        import httpx

        try:
            r = httpx.get(f"{self.url}/api/version", timeout=5.0)
            r.raise_for_status()
            return str(r.json().get("version", "?"))
        except (httpx.HTTPError, ValueError):
            raise LLMUnavailable(self._down_message()) from None

    def models(self) -> list[str]:
        try:
            return sorted(m.model for m in self.client.list().models if m.model)
        except Exception as e:  # noqa: BLE001 - mapped to one clear sentence
            raise self._error(e) from None

    def digest(self) -> str:
        """The served model's digest ('' when the server lists none for it)."""
        try:
            for m in self.client.list().models:
                if m.model in (self.model, f"{self.model}:latest"):
                    return str(m.digest or "")
        except Exception as e:  # noqa: BLE001 - mapped to one clear sentence
            raise self._error(e) from None
        return ""

    def has_model(self) -> bool:
        names = self.models()
        return self.model in names or f"{self.model}:latest" in names

    def _down_message(self) -> str:
        return (f"Ollama is not reachable at {self.url}: start it (scripts/ollama/serve.sh --background, "
                "or 'ollama serve') or set ollama_host / OLLAMA_HOST")

    def _error(self, e: Exception) -> LLMUnavailable:
        import httpx
        import ollama

        if isinstance(e, httpx.TimeoutException):
            return LLMUnavailable(
                f"Ollama at {self.url} did not answer within {self.settings.llm_timeout:g} s "
                "(llm_timeout): it may be overloaded or stuck; try again or raise llm_timeout"
            )
        if isinstance(e, (httpx.ConnectError, ConnectionError)):
            return LLMUnavailable(self._down_message())
        if isinstance(e, ollama.ResponseError) and (e.status_code == 404 or "not found" in str(e).lower()):
            return LLMUnavailable(
                f"the model '{self.model}' is not on the Ollama server at {self.url}: "
                f"run 'ollama pull {self.model}' (or scripts/ollama/provision.sh offline), "
                "or choose another with --llm"
            )
        return LLMUnavailable(f"Ollama at {self.url} failed: {str(e).strip()[:200]}")

    # -------------------------------------------------------------- chat
    def options(self, num_predict: int | None = None) -> dict:
        return {
            "num_ctx": self.settings.num_ctx,
            "num_batch": self.settings.num_batch,
            "num_predict": num_predict or self.settings.answer_tokens,
            "temperature": self.settings.temperature,
        }

    def stream_chat(self, messages: list[dict], usage: Usage, num_predict: int | None = None,
                    format: dict | None = None) -> Iterator[str]:
        """Yield the reply's text pieces as they arrive; fill ``usage`` at the end.
        ``format`` is a JSON schema the reply must follow (Ollama's structured output)."""
        start = time.perf_counter()
        try:
            stream = self.client.chat(
                model=self.model, messages=messages, stream=True, format=format,
                options=self.options(num_predict), keep_alive=self.settings.keep_alive,
            )
            for part in stream:
                piece = part.message.content or ""
                if piece and usage.first_token_ms is None:
                    usage.first_token_ms = (time.perf_counter() - start) * 1000
                if part.done:
                    usage.prompt_tokens = part.prompt_eval_count or 0
                    usage.completion_tokens = part.eval_count or 0
                    usage.load_ms = (part.load_duration or 0) / 1e6
                    usage.prompt_ms = (part.prompt_eval_duration or 0) / 1e6
                    usage.done_reason = part.done_reason or ""
                if piece:
                    yield piece
        except LLMUnavailable:
            raise
        except Exception as e:  # noqa: BLE001 - every transport/server error becomes one sentence
            raise self._error(e) from None
        finally:
            usage.total_ms = (time.perf_counter() - start) * 1000

    def complete(self, messages: list[dict], num_predict: int | None = None,
                 format: dict | None = None, usage: Usage | None = None) -> tuple[str, Usage]:
        """The whole reply, and its usage (filled into ``usage`` when one is given)."""
        usage = usage if usage is not None else Usage()
        text = "".join(self.stream_chat(messages, usage, num_predict, format))
        return text, usage

    def pull(self) -> Iterator[tuple[str, int, int]]:
        """Pull the model: (status, completed bytes, total bytes) as it goes."""
        try:
            for p in self.client.pull(self.model, stream=True):
                yield p.status or "", int(p.completed or 0), int(p.total or 0)
        except Exception as e:  # noqa: BLE001
            raise self._error(e) from None
