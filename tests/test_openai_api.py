"""The HTTP API of `rag serve` (issue #13), driven by the real `openai` client
and plain HTTP against the real app (Gradio on 127.0.0.1), a real Ollama
server and a real Chroma index of the seeds."""

from __future__ import annotations

import json
import time
from pathlib import Path

import httpx
import openai
import pytest

from tests.conftest import SEEDS
from tests.ui_support import MODEL, running_app

pytestmark = pytest.mark.slow

QUESTION = "रूस के रक्षा मंत्री कौन हैं?"


@pytest.fixture(scope="module")
def app(tmp_path_factory, ollama_server, embedder):
    with running_app(tmp_path_factory.mktemp("openai-api"), ollama_server, embedder) as (url, service):
        yield url, service


@pytest.fixture(scope="module")
def client(app):
    return openai.OpenAI(base_url=app[0] + "v1", api_key="unused", max_retries=0, timeout=300)


def ask(question: str = QUESTION) -> list[dict]:
    return [{"role": "user", "content": question}]


def test_models_lists_the_assistant_and_each_ollama_model(client):
    ids = [m.id for m in client.models.list()]
    assert ids[:2] == ["rag", "rag:none"]
    assert f"rag:{MODEL}" in ids


def test_chat_completion_carries_the_checked_answer_and_its_citations(client):
    r = client.chat.completions.create(model="rag:none", messages=ask())
    text = r.choices[0].message.content
    rag = r.model_extra["rag"]
    assert r.model == "rag:none" and r.choices[0].finish_reason == "stop"
    assert rag["mode"] == "extractive" and rag["answerability"]["answerable"]
    assert text.startswith(rag["text"]) and "[1]" in text and rag["short"] and text.startswith(rag["short"])
    c = rag["citations"][0]
    # Which article answers is the engine's business (tests/test_answer.py); the API carries it.
    assert Path(c["path"]).parent == SEEDS and c["quote"] == rag["quote"]
    # What [1] points to is in the content too, for chat UIs that show only the content.
    assert f"[1] {c['title']} — {Path(c['path']).name}, chars {c['start']}–{c['end']}" in text


def test_streamed_completion_sends_progress_then_the_same_answer(client):
    plain = client.chat.completions.create(model="rag:none", messages=ask()).choices[0].message.content
    stream = client.chat.completions.create(model="rag:none", messages=ask(), stream=True,
                                            stream_options={"include_usage": True})
    chunks = list(stream)
    assert chunks[0].choices[0].delta.role == "assistant"
    events = [(c.model_extra or {}).get("rag", {}).get("event") for c in chunks]
    assert events.index("passages") < events.index("done")
    text = "".join(c.choices[0].delta.content or "" for c in chunks if c.choices)
    assert text == plain
    finals = [c for c in chunks if c.choices and c.choices[0].finish_reason == "stop"]
    assert len(finals) == 1 and finals[0].model_extra["rag"]["answer"]["mode"] == "extractive"
    assert chunks[-1].choices == [] and chunks[-1].usage is not None


def test_streamed_answer_with_the_model_shows_the_draft_first(client):
    stream = client.chat.completions.create(model=f"rag:{MODEL}", stream=True,
                                            messages=ask("उत्तर कोरिया ने मिसाइल कहाँ दागी?"))
    kinds: list[str] = []
    for c in stream:
        event = (c.model_extra or {}).get("rag", {}).get("event")
        if event:
            kinds.append(event)
        if c.choices and c.choices[0].delta.content:
            kinds.append("content")
    assert kinds.index("draft") < kinds.index("content") < kinds.index("done")


def test_the_conversation_becomes_the_multi_turn_question(client):
    first = "उत्तर कोरिया ने बैलिस्टिक मिसाइल कब दागी?"
    earlier = client.chat.completions.create(model="rag:none", messages=ask(first)).choices[0].message.content
    messages = [{"role": "system", "content": "You are a helpful assistant."},
                {"role": "user", "content": [{"type": "text", "text": first}]},
                {"role": "assistant", "content": earlier},
                {"role": "user", "content": "और उसके बाद क्या हुआ?"}]
    rag = client.chat.completions.create(model="rag:none", messages=messages).model_extra["rag"]
    # Without a model the follow-up is searched with the previous question prepended.
    assert rag["question"] == "और उसके बाद क्या हुआ?" and rag["standalone_question"].startswith(first)


