"""Incremental ingest: files -> documents -> passages -> vectors, only where
something changed.

A document is keyed by its resolved path and versioned by the SHA-256 of its
bytes and the chunking settings: an unchanged file costs a hash and nothing
else, a changed one has its passages replaced, and ``prune`` drops documents
whose files are gone. Documents are embedded in groups, so one batch serves
many small articles.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path

from rag.chunking import chunk_text
from rag.index import Index, doc_id_for
from rag.loaders import LoadedDocument, SkipFile, parse, read_file
from rag.store import DocumentRecord, PassageRecord
from rag.text import keyword_tokens

_GROUP_PASSAGES = 256  # passages embedded per group (several documents at once)


@dataclass
class IngestReport:
    added: list[str] = field(default_factory=list)
    updated: list[str] = field(default_factory=list)
    unchanged: list[str] = field(default_factory=list)
    removed: list[str] = field(default_factory=list)
    skipped: list[tuple[str, str]] = field(default_factory=list)  # (path, reason)
    notes: list[tuple[str, str]] = field(default_factory=list)  # (path, e.g. "decoded as utf-16-le")
    passages: int = 0
    interrupted: bool = False

    def to_dict(self) -> dict:
        return {
            "added": self.added,
            "updated": self.updated,
            "unchanged": self.unchanged,
            "removed": self.removed,
            "passages": self.passages,
            "interrupted": self.interrupted,
            "skipped": [{"path": p, "reason": r} for p, r in self.skipped],
            "notes": [{"path": p, "note": n} for p, n in self.notes],
        }


def discover(paths: Iterable[Path]) -> tuple[list[Path], list[tuple[str, str]]]:
    """Files to ingest under ``paths`` (directories recursively, hidden files skipped)."""
    files: list[Path] = []
    problems: list[tuple[str, str]] = []
    for p in paths:
        if not p.exists():
            problems.append((str(p), "no such file or directory"))
        elif p.is_dir():
            for f in sorted(p.rglob("*")):
                rel = f.relative_to(p).parts
                if f.is_file() and not any(part.startswith(".") for part in rel):
                    files.append(f)
        else:
            files.append(p)
    seen: set[Path] = set()
    unique = []
    for f in files:
        r = f.resolve()
        if r not in seen:
            seen.add(r)
            unique.append(r)
    return unique, problems


def _version(data_hash: str, index: Index) -> str:
    s = index.settings
    return f"{data_hash}:{s.chunk_tokens}:{s.chunk_overlap_tokens}"


class Ingestor:
    def __init__(self, index: Index) -> None:
        self.index = index
        self.settings = index.settings

    def run(
        self,
        paths: Iterable[Path],
        prune: bool = False,
        progress: Callable[[int, int, str], None] | None = None,
    ) -> IngestReport:
        """Bring the index in line with the files under ``paths``."""
        paths = list(paths)
        report = IngestReport()
        files, problems = discover(paths)
        report.skipped.extend(problems)
        store = self.index.store
        known = {d.path: d for d in store.documents(status=None)}
        group: list[tuple[DocumentRecord, LoadedDocument, list, bool]] = []
        group_size = 0
        max_bytes = int(self.settings.max_file_mb * 1_000_000)
        try:
            for i, path in enumerate(files):
                if progress:
                    progress(i, len(files), path.name)
                key = str(path)
                try:
                    raw = read_file(path, max_bytes)
                    version = _version(hashlib.sha256(raw).hexdigest(), self.index)
                    old = known.get(key)
                    if old is not None and old.sha256 == version and old.status == "ready":
                        report.unchanged.append(key)
                        continue
                    doc = parse(path, raw)
                except SkipFile as e:
                    report.skipped.append((key, str(e)))
                    continue
                record = DocumentRecord(
                    doc_id=doc_id_for(key),
                    path=key,
                    title=doc.title,
                    date=doc.date,
                    source=doc.source,
                    lang=doc.lang,
                    encoding=doc.encoding,
                    sha256=version,
                    status="pending",
                )
                chunks = chunk_text(
                    doc.text,
                    self.index.embedder.count_tokens,
                    self.settings.chunk_tokens,
                    self.settings.chunk_overlap_tokens,
                )
                for note in doc.notes:
                    report.notes.append((key, note))
                group.append((record, doc, chunks, old is not None and old.status == "ready"))
                group_size += len(chunks)
                if group_size >= _GROUP_PASSAGES:
                    self._flush(group, report)
                    group, group_size = [], 0
            self._flush(group, report)
            group = []
            if prune:
                self._prune(paths, files, known, report)
        except KeyboardInterrupt:
            report.interrupted = True
        finally:
            if progress:
                progress(len(files), len(files), "")
        if not report.interrupted:
            self.index.refresh_keyword()
        return report

    def _flush(self, group: list, report: IngestReport) -> None:
        if not group:
            return
        texts = [c.text for _, _, chunks, _ in group for c in chunks]
        vectors = self.index.embedder.embed_passages(texts)
        offset = 0
        items = []
        for record, doc, chunks, _existed in group:
            passages = [
                PassageRecord(
                    id=f"{record.doc_id}:{n}",
                    doc_id=record.doc_id,
                    ord=n,
                    start=c.start,
                    end=c.end,
                    lang=c.lang,
                    tokens=keyword_tokens(c.text),
                )
                for n, c in enumerate(chunks)
            ]
            items.append((record, doc.text, passages, vectors[offset : offset + len(chunks)]))
            offset += len(chunks)
        self.index.write_documents(items)
        for record, _, chunks, existed in group:
            report.passages += len(chunks)
            (report.updated if existed else report.added).append(record.path)

    def _prune(self, roots: list[Path], files: list[Path], known: dict, report: IngestReport) -> None:
        """Drop documents under the given roots whose files are gone (or no longer ingestible)."""
        present = {str(f) for f in files} - {p for p, _ in report.skipped}
        resolved = [r.resolve() for r in roots]
        for path, record in known.items():
            inside = any(Path(path) == r or Path(path).is_relative_to(r) for r in resolved)
            if inside and path not in present:
                self.index.delete_document(record.doc_id)
                report.removed.append(path)
