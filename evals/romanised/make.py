"""Make the romanised copy of the XQuAD-hi dev questions: each Devanagari
question typed the way Hindi is typed on phones ("rus ke raksha mantri kaun
hain?"), for measuring the cross-script bridge (benchmarks/xquad_retrieval.py).

The scheme is Hinglish, not a scholarly one: IAST after the unsounded inherent
vowels are dropped, then diacritics written as people write them, with the
variation people show drawn per word from a fixed seed (long vowels doubled
or not, ś/ṣ as "sh" or "s", v as "v" or "w", anusvara as "n" or "m", kṣ as
"ksh" or "x", ch/chh). So the set tests tolerance of spelling, not one
spelling the matcher was written for.

    .venv/bin/python evals/romanised/make.py   # writes evals/romanised/xquad-hi-dev-romanised.jsonl
"""

from __future__ import annotations

import json
import random
import re
import sys
import unicodedata
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(REPO))
XQUAD_HI = REPO.parent / "shared/data/xquad/xquad-hi-dev.json"
OUT = Path(__file__).with_name("xquad-hi-dev-romanised.jsonl")
SEED = 20261201


def _variants(rng: random.Random) -> list[tuple[str, str]]:
    """Per-word spelling choices, longest marks first."""
    pick = rng.random
    return [
        ("kṣ", "ksh" if pick() < 0.8 else "x"),
        ("jñ", "gy"),
        ("ch", "chh" if pick() < 0.5 else "ch"),
        ("c", "ch"),
        ("ā", "aa" if pick() < 0.35 else "a"),
        ("ī", "ee" if pick() < 0.4 else "i"),
        ("ū", "oo" if pick() < 0.4 else "u"),
        ("ṛ", "ri" if pick() < 0.8 else "ru"),
        ("ś", "sh" if pick() < 0.75 else "s"),
        ("ṣ", "sh" if pick() < 0.6 else "s"),
        ("ṃ", "n" if pick() < 0.8 else "m"),
        ("~", "n" if pick() < 0.7 else ""),
        ("m̐", "n"),
        ("ḥ", "h"),
        ("ṭ", "t"), ("ḍ", "d"), ("ṇ", "n"), ("ñ", "n"), ("ṅ", "n"), ("ḷ", "l"),
        ("v", "w" if pick() < 0.3 else "v"),
        ("ai", "ai" if pick() < 0.85 else "e"),
        ("au", "au" if pick() < 0.7 else "ou"),
    ]


def romanise_word(word: str, rng: random.Random) -> str:
    from indic_transliteration import sanscript

    from rag.bridge.phonetic import drop_schwas

    if not re.search(r"[\u0900-\u097f]", word):
        return word.lower()
    word = unicodedata.normalize("NFC", word).translate(str.maketrans("०१२३४५६७८९", "0123456789"))
    word = word.translate({0x0911: 0x0913, 0x0949: 0x094B, 0x0945: 0x0947})  # ऑ as ओ: IAST has no letter for it
    out = sanscript.transliterate(drop_schwas(word), sanscript.DEVANAGARI, sanscript.IAST)
    out = unicodedata.normalize("NFC", out)
    for a, b in _variants(rng):
        out = out.replace(a, b)
    out = unicodedata.normalize("NFD", out)
    return "".join(ch for ch in out if not unicodedata.combining(ch)).lower()


def romanise(question: str, rng: random.Random) -> str:
    return re.sub(r"[\u0900-\u097f\u200c\u200d]+", lambda m: romanise_word(m.group(), rng), question).replace("।", ".")


def main() -> int:
    rng = random.Random(SEED)
    data = json.loads(XQUAD_HI.read_text(encoding="utf-8"))["data"]
    rows = []
    for art in data:
        for p in art["paragraphs"]:
            for qa in p["qas"]:
                rows.append({"id": qa["id"], "question": romanise(qa["question"], rng), "hi": qa["question"]})
    OUT.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in rows), encoding="utf-8")
    print(f"wrote {len(rows)} questions to {OUT.relative_to(REPO)}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
