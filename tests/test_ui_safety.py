"""The page's safety rules against a real ``rag serve`` (issue #11, items 3
and 4): uploads kept in a private folder and deleted once handled, deleted
and at shutdown; only loopback Host names and the page's own origin without a
password; no framing. A page with a login keeps accepting any Host."""

from __future__ import annotations

import json
import os
import signal
import stat
import subprocess
import sys
import time
import uuid
from dataclasses import dataclass
from pathlib import Path

import httpx
import pytest

from rag.index import Index
from rag.ingest import Ingestor
from tests.conftest import SEEDS, free_port, make_settings
from tests.ui_support import running_app

pytestmark = pytest.mark.slow

ARTICLE = ("Zebrafish festival in Pune\n"
           "The zebrafish festival in Pune drew 5000 visitors on Sunday, organisers said.\n")


@dataclass
class Served:
    url: str
    port: int
    data: Path
    proc: subprocess.Popen

    def private_folders(self) -> list[Path]:
        tmp = self.data / "tmp"
        return sorted(tmp.glob("uploads-*")) if tmp.exists() else []


@pytest.fixture(scope="module")
def served(tmp_path_factory, embedder):
    root = tmp_path_factory.mktemp("served")
    data = root / "data"
    index = Index(make_settings(data), embedder=embedder)
    Ingestor(index).run([SEEDS])
    index.store.close()
    port = free_port()
    env = {k: v for k, v in os.environ.items() if not k.startswith("RAG_")}
    env["OLLAMA_HOST"] = f"127.0.0.1:{free_port()}"  # nothing there: answers are extractive
    proc = subprocess.Popen(
        [sys.executable, "-m", "rag.cli", "serve", "--port", str(port), "--data-dir", str(data), "--llm", "none"],
        cwd=root, env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True, start_new_session=True)
    url = f"http://127.0.0.1:{port}/"
    deadline = time.time() + 240
    while True:
        try:
            if httpx.get(f"{url}gradio_api/info", timeout=5).status_code == 200:
                break
        except httpx.HTTPError:
            pass
        if proc.poll() is not None or time.time() > deadline:
            os.killpg(proc.pid, signal.SIGKILL)
            pytest.fail(f"rag serve did not start: {proc.communicate()[0][-3000:]}")
        time.sleep(0.5)
    yield Served(url, port, data, proc)
    if proc.poll() is None:
        os.killpg(proc.pid, signal.SIGKILL)
        proc.wait()


class Page:
    """What the page's JavaScript does: upload a file, then run the event bound to a component."""

    def __init__(self, url: str) -> None:
        self.url = url
        self.session = uuid.uuid4().hex[:10]
        config = httpx.get(f"{url}config", timeout=10).json()
        self.ids = {c["props"].get("elem_id"): c["id"] for c in config["components"]}
        self.events = {tuple(t): i for i, d in enumerate(config["dependencies"]) for t in d["targets"]}

    def upload(self, name: str, content: bytes) -> str:
        r = httpx.post(f"{self.url}gradio_api/upload", files=[("files", (name, content, "text/plain"))], timeout=30)
        r.raise_for_status()
        return r.json()[0]

    def run(self, elem_id: str, event: str, data: list) -> list:
        component = self.ids[elem_id]
        r = httpx.post(f"{self.url}gradio_api/queue/join", timeout=30, json={
            "data": data, "event_data": None, "fn_index": self.events[(component, event)],
            "trigger_id": component, "session_hash": self.session})
        r.raise_for_status()
        with httpx.stream("GET", f"{self.url}gradio_api/queue/data", params={"session_hash": self.session},
                          timeout=300) as stream:
            for line in stream.iter_lines():
                if line.startswith("data:"):
                    message = json.loads(line[5:])
                    if message.get("msg") == "process_completed":
                        assert message["success"], message
                        return message["output"]["data"]
        raise AssertionError("the event never completed")


def file_route(url: str, path: str) -> int:
    return httpx.get(f"{url}gradio_api/file={path}", timeout=10).status_code


def files_under(folder: Path) -> list[Path]:
    return [p for p in folder.rglob("*") if p.is_file()] if folder.exists() else []


# ---------------------------------------------------------------- uploads


def test_uploads_stay_private_and_no_copy_outlives_the_article(served):
    page = Page(served.url)
    [private] = served.private_folders()
    assert stat.S_IMODE(private.stat().st_mode) == 0o700
    assert stat.S_IMODE((served.data / "tmp").stat().st_mode) == 0o700

    gradio_copy = page.upload("zebrafish festival.txt", ARTICLE.encode())
    assert Path(gradio_copy).is_relative_to(private)  # not /tmp/gradio, readable by every local user
    assert file_route(served.url, gradio_copy) == 200  # served until the page has handled it

    report = page.run("rag-upload", "upload", [[{"path": gradio_copy, "orig_name": "zebrafish festival.txt",
                                                  "meta": {"_type": "gradio.FileData"}}], "none"])[0]
    assert "added 1" in report
    ours = served.data / "uploads" / "zebrafish-festival.txt"
    assert ours.read_text(encoding="utf-8") == ARTICLE
    assert stat.S_IMODE(ours.parent.stat().st_mode) == 0o700
    assert not Path(gradio_copy).exists() and not Path(gradio_copy).parent.exists()
    assert file_route(served.url, gradio_copy) in (403, 404)  # Gradio answers 403 for a missing file

    articles = httpx.post(f"{served.url}gradio_api/call/articles", json={"data": []}, timeout=10).json()
    stream = httpx.get(f"{served.url}gradio_api/call/articles/{articles['event_id']}", timeout=60).text
    listed = json.loads(stream.split("event: complete\ndata: ", 1)[1].splitlines()[0])[0]
    doc_id = next(a["doc_id"] for a in listed if a["file"] == ours.name)

    report = page.run("rag-delete", "click", [doc_id, "none"])[0]
    assert "deleted" in report
    assert not ours.exists()
    # Nothing of the article is left on disk outside the index (Gradio's File
    # component leaves an empty temp file per upload: it holds nothing).
    leftovers = [p for p in files_under(private) + files_under(served.data / "uploads") if p.stat().st_size]
    assert leftovers == []