def test_plain_ask_returns_the_whole_answer_in_one_call(app):
    url, _ = app
    r = httpx.post(url + "api/ask", json={"question": QUESTION, "model": "none", "top_k": 3}, timeout=120)
    assert r.status_code == 200
    answer = r.json()
    assert answer["mode"] == "extractive" and answer["citations"] and len(answer["passages"]) <= 3
    assert set(answer) >= {"short", "quote", "answerability", "timings", "standalone_question"}


def test_a_request_shaped_like_open_webuis(app):
    """Extra parameters other clients send are accepted (the engine's settings decide)."""
    body = {"model": "rag:none", "stream": True, "stream_options": {"include_usage": True}, "temperature": 0.7,
            "max_tokens": 512, "top_p": 0.9, "user": "ana", "metadata": {"chat_id": "x"},
            "messages": [{"role": "system", "content": "Be brief."}, {"role": "user", "content": QUESTION}]}
    with httpx.stream("POST", app[0] + "v1/chat/completions", json=body, timeout=120,
                      headers={"Authorization": "Bearer sk-anything"}) as r:
        assert r.status_code == 200 and r.headers["content-type"].startswith("text/event-stream")
        lines = [line for line in r.iter_lines() if line.startswith("data: ")]
    assert lines[-1] == "data: [DONE]"
    chunks = [json.loads(line[6:]) for line in lines[:-1]]
    assert any(c["choices"] and c["choices"][0]["delta"].get("content") for c in chunks)
    assert chunks[-1]["usage"]["total_tokens"] == 0  # no model was asked


# ----------------------------------------------------------------- errors


def _error(r: httpx.Response, status: int) -> dict:
    assert r.status_code == status, r.text[:300]
    assert r.headers["content-type"].startswith("application/json")
    assert "Traceback" not in r.text
    return r.json()["error"]


@pytest.mark.parametrize("body, where", [
    ({"model": "rag"}, "messages"),
    ({"model": "rag", "messages": []}, "messages"),
    ({"model": "rag", "messages": "hello"}, "messages"),
    ({"model": "rag", "messages": [{"role": "user", "content": 42}]}, "messages.0.content"),
    ({"model": "rag", "messages": [{"role": "wizard", "content": "hi"}]}, "messages.0.role"),
    ({"model": "rag", "messages": [{"role": "user", "content": "hi"}], "stream": "yes please"}, "stream"),
    ({"model": "rag", "messages": [{"role": "assistant", "content": "hi"}]}, "messages"),
    ({"model": "rag", "messages": [{"role": "user", "content": "   "}]}, "messages"),
    ({"model": "rag", "messages": [{"role": "user", "content": [{"type": "image_url"}]}]}, "messages"),
    ({"model": "rag", "messages": [{"role": "user", "content": "hi"}], "top_k": 500}, "top_k"),
])
def test_bad_payloads_are_400_json_errors(app, body, where):
    err = _error(httpx.post(app[0] + "v1/chat/completions", json=body, timeout=30), 400)
    assert err["type"] == "invalid_request_error" and err["param"] == where and err["message"]


def test_bad_payloads_through_the_openai_client(client):
    with pytest.raises(openai.BadRequestError, match="messages"):
        client.chat.completions.create(model="rag", messages=[])
    with pytest.raises(openai.NotFoundError, match="rag:none"):
        client.chat.completions.create(model="gpt-4o", messages=ask())
    with pytest.raises(openai.APIStatusError, match="serve_max_request_kb") as err:
        client.chat.completions.create(model="rag:none", messages=ask("क" * (1 << 20)))
    assert err.value.status_code == 413
    with pytest.raises(openai.APIStatusError, match="serve_max_request_kb"):
        client.chat.completions.create(model="rag:none", messages=ask("a" * (1 << 20)), stream=True)


def test_other_malformed_requests(app):
    url, _ = app
    err = _error(httpx.post(url + "v1/chat/completions", content=b"{not json", timeout=30,
                            headers={"content-type": "application/json"}), 400)
    assert "not valid JSON" in err["message"]
    _error(httpx.post(url + "v1/chat/completions", content=b"x=1", timeout=30,
                      headers={"content-type": "application/x-www-form-urlencoded"}), 415)
    _error(httpx.get(url + "v1/chat/completions", timeout=30), 405)
    _error(httpx.get(url + "v1/embeddings", timeout=30), 404)
    assert "question" in _error(httpx.post(url + "api/ask", json={"question": "  "}, timeout=30), 400)["message"]
    r = httpx.post(url + "api/ask", json={"question": "x", "colour": 1}, timeout=30)
    assert _error(r, 400)["param"] == "colour"
    assert _error(httpx.post(url + "api/ask", json={"question": "x", "history": [["a"]]}, timeout=30),
                  400)["param"].startswith("history")


