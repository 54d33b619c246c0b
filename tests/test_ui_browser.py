"""The browser chat end to end: Debian's Chromium driven by Playwright,
headless, against the app on 127.0.0.1 with a real Ollama server and SmolLM2.

Screenshots go to test-artifacts/ (git-ignored)."""

from __future__ import annotations

from pathlib import Path

import pytest
from playwright.sync_api import Browser, Page, sync_playwright

from tests.conftest import MISSILE, ROOT
from tests.ui_support import running_app
from ui import safety

pytestmark = pytest.mark.slow

CHROMIUM = "/usr/bin/chromium"
ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
        "--disable-component-update", "--disable-sync", "--no-first-run"]
ARTIFACTS = ROOT / "test-artifacts"
ANSWER_TIMEOUT = 240_000  # ms; SmolLM2 answers in seconds, but the CPU is shared

# Records, by the page's own clock, when the first source card, the draft
# answer (the best sentence's, shown while the model reads) and the finished
# answer (its mode line) appeared.
OBSERVE = """() => {
  window.__seen = {};
  const look = () => {
    const s = window.__seen, now = performance.now();
    if (!s.cards && document.querySelector('#rag-sources .rag-card')) s.cards = now;
    const d = document.querySelector('.rag-draft .rag-quote');
    if (!s.draft && d && d.textContent.trim()) s.draft = now;
    if (!s.done && document.querySelector('.rag-mode')) s.done = now;
  };
  new MutationObserver(look).observe(document.body, {childList: true, subtree: true, characterData: true});
}"""


@pytest.fixture(scope="module")
def app(tmp_path_factory, ollama_server, embedder):
    with running_app(tmp_path_factory.mktemp("ui-browser"), ollama_server, embedder) as (url, service):
        yield url, service


@pytest.fixture(scope="module")
def browser() -> Browser:
    with sync_playwright() as p:
        b = p.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        yield b
        b.close()


@pytest.fixture
def page(app, browser) -> Page:
    url, _ = app
    context = browser.new_context(viewport={"width": 1400, "height": 1000})
    page = context.new_page()
    page.on("dialog", lambda d: pytest.fail(f"a dialog opened: {d.message}"))
    page.goto(url)
    page.wait_for_selector('.rag-status[data-ollama="up"]', timeout=60_000)
    yield page
    context.close()


def ask(page: Page, question: str) -> None:
    before = page.locator(".rag-mode, .rag-error").count()
    page.fill("#rag-question textarea", question)
    page.click("#rag-ask")
    page.wait_for_function(f"document.querySelectorAll('.rag-mode, .rag-error').length > {before}",
                           timeout=ANSWER_TIMEOUT)


def upload(page: Page, name: str, text: str) -> None:
    page.get_by_role("tab", name="लेख · Articles").click()
    page.set_input_files("#rag-upload input[type=file]",
                         files=[{"name": name, "mimeType": "text/plain", "buffer": text.encode("utf-8")}])
    page.wait_for_selector("#rag-ingest-report .rag-ingest", timeout=120_000)
    page.get_by_role("tab", name="प्रश्न · Ask").click()


