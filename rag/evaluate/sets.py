"""Question sets: the repo's JSONL format, SQuAD v1.1 JSON (optionally with the
questions of a parallel file in another language) and NoMIRACL-style JSONL.

Every loader returns an ``EvalSet``: the questions, and the corpus either as a
folder of articles or as generated files (SQuAD articles, NoMIRACL passages)
that the runner writes out and indexes.
"""

from __future__ import annotations

import hashlib
import json
import re
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

from rag.config import ConfigError
from rag.text import detect_language, normalize

REPO = Path(__file__).resolve().parent.parent.parent
SEEDS_SET = REPO / "evals" / "seeds.jsonl"
SEEDS_CORPUS = REPO / "seeds"


class EvalError(ConfigError):
    """A question set or a run cannot be used; the message says why (exit 2 in the CLI)."""


@dataclass(frozen=True)
class Span:
    """Evidence as a character span of a corpus document (``doc`` is its file name
    or path relative to the corpus). ``start``/``end`` None: the whole document.
    ``text``: locate this text in the document instead of trusting offsets
    (SQuAD paragraphs, whose offsets move when the article is assembled)."""

    doc: str
    start: int | None = None
    end: int | None = None
    text: str | None = None


@dataclass
class Question:
    id: str
    question: str
    lang: str
    answers: list[str | list[str]] = field(default_factory=list)  # a list: a combined answer's parts
    evidence: list[str] = field(default_factory=list)  # quotes
    spans: list[Span] = field(default_factory=list)
    answerable: bool = True
    type: str = ""
    docs: list[str] = field(default_factory=list)  # evidence documents (file names)
    scope: list[str] = field(default_factory=list)  # search only these documents (NoMIRACL)

    @property
    def has_evidence(self) -> bool:
        return bool(self.evidence or self.spans)


@dataclass
class EvalSet:
    name: str
    format: str  # "jsonl" | "squad" | "nomiracl"
    questions: list[Question]
    corpus_dir: Path | None = None  # an existing folder of articles
    corpus_files: dict[str, str] = field(default_factory=dict)  # generated: file name -> content
    corpus_name: str = ""  # names the eval index: sets over the same corpus share it

    def __post_init__(self) -> None:
        self.corpus_name = self.corpus_name or (self.corpus_dir.name if self.corpus_dir else self.name)

    def corpus_key(self) -> str:
        """Content hash of the corpus: the eval index is reused while it is unchanged."""
        h = hashlib.sha256()
        if self.corpus_files:
            for name in sorted(self.corpus_files):
                h.update(name.encode() + b"\0" + self.corpus_files[name].encode("utf-8") + b"\0")
        elif self.corpus_dir is not None:
            for f in sorted(p for p in self.corpus_dir.rglob("*") if p.is_file()):
                rel = f.relative_to(self.corpus_dir)
                if any(part.startswith(".") for part in rel.parts):
                    continue
                h.update(rel.as_posix().encode() + b"\0" + hashlib.sha256(f.read_bytes()).digest())
        return h.hexdigest()[:16]


# ------------------------------------------------------------------ loading


def load_set(path: Path, corpus: Path | None = None, questions_from: Path | None = None,
             fmt: str = "auto") -> EvalSet:
    """Read a question set, detecting its format from its content unless ``fmt`` says."""
    if str(path) == "seeds":
        path = SEEDS_SET
    if not path.is_file():
        raise EvalError(f"question set {path} does not exist")
    fmt = detect_format(path) if fmt == "auto" else fmt
    if questions_from is not None and fmt != "squad":
        raise EvalError("--questions-from works with SQuAD files only (a parallel file with the same ids)")
    if fmt == "squad":
        if corpus is not None:
            raise EvalError("a SQuAD file brings its own corpus (its contexts): drop --corpus")
        return load_squad(path, questions_from)
    if fmt == "nomiracl":
        if corpus is not None:
            raise EvalError("a NoMIRACL file brings its own corpus (each query's passages): drop --corpus")
        return load_nomiracl(path)
    if corpus is None:
        if path.resolve() == SEEDS_SET.resolve():
            corpus = SEEDS_CORPUS
        else:
            raise EvalError(f"{path.name} is a JSONL question set: say which articles it is about with --corpus DIR")
    if not corpus.is_dir():
        raise EvalError(f"--corpus {corpus} is not a folder")
    return load_jsonl(path, corpus)


def detect_format(path: Path) -> str:
    text = path.read_text(encoding="utf-8-sig")
    stripped = text.lstrip()
    if stripped.startswith("{") and not stripped.startswith('{"id"'):
        try:
            whole = json.loads(text)
        except json.JSONDecodeError:
            whole = None
        if isinstance(whole, dict) and isinstance(whole.get("data"), list):
            return "squad"
    first = next((line for line in text.splitlines() if line.strip()), "")
    try:
        row = json.loads(first)
    except json.JSONDecodeError:
        raise EvalError(f"{path}: the first line is not JSON (want JSONL, SQuAD or NoMIRACL)") from None
    if isinstance(row, dict) and "query" in row and ({"passages", "positive_passages"} & row.keys()):
        return "nomiracl"
    return "jsonl"


