"""English → Hindi by the embedding model: an English question word matched to
the index's Devanagari word nearest to it in the multilingual-e5 space.

The third source of the bridge, beside sound keys and the dictionary: it knows
the words FreeDict lacks or ranks badly ("legislation" → कानून, "outbreak" →
महामारी, "troops" → सैनिक). The index's keyword tokens are embedded as they
are (stems embed as well as whole words, measured) and without the "query: "
prefix (half the model's tokens, the same matches). Only tokens in at least
``MIN_DF`` passages are embedded: a word of one passage rarely decides a
search, and leaving those out cuts the words, and the cost paid at ingest
(under 1 ms a word, benchmarks/RESULTS.md), by more than half. Vectors are
kept per token, so a rebuild after an ingest embeds only the new ones.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable, Iterable
from pathlib import Path

import numpy as np

FILE_TOKENS = "neighbours.json"
FILE_VECTORS = "neighbours.npy"
MIN_DF = 2
_DEVANAGARI = re.compile(r"[\u0900-\u097f]")

Encode = Callable[[list[str]], np.ndarray]


class Neighbours:
    """Unit vectors of the index's Devanagari words, for nearest-word lookups."""

    def __init__(self, tokens: list[str], vectors: np.ndarray) -> None:
        self.tokens = tokens
        self.vectors = vectors.astype(np.float32)
        self._row = {t: i for i, t in enumerate(tokens)}

    @classmethod
    def build(cls, passages: Iterable[list[str]], encode: Encode, previous: Neighbours | None = None) -> Neighbours:
        """From the passages' keyword tokens: each Devanagari token in at least
        ``MIN_DF`` passages, its vector taken from ``previous`` when it has one."""
        df: dict[str, int] = {}
        for toks in passages:
            for t in set(toks):
                df[t] = df.get(t, 0) + 1
        tokens = sorted(t for t, n in df.items() if n >= MIN_DF and _DEVANAGARI.search(t))
        old = previous._row if previous is not None else {}
        new = [t for t in tokens if t not in old]
        fresh = dict(zip(new, encode(new), strict=True)) if new else {}
        rows = [fresh[t] if t in fresh else previous.vectors[old[t]] for t in tokens]  # type: ignore[union-attr]
        vectors = np.stack(rows) if rows else np.zeros((0, 0), dtype=np.float32)
        return cls(tokens, vectors)

    def save(self, directory: Path) -> None:
        (directory / FILE_TOKENS).write_text(json.dumps(self.tokens, ensure_ascii=False), encoding="utf-8")
        np.save(directory / FILE_VECTORS, self.vectors.astype(np.float16))  # half the disk; cosines to 1e-3

    @classmethod
    def load(cls, directory: Path) -> Neighbours | None:
        try:
            tokens = json.loads((directory / FILE_TOKENS).read_text(encoding="utf-8"))
            vectors = np.load(directory / FILE_VECTORS)
        except (OSError, ValueError):
            return None
        return cls(tokens, vectors) if len(tokens) == len(vectors) else None

    def nearest(self, vectors: np.ndarray, min_similarity: float) -> list[str | None]:
        """For each query vector, the nearest token if its cosine is at least ``min_similarity``."""
        if not len(self.tokens) or not len(vectors):
            return [None] * len(vectors)
        sims = vectors.astype(np.float32) @ self.vectors.T
        best = sims.argmax(axis=1)
        return [self.tokens[j] if sims[i, j] >= min_similarity else None for i, j in enumerate(best)]