def test_hindi_question_shows_a_draft_then_the_answer_beside_its_sources(app, page):
    _, service = app
    fonts: dict[str, int] = {}
    page.on("response", lambda r: fonts.__setitem__(r.url.rsplit("/", 1)[-1], r.status)
            if "noto-sans-devanagari" in r.url else None)
    page.reload()  # again, now that font requests are watched
    page.wait_for_selector('.rag-status[data-ollama="up"]', timeout=60_000)
    page.evaluate(OBSERVE)
    ask(page, "उत्तर कोरिया ने मिसाइल कहाँ दागी?")
    assert page.locator(".rag-error").count() == 0

    # Sources first, then the draft answer at once, then the checked answer.
    seen = page.evaluate("window.__seen")
    assert seen.get("cards") and seen.get("draft") and seen.get("done"), seen
    assert seen["cards"] <= seen["draft"] < seen["done"], seen

    # The mode is always shown, with the model's name when it answered.
    mode = page.locator(".rag-mode").last
    kind = next(c.removeprefix("rag-mode-") for c in mode.get_attribute("class").split() if c != "rag-mode"
                and c.startswith("rag-mode-"))  # the chat's sanitiser drops data-* attributes
    label = {"llm": "read by smollm2:135m", "extractive": "from the best-matching sentence",
             "abstained": "the articles do not say"}[kind]
    assert label in mode.inner_text()
    assert "answerability" in mode.inner_text()
    if kind != "abstained":  # the quoted sentence, cited, under the short answer
        assert page.locator("#rag-chat .rag-quote a.rag-cite").count() >= 1

    # One card per cited passage, its supporting sentence highlighted inside it.
    cards = page.locator("#rag-sources .rag-current .rag-card-cited")
    assert cards.count() >= 1, page.inner_text("#rag-sources")
    first = cards.first
    support = first.locator(".rag-passage-text mark.rag-support").first.inner_text()
    assert support.strip() and support.strip() in MISSILE.read_text(encoding="utf-8") + Path(
        ROOT / "seeds" / "russia-north-korea-defence-minister-visit.txt").read_text(encoding="utf-8")
    assert "chars" in first.locator(".rag-meta").inner_text()
    assert "score" in first.locator(".rag-scores").inner_text()

    # A marker in the answer leads to its card.
    marker = page.locator("#rag-chat a.rag-cite").first
    target = marker.get_attribute("href").removeprefix("#")
    marker.click()
    page.wait_for_selector(f"#{target}.rag-flash", timeout=5_000)

    # "Open the article": the whole article, the passage highlighted in it.
    card = page.locator(f"#{target}")
    card.locator("details.rag-article summary").click()
    article = card.locator(".rag-article-text")
    assert article.is_visible()
    assert article.evaluate("e => e.textContent") == service.document_text(card.get_attribute("data-doc"))
    assert article.locator("mark.rag-passage mark.rag-support").count() >= 1

    # Devanagari is drawn with the font the app serves (no Hindi font is installed system-wide).
    assert fonts and set(fonts.values()) == {200}, fonts
    assert page.evaluate("""() => [...document.fonts].some(
        f => f.family.replace(/"/g, '') === 'Noto Sans Devanagari' && f.status === 'loaded')""")
    cdp = page.context.new_cdp_session(page)
    cdp.send("DOM.enable")
    cdp.send("CSS.enable")
    root = cdp.send("DOM.getDocument", {"depth": -1})["root"]["nodeId"]
    node = cdp.send("DOM.querySelector", {"nodeId": root, "selector": "#rag-chat .rag-answer"})["nodeId"]
    used = cdp.send("CSS.getPlatformFontsForNode", {"nodeId": node})["fonts"]
    deva = [f for f in used if f["familyName"] == "Noto Sans Devanagari"]
    assert deva and deva[0]["isCustomFont"] and deva[0]["glyphCount"] > 10, used

    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / "ui-hindi-answer.png"), full_page=True)

    # A follow-up: the second answer gets its own cards; the first turn's move to a collapsed section.
    ask(page, "और उसके बाद क्या हुआ?")
    assert page.locator(".rag-error").count() == 0
    assert page.locator("#rag-chat .rag-mode").count() == 2
    assert page.locator('#rag-sources details.rag-turn[data-turn="1"]').count() == 1
    current = page.locator("#rag-sources .rag-current .rag-card")
    assert current.count() >= 1
    # An earlier answer's marker still leads to its card, opening the earlier section.
    page.locator("#rag-chat a.rag-cite").first.click()
    page.wait_for_selector(f"#{target}.rag-flash", timeout=5_000)
    assert page.locator('details.rag-turn[data-turn="1"]').evaluate("d => d.open")
    page.screenshot(path=str(ARTIFACTS / "ui-follow-up.png"), full_page=True)

    # New chat clears the conversation and the sources.
    page.click("#rag-new")
    page.wait_for_function("document.querySelectorAll('#rag-chat .rag-mode').length === 0", timeout=10_000)
    page.wait_for_selector("#rag-sources .rag-empty", timeout=10_000)


