"""The browser chat's JSON API, concurrency, uploads and serving rules, against
the real app (Gradio on 127.0.0.1) and a real Ollama server."""

from __future__ import annotations

import json
import threading
import time
from pathlib import Path

import httpx
import pytest
from gradio_client import Client

from rag import cli
from rag.config import ConfigError
from rag.ingest import IngestRefused
from rag.pipeline import Answer
from rag.retrieve import SearchResult
from tests.conftest import make_settings
from tests.ui_support import MODEL, running_app
from ui import render
from ui.serve import check_bind, is_loopback
from ui.service import ChatService, sanitize_filename

pytestmark = pytest.mark.slow

MISSILE_FILE = "north-korea-missile-after-russia-talks.txt"
VISIT_FILE = "russia-north-korea-defence-minister-visit.txt"


@pytest.fixture(scope="module")
def app(tmp_path_factory, ollama_server, embedder):
    with running_app(tmp_path_factory.mktemp("ui-api"), ollama_server, embedder) as (url, service):
        yield url, service


# ------------------------------------------------------------------- API


def test_ask_endpoint_returns_the_whole_answer(app):
    url, _ = app
    result = Client(url, verbose=False).predict(
        question="रूस के रक्षा मंत्री कौन हैं?", model="none", api_name="/ask")
    assert result["mode"] == "extractive"
    assert result["model"] is None
    assert result["citations"], result
    c = result["citations"][0]
    assert c["quote"] and c["end"] > c["start"]
    assert result["passages"][0]["file_path"].endswith(VISIT_FILE)
    assert c["quote"] in result["text"]  # the extractive answer quotes the articles
    # The short answer first, the sentence it comes from, and the answerability verdict.
    assert result["short"] and result["short_source"] in result["quote"] and result["quote"] == c["quote"]
    assert result["text"].startswith(result["short"])
    assert result["answerability"]["answerable"] and 0 <= result["answerability"]["score"] <= 1
    assert c["file_path"].endswith((VISIT_FILE, "north-korea-missile-after-russia-talks.txt"))


def test_ask_endpoint_over_plain_http_with_history(app):
    """The README's curl recipe: POST the call, then read the event stream."""
    url, _ = app
    history = [["उत्तर कोरिया ने बैलिस्टिक मिसाइल कब दागी?", "बैठक के तुरंत बाद [1]"]]
    r = httpx.post(f"{url}gradio_api/call/ask",
                   json={"data": ["और उसके बाद क्या हुआ?", history, "none", 3, "hybrid", "hi"]}, timeout=30)
    r.raise_for_status()
    event_id = r.json()["event_id"]
    body = httpx.get(f"{url}gradio_api/call/ask/{event_id}", timeout=120).text
    lines = body.splitlines()
    assert "event: complete" in lines, body[:500]
    data = json.loads(lines[lines.index("event: complete") + 1].removeprefix("data: "))
    answer = data[0]
    # Without a model the follow-up is searched with the previous question prepended.
    assert answer["standalone_question"].startswith(history[0][0])
    assert answer["language"] == "hi"
    assert len(answer["passages"]) <= 3


def test_ask_endpoint_reports_errors_as_one_sentence(app):
    url, _ = app
    client = Client(url, verbose=False)
    with pytest.raises(Exception, match="the question is empty") as err:
        client.predict(question="   ", model="none", api_name="/ask")
    assert "Traceback" not in str(err.value)
    # A missing model is not an error: the answer falls back to the articles' sentences and says why.
    answer = client.predict(question="उत्तर कोरिया ने मिसाइल कहाँ दागी?", model="no-such-model:1b", api_name="/ask")
    assert answer["mode"] == "extractive" and "not on the Ollama server" in answer["notice"]


def test_articles_and_status_endpoints(app):
    url, _ = app
    client = Client(url, verbose=False)
    articles = client.predict(api_name="/articles")
    assert sorted(a["file"] for a in articles) == sorted([MISSILE_FILE, VISIT_FILE])
    assert all(a["passages"] > 0 and not a["uploaded"] for a in articles)
    status = client.predict(api_name="/status")
    assert status["ollama_ok"] is True and status["model_ok"] is True
    assert status["model"] == MODEL and status["documents"] == 2 and status["passages"] > 2


