"""The document store: one SQLite file holding each document's text, metadata
and content hash, and each passage's span and keyword tokens.

It is the index's source of truth. A document counts only once it is
``ready``: it is marked ``pending`` before its vectors change and ``ready`` in
the same transaction that writes its passages, so an ingest killed at any
point leaves pending documents that searches ignore and the next ingest redoes.
"""

from __future__ import annotations

import sqlite3
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

_SCHEMA = """
CREATE TABLE IF NOT EXISTS documents (
    doc_id TEXT PRIMARY KEY,
    path TEXT NOT NULL UNIQUE,
    title TEXT NOT NULL,
    date TEXT,
    source TEXT,
    lang TEXT NOT NULL,
    encoding TEXT NOT NULL,
    sha256 TEXT NOT NULL,
    text TEXT NOT NULL,
    status TEXT NOT NULL CHECK (status IN ('pending', 'ready')),
    updated_at REAL NOT NULL
);
CREATE TABLE IF NOT EXISTS passages (
    id TEXT PRIMARY KEY,
    doc_id TEXT NOT NULL REFERENCES documents(doc_id) ON DELETE CASCADE,
    ord INTEGER NOT NULL,
    start INTEGER NOT NULL,
    end INTEGER NOT NULL,
    lang TEXT NOT NULL,
    tokens TEXT NOT NULL
);
CREATE INDEX IF NOT EXISTS passages_doc ON passages(doc_id, ord);
CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
"""


@dataclass(frozen=True)
class DocumentRecord:
    doc_id: str
    path: str
    title: str
    date: str | None
    source: str | None
    lang: str
    encoding: str
    sha256: str
    status: str


@dataclass(frozen=True)
class PassageRecord:
    id: str
    doc_id: str
    ord: int
    start: int
    end: int
    lang: str
    tokens: list[str]


