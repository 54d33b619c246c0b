"""Acronyms the articles define: "भारतीय रिज़र्व बैंक (आरबीआई)", "Indian Space
Research Organisation (ISRO)".

News names an organisation in full once, with its acronym in parentheses,
and by either form after that; a question may use the other one. "आरबीआई के
गवर्नर कौन हैं?" shares no word with "गवर्नर संजय मल्होत्रा की अध्यक्षता में
…" unless the bank's name counts as its acronym, and "When will the next MPC
meeting be held?" none with "मौद्रिक नीति समिति की अगली बैठक …". So the
sentence ranker reads a sentence holding a defined long form as holding its
acronym too, and the other way round (``rank.features``). A definition is
the acronym's own number of words right before it (one a letter: आरबीआई is
three letters, R B I), so no guess is made about where a name starts.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from rag.bridge.acronyms import letters
from rag.text import keyword_tokens

# A one-word parenthesis right after a word: "… बैंक (आरबीआई)", "… Organisation (ISRO)".
_DEFINED = re.compile(r"(?<=\S)\s*\(\s*([^\s()]{2,12})\s*\)")
_WORD = re.compile(r"[^\s()]+")
_LATIN_ACRONYM = re.compile(r"[A-Z][A-Za-z]{1,5}")


def _letters(word: str) -> int:
    """How many letters the acronym ``word`` has (0 when it is no acronym)."""
    if _LATIN_ACRONYM.fullmatch(word) and sum(c.isupper() for c in word) >= 2:
        return sum(c.isupper() for c in word)
    spelled = letters(word)
    return len(spelled) if spelled else 0


def definitions(texts: Iterable[str]) -> tuple[tuple[str, tuple[str, ...]], ...]:
    """(the acronym's token, its long form's tokens) for each acronym defined in ``texts``."""
    out: dict[str, tuple[str, ...]] = {}
    for text in texts:
        for m in _DEFINED.finditer(text):
            acronym = m.group(1)
            n = _letters(acronym)
            own = keyword_tokens(acronym)
            if not n or len(own) != 1:
                continue
            before = _WORD.findall(text[max(0, m.start() - 200):m.start()])
            if len(before) < n or any(re.search(r"[,;:।.!?]$", w) for w in before[-n:-1]):
                continue  # fewer words than letters, or punctuation inside: no definition
            long = tuple(keyword_tokens(" ".join(before[-n:])))
            if len(long) >= 2 and own[0] not in long:
                out.setdefault(own[0], long)
    return tuple(out.items())


def read_with_definitions(tokens: list[str], question: set[str],
                          defined: tuple[tuple[str, tuple[str, ...]], ...]) -> list[str]:
    """A sentence's ``tokens`` with the question's acronym added where its long
    form stands in the sentence, and the question's long form where its acronym does."""
    out = list(tokens)
    for acronym, long in defined:
        if acronym in question and acronym not in out and _holds_run(tokens, long):
            out.append(acronym)
        elif acronym in tokens and set(long) <= question:
            out.extend(t for t in long if t not in out)
    return out


def _holds_run(tokens: list[str], run: tuple[str, ...]) -> bool:
    n = len(run)
    return any(tuple(tokens[i:i + n]) == run for i in range(len(tokens) - n + 1))
