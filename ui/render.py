"""HTML for the browser page: answers, source cards, articles, status.

Every piece of article text, title, path and model output goes through
``esc`` before it is placed in markup; nothing from the data is ever inserted
as HTML. The page's own markup is the only live HTML.
"""

from __future__ import annotations

import html
import re
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

# Articles longer than this are shown as a window around the passage, so an
# answer's sources stay a few hundred KB at most.
ARTICLE_WINDOW = 20_000

MODE_LABELS = {
    "llm": ("✓", "मॉडल ने पढ़ा, शब्द जाँचे गए", "read by {model}, its words checked against the sentence"),
    "extractive": ("❝", "सबसे उपयुक्त वाक्य से", "from the best-matching sentence (rules{how})"),
    "abstained": ("∅", "लेखों में उत्तर नहीं", "the articles do not say"),
}


def esc(text: object) -> str:
    return html.escape(str(text), quote=True)


def _lines(text: str) -> str:
    # No blank lines in chat HTML: a blank line would end the HTML block and
    # let the chat's Markdown renderer interpret the model's text.
    return esc(text).replace("\r", "").replace("\n", "<br>")


_MARKER = re.compile(r"\[(\d+)\]")


def link_markers(escaped: str, turn: int, markers: set[int]) -> str:
    """Turn ``[n]`` in already-escaped text into links to source card n of this turn."""

    def repl(m: re.Match) -> str:
        n = int(m.group(1))
        if n not in markers:
            return m.group(0)
        return (f'<a class="rag-cite" href="#src-{turn}-{n}" '
                f'title="स्रोत · source {n}">[{n}]</a>')

    return _MARKER.sub(repl, escaped)


# ------------------------------------------------------------------ chat


def streaming_html(text: str) -> str:
    body = _lines(text) if text else '<span class="rag-wait">वाक्य परखे जा रहे हैं… · ranking the sentences…</span>'
    return f'<div class="rag-answer rag-streaming">{body}<span class="rag-caret">▍</span></div>'


def searching_html(question: str | None = None) -> str:
    extra = f' <span class="rag-standalone">({esc(question)})</span>' if question else ""
    wait = '<span class="rag-wait">लेख खोजे जा रहे हैं… · searching the articles…</span>'
    return f'<div class="rag-answer">{wait}{extra}</div>'


def error_html(message: str) -> str:
    return f'<div class="rag-error" role="alert">⚠ {_lines(message)}</div>'


def user_html(question: str) -> str:
    return f'<div class="rag-question">{_lines(question)}</div>'


def mode_line(answer: Any) -> str:
    icon, hi, en = MODE_LABELS[answer.mode]
    # A model that was asked and whose reading was not used is not "no model".
    en = en.format(model=answer.model or "?", how="; the model's reading not used" if answer.model else ", no model")
    t = answer.timings or {}
    parts = []
    verdict = getattr(answer, "answerability", None)
    if verdict is not None:
        parts.append(f"उत्तर-योग्यता · answerability {verdict.score:.2f} (≥ {verdict.threshold:g})")
    if t.get("draft_ms") and answer.mode == "llm":
        parts.append(f"पहला उत्तर · first answer {t['draft_ms'] / 1000:.1f} s")
    if t.get("total_ms"):
        parts.append(f"कुल · total {t['total_ms'] / 1000:.1f} s")
    timing = f' <span class="rag-timing">{esc(" · ".join(parts))}</span>' if parts else ""
    return (f'<div class="rag-mode rag-mode-{esc(answer.mode)}">'
            f'{icon} {esc(hi)} · {esc(en)}{timing}</div>')


def _body(answer: Any, turn: int) -> str:
    """The short answer first, then the sentence it comes from, quoted and cited."""
    markers = {c.marker for c in answer.citations}
    if answer.mode == "abstained" or not answer.quote:
        return link_markers(_lines(answer.text), turn, markers)
    out = []
    if answer.short and answer.short != answer.quote:
        short = _lines(answer.short)
        if answer.short_source and answer.short_source != answer.short:
            short += f' <span class="rag-source-words">({_lines(answer.short_source)})</span>'
        out.append(f'<div class="rag-short">{short}</div>')
    cite = link_markers("".join(f"[{m}]" for m in sorted(markers)), turn, markers)
    out.append(f'<blockquote class="rag-quote">“{_lines(answer.quote)}” {cite}</blockquote>')
    return "".join(out)


