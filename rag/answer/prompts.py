"""Prompt files, fixed messages and the answer's language."""

from __future__ import annotations

import re
import tomllib
from functools import cache
from pathlib import Path

from rag.bridge.phonetic import is_romanised_hindi
from rag.text import detect_language, normalize

PROMPTS_DIR = Path(__file__).resolve().parent.parent.parent / "prompts"
NOT_FOUND = "NOT_IN_ARTICLES"


@cache
def prompt(name: str, lang: str, directory: str = str(PROMPTS_DIR)) -> dict[str, str]:
    """A prompt file (``prompts/NAME.LANG.toml``) with its ``system`` and ``user`` parts."""
    return tomllib.loads((Path(directory) / f"{name}.{lang}.toml").read_text(encoding="utf-8"))


@cache
def messages(lang: str, directory: str = str(PROMPTS_DIR)) -> dict[str, str]:
    """The fixed texts the assistant shows (``prompts/messages.toml``) in ``lang``."""
    return tomllib.loads((Path(directory) / "messages.toml").read_text(encoding="utf-8"))[lang]


_ASKS_EN = re.compile(r"\b(in|into) english\b|अंग्रेज़ी में|अंग्रेजी में|इंग्लिश में", re.I)
_ASKS_HI = re.compile(r"\b(in|into) hindi\b|हिंदी में|हिन्दी में", re.I)


def answer_language(question: str, setting: str) -> str:
    """The answer follows the question's language, unless the settings or the
    question itself ("… in English?", "… हिंदी में बताइए") ask for another."""
    if setting in ("hi", "en"):
        return setting
    question = normalize(question)  # ज़ typed as one code point (U+095B) is ज + nukta in NFC
    if _ASKS_EN.search(question):
        return "en"
    if _ASKS_HI.search(question):
        return "hi"
    # Hindi typed in Latin letters ("rus ke raksha mantri kaun hain?") is Hindi.
    return "en" if detect_language(question) == "en" and not is_romanised_hindi(question) else "hi"