def _rows(path: Path) -> list[tuple[int, dict]]:
    rows = []
    for n, line in enumerate(path.read_text(encoding="utf-8-sig").splitlines(), start=1):
        if not line.strip():
            continue
        try:
            row = json.loads(line)
        except json.JSONDecodeError as e:
            raise EvalError(f"{path.name} line {n} is not valid JSON: {e.msg}") from None
        if not isinstance(row, dict):
            raise EvalError(f"{path.name} line {n} is not a JSON object")
        rows.append((n, row))
    if not rows:
        raise EvalError(f"{path} holds no questions")
    return rows


def _lang(question: str, given: object) -> str:
    if given in ("hi", "en"):
        return str(given)
    return detect_language(question) or "und"


def load_jsonl(path: Path, corpus: Path) -> EvalSet:
    """The repo's format (evals/README.md): one question per line."""
    questions: list[Question] = []
    seen: set[str] = set()
    for n, row in _rows(path):
        qid = str(row.get("id") or f"line-{n}")
        text = normalize(str(row.get("question") or "")).strip()
        if not text:
            raise EvalError(f"{path.name} line {n}: 'question' is missing or empty")
        if qid in seen:
            raise EvalError(f"{path.name} line {n}: id {qid!r} is used twice")
        seen.add(qid)
        quotes: list[str] = []
        spans: list[Span] = []
        for item in list(row.get("evidence") or []) + list(row.get("spans") or []):
            if isinstance(item, str):
                quotes.append(normalize(item))
            elif isinstance(item, dict) and "doc" in item:
                start, end = item.get("start"), item.get("end")
                if (start is None) != (end is None) or (start is not None and not 0 <= int(start) < int(end)):
                    raise EvalError(f"{path.name} line {n}: a span needs 0 <= start < end, got {item}")
                spans.append(Span(str(item["doc"]), None if start is None else int(start),
                                  None if end is None else int(end)))
            else:
                raise EvalError(f"{path.name} line {n}: evidence must be quotes or {{doc, start, end}} spans")
        answerable = bool(row.get("answerable", True))
        questions.append(Question(
            id=qid, question=text, lang=_lang(text, row.get("lang")),
            answers=[_answer(a, path.name, n) for a in row.get("answers") or []],
            evidence=quotes, spans=spans, answerable=answerable,
            type=str(row.get("type") or ("single" if answerable else "unanswerable")),
            docs=[str(d) for d in row.get("docs") or []] or sorted({s.doc for s in spans}),
        ))
    return EvalSet(name=path.stem, format="jsonl", questions=questions, corpus_dir=corpus.resolve())


def _answer(value: object, file: str, n: int) -> str | list[str]:
    """A string, or a list: the parts of a combined answer, each of which must occur."""
    if isinstance(value, list):
        if not value or not all(isinstance(p, str) and p.strip() for p in value):
            raise EvalError(f"{file} line {n}: a combined answer is a list of non-empty strings, got {value}")
        return [normalize(p) for p in value]
    return normalize(str(value))


def _safe(name: str) -> str:
    return re.sub(r"[^\w.-]+", "_", name).strip("_")[:80] or "doc"


def _tidy(text: str) -> str:
    """As the loader tidies text (rag/loaders.py): NFC, no trailing spaces, no runs of blank lines."""
    text = "\n".join(line.rstrip() for line in normalize(text).split("\n"))
    return re.sub(r"\n{2,}", "\n", text).strip()


