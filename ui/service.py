"""What the page does, without the page: answers with per-session settings,
uploads, the article list, deletion and the status line, all safe to call
from Gradio's worker threads at once.
"""

from __future__ import annotations

import hashlib
import logging
import re
import shutil
import threading
import types
import unicodedata
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from rag.config import Settings
from rag.index import Filters, Index
from rag.ingest import Ingestor, IngestReport, writer_lock
from rag.llm import LLMUnavailable, OllamaLLM, host_url
from rag.pipeline import Assistant, Event, Turn

log = logging.getLogger("rag.ui")

UPLOAD_TYPES = (".txt", ".md", ".html", ".htm", ".pdf")
NO_MODEL = "none"


class _Locked:
    """Calls into the wrapped object hold ``lock``.

    The embedding model's Rust tokenizer raises "Already borrowed" when two
    threads use it at once, the lazy model load and the keyword index rebuild
    must happen once, and the store's single SQLite connection is shared: so
    everything that touches the index goes through one re-entrant lock. The
    LLM's streaming holds no lock, so one slow answer does not stop others.
    """

    def __init__(self, target: object, lock: threading.RLock) -> None:
        object.__setattr__(self, "_target", target)
        object.__setattr__(self, "_lock", lock)

    def __getattr__(self, name: str) -> Any:
        with self._lock:  # a property such as Embedder.model may load lazily
            value = getattr(self._target, name)
        if isinstance(value, types.MethodType):  # methods only: store.db (callable) stays itself
            lock = self._lock

            def locked(*args: Any, **kwargs: Any) -> Any:
                with lock:
                    return value(*args, **kwargs)

            return locked
        return value

    def __setattr__(self, name: str, value: Any) -> None:
        setattr(self._target, name, value)


class _LockedRetriever:
    def __init__(self, retriever: Any, lock: threading.RLock, settings: Settings) -> None:
        self._retriever = retriever
        self._lock = lock
        # The Retriever reads its mode and candidates from the index's
        # settings; the session's own settings (retrieval mode) go here.
        retriever.settings = settings
        self.last_timings = retriever.last_timings

    def search(self, *args: Any, **kwargs: Any) -> Any:
        with self._lock:
            results = self._retriever.search(*args, **kwargs)
            self.last_timings = self._retriever.last_timings
            return results

    def __getattr__(self, name: str) -> Any:
        # Anything else the pipeline asks of its retriever (dense_query, last_terms…), under the same lock.
        value = getattr(self._retriever, name)
        if not callable(value):
            return value
        lock = self._lock

        def locked(*args: Any, **kwargs: Any) -> Any:
            with lock:
                return value(*args, **kwargs)

        return locked


def sanitize_filename(name: str) -> str:
    """A safe file name for an upload: no directories, no leading dots, no
    control or shell-special characters; letters of any script are kept."""
    name = unicodedata.normalize("NFC", Path(name.replace("\\", "/")).name)
    stem, dot, ext = name.rpartition(".")
    if not dot:
        stem, ext = name, ""
    stem = re.sub(r"[^\w\u0900-\u097F.\- ]+", "-", stem)  # \w misses matras and the virama
    stem = re.sub(r"[\s-]+", "-", stem).strip(".-_ ")[:100] or "article"
    ext = re.sub(r"[^a-z0-9]", "", ext.lower())[:8]
    return f"{stem}.{ext}" if ext else stem


@dataclass
class UploadResult:
    report: IngestReport
    refused: list[tuple[str, str]]  # (original name, reason) rejected before ingest
    names: dict[str, str]  # stored path -> name shown


