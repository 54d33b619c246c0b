"""Read article files (.txt, .md, .html, .pdf) into normalised text and metadata.

Every expected failure raises ``SkipFile`` with one clear sentence; the caller
reports it per file and carries on with the others.
"""

from __future__ import annotations

import codecs
import re
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

from rag.text import detect_language, normalize, sentence_spans

SUPPORTED = {
    ".txt": "text",
    ".text": "text",
    ".md": "markdown",
    ".markdown": "markdown",
    ".html": "html",
    ".htm": "html",
    ".pdf": "pdf",
}


class SkipFile(Exception):
    """This file cannot be ingested; the message says why, in one sentence."""


@dataclass
class LoadedDocument:
    path: Path
    text: str
    title: str
    lang: str
    encoding: str
    date: str | None = None  # ISO yyyy-mm-dd
    source: str | None = None
    notes: list[str] = field(default_factory=list)  # e.g. "decoded as UTF-16"


def load_file(path: Path, max_bytes: int) -> LoadedDocument:
    """Load one file, or raise ``SkipFile`` saying why it cannot be used."""
    return parse(path, read_file(path, max_bytes))


def read_file(path: Path, max_bytes: int) -> bytes:
    """The file's bytes, or ``SkipFile`` for a wrong type, size or permission."""
    if path.suffix.lower() not in SUPPORTED:
        raise SkipFile(
            f"unsupported file type '{path.suffix or '(none)'}' (supported: {', '.join(sorted(SUPPORTED))})"
        )
    try:
        size = path.stat().st_size
        if size > max_bytes:
            raise SkipFile(
                f"file is {size / 1e6:.1f} MB, over the {max_bytes / 1e6:g} MB limit (max_file_mb)"
            )
        return path.read_bytes()
    except PermissionError:
        raise SkipFile("permission denied: the file cannot be read") from None
    except IsADirectoryError:
        raise SkipFile("is a directory") from None
    except OSError as e:
        raise SkipFile(f"cannot be read: {e.strerror or e}") from None


def parse(path: Path, data: bytes) -> LoadedDocument:
    """Text and metadata from a file's bytes; ``SkipFile`` when there is no usable text."""
    kind = SUPPORTED[path.suffix.lower()]
    if not data.strip():
        raise SkipFile("file is empty")

    if kind == "pdf":
        text, meta, encoding = _read_pdf(data), _pdf_meta(data), "pdf"
    else:
        raw, encoding = decode(data)
        if kind == "html":
            text, meta = _read_html(raw)
        elif kind == "markdown":
            text, meta = _read_front_matter(raw)
        else:
            text, meta = _read_header_lines(raw)
    text = _tidy(normalize(text))
    if not text.strip():
        raise SkipFile(
            "no text found in the file" + (" (a scanned PDF needs OCR first)" if kind == "pdf" else "")
        )
    title = normalize(meta.get("title") or "").strip() or _title_from_text(text) or path.stem
    notes = [] if encoding.startswith("utf-8") or encoding == "pdf" else [f"decoded as {encoding}"]
    return LoadedDocument(
        path=path,
        text=text,
        title=title[:300],
        lang=detect_language(text) or "und",
        encoding=encoding,
        date=parse_date(meta.get("date")),
        source=meta.get("source"),
        notes=notes,
    )


# ----------------------------------------------------------------- decoding

_BOMS = [
    (codecs.BOM_UTF32_LE, "utf-32"),
    (codecs.BOM_UTF32_BE, "utf-32"),
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
]


def decode(data: bytes) -> tuple[str, str]:
    """Decode bytes of a text file; returns (text, encoding used).

    UTF-8 first, then a BOM, then BOM-less UTF-16 (every other byte NUL), then
    a legacy single-byte encoding guessed by charset-normalizer. Binary data
    (NUL bytes or control characters in text that is not UTF-16) is refused.
    """
    for bom, enc in _BOMS:
        if data.startswith(bom):
            try:
                return data.decode(enc), enc.replace("-sig", "") + " (with BOM)"
            except UnicodeDecodeError:
                raise SkipFile(f"file starts with a {enc} byte-order mark but is not valid {enc}") from None
    if b"\x00" not in data:
        try:
            return data.decode("utf-8"), "utf-8"
        except UnicodeDecodeError:
            pass
    if len(data) % 2 == 0:
        # BOM-less UTF-16: Devanagari has no zero bytes in UTF-16, so judge by
        # what each byte order decodes to, not by counting NULs.
        for enc in ("utf-16-le", "utf-16-be"):
            try:
                text = data.decode(enc)
            except UnicodeDecodeError:
                continue
            if _plausible_share(text) >= 0.95:
                return text, enc
    if b"\x00" in data:
        raise SkipFile("looks like a binary file, not text (it contains NUL bytes)")
    from charset_normalizer import from_bytes

    matches = from_bytes(data)
    # cp1252 and its look-alikes decode the same Western text; prefer the
    # commonest one when it is among the plausible readings.
    best = next((m for m in matches if m.encoding == "cp1252"), None) or matches.best()
    if best is None or not _looks_like_text(str(best)):
        raise SkipFile("looks like a binary file or an unknown encoding: save it as UTF-8 and try again")
    return str(best), f"{best.encoding} (guessed; save as UTF-8 to be sure)"


_PLAUSIBLE = re.compile(r"[\t\n\r\x20-\x7e\u00a0-\u024f\u0900-\u097f\u2000-\u206f\u20b9\u200c\u200d]")


def _plausible_share(text: str) -> float:
    """Share of characters from scripts an article here is written in."""
    sample = text[:4000]
    return len(_PLAUSIBLE.findall(sample)) / len(sample) if sample else 0.0


