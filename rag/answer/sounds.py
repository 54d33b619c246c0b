"""English words that sound like a Hindi word (the gloss's loanwords: रिमोट → remote).

Every English word of the lists (wamerican) and of the CMU Pronouncing
Dictionary gets a sound key; words are looked up by the key's consonant
skeleton and ranked by edit distance. Building the table takes about two
seconds, so it is kept on disk (``cache_dir``, beside the gloss's headword
vectors) as one string of ``word<TAB>key`` lines per skeleton, split only
for the skeletons asked about: reading it back takes a twentieth of a
second, where a CLI question in English would otherwise wait for the build.
"""

from __future__ import annotations

import hashlib
import json
import re
from functools import cache, lru_cache
from pathlib import Path

from rag.bridge import dictionary, phonetic, pronounce
from rag.bridge.phonetic import deva_key, latin_key, skeleton

_SOUND_CANDIDATES = 20  # e5 chooses among them: a close key is often the wrong word (सियोल ~ silo)
_MIN_SOUND = 0.5  # share of the sound key the English word's key keeps (1 - edit distance / length)
_FILE = "sound-table.json"


def english_key(word: str) -> str:
    """``latin_key`` with English spellings Hindi writes by sound ("nation" ~ नेशन, "virgin" ~ वर्जिन)."""
    w = re.sub(r"[ts]ion", "san", word.lower())
    w = re.sub(r"(?<=[^aeiou])[ie]an\b", "iyan", w)  # Korean, Indian: कोरियन, इंडियन
    w = re.sub(r"g(?=[eiy])", "j", w).replace("ph", "f")
    return latin_key(w)


def _build() -> dict[str, str]:
    """Every word's sound keys, by skeleton, as ``word<TAB>key`` lines."""
    out: dict[str, list[str]] = {}
    for w in dictionary.english_words():
        # "oi" after a consonant is also heard "wai" (ज्वाइंट joint, प्वाइंट point).
        for k in dict.fromkeys([english_key(w), english_key(re.sub(r"(?<=[^aeiou])oi", "wai", w.lower()))]):
            if len(k) >= 2:
                out.setdefault(skeleton(k), []).append(f"{w}\t{k}")
    # And by pronunciation, where the CMU dictionary has the word: Hindi writes
    # English by ear, so its spelling's key meets the Hindi word's (remote ~ रिमोट).
    forms = {w.lower(): w for w in dictionary.english_words()}
    for w, k in pronounce.sound_keys(deva_key).items():
        if len(k) >= 2:
            out.setdefault(skeleton(k), []).append(f"{forms.get(w, w.capitalize())}\t{k}")
    return {k: "\n".join(v) for k, v in out.items()}


def _stamp() -> str:
    """What the table is built from: the word lists' files and the key rules' code."""
    parts = []
    for f in (dictionary.WORDS_PATH, pronounce.path()):
        try:
            st = f.stat()
            parts.append(f"{f}:{st.st_size}:{st.st_mtime_ns}")
        except OSError:
            parts.append(f"{f}:-")
    code = b"".join(Path(m.__file__).read_bytes() for m in (phonetic, pronounce) if m.__file__)
    code += Path(__file__).read_bytes()
    return "|".join(parts) + "|" + hashlib.sha1(code).hexdigest()[:12]


@cache
def _table(cache_dir: Path | None) -> dict[str, str]:
    """The table from ``cache_dir`` when its stamp is current, else built (and kept there)."""
    stamp = _stamp()
    path = cache_dir / _FILE if cache_dir is not None else None
    if path is not None:
        try:
            data = json.loads(path.read_text(encoding="utf-8"))
            if data.get("stamp") == stamp:
                return data["table"]
        except (OSError, ValueError, KeyError, AttributeError):
            pass
    table = _build()
    if path is not None and table:
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
            tmp = path.with_suffix(".tmp")
            tmp.write_text(json.dumps({"stamp": stamp, "table": table}, ensure_ascii=False), encoding="utf-8")
            tmp.replace(path)  # whole or not at all: another process may be reading it
        except OSError:
            pass  # a read-only cache: built again in the next process, nothing else
    return table


@lru_cache(maxsize=4096)
def _entries(cache_dir: Path | None, skel: str) -> tuple[tuple[str, str], ...]:
    lines = _table(cache_dir).get(skel, "")
    return tuple(tuple(line.split("\t", 1)) for line in lines.split("\n") if "\t" in line)  # type: ignore[misc]


def _edit(a: str, b: str) -> int:
    prev = list(range(len(b) + 1))
    for i, x in enumerate(a, start=1):
        cur = [i]
        for j, y in enumerate(b, start=1):
            cur.append(min(prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + (x != y)))
        prev = cur
    return prev[-1]


def sounds_like(word: str, cache_dir: Path | None = None) -> list[tuple[str, float]]:
    """English words that sound like the Devanagari ``word`` and how closely
    (1 - edit distance of the sound keys / length), closest first; the table
    kept in ``cache_dir`` (None: built in memory)."""
    k = deva_key(word)
    if len(k) < 3:
        return []
    best: dict[str, float] = {}
    for w, ek in _entries(cache_dir, skeleton(k)):
        best[w] = max(best.get(w, 0.0), 1 - _edit(k, ek) / max(len(k), len(ek)))
    scored = sorted(best.items(), key=lambda x: -x[1])
    return [(w, s) for w, s in scored[:_SOUND_CANDIDATES] if s >= _MIN_SOUND]
