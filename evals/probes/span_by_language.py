"""Probe: one span scorer for Hindi and English questions, or one for each?

The shipped scorer (``fit_span.py``) is one linear model over Hindi questions
and the parallel English ones. English questions put their words in another
order around the question word ("What did Umerov say …" against "उमेरोव ने
क्या कहा"), so the same features may want other weights. Fits, on the same
article split as ``fit_span.py``, the joint model and one model per question
language, and reports held-out EM/F1 on the gold sentence for each language.

    .venv/bin/python evals/probes/span_by_language.py

Measured 2026-12-02 (held-out gold-sentence F1, joint → own model): Hindi
0.455 → 0.448 and 0.381 → 0.386, English 0.395 → 0.373 and 0.322 → 0.324
(even→odd, odd→even): half the examples cost more than other weights gain;
the joint model stays.
"""

from __future__ import annotations

import sys
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(REPO))
sys.path.insert(0, str(REPO / "evals" / "fit"))

from fit_span import FEATURES, L2, fit, lists, measure, split  # noqa: E402
from span_examples import load  # noqa: E402

from rag.answer.span import learned  # noqa: E402


def main() -> None:
    examples = [e for e in load() if e.gold_sentence]
    for name, (fit_part, held) in (("even→odd", split(examples)), ("odd→even", split(examples)[::-1])):
        joint = fit(lists(fit_part, FEATURES), L2, FEATURES)
        own = {lang: fit(lists([e for e in fit_part if e.lang == lang], FEATURES), L2, FEATURES)
               for lang in ("hi", "en")}
        for lang in ("hi", "en"):
            part = [e for e in held if e.lang == lang]
            for label, w in (("joint", joint), ("own", own[lang])):
                m = measure(part, lambda i, s, w=w: learned.best_span(i, s, w), "gold")
                print(f"{name} {lang} {label:5s} n={m['questions']} EM {m['em']:.3f} F1 {m['f1']:.3f}")


if __name__ == "__main__":
    main()
