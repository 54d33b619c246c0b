"""Fit the short-answer span scorer and report it on held-out articles.

The examples are XQuAD-hi dev's questions, Hindi and the parallel English ones,
over the Hindi paragraphs, and XQuAD-en dev's English questions over its
English paragraphs (``span_examples.py``): one scorer for Hindi sentences
(``rag/answer/span.json``), one for sentences in Latin letters
(``span_en.json``). Each question's candidate spans are the runs of words
of the paragraph sentence that holds the gold answer
(``rag.answer.span.features``); the target is the candidates with the best
token F1 against the gold answers. A listwise logistic fit (one softmax over a
sentence's candidates) on the articles at even positions (sorted by file name,
as ``fit_ranker.py`` splits), reported on the odd ones: EM and F1 of the span
on the gold sentence, and on the ranker's chosen sentence when it holds the
gold answer, against the rules. Writes both weight files.

    .venv/bin/python evals/fit/fit_span.py          # needs collect.py's data for the chosen sentences
"""

from __future__ import annotations

import json
import sys
from collections.abc import Callable
from pathlib import Path

import numpy as np

REPO = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(REPO))
sys.path.insert(0, str(Path(__file__).resolve().parent))

from span_examples import Example, load, load_english, load_seeds  # noqa: E402

from evals.fit.fit_ranker import listwise  # noqa: E402
from rag.answer.cues import QuestionInfo  # noqa: E402
from rag.answer.span import WEIGHTS, WEIGHTS_EN, Span, rules, short_answer  # noqa: E402
from rag.answer.span.features import FEATURES, candidates  # noqa: E402
from rag.evaluate import metrics as M  # noqa: E402

L2 = 0.001


def lists(examples: list[Example], features: tuple[str, ...]) -> list[tuple[np.ndarray, np.ndarray]]:
    out = []
    for e in examples:
        ws, cands = candidates(e.info, e.gold_sentence)
        if not cands:
            continue
        f1 = np.array([M.best(e.gold_sentence[ws[i].start:ws[j - 1].end], e.answers)["f1"] for i, j, _ in cands])
        if f1.max() <= 0:
            continue
        x = np.array([[f.get(name, 0.0) for name in features] for _, _, f in cands])
        # The best candidates only: a soft target (F1 itself) gave the same F1 and longer spans, EM 0.32 → 0.18.
        out.append((x, (f1 >= f1.max() - 1e-9).astype(float)))
    return out


def fit(data: list[tuple[np.ndarray, np.ndarray]], l2: float, features: tuple[str, ...]) -> dict:
    x_all = np.vstack([x for x, _ in data])
    mean, scale = x_all.mean(0), x_all.std(0)
    scale[scale == 0] = 1.0
    w = listwise([((x - mean) / scale, y) for x, y in data], l2, x_all.shape[1])
    return {"features": list(features), "mean": mean.round(6).tolist(), "scale": scale.round(6).tolist(),
            "coef": w.round(6).tolist()}


def measure(examples: list[Example], span: Callable[[QuestionInfo, str], Span | None], on: str) -> dict:
    """EM/F1 of ``span(info, sentence)`` (the whole sentence when None) on each example's
    gold sentence, or on its chosen sentence where that holds the gold answer."""
    if on == "gold":
        pairs = [(e, e.gold_sentence) for e in examples if e.gold_sentence]
    else:
        pairs = [(e, e.chosen) for e in examples if e.chosen and M.best(e.chosen, e.answers)["contains"]]
    em = f1 = 0.0
    for e, s in pairs:
        sp = span(e.info, s)
        b = M.best(sp.text if sp else s, e.answers)
        em, f1 = em + b["em"], f1 + b["f1"]
    n = max(len(pairs), 1)
    return {"questions": len(pairs), "em": round(em / n, 3), "f1": round(f1 / n, 3)}


def split(examples: list[Example]) -> tuple[list[Example], list[Example]]:
    groups = sorted({e.group for e in examples if e.gold_sentence})
    fit_groups = set(groups[0::2])
    return [e for e in examples if e.group in fit_groups], [e for e in examples if e.group not in fit_groups]


def report(held: list[Example], weights: dict | None, parts: tuple[str, ...] = ("hi", "en", "seeds")) -> dict:
    from rag.answer.span import learned

    out = {}
    sets = {"hi": [e for e in held if e.lang == "hi"], "en": [e for e in held if e.lang == "en"],
            "en-en": [e for e in held if e.lang == "en-en"]}
    for lang in parts:
        part = load_seeds() if lang == "seeds" else sets[lang]
        out[lang] = {
            name: {on: measure(part, fn, on) for on in ("gold", "chosen")}
            for name, fn in (("rules", rules.short_answer),
                             ("fitted", (lambda i, s: learned.best_span(i, s, weights)) if weights else short_answer))
        }
    return out


def fit_one(examples: list[Example], parts: tuple[str, ...], data: str) -> tuple[dict, dict]:
    """One scorer fitted on the even articles' examples, with its held-out figures."""
    fit_part, held = split(examples)
    w = fit(lists(fit_part, FEATURES), L2, FEATURES)
    figures = report(held, w, parts)
    w["fit"] = {
        "data": data + "; candidates: runs of 1-8 words of the sentence holding the gold answer; target: the best "
                "token F1",
        "split": "by article, sorted by file name: even positions fit, odd positions held out",
        "fit_articles": sorted({e.group for e in fit_part}), "held_out_articles": sorted({e.group for e in held}),
        "held_out": figures, "l2": L2,
        "command": ".venv/bin/python evals/fit/collect.py xquad-hi xquad-en-hi && "
                   ".venv/bin/python evals/fit/fit_span.py",
    }
    return w, figures


def main() -> None:
    # Two scorers (twelfth session): one for Hindi sentences, one for sentences in
    # Latin letters, fitted on XQuAD-en's English questions over its English
    # paragraphs. Fitted jointly, English's cues blurred Hindi's.
    hindi = [e for e in load() if e.gold_sentence]
    english = [e for e in load_english() if e.gold_sentence]
    for path, examples, parts, data in (
            (WEIGHTS, hindi, ("hi", "en", "seeds"),
             "XQuAD-hi dev (../shared/data/xquad), Hindi and English questions over the Hindi paragraphs"),
            (WEIGHTS_EN, english, ("en-en",),
             "XQuAD-en dev (../shared/data/xquad), English questions over the English paragraphs")):
        w, figures = fit_one(examples, parts, data)
        if "--dry" not in sys.argv:
            path.write_text(json.dumps(w, indent=1, ensure_ascii=False) + "\n", encoding="utf-8")
        for lang, methods in figures.items():
            for method, pts in methods.items():
                print(lang, f"{method:7s}", "  ".join(f"{on}: n={v['questions']} EM {v['em']:.3f} F1 {v['f1']:.3f}"
                                                      for on, v in pts.items()))
        if "-v" in sys.argv:
            for name, coef in sorted(zip(FEATURES, w["coef"], strict=True), key=lambda x: -abs(x[1])):
                print(f"  {name:16s} {coef:+.3f}")


if __name__ == "__main__":
    main()