class ChatService:
    def __init__(self, settings: Settings, index: Index | None = None) -> None:
        self.settings = settings
        self.index = index or Index(settings)
        lock = getattr(self.index, "_ui_lock", None)
        if lock is None:  # wrap once: two services on one index share its lock (no lock-order deadlock)
            lock = threading.RLock()
            self.index.embedder = _Locked(self.index.embedder, lock)  # type: ignore[assignment]
            self.index.store = _Locked(self.index.store, lock)  # type: ignore[assignment]
            self.index._ui_lock = lock  # type: ignore[attr-defined]
        self.lock: threading.RLock = lock
        self.uploads_dir = settings.data_dir / "uploads"
        self._assistants: dict[tuple, Assistant] = {}
        # The page and the HTTP API (ui/api) share these: at most serve_concurrency answers at once.
        self.slots = threading.BoundedSemaphore(settings.serve_concurrency)

    @classmethod
    def from_assistant(cls, assistant: Assistant) -> ChatService:
        return cls(assistant.settings, assistant.index)

    # ------------------------------------------------------------ answers
    def session_settings(self, top_k: int | None = None, retrieval_mode: str | None = None,
                         answer_language: str | None = None) -> Settings:
        updates: dict[str, Any] = {}
        if top_k:
            updates["context_passages"] = int(top_k)
            updates["top_k"] = int(top_k)
        if retrieval_mode:
            updates["retrieval_mode"] = retrieval_mode
        if answer_language:
            updates["answer_language"] = answer_language
        # Only what was set: a setting left at its default stays unset (rag.answer.profile reads that).
        return Settings(**{**self.settings.model_dump(include=self.settings.model_fields_set), **updates})

    def assistant(self, top_k: int | None = None, retrieval_mode: str | None = None,
                  answer_language: str | None = None) -> Assistant:
        s = self.session_settings(top_k, retrieval_mode, answer_language)
        key = (s.context_passages, s.retrieval_mode, s.answer_language)
        with self.lock:
            a = self._assistants.get(key)
            if a is None:  # one per setting combination: each keeps its LLM tokenizer cache
                a = Assistant(s, self.index)
                a.retriever = _LockedRetriever(a.retriever, self.lock, s)  # type: ignore[assignment]
                self._assistants[key] = a
        return a

    def stream(self, question: str, history: list[Turn], model: str | None = None, top_k: int | None = None,
               retrieval_mode: str | None = None, answer_language: str | None = None,
               filters: Filters | None = None) -> Iterator[Event]:
        assistant = self.assistant(top_k, retrieval_mode, answer_language)
        with self.slots:  # waits for a free slot, like Gradio's queue
            yield from assistant.stream(question, history, llm=model or None, filters=filters)

    def ask(self, question: str, history: list[Turn], **kwargs: Any) -> Any:
        for event in self.stream(question, history, **kwargs):
            if event.kind == "done":
                return event.data
        raise RuntimeError("the pipeline ended without an answer")

    def document_text(self, doc_id: str) -> str:
        return self.index.store.document_text(doc_id)

    # ----------------------------------------------------------- articles
    def articles(self) -> list[dict]:
        with self.lock:
            docs = self.index.store.documents()
            counts = dict(self.index.store.db.execute(
                "SELECT doc_id, count(*) FROM passages GROUP BY doc_id").fetchall())
        return [{"doc_id": d.doc_id, "title": d.title, "file": Path(d.path).name, "path": d.path,
                 "lang": d.lang, "date": d.date or "", "passages": counts.get(d.doc_id, 0),
                 "uploaded": self._is_upload(d.path)} for d in docs]

    def _is_upload(self, path: str) -> bool:
        return Path(path).resolve().is_relative_to(self.uploads_dir.resolve())

    def upload(self, files: list[str | Path], progress: Callable[[int, int, str], None] | None = None,
               original_names: list[str] | None = None) -> UploadResult:
        """Copy uploads into ``data_dir/uploads`` under sanitised names and ingest them."""
        limit = self.settings.serve_upload_mb
        refused: list[tuple[str, str]] = []
        names: dict[str, str] = {}
        stored: list[Path] = []
        self.uploads_dir.mkdir(mode=0o700, parents=True, exist_ok=True)
        self.uploads_dir.chmod(0o700)  # articles others sent: not for every local user to read
        # The write lock before any file is copied: while another process ingests,
        # the upload is refused whole and no article's file is replaced.
        with self.lock, writer_lock(self.settings.data_dir):
            for i, f in enumerate(files):
                src = Path(f)
                shown = (original_names[i] if original_names else None) or src.name
                safe = sanitize_filename(shown)
                if not safe.lower().endswith(UPLOAD_TYPES):
                    refused.append((shown, "not a .txt, .md, .html or .pdf file"))
                    continue
                size = src.stat().st_size
                if size > limit * 1024 * 1024:
                    refused.append((shown, f"file is {size / 1024 / 1024:.1f} MB, over the {limit:g} MB "
                                           "upload limit (serve_upload_mb)"))
                    continue
                target = self._target(src, safe)
                if not target.exists():
                    shutil.copyfile(src, target)
                stored.append(target)
                names[str(target.resolve())] = target.name
            report = Ingestor(self.index).run(stored, progress=progress, locked=True) if stored else IngestReport()
        for p in [p for p, _ in report.skipped]:  # nothing indexed: do not keep the file
            if Path(p).resolve().is_relative_to(self.uploads_dir.resolve()):
                Path(p).unlink(missing_ok=True)
        return UploadResult(report, refused, names)

    def _target(self, src: Path, safe: str) -> Path:
        """Same name and same bytes: the same file (re-uploading updates
        nothing); same name, other bytes: replaces that article's file."""
        target = self.uploads_dir / safe
        if target.exists() and _digest(target) != _digest(src):
            target.unlink()
        return target

    def delete(self, doc_id: str) -> str | None:
        """Remove an article from the index (and its uploaded copy; never the user's own files)."""
        with self.lock, writer_lock(self.settings.data_dir):
            doc = self.index.store.document(doc_id)
            if doc is None:
                return None
            self.index.delete_document(doc_id)
        if self._is_upload(doc.path):
            Path(doc.path).unlink(missing_ok=True)
        return doc.title

    # ------------------------------------------------------------- status
    def models(self) -> list[str]:
        try:
            return OllamaLLM(self.settings).models()
        except LLMUnavailable:
            return []

    def status(self, model: str | None = None) -> dict:
        model = model or self.settings.llm
        llm = OllamaLLM(self.settings, model)
        out: dict[str, Any] = {"ollama_url": host_url(self.settings.ollama_host), "model": model,
                               "embed_model": self.settings.embed_model}
        try:
            out["ollama_version"] = llm.version()
            out["ollama_ok"] = True
            out["model_ok"] = model == NO_MODEL or llm.has_model()
        except LLMUnavailable:
            out.update(ollama_ok=False, ollama_version="", model_ok=False)
        with self.lock:
            counts = self.index.store.counts()
        out["documents"], out["passages"] = counts.get("documents", 0), counts.get("passages", 0)
        return out


def _digest(path: Path) -> str:
    h = hashlib.sha256()
    with path.open("rb") as f:
        for block in iter(lambda: f.read(1 << 20), b""):
            h.update(block)
    return h.hexdigest()
