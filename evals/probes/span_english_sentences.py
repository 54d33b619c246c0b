"""Probe: short answers from English sentences (en→en), with the marker words mirrored.

The span scorer was fitted on Hindi paragraphs only, and its marker features
read the word after a span: Hindi's postpositions follow the phrase they mark
("पाक योंग इल ने", "सियोल में", "फ्रांस की राजधानी"). English prepositions
come before it ("led by Pak Yong Il", "in Seoul", "the capital of France"),
so on an English sentence those features pointed at the wrong side.
``span.features.MIRROR_LATIN`` reads the word before the span for a sentence
in Latin letters. Compared here, refitted both ways by article (even → odd
and odd → even, ``fit_span.py``'s split): today's features fitted on the
Hindi paragraphs (as shipped), the same with XQuAD's English questions over
its English paragraphs added to the fit (``span_examples.load_english``), and
mirrored with them added; gold-sentence EM/F1 held out for Hindi and English
questions over the Hindi paragraphs, English over English, and the seeds.

    .venv/bin/python evals/probes/span_english_sentences.py
"""

from __future__ import annotations

import sys
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(REPO))
sys.path.insert(0, str(REPO / "evals" / "fit"))

from fit_span import FEATURES, L2, fit, lists, measure, split  # noqa: E402
from span_examples import load, load_english, load_seeds  # noqa: E402

from rag.answer.span import features as span_features  # noqa: E402
from rag.answer.span import learned  # noqa: E402


def main() -> None:
    hindi = [e for e in load() if e.gold_sentence]
    english = [e for e in load_english() if e.gold_sentence]
    seeds = load_seeds()
    for name, swap in (("even→odd", False), ("odd→even", True)):
        fit_hi, held_hi = split(hindi)[::-1] if swap else split(hindi)
        fit_en, held_en = split(english)[::-1] if swap else split(english)
        for label, mirror, with_en in (("shipped", False, False), ("+en fit", False, True),
                                       ("mirrored +en fit", True, True), ("mirrored", True, False)):
            span_features.MIRROR_LATIN = mirror
            w = fit(lists(fit_hi + (fit_en if with_en else []), FEATURES), L2, FEATURES)
            parts = (("hi", [e for e in held_hi if e.lang == "hi"]), ("en", [e for e in held_hi if e.lang == "en"]),
                     ("en-en", held_en), ("seeds", seeds))
            print(f"{name} {label:17s} " + "  ".join(
                f"{lang} F1 {m['f1']:.3f} (EM {m['em']:.3f}, n={m['questions']})"
                for lang, part in parts
                for m in [measure(part, lambda i, s, w=w: learned.best_span(i, s, w), "gold")]))
    span_features.MIRROR_LATIN = True


if __name__ == "__main__":
    main()
