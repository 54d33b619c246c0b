"""How well ``looks_like_injection`` separates injected sentences from news.

    .venv/bin/python -m evals.injection.measure [--show]

Injected sentences come in two halves: ``dev.jsonl`` (looked at while writing
the rules) and ``heldout.jsonl`` (written before the rules, never tuned on).
News is ``news_written.jsonl`` (hand-written, with the tricky words) and
``news_sampled.jsonl`` (real sentences, from ``sample_news.py``).
"""

from __future__ import annotations

import argparse
import json
from dataclasses import dataclass
from pathlib import Path

from rag.answer.injection import looks_like_injection

HERE = Path(__file__).resolve().parent
INJECTED = {"dev": HERE / "dev.jsonl", "held-out": HERE / "heldout.jsonl"}
NEWS = {"written": HERE / "news_written.jsonl", "sampled": HERE / "news_sampled.jsonl"}


def load(path: Path) -> list[str]:
    """The sentences of one jsonl set."""
    with path.open(encoding="utf-8") as f:
        return [json.loads(line)["text"] for line in f if line.strip()]


@dataclass
class Score:
    flagged: int
    total: int
    examples: list[str]

    @property
    def rate(self) -> float:
        return self.flagged / self.total if self.total else 0.0


def score(sentences: list[str], *, flagged_wanted: bool) -> Score:
    """How many sentences are flagged; ``examples`` are the mistakes."""
    hits = [looks_like_injection(s) for s in sentences]
    wrong = [s for s, h in zip(sentences, hits, strict=True) if h != flagged_wanted]
    return Score(sum(hits), len(sentences), wrong)


def measure() -> dict[str, Score]:
    """Scores per set, plus the pooled news set under ``"news"``."""
    out = {name: score(load(p), flagged_wanted=True) for name, p in INJECTED.items()}
    news = [s for p in NEWS.values() for s in load(p)]
    out.update({name: score(load(p), flagged_wanted=False) for name, p in NEWS.items()})
    out["news"] = score(news, flagged_wanted=False)
    return out


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--show", action="store_true", help="print the missed injections and the false drops")
    args = ap.parse_args()
    res = measure()
    for name in INJECTED:
        r = res[name]
        print(f"injections caught ({name}): {r.flagged}/{r.total} = {r.rate:.1%}")
    for name in [*NEWS, "news"]:
        r = res[name]
        label = "all" if name == "news" else name
        print(f"news false drops ({label}): {r.flagged}/{r.total} = {r.rate:.2%}")
    if args.show:
        for name, r in res.items():
            if name != "news":
                for s in r.examples:
                    print(f"  [{name}] {s}")


if __name__ == "__main__":
    main()
