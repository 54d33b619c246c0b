"""The index: Chroma (dense vectors), the keyword index and the document store,
kept consistent with each other.

Write order for a document, so that a kill at any point is repaired by the
next run: store marks it pending -> old vectors deleted -> new vectors added
-> store writes passages and marks it ready (one transaction). Searches read
only ready documents; the keyword index is rebuilt whenever the store's
generation moved past the one it was built from.
"""

from __future__ import annotations

import hashlib
import shutil
from dataclasses import dataclass

import numpy as np

from rag.bridge.neighbours import Encode
from rag.config import Settings
from rag.embed import Embedder
from rag.keyword import KeywordIndex
from rag.store import DocumentRecord, PassageRecord, Store
from rag.text import KEYWORDS_VERSION, keyword_tokens


class IndexUnavailable(Exception):
    """The index cannot be used as configured; the message says how to fix it."""


def _backend_mismatch(recorded: str, wanted: str) -> str:
    return (
        f"this index was built with the '{recorded}' embedding backend, not '{wanted}', and one index "
        f"never mixes their vectors: set embed_backend = \"{recorded}\" (RAG_EMBED_BACKEND={recorded}) to use it, "
        "or run 'rag reset' and ingest again"
    )


def doc_id_for(path: str) -> str:
    return hashlib.sha1(path.encode("utf-8")).hexdigest()[:16]


@dataclass(frozen=True)
class Filters:
    """Restrict a search to some documents, a language and/or a date range."""

    doc_ids: tuple[str, ...] = ()
    lang: str | None = None
    date_from: str | None = None  # ISO yyyy-mm-dd, inclusive
    date_to: str | None = None

    def __bool__(self) -> bool:
        return bool(self.doc_ids or self.lang or self.date_from or self.date_to)

    def chroma_where(self) -> dict | None:
        clauses: list[dict] = []
        if self.doc_ids:
            clauses.append({"doc_id": {"$in": list(self.doc_ids)}})
        if self.lang:
            clauses.append({"lang": self.lang})
        if self.date_from:
            clauses.append({"date": {"$gte": _date_int(self.date_from)}})
        if self.date_to:
            clauses.append({"date": {"$lte": _date_int(self.date_to)}})
        if not clauses:
            return None
        return clauses[0] if len(clauses) == 1 else {"$and": clauses}


_CHROMA_BATCH = 4000  # below Chroma's maximum batch size


def _date_int(iso: str | None) -> int:
    """Chroma filters compare numbers, so dates are stored as yyyymmdd (0 = none)."""
    return int(iso.replace("-", "")) if iso else 0


