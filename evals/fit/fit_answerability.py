"""Fit the answerability score and choose its default threshold on dev data.

Examples (from ``collect.py``'s candidate sentences, re-ranked with the
fitted ranker): XQuAD-hi dev questions, Hindi and English, over their own
articles (answerable) and over the other articles only (unanswerable), and
NoMIRACL-hi dev queries, relevant (answerable) and non-relevant (not).

Split: XQuAD by article as for the ranker (even positions fit, odd held out);
NoMIRACL by query, alternately in file order. The logistic fit and the
threshold use the fit part only; the threshold is the highest one whose
false refusals stay within ``MAX_REFUSAL`` on each of the fit part's NoMIRACL,
XQuAD-hi and XQuAD en→hi questions. Reports hallucination (unanswerable questions answered) and
false refusal (answerable ones refused) on the held-out part across
thresholds, writes the weights, the threshold and the figures to
``rag/answer/answerability.json`` and the curve to ``evals/fit/answerability.png``.

    .venv/bin/python evals/fit/fit_answerability.py
"""

from __future__ import annotations

import json
import sys
from collections import Counter
from pathlib import Path

import numpy as np

REPO = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(REPO))

from evals.fit.fit_ranker import apply, by_question, load, split_groups  # noqa: E402
from rag.answer.answerability import FEATURES, WEIGHTS, features  # noqa: E402
from rag.answer.rank import WEIGHTS as RANKER  # noqa: E402

MAX_REFUSAL = 0.2  # the bound on false refusals
HERE = Path(__file__).resolve().parent


def examples() -> list[dict]:
    ranker = json.loads(RANKER.read_text(encoding="utf-8"))
    xq = load("xquad-hi") + load("xquad-en-hi")
    fit_articles, _ = split_groups([r for r in xq if r["kind"] == "own"])
    nm = load("nomiracl-hi")
    nm_ids = list(dict.fromkeys(r["qid"] for r in nm))
    nm_fit = set(nm_ids[0::2])
    out = []
    for (name, qid, kind), rows in by_question(xq + nm).items():
        scores = apply(ranker, rows)
        ranked = sorted(((r["features"], scores[id(r)]) for r in rows), key=lambda x: -x[1])
        first = rows[0]
        part = ("fit" if (first["group"] in fit_articles if name.startswith("xquad") else qid in nm_fit)
                else "held")
        out.append({"set": name, "qid": qid, "kind": kind, "answerable": first["answerable"], "part": part,
                    "x": features(ranked)})
    return out


def rates(ex: list[dict], p: np.ndarray, t: float) -> tuple[float, float]:
    """(hallucination, false refusal) at threshold t."""
    neg = [pi >= t for e, pi in zip(ex, p, strict=True) if not e["answerable"]]
    pos = [pi < t for e, pi in zip(ex, p, strict=True) if e["answerable"]]
    return (sum(neg) / len(neg) if neg else float("nan")), (sum(pos) / len(pos) if pos else float("nan"))


def main() -> None:
    from sklearn.linear_model import LogisticRegression

    ex = examples()
    fit = [e for e in ex if e["part"] == "fit"]
    x = np.array([[e["x"][f] for f in FEATURES] for e in fit])
    y = np.array([e["answerable"] for e in fit])
    mean, scale = x.mean(0), x.std(0)
    scale[scale == 0] = 1.0
    # Each set weighs the same in the fit (XQuAD has 8 times NoMIRACL's questions, and
    # its unanswerable questions, another article's passages, are the easy kind), and
    # within a set answerable and unanswerable questions weigh the same.
    counts = Counter((e["set"], e["answerable"]) for e in fit)
    weight = np.array([1.0 / counts[(e["set"], e["answerable"])] for e in fit])
    model = LogisticRegression(C=1.0, max_iter=2000).fit((x - mean) / scale, y, sample_weight=weight * len(fit))
    w = {"features": list(FEATURES), "mean": mean.tolist(), "scale": scale.tolist(),
         "coef": model.coef_[0].tolist(), "intercept": float(model.intercept_[0])}

    def prob(rows: list[dict]) -> np.ndarray:
        xs = (np.array([[e["x"][f] for f in FEATURES] for e in rows]) - mean) / scale
        return 1 / (1 + np.exp(-(xs @ np.array(w["coef"]) + w["intercept"])))

    def subsets(part: str) -> dict[str, list[dict]]:
        rows = [e for e in ex if e["part"] == part]
        return {"nomiracl-hi": [e for e in rows if e["set"] == "nomiracl-hi"],
                "xquad-hi": [e for e in rows if e["set"] == "xquad-hi"],
                "xquad-en-hi": [e for e in rows if e["set"] == "xquad-en-hi"]}

    grid = [round(t, 3) for t in np.arange(0.05, 0.951, 0.025)]
    fit_sets = {k: (v, prob(v)) for k, v in subsets("fit").items()}
    # The highest threshold (least hallucination) whose false refusals stay within
    # the bound on every fit subset: a refused answerable question costs a right answer.
    ok = [t for t in grid if all(rates(v, p, t)[1] <= MAX_REFUSAL for v, p in fit_sets.values())]
    threshold = max(ok) if ok else grid[0]
    held = {k: (v, prob(v)) for k, v in subsets("held").items()}
    curves = {k: [{"threshold": t, "hallucination": round(rates(v, p, t)[0], 3),
                   "false_refusal": round(rates(v, p, t)[1], 3)} for t in grid] for k, (v, p) in held.items()}
    at = {k: dict(zip(("hallucination", "false_refusal"), (round(r, 3) for r in rates(v, p, threshold)),
                      strict=True)) | {"questions": len(v)} for k, (v, p) in held.items()}
    w["threshold"] = threshold
    w["fit"] = {
        "data": "XQuAD-hi dev (hi and en questions; own article = answerable, other articles only = not) and "
                "NoMIRACL-hi dev (relevant / non_relevant)",
        "split": "XQuAD by article (even positions fit, odd held out); NoMIRACL by query, alternately",
        "threshold_rule": f"the highest threshold with false refusal <= {MAX_REFUSAL} on every fit subset",
        "fit_questions": len(fit), "held_out_at_threshold": at, "held_out_curves": curves,
        "command": ".venv/bin/python evals/fit/fit_answerability.py",
    }
    WEIGHTS.write_text(json.dumps(w, indent=1, ensure_ascii=False) + "\n", encoding="utf-8")
    print(f"threshold {threshold}")
    print(json.dumps(at, indent=1))
    for name, coef in sorted(zip(FEATURES, w["coef"], strict=True), key=lambda x: -abs(x[1])):
        print(f"  {name:14s} {coef:+.3f}")
    plot(curves, threshold, HERE / "answerability.png")


def plot(curves: dict, threshold: float, path: Path) -> None:
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    fig, ax = plt.subplots(figsize=(5.5, 4.5))
    for name, pts in curves.items():
        ax.plot([p["false_refusal"] for p in pts], [p["hallucination"] for p in pts], marker=".", label=name)
        at = next(p for p in pts if p["threshold"] == threshold)
        ax.scatter([at["false_refusal"]], [at["hallucination"]], s=60, edgecolors="black", zorder=3)
    ax.set_xlabel("false refusal (answerable questions refused)")
    ax.set_ylabel("hallucination (unanswerable questions answered)")
    ax.set_title(f"Answerability on held-out dev data (default threshold {threshold} circled)", fontsize=9)
    ax.grid(alpha=0.3)
    ax.legend()
    fig.tight_layout()
    fig.savefig(path, dpi=110)


if __name__ == "__main__":
    main()
