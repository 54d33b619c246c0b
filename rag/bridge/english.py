"""FreeDict's English headwords embedded once per machine and embedding model:
the nearest English word to a Hindi word the dictionary lacks (राजनीतिक →
"political"), for the answer gloss (``rag/answer/gloss.py``).

About 13,000 one-word headwords, some 15 s on 2 cores: built at the first
ingest with the bridge on, so no question waits for it, then read from
``models_dir/gloss`` (10 MB, half precision: cosines to 1e-3).
"""

from __future__ import annotations

import re
from collections.abc import Callable
from pathlib import Path

import numpy as np

from rag.bridge import dictionary

Encode = Callable[[list[str]], np.ndarray]
_LOADED: dict[tuple[str, str], tuple[list[str], np.ndarray]] = {}


def headwords() -> list[str]:
    """FreeDict's one-word English headwords that give a Hindi word, lower-cased, sorted."""
    return sorted({h.lower() for hs in dictionary.reverse().values() for h in hs if re.fullmatch(r"[A-Za-z]+", h)})


def headword_vectors(encode: Encode, cache_dir: Path | None, model_name: str) -> tuple[list[str], np.ndarray]:
    """The headwords and their unit vectors (bare words, as ``Embedder.embed_words``
    gives them), from memory, the cache, or embedded now and cached."""
    key = (str(cache_dir), model_name)
    if key in _LOADED:
        return _LOADED[key]
    heads = headwords()
    slug = re.sub(r"[^A-Za-z0-9.-]+", "-", model_name)
    path = cache_dir / f"gloss-headwords-{slug}-{len(heads)}.npy" if cache_dir else None
    vectors = None
    if path is not None and path.is_file():
        try:
            vectors = np.load(path).astype(np.float32)
        except (OSError, ValueError):
            vectors = None
    if vectors is None or len(vectors) != len(heads):
        vectors = np.asarray(encode(heads), dtype=np.float32) if heads else np.zeros((0, 1), dtype=np.float32)
        if path is not None and heads:
            try:
                path.parent.mkdir(parents=True, exist_ok=True)
                np.save(path, vectors.astype(np.float16))
            except OSError:
                pass  # a read-only cache costs the embedding again in the next process, nothing else
    _LOADED[key] = (heads, vectors)
    return heads, vectors
