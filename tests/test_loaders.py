from pathlib import Path

import pytest

from rag.loaders import SkipFile, decode, load_file, parse_date

HINDI = "रूस के रक्षा मंत्री उत्तर कोरिया पहुंचे। उन्होंने सैन्य सहयोग पर बात की।"
MB = 1_000_000


def write(tmp_path: Path, name: str, data: bytes | str) -> Path:
    p = tmp_path / name
    p.write_bytes(data.encode("utf-8") if isinstance(data, str) else data)
    return p


def test_txt_header_lines_give_title_date_source(tmp_path):
    p = write(
        tmp_path, "a.txt", f"शीर्षक: रूस-उत्तर कोरिया वार्ता\nदिनांक: २९/११/२०२४\nSource: Example News\n{HINDI}"
    )
    doc = load_file(p, MB)
    assert doc.title == "रूस-उत्तर कोरिया वार्ता"
    assert doc.date == "2024-11-29"
    assert doc.source == "Example News"
    assert doc.text == HINDI and doc.lang == "hi" and doc.encoding == "utf-8"


def test_txt_without_header_takes_first_sentence_as_title(tmp_path):
    doc = load_file(write(tmp_path, "b.txt", HINDI), MB)
    assert doc.title == "रूस के रक्षा मंत्री उत्तर कोरिया पहुंचे।"


def test_html_keeps_main_text_and_drops_scripts_styles_and_navigation(tmp_path):
    html = f"""<html><head><title>मिसाइल परीक्षण</title>
    <meta property="article:published_time" content="2024-11-29T08:00:00Z">
    <style>body {{ color: red }}</style><script>alert("x")</script></head>
    <body><nav>होम | दुनिया</nav><article><h1>मिसाइल परीक्षण</h1><p>{HINDI}</p>
    <p>North Korea fired a missile.</p></article><footer>© 2024</footer></body></html>"""
    doc = load_file(write(tmp_path, "c.html", html), MB)
    assert doc.title == "मिसाइल परीक्षण" and doc.date == "2024-11-29"
    assert HINDI in doc.text and "North Korea fired a missile." in doc.text
    for gone in ("alert", "color: red", "होम", "©"):
        assert gone not in doc.text
    assert doc.lang == "mixed"  # a fifth of its letters are Latin


def test_markdown_front_matter(tmp_path):
    md = f'---\ntitle: "Defence talks"\ndate: 2024-11-30\n---\n# Heading\n\n{HINDI}\n'
    doc = load_file(write(tmp_path, "d.md", md), MB)
    assert doc.title == "Defence talks" and doc.date == "2024-11-30"
    assert doc.text.startswith("# Heading") and "title:" not in doc.text


def test_pdf_text_and_metadata(tmp_path):
    from reportlab.pdfgen import canvas

    p = tmp_path / "e.pdf"
    c = canvas.Canvas(str(p))
    c.setTitle("Missile report")
    c.drawString(72, 720, "North Korea fired a ballistic missile after the talks.")
    c.save()
    doc = load_file(p, MB)
    assert doc.title == "Missile report"
    assert "ballistic missile" in doc.text and doc.lang == "en"


# ---------------------------------------------------------------- bad input


def test_empty_file_is_refused(tmp_path):
    with pytest.raises(SkipFile, match="empty"):
        load_file(write(tmp_path, "empty.txt", b"  \n\n "), MB)


def test_binary_file_is_refused(tmp_path):
    with pytest.raises(SkipFile, match="binary"):
        load_file(write(tmp_path, "bin.txt", bytes(range(256)) * 20), MB)


def test_oversized_file_is_refused_before_reading(tmp_path):
    p = write(tmp_path, "big.txt", HINDI * 1000)
    with pytest.raises(SkipFile, match=r"over the 0\.01 MB limit"):
        load_file(p, 10_000)


def test_unsupported_extension(tmp_path):
    with pytest.raises(SkipFile, match=r"unsupported file type '\.docx'"):
        load_file(write(tmp_path, "x.docx", HINDI), MB)


def test_unreadable_path(tmp_path):
    (tmp_path / "dir.txt").mkdir()
    with pytest.raises(SkipFile, match="directory"):
        load_file(tmp_path / "dir.txt", MB)


def test_pdf_that_is_not_a_pdf(tmp_path):
    with pytest.raises(SkipFile, match="PDF"):
        load_file(write(tmp_path, "fake.pdf", b"%PDF-1.4 this is junk " * 10), MB)


@pytest.mark.parametrize(
    ("data", "encoding"),
    [
        (HINDI.encode("utf-16"), "utf-16 (with BOM)"),
        (HINDI.encode("utf-16-le"), "utf-16-le"),
        (HINDI.encode("utf-16-be"), "utf-16-be"),
        (b"\xef\xbb\xbf" + HINDI.encode("utf-8"), "utf-8 (with BOM)"),
    ],
)
def test_utf16_and_bom_files_are_decoded_and_named(tmp_path, data, encoding):
    doc = load_file(write(tmp_path, "u.txt", data), MB)
    assert doc.text == HINDI
    assert doc.encoding == encoding
    assert doc.notes == [] if encoding.startswith("utf-8") else doc.notes == [f"decoded as {encoding}"]


def test_legacy_single_byte_encoding_is_guessed_and_reported(tmp_path):
    english = "The café’s owner said the naïve plan was “fine” — déjà vu. " * 5
    doc = load_file(write(tmp_path, "l.txt", english.encode("cp1252")), MB)
    assert "café’s" in doc.text and "déjà vu" in doc.text
    assert "guessed" in doc.encoding and doc.notes


def test_decode_plain_utf8():
    assert decode(HINDI.encode()) == (HINDI, "utf-8")


@pytest.mark.parametrize(
    ("value", "iso"),
    [
        ("2024-11-29", "2024-11-29"),
        ("2024-11-29T10:00:00Z", "2024-11-29"),
        ("29/11/2024", "2024-11-29"),
        ("२९.११.२०२४", "2024-11-29"),
        ("2024-02-30", None),
        ("kal", None),
        (None, None),
    ],
)
def test_parse_date(value, iso):
    assert parse_date(value) == iso
