"""Embeddings of queries and passages, with the prefixes the model expects.

The only module that loads the embedding model. Two runtimes (issue #12):
``torch`` (sentence-transformers, fp32) and onnxruntime on an ONNX build of
the same weights, fp32 (``onnx``) or int8 (``onnx-int8``, rag/onnx_export.py).
The model's tokenizer also sizes the passages (``count_tokens``), so passages
never exceed what the model reads.
"""

from __future__ import annotations

import logging
import sys
from pathlib import Path
from typing import Protocol

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


class Encoder(Protocol):
    """What a runtime gives the Embedder; texts come with their prefixes."""

    max_seq_length: int
    dimension: int

    def count_tokens(self, texts: list[str]) -> list[int]: ...

    def encode(self, texts: list[str], batch_size: int) -> np.ndarray: ...

    def encode_tokens(self, texts: list[str], batch_size: int) -> tuple[np.ndarray, list[np.ndarray]]: ...


class TorchEncoder:
    """sentence-transformers on torch (about 8 s to import and load)."""

    def __init__(self, path: str, name: str, threads: int = 0) -> None:
        import torch
        import transformers
        from sentence_transformers import SentenceTransformer

        transformers.utils.logging.set_verbosity_error()
        transformers.utils.logging.disable_progress_bar()
        logging.getLogger("sentence_transformers").setLevel(logging.ERROR)
        if threads:
            torch.set_num_threads(threads)
        try:
            self.model = SentenceTransformer(path, device="cpu", local_files_only=True)
        except Exception as e:  # noqa: BLE001 - any load failure means the same thing to the user
            raise ModelUnavailable(
                f"cannot load embedding model '{name}' ({type(e).__name__}); give a local "
                "sentence-transformers folder as embed_model, or use the built-in "
                f"'{BUILTIN_NAME}'"
            ) from None
        self.tokenizer = self.model.tokenizer
        self.max_seq_length = int(self.model.max_seq_length)
        m = self.model
        get = getattr(m, "get_embedding_dimension", None) or m.get_sentence_embedding_dimension
        self.dimension = int(get())

    def count_tokens(self, texts: list[str]) -> list[int]:
        enc = self.model.tokenizer(texts, add_special_tokens=True, truncation=False)
        return [len(ids) for ids in enc["input_ids"]]

    def encode(self, texts: list[str], batch_size: int) -> np.ndarray:
        return self.model.encode(
            texts, batch_size=batch_size, normalize_embeddings=True, convert_to_numpy=True, show_progress_bar=False
        ).astype(np.float32)

    def encode_tokens(self, texts: list[str], batch_size: int) -> tuple[np.ndarray, list[np.ndarray]]:
        """As ``OnnxEncoder.encode_tokens`` (two passes here: the torch backend is the slow fallback)."""
        states = self.model.encode(texts, batch_size=batch_size, output_value="token_embeddings",
                                   show_progress_bar=False)
        out = []
        for h in states:
            h = h.float().numpy()[1:-1]
            out.append(h / np.maximum(np.linalg.norm(h, axis=1, keepdims=True), 1e-12))
        return self.encode(texts, batch_size), out


def load_encoder(settings: Settings) -> tuple[Encoder, str]:
    """The configured runtime and the backend it really is: ``torch`` when an
    ONNX build cannot be made or run here (the reason goes to stderr)."""
    path = resolve_model_path(settings)
    if settings.embed_backend != "torch":
        try:
            return _onnx_encoder(settings, path), settings.embed_backend
        except (ModelUnavailable, ImportError, OSError, ValueError, RuntimeError) as e:
            # onnxruntime's own errors (a graph it cannot load) are RuntimeErrors.
            print(f"warning: {e}; embedding with torch instead (embed_backend = 'torch' silences this)",
                  file=sys.stderr, flush=True)
    return TorchEncoder(path, settings.embed_model, settings.embed_threads), "torch"