def load_squad(path: Path, questions_from: Path | None = None) -> EvalSet:
    """SQuAD v1.1: one document per article (paragraphs separated by a blank
    line), each question's paragraph is its evidence span. With
    ``questions_from`` (a parallel file, same ids), its questions are asked and
    its answers count as acceptable too."""
    data = _squad_data(path)
    other: dict[str, tuple[str, list[str]]] = {}
    if questions_from is not None:
        if not questions_from.is_file():
            raise EvalError(f"--questions-from {questions_from} does not exist")
        for art in _squad_data(questions_from):
            for p in art.get("paragraphs", []):
                for qa in p.get("qas", []):
                    other[str(qa["id"])] = (normalize(qa["question"]).strip(),
                                            [normalize(a["text"]) for a in qa.get("answers", [])])
    files: dict[str, str] = {}
    questions: list[Question] = []
    missing = 0
    for n, art in enumerate(data, start=1):
        title = normalize(str(art.get("title") or f"article {n}")).strip()
        name = f"{n:03d}-{_safe(title)}.txt"
        paragraphs = [_tidy(p.get("context", "")) for p in art.get("paragraphs", [])]
        # "Title:" is read as metadata by the loader, so the text is the paragraphs only.
        files[name] = f"Title: {title}\n\n" + "\n\n".join(paragraphs) + "\n"
        for para, p in zip(paragraphs, art.get("paragraphs", []), strict=True):
            for qa in p.get("qas", []):
                qid = str(qa["id"])
                question = normalize(qa["question"]).strip()
                answers = [normalize(a["text"]) for a in qa.get("answers", [])]
                if questions_from is not None:
                    if qid not in other:
                        missing += 1
                        continue
                    question, extra = other[qid]
                    answers = answers + [a for a in extra if a not in answers]
                questions.append(Question(
                    id=qid, question=question, lang=_lang(question, None), answers=_dedupe(answers),
                    spans=[Span(name, text=para)], answerable=bool(answers), type="single", docs=[name],
                ))
    if questions_from is not None and not questions:
        raise EvalError(f"--questions-from {questions_from}: no question ids in common with {path.name}")
    _one_language(questions)
    name = path.stem + (f"+q-{questions_from.stem}" if questions_from else "")
    return EvalSet(name=name, format="squad", questions=questions, corpus_files=files, corpus_name=path.stem)


def _one_language(questions: list[Question]) -> None:
    """A file of one language (SQuAD, NoMIRACL): every question gets the file's
    language; a Hindi question with a few Latin names is still Hindi, not 'mixed'."""
    langs = Counter(q.lang for q in questions if q.lang in ("hi", "en"))
    if langs:
        lang = langs.most_common(1)[0][0]
        for q in questions:
            q.lang = lang


def _squad_data(path: Path) -> list[dict]:
    try:
        data = json.loads(path.read_text(encoding="utf-8-sig")).get("data")
    except (json.JSONDecodeError, AttributeError):
        data = None
    if not isinstance(data, list):
        raise EvalError(f"{path} is not SQuAD v1.1 JSON (no 'data' list)")
    return data


def _dedupe(items: list[str]) -> list[str]:
    return list(dict.fromkeys(i for i in items if i.strip()))


def load_nomiracl(path: Path) -> EvalSet:
    """NoMIRACL-style JSONL: each query with its own passages. Either a
    ``passages`` list and ``subset`` ('relevant' / 'non_relevant'), or
    ``positive_passages`` and ``negative_passages``. Each passage becomes a
    document; the query is searched among its own passages only. A query
    without relevant passages is unanswerable; positive passages are evidence."""
    files: dict[str, str] = {}
    by_docid: dict[str, str] = {}
    questions: list[Question] = []
    for n, row in _rows(path):
        query = normalize(str(row.get("query") or "")).strip()
        if not query:
            raise EvalError(f"{path.name} line {n}: 'query' is missing or empty")
        positives = list(row.get("positive_passages") or [])
        negatives = list(row.get("negative_passages") or [])
        passages = list(row.get("passages") or []) or positives + negatives
        scope, spans = [], []
        for p in passages:
            text = _tidy(str(p.get("text") or ""))
            title = normalize(str(p.get("title") or "")).strip()
            if not text:
                continue
            content = (f"Title: {title}\n\n" if title else "") + text + "\n"
            docid = str(p.get("docid") or hashlib.sha1(content.encode()).hexdigest()[:12])
            key = f"{docid}\0{content}"
            if key not in by_docid:
                name = f"{_safe(docid)}.txt"
                if name in files and files[name] != content:  # same id, other text
                    name = f"{_safe(docid)}-{hashlib.sha1(content.encode()).hexdigest()[:8]}.txt"
                files[name] = content
                by_docid[key] = name
            scope.append(by_docid[key])
            if any(p is q for q in positives):
                spans.append(Span(by_docid[key]))
        subset = str(row.get("subset") or ("relevant" if positives else "non_relevant"))
        answerable = subset == "relevant"
        questions.append(Question(
            id=str(row.get("query_id") or f"line-{n}"), question=query, lang=_lang(query, row.get("lang")),
            answers=[normalize(str(a)) for a in row.get("answers") or []], spans=spans,
            answerable=answerable, type=subset, docs=sorted({s.doc for s in spans}), scope=scope,
        ))
    _one_language(questions)
    return EvalSet(name=path.stem, format="nomiracl", questions=questions, corpus_files=files)


def sample(questions: list[Question], limit: int | None) -> list[Question]:
    """``limit`` questions spread evenly through the set (deterministic), so a
    small run still mixes languages and types in the proportions of the file."""
    if not limit or limit >= len(questions):
        return list(questions)
    step = len(questions) / limit
    return [questions[int(i * step)] for i in range(limit)]