def test_two_sessions_at_once_are_answered_correctly(app):
    """A slow answer (the LLM) does not hold up another session: the second
    question, asked while the first is being answered, comes back first, and
    each session gets the answer to its own question."""
    url, _ = app
    results: dict[str, tuple[float, dict]] = {}

    started: dict[str, float] = {}

    def ask(name: str, question: str, model: str) -> None:
        started[name] = time.monotonic()
        out = Client(url, verbose=False).predict(question=question, model=model, api_name="/ask")
        results[name] = (time.monotonic(), out)

    slow = threading.Thread(target=ask, args=("slow", "Who fired a ballistic missile after the talks?", MODEL))
    fast = threading.Thread(target=ask, args=("fast", "बेलोसोव उत्तर कोरिया कब पहुंचे?", "none"))
    slow.start()
    time.sleep(1.0)
    fast.start()
    slow.join(300)
    fast.join(300)
    assert set(results) == {"slow", "fast"}
    t_slow, slow_answer = results["slow"]
    t_fast, fast_answer = results["fast"]
    assert slow_answer["question"].startswith("Who fired")
    assert slow_answer["model"] == MODEL
    assert slow_answer["passages"][0]["file_path"].endswith(MISSILE_FILE)
    assert fast_answer["question"].startswith("बेलोसोव")
    assert fast_answer["passages"][0]["file_path"].endswith(VISIT_FILE)
    # Said with what the slow one did: a model reply that failed fast (mode, llm_error)
    # makes "slow" quick, which is not the failure this test is about.
    assert t_fast < t_slow, (
        f"the second session waited for the first: slow took {t_slow - started['slow']:.1f} s "
        f"(mode {slow_answer.get('mode')}, llm_error {slow_answer.get('llm_error')!r}), "
        f"fast {t_fast - started['fast']:.1f} s")


# ---------------------------------------------------------------- uploads


