"""What a run leaves behind: ``questions.jsonl`` (gold, output and scores per
question), ``metrics.json`` (every figure per group), ``report.md`` with PNG
plots, and, with a previous run, the side-by-side comparison.
"""

from __future__ import annotations

import json
from pathlib import Path

from rag.evaluate.figures import LATENCY, METRICS, TARGETS, cell, fmt, get, get_n, group_label, shown_groups
from rag.evaluate.plots import write_plots
from rag.evaluate.score import STAGES, answerability_curve, summarise_groups

__all__ = ["compare_markdown", "load_run", "markdown", "shown_groups", "summary_table", "targets", "write_run"]


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
               "targets": targets(groups["all"]),
               "answerability_curve": answerability_curve(records, meta["settings"].get("min_answerability")),
               "warnings": warnings}
    (out / "metrics.json").write_text(json.dumps(metrics, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
    plots = write_plots(out, groups, records, shown_groups(groups, members), metrics["answerability_curve"])
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
        cells = [cell(groups[g], path) for g in names]
        if any(c != "–" for c in cells):
            rows.append([label, *cells])
    if with_latency:
        for label, path, _ in LATENCY:
            cells = [fmt(get(groups[g], path), 1) for g in names]
            if any(c != "–" for c in cells):
                rows.append([label, *cells])
    return _table(["metric", *[f"{group_label(groups, g)} ({groups[g]['questions']} q)" for g in names]], rows)


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
        + (f" (Ollama {meta['llm_version']})" if meta.get("llm_version") else ""),
        f"- settings: retrieval {s.get('retrieval_mode')}, embedding {s.get('embed_model')}, chunk "
        f"{s.get('chunk_tokens')} tokens, context {s.get('context_passages')} passages / "
        f"{s.get('context_sentences')} candidate sentences / {s.get('context_tokens')} tokens / "
        f"{s.get('answer_seconds')} s of reading, min_answerability {s.get('min_answerability')}, "
        f"num_ctx {s.get('num_ctx')}, temperature {s.get('temperature')}",
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
    lines += _answerability_section(metrics.get("answerability_curve"))
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
    reasons = sorted({k for g in names for k in groups[g].get("reader_rejections", {})})
    rejected = [[f"reader rejected: {k}", *[str(groups[g].get("reader_rejections", {}).get(k, 0)) for g in names]]
                for k in reasons]
    errors = [["LLM errors (draft shown)", *[str(groups[g].get("llm_errors", 0)) for g in names]]]
    return [
        "## Where answers fail",
        "",
        "Each question is counted once, at the first step that lost it: **retrieval** (no relevant "
        "passage among those the answer drew on), **abstained** (the answerability score was below "
        "`min_answerability`, or nothing was retrieved), **candidates** (model runs: no candidate "
        "sentence given to the reader holds a gold answer), **llm error** (Ollama failed, the draft "
        "stood and missed), **reader rejected** (the model's reading failed the check, the draft stood "
        "and missed), **reader pick** (the model's verified reading misses every gold answer), "
        "**extractive pick** (no model: the rule-based answer misses); **hallucination**: an "
        "unanswerable question answered.",
        "",
        _table(["outcome", *names], rows),
        "",
        _table(["mode / reader", *names], modes + rejected + errors),
        "",
    ]


def _answerability_section(curve: dict | None) -> list[str]:
    """The abstention threshold swept over the recorded answerability scores:
    every 0.1 here (every 0.05 in metrics.json and the plot), and the run's own."""
    if not curve:
        return []
    rows = [r for r in curve["rows"] if round(r["threshold"] * 10, 6).is_integer()]
    at = curve.get("at_threshold")
    if at is not None:
        rows = sorted([r for r in rows if r["threshold"] != at["threshold"]] + [{**at, "run": True}],
                      key=lambda r: r["threshold"])
    table = [[f"**{r['threshold']:g}** (this run)" if r.get("run") else f"{r['threshold']:.1f}",
              fmt(r["hallucination"]), fmt(r["refusal"])] for r in rows]
    return ["## Answerability threshold", "",
            f"Hallucination (unanswerable questions scoring at or above the threshold, so answered) and "
            f"false refusal (answerable ones scoring below it) for each `min_answerability`, from the "
            f"scores this run recorded, on {curve['unanswerable']} unanswerable and {curve['answerable']} "
            f"answerable questions (AUC {fmt(curve['auc'])}, 0.5 = no signal). Plot: answerability.png.", "",
            _table(["threshold", "hallucination", "false refusal"], table), ""]


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
            if (ans.get("answerability") or {}).get("score") is not None:
                said += f" · answerability {ans['answerability']['score']:.2f}"
            if ans.get("reader"):
                said += f" · reader rejected: {_short(ans['reader'], 50)}; model said: {_short(ans['llm_text'], 60)}"
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
        for label, path, better in METRICS + LATENCY:
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
