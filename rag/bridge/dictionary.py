"""English → Hindi words from FreeDict's English–Hindi dictionary, when installed.

The dictionary (about 25,000 headwords from IIIT Hyderabad, "low quality" by
its own account) is GPL-licensed, so the project does not ship it: Debian's
``dict-freedict-eng-hin`` package puts it in ``/usr/share/dictd`` (setup.sh
installs it where it can), and this module only reads it at run time. Without
it the bridge still has sound matching; `rag doctor` says which is in use.
The project's own table of common words FreeDict lacks (``hindi_english.tsv``)
comes first in both directions when FreeDict is there.
"""

from __future__ import annotations

import gzip
import re
from functools import lru_cache
from pathlib import Path

from rag.bridge import irregular
from rag.text import keyword_tokens

DEFAULT_PATH = Path("/usr/share/dictd/freedict-eng-hin.dict.dz")

_HEADWORD = re.compile(r"^([A-Za-z][A-Za-z'-]*) (?:/[^/]*/ )?<")
_SENSE = re.compile(r"^\d+\.\s+(.+)$")
_MAX_SENSES = 3  # the first senses are the common ones; later ones are mostly noise here
_MAX_PHRASES = 4  # per stem, over the headwords sharing it ("capital", "capitalism")


@lru_cache(maxsize=2)
def _text(path: Path) -> str:
    """The dictionary file's text, read once for every use ('' when missing or unreadable)."""
    try:
        return gzip.open(path, "rt", encoding="utf-8").read() if path.suffix == ".dz" else path.read_text("utf-8")
    except (OSError, EOFError, UnicodeDecodeError):
        return ""


@lru_cache(maxsize=2)
def _first_senses(path: Path) -> tuple[tuple[str, tuple[str, ...]], ...]:
    """(headword, its Hindi phrases) for each of a headword's first senses, in
    file order; parsed once for both directions (() when the file is missing)."""
    raw = _text(path)
    if not raw:
        return ()
    out: list[tuple[str, tuple[str, ...]]] = []
    head: str | None = None
    senses = 0
    for line in raw.splitlines():
        m = _HEADWORD.match(line)
        if m:
            head, senses = m.group(1), 0
            continue
        m = _SENSE.match(line.strip()) if head else None
        if m and senses < _MAX_SENSES and re.search(r"[\u0900-\u097f]", m.group(1)):
            senses += 1
            out.append((head, tuple(_clean(m.group(1)))))  # type: ignore[arg-type]
    return tuple(out)


SUPPLEMENT = Path(__file__).with_name("hindi_english.tsv")


@lru_cache(maxsize=1)
def supplement() -> dict[str, list[str]]:
    """The project's own table of common Hindi words FreeDict lacks or gives
    only a rare sense of (``hindi_english.tsv``): Hindi word → English words,
    the gloss first. It supplements FreeDict, so ``load`` and ``reverse`` use it
    only when FreeDict is installed."""
    out: dict[str, list[str]] = {}
    for line in SUPPLEMENT.read_text(encoding="utf-8").splitlines():
        if line.strip() and not line.startswith("#"):
            hindi, _, english = line.partition("\t")
            out[hindi.strip()] = [e.strip() for e in english.split(",") if e.strip()]
    return out


def tabled(word: str) -> str | None:
    """The table's English for the Hindi ``word`` or its dictionary form (नए → new), or None."""
    table = supplement()
    if word in table:
        return table[word][0]
    for ending, base in _ENDINGS:
        stem = word[: -len(ending)]
        if word.endswith(ending) and len(stem) >= 2 and stem + base in table:
            return table[stem + base][0]
    return None


# American spellings and the British ones FreeDict's headwords use (behavior →
# behaviour, analyze → analyse, center → centre); a word may take more than one.
_BRITISH = ((r"or(s?)$", r"our\1"), (r"ization", "isation"), (r"iz(e|es|ed|ing)$", r"is\1"),
            (r"yz(e|es|ed|ing)$", r"ys\1"), (r"([^aeiou])er(s?)$", r"\1re\2"), (r"orhood", "ourhood"),
            (r"ors$", "ours"), (r"eled$", "elled"), (r"eling$", "elling"))


def british(word: str) -> list[str]:
    """British spellings of an American-spelled English ``word`` (none when it has none)."""
    w = word.lower()
    out = [re.sub(a, b, w) for a, b in _BRITISH if re.search(a, w)]
    return [x for x in dict.fromkeys(out) if x != w]


@lru_cache(maxsize=2)
def load(path: Path = DEFAULT_PATH) -> dict[str, list[str]]:
    """English stem → Hindi phrases of its first senses, the project's table's
    first ({} when the file is missing)."""
    from rag.text import _stemmers

    en_stem = _stemmers()[1]
    out: dict[str, list[str]] = {}
    for head, sense in _first_senses(path):
        phrases = out.setdefault(en_stem.stemWord(head.lower()), [])  # type: ignore[attr-defined]
        for phrase in sense:
            if phrase not in phrases and len(phrases) < _MAX_PHRASES:
                phrases.append(phrase)
    # An irregular past form gets its verb's senses first ("led" -> "lead" -> नेतृत्व).
    for past, base in (irregular.PAST.items() if out else ()):
        senses = out.get(en_stem.stemWord(base), [])  # type: ignore[attr-defined]
        if senses:
            key = en_stem.stemWord(past)  # type: ignore[attr-defined]
            out[key] = list(dict.fromkeys(senses + out.get(key, [])))[:_MAX_PHRASES]
    # The table's words first, beside (not instead of) FreeDict's first senses.
    table: dict[str, list[str]] = {}
    for hindi, english in (supplement().items() if out else ()):
        for word in english:
            if " " not in word:
                table.setdefault(en_stem.stemWord(word.lower()), []).append(hindi)  # type: ignore[attr-defined]
    for stem, hindi in table.items():
        out[stem] = list(dict.fromkeys(hindi + out.get(stem, [])))
    return out


