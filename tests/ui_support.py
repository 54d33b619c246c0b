"""The browser chat started for tests: a real Gradio server on a free loopback
port over a fresh index of the seeds, answering with a real Ollama server."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from rag.embed import Embedder
from rag.index import Index
from rag.ingest import Ingestor
from tests.conftest import SEEDS, free_port, make_settings
from ui.app import launch
from ui.service import ChatService

MODEL = "smollm2:135m"


@contextmanager
def running_app(data_dir: Path, ollama_host: str, embedder: Embedder, auth: tuple[str, str] | None = None,
                **overrides: object) -> Iterator[tuple[str, ChatService]]:
    settings = make_settings(data_dir, llm=MODEL, ollama_host=ollama_host, **overrides)
    index = Index(settings, embedder=embedder)
    Ingestor(index).run([SEEDS])
    service = ChatService(settings, index)
    port = free_port()
    demo = launch(service, host="127.0.0.1", port=port, auth=auth, block=False)
    try:
        yield f"http://127.0.0.1:{port}/", service
    finally:
        demo.close()
