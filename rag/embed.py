"""Embeddings with sentence-transformers, with the prefixes the model expects.

The only module that loads the embedding model. Its tokenizer also sizes the
passages (``count_tokens``), so passages never exceed what the model reads.
"""

from __future__ import annotations

import logging
from pathlib import Path

import numpy as np

from rag.builtin_model import BUILTIN_NAME, ModelUnavailable, builtin_model_dir
from rag.config import Settings


def resolve_model_path(settings: Settings) -> str:
    """A local folder for the configured model, or the hub name to try from cache."""
    if settings.embed_model == BUILTIN_NAME:
        return str(builtin_model_dir(settings.models_dir))
    path = Path(settings.embed_model).expanduser()
    if path.exists():
        return str(path)
    return settings.embed_model


class Embedder:
    """Embeds queries and passages; counts tokens in the model's own tokenizer."""

    def __init__(self, settings: Settings) -> None:
        self.settings = settings
        self.name = settings.embed_model
        self.query_prefix = settings.query_prefix
        self.passage_prefix = settings.passage_prefix
        self.batch_size = settings.embed_batch_size
        self.calls = 0  # passages embedded so far; tests use it to prove no work was redone
        self._model = None
        self._last_query: tuple[str, np.ndarray] | None = None

    @property
    def model(self):  # noqa: ANN201 - SentenceTransformer, imported lazily (10 s)
        if self._model is None:
            self._model = self._load()
        return self._model

    def _load(self):
        import torch
        import transformers
        from sentence_transformers import SentenceTransformer

        transformers.utils.logging.set_verbosity_error()
        transformers.utils.logging.disable_progress_bar()
        logging.getLogger("sentence_transformers").setLevel(logging.ERROR)
        if self.settings.embed_threads:
            torch.set_num_threads(self.settings.embed_threads)
        path = resolve_model_path(self.settings)
        try:
            return SentenceTransformer(path, device="cpu", local_files_only=True)
        except Exception as e:  # noqa: BLE001 - any load failure means the same thing to the user
            raise ModelUnavailable(
                f"cannot load embedding model '{self.name}' ({type(e).__name__}); give a local "
                "sentence-transformers folder as embed_model, or use the built-in "
                f"'{BUILTIN_NAME}'"
            ) from None

    @property
    def max_tokens(self) -> int:
        return int(self.model.max_seq_length)

    @property
    def dimension(self) -> int:
        m = self.model
        get = getattr(m, "get_embedding_dimension", None) or m.get_sentence_embedding_dimension
        return int(get())

    def count_tokens(self, texts: list[str]) -> list[int]:
        """Tokens each passage costs the model, prefix and special tokens included."""
        if not texts:
            return []
        enc = self.model.tokenizer(
            [self.passage_prefix + t for t in texts], add_special_tokens=True, truncation=False
        )
        return [len(ids) for ids in enc["input_ids"]]

    def embed_passages(self, texts: list[str]) -> np.ndarray:
        self.calls += len(texts)
        return self._encode([self.passage_prefix + t for t in texts])

    def embed_query(self, text: str) -> np.ndarray:
        # One question is embedded by retrieval and again by the answer's sentence
        # ranking: the last one is kept, so it is computed once.
        last = self._last_query  # one read: another thread may replace it meanwhile
        if last is None or last[0] != text:
            last = self._last_query = (text, self._encode([self.query_prefix + text])[0])
        return last[1]

    def _encode(self, texts: list[str]) -> np.ndarray:
        if not texts:
            return np.zeros((0, self.dimension), dtype=np.float32)
        return self.model.encode(
            texts,
            batch_size=self.batch_size,
            normalize_embeddings=True,
            convert_to_numpy=True,
            show_progress_bar=False,
        ).astype(np.float32)
