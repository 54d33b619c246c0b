"""What every command shares: printing, paths shown relative, and the
refusal to create an index where a read-only command expected one."""

from __future__ import annotations

import os

from rag.config import Settings
from rag.index import IndexUnavailable


def existing_index(settings: Settings) -> None:
    """Read-only commands do not create an index where there is none."""
    if not settings.store_path.is_file():
        raise IndexUnavailable(
            f"there is no index in {settings.data_dir}: add articles with 'rag ingest PATH', "
            "or point --data-dir (RAG_DATA_DIR, data_dir in rag.toml) at an existing index"
        )


def out(text: str = "") -> None:
    print(text, flush=True)


def rel(path: str) -> str:
    try:
        return os.path.relpath(path)
    except ValueError:
        return path