def test_upload_sanitises_names_limits_size_and_deletes(app, tmp_path):
    _, service = app
    src = tmp_path / "in"
    src.mkdir()
    good = src / "../weird name;rm -rf $HOME`.txt".replace("/", "_")
    good.write_text("Pune hosted the zebrafish festival.\nThe zebrafish festival drew 5000 visitors.\n",
                    encoding="utf-8")
    big = src / "big.txt"
    big.write_bytes(b"a " * int(service.settings.serve_upload_mb * 1024 * 1024 // 2 + 10))
    exe = src / "tool.exe"
    exe.write_bytes(b"MZ")
    result = service.upload([good, big, exe], original_names=["../../etc/weird name;rm -rf $HOME`.txt",
                                                              "big.txt", "tool.exe"])
    assert len(result.report.added) == 1
    stored = Path(result.report.added[0])
    assert stored.parent == service.uploads_dir.resolve() and stored.is_file()
    assert stored.name == "weird-name-rm-rf-HOME.txt"
    reasons = dict(result.refused)
    assert "upload limit" in reasons["big.txt"] and "not a .txt" in reasons["tool.exe"]
    doc = next(a for a in service.articles() if a["file"] == stored.name)
    assert doc["uploaded"]
    answer = service.ask("How many visitors did the zebrafish festival draw?", [], model="none")
    assert Path(answer.passages[0].path).resolve() == stored.resolve()
    assert service.delete(doc["doc_id"])
    assert not stored.exists()
    assert all(a["doc_id"] != doc["doc_id"] for a in service.articles())


def test_upload_while_another_process_ingests_is_refused_and_keeps_nothing(app, tmp_path):
    """A ``rag ingest`` into the same data folder is running: the upload says so and
    copies no file, so no uploaded article's file is replaced under the index."""
    from tests.test_ingest import _hold_lock

    _, service = app
    src = tmp_path / "busy.txt"
    src.write_text("The otter census counted 41 otters.\n", encoding="utf-8")
    before = sorted(p.name for p in service.uploads_dir.iterdir()) if service.uploads_dir.exists() else []
    articles = service.articles()
    holder = _hold_lock(service.settings.data_dir, 60)
    try:
        with pytest.raises(IngestRefused, match=f"another process \\(pid {holder.pid}\\) is adding articles"):
            service.upload([src])
    finally:
        holder.kill()
        holder.wait()
    assert sorted(p.name for p in service.uploads_dir.iterdir()) == before
    assert service.articles() == articles
    added = service.upload([src]).report.added  # the lock went with the other process
    assert len(added) == 1
    service.delete(next(a["doc_id"] for a in service.articles() if a["file"] == Path(added[0]).name))


@pytest.mark.parametrize("name, safe", [
    ("report.TXT", "report.txt"),
    ("../../etc/passwd", "passwd"),
    ("C:\\Users\\x\\समाचार लेख.md", "समाचार-लेख.md"),
    (".hidden.html", "hidden.html"),
    ("<img src=x onerror=alert(1)>.pdf", "img-src-x-onerror-alert-1.pdf"),
    ("...", "article"),
])
def test_sanitize_filename(name, safe):
    assert sanitize_filename(name) == safe


# -------------------------------------------------------------- rendering


def test_cards_escape_article_text_and_highlight_the_supporting_sentence():
    doc = "Intro line.\n<img src=x onerror=alert(1)> Ships sailed at dawn. <script>x()</script> The end."
    start = doc.index("<img")
    quote_start = doc.index("Ships")
    quote_end = doc.index(" <script>")
    card = render.Card(1, "d1", "<b>Title</b>", "/a/b<i>.txt", start, len(doc) - 9,
                       [(quote_start, quote_end, 0.9)], rank=1, score=0.03)
    out = render.card_html(card, 2, doc)
    assert "<img" not in out and "<script>" not in out and "<b>Title" not in out
    assert "&lt;img src=x onerror=alert(1)&gt;" in out
    assert '<mark class="rag-support">Ships sailed at dawn.</mark>' in out
    assert 'id="src-2-1"' in out
    assert out.count('<mark class="rag-passage">') == 1  # the article view


def test_markers_link_only_to_cited_cards():
    out = render.link_markers(render.esc("A [1] and [7] <b>"), 3, {1})
    assert 'href="#src-3-1"' in out and "[7]" in out and "src-3-7" not in out and "&lt;b&gt;" in out


def test_answer_html_shows_mode_and_guard_reason():
    r = SearchResult(1, 0.03, "d", "t", "/p.txt", 0, 5, "hello", "en", None)
    ans = Answer("q", "q", "<script>no</script> [1]", "en", "abstained", [], [r], "m", notice="because")
    out = render.answer_html(ans, 1)
    assert "&lt;script&gt;" in out and 'rag-mode-abstained' in out and "the articles do not say" in out
    assert "because" in out


def test_an_answer_saying_the_article_does_not_know_links_its_quote():
    from rag.answer import Citation

    doc = "बैठक हुई। हालांकि अब तक यह स्पष्ट नहीं हो पाया है कि मिसाइल किस प्रकार की थी।"
    start = doc.index("हालांकि")
    r = SearchResult(1, 0.03, "d", "t", "/p.txt", 0, len(doc), doc, "hi", None)
    c = Citation(1, "d", "t", "/p.txt", start, len(doc), doc[start:], 0, len(doc), 0.0)
    ans = Answer("q", "q", f"इन लेखों में इस प्रश्न का उत्तर नहीं है। लेख के अनुसार यह अभी ज्ञात नहीं है:\n\n“{c.quote}” [1]",
                 "hi", "abstained", [c], [r], None, quote=c.quote)
    out = render.answer_html(ans, 2)
    assert "rag-mode-abstained" in out and 'href="#src-2-1"' in out and "स्पष्ट नहीं हो पाया है" in out
    cited, others = render.cards_for_answer(ans)
    assert [k.marker for k in cited] == [1] and cited[0].highlights == [(start, len(doc), 0.0)] and not others


# ------------------------------------------------------------- serving


def test_non_loopback_bind_needs_a_password_or_the_open_flag(tmp_path):
    s = make_settings(tmp_path, serve_host="0.0.0.0")
    with pytest.raises(ConfigError, match=r"refusing to serve on 0\.0\.0\.0 without a password"):
        check_bind(s)
    assert check_bind(make_settings(tmp_path, serve_host="0.0.0.0", serve_auth="ann:secret")) == ("ann", "secret")
    assert check_bind(make_settings(tmp_path, serve_host="0.0.0.0", serve_open=True)) is None
    assert check_bind(make_settings(tmp_path)) is None
    with pytest.raises(ConfigError, match="user:password"):
        check_bind(make_settings(tmp_path, serve_auth="no-colon"))
    assert is_loopback("localhost") and is_loopback("::1") and not is_loopback("192.168.1.5")


def test_rag_serve_refuses_an_open_public_bind(tmp_path, capsys):
    code = cli.main(["serve", "--host", "0.0.0.0", "--data-dir", str(tmp_path)])
    err = capsys.readouterr().err
    assert code == 2
    assert err.startswith("error: refusing to serve on 0.0.0.0") and "Traceback" not in err
    assert err.count("\n") == 1


def test_login_is_required_when_auth_is_set(tmp_path, ollama_server, embedder):
    with running_app(tmp_path / "data", ollama_server, embedder, auth=("ann", "s3cret")) as (url, _):
        assert httpx.get(f"{url}gradio_api/info", timeout=10).status_code == 401
        with pytest.raises(Exception):  # noqa: B017 - the client's own error type varies
            Client(url, verbose=False).predict(api_name="/status")
        status = Client(url, auth=("ann", "s3cret"), verbose=False).predict(api_name="/status")
        assert status["documents"] == 2


def test_service_is_usable_without_a_server(tmp_path, embedder):
    """ChatService wraps an index only once, however many pages use it."""
    from rag.index import Index

    index = Index(make_settings(tmp_path), embedder=embedder)
    a, b = ChatService(index.settings, index), ChatService(index.settings, index)
    assert a.lock is b.lock


def test_status_says_when_ollama_is_down(tmp_path, embedder):
    from rag.index import Index
    from tests.conftest import free_port

    settings = make_settings(tmp_path, ollama_host=f"127.0.0.1:{free_port()}")
    service = ChatService(settings, Index(settings, embedder=embedder))
    status = service.status()
    assert status["ollama_ok"] is False and status["model_ok"] is False
    assert "not reachable" in render.status_html(status)
    assert service.models() == []


def test_a_long_article_is_shown_as_a_window_around_the_passage():
    doc = "x" * 50_000 + "Passage. The support." + "y" * 50_000
    start = 50_000
    card = render.Card(1, "d", "t", "/p.txt", start, start + 21, [(start + 9, start + 21, 0.9)])
    out = render.card_html(card, 1, doc)
    assert '<mark class="rag-passage">Passage. <mark class="rag-support">The support.</mark></mark>' in out
    assert "characters before" in out and "characters after" in out
    assert len(out) < 2 * (2 * render.ARTICLE_WINDOW + 2_000)
