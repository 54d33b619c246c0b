"""What a run leaves behind: ``questions.jsonl`` (gold, output and scores per
question), ``metrics.json`` (every figure per group), ``report.md`` with PNG
plots, and, with a previous run, the side-by-side comparison.
"""

from __future__ import annotations

import json
from pathlib import Path

from rag.evaluate.score import STAGES, summarise_groups

# (label, path into a group summary, better) — better: "up", "down" or "" (no direction)
METRICS: list[tuple[str, tuple[str, ...], str]] = [
    ("hit@1", ("retrieval", "hit@1"), "up"),
    ("hit@5", ("retrieval", "hit@5"), "up"),
    ("MRR@10", ("retrieval", "mrr@10"), "up"),
    ("nDCG@10", ("retrieval", "ndcg@10"), "up"),
    ("answer EM", ("answers", "em"), "up"),
    ("answer F1", ("answers", "f1"), "up"),
    ("contains gold", ("answers", "contains"), "up"),
    ("short EM", ("answers", "short_em"), "up"),
    ("short F1", ("answers", "short_f1"), "up"),
    ("answer length (words)", ("answers", "length_words"), ""),
    ("citation precision", ("citations", "precision"), "up"),
    ("citation recall", ("citations", "recall"), "up"),
    ("hallucination (unanswerable answered)", ("abstention", "hallucination"), "down"),
    ("refusal (answerable refused)", ("abstention", "refusal"), "down"),
    ("evidence retrieved (answer's passages)", ("funnel", "evidence_retrieved"), "up"),
    ("evidence in the model's context", ("funnel", "evidence_in_context"), "up"),
]
LATENCY: list[tuple[str, tuple[str, ...]]] = [
    ("search (top-k) p50 ms", ("latency_ms", "search", "p50")),
    ("search (top-k) p95 ms", ("latency_ms", "search", "p95")),
    ("retrieval p50 ms", ("latency_ms", "retrieval", "p50")),
    ("retrieval p95 ms", ("latency_ms", "retrieval", "p95")),
    ("first token p50 ms", ("latency_ms", "first_token", "p50")),
    ("first token p95 ms", ("latency_ms", "first_token", "p95")),
    ("total p50 ms", ("latency_ms", "total", "p50")),
    ("total p95 ms", ("latency_ms", "total", "p95")),
    ("short answer request p50 ms", ("latency_ms", "short_answer", "p50")),
    ("prompt tokens (mean)", ("tokens", "prompt_mean")),
    ("completion tokens (mean)", ("tokens", "completion_mean")),
]
# From issue #5: (label, path, comparison, value).
TARGETS = [
    ("retrieval hit@5 ≥ 0.98 (XQuAD-hi hybrid)", ("retrieval", "hit@5"), ">=", 0.98),
    ("answer contains gold ≥ 0.85 (seeds)", ("answers", "contains"), ">=", 0.85),
    ("citation precision ≥ 0.9 (seeds)", ("citations", "precision"), ">=", 0.9),
    ("hallucination on unanswerable ≤ 0.10 (NoMIRACL-hi; GPT-4 about 0.21)", ("abstention", "hallucination"),
     "<=", 0.10),
]


def _node(summary: dict, path: tuple[str, ...]) -> object:
    node: object = summary
    for part in path:
        if not isinstance(node, dict) or part not in node:
            return None
        node = node[part]
    return node


def get(summary: dict, path: tuple[str, ...]) -> float | None:
    node = _node(summary, path)
    if isinstance(node, dict):
        return node.get("value")
    return node if isinstance(node, (int, float)) else None


def get_n(summary: dict, path: tuple[str, ...]) -> int | None:
    node = _node(summary, path)
    return node.get("n") if isinstance(node, dict) else None


def fmt(v: float | None, digits: int = 3) -> str:
    if v is None:
        return "–"
    if abs(v) >= 100:
        return f"{v:,.0f}"
    return f"{v:.{digits}f}"


def _cell(summary: dict, path: tuple[str, ...]) -> str:
    v, n = get(summary, path), get_n(summary, path)
    if v is None:
        return "–"
    return f"{fmt(v)} ({n})" if n is not None else fmt(v)


def shown_groups(groups: dict[str, dict], records_by_group: dict[str, list[str]]) -> list[str]:
    """Group names worth a column: a pair holding exactly the questions of a language column is left out."""
    seen: list[frozenset[str]] = []
    out = []
    for name in groups:
        ids = frozenset(records_by_group.get(name, []))
        if name.startswith("pair:") and ids in seen:
            continue
        seen.append(ids)
        out.append(name)
    return out


