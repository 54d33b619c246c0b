from __future__ import annotations

import shutil
import socket
from pathlib import Path

import pytest

from rag.config import Settings
from rag.embed import Embedder
from rag.index import Index

ROOT = Path(__file__).resolve().parent.parent
SEEDS = ROOT / "seeds"
MISSILE = SEEDS / "north-korea-missile-after-russia-talks.txt"
VISIT = SEEDS / "russia-north-korea-defence-minister-visit.txt"


def make_settings(data_dir: Path, **overrides: object) -> Settings:
    # The built-in model is unpacked once per machine (default models_dir) and shared.
    return Settings.load(env={}, overrides={"data_dir": data_dir, **overrides})


@pytest.fixture(scope="session")
def embedder(tmp_path_factory: pytest.TempPathFactory) -> Embedder:
    e = Embedder(make_settings(tmp_path_factory.mktemp("unused")))
    _ = e.model  # load once for the whole session
    return e


@pytest.fixture
def settings(tmp_path: Path) -> Settings:
    return make_settings(tmp_path / "data")


@pytest.fixture
def index(settings: Settings, embedder: Embedder) -> Index:
    embedder.calls = 0
    return Index(settings, embedder=embedder)


@pytest.fixture
def seeds_copy(tmp_path: Path) -> Path:
    """The seed articles in a folder the test may change."""
    d = tmp_path / "articles"
    shutil.copytree(SEEDS, d)
    return d


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]
