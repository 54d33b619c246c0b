"""Compare sentence-ranker feature sets on the held-out XQuAD articles (issue #10).

Each variant is fitted as ``fit_ranker.py`` fits the shipped one (listwise,
even-position articles) and scored on the odd-position articles: how often
its best sentence holds the gold answer, Hindi and English questions, with
the questions it wins and loses against the shipped ``ranker.json`` (one
question is 0.005; a gain is real only if the wins clearly outnumber the
losses); then both ways (even → odd and odd → even, 404 questions a language)
against the earlier features refitted on the same half. Interactions are
derived here; MaxSim variants of ``maxsim_probe.py`` are read if present.

    .venv/bin/python evals/fit/ranker_trials.py [L2 ...]     # after collect.py; default L2 as fit_ranker
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(REPO))

from evals.fit.fit_ranker import DATA, L2, SETS, USED, apply, by_question, fit, load, split_groups  # noqa: E402
from rag.answer.rank import WEIGHTS  # noqa: E402

# The features of the ranker shipped before MaxSim (commit 57a9913), the baseline refitted.
BEFORE = ("cos", "idf_cov", "bigram", "headline", "type_cue", "novelty", "rare_cov", "idf_cov_prev", "cross",
          "cross_cos", "cross_idf_cov", "phrase")


def add_derived(rows: list[dict]) -> None:
    """Interactions and side features the collect does not store."""
    side_path = DATA / "maxsim.json"
    side = json.loads(side_path.read_text(encoding="utf-8")) if side_path.is_file() else {}
    for r in rows:
        f = r["features"]
        f["type_x_typed"] = f["type_cue"] * f["typed"]
        f["span_x_typed"] = f.get("span", 0.0) * f["typed"]
        f["span_x_cross"] = f.get("span", 0.0) * f["cross"]
        f["cos_x_cov"] = f["cos"] * f["idf_cov"]
        ms = side.get(f"{r['set']}|{r['qid']}|{r['text']}")
        if ms:
            f["maxsim_probe"], f["maxsim_idf"], f["maxsim_local"] = ms
            f["maxsim_cross"] = ms[1] * f["cross"]


def top1(questions: dict[tuple, list[dict]], score: dict[int, float]) -> dict[tuple, bool]:
    return {k: max(rows, key=lambda r: score[id(r)])["label"] for k, rows in questions.items()}


VARIANTS: dict[str, tuple[str, ...]] = {
    "refit earlier features": BEFORE,
    "+span": (*BEFORE, "span"),
    "+cos_ctx": (*BEFORE, "cos_ctx"),
    "+span +cos_ctx": (*BEFORE, "span", "cos_ctx"),
    "+type_x_typed +cos_x_cov": (*BEFORE, "type_x_typed", "cos_x_cov"),
    "+maxsim": (*BEFORE, "maxsim"),
    "+maxsim +cos_ctx": (*BEFORE, "maxsim", "cos_ctx"),
    "+span +maxsim": (*BEFORE, "span", "maxsim"),
    "maxsim for cos": tuple("maxsim" if f == "cos" else f for f in BEFORE),
    "maxsim cos idf_cov": ("maxsim", "cos", "idf_cov"),
    "shipped: fit_ranker.USED": USED,
}


def main() -> None:
    rows = [r for name in SETS for r in load(name) if r["kind"] == "own"]
    add_derived(rows)
    fit_groups, held_groups = split_groups(rows)
    fit_rows = [r for r in rows if r["group"] in fit_groups]
    held = [r for r in rows if r["group"] in held_groups]
    shipped = json.loads(WEIGHTS.read_text(encoding="utf-8"))
    parts = {lang: by_question([r for r in held if r["lang"] == lang]) for lang in ("hi", "en")}
    base = {lang: top1(qs, apply(shipped, [r for rows in qs.values() for r in rows])) for lang, qs in parts.items()}
    l2s = [float(x) for x in sys.argv[1:]] or [L2]
    print("one fold: fitted on the even articles, against the shipped ranker.json on the odd ones")
    print(f"{'variant':34s} {'L2':>5s}  hi top1 (+/-)    en top1 (+/-)")
    for lang in ("hi", "en"):
        print(f"  shipped {lang}: {sum(base[lang].values()) / len(base[lang]):.3f} of {len(base[lang])}")
    for name, feats in VARIANTS.items():
        if any(f not in fit_rows[0]["features"] for f in feats):
            continue
        for l2 in l2s:
            w = fit(fit_rows, l2, feats)
            cells = []
            for lang, qs in parts.items():
                got = top1(qs, apply(w, [r for rows in qs.values() for r in rows]))
                wins = sum(got[k] and not base[lang][k] for k in got)
                losses = sum(base[lang][k] and not got[k] for k in got)
                cells.append(f"{sum(got.values()) / len(got):.3f} (+{wins}/-{losses})")
            print(f"{name:34s} {l2:5.2f}  {cells[0]:16s} {cells[1]}")
    for l2 in l2s:
        two_fold({k: v for k, v in VARIANTS.items() if all(f in rows[0]["features"] for f in v)}, l2)


def two_fold(variants: dict[str, tuple[str, ...]], l2: float) -> None:
    """Both ways (even → odd and odd → even), each variant against the earlier
    features refitted on the same half: wins and losses summed over 404 questions a language."""
    rows = [r for name in SETS for r in load(name) if r["kind"] == "own"]
    add_derived(rows)
    even, odd = split_groups(rows)
    print(f"two-fold, L2 {l2}: variant, hi top1 (+/- against the earlier features refitted), en likewise")
    for name, feats in variants.items():
        cells = [two_fold_cell(rows, (even, odd), lang, feats, BEFORE, l2) for lang in ("hi", "en")]
        print(f"{name:34s} {cells[0]:16s} {cells[1]}")


def two_fold_cell(rows: list[dict], halves: tuple[set[str], set[str]], lang: str, feats: tuple[str, ...],
                  base_feats: tuple[str, ...], l2: float) -> str:
    """Top-1 of ``feats`` on ``lang``'s questions held out both ways (each half
    fitted on the other), with the questions won and lost against ``base_feats``
    refitted on the same half: "0.805 (+7/-3)"."""
    hits = wins = losses = n = 0
    for fit_g, held_g in (halves, halves[::-1]):
        fit_rows = [r for r in rows if r["group"] in fit_g]
        qs = by_question([r for r in rows if r["group"] in held_g and r["lang"] == lang])
        flat = [r for v in qs.values() for r in v]
        base = top1(qs, apply(fit(fit_rows, l2, base_feats), flat))
        got = top1(qs, apply(fit(fit_rows, l2, feats), flat))
        hits, n = hits + sum(got.values()), n + len(got)
        wins += sum(got[k] and not base[k] for k in got)
        losses += sum(base[k] and not got[k] for k in got)
    return f"{hits / n:.3f} (+{wins}/-{losses})"


if __name__ == "__main__":
    main()
