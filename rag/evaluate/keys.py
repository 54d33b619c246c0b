"""What an eval run's index and cached answers are keyed by: the corpus and
the settings that shape the index; every setting, model, prompt and library
source file that can change an answer (the ones that cannot are listed)."""

from __future__ import annotations

import hashlib
import json

from rag import answer as A
from rag.evaluate.outputs import OUTPUT_VERSION
from rag.evaluate.sets import REPO

# Settings that cannot change an answer (where things live, how long to wait, the
# browser page's serve_*): left out of the cache key. Every other setting,
# including ones added later, is in it.
NEUTRAL = frozenset({"data_dir", "models_dir", "collection", "chroma_mode", "chroma_host", "chroma_port",
                     "ollama_host", "keep_alive", "llm_timeout", "embed_threads", "embed_batch_size", "llm"})
INDEX_SETTINGS = ("embed_model", "embed_backend", "passage_prefix", "chunk_tokens", "chunk_overlap_tokens",
                  "max_file_mb")


RETRIEVAL_SETTINGS = ("retrieval_mode", "candidates", "fusion", "rrf_k", "keyword_weight", "bridge", "bridge_weight",
                      "romanised_keyword_weight", "query_prefix")
# The prompts a single-question answer uses (rewrite.* serves follow-ups only).
_PROMPTS = ("read.*.toml", "messages.toml")
_NOT_ANSWERING = ("cli.py", "doctor.py")  # top-level modules that never shape an answer


def digest(*parts: object) -> str:
    return hashlib.sha256(json.dumps(parts, sort_keys=True, ensure_ascii=False, default=str).encode()).hexdigest()


def code_hash() -> str:
    """The library code that answers, packages included (rag/answer/*.py with its
    fitted weights rag/answer/*.json), but not the CLI (rag/cli/), the doctor or this package
    (scores are recomputed anyway): an answer cached under other code is not this
    code's answer."""
    rag = REPO / "rag"
    files = sorted(p for p in [*rag.rglob("*.py"), *rag.rglob("*.json")]
                   if "__pycache__" not in p.parts and not p.is_relative_to(rag / "evaluate")
                   and not p.is_relative_to(rag / "cli") and not (p.parent == rag and p.name in _NOT_ANSWERING))
    return digest(OUTPUT_VERSION, *[(p.relative_to(rag).as_posix(), p.read_text(encoding="utf-8"))
                                   for p in files])[:16]


def prompts_hash() -> str:
    files = sorted(p for pattern in _PROMPTS for p in A.PROMPTS_DIR.glob(pattern))
    return digest(*[(p.name, p.read_text(encoding="utf-8")) for p in files])[:16]