def _onnx_encoder(settings: Settings, path: str) -> Encoder:
    if not Path(path).is_dir():
        raise ModelUnavailable(f"the ONNX backends need a local sentence-transformers folder, and "
                               f"'{settings.embed_model}' is not one")
    from rag.onnx_export import INT8_FILE, ensure_onnx_model, onnx_dir_for

    int8 = settings.embed_backend == "onnx-int8"
    if not (onnx_dir_for(Path(path), settings.models_dir) / INT8_FILE).is_file():
        print(f"note: building the ONNX embedding models from {path} (once, about 30 s)…", file=sys.stderr, flush=True)
    folder = ensure_onnx_model(Path(path), settings.models_dir, int8=int8)
    from rag.onnx_embed import OnnxEncoder

    return OnnxEncoder(folder, int8=int8, threads=settings.embed_threads)


class Embedder:
    """Embeds queries and passages; counts tokens in the model's own tokenizer."""

    def __init__(self, settings: Settings) -> None:
        self.settings = settings
        self.name = settings.embed_model
        self.query_prefix = settings.query_prefix
        self.passage_prefix = settings.passage_prefix
        self.batch_size = settings.embed_batch_size
        self.calls = 0  # passages embedded so far; tests use it to prove no work was redone
        self.backend = settings.embed_backend  # the one really used, once loaded (torch if ONNX fails)
        self._model: Encoder | None = None
        self._last_query: tuple[str, np.ndarray, np.ndarray | None] | None = None

    @property
    def model(self) -> Encoder:
        if self._model is None:
            self._model, self.backend = load_encoder(self.settings)
        return self._model

    @property
    def max_tokens(self) -> int:
        return self.model.max_seq_length

    @property
    def dimension(self) -> int:
        return self.model.dimension

    def count_tokens(self, texts: list[str]) -> list[int]:
        """Tokens each passage costs the model, prefix and special tokens included."""
        if not texts:
            return []
        return self.model.count_tokens([self.passage_prefix + t for t in texts])

    def embed_passages(self, texts: list[str]) -> np.ndarray:
        self.calls += len(texts)
        return self._encode([self.passage_prefix + t for t in texts])

    def embed_passages_with_tokens(self, texts: list[str]) -> tuple[np.ndarray, list[np.ndarray]]:
        """The passages' vectors and each one's token states without the prefix
        (``[]`` when the model gives none): the answer ranker matches them token by token."""
        self.calls += len(texts)
        vectors, states = self.model.encode_tokens([self.passage_prefix + t for t in texts], self.batch_size)
        skip = self._prefix_tokens(self.passage_prefix)
        return vectors, [h[skip:] for h in states]

    def query_tokens(self, text: str) -> np.ndarray | None:
        """The question's token states without the prefix (None when the model gives none)."""
        h = self._query(text, tokens=True)[2]
        return h[self._prefix_tokens(self.query_prefix):] if h is not None and len(h) else None

    def _prefix_tokens(self, prefix: str) -> int:
        return self.model.count_tokens([prefix])[0] - 2 if prefix else 0  # less [CLS] and [SEP]

    def embed_words(self, words: list[str]) -> np.ndarray:
        """Single words without a prefix (rag/bridge/neighbours.py); they are
        short, so batches of 64 pad little."""
        if not words:
            return np.zeros((0, self.dimension), dtype=np.float32)
        return self.model.encode(words, 64)

    def embed_queries(self, texts: list[str]) -> np.ndarray:
        """Short texts as queries, in one batch (words and phrases compared
        across languages: rag/answer/gloss.py, rag/answer/render.py)."""
        return self._encode([self.query_prefix + t for t in texts])

    def embed_query(self, text: str) -> np.ndarray:
        return self._query(text, tokens=False)[1]

    def _query(self, text: str, tokens: bool) -> tuple[str, np.ndarray, np.ndarray | None]:
        # One question is embedded by retrieval and again by the answer's sentence
        # ranking: the last one is kept, so it is computed once (with its token
        # states when they come free, as from the ONNX model).
        last = self._last_query  # one read: another thread may replace it meanwhile
        if last is None or last[0] != text or (tokens and last[2] is None):
            if tokens or getattr(self.model, "has_tokens", False):
                vectors, states = self.model.encode_tokens([self.query_prefix + text], self.batch_size)
                last = (text, vectors[0], states[0] if states else np.zeros((0, self.dimension), np.float32))
            else:
                last = (text, self._encode([self.query_prefix + text])[0], None)
            self._last_query = last
        return last

    def _encode(self, texts: list[str]) -> np.ndarray:
        if not texts:
            return np.zeros((0, self.dimension), dtype=np.float32)
        return self.model.encode(texts, self.batch_size)
