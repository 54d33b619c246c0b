"""How often the best sentence of a "how many" question gives no number but
the question's own, answerable against unanswerable (a probe, not a metric).

Reads the candidate sentences ``evals/fit/collect.py`` wrote (XQuAD-hi dev,
Hindi and English questions, over their own article = answerable and over the
other articles only = not; NoMIRACL-hi dev; the seeds), ranks them with the
shipped ranker and checks the best one with ``cues.gives_number``, the rule
``rag/answer/answerability.py`` applies. Without a fitted parameter, it is
reported on all dev data: the rule is worth it when "no number" is rare among
answerable questions whose best sentence is right, and common among
unanswerable ones.

    .venv/bin/python evals/probes/number_gate.py      # after evals/fit/collect.py
"""

from __future__ import annotations

import json
import sys
from collections import Counter
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(REPO))

from evals.fit.fit_ranker import apply, by_question, load  # noqa: E402
from rag.answer.cues import gives_number  # noqa: E402
from rag.answer.rank import WEIGHTS  # noqa: E402

SETS = ("xquad-hi", "xquad-en-hi", "nomiracl-hi", "seeds")


def main() -> None:
    ranker = json.loads(WEIGHTS.read_text(encoding="utf-8"))
    counts: Counter[tuple[str, str, str]] = Counter()
    for name in SETS:
        for _key, rows in by_question(load(name)).items():
            scores = apply(ranker, rows)
            best = max(rows, key=lambda r: scores[id(r)])
            gives = gives_number(best["type"], best["question"], best["text"])
            if gives is None:
                continue
            kind = ("answerable, best sentence right" if best["label"] else "answerable, best sentence wrong") \
                if best["answerable"] else "unanswerable"
            counts[(name, kind, "gives a number" if gives else "gives none")] += 1
    print(f"{'set':12s} {'questions asking how many':34s} {'gives a number':>15s} {'gives none':>11s}")
    for name in SETS:
        for kind in ("answerable, best sentence right", "answerable, best sentence wrong", "unanswerable"):
            a, b = counts[(name, kind, "gives a number")], counts[(name, kind, "gives none")]
            if a or b:
                print(f"{name:12s} {kind:34s} {a:15d} {b:11d}")


if __name__ == "__main__":
    main()
