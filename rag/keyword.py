"""BM25 over Devanagari-safe keyword tokens (bm25s), persisted beside the index.

bm25s does the scoring; its own tokenizer is not used (it breaks Hindi
words): tokens come from ``rag.text.keyword_tokens`` and are stored per
passage, so the index is rebuilt from the store without re-reading files.
"""

from __future__ import annotations

import contextlib
import fcntl
import json
import os
import shutil
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import numpy as np

from rag.bridge.lexicon import LATIN_WORD, WEIGHTS, Bridge, Match, Term, expand
from rag.bridge.lexicon import VERSION as BRIDGE_VERSION
from rag.bridge.neighbours import FILE_VECTORS, Encode, Neighbours
from rag.bridge.phonetic import is_romanised_hindi
from rag.store import Store

# k1=0.9, b=0.4: Pyserini's defaults, which scored nDCG@10 0.946 on XQuAD-hi
# with whole-word tokens (see ../shared/OFFLINE.md).
K1, B = 0.9, 0.4


class KeywordIndex:
    def __init__(self, directory: Path, encode: Encode | None = None) -> None:
        """``encode`` embeds bare words: given, the bridge's nearest-word source is built and used."""
        self.directory = directory
        self._encode = encode
        self._word_vectors: dict[str, np.ndarray] = {}  # English question words, embedded once each
        self.ids: list[str] = []
        self.generation = -1
        self._bm25 = None
        self._vocab: dict[str, int] = {}
        self._row: dict[str, int] = {}
        self._bridge: Bridge | None = None
        self._bridge_loaded = False
        self._neighbours: Neighbours | None = None
        self._neighbours_loaded = False

    # ------------------------------------------------------------ build
    def load_or_build(self, store: Store) -> None:
        """Use the saved index if it matches the store, else rebuild and save it.

        Several processes (CLIs, the page) may share one data dir: readers hold
        a shared lock on ``keyword.lock`` while loading, a rebuild holds it
        exclusively, so no reader sees a folder mid-swap and only one process
        rebuilds; the others then load what it saved.
        """
        want = store.generation
        if self.generation == want:
            return
        with self._locked(fcntl.LOCK_SH):
            if self._load_saved(want):
                return
        with self._locked(fcntl.LOCK_EX):
            if not self._load_saved(want):  # another process may have rebuilt it while we waited
                self._build_locked(store)

    def build(self, store: Store) -> None:
        """Rebuild from the store and save it, whatever is saved now."""
        with self._locked(fcntl.LOCK_EX):
            self._build_locked(store)

    @contextmanager
    def _locked(self, kind: int) -> Iterator[None]:
        lock = self.directory.with_name(self.directory.name + ".lock")
        lock.parent.mkdir(parents=True, exist_ok=True)
        try:
            fd = os.open(lock, os.O_RDWR | os.O_CREAT, 0o644)
        except OSError:  # a read-only data dir: nobody can rebuild in it either
            yield
            return
        try:
            fcntl.flock(fd, kind)
            yield
        finally:
            os.close(fd)  # releases the lock

    def _load_saved(self, want: int) -> bool:
        meta = self.directory / "meta.json"
        try:
            saved = json.loads(meta.read_text())
            if saved.get("generation") != want:
                return False
            if self._encode is not None and saved.get("count") and not (self.directory / FILE_VECTORS).exists():
                return False  # built before the nearest-word source (or with it off): rebuilt once with it
            self._load(saved)
            return True
        except (OSError, ValueError, KeyError):
            return False  # missing or damaged: rebuilt by the caller

    def _build_locked(self, store: Store) -> None:
        import bm25s

        generation = store.generation
        ids, corpus = [], []
        for pid, toks in store.ready_passages():
            ids.append(pid)
            corpus.append(toks)
        # Under the exclusive lock, any temporary folder is a killed build's leftover.
        for stale in self.directory.parent.glob(self.directory.name + ".tmp*"):
            shutil.rmtree(stale, ignore_errors=True)
        for stale in self.directory.parent.glob(self.directory.name + ".old*"):
            shutil.rmtree(stale, ignore_errors=True)
        unique = f"{os.getpid()}-{uuid.uuid4().hex[:8]}"
        tmp = self.directory.with_name(f"{self.directory.name}.tmp-{unique}")
        tmp.mkdir(parents=True)
        if ids:
            bm25 = bm25s.BM25(k1=K1, b=B)
            bm25.index(corpus, show_progress=False)
            bm25.save(str(tmp), show_progress=False)
            # The cross-script bridge is over this vocabulary; the previous one's keys are reused.
            Bridge.build(list(bm25.vocab_dict), previous=Bridge.load(self.directory)).save(tmp)
            if self._encode is not None:  # vectors of known words are kept, new ones embedded
                Neighbours.build(corpus, self._encode, previous=Neighbours.load(self.directory)).save(tmp)
        (tmp / "ids.json").write_text(json.dumps(ids))
        (tmp / "meta.json").write_text(json.dumps({"generation": generation, "count": len(ids)}))
        # Swap in whole: a kill between the two renames leaves no index, which
        # the next search rebuilds.
        old = self.directory.with_name(f"{self.directory.name}.old-{unique}")
        if self.directory.exists():
            self.directory.rename(old)
        tmp.rename(self.directory)
        shutil.rmtree(old, ignore_errors=True)
        self._load({"generation": generation, "count": len(ids)})

    def _load(self, meta: dict) -> None:
        import bm25s

        self.ids = json.loads((self.directory / "ids.json").read_text())
        self._bm25 = (
            bm25s.BM25.load(str(self.directory), mmap=False, show_progress=False) if self.ids else None
        )
        self._vocab = dict(self._bm25.vocab_dict) if self._bm25 is not None else {}
        self._row = {pid: i for i, pid in enumerate(self.ids)}
        self.generation = int(meta["generation"])
        self._bridge, self._bridge_loaded = None, False
        self._neighbours, self._neighbours_loaded = None, False

    @property
    def bridge(self) -> Bridge | None:
        """Loaded on first use: a Hindi question never needs it."""
        if not self._bridge_loaded:
            self._bridge = Bridge.load(self.directory)
            if self._vocab and (self._bridge is None or self._bridge.version < BRIDGE_VERSION):
                # Saved by an older version: rebuilt over the same vocabulary (seconds), kept if it can be.
                self._bridge = Bridge.build(list(self._vocab), previous=self._bridge)
                with contextlib.suppress(OSError):
                    self._bridge.save(self.directory)
            self._bridge_loaded = True
        return self._bridge

    @property
    def neighbours(self) -> Neighbours | None:
        if not self._neighbours_loaded:
            self._neighbours = Neighbours.load(self.directory) if self._encode is not None else None
            self._neighbours_loaded = True
        return self._neighbours

    def expand(self, query: str, bridge: bool = True, neighbours: float | None = None) -> list[Term]:
        """The query's terms, Latin-letter words bridged to the index's Devanagari tokens;
        with ``neighbours`` (a cosine), an English word also to its nearest index word."""
        # Latin-letter words meet Devanagari tokens; Devanagari words meet the
        # English tokens of English articles, when the index has some.
        needs_bridge = bridge and (any(c.isascii() and c.isalpha() for c in query) or (
            any("\u0900" <= c <= "\u097f" for c in query) and self.bridge is not None and bool(self.bridge.latin_keys)))
        terms = expand(query, self.bridge if needs_bridge else None)
        for t in terms:
            t.known = t.matches[0].token in self._vocab
        if needs_bridge and neighbours is not None and not is_romanised_hindi(query):
            self._add_neighbours(terms, neighbours)
        return terms

    def _add_neighbours(self, terms: list[Term], min_similarity: float) -> None:
        nb = self.neighbours
        latin = [t for t in terms if LATIN_WORD.fullmatch(t.word)]
        if nb is None or self._encode is None or not latin:
            return
        cache = self._word_vectors  # one read: another thread may replace it meanwhile
        new = list(dict.fromkeys(t.word for t in latin if t.word not in cache))
        if new:
            if len(cache) > 10_000:  # a long-running server: keep the memory bounded
                cache = {}
            cache.update(zip(new, self._encode(new), strict=True))
            self._word_vectors = cache
        found = nb.nearest(np.stack([cache[t.word] for t in latin]), min_similarity)
        for term, token in zip(latin, found, strict=True):
            if token is None:
                continue
            # Found by a weaker route too ("agency" ~ एजेंसी by its vowels): the neighbour's weight stands.
            term.matches = [m for m in term.matches if m.token != token or m.weight >= WEIGHTS["neighbour"]]
            if all(m.token != token for m in term.matches):
                term.matches.append(Match(token, WEIGHTS["neighbour"], "neighbour"))

    # ----------------------------------------------------------- search
    def term_coverage(self, terms: list[Term], bridged: float = 1.0) -> float:
        """Share of the query's terms the corpus has a word for, each counted by
        its most confident match, a bridged (cross-script) one times ``bridged``."""
        if not terms:
            return 0.0
        known = (max((m.weight * (1.0 if m.source == "exact" else bridged) for m in t.matches
                      if m.token in self._vocab), default=0.0) for t in terms)
        return sum(known) / len(terms)

    def search_terms(self, terms: list[Term], n: int, allowed: set[str] | None = None) -> list[tuple[str, float]]:
        """Top ``n`` (passage id, score): BM25 summed over the terms, each term
        scoring as its best match in a passage times that match's weight (so
        a word's several translations do not add up)."""
        if self._bm25 is None or not terms:
            return []
        mask = None
        if allowed is not None:
            mask = np.zeros(len(self.ids), dtype=np.float32)
            mask[[self._row[p] for p in allowed if p in self._row]] = 1.0
        total = np.zeros(len(self.ids), dtype=np.float32)
        per_token: dict[str, np.ndarray] = {}
        for term in terms:
            best = None
            for m in term.matches:
                if m.token not in self._vocab:
                    continue
                if m.token not in per_token:
                    per_token[m.token] = self._bm25.get_scores([m.token], weight_mask=mask)
                s = per_token[m.token] * m.weight
                best = s if best is None else np.maximum(best, s)
            if best is not None:
                total += best
        if not per_token:
            return []
        n = min(n, len(total))
        top = np.argpartition(-total, n - 1)[:n]
        top = top[np.argsort(-total[top])]
        return [(self.ids[i], float(total[i])) for i in top if total[i] > 0]

