"""Rebuild ``news_sampled.jsonl``: a fixed, seeded sample of real sentences
(the seed articles, XQuAD hi/en contexts, NoMIRACL-hi passages) that the
injection filter must keep. Run once; the jsonl is what the tests read.

    .venv/bin/python -m evals.injection.sample_news
"""

from __future__ import annotations

import json
import random
from pathlib import Path

from rag.text import sentence_spans

ROOT = Path(__file__).resolve().parents[2]
DATA = ROOT.parent / "shared" / "data"
OUT = Path(__file__).with_name("news_sampled.jsonl")
# Per source; the seeds are small, so all their sentences are kept.
SAMPLE = {"xquad-hi": 150, "nomiracl-hi": 150, "xquad-en": 60}


def _sentences(text: str) -> list[str]:
    # Very short pieces (headline fragments, "()") say nothing about the filter.
    return [t for s, e in sentence_spans(text) if len(t := text[s:e]) >= 20]


def _xquad(path: Path) -> list[str]:
    data = json.loads(path.read_text(encoding="utf-8"))["data"]
    return [s for art in data for p in art["paragraphs"] for s in _sentences(p["context"])]


def _nomiracl(path: Path) -> list[str]:
    out: list[str] = []
    with path.open(encoding="utf-8") as f:
        for line in f:
            for p in json.loads(line)["passages"]:
                out.extend(_sentences(p["text"]))
    return out


def main() -> None:
    rng = random.Random(11)
    rows: list[dict] = []
    for path in sorted((ROOT / "seeds").glob("*.txt")):
        rows += [{"text": s, "lang": "hi", "source": f"seeds/{path.name}"}
                 for s in _sentences(path.read_text(encoding="utf-8"))]
    pools = {
        "xquad-hi": _xquad(DATA / "xquad" / "xquad-hi-dev.json"),
        "nomiracl-hi": _nomiracl(DATA / "nomiracl-hi" / "nomiracl-hi-dev.jsonl"),
        "xquad-en": _xquad(DATA / "xquad" / "xquad-en-dev.json"),
    }
    for name, pool in pools.items():
        pool = sorted(set(pool))
        lang = "en" if name.endswith("-en") else "hi"
        rows += [{"text": s, "lang": lang, "source": name} for s in rng.sample(pool, SAMPLE[name])]
    with OUT.open("w", encoding="utf-8") as f:
        for r in rows:
            f.write(json.dumps(r, ensure_ascii=False) + "\n")
    print(f"{len(rows)} sentences → {OUT.relative_to(ROOT)}")


if __name__ == "__main__":
    main()
