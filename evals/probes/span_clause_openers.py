"""Probe: a short answer does not open with a relative pronoun or a clause opener.

On XQuAD-hi, spans of the right sentence opened with the word that starts the
clause around the answer: "जिसमें टाइफस" (gold "टाइफस, चेचक और श्वसन
संक्रमण"), "जिसके साथ हेनरी कोल", "यद्यपि आयोग", "क्रमशः एक्यूरा",
"हालांकि …". Hindi's relative pronouns (जिस-, जिन-, जहाँ, जब) and clause
openers (यद्यपि, हालांकि, क्रमशः, जबकि) either become the span step's edge
words ("+openers": ``span.words.TRIM``, a span's first or last word among
them is a feature the scorer weighs, ``stop_start``/``stop_end``), or are
dropped from the start of the chosen span ("dropped": ``learned.OPENERS``,
as the second words of compound postpositions already were). The scorer is
refitted both ways (even → odd articles and odd → even, as ``fit_span.py``
splits) for each; gold-sentence EM/F1 held out, Hindi and English
questions, and the seeds.

    .venv/bin/python evals/probes/span_clause_openers.py

Measured 2026-12-02 (twelfth session), F1 even→odd / odd→even: before hi
0.459 / 0.389, en 0.386 / 0.367, seeds 0.496 / 0.450; +openers hi 0.452 /
0.390, en 0.400 / 0.364, seeds 0.496 / 0.482 (mixed: not kept); dropped hi
0.460 / 0.389, en 0.389 / 0.367, seeds 0.496 / 0.450 (EM hi 0.310 → 0.315,
en 0.230 → 0.240 even→odd; nothing lost): kept.
"""

from __future__ import annotations

import sys
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(REPO))
sys.path.insert(0, str(REPO / "evals" / "fit"))

from fit_span import FEATURES, L2, fit, lists, measure, split  # noqa: E402
from span_examples import load, load_seeds  # noqa: E402

from rag.answer.span import features as span_features  # noqa: E402
from rag.answer.span import learned  # noqa: E402
from rag.answer.span import words as span_words  # noqa: E402

OPENERS = learned.OPENERS | {"where", "when"}
TODAY = span_words.TRIM
SHIPPED = learned.OPENERS


def use(trim: frozenset[str], drop: frozenset[str] = frozenset()) -> None:
    span_words.TRIM = span_features.TRIM = trim
    learned.OPENERS = drop


def main() -> None:
    examples = [e for e in load() if e.gold_sentence]
    seeds = load_seeds()
    for name, (fit_part, held) in (("even→odd", split(examples)), ("odd→even", split(examples)[::-1])):
        for label, trim, drop in (("before", TODAY, frozenset()), ("+openers", TODAY | OPENERS, frozenset()),
                                  ("dropped", TODAY, SHIPPED)):
            use(trim, drop)
            w = fit(lists(fit_part, FEATURES), L2, FEATURES)
            for lang, part in (("hi", [e for e in held if e.lang == "hi"]), ("en", [e for e in held if e.lang == "en"]),
                               ("seeds", seeds)):
                m = measure(part, lambda i, s, w=w: learned.best_span(i, s, w), "gold")
                print(f"{name} {label:9s} {lang:5s} n={m['questions']} EM {m['em']:.3f} F1 {m['f1']:.3f}")
    use(TODAY, SHIPPED)


if __name__ == "__main__":
    main()