def draft_html(answer: Any, turn: int) -> str:
    """The best sentence's answer, shown at once while the model reads."""
    wait = (f'<div class="rag-wait">{esc(answer.model or "the model")} जाँच रहा है… · '
            f'{esc(answer.model or "the model")} is checking it…</div>')
    return f'<div class="rag-answer rag-draft rag-turn-{turn}">{_body(answer, turn)}</div>{wait}'


def answer_html(answer: Any, turn: int) -> str:
    """The finished answer: short answer, quoted sentence with linked marker, its mode, and why."""
    out = [f'<div class="rag-answer rag-turn-{turn}">{_body(answer, turn)}</div>', mode_line(answer)]
    if answer.standalone_question and answer.standalone_question != answer.question:
        out.append(f'<div class="rag-notice">खोजा गया · searched for: {_lines(answer.standalone_question)}</div>')
    if answer.notice:
        out.append(f'<div class="rag-notice">{_lines(answer.notice)}</div>')
    if answer.mode != "llm" and answer.llm_text:
        out.append('<details class="rag-rejected"><summary>मॉडल का अस्वीकृत उत्तर · the model\'s rejected '
                   f'reading</summary><div>{_lines(answer.llm_text)}</div></details>')
    return "".join(out)


# --------------------------------------------------------------- sources


@dataclass
class Card:
    marker: int | None  # None for a retrieved passage that the answer does not cite
    doc_id: str
    title: str
    path: str
    start: int  # passage span in the document
    end: int
    highlights: list[tuple[int, int, float | None]]  # supporting sentences: span, support
    rank: int | None = None
    score: float | None = None
    dense: float | None = None
    keyword: float | None = None
    lang: str = ""
    date: str | None = None


def _overlaps(a0: int, a1: int, b0: int, b1: int) -> bool:
    return a0 < b1 and b0 < a1


def cards_for_answer(answer: Any) -> tuple[list[Card], list[Card]]:
    """(one card per cited passage, in marker order; the retrieved passages it does not cite)."""
    by_marker: dict[int, Card] = {}
    for c in sorted(answer.citations, key=lambda c: c.marker):
        card = by_marker.get(c.marker)
        if card is None:
            card = by_marker[c.marker] = Card(c.marker, c.doc_id, c.title, c.path, c.passage_start,
                                              c.passage_end, [])
        if (c.start, c.end) not in [(s, e) for s, e, _ in card.highlights]:
            card.highlights.append((c.start, c.end, c.support))
    cited_results = set()
    for card in by_marker.values():
        for r in answer.passages:
            if r.doc_id == card.doc_id and _overlaps(r.start, r.end, card.start, card.end):
                card.rank, card.score, card.dense, card.keyword = r.rank, r.score, r.dense_score, r.keyword_score
                card.lang, card.date = r.lang, r.date
                cited_results.add(r.rank)
                break
    others = [card_for_result(r) for r in answer.passages if r.rank not in cited_results]
    return list(by_marker.values()), others


def card_for_result(r: Any) -> Card:
    return Card(None, r.doc_id, r.title, r.path, r.start, r.end, [], r.rank, r.score, r.dense_score,
                r.keyword_score, r.lang, r.date)


def _marked(text: str, offset: int, spans: list[tuple[int, int, str]]) -> str:
    """Escape ``text`` (which starts at ``offset`` in the document) with the
    given document spans wrapped in <mark class=...>; spans must not overlap."""
    out, pos = [], 0
    for s, e, cls in sorted(spans):
        s, e = max(s - offset, pos), min(e - offset, len(text))
        if e <= s:
            continue
        out.append(esc(text[pos:s]))
        out.append(f'<mark class="{cls}">{esc(text[s:e])}</mark>')
        pos = e
    out.append(esc(text[pos:]))
    return "".join(out)


