"""What a model was measured to do as a reader, and so what it is given.

Whether a model may *choose* among the ranker's best sentences (and overrule
the span scorer's words) is a matter of measurement, not of its name or size:
Qwen2.5-Coder-1.5B chose worse than the ranker (evals/RESULTS.md), a model a
user pulls may choose better. ``rag calibrate`` answers a labelled set with
each reader setting in ``CHOICES`` and keeps the one that did best
(``choose``); the profile is stored per model under ``models_dir`` and the
assistant reads it for that model. Settings a user gave explicitly
(``context_sentences``, ``reader_policy`` in rag.toml, ``RAG_*`` or a flag)
win over the profile; with no profile the defaults stand (one sentence,
"agree"), under which the model reads the ranked sentence only and its
words replace the code's only when verified (``read.agrees``).
"""

from __future__ import annotations

import json
import re
from dataclasses import asdict, dataclass, field
from pathlib import Path

from rag.config import Settings

# (sentences the model reads, reader policy): the default first; each later
# one must beat it on the calibration set to be chosen.
CHOICES: tuple[tuple[int, str], ...] = ((1, "agree"), (3, "trust"))
# How much better a wider choice must be, in the share of answerable
# questions whose quoted sentence holds the gold answer: one question in 40.
MARGIN = 0.025


@dataclass
class ReaderProfile:
    model: str
    sentences: int  # the best-ranked sentences it reads
    policy: str  # "agree" or "trust" (Settings.reader_policy)
    digest: str = ""  # the model's digest on the server when measured
    measured: list[dict] = field(default_factory=list)  # per choice: sentences, policy, figures
    question_set: str = ""
    questions: int = 0
    created: str = ""

    def to_dict(self) -> dict:
        return asdict(self)


def path_for(models_dir: Path, model: str) -> Path:
    """Where ``model``'s profile lives (one file a model; tags kept apart)."""
    return Path(models_dir) / "reader-profiles" / (re.sub(r"[^\w.-]+", "_", model) + ".json")


def load(models_dir: Path, model: str) -> ReaderProfile | None:
    """``model``'s stored profile, or None (none measured, or unreadable: the defaults then stand)."""
    p = path_for(models_dir, model)
    try:
        data = json.loads(p.read_text(encoding="utf-8"))
        profile = ReaderProfile(**data)
    except (OSError, ValueError, TypeError):
        return None
    if profile.model != model or (profile.sentences, profile.policy) not in CHOICES:
        return None
    return profile


def save(models_dir: Path, profile: ReaderProfile) -> Path:
    p = path_for(models_dir, profile.model)
    p.parent.mkdir(parents=True, exist_ok=True)
    tmp = p.with_suffix(".tmp")
    tmp.write_text(json.dumps(profile.to_dict(), ensure_ascii=False, indent=1), encoding="utf-8")
    tmp.replace(p)  # whole or not at all
    return p


def choose(measured: list[dict]) -> dict:
    """The reader setting to keep, from each choice's figures (``quote_contains``
    and ``short_f1`` over the answerable questions; the default first): a wider
    choice only when its sentences are right more often by ``MARGIN`` and its
    short answers are no worse. A model that chooses no better keeps the
    default, so calibrating can never make answers worse on the set."""
    best = measured[0]
    for m in measured[1:]:
        if (m["quote_contains"] >= best["quote_contains"] + MARGIN and m["short_f1"] >= best["short_f1"]):
            best = m
    return best


def reader_settings(settings: Settings, model: str) -> tuple[int, str]:
    """(sentences, policy) for ``model``: the user's explicit settings, else its
    measured profile, else the defaults."""
    explicit = settings.model_fields_set
    profile = load(settings.models_dir, model)
    sentences = settings.context_sentences
    policy = settings.reader_policy
    if profile is not None:
        if "context_sentences" not in explicit:
            sentences = profile.sentences
        if "reader_policy" not in explicit:
            policy = profile.policy
    return sentences, policy