def test_upload_an_article_ask_about_it_and_delete_it(app, page):
    _, service = app
    text = ("Zebrafish festival in Pune\n"
            "The zebrafish festival in Pune drew 5000 visitors on Sunday. "
            "Organisers said the festival will return next year with a larger aquarium.\n")
    upload(page, "zebrafish festival; pune?.txt", text)
    report = page.inner_text("#rag-ingest-report")
    assert "added 1" in report and "zebrafish-festival-pune.txt" in report
    assert "Zebrafish festival in Pune" in page.inner_text("#rag-articles")
    assert (service.uploads_dir / "zebrafish-festival-pune.txt").is_file()
    private = safety.upload_folder()  # where Gradio put the upload: private, and emptied once handled
    assert private is not None and private.is_relative_to(service.settings.data_dir)
    assert [f for f in private.rglob("*") if f.is_file() and f.stat().st_size] == []

    ask(page, "How many visitors did the zebrafish festival in Pune draw?")
    first = page.locator("#rag-sources .rag-current .rag-card").first
    assert "Zebrafish festival in Pune" in first.locator(".rag-title").inner_text()
    assert "5000" in first.locator(".rag-passage-text").inner_text()

    page.get_by_role("tab", name="लेख · Articles").click()
    page.click("#rag-delete-choice input")
    page.get_by_role("option", name="Zebrafish festival in Pune — zebrafish-festival-pune.txt").click()
    page.click("#rag-delete")
    page.wait_for_function(
        "!document.querySelector('#rag-articles').innerText.includes('Zebrafish festival in Pune')",
        timeout=30_000)
    assert "deleted" in page.inner_text("#rag-ingest-report")
    assert not (service.uploads_dir / "zebrafish-festival-pune.txt").exists()
    assert all("Zebrafish" not in a["title"] for a in service.articles())


def test_an_article_with_html_in_it_runs_nothing(app, page):
    payload_title = 'Xylophone fair <img src=x onerror="window.__pwned=1">'
    text = (f"{payload_title}\n"
            "The xylophone fair in Indore sold 700 xylophones. <script>window.__pwned=2</script> "
            'Visitors praised the <b onmouseover="window.__pwned=3">bamboo</b> xylophones.\n')
    upload(page, "xylophone.txt", text)
    page.wait_for_timeout(500)
    assert "Xylophone fair <img src=x" in page.inner_text("#rag-articles")  # shown as text

    ask(page, "How many xylophones did the xylophone fair in Indore sell?")
    card = page.locator("#rag-sources .rag-current .rag-card").first
    card.locator("details.rag-article summary").click()
    card.hover()
    assert "<script>window.__pwned=2</script>" in card.locator(".rag-article-text").inner_text()
    assert payload_title in card.locator(".rag-title").inner_text()
    page.wait_for_timeout(500)
    assert page.evaluate("typeof window.__pwned") == "undefined"
    assert page.locator('img[src="x"], #rag-sources script, #rag-chat script, b[onmouseover]').count() == 0
    page.screenshot(path=str(ARTIFACTS / "ui-xss-inert.png"), full_page=True)


def test_settings_offer_the_servers_models_and_errors_are_one_sentence(page):
    page.click("#rag-settings")
    page.click("#rag-model input")
    options = page.get_by_role("option")
    names = [options.nth(i).inner_text().split("\n")[-1] for i in range(options.count())]  # "✓" marks the chosen
    assert "smollm2:135m" in names and any(n.startswith("none") for n in names), names
    page.keyboard.press("Escape")

    ask(page, "   ")
    error = page.locator("#rag-chat .rag-error").last
    assert "the question is empty" in error.inner_text()
    assert "Traceback" not in page.inner_text("#rag-chat")