def test_a_refused_upload_leaves_no_copy(served):
    page = Page(served.url)
    [private] = served.private_folders()
    gradio_copy = page.upload("photo.txt", bytes(range(256)) * 20)  # binary: the ingest skips it
    report = page.run("rag-upload", "upload", [[{"path": gradio_copy, "orig_name": "photo.txt",
                                                  "meta": {"_type": "gradio.FileData"}}], "none"])[0]
    assert "binary" in report
    assert not Path(gradio_copy).exists()
    assert not (served.data / "uploads" / "photo.txt").exists()
    assert [p for p in files_under(private) if p.stat().st_size] == []


# ------------------------------------------------------- Host and Origin


@pytest.mark.parametrize("host", ["127.0.0.1:{port}", "localhost:{port}", "[::1]:{port}", "LOCALHOST:{port}"])
def test_loopback_host_names_are_served(served, host):
    r = httpx.get(f"{served.url}gradio_api/info", headers={"Host": host.format(port=served.port)}, timeout=10)
    assert r.status_code == 200


@pytest.mark.parametrize("host", ["evil.example:{port}", "127.0.0.1.nip.io:{port}", "localhost.evil.example",
                                  "192.168.1.5:{port}"])
def test_other_host_names_are_refused(served, host):
    """What a DNS-rebinding page sends: its own name, resolving to 127.0.0.1."""
    host = host.format(port=served.port)
    origin = {"Host": host, "Origin": f"http://{host}"}
    assert httpx.get(served.url, headers={"Host": host}, timeout=10).status_code == 400
    r = httpx.post(f"{served.url}gradio_api/call/articles", json={"data": []}, headers=origin, timeout=10)
    assert r.status_code == 400 and "unknown Host" in r.text


@pytest.mark.parametrize("origin", ["https://evil.example", "null", "http://localhost:1", "http://127.0.0.1"])
def test_cross_origin_calls_and_uploads_are_refused(served, origin):
    before = files_under(served.private_folders()[0])
    r = httpx.post(f"{served.url}gradio_api/upload", files=[("files", ("x.txt", ARTICLE.encode(), "text/plain"))],
                   headers={"Origin": origin}, timeout=10)
    assert r.status_code == 403
    assert files_under(served.private_folders()[0]) == before  # nothing was stored
    r = httpx.post(f"{served.url}gradio_api/call/articles", json={"data": []}, headers={"Origin": origin}, timeout=10)
    assert r.status_code == 403 and "cross-origin" in r.text


def test_the_pages_own_origin_and_clients_without_one_are_served(served):
    for headers in ({"Origin": f"http://127.0.0.1:{served.port}"},
                    {"Origin": f"http://localhost:{served.port}", "Host": f"localhost:{served.port}"}, {}):
        r = httpx.post(f"{served.url}gradio_api/call/articles", json={"data": []}, headers=headers, timeout=10)
        assert r.status_code == 200 and r.json()["event_id"]


def test_no_site_may_frame_the_page(served):
    r = httpx.get(served.url, timeout=10)
    assert r.status_code == 200
    assert r.headers["x-frame-options"] == "DENY"
    assert r.headers["content-security-policy"] == "frame-ancestors 'none'"


# -------------------------------------------------------------- shutdown


def test_stopping_the_server_removes_its_upload_folder(served):
    page = Page(served.url)
    page.upload("abandoned.txt", ARTICLE.encode())  # uploaded, never handled
    [private] = served.private_folders()
    assert files_under(private)
    served.proc.send_signal(signal.SIGTERM)
    out, _ = served.proc.communicate(timeout=60)
    assert served.proc.returncode == 0, out[-2000:]
    assert not private.exists() and served.private_folders() == []


def test_with_a_login_any_host_is_still_accepted(tmp_path, embedder):
    with running_app(tmp_path / "data", f"127.0.0.1:{free_port()}", embedder, auth=("ann", "s3cret")) as (url, _):
        [private] = sorted((tmp_path / "data" / "tmp").glob("uploads-*"))
        evil = {"Host": "evil.example", "Origin": "http://evil.example"}
        r = httpx.get(f"{url}gradio_api/info", headers=evil, timeout=10)
        assert r.status_code == 401  # the login answers, not the Host check
        with httpx.Client(base_url=url, timeout=10) as client:
            assert client.post("login", data={"username": "ann", "password": "s3cret"}).status_code == 200
            assert client.get("gradio_api/info", headers=evil).status_code == 200
    assert not private.exists()  # closing the page removed its upload folder


def test_a_killed_servers_upload_folder_is_removed_at_the_next_start(tmp_path):
    from ui import safety

    dead = subprocess.Popen(["true"])
    dead.wait()
    left = tmp_path / "tmp" / f"uploads-{dead.pid}-x1y2z3"
    (left / "abc").mkdir(parents=True)
    (left / "abc" / "article.txt").write_text(ARTICLE)
    mine = safety.acquire_upload_folder(tmp_path)
    try:
        assert not left.exists() and mine.is_dir()
    finally:
        safety.release_upload_folder()
    assert not mine.exists()