def _article_html(card: Card, document_text: str) -> str:
    """The whole article, the passage highlighted and its supporting sentences marked inside it."""
    lo, hi, note_before, note_after = 0, len(document_text), "", ""
    if len(document_text) > ARTICLE_WINDOW * 2:
        lo = max(0, card.start - ARTICLE_WINDOW)
        hi = min(len(document_text), card.end + ARTICLE_WINDOW)
        if lo:
            note_before = f'<p class="rag-cut">… {lo:,} अक्षर पहले · characters before …</p>'
        if hi < len(document_text):
            note_after = f'<p class="rag-cut">… {len(document_text) - hi:,} अक्षर बाद · characters after …</p>'
    text = document_text[lo:hi]
    # Outside the passage: plain; the passage itself: one <mark>, with the
    # supporting sentences as nested marks inside it.
    before = esc(text[: card.start - lo])
    passage = _marked(document_text[card.start:card.end], card.start,
                      [(s, e, "rag-support") for s, e, _ in card.highlights])
    after = esc(text[card.end - lo:])
    return (f'{note_before}<div class="rag-article-text">{before}<mark class="rag-passage">{passage}</mark>'
            f"{after}</div>{note_after}")


def card_html(card: Card, turn: int, document_text: str) -> str:
    name = Path(card.path).name
    head = (f'<span class="rag-badge">[{card.marker}]</span>' if card.marker is not None
            else f'<span class="rag-badge rag-badge-plain">#{card.rank}</span>')
    meta = [f'<span class="rag-file" title="{esc(card.path)}">फ़ाइल · file {esc(name)}</span>',
            f"अक्षर · chars {card.start:,}–{card.end:,}"]
    if card.lang:
        meta.append(esc(card.lang))
    if card.date:
        meta.append(esc(card.date))
    scores = []
    if card.rank is not None:
        scores.append(f"खोज क्रम · rank {card.rank}")
    if card.score is not None:
        scores.append(f"score {card.score:.4f}")
    if card.dense is not None:
        scores.append(f"cosine {card.dense:.3f}")
    if card.keyword is not None:
        scores.append(f"bm25 {card.keyword:.2f}")
    supports = [s for _, _, s in card.highlights if s is not None]
    if supports:
        scores.append(f"समर्थन · support {max(supports):.2f}")
    start, end = card.start, card.end
    while start < end and document_text[start].isspace():  # a passage may begin at a line break
        start += 1
    passage = _marked(document_text[start:end].rstrip(), start,
                      [(s, e, "rag-support") for s, e, _ in card.highlights])
    card_id = f' id="src-{turn}-{card.marker}"' if card.marker is not None else ""
    return (
        f'<div class="rag-card{" rag-card-cited" if card.marker is not None else ""}"{card_id} '
        f'data-doc="{esc(card.doc_id)}">'
        f'<div class="rag-card-head">{head}<span class="rag-title">{esc(card.title)}</span></div>'
        f'<div class="rag-meta">{" · ".join(meta)}</div>'
        f'<div class="rag-scores">{esc(" · ".join(scores))}</div>'
        f'<blockquote class="rag-passage-text">{passage}</blockquote>'
        '<details class="rag-article"><summary>पूरा लेख खोलें · open the article</summary>'
        f"{_article_html(card, document_text)}</details></div>"
    )


TextOf = Callable[[str], str]


def retrieved_panel(results: list[Any], text_of: TextOf, turn: int) -> str:
    """Shown as soon as retrieval finishes, while the model is still writing."""
    if not results:
        return _panel("कोई अंश नहीं मिला · no passage found", '<div class="rag-empty">सूची खाली हो तो "लेख" में लेख '
                      "जोड़ें · if the index is empty, add articles in the Articles tab</div>")
    cards = "".join(card_html(card_for_result(r), turn, text_of(r.doc_id)) for r in results)
    return _panel(f"मिले अंश · passages found ({len(results)}) — उत्तर की प्रतीक्षा · waiting for the answer",
                  cards, cls="rag-pending")


def answer_panel(answer: Any, text_of: TextOf, turn: int) -> str:
    cited, others = cards_for_answer(answer)
    parts = []
    if cited:
        parts.append(_panel(f"उद्धृत स्रोत · cited sources ({len(cited)})",
                            "".join(card_html(c, turn, text_of(c.doc_id)) for c in cited)))
    if others:
        title = ("निकटतम अंश · closest passages" if not cited
                 else f"अन्य मिले अंश · other passages retrieved ({len(others)})")
        body = "".join(card_html(c, turn, text_of(c.doc_id)) for c in others)
        if cited:
            parts.append(f'<details class="rag-others"><summary>{esc(title)}</summary>{body}</details>')
        else:
            parts.append(_panel(title, body))
    if not parts:
        parts.append(_panel("कोई स्रोत नहीं · no sources", ""))
    return "".join(parts)