class Store:
    def __init__(self, path: Path) -> None:
        path.parent.mkdir(parents=True, exist_ok=True)
        self.path = path
        self.db = sqlite3.connect(str(path), timeout=30, check_same_thread=False)
        self.db.execute("PRAGMA journal_mode=WAL")
        self.db.execute("PRAGMA foreign_keys=ON")
        self.db.executescript(_SCHEMA)

    def close(self) -> None:
        self.db.close()

    @contextmanager
    def transaction(self) -> Iterator[sqlite3.Connection]:
        with self.db:
            yield self.db

    # ------------------------------------------------------------ meta
    def get_meta(self, key: str) -> str | None:
        row = self.db.execute("SELECT value FROM meta WHERE key=?", (key,)).fetchone()
        return row[0] if row else None

    def set_meta(self, key: str, value: str) -> None:
        with self.db:
            self.db.execute("INSERT OR REPLACE INTO meta VALUES (?, ?)", (key, value))

    @property
    def generation(self) -> int:
        """Bumped by every committed change; the keyword index records the one it was built from."""
        return int(self.get_meta("generation") or 0)

    def _bump(self, db: sqlite3.Connection) -> None:
        db.execute(
            "INSERT INTO meta VALUES ('generation', '1') ON CONFLICT(key) DO UPDATE "
            "SET value = CAST(value AS INTEGER) + 1"
        )

    def retokenise(self, tokenize: Callable[[str], list[str]], version: str) -> int:
        """Recompute every passage's keyword tokens from its text with ``tokenize``
        when the store's were made by another ``version`` of it (tokens are stored at
        ingest, so a changed tokenizer would otherwise meet old tokens); the change
        bumps the generation, so the keyword index is rebuilt. Returns how many
        passages were re-tokenised (0 when already current, or when the store cannot
        be written: it then keeps working with its old tokens)."""
        if self.get_meta("keywords_version") == version:
            return 0
        updates = []
        for doc_id, text in self.db.execute("SELECT doc_id, text FROM documents"):  # one text at a time
            spans = self.db.execute("SELECT id, start, end FROM passages WHERE doc_id=?", (doc_id,)).fetchall()
            updates += [(" ".join(tokenize(text[start:end])), pid) for pid, start, end in spans]
        try:
            with self.db:
                self.db.executemany("UPDATE passages SET tokens=? WHERE id=?", updates)
                self.db.execute("INSERT OR REPLACE INTO meta VALUES ('keywords_version', ?)", (version,))
                if updates:
                    self._bump(self.db)
        except sqlite3.OperationalError:  # a read-only data dir
            return 0
        return len(updates)

    # ------------------------------------------------------- documents
    def documents(self, status: str | None = "ready") -> list[DocumentRecord]:
        sql = "SELECT doc_id, path, title, date, source, lang, encoding, sha256, status FROM documents"
        rows = self.db.execute(
            sql + (" WHERE status=?" if status else "") + " ORDER BY path", (status,) if status else ()
        ).fetchall()
        return [DocumentRecord(*r) for r in rows]

    def document(self, doc_id: str) -> DocumentRecord | None:
        row = self.db.execute(
            "SELECT doc_id, path, title, date, source, lang, encoding, sha256, status FROM documents "
            "WHERE doc_id=?",
            (doc_id,),
        ).fetchone()
        return DocumentRecord(*row) if row else None

    def document_text(self, doc_id: str) -> str:
        row = self.db.execute("SELECT text FROM documents WHERE doc_id=?", (doc_id,)).fetchone()
        return row[0] if row else ""

    def mark_pending(self, doc: DocumentRecord, text: str) -> None:
        """Record the new version as pending before its vectors are touched."""
        with self.db:
            self.db.execute(
                "INSERT INTO documents VALUES (?,?,?,?,?,?,?,?,?, 'pending', ?) "
                "ON CONFLICT(doc_id) DO UPDATE SET path=excluded.path, title=excluded.title, "
                "date=excluded.date, source=excluded.source, lang=excluded.lang, "
                "encoding=excluded.encoding, sha256=excluded.sha256, text=excluded.text, "
                "status='pending', updated_at=excluded.updated_at",
                (
                    doc.doc_id,
                    doc.path,
                    doc.title,
                    doc.date,
                    doc.source,
                    doc.lang,
                    doc.encoding,
                    doc.sha256,
                    text,
                    time.time(),
                ),
            )
            self._bump(self.db)

    def commit_passages(self, doc_id: str, passages: list[PassageRecord]) -> None:
        """Replace the document's passages and mark it ready, in one transaction."""
        with self.db:
            self.db.execute("DELETE FROM passages WHERE doc_id=?", (doc_id,))
            self.db.executemany(
                "INSERT INTO passages VALUES (?,?,?,?,?,?,?)",
                [(p.id, p.doc_id, p.ord, p.start, p.end, p.lang, " ".join(p.tokens)) for p in passages],
            )
            self.db.execute("UPDATE documents SET status='ready' WHERE doc_id=?", (doc_id,))
            self._bump(self.db)

    def delete_document(self, doc_id: str) -> None:
        with self.db:
            self.db.execute("DELETE FROM passages WHERE doc_id=?", (doc_id,))
            self.db.execute("DELETE FROM documents WHERE doc_id=?", (doc_id,))
            self._bump(self.db)

    # -------------------------------------------------------- passages
    def ready_passages(self) -> Iterator[tuple[str, list[str]]]:
        """(passage id, keyword tokens) of every ready document, in a stable order."""
        cur = self.db.execute(
            "SELECT p.id, p.tokens FROM passages p JOIN documents d USING (doc_id) "
            "WHERE d.status='ready' ORDER BY p.rowid"
        )
        for pid, toks in cur:
            yield pid, toks.split()

    def passages_by_id(self, ids: list[str]) -> dict[str, PassageRecord]:
        out: dict[str, PassageRecord] = {}
        for i in range(0, len(ids), 900):  # SQLite's parameter limit
            batch = ids[i : i + 900]
            q = (
                "SELECT p.id, p.doc_id, p.ord, p.start, p.end, p.lang, '' FROM passages p "
                "JOIN documents d USING (doc_id) WHERE d.status='ready' AND p.id IN "
                f"({','.join('?' * len(batch))})"
            )
            for r in self.db.execute(q, batch):
                out[r[0]] = PassageRecord(r[0], r[1], r[2], r[3], r[4], r[5], [])
        return out

    def counts(self) -> dict[str, int]:
        docs = self.db.execute("SELECT status, COUNT(*) FROM documents GROUP BY status").fetchall()
        n_pass = self.db.execute(
            "SELECT COUNT(*) FROM passages p JOIN documents d USING (doc_id) WHERE d.status='ready'"
        ).fetchone()[0]
        by = dict(docs)
        return {"documents": by.get("ready", 0), "pending": by.get("pending", 0), "passages": n_pass}

    def languages(self) -> dict[str, int]:
        return dict(
            self.db.execute(
                "SELECT lang, COUNT(*) FROM documents WHERE status='ready' GROUP BY lang"
            ).fetchall()
        )