# ------------------------------------------------------------------ write


def write_run(out: Path, records: list[dict], meta: dict, warnings: list[str],
              compare_with: Path | None = None) -> dict:
    """Write every output of a run into ``out``; returns metrics.json's content."""
    out.mkdir(parents=True, exist_ok=True)
    with (out / "questions.jsonl").open("w", encoding="utf-8") as f:
        for r in records:
            f.write(json.dumps(r, ensure_ascii=False) + "\n")
    groups = summarise_groups(records)
    members = {name: [r["id"] for r in rs] for name, rs in _group_members(records).items()}
    for name in groups:  # a pair with exactly a language's questions is shown as that language's column
        if name.startswith("pair:"):
            twin = next((g for g in groups if g.startswith("lang:") and members[g] == members[name]), None)
            if twin:
                groups[twin]["same_as"] = name
    metrics = {"meta": meta, "groups": groups, "group_members": {k: len(v) for k, v in members.items()},
               "targets": targets(groups["all"]), "abstention_sweep": abstention_sweep(records),
               "abstention_auc": best_cosine_auc(records),
               "warnings": warnings}
    (out / "metrics.json").write_text(json.dumps(metrics, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
    plots = write_plots(out, groups, records, shown_groups(groups, members))
    comparison = ""
    if compare_with is not None:
        comparison = compare_markdown(load_run(compare_with), (metrics, records), str(compare_with), str(out))
    (out / "report.md").write_text(markdown(metrics, records, plots, members, comparison), encoding="utf-8")
    return metrics


def _group_members(records: list[dict]) -> dict[str, list[dict]]:
    from rag.evaluate.score import groups

    return groups(records)


def targets(summary: dict) -> list[dict]:
    out = []
    for label, path, op, want in TARGETS:
        v = get(summary, path)
        if v is None:
            continue
        met = v >= want if op == ">=" else v <= want
        out.append({"target": label, "value": v, "n": get_n(summary, path), "met": met})
    return out


def abstention_sweep(records: list[dict], thresholds: tuple[float, ...] = tuple(
        round(0.78 + 0.01 * i, 2) for i in range(13))) -> list[dict]:
    """What-if for the check that abstains before the model: were it 'best dense cosine
    of the answer's passages below t' alone (no keyword escape), which share of
    unanswerable questions would still be answered, and of answerable ones refused."""
    best = [(r["answerable"], max((p.get("dense") or 0.0) for p in r["output"]["answer"]["passages"]))
            for r in records if (r["output"].get("answer") or {}).get("passages")]
    yes = [b for a, b in best if a]
    no = [b for a, b in best if not a]
    if not yes or not no:
        return []
    return [{"threshold": t, "hallucination": sum(b >= t for b in no) / len(no),
             "refusal": sum(b < t for b in yes) / len(yes), "answerable": len(yes), "unanswerable": len(no)}
            for t in thresholds]


def best_cosine_auc(records: list[dict]) -> float | None:
    """How well the best dense cosine of the answer's passages separates answerable
    from unanswerable questions: the chance that a random answerable one scores
    higher than a random unanswerable one (ties count half). 0.5 = no signal."""
    best = [(r["answerable"], max((p.get("dense") or 0.0) for p in r["output"]["answer"]["passages"]))
            for r in records if (r["output"].get("answer") or {}).get("passages")]
    yes = [b for a, b in best if a]
    no = [b for a, b in best if not a]
    if not yes or not no:
        return None
    return sum((y > n) + 0.5 * (y == n) for y in yes for n in no) / (len(yes) * len(no))


def load_run(path: Path) -> tuple[dict, list[dict]]:
    """A previous run: its folder (or its metrics.json)."""
    from rag.evaluate.sets import EvalError

    folder = path.parent if path.name == "metrics.json" else path
    mfile, qfile = folder / "metrics.json", folder / "questions.jsonl"
    if not mfile.is_file():
        raise EvalError(f"--compare {path}: no metrics.json there (give a folder written by 'rag eval')")
    metrics = json.loads(mfile.read_text(encoding="utf-8"))
    records = ([json.loads(line) for line in qfile.read_text(encoding="utf-8").splitlines() if line.strip()]
               if qfile.is_file() else [])
    return metrics, records


# --------------------------------------------------------------- markdown


def _table(headers: list[str], rows: list[list[str]]) -> str:
    lines = ["| " + " | ".join(headers) + " |", "|" + "|".join("---" for _ in headers) + "|"]
    lines += ["| " + " | ".join(c.replace("|", "\\|").replace("\n", " ") for c in row) + " |" for row in rows]
    return "\n".join(lines)


def _short(text: str, n: int = 90) -> str:
    text = " ".join((text or "").split())
    return text if len(text) <= n else text[: n - 1] + "…"


def summary_table(groups: dict[str, dict], names: list[str], with_latency: bool = True) -> str:
    rows = []
    for label, path, _ in METRICS:
        cells = [_cell(groups[g], path) for g in names]
        if any(c != "–" for c in cells):
            rows.append([label, *cells])
    if with_latency:
        for label, path in LATENCY:
            cells = [fmt(get(groups[g], path), 1) for g in names]
            if any(c != "–" for c in cells):
                rows.append([label, *cells])
    return _table(["metric", *[f"{group_label(groups, g)} ({groups[g]['questions']} q)" for g in names]], rows)


def group_label(groups: dict[str, dict], name: str) -> str:
    same = groups[name].get("same_as")
    return f"{name} = {same}" if same else name


def markdown(metrics: dict, records: list[dict], plots: list[str], members: dict[str, list[str]],
             comparison: str = "") -> str:
    meta, groups = metrics["meta"], metrics["groups"]
    names = shown_groups(groups, members)
    main = [n for n in names if not n.startswith(("type:", "mode:"))]
    types = ["all", *[n for n in names if n.startswith(("type:", "mode:"))]]
    s = meta["settings"]
    lines = [
        f"# Evaluation: {meta['set']} · {'retrieval only' if meta['retrieval_only'] else meta['llm']}",
        "",
        f"`{meta['command']}`" if meta.get("command") else "",
        "",
        f"- questions: {meta['questions']} of {meta['questions_in_set']} ({meta['format']})"
        + (f", {meta['cached']} answers from the cache" if meta.get("cached") else ""),
        f"- corpus: {meta['corpus']['documents']} documents, {meta['corpus']['passages']} passages, languages "
        + ", ".join(f"{k} {v}" for k, v in meta["corpus"]["languages"].items()),
        f"- answers: {_answered_by(meta)}"
        + (f" (Ollama {meta['llm_version']})" if meta.get("llm_version") else "")
        + ("; short final answer asked too" if meta.get("short_answer") else ""),
        f"- settings: retrieval {s.get('retrieval_mode')}, embedding {s.get('embed_model')}, chunk "
        f"{s.get('chunk_tokens')} tokens, context {s.get('context_passages')} passages / "
        f"{s.get('context_sentences')} sentences / {s.get('context_tokens')} tokens, min_evidence "
        f"{s.get('min_evidence')}, num_ctx {s.get('num_ctx')}, temperature {s.get('temperature')}",
        f"- run: {meta['started']} → {meta['finished']}, commit {meta.get('commit')}, "
        f"{meta['machine'].get('cpu')} × {meta['machine'].get('cores')} cores",
        "",
        "Figures are rates in 0–1 with the number of questions they rest on in brackets (citation "
        "precision: cited passages). Definitions: evals/README.md, section Metrics.",
        "",
        "## By language and cross-lingual pair",
        "",
        summary_table(groups, main),
        "",
    ]
    if len(types) > 1:
        lines += ["## By question type and answer mode", "", summary_table(groups, types, with_latency=False), ""]
    if metrics["targets"]:
        lines += ["## Targets (issue #5)", "",
                  _table(["target", "value", "met"],
                         [[t["target"], f"{fmt(t['value'])} ({t['n']})", "yes" if t["met"] else "**no**"]
                          for t in metrics["targets"]]), ""]
    lines += _stages_section(groups, main, meta)
    if metrics.get("abstention_sweep"):
        sweep = metrics["abstention_sweep"]
        lines += ["## Abstaining before the model: what-if", "",
                  f"If the answer were withheld whenever the best dense cosine of its passages is below the "
                  f"threshold (the `min_evidence` check without its keyword escape; now "
                  f"{meta['settings'].get('min_evidence')}), on {sweep[0]['unanswerable']} unanswerable and "
                  f"{sweep[0]['answerable']} answerable questions (AUC of the best cosine: "
                  f"{fmt(metrics.get('abstention_auc'))}, 0.5 = no signal):", "",
                  _table(["threshold", "hallucination", "refusal"],
                         [[f"{r['threshold']:.2f}", fmt(r["hallucination"]), fmt(r["refusal"])] for r in sweep]),
                  ""]
    if plots:
        lines += ["## Plots", ""] + [f"![{p}]({p})" for p in plots] + [""]
    lines += _failures_section(records, meta)
    if metrics["warnings"]:
        lines += ["## Warnings about the gold data", ""] + [f"- {w}" for w in metrics["warnings"][:50]]
        if len(metrics["warnings"]) > 50:
            lines.append(f"- … and {len(metrics['warnings']) - 50} more (metrics.json)")
        lines.append("")
    if comparison:
        lines += [comparison, ""]
    return "\n".join(lines)


def _answered_by(meta: dict) -> str:
    if meta["retrieval_only"]:
        return "none (retrieval only)"
    return "extractive (--llm none)" if meta["llm"] == "none" else meta["llm"]


def _stages_section(groups: dict[str, dict], names: list[str], meta: dict) -> list[str]:
    if meta["retrieval_only"]:
        return []
    stages = ["ok", *STAGES, "hallucination"]
    rows = []
    for st in stages:
        cells = [str(groups[g].get("stages", {}).get(st, 0)) for g in names]
        if any(c != "0" for c in cells):
            rows.append([st, *cells])
    modes = [[m, *[str(groups[g].get("modes", {}).get(m, 0)) for g in names]]
             for m in ("llm", "extractive", "abstained")]
    guard_keys = sorted({k for g in names for k in groups[g].get("guard", {})})
    guards = [[f"guard {k}", *[str(groups[g].get("guard", {}).get(k, 0)) for g in names]] for k in guard_keys]
    errors = [["model replied only markers (pointed passages shown)",
               *[str(groups[g].get("pointer_only", 0)) for g in names]],
              ["LLM errors (fallbacks)", *[str(groups[g].get("llm_errors", 0)) for g in names]]]
    return [
        "## Where answers fail",
        "",
        "Each question is counted once, at the first step that lost it: **retrieval** (no relevant "
        "passage among those the answer drew on), **abstained: weak evidence** (the `min_evidence` check "
        "answered 'the articles do not say' before any model), **context** (retrieved, but context "
        "selection kept no sentence with an evidence quote or gold answer), **abstained: model refused** "
        "(the model said the articles do not say), **model pointed only** (the model replied with "
        "markers only and the pointed passages' sentences missed), **guard** (the grounding guard "
        "rejected the model's answer and the extractive fallback missed), **generation** / **extractive "
        "pick** (the evidence was in the context, the answer still misses every gold answer); "
        "**hallucination**: an unanswerable question answered.",
        "",
        _table(["outcome", *names], rows),
        "",
        _table(["mode / guard", *names], modes + guards + errors),
        "",
    ]


def _failures_section(records: list[dict], meta: dict, limit: int = 100) -> list[str]:
    failed = [r for r in records if r["stage"] != "ok"]
    if not failed:
        return ["## Failed questions", "", "None.", ""]
    rows = []
    for r in failed[:limit]:
        out = r["output"]
        ans = out.get("answer")
        top = "; ".join(f"{h['rank']}. {'✓' if h.get('relevant') else '✗'} {_short(h['title'], 30)}"
                        f" @{h['start']}" for h in out["search"][:3]) or "nothing"
        rank = r["scores"].get("rank")
        golds = [a if isinstance(a, str) else " + ".join(a) for a in r["answers"][:2]]  # a list: combined parts
        gold = " / ".join(golds) or ("(unanswerable)" if not r["answerable"] else "–")
        row = [r["id"], r["pair"], r["stage"], _short(r["question"], 70), _short(gold, 40), top,
               "–" if rank is None else str(rank)]
        if ans is not None:
            said = ans["mode"] + ": " + _short(ans["text"], 90)
            if ans.get("short"):
                said += f" · short: {_short(ans['short'], 30)}"
            if ans.get("guard") and not ans["guard"]["ok"]:
                said += f" · guard: {_short(ans['guard']['reason'], 50)}; model said: {_short(ans['llm_text'], 60)}"
            row.append(said)
        rows.append(row)
    headers = ["id", "pair", "stage", "question", "gold", "retrieved top 3 (✓ relevant)", "1st relevant rank"]
    if not meta["retrieval_only"]:
        headers.append("answer")
    lines = [f"## Failed questions ({len(failed)} of {len(records)})", "", _table(headers, rows), ""]
    if len(failed) > limit:
        lines += [f"… {len(failed) - limit} more in questions.jsonl.", ""]
    return lines


# ---------------------------------------------------------------- compare


def compare_markdown(before: tuple[dict, list[dict]], after: tuple[dict, list[dict]], name_a: str,
                     name_b: str) -> str:
    """Two runs side by side: every figure of the shared groups with its difference, then the
    questions whose outcome changed."""
    (ma, ra), (mb, rb) = before, after
    ga, gb = ma["groups"], mb["groups"]
    lines = [f"## Comparison: A = {name_a} · B = {name_b}", "",
             f"A: {ma['meta'].get('set')} · {ma['meta'].get('llm')} · {ma['meta'].get('questions')} q; "
             f"B: {mb['meta'].get('set')} · {mb['meta'].get('llm')} · {mb['meta'].get('questions')} q", ""]
    settings_a, settings_b = ma["meta"].get("settings", {}), mb["meta"].get("settings", {})
    changed = [f"`{k}` {settings_a.get(k)!r} → {settings_b.get(k)!r}" for k in sorted(set(settings_a) | set(settings_b))
               if settings_a.get(k) != settings_b.get(k)]
    if changed:
        lines += ["Settings that differ: " + ", ".join(changed), ""]
    for g in [g for g in gb if g in ga and not g.startswith(("type:", "mode:"))]:
        rows = []
        for label, path, better in METRICS + [(lab, p, "down") for lab, p in LATENCY]:
            a, b = get(ga[g], path), get(gb[g], path)
            if a is None and b is None:
                continue
            delta = "" if a is None or b is None else f"{b - a:+.3f}" if abs(b - a) < 100 else f"{b - a:+,.0f}"
            if delta and better and abs(b - a) > 1e-9:
                delta += " ✓" if (b > a) == (better == "up") else " ✗"
            rows.append([label, fmt(a), fmt(b), delta])
        lines += [f"### {g}", "", _table(["metric", "A", "B", "B − A"], rows), ""]
    by_a = {r["id"]: r for r in ra}
    fixed, broke, moved = [], [], []
    for r in rb:
        old = by_a.get(r["id"])
        if old is None or old["stage"] == r["stage"]:
            continue
        row = [r["id"], _short(r["question"], 60), old["stage"], r["stage"]]
        (fixed if r["stage"] == "ok" else broke if old["stage"] == "ok" else moved).append(row)
    if ra and rb:
        lines += [f"Questions whose outcome changed: {len(fixed)} fixed, {len(broke)} broken, "
                  f"{len(moved)} failing at another step.", ""]
        if fixed or broke or moved:
            lines += [_table(["id", "question", "A", "B"], (broke + fixed + moved)[:60]), ""]
    return "\n".join(lines)


# ------------------------------------------------------------------ plots


def write_plots(out: Path, groups: dict[str, dict], records: list[dict], names: list[str]) -> list[str]:
    """PNG plots next to the report; returns their file names."""
    import matplotlib

    matplotlib.use("Agg")  # no display: files only
    import matplotlib.pyplot as plt

    files: list[str] = []
    names = [n for n in names if not n.startswith(("type:", "mode:"))]
    panels = [(title, [(label.split(" (")[0], path) for label, path, _ in METRICS
                       if path[0] in sections and any(get(groups[g], path) is not None for g in names)])
              for title, sections in (("Retrieval", ("retrieval",)), ("Answers", ("answers",)),
                                      ("Citations and abstention", ("citations", "abstention")),
                                      ("Evidence funnel", ("funnel",)))]
    panels = [(t, [(lab, p) for lab, p in ms if p != ("answers", "length_words")]) for t, ms in panels]
    panels = [(t, ms) for t, ms in panels if ms]
    if panels:
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
        fig.savefig(out / "metrics.png", dpi=100)
        plt.close(fig)
        files.append("metrics.png")
    if any(groups[g].get("modes") for g in names):
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
        fig.savefig(out / "modes.png", dpi=110)
        plt.close(fig)
        files.append("modes.png")
    series = {"search (top-k)": [r["output"].get("search_ms") for r in records]}
    answers = [r["output"]["answer"] for r in records if r["output"].get("answer")]
    for label, key in (("retrieval", "retrieval_ms"), ("first token", "first_token_ms"), ("total", "total_ms")):
        series[label] = [a.get("timings", {}).get(key) for a in answers]
    series = {k: [v for v in vs if v] for k, vs in series.items()}
    series = {k: vs for k, vs in series.items() if vs}
    if series:
        fig, axes = plt.subplots(1, len(series), figsize=(3.4 * len(series), 3.4), squeeze=False)
        for ax, (label, vs) in zip(axes[0], series.items(), strict=True):
            ax.hist(vs, bins=min(30, max(5, len(vs) // 3)), color="#4477aa")
            ax.set_title(f"{label} (ms)", fontsize=9)
            ax.set_xlabel("ms")
        axes[0][0].set_ylabel("questions")
        fig.suptitle("Latency distribution")
        fig.tight_layout()
        fig.savefig(out / "latency.png", dpi=110)
        plt.close(fig)
        files.append("latency.png")
    return files
