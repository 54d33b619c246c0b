"""Acronyms Hindi writes letter by letter: डीवीबी is DVB, एमपीईजी is MPEG, बीजेपी is BJP.

Hindi news spells an English acronym as the names of its letters run
together. Such a word sounds like no English word (a sound match gives
"dweeb"), so the gloss and the bridge read it by its letters instead.
"""

from __future__ import annotations

import unicodedata
from functools import cache

from rag.bridge import dictionary
from rag.text import LETTER_NAMES

LETTERS = LETTER_NAMES  # the Devanagari names of the Latin letters (``rag.text``: initials too)
_LONGEST = max(len(k) for k in LETTERS)


@cache
def _spellings() -> dict[str, str]:
    """Latin letter -> its first (most usual) Devanagari name."""
    out: dict[str, str] = {}
    for deva, latin in LETTERS.items():
        out.setdefault(latin, deva)
    return out


def letters(word: str) -> str | None:
    """The acronym ``word`` spells ("DVB" for डीवीबी), or None when it is not
    two or more letter names with nothing left over. The caller decides
    whether a Hindi word that happens to split so (सीटी) is one."""
    w = unicodedata.normalize("NFC", word).strip("-")
    n = len(w)
    # best[i]: the letters spelling w[:i] with the fewest names (longest names first), or None.
    best: list[str | None] = [""] + [None] * n
    for i in range(1, n + 1):
        for size in range(min(_LONGEST, i), 0, -1):
            prev, piece = best[i - size], w[i - size:i]
            if prev is not None and piece in LETTERS:
                cand = prev + LETTERS[piece]
                if best[i] is None or len(cand) < len(best[i] or ""):
                    best[i] = cand
    out = best[n]
    return out if out is not None and len(out) >= 2 else None


def read(word: str) -> str | None:
    """``letters``, unless ``word`` is a Hindi word FreeDict knows (सीटी is "whistle")."""
    return None if dictionary.english_for(word) else letters(word)


def read_compound(word: str) -> str | None:
    """``read``, and for a hyphenated word each part by its letters once the
    first part is an acronym: डीवीबी-एस is DVB-S (a part may be one letter)."""
    if "-" not in word.strip("-"):
        return read(word)
    first, *rest = word.strip("-").split("-")
    parts = [read(first)] + [LETTERS.get(p) or letters(p) for p in rest]
    return "-".join(parts) if all(parts) else None  # type: ignore[arg-type]


def to_devanagari(acronym: str) -> str | None:
    """``acronym`` (all capitals, two or more: "UDP") as Hindi writes it (यूडीपी)."""
    if len(acronym) < 2 or not acronym.isascii() or not acronym.isalpha() or not acronym.isupper():
        return None
    names = _spellings()
    return "".join(names[c] for c in acronym)
