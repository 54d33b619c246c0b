"""The report's PNG plots (matplotlib, no display): metrics per group, answer
modes and outcomes, latency distributions, and the answerability curve."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from rag.evaluate.figures import METRICS, get, group_label
from rag.evaluate.score import STAGES


def _pyplot() -> Any:
    # Imported late: matplotlib costs a second, and only writing plots needs it.
    import matplotlib

    matplotlib.use("Agg")  # no display: files only
    import matplotlib.pyplot as plt

    return plt


def write_plots(out: Path, groups: dict[str, dict], records: list[dict], names: list[str],
                curve: dict | None = None) -> list[str]:
    """PNG plots next to the report; returns their file names."""
    plt = _pyplot()
    files: list[str] = []
    names = [n for n in names if not n.startswith(("type:", "mode:"))]
    if _metrics_plot(plt, out / "metrics.png", groups, names):
        files.append("metrics.png")
    if _modes_plot(plt, out / "modes.png", groups, names):
        files.append("modes.png")
    if _latency_plot(plt, out / "latency.png", records):
        files.append("latency.png")
    if curve and _answerability_plot(plt, out / "answerability.png", records, curve):
        files.append("answerability.png")
    return files


def _metrics_plot(plt: Any, path: Path, groups: dict[str, dict], names: list[str]) -> bool:
    panels = [(title, [(label.split(" (")[0], p) for label, p, _ in METRICS
                       if p[0] in sections and p != ("answers", "length_words")
                       and any(get(groups[g], p) is not None for g in names)])
              for title, sections in (("Retrieval", ("retrieval", "funnel")), ("Answers", ("answers",)),
                                      ("Citations and abstention", ("citations", "abstention")))]
    panels = [(t, ms) for t, ms in panels if ms]
    if not panels:
        return False
    rows = (len(panels) + 1) // 2
    fig, axes = plt.subplots(rows, 2, figsize=(12, 3.6 * rows), squeeze=False)
    width = 0.8 / len(names)
    for ax, (title, chosen) in zip(axes.flat, panels, strict=False):
        for i, g in enumerate(names):
            # A figure a group does not have (no unanswerable questions, say) is left out, not drawn as 0.
            values = [get(groups[g], p) for _, p in chosen]
            ax.bar([x + i * width for x in range(len(chosen))],
                   [float("nan") if v is None else v for v in values], width, label=group_label(groups, g))
        ax.set_xticks([x + 0.4 - width / 2 for x in range(len(chosen))])
        ax.set_xticklabels([label for label, _ in chosen], rotation=20, ha="right", fontsize=8)
        ax.set_ylim(0, 1.05)
        ax.set_title(title, fontsize=10)
        ax.grid(axis="y", alpha=0.3)
    for ax in list(axes.flat)[len(panels):]:
        ax.axis("off")
    handles, labels = axes[0][0].get_legend_handles_labels()
    fig.legend(handles, labels, loc="upper right", ncol=len(names), fontsize=8)
    fig.suptitle("Metrics by question language and pair (rates)", x=0.02, ha="left")
    fig.tight_layout(rect=(0, 0, 1, 0.95))
    fig.savefig(path, dpi=100)
    plt.close(fig)
    return True


def _modes_plot(plt: Any, path: Path, groups: dict[str, dict], names: list[str]) -> bool:
    if not any(groups[g].get("modes") for g in names):
        return False
    fig, axes = plt.subplots(1, 2, figsize=(11, 4))
    for ax, key, order, title in (
        (axes[0], "modes", ["llm", "extractive", "abstained"], "Answer mode"),
        (axes[1], "stages", ["ok", *STAGES, "hallucination"], "Outcome (first failing step)"),
    ):
        bottom = [0] * len(names)
        for item in order:
            vals = [groups[g].get(key, {}).get(item, 0) for g in names]
            if any(vals):
                ax.bar(names, vals, bottom=bottom, label=item)
                bottom = [b + v for b, v in zip(bottom, vals, strict=True)]
        ax.set_title(title)
        ax.set_ylabel("questions")
        ax.tick_params(axis="x", labelsize=8, rotation=20)
        ax.legend(fontsize=7)
    fig.tight_layout()
    fig.savefig(path, dpi=110)
    plt.close(fig)
    return True


def _latency_plot(plt: Any, path: Path, records: list[dict]) -> bool:
    series = {"search (top-k)": [r["output"].get("search_ms") for r in records]}
    answers = [r["output"]["answer"] for r in records if r["output"].get("answer")]
    for label, key in (("retrieval", "retrieval_ms"), ("draft", "draft_ms"), ("model reading", "llm_ms"),
                       ("total", "total_ms")):
        series[label] = [a.get("timings", {}).get(key) for a in answers]
    series = {k: [v for v in vs if v] for k, vs in series.items()}
    series = {k: vs for k, vs in series.items() if vs}
    if not series:
        return False
    fig, axes = plt.subplots(1, len(series), figsize=(3.4 * len(series), 3.4), squeeze=False)
    for ax, (label, vs) in zip(axes[0], series.items(), strict=True):
        ax.hist(vs, bins=min(30, max(5, len(vs) // 3)), color="#4477aa")
        ax.set_title(f"{label} (ms)", fontsize=9)
        ax.set_xlabel("ms")
    axes[0][0].set_ylabel("questions")
    fig.suptitle("Latency distribution")
    fig.tight_layout()
    fig.savefig(path, dpi=110)
    plt.close(fig)
    return True


def _answerability_plot(plt: Any, path: Path, records: list[dict], curve: dict) -> bool:
    """Left: hallucination and false refusal against the threshold, the run's
    marked; right: the scores of answerable and unanswerable questions."""
    fig, (left, right) = plt.subplots(1, 2, figsize=(11, 4))
    ts = [r["threshold"] for r in curve["rows"]]
    left.plot(ts, [r["hallucination"] for r in curve["rows"]], marker=".", color="#cc3311",
              label=f"hallucination ({curve['unanswerable']} unanswerable)")
    left.plot(ts, [r["refusal"] for r in curve["rows"]], marker=".", color="#0077bb",
              label=f"false refusal ({curve['answerable']} answerable)")
    if curve.get("threshold") is not None:
        at = curve["at_threshold"]
        left.axvline(curve["threshold"], color="gray", linestyle="--",
                     label=f"min_answerability {curve['threshold']:g}: "
                           f"{at['hallucination']:.2f} / {at['refusal']:.2f}")
    left.set_xlabel("abstain below this answerability score")
    left.set_ylabel("rate")
    left.set_xlim(0, 1)
    left.set_ylim(-0.02, 1.02)
    left.grid(alpha=0.3)
    left.legend(fontsize=8)
    left.set_title(f"Answerability threshold (AUC {curve['auc']:.3f})", fontsize=10)
    scores = {a: [r["scores"]["answerability_score"] for r in records
                  if r["answerable"] == a and "answerability_score" in r.get("scores", {})] for a in (True, False)}
    bins = [i / 20 for i in range(21)]
    right.hist(scores[True], bins=bins, alpha=0.6, color="#0077bb", label="answerable")
    right.hist(scores[False], bins=bins, alpha=0.6, color="#cc3311", label="unanswerable")
    if curve.get("threshold") is not None:
        right.axvline(curve["threshold"], color="gray", linestyle="--")
    right.set_xlabel("answerability score")
    right.set_ylabel("questions")
    right.legend(fontsize=8)
    right.set_title("Scores by gold answerability", fontsize=10)
    fig.tight_layout()
    fig.savefig(path, dpi=110)
    plt.close(fig)
    return True