class Index:
    def __init__(self, settings: Settings, embedder: Embedder | None = None, verify: bool = True) -> None:
        """``verify=False`` skips the model and backend checks: for 'rag reset', which they point to."""
        self.settings = settings
        self.embedder = embedder or Embedder(settings)
        self.store = Store(settings.store_path)
        # Passages ingested with an older tokenizer get today's keyword tokens (once).
        self.store.retokenise(keyword_tokens, KEYWORDS_VERSION)
        self.keyword = KeywordIndex(settings.keyword_dir, self._word_encoder())
        self._client = None
        self._collection = None
        model = self.store.get_meta("embed_model")
        if not verify:
            return
        if model is None:
            self.store.set_meta("embed_model", settings.embed_model)
        elif model != settings.embed_model:
            raise IndexUnavailable(
                f"this index was built with the embedding model '{model}', not "
                f"'{settings.embed_model}': run 'rag reset' to rebuild it, or use another data_dir"
            )
        elif self.store.get_meta("embed_backend") is None and self.store.counts()["passages"]:
            self.store.set_meta("embed_backend", "torch")  # indexes from before issue #12 were all torch
        backend = self.store.get_meta("embed_backend")
        if backend is not None and backend != settings.embed_backend:
            raise IndexUnavailable(_backend_mismatch(backend, settings.embed_backend))

    # ---------------------------------------------------------- chroma
    @property
    def client(self):  # noqa: ANN201 - chromadb.ClientAPI, imported lazily
        if self._client is None:
            import chromadb
            from chromadb.config import Settings as ChromaSettings

            chroma_settings = ChromaSettings(anonymized_telemetry=False)
            if self.settings.chroma_mode == "server":
                try:
                    self._client = chromadb.HttpClient(
                        host=self.settings.chroma_host,
                        port=self.settings.chroma_port,
                        settings=chroma_settings,
                    )
                    self._client.heartbeat()
                except Exception:  # noqa: BLE001 - any connection failure reads the same to a user
                    self._client = None
                    raise IndexUnavailable(
                        f"cannot reach the Chroma server at {self.settings.chroma_host}:"
                        f"{self.settings.chroma_port}: start it with 'chroma run --path DIR "
                        f'--port {self.settings.chroma_port}\' or set chroma_mode = "embedded"'
                    ) from None
            else:
                self.settings.chroma_dir.mkdir(parents=True, exist_ok=True)
                self._client = chromadb.PersistentClient(
                    path=str(self.settings.chroma_dir), settings=chroma_settings
                )
        return self._client

    @property
    def collection(self):  # noqa: ANN201 - chromadb Collection
        if self._collection is None:
            # embedding_function=None: Chroma's default one would download an
            # ONNX model; we always pass our own vectors.
            self._collection = self.client.get_or_create_collection(
                self.settings.collection,
                embedding_function=None,
                configuration={"hnsw": {"space": "cosine"}},
                metadata={"embed_model": self.settings.embed_model},
            )
        return self._collection

    # ---------------------------------------------------------- writes
    def write_document(
        self, doc: DocumentRecord, text: str, passages: list[PassageRecord], vectors: np.ndarray
    ) -> None:
        """Replace a document's vectors and passages (kill-safe order, see module doc)."""
        self.write_documents([(doc, text, passages, vectors)])

    def write_documents(
        self, items: list[tuple[DocumentRecord, str, list[PassageRecord], np.ndarray]]
    ) -> None:
        """Replace several documents at once: one Chroma call for all their vectors.

        All are marked pending first, so a kill anywhere leaves each either
        ready (complete) or pending (ignored by searches, redone next run).
        Only documents the store already knows can have old vectors to delete.
        """
        self._check_backend()
        known = [doc.doc_id for doc, *_ in items if self.store.document(doc.doc_id) is not None]
        for doc, text, _, _ in items:
            self.store.mark_pending(doc, text)
        if known:
            self.collection.delete(where={"doc_id": {"$in": known}})
        ids: list[str] = []
        metadatas: list[dict] = []
        vectors = [v for _, _, passages, vecs in items if passages for v in vecs]
        for doc, _, passages, _ in items:
            for p in passages:
                ids.append(p.id)
                metadatas.append(
                    {"doc_id": doc.doc_id, "lang": doc.lang, "plang": p.lang, "ord": p.ord,
                     "date": _date_int(doc.date)}
                )
        for i in range(0, len(ids), _CHROMA_BATCH):
            self.collection.add(ids=ids[i : i + _CHROMA_BATCH], embeddings=vectors[i : i + _CHROMA_BATCH],
                                metadatas=metadatas[i : i + _CHROMA_BATCH])
        for doc, _, passages, _ in items:
            self.store.commit_passages(doc.doc_id, passages)

    def _check_backend(self) -> None:
        """Vectors of one index come from one runtime: the embedder's real backend
        (torch when an ONNX build failed) must be the index's; an empty index takes it."""
        used = self.embedder.backend
        recorded = self.store.get_meta("embed_backend")
        if recorded == used:
            return
        if recorded is None or not self.store.counts()["passages"]:
            self.store.set_meta("embed_backend", used)
            return
        raise IndexUnavailable(_backend_mismatch(recorded, used))

    def delete_document(self, doc_id: str) -> None:
        record = self.store.document(doc_id)
        if record is None:
            return
        self.store.mark_pending(record, self.store.document_text(doc_id))
        self._delete_vectors(doc_id)
        self.store.delete_document(doc_id)

    def _delete_vectors(self, doc_id: str) -> None:
        self.collection.delete(where={"doc_id": doc_id})

    def _word_encoder(self) -> Encode | None:
        """Bare-word embeddings for the bridge's nearest-word source, when it is on."""
        return self.embedder.embed_words if self.settings.bridge and self.settings.bridge_neighbours else None

    def refresh_keyword(self) -> None:
        self.keyword.load_or_build(self.store)

    def warm_gloss(self) -> None:
        """Embed FreeDict's English headwords once per machine (the answer gloss's
        nearest-word source; about 15 s the first time), so no question waits for it."""
        if self.settings.bridge:
            from rag.bridge.english import headword_vectors

            headword_vectors(self.embedder.embed_words, self.settings.gloss_dir, self.settings.embed_model)

    def reset(self) -> None:
        """Remove every document, vector and keyword entry of this index."""
        try:
            self.client.delete_collection(self.settings.collection)
        except Exception:  # noqa: BLE001 - a missing collection is already reset
            pass
        self._collection = None
        self.store.close()
        for suffix in ("", "-wal", "-shm"):
            p = self.settings.store_path.with_name(self.settings.store_path.name + suffix)
            p.unlink(missing_ok=True)

        shutil.rmtree(self.settings.keyword_dir, ignore_errors=True)
        self.store = Store(self.settings.store_path)
        self.store.set_meta("keywords_version", KEYWORDS_VERSION)
        self.store.set_meta("embed_model", self.settings.embed_model)  # the backend: at the first write
        self.keyword = KeywordIndex(self.settings.keyword_dir, self._word_encoder())

    # ----------------------------------------------------------- reads
    def dense_search(self, vector: np.ndarray, n: int, filters: Filters) -> list[tuple[str, float]]:
        """Top ``n`` (passage id, cosine similarity) from Chroma."""
        # No count() first: it costs more than the search at 100k vectors, and
        # Chroma returns fewer results when it has fewer.
        res = self.collection.query(
            query_embeddings=[vector],
            n_results=n,
            where=filters.chroma_where(),
            include=["distances"],
        )
        return [(pid, 1.0 - float(d)) for pid, d in zip(res["ids"][0], res["distances"][0], strict=True)]

    def allowed_passages(self, filters: Filters) -> set[str] | None:
        """Passage ids that pass the filters (for the keyword side), or None for all."""
        if not filters:
            return None
        sql = "SELECT p.id FROM passages p JOIN documents d USING (doc_id) WHERE d.status='ready'"
        args: list[str] = []
        if filters.doc_ids:
            sql += f" AND d.doc_id IN ({','.join('?' * len(filters.doc_ids))})"
            args += list(filters.doc_ids)
        if filters.lang:
            sql += " AND d.lang = ?"
            args.append(filters.lang)
        if filters.date_from:
            sql += " AND d.date >= ?"
            args.append(filters.date_from)
        if filters.date_to:
            sql += " AND d.date <= ?"
            args.append(filters.date_to)
        return {r[0] for r in self.store.db.execute(sql, args)}

    def stats(self) -> dict:
        counts = self.store.counts()
        return {
            **counts,
            "vectors": self.collection.count(),
            "languages": self.store.languages(),
            "embed_model": self.settings.embed_model,
            "embed_backend": self.store.get_meta("embed_backend") or self.settings.embed_backend,
            "chroma": (
                f"server {self.settings.chroma_host}:{self.settings.chroma_port}"
                if self.settings.chroma_mode == "server"
                else f"embedded {self.settings.chroma_dir}"
            ),
            "data_dir": str(self.settings.data_dir),
        }
