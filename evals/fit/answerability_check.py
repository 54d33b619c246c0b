"""What a ranker and an answerability model, together, do to refusals, from the
collected rows (no retrieval, seconds): per set, all questions and the
held-out part, the share of answerable questions refused and of unanswerable
ones answered at ``min_answerability`` 0.5, and for XQuAD how often the best
sentence holds the gold answer among the questions answered. A quick stand-in
for ``rag eval`` when weights change; the eval stays the measure.

    .venv/bin/python evals/fit/answerability_check.py [RANKER.json [ANSWERABILITY.json]]
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(REPO))

from evals.fit.fit_ranker import apply, by_question, load, split_groups  # noqa: E402
from rag.answer.answerability import WEIGHTS as ANSWERABILITY  # noqa: E402
from rag.answer.answerability import features, probability  # noqa: E402
from rag.answer.rank import WEIGHTS as RANKER  # noqa: E402

SETS = ("xquad-hi", "xquad-en-hi", "nomiracl-hi", "seeds")


def check(ranker_path: Path, answerability_path: Path) -> dict:
    ranker = json.loads(ranker_path.read_text(encoding="utf-8"))
    rows = {name: load(name) for name in SETS}
    xq = [r for r in rows["xquad-hi"] + rows["xquad-en-hi"] if r["kind"] == "own"]
    fit_articles, _ = split_groups(xq)
    out = {}
    for name in SETS:
        ids = list(dict.fromkeys(r["qid"] for r in rows[name]))
        held_ids = set(ids[1::2])
        stats: dict[str, list] = {}
        for (_, qid, kind), qrows in by_question(rows[name]).items():
            if name.startswith("xquad") and kind != "own":
                continue
            scores = apply(ranker, qrows)
            ranked = sorted(qrows, key=lambda r: -scores[id(r)])
            p = probability(features([(r["features"], scores[id(r)]) for r in ranked]), answerability_path)
            held = (ranked[0]["group"] not in fit_articles) if name.startswith("xquad") else qid in held_ids
            for part in ("all", "held") if held else ("all",):
                stats.setdefault(part, []).append((ranked[0]["answerable"], p >= 0.5, ranked[0]["label"]))
        for part, st in stats.items():
            pos = [a for ans, a, _ in st if ans]
            neg = [a for ans, a, _ in st if not ans]
            out[f"{name} {part}"] = {
                "refused": round(1 - sum(pos) / len(pos), 3) if pos else None,
                "hallucination": round(sum(neg) / len(neg), 3) if neg else None,
                "quote_gold": round(sum(a and lab for ans, a, lab in st if ans) / len(pos), 3) if pos else None,
                "questions": len(st),
            }
    return out


if __name__ == "__main__":
    args = [Path(a) for a in sys.argv[1:]]
    r = check(args[0] if args else RANKER, args[1] if len(args) > 1 else ANSWERABILITY)
    for k, v in r.items():
        print(f"{k:22s} {v}")
