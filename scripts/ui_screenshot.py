"""Screenshot of the browser chat answering a question (the README's picture).

    .venv/bin/rag serve &        # with the model you want shown
    .venv/bin/python scripts/ui_screenshot.py http://127.0.0.1:7860/ "रूस के रक्षा मंत्री का नाम क्या है?" \
        docs/screenshot.png

Drives Debian's Chromium headless (Playwright's own browser download needs the internet).
"""

from __future__ import annotations

import sys

from playwright.sync_api import sync_playwright

ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
        "--disable-component-update", "--disable-sync", "--no-first-run"]


def main(url: str, question: str, out: str) -> None:
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path="/usr/bin/chromium", args=ARGS)
        page = browser.new_page(viewport={"width": 1400, "height": 940})
        page.goto(url)
        page.wait_for_selector(".rag-status", timeout=60_000)
        page.fill("#rag-question textarea", question)
        page.click("#rag-ask")
        page.wait_for_selector(".rag-mode, .rag-error", timeout=600_000)
        cite = page.locator("#rag-chat a.rag-cite")
        if cite.count():
            cite.first.click()  # the card it leads to, outlined
        page.wait_for_timeout(400)
        page.screenshot(path=out)
        print(page.inner_text("#rag-chat"))
        browser.close()


if __name__ == "__main__":
    main(*sys.argv[1:4])
