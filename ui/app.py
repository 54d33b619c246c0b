"""The browser page (display only): a chat that streams each answer beside the
passages it cites, the articles and the settings, built from an ``Assistant``.

Everything the page shows from articles or the model is escaped in
``ui/render.py``; what the page does lives in ``ui/service.py``.
"""

from __future__ import annotations

import logging
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import gradio as gr
from starlette.middleware import Middleware

from rag.builtin_model import ModelUnavailable
from rag.config import ConfigError, Settings
from rag.index import IndexUnavailable
from rag.ingest import IngestRefused
from rag.llm import LLMUnavailable
from rag.pipeline import Assistant, Turn
from rag.retrieve import EmptyQuery
from ui import render, safety
from ui.api import ApiMount, create_api
from ui.service import NO_MODEL, UPLOAD_TYPES, ChatService

log = logging.getLogger("rag.ui")

STATIC_DIR = Path(__file__).resolve().parent / "static"
FONT_DIR = STATIC_DIR / "fonts"
FONT_FAMILY = "Noto Sans Devanagari"
EXPECTED = (EmptyQuery, LLMUnavailable, IndexUnavailable, ModelUnavailable, ConfigError, IngestRefused)
MODES = [("मिश्रित · hybrid", "hybrid"), ("अर्थ · dense", "dense"), ("शब्द · keyword", "keyword")]
LANGUAGES = [("प्रश्न की भाषा · auto", "auto"), ("हिंदी · Hindi", "hi"), ("English · अंग्रेज़ी", "en")]


def font_url(name: str) -> str:
    return f"/gradio_api/file={(FONT_DIR / name).as_posix()}"


def page_css() -> str:
    faces = "".join(
        f"""@font-face {{ font-family: "{FONT_FAMILY}"; font-style: normal; font-weight: {w};
  font-display: swap; src: url("{font_url(f'noto-sans-devanagari-devanagari-{w}-normal.woff2')}") format("woff2");
  unicode-range: U+0900-097F, U+1CD0-1CF9, U+200C-200D, U+20A8, U+20B9, U+25CC, U+A830-A839, U+A8E0-A8FF; }}
"""
        for w in (400, 700)
    )
    return faces + (STATIC_DIR / "app.css").read_text(encoding="utf-8")


def page_head() -> str:
    return f"<script>{(STATIC_DIR / 'app.js').read_text(encoding='utf-8')}</script>"


def theme() -> gr.themes.Base:
    # Gradio's own Latin font first, then the served Devanagari font: no
    # family here is fetched from outside (no GoogleFont).
    return gr.themes.Default(
        primary_hue="orange",
        font=[gr.themes.LocalFont("Source Sans Pro"), FONT_FAMILY, "ui-sans-serif", "system-ui", "sans-serif"],
    )


def _one_sentence(e: BaseException) -> str:
    if isinstance(e, EXPECTED):
        return str(e).strip() or type(e).__name__
    return f"something went wrong ({type(e).__name__}); the server log has the details"


def _turns(pairs: list[list[str]] | None) -> list[Turn]:
    return [Turn(q, a) for q, a in (pairs or [])]


