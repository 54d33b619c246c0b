"""Client/server mode against a real `chroma run` server on 127.0.0.1."""

import shutil
import subprocess
import sys
import time
from pathlib import Path

import pytest

from rag.index import Index, IndexUnavailable
from rag.ingest import Ingestor
from rag.retrieve import Retriever
from tests.conftest import MISSILE, SEEDS, free_port, make_settings


@pytest.fixture(scope="module")
def chroma_server(tmp_path_factory):
    chroma = shutil.which("chroma") or str(Path(sys.executable).with_name("chroma"))
    port = free_port()
    path = tmp_path_factory.mktemp("chroma-server")
    proc = subprocess.Popen(
        [chroma, "run", "--path", str(path), "--host", "127.0.0.1", "--port", str(port)],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        env={"ANONYMIZED_TELEMETRY": "False", "PATH": "/usr/bin:/bin"},
    )
    import chromadb
    from chromadb.config import Settings

    deadline = time.time() + 60
    while True:
        try:
            chromadb.HttpClient(
                host="127.0.0.1", port=port, settings=Settings(anonymized_telemetry=False)
            ).heartbeat()
            break
        except Exception:  # noqa: BLE001 - not up yet, whatever the error
            if proc.poll() is not None or time.time() > deadline:
                proc.kill()
                pytest.fail("chroma run did not start")
            time.sleep(0.3)
    yield port
    proc.terminate()
    proc.wait(timeout=20)


def test_server_mode_ingests_and_searches(chroma_server, embedder, tmp_path):
    settings = make_settings(tmp_path / "data", chroma_mode="server", chroma_port=chroma_server)
    index = Index(settings, embedder=embedder)
    report = Ingestor(index).run([SEEDS])
    assert len(report.added) == 2
    assert index.collection.count() == report.passages
    # Chroma's default embedding function (an ONNX download) must never be attached.
    assert index.collection._embedding_function is None
    with pytest.raises(ValueError):
        index.collection.add(ids=["x"], documents=["text without a vector"])
    top = Retriever(index).search("Who led the North Korean side in the talks?", top_k=1)[0]
    assert top.path == str(MISSILE.resolve()) and "पाक योंग इल" in top.text
    # A second process (a fresh client) sees the same vectors on the server.
    again = Index(settings, embedder=embedder)
    assert again.collection.count() == report.passages
    assert len(Ingestor(again).run([SEEDS]).unchanged) == 2


def test_unreachable_server_is_one_clear_sentence(embedder, tmp_path):
    settings = make_settings(tmp_path / "data", chroma_mode="server", chroma_port=free_port())
    with pytest.raises(IndexUnavailable, match=r"cannot reach the Chroma server at 127\.0\.0\.1:"):
        _ = Index(settings, embedder=embedder).collection