def _clean(sense: str) -> list[str]:
    """The Hindi phrases of a sense line: "~" joins words, brackets hold notes, commas list synonyms."""
    sense = re.sub(r"\[[^\]]*\]|\{[^}]*\}|\([^)]*\)", " ", sense.replace("~", " "))
    return [p.strip() for p in sense.split(",") if re.search(r"[\u0900-\u097f]", p)]


WORDS_PATH = Path("/usr/share/dict/words")  # Debian's wamerican (SCOWL), for the answer gloss


@lru_cache(maxsize=2)
def reverse(path: Path = DEFAULT_PATH) -> dict[str, list[str]]:
    """Hindi word → English headwords whose first senses give it, in dictionary
    order, the project's table's first ({} when the file is missing). One-word senses only: a longer
    Hindi phrase is an explanation, not a word's translation."""
    senses = _first_senses(path)
    out: dict[str, list[str]] = {h: list(e) for h, e in supplement().items()} if senses else {}
    for head, sense in senses:
        for phrase in sense:
            heads = out.setdefault(phrase, []) if " " not in phrase else None
            if heads is not None and head not in heads:
                heads.append(head)
    return out


@lru_cache(maxsize=2)
def english_verbs(path: Path = DEFAULT_PATH) -> frozenset[str]:
    """The headwords FreeDict tags as verbs (<V>, <VT>, <VI>, <VTI>), lowercase:
    base forms, as an English question has its verb after "did"."""
    return frozenset(m.group(1).lower() for m in _VERB_HEAD.finditer(_text(path)))


_VERB_HEAD = re.compile(r"^([A-Za-z][A-Za-z'-]*) (?:/[^/]*/ )?<V[TI]*>", re.M)


@lru_cache(maxsize=2)
def hindi_stems(path: Path = DEFAULT_PATH) -> frozenset[str]:
    """The keyword tokens (stems, as the index holds them) of the dictionary's
    Hindi words: native words, never loanwords to be met by sound."""
    return frozenset(t for w in reverse(path) for t in keyword_tokens(w)[:1])


@lru_cache(maxsize=2)
def english_words(path: Path = WORDS_PATH) -> tuple[str, ...]:
    """An English word list with names and places spelled as English writes
    them (Debian's ``wamerican``; () when missing)."""
    try:
        lines = path.read_text(encoding="utf-8", errors="replace").splitlines()
    except OSError:
        return ()
    return tuple(w for w in lines if w.isascii() and w.isalpha())


# Oblique and plural endings and what the word's dictionary form ends in instead,
# longest first (नेताओं → नेता, समझौते → समझौता, वस्तुओं → वस्तु).
_ENDINGS = (("ियों", "ी"), ("ियों", "ि"), ("ाओं", "ा"), ("ुओं", "ु"), ("ओं", ""), ("ों", "ा"), ("ों", ""),
            ("ियां", "ी"), ("ियाँ", "ी"), ("ाएं", "ा"), ("ाएँ", "ा"), ("ें", ""), ("ें", "ा"), ("े", "ा"),
            ("े", ""), ("ी", "ा"), ("ी", ""), ("ा", ""),
            # verb forms -> the infinitive FreeDict lists (जलाकर, मापते, बनाया -> जलाना, मापना, बनाना)
            ("कर", "ना"), ("ते", "ना"), ("ती", "ना"), ("या", "ना"), ("ये", "ना"), ("ई", "ना"), ("ए", "ना"))


def english_for(word: str, path: Path = DEFAULT_PATH) -> list[str]:
    """FreeDict's English headwords for the Hindi ``word``, or for its
    dictionary form (नेताओं → नेता → leader); [] when it has none."""
    rev = reverse(path)
    found = rev.get(word)
    for ending, base in _ENDINGS:
        if found:
            break
        stem = word[: -len(ending)]
        if word.endswith(ending) and len(stem) >= 2:
            found = rev.get(stem + base)
    return list(found or [])


_HEAD_POS = re.compile(r"^([A-Za-z][A-Za-z'-]*) (?:/[^/]*/ )?<([A-Za-z]+)>")


@lru_cache(maxsize=2)
def _senses_by_part(path: Path = DEFAULT_PATH) -> dict[str, frozenset[str]]:
    """Hindi one-word sense → the parts of speech (N, Adj, Det, V…) of the
    headwords whose first senses give it ({} when the file is missing)."""
    out: dict[str, set[str]] = {}
    pos, senses = "", 0
    for line in _text(path).splitlines():
        if m := _HEAD_POS.match(line):
            pos, senses = m.group(2), 0
            continue
        m = _SENSE.match(line.strip()) if pos else None
        if m and senses < _MAX_SENSES and re.search(r"[\u0900-\u097f]", m.group(1)):
            senses += 1
            for phrase in _clean(m.group(1)):
                if " " not in phrase:
                    out.setdefault(phrase, set()).add(pos)
    return {w: frozenset(p) for w, p in out.items()}


def parts_of_speech(word: str, path: Path = DEFAULT_PATH) -> frozenset[str]:
    """What FreeDict's headwords glossed by the Hindi ``word`` (or its dictionary
    form) are: {"N"} for ऋण (loan), {"Adj"} for प्राचीन, {"Det"} for अन्य; empty when none."""
    table = _senses_by_part(path)
    if word in table:
        return table[word]
    for ending, base in _ENDINGS:
        stem = word[: -len(ending)]
        if word.endswith(ending) and len(stem) >= 2 and stem + base in table:
            return table[stem + base]
    return frozenset()