def _api_safe(value: Any) -> Any:
    """``path`` keys renamed ``file_path``: gradio_client takes any object with
    a ``path`` for a file to download, and would fetch the article itself."""
    if isinstance(value, dict):
        return {("file_path" if k == "path" else k): _api_safe(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_api_safe(v) for v in value]
    return value


def build_app(assistant: Assistant | ChatService) -> gr.Blocks:
    service = assistant if isinstance(assistant, ChatService) else ChatService.from_assistant(assistant)
    s = service.settings
    gr.set_static_paths([FONT_DIR])

    def model_choices() -> list[tuple[str, str]]:
        names = service.models()
        choices = [(n, n) for n in names]
        if s.llm != NO_MODEL and s.llm not in names:
            choices.insert(0, (f"{s.llm} (सर्वर पर नहीं · not on the server)", s.llm))
        choices.append(("none — केवल लेखों से वाक्य · extractive only", NO_MODEL))
        return choices

    def refresh_status(model: str | None = None) -> str:
        return render.status_html(service.status(model))

    def articles_update() -> tuple[str, Any]:
        arts = service.articles()
        options = [(f"{a['title'][:70]} — {a['file']}", a["doc_id"]) for a in arts]
        return render.articles_html(arts), gr.update(choices=options, value=None)

    # ----------------------------------------------------------- handlers
    def respond(question: str, chat: list[dict], pairs: list[list[str]], earlier: list[list[Any]],
                model: str, top_k: int, mode: str, language: str) -> Iterator[tuple]:
        question = (question or "").strip()
        chat = list(chat or [])
        pairs = list(pairs or [])
        earlier = list(earlier or [])
        turn = len(pairs) + 1
        past = [(t, q, body) for t, q, body in earlier]
        if not question:
            chat += [{"role": "assistant", "content": render.error_html(
                "प्रश्न खाली है · the question is empty: type a question in Hindi or English")}]
            yield "", chat, gr.update(), pairs, earlier
            return
        chat += [{"role": "user", "content": render.user_html(question)},
                 {"role": "assistant", "content": render.searching_html()}]
        yield "", chat, gr.update(), pairs, earlier
        try:
            for event in service.stream(question, _turns(pairs), model=model or None, top_k=top_k,
                                        retrieval_mode=mode, answer_language=language):
                if event.kind == "question" and event.data != question:
                    chat[-1] = {"role": "assistant", "content": render.searching_html(str(event.data))}
                    yield "", chat, gr.update(), pairs, earlier
                elif event.kind == "passages":
                    panel = render.retrieved_panel(event.data, service.document_text, turn)
                    chat[-1] = {"role": "assistant", "content": render.streaming_html("")}
                    yield "", chat, render.sources_view(panel, past), pairs, earlier
                elif event.kind == "draft":  # the best sentence's answer at once; the model is reading
                    draft = event.data
                    panel = render.answer_panel(draft, service.document_text, turn)
                    chat[-1] = {"role": "assistant", "content": render.draft_html(draft, turn)}
                    yield "", chat, render.sources_view(panel, past), pairs, earlier
                elif event.kind == "done":
                    answer = event.data
                    panel = render.answer_panel(answer, service.document_text, turn)
                    chat[-1] = {"role": "assistant", "content": render.answer_html(answer, turn)}
                    pairs.append([question, answer.text])
                    earlier.append([turn, question, panel])
                    yield "", chat, render.sources_view(panel, past), pairs, earlier
        except Exception as e:
            if not isinstance(e, EXPECTED):
                log.exception("answering %r failed", question)
            chat[-1] = {"role": "assistant", "content": render.error_html(_one_sentence(e))}
            yield "", chat, gr.update(), pairs, earlier

    def new_chat() -> tuple:
        return [], render.EMPTY_SOURCES, [], [], ""

    def upload_files(files: list[str] | None, model: str, progress: gr.Progress = gr.Progress()) -> tuple:  # noqa: B008
        if not files:
            return (gr.update(), *articles_update(), refresh_status(model), None)

        def tick(done: int, total: int, name: str) -> None:
            progress((done, total), desc=f"ingest · जोड़ा जा रहा है: {Path(name).name}")

        try:
            result = service.upload([Path(f) for f in files], progress=tick)
            report = render.ingest_html(result.report, result.refused, result.names)
        except Exception as e:
            if not isinstance(e, EXPECTED):
                log.exception("upload failed")
            report = render.error_html(_one_sentence(e))
        finally:  # Gradio's copies: ours is in uploads_dir, or the file was refused
            safety.discard_uploads(files)
        return (report, *articles_update(), refresh_status(model), None)

    def delete_article(doc_id: str | None, model: str) -> tuple:
        if not doc_id:
            msg = render.error_html("पहले एक लेख चुनें · choose an article first")
        else:
            title = service.delete(doc_id)
            msg = (f'<div class="rag-ingest">हटाया · deleted: {render.esc(title)}</div>' if title
                   else render.error_html("यह लेख अब सूची में नहीं है · that article is no longer indexed"))
        return (msg, *articles_update(), refresh_status(model))

    def on_load(model: str) -> tuple:
        rows, options = articles_update()
        return refresh_status(model), gr.update(choices=model_choices(), value=model or s.llm), rows, options

    # --------------------------------------------------------------- API
    def ask_api(question: str, history: list[list[str]] | None = None, model: str = "", top_k: int = 0,
                retrieval_mode: str = "", answer_language: str = "") -> dict:
        """Answer a question from the articles, with citations. history: [[question, answer], ...] of
        earlier turns. Empty or 0 arguments use the server's settings. Returns the whole result object."""
        try:
            answer = service.ask(question, _turns(history), model=model or None, top_k=top_k or None,
                                 retrieval_mode=retrieval_mode or None, answer_language=answer_language or None)
        except Exception as e:
            if not isinstance(e, EXPECTED):
                log.exception("API ask failed")
            raise gr.Error(_one_sentence(e)) from None
        return _api_safe(answer.to_dict())

    def articles_api() -> list[dict]:
        """The indexed articles: doc_id, title, file, file_path, lang, date, passages, uploaded."""
        return _api_safe(service.articles())

    def status_api() -> dict:
        """Ollama reachable, its version, the model, the embedding model, articles and passages."""
        return service.status()

    # ------------------------------------------------------------ layout
    with gr.Blocks(title="समाचार प्रश्नोत्तर · News Q&A") as demo:
        pairs = gr.State([])
        earlier = gr.State([])
        with gr.Row(elem_id="rag-top"):
            gr.HTML('<div class="rag-brand"><span class="rag-brand-hi">समाचार प्रश्नोत्तर</span> · '
                    "News Q&amp;A <span class=\"rag-dim\">— हिंदी और अंग्रेज़ी लेखों से, उद्धरण सहित · "
                    "answers from your Hindi and English articles, with sources</span></div>")
        status_line = gr.HTML(elem_id="rag-status-line")
        with gr.Tabs():
            with gr.Tab("प्रश्न · Ask", id="ask", elem_id="rag-tab-ask"):
                with gr.Row(equal_height=False):
                    with gr.Column(scale=5, min_width=360):
                        chatbot = gr.Chatbot(
                            elem_id="rag-chat", height=560, latex_delimiters=[], buttons=[],  # copy would copy markup
                            feedback_options=None, show_label=False, autoscroll=True,
                            placeholder="<div class='rag-empty'>हिंदी या अंग्रेज़ी में पूछें, जैसे: "
                                        "<i>उत्तर कोरिया ने मिसाइल कहाँ दागी?</i><br>Ask in Hindi or English, "
                                        "for example: <i>Who led the Russian delegation?</i></div>",
                        )
                        with gr.Row():
                            question = gr.Textbox(
                                placeholder="प्रश्न लिखें… · type a question…", show_label=False, lines=1,
                                max_lines=4, scale=8, elem_id="rag-question", autofocus=True,
                            )
                            ask_btn = gr.Button("पूछें · Ask", variant="primary", scale=1, min_width=90,
                                                elem_id="rag-ask")
                        with gr.Row():
                            new_btn = gr.Button("नई बातचीत · New chat", size="sm", elem_id="rag-new")
                        with gr.Accordion("सेटिंग · Settings", open=False, elem_id="rag-settings"):
                            model = gr.Dropdown(
                                choices=[(s.llm, s.llm), ("none", NO_MODEL)], value=s.llm,
                                label="मॉडल (Ollama) · model", elem_id="rag-model", allow_custom_value=True,
                            )
                            top_k = gr.Slider(1, 10, value=min(s.context_passages, 10), step=1,
                                              label="अंश · passages (top-k)", elem_id="rag-topk")
                            mode = gr.Radio(MODES, value=s.retrieval_mode, label="खोज · retrieval",
                                            elem_id="rag-mode")
                            language = gr.Radio(LANGUAGES, value=s.answer_language,
                                                label="उत्तर की भाषा · answer language", elem_id="rag-lang")
                    with gr.Column(scale=4, min_width=320):
                        sources = gr.HTML(render.EMPTY_SOURCES, elem_id="rag-sources")
            with gr.Tab("लेख · Articles", id="articles", elem_id="rag-tab-articles"):
                files = gr.File(
                    file_count="multiple", file_types=list(UPLOAD_TYPES), elem_id="rag-upload",
                    label=f"लेख जोड़ें · add articles (.txt .md .html .pdf, ≤ {s.serve_upload_mb:g} MB)",
                )
                ingest_report = gr.HTML(elem_id="rag-ingest-report")
                table = gr.HTML(elem_id="rag-articles")
                with gr.Row():
                    doc_choice = gr.Dropdown(label="हटाने के लिए लेख · article to delete", choices=[],
                                             elem_id="rag-delete-choice", scale=4)
                    delete_btn = gr.Button("हटाएँ · Delete", variant="stop", elem_id="rag-delete", scale=1)

        chat_io = dict(
            fn=respond,
            inputs=[question, chatbot, pairs, earlier, model, top_k, mode, language],
            outputs=[question, chatbot, sources, pairs, earlier],
            api_visibility="private", concurrency_id="answer", concurrency_limit=s.serve_concurrency,
        )
        question.submit(**chat_io)
        ask_btn.click(**chat_io)
        new_btn.click(new_chat, outputs=[chatbot, sources, pairs, earlier, question], api_visibility="private")
        files.upload(upload_files, inputs=[files, model],
                     outputs=[ingest_report, table, doc_choice, status_line, files],
                     api_visibility="private", concurrency_id="ingest", concurrency_limit=1)
        delete_btn.click(delete_article, inputs=[doc_choice, model],
                         outputs=[ingest_report, table, doc_choice, status_line],
                         api_visibility="private", concurrency_id="ingest", concurrency_limit=1)
        model.change(refresh_status, inputs=[model], outputs=[status_line], api_visibility="private")
        demo.load(on_load, inputs=[model], outputs=[status_line, model, table, doc_choice],
                  api_visibility="private")
        gr.Timer(30).tick(refresh_status, inputs=[model], outputs=[status_line], api_visibility="private")

        gr.api(ask_api, api_name="ask", concurrency_id="answer", concurrency_limit=s.serve_concurrency)
        gr.api(articles_api, api_name="articles")
        gr.api(status_api, api_name="status")
    return demo


def launch(service: ChatService, host: str | None = None, port: int | None = None,
           auth: tuple[str, str] | None = None, block: bool = True) -> gr.Blocks:
    """Queue and start the page; returns once serving when ``block`` is False.

    Uploads go to a private folder (removed when the server stops); without
    ``auth`` the page answers only its own Host names and origin (ui/safety.py).
    """
    s = service.settings
    host = host or s.serve_host
    safety.acquire_upload_folder(s.data_dir)  # before the Blocks: they read it when built
    try:
        demo = build_app(service)
        # Several sessions at once; requests beyond serve_concurrency wait in the queue.
        demo.queue(default_concurrency_limit=s.serve_concurrency)
        guard = Middleware(safety.RequestGuard, hosts=safety.allowed_hosts(host, auth is not None),
                           check=auth is None)
        api = Middleware(ApiMount, api=create_api(service, auth))  # inside the guard: same Host/Origin rules
        demo.launch(
            server_name=host, server_port=port or s.serve_port, auth=auth,
            max_file_size=int(s.serve_upload_mb * 1024 * 1024), allowed_paths=[str(FONT_DIR)],
            theme=theme(), css=page_css(), head=page_head(), prevent_thread_lock=not block,
            show_error=False, quiet=True, footer_links=["api"], num_workers=0,  # no file server bypassing the guard
            app_kwargs={"middleware": [guard, api], "lifespan": safety.upload_folder_lifespan},
        )
    except BaseException:
        safety.release_upload_folder()
        raise
    return demo


def settings_auth(settings: Settings) -> tuple[str, str] | None:
    if not settings.serve_auth:
        return None
    user, sep, password = settings.serve_auth.partition(":")
    if not sep or not user or not password:
        raise ConfigError("serve_auth must be 'user:password' (both non-empty)")
    return user, password