def _looks_like_text(text: str) -> bool:
    if not text:
        return False
    bad = sum(1 for c in text[:4000] if (ord(c) < 32 and c not in "\n\r\t\f") or c == "\ufffd")
    return bad <= 0.01 * min(len(text), 4000)


# ------------------------------------------------------------ file formats


def _read_html(raw: str) -> tuple[str, dict[str, str]]:
    from bs4 import BeautifulSoup

    soup = BeautifulSoup(raw, "html.parser")
    meta: dict[str, str] = {}
    for attrs, key in (
        ({"property": "og:title"}, "title"),
        ({"property": "article:published_time"}, "date"),
        ({"name": "date"}, "date"),
        ({"name": "pubdate"}, "date"),
        ({"itemprop": "datePublished"}, "date"),
        ({"property": "og:site_name"}, "source"),
        ({"name": "author"}, "source"),
    ):
        tag = soup.find("meta", attrs=attrs)
        if tag and tag.get("content") and key not in meta:
            meta[key] = str(tag["content"])
    if "date" not in meta:
        t = soup.find("time", attrs={"datetime": True})
        if t:
            meta["date"] = str(t["datetime"])
    if "title" not in meta:
        h1 = soup.find("h1")
        if soup.title and soup.title.string:
            meta["title"] = soup.title.string
        elif h1:
            meta["title"] = h1.get_text(" ", strip=True)
    for tag in soup(
        [
            "script",
            "style",
            "noscript",
            "template",
            "iframe",
            "svg",
            "nav",
            "header",
            "footer",
            "aside",
            "form",
            "button",
        ]
    ):
        tag.decompose()
    main = soup.find("article") or soup.find("main") or soup.body or soup
    # Block elements become line breaks, so sentences and headings stay apart.
    text = main.get_text("\n")
    return text, meta


_FRONT_MATTER = re.compile(r"\A---\s*\n(.*?)\n---\s*\n", re.S)
_HEADER_LINE = re.compile(r"^(title|date|source|शीर्षक|दिनांक|तारीख|स्रोत)\s*:\s*(.+)$", re.I)
_HEADER_KEYS = {"शीर्षक": "title", "दिनांक": "date", "तारीख": "date", "स्रोत": "source"}


def _read_front_matter(raw: str) -> tuple[str, dict[str, str]]:
    meta: dict[str, str] = {}
    m = _FRONT_MATTER.match(raw)
    if m:
        for line in m.group(1).splitlines():
            key, _, value = line.partition(":")
            if value.strip():
                meta[key.strip().lower()] = value.strip().strip("\"'")
        raw = raw[m.end() :]
    if "title" not in meta:
        h = re.search(r"^#\s+(.+)$", raw, re.M)
        if h:
            meta["title"] = h.group(1).strip()
    return raw, meta


def _read_header_lines(raw: str) -> tuple[str, dict[str, str]]:
    """Plain text may start with 'Title: …', 'Date: …', 'Source: …' lines (or Hindi keys)."""
    meta: dict[str, str] = {}
    lines = raw.split("\n")
    i = 0
    while i < len(lines) and i < 6:
        m = _HEADER_LINE.match(lines[i].strip())
        if not m:
            break
        key = m.group(1).lower()
        meta[_HEADER_KEYS.get(key, key)] = m.group(2).strip()
        i += 1
    return ("\n".join(lines[i:]) if meta else raw), meta


def _read_pdf(data: bytes) -> str:
    import io

    from pypdf import PdfReader
    from pypdf.errors import PdfReadError

    try:
        reader = PdfReader(io.BytesIO(data))
        return "\n\n".join((page.extract_text() or "") for page in reader.pages)
    except (PdfReadError, ValueError, KeyError, TypeError) as e:
        raise SkipFile(f"not a readable PDF ({e})") from None


def _pdf_meta(data: bytes) -> dict[str, str]:
    import io

    from pypdf import PdfReader

    try:
        info = PdfReader(io.BytesIO(data)).metadata or {}
    except Exception:  # noqa: BLE001 - metadata is optional
        return {}
    meta = {}
    if info.get("/Title"):
        meta["title"] = str(info["/Title"])
    if info.get("/CreationDate"):
        d = str(info["/CreationDate"]).removeprefix("D:")
        if len(d) >= 8 and d[:8].isdigit():
            meta["date"] = f"{d[:4]}-{d[4:6]}-{d[6:8]}"
    return meta


# -------------------------------------------------------------------- bits


def _tidy(text: str) -> str:
    """Strip trailing spaces per line and squeeze runs of blank lines."""
    text = "\n".join(line.rstrip() for line in text.split("\n"))
    return re.sub(r"\n{3,}", "\n\n", text).strip("\n")


def _title_from_text(text: str) -> str:
    spans = sentence_spans(text[:2000])
    if not spans:
        return ""
    s, e = spans[0]
    first = text[s:e]
    return first if len(first) <= 120 else first[:117].rsplit(" ", 1)[0] + "…"


_DATE_RE = re.compile(r"(\d{4})[-/.](\d{1,2})[-/.](\d{1,2})|(\d{1,2})[-/.](\d{1,2})[-/.](\d{4})")


def parse_date(value: str | None) -> str | None:
    """ISO date from '2024-11-29', '2024-11-29T10:00Z', '29/11/2024' or '29.11.2024' (day first)."""
    if not value:
        return None
    m = _DATE_RE.search(value.translate(str.maketrans("०१२३४५६७८९", "0123456789")))
    if not m:
        return None
    y, mo, d = (m.group(1), m.group(2), m.group(3)) if m.group(1) else (m.group(6), m.group(5), m.group(4))
    try:
        return date(int(y), int(mo), int(d)).isoformat()
    except ValueError:
        return None
