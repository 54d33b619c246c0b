"""Fit the gloss settings: when the word-by-word gloss of answer words may be shown.

XQuAD's Hindi and English dev sets are translations of each other, so every
Hindi gold answer has its English one. Each Hindi answer with letters is
glossed (``rag/answer/gloss.py``, no model) and given the product's checks
but similarity (numbers kept, not much longer, not half spelled); a gloss
counts as right when its keyword tokens overlap the English gold with
F1 >= 0.5 (as in ``fit_render.py``). The threshold on the gloss's e5 similarity to the Hindi
words is chosen on the even-numbered articles (sorted by title) to decide
right from wrong best, and reported on the odd ones, beside the model's
cached renderings of the same answers (``evals/fit/data/render-en.jsonl``).

    .venv/bin/python evals/fit/fit_gloss.py
    .venv/bin/python evals/fit/fit_gloss.py --hindi    # the other way: English gold answers glossed into Hindi
                                                       # (rag/answer/hindi_gloss.py), min_hindi_gloss_similarity
"""

from __future__ import annotations

import json
import re
import sys
import time
from pathlib import Path

import numpy as np

REPO = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(REPO))
sys.path.insert(0, str(Path(__file__).resolve().parent))

from fit_render import DATA, f1, gold_pairs  # noqa: E402

from rag.answer.gloss import Glosser, half_spelled  # noqa: E402
from rag.answer.hindi_gloss import HindiGlosser  # noqa: E402
from rag.answer.render import check  # noqa: E402
from rag.config import Settings  # noqa: E402
from rag.embed import Embedder  # noqa: E402


def right(text: str, gold: str) -> bool:
    """F1 >= 0.5 on keyword tokens, or the same words when stopwords leave none ("five")."""
    return f1(text, gold) >= 0.5 or " ".join(text.lower().split()) == " ".join(gold.lower().split())


def decisions(rows: list[dict], t: float) -> tuple[float, float, float]:
    """(share of show/hide decisions right, share shown, share right among shown) at threshold ``t``."""
    shown = [r for r in rows if r["passes"] and r["sim"] >= t]
    correct = sum(r["right"] == (r["passes"] and r["sim"] >= t) for r in rows) / max(1, len(rows))
    return correct, len(shown) / max(1, len(rows)), sum(r["right"] for r in shown) / max(1, len(shown))


def _fit(glosser: Glosser, attr: str, grid: tuple[float, ...], pairs: list[dict], source: str, target: str) -> None:
    """Set ``glosser.attr`` to the grid value with the most glosses right on ``pairs`` (the others as they are)."""
    rates = {}
    for v in grid:
        setattr(glosser, attr, v)
        rates[v] = sum(right(glosser.gloss_words(p[source])[0], p[target]) for p in pairs) / len(pairs)
    setattr(glosser, attr, max(rates, key=lambda v: (rates[v], -v)))
    print(f"{attr}, glosses right on the fit articles: " + ", ".join(f"{v}: {r:.3f}" for v, r in rates.items())
          + f"; chosen {getattr(glosser, attr)}")


def main() -> None:
    settings = Settings.load()
    emb = Embedder(settings)
    hindi = "--hindi" in sys.argv[1:]
    source, target = ("en", "hi") if hindi else ("hi", "en")
    if hindi:
        glosser: Glosser | HindiGlosser = HindiGlosser(emb.embed_queries)
        pairs = [p for p in gold_pairs() if re.search(r"[A-Za-z]", p["en"])]
    else:
        glosser = Glosser(emb.embed_queries, emb.embed_words, settings.gloss_dir, settings.embed_model)
        glosser.headwords()  # built or loaded once, outside the per-answer timing
        pairs = [p for p in gold_pairs() if re.search(r"[\u0900-\u097f]", p["hi"])]
    titles = sorted({p["article"] for p in pairs})
    fit_titles = set(titles[0::2])
    if isinstance(glosser, Glosser):
        fit_pairs = [p for p in pairs if p["article"] in fit_titles]
        for attr, grid in (("sound_weight", (0.0, 0.02, 0.03, 0.05, 0.07, 0.1, 0.2, 0.4)),
                           ("listed_bonus", (0.0, 0.01, 0.02, 0.03, 0.05, 0.1))):
            _fit(glosser, attr, grid, fit_pairs, source, target)
    t0 = time.perf_counter()
    rows = []
    for p in pairs:
        text, found, spelled = glosser.gloss_words(p[source])
        sim = float(np.dot(*emb.embed_queries([p[source], text]))) if text else 0.0
        passes = bool(text) and bool(found) and check(p[source], text, target, 1.0, 0.0).ok
        passes = passes and not half_spelled(found, spelled)
        rows.append({**p, "gloss": text, "sim": sim, "passes": passes, "right": right(text, p[target]),
                     "fit": p["article"] in fit_titles})
    ms = (time.perf_counter() - t0) * 1000 / max(1, len(rows))
    fit = [r for r in rows if r["fit"]]
    grid = [round(x, 3) for x in np.arange(0.80, 0.97, 0.005)]
    best = max(grid, key=lambda t: (decisions(fit, t)[0], -t))
    language = "English" if hindi else "Hindi"
    print(f"{len(rows)} {language} gold answers glossed ({len(fit)} on fit articles), {ms:.0f} ms each; "
          f"threshold fitted: {best}")
    model = {}
    path = DATA / f"render-{target}.jsonl"
    for line in path.read_text(encoding="utf-8").splitlines() if path.exists() else []:
        r = json.loads(line)
        if "+" not in r["model"]:  # the model's own renderings, without the gloss as a guide
            model[r["id"]] = r
    for name, part in (("fit", fit), ("held-out", [r for r in rows if not r["fit"]])):
        rate = sum(r["right"] for r in part) / max(1, len(part))
        for t, label in ((0.0, "checks only"), (best, f"similarity >= {best}")):
            acc, shown, prec = decisions(part, t)
            print(f"  {name:8} gloss: {len(part):3} answers, right {rate:.3f}; {label:18} shown {shown:.3f}, "
                  f"right among shown {prec:.3f}, right and shown {shown * prec:.3f}, decisions right {acc:.3f}")
        both = [r for r in part if r["id"] in model]
        if both:
            m_right = sum(right(model[r["id"]]["rendered"], r[target]) for r in both) / len(both)
            g_right = sum(r["right"] for r in both) / len(both)
            print(f"  {name:8} same {len(both)} answers: the model's renderings right {m_right:.3f}, "
                  f"the gloss right {g_right:.3f}")
    for r in rows[:: max(1, len(rows) // 12)]:
        print(f"    {r['right']!s:5} {r['sim']:.3f} {r[source]} -> {r['gloss']} (gold: {r[target]})")


if __name__ == "__main__":
    main()
