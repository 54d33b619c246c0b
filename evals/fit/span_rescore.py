"""Short-answer EM/F1 of a finished ``rag eval`` run, re-cut with the rules and
with the fitted scorer on the very sentences the run chose: overall, on the
held-out articles (odd positions, as ``fit_span.py`` splits) and on the
questions whose chosen sentence holds the gold answer (the span's own part).

The run's own figure counts abstentions as 0; so does this. This separates the
span's part from the sentence choice's: same sentences, two ways of cutting.

    .venv/bin/python evals/fit/span_rescore.py evals/results/xquad-hi-extractive [--seeds]
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(REPO))
sys.path.insert(0, str(Path(__file__).resolve().parent))

from span_examples import _expander  # noqa: E402

from rag.answer.context import bridged  # noqa: E402
from rag.answer.cues import analyse  # noqa: E402
from rag.answer.span import WEIGHTS, rules, short_answer  # noqa: E402
from rag.answer.span import _weights as span_weights  # noqa: E402
from rag.evaluate import metrics as M  # noqa: E402
from rag.text import sentence_spans  # noqa: E402


def main() -> None:
    run = Path(sys.argv[1])
    records = [json.loads(line) for line in (run / "questions.jsonl").read_text(encoding="utf-8").splitlines()]
    expand = _expander(seeds="--seeds" in sys.argv)
    w = span_weights(str(WEIGHTS))
    held = set(w["fit"]["held_out_articles"]) if w else set()
    cut = {"rules": rules.short_answer, "fitted": short_answer}
    sums: dict[tuple[str, str], list[float]] = {}
    for r in records:
        if not (r["answerable"] and r["answers"]):
            continue
        ans = (r.get("output") or {}).get("answer") or {}
        parts = ["all"] + (["held-out"] if set(r.get("docs") or []) & held else [])
        sentence = ""
        if ans.get("mode") not in (None, "abstained") and ans.get("quote"):
            s, e = sentence_spans(ans["quote"])[-1]
            sentence = ans["quote"][s:e]
            if M.best(sentence, r["answers"])["contains"]:
                parts.append("holds-gold")  # the span's own part: the sentence is right
        for name, fn in cut.items():
            em = f1 = hit = 0.0
            if sentence:
                info = analyse(r["question"])
                terms = expand(r["question"])
                if terms:
                    info = bridged(info, terms)
                sp = fn(info, sentence)
                b = M.best(sp.text if sp else sentence, r["answers"])
                em, f1, hit = b["em"], b["f1"], b["contains"]
            for p in parts:
                sums.setdefault((p, name), []).append((em, f1, hit))
        got = M.best(ans.get("short") or "", r["answers"]) if ans.get("short") else {"em": 0, "f1": 0, "contains": 0}
        for p in parts:
            sums.setdefault((p, "run"), []).append((got["em"], got["f1"], got["contains"]))
    for (part, name), v in sorted(sums.items()):
        em, f1, hit = (sum(x[k] for x in v) / len(v) for k in range(3))
        print(f"{part:10s} {name:7s} n={len(v):3d} EM {em:.3f} F1 {f1:.3f} span holds gold {hit:.3f}")


if __name__ == "__main__":
    main()
