"""What a run keeps of each answer (the cached output's shape) and of the
machine and code it ran on."""

from __future__ import annotations

import os
import platform
import subprocess
import time
from pathlib import Path

from rag.evaluate.sets import REPO
from rag.pipeline import Answer

# The shape of a cached output (``answer_output``): bump it when fields change, so old
# cache lines are not read as new ones (this package is not in the code hash).
OUTPUT_VERSION = 2


def hit(r: object) -> dict:
    # Compact: the text is document_text[start:end], recovered when scoring.
    return {"rank": r.rank, "doc_id": r.doc_id, "title": r.title[:40], "start": r.start, "end": r.end,
            "dense": None if r.dense_score is None else round(r.dense_score, 4),
            "bm25": None if r.keyword_score is None else round(r.keyword_score, 3)}


def answer_output(ans: Answer) -> dict:
    """What a run keeps of an answer: everything scoring and the report read."""
    return {
        "mode": ans.mode, "text": ans.text, "language": ans.language, "model": ans.model,
        "short": ans.short, "short_source": ans.short_source, "quote": ans.quote,
        "answerability": None if ans.answerability is None else ans.answerability.to_dict(),
        "notice": ans.notice, "reader": ans.reader, "llm_text": ans.llm_text, "translation": ans.translation,
        "gloss": ans.gloss,
        # Ollama failed (down, stuck, model missing) and the draft stood in: the message, '' otherwise.
        "llm_error": ans.llm_error,
        "candidates": ans.candidates, "context": ans.context, "dropped_injections": ans.dropped_injections,
        "citations": [{"marker": c.marker, "doc_id": c.doc_id, "start": c.start, "end": c.end,
                       "quote": c.quote, "passage_start": c.passage_start, "passage_end": c.passage_end,
                       "support": c.support} for c in ans.citations],
        "passages": [hit(r) for r in ans.passages],
        "timings": ans.timings, "tokens": ans.tokens,
    }


def git_commit() -> str | None:
    try:
        out = subprocess.run(["git", "rev-parse", "--short", "HEAD"], cwd=REPO, capture_output=True, text=True,
                             timeout=5, check=True).stdout.strip()
        dirty = subprocess.run(["git", "status", "--porcelain", "--", "rag", "prompts"], cwd=REPO,
                               capture_output=True, text=True, timeout=5, check=True).stdout.strip()
        return out + ("-dirty" if dirty else "")
    except (OSError, subprocess.SubprocessError):
        return None


def machine() -> dict:
    cpu = ""
    try:
        cpu = next((ln.split(":", 1)[1].strip() for ln in Path("/proc/cpuinfo").read_text().splitlines()
                    if ln.startswith("model name")), "")
    except OSError:
        pass
    return {"cpu": cpu or platform.processor(), "cores": os.cpu_count(), "python": platform.python_version(),
            "time": time.strftime("%Y-%m-%d %H:%M %Z")}
