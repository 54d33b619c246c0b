"""Probe: short answers from English sentences (en→en), with the marker words mirrored.

The span scorer was fitted on Hindi paragraphs only, and its marker features
read the word after a span: Hindi's postpositions follow the phrase they mark
("पाक योंग इल ने", "सियोल में", "फ्रांस की राजधानी"). English prepositions
come before it ("led by Pak Yong Il", "in Seoul", "the capital of France"),
so on an English sentence those features pointed at the wrong side.
``span.features.MIRROR_LATIN`` reads the word before the span for a sentence
in Latin letters. Compared here, refitted both ways by article (even → odd
and odd → even, ``fit_span.py``'s split): today's features fitted on the
Hindi paragraphs (as before), the same with XQuAD's English questions over
its English paragraphs added to the fit (``span_examples.load_english``),
mirrored with them added, mirrored alone, and mirrored with a scorer of its
own for English sentences fitted on those alone (shipped: ``span_en.json``);
gold-sentence EM/F1 held out for Hindi and English questions over the Hindi
paragraphs, English over English, and the seeds.

    .venv/bin/python evals/probes/span_english_sentences.py

Measured 2026-12-02 (twelfth session), F1 even→odd / odd→even: before hi
0.460 / 0.389, en→hi 0.389 / 0.367, en→en 0.422 / 0.430, seeds 0.496 /
0.450; mirrored with en→en in one joint fit: 0.475 / 0.400, 0.384 / 0.344,
0.486 / 0.470, 0.469 / 0.479 (it shipped for an hour: end to end it lowered
XQuAD-hi's short F1 0.375 → 0.373 and answered the seeds' "उत्तर कोरिया जाने
वाले रूसी रक्षा मंत्री का नाम क्या है?" with the verb "पहुंचे"); mirrored,
own scorer for English sentences: en→en 0.475 / 0.482 (0.477 even→odd with
a Latin name kept whole), Hindi untouched. Kept:
the own scorer (and a Latin name kept whole, ``learned._whole_name``).
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
        for label, mirror, data in (("before", False, "hi"), ("+en fit", False, "joint"),
                                    ("mirrored +en fit", True, "joint"), ("mirrored", True, "hi"),
                                    ("mirrored, own", True, "own")):
            span_features.MIRROR_LATIN = mirror
            w = fit(lists({"hi": fit_hi, "joint": fit_hi + fit_en, "own": fit_en}[data], FEATURES), L2, FEATURES)
            parts = (("hi", [e for e in held_hi if e.lang == "hi"]), ("en", [e for e in held_hi if e.lang == "en"]),
                     ("en-en", held_en), ("seeds", seeds)) if data != "own" else (("en-en", held_en),)
            print(f"{name} {label:17s} " + "  ".join(
                f"{lang} F1 {m['f1']:.3f} (EM {m['em']:.3f}, n={m['questions']})"
                for lang, part in parts
                for m in [measure(part, lambda i, s, w=w: learned.best_span(i, s, w), "gold")]))
    span_features.MIRROR_LATIN = True


if __name__ == "__main__":
    main()