def test_cross_origin_calls_are_refused_with_a_json_error(app):
    r = httpx.post(app[0] + "v1/chat/completions", json={"model": "rag", "messages": ask()}, timeout=30,
                   headers={"Origin": "http://evil.example"})
    assert "cross-origin" in _error(r, 403)["message"]


def test_requests_wait_for_a_free_answer_slot(app, client):
    """The page and the API share serve_concurrency: with every slot taken, a
    request waits; it is answered once one is free."""
    _, service = app
    n = service.settings.serve_concurrency
    for _ in range(n):
        service.slots.acquire()
    try:
        with pytest.raises(openai.APITimeoutError):
            client.with_options(timeout=3).chat.completions.create(model="rag:none", messages=ask())
    finally:
        for _ in range(n):
            service.slots.release()
    time.sleep(0.5)  # the timed-out request's answer finishes and gives its slot back
    assert client.chat.completions.create(model="rag:none", messages=ask()).model_extra["rag"]["citations"]


def test_a_client_that_leaves_mid_stream_gives_its_slot_back(app, client):
    _, service = app
    stream = client.chat.completions.create(model="rag:none", messages=ask(), stream=True)
    next(iter(stream))  # the role chunk; then the client goes away
    stream.close()
    n, held, deadline = service.settings.serve_concurrency, 0, time.time() + 60
    while held < n and time.time() < deadline:
        held += service.slots.acquire(timeout=1)
    for _ in range(held):
        service.slots.release()
    assert held == n


# ------------------------------------------------------------------- auth


@pytest.fixture(scope="module")
def locked(tmp_path_factory, ollama_server, embedder):
    with running_app(tmp_path_factory.mktemp("openai-auth"), ollama_server, embedder, auth=("ana", "s3cret"),
                     serve_api_key="key-123") as (url, _):
        yield url


@pytest.mark.parametrize("key", ["ana:s3cret", "key-123"])
def test_with_a_login_the_api_takes_it_or_the_api_key(locked, key):
    c = openai.OpenAI(base_url=locked + "v1", api_key=key, max_retries=0, timeout=120)
    assert c.chat.completions.create(model="rag:none", messages=ask()).model_extra["rag"]["citations"]
    assert "rag" in [m.id for m in c.models.list()]


def test_with_a_login_other_requests_are_401(locked):
    c = openai.OpenAI(base_url=locked + "v1", api_key="wrong", max_retries=0, timeout=60)
    with pytest.raises(openai.AuthenticationError, match="authentication required"):
        c.chat.completions.create(model="rag:none", messages=ask())
    with pytest.raises(openai.AuthenticationError):
        c.models.list()
    r = httpx.post(locked + "api/ask", json={"question": QUESTION, "model": "none"}, timeout=60)
    assert _error(r, 401)["type"] == "authentication_error" and r.headers["www-authenticate"].startswith("Basic")
    r = httpx.post(locked + "api/ask", json={"question": QUESTION, "model": "none"}, timeout=120,
                   auth=("ana", "s3cret"))
    assert r.status_code == 200 and r.json()["citations"]
    assert httpx.post(locked + "api/ask", json={"question": QUESTION}, auth=("ana", "nope"),
                      timeout=60).status_code == 401


def test_an_api_key_alone_guards_the_api_not_the_page(tmp_path, ollama_server, embedder):
    with running_app(tmp_path / "data", ollama_server, embedder, serve_api_key="key-456") as (url, _):
        assert httpx.get(url, timeout=30).status_code == 200  # the page: no login set
        r = httpx.get(url + "v1/models", timeout=30)
        assert _error(r, 401)["code"] == "invalid_api_key"
        c = openai.OpenAI(base_url=url + "v1", api_key="key-456", max_retries=0, timeout=120)
        assert c.chat.completions.create(model="rag:none", messages=ask()).model_extra["rag"]["citations"]
