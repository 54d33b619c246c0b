"""Runs an ONNX build of the embedding model (rag/onnx_export.py) with
onnxruntime and the model's own ``tokenizer.json``.

Imports neither torch nor transformers: with this, a cold ``rag search``
embeds its question in well under a second (issue #12).
"""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np

from rag.onnx_export import FP32_FILE, INT8_FILE, META_FILE


class OnnxEncoder:
    """Embeds texts (prefixes already added) with onnxruntime; counts tokens."""

    def __init__(self, folder: Path, int8: bool, threads: int = 0) -> None:
        import onnxruntime as ort
        from tokenizers import Tokenizer

        meta = json.loads((folder / META_FILE).read_text())
        self.max_seq_length = int(meta["max_seq_length"])
        self.dimension = int(meta["dimension"])
        self.pad_id = int(meta["pad_token_id"])
        self.tokenizer = Tokenizer.from_file(str(folder / "tokenizer.json"))
        self.tokenizer.no_padding()
        self.tokenizer.no_truncation()
        options = ort.SessionOptions()
        options.intra_op_num_threads = threads  # 0: onnxruntime picks the physical cores
        options.inter_op_num_threads = 1
        options.graph_optimization_level = ort.GraphOptimizationLevel.ORT_ENABLE_ALL
        options.log_severity_level = 3
        self.model_file = folder / (INT8_FILE if int8 else FP32_FILE)
        self.session = ort.InferenceSession(str(self.model_file), options, providers=["CPUExecutionProvider"])

    def count_tokens(self, texts: list[str]) -> list[int]:
        """Tokens per text, special tokens included, untruncated."""
        return [len(e.ids) for e in self.tokenizer.encode_batch(texts, add_special_tokens=True)]

    def encode(self, texts: list[str], batch_size: int) -> np.ndarray:
        """L2-normalised float32 vectors, one per text, in input order."""
        return self._run(texts, batch_size, None)

    def encode_tokens(self, texts: list[str], batch_size: int) -> tuple[np.ndarray, list[np.ndarray]]:
        """The vectors, and per text its tokens' L2-normalised last-layer states
        (special tokens dropped); models built before they were an output give none."""
        if not self.has_tokens:
            return self._run(texts, batch_size, None), []
        states: list[np.ndarray] = [np.zeros((0, self.dimension), dtype=np.float32)] * len(texts)
        return self._run(texts, batch_size, states), states

    @property
    def has_tokens(self) -> bool:
        return any(o.name == "token_embeddings" for o in self.session.get_outputs())

    def _run(self, texts: list[str], batch_size: int, states: list[np.ndarray] | None) -> np.ndarray:
        encodings = self.tokenizer.encode_batch(texts, add_special_tokens=True)
        ids = [self._truncate(e.ids) for e in encodings]
        out = np.zeros((len(texts), self.dimension), dtype=np.float32)
        names = ["sentence_embedding"] + (["token_embeddings"] if states is not None else [])
        # Longest first and padded per batch, as sentence-transformers does: a
        # batch of short passages is not padded to one long one.
        order = sorted(range(len(ids)), key=lambda i: -len(ids[i]))
        for start in range(0, len(order), batch_size):
            chunk = order[start : start + batch_size]
            width = len(ids[chunk[0]])
            input_ids = np.full((len(chunk), width), self.pad_id, dtype=np.int64)
            mask = np.zeros((len(chunk), width), dtype=np.int64)
            for row, i in enumerate(chunk):
                input_ids[row, : len(ids[i])] = ids[i]
                mask[row, : len(ids[i])] = 1
            vectors, *tokens = self.session.run(names, {"input_ids": input_ids, "attention_mask": mask})
            out[chunk] = vectors
            if states is not None:
                for row, i in enumerate(chunk):
                    h = tokens[0][row, 1 : len(ids[i]) - 1]
                    states[i] = h / np.maximum(np.linalg.norm(h, axis=1, keepdims=True), 1e-12)
        norms = np.linalg.norm(out, axis=1, keepdims=True)
        return out / np.maximum(norms, 1e-12)

    def _truncate(self, ids: list[int]) -> list[int]:
        # As the torch tokenizer truncates: keep the closing special token.
        if len(ids) <= self.max_seq_length:
            return ids
        return [*ids[: self.max_seq_length - 1], ids[-1]]