def _panel(title: str, body: str, cls: str = "") -> str:
    return f'<section class="rag-sources {cls}"><h3>{esc(title)}</h3>{body}</section>'


def sources_view(current: str, earlier: list[tuple[int, str, str]]) -> str:
    """The panel: this answer's sources, then earlier turns' sources collapsed."""
    parts = [f'<div class="rag-current">{current}</div>']
    for turn, question, body in reversed(earlier):
        parts.append(f'<details class="rag-turn" data-turn="{turn}"><summary>प्रश्न · question {turn}: '
                     f"{esc(question[:80])}</summary>{body}</details>")
    return "".join(parts)


EMPTY_SOURCES = ('<div class="rag-empty">उत्तर के स्रोत यहाँ दिखेंगे: हर उद्धृत अंश, उसका समर्थक वाक्य '
                 "रेखांकित।<br>The sources of each answer appear here: every cited passage, its supporting "
                 "sentence highlighted.</div>")


# ---------------------------------------------------------------- status


def status_html(status: dict) -> str:
    if status["ollama_ok"]:
        ollama = f'<span class="rag-ok">● Ollama {esc(status["ollama_version"])}</span>'
    else:
        ollama = '<span class="rag-bad">● Ollama: पहुँच नहीं · not reachable</span>'
    model = status["model"]
    if model == "none":
        model_part = "मॉडल · model: none (extractive)"
    elif status["ollama_ok"] and not status["model_ok"]:
        model_part = f'<span class="rag-bad">मॉडल · model {esc(model)}: सर्वर पर नहीं · not on the server</span>'
    else:
        model_part = f"मॉडल · model: {esc(model)}"
    return (
        f'<div class="rag-status" data-ollama="{"up" if status["ollama_ok"] else "down"}">'
        f'{ollama} <span class="rag-dim">({esc(status["ollama_url"])})</span> · {model_part} · '
        f'embedding: {esc(status["embed_model"])} · लेख · articles: {status["documents"]} · '
        f'अंश · passages: <span class="rag-count">{status["passages"]}</span></div>'
    )


def ingest_html(report: Any, refused: list[tuple[str, str]], names: dict[str, str]) -> str:
    """The upload summary: what was added, and each skipped file with its reason."""
    def name(path: str) -> str:
        return names.get(path, Path(path).name)

    head = (f"जोड़े · added {len(report.added)}, अद्यतन · updated {len(report.updated)}, "
            f"अपरिवर्तित · unchanged {len(report.unchanged)}, छोड़े · skipped "
            f"{len(report.skipped) + len(refused)}; {report.passages} अंश · passages")
    rows = [f"<li>✓ {esc(name(p))}</li>" for p in report.added + report.updated]
    rows += [f"<li>✗ {esc(n)}: {esc(reason)}</li>" for n, reason in refused]
    rows += [f"<li>✗ {esc(name(p))}: {esc(reason)}</li>" for p, reason in report.skipped]
    rows += [f"<li>ℹ {esc(name(p))}: {esc(note)}</li>" for p, note in report.notes]
    return f'<div class="rag-ingest"><b>{esc(head)}</b><ul>{"".join(rows)}</ul></div>'


def articles_html(articles: list[dict]) -> str:
    if not articles:
        return ('<div class="rag-empty">सूची खाली है: लेख जोड़ें · no articles yet: add some above '
                "(or <code>rag ingest PATH</code>)</div>")
    rows = "".join(
        f'<tr><td title="{esc(a["title"])}">{esc(_short(a["title"], 110))}</td>'
        f'<td title="{esc(a["path"])}">{esc(a["file"])}{" ⬆" if a["uploaded"] else ""}</td>'
        f'<td>{esc(a["lang"])}</td><td>{esc(a["date"])}</td><td class="rag-num">{a["passages"]}</td></tr>'
        for a in articles
    )
    return (f'<table class="rag-table"><caption>{len(articles)} लेख · articles (⬆ = अपलोड · uploaded '
            "here)</caption><thead><tr><th>शीर्षक · title</th><th>फ़ाइल · file</th><th>भाषा · lang</th>"
            f"<th>तारीख · date</th><th>अंश · passages</th></tr></thead><tbody>{rows}</tbody></table>")


def _short(text: str, n: int) -> str:
    return text if len(text) <= n else text[: n - 1] + "…"
