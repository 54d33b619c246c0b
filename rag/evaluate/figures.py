"""Which figures a report shows and how to read them out of a group summary
(``score.summarise``): shared by the markdown report, the plots and the
terminal table."""

from __future__ import annotations

# (label, path into a group summary, better) — better: "up", "down" or "" (no direction)
METRICS: list[tuple[str, tuple[str, ...], str]] = [
    ("hit@1", ("retrieval", "hit@1"), "up"),
    ("hit@5", ("retrieval", "hit@5"), "up"),
    ("MRR@10", ("retrieval", "mrr@10"), "up"),
    ("nDCG@10", ("retrieval", "ndcg@10"), "up"),
    ("evidence retrieved (answer's passages)", ("funnel", "evidence_retrieved"), "up"),
    ("candidates contain gold (model runs)", ("answers", "candidates_contain"), "up"),
    ("quote contains gold", ("answers", "quote_contains"), "up"),
    ("contains gold", ("answers", "contains"), "up"),
    ("answer EM", ("answers", "em"), "up"),
    ("answer F1", ("answers", "f1"), "up"),
    ("short EM", ("answers", "short_em"), "up"),
    ("short F1", ("answers", "short_f1"), "up"),
    ("answer length (words)", ("answers", "length_words"), ""),
    ("answered in the question's language", ("answers", "in_language"), "up"),
    ("model's translation shown (of those asked)", ("answers", "translated"), "up"),
    ("word-by-word gloss shown (of those tried)", ("answers", "glossed"), "up"),
    ("citation precision", ("citations", "precision"), "up"),
    ("citation recall", ("citations", "recall"), "up"),
    ("hallucination (unanswerable answered)", ("abstention", "hallucination"), "down"),
    ("refusal (answerable refused)", ("abstention", "refusal"), "down"),
]
LATENCY: list[tuple[str, tuple[str, ...], str]] = [
    ("search (top-k) p50 ms", ("latency_ms", "search", "p50"), "down"),
    ("search (top-k) p95 ms", ("latency_ms", "search", "p95"), "down"),
    ("retrieval p50 ms", ("latency_ms", "retrieval", "p50"), "down"),
    ("retrieval p95 ms", ("latency_ms", "retrieval", "p95"), "down"),
    ("draft (rule answer shown) p50 ms", ("latency_ms", "draft", "p50"), "down"),
    ("draft (rule answer shown) p95 ms", ("latency_ms", "draft", "p95"), "down"),
    ("model reading p50 ms", ("latency_ms", "llm", "p50"), "down"),
    ("model reading p95 ms", ("latency_ms", "llm", "p95"), "down"),
    ("model translation p50 ms", ("latency_ms", "render", "p50"), "down"),
    ("total p50 ms", ("latency_ms", "total", "p50"), "down"),
    ("total p95 ms", ("latency_ms", "total", "p95"), "down"),
    ("candidate sentences (mean)", ("tokens", "candidates_mean"), ""),
    ("prompt tokens (mean)", ("tokens", "prompt_mean"), "down"),
    ("completion tokens (mean)", ("tokens", "completion_mean"), "down"),
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


def cell(summary: dict, path: tuple[str, ...]) -> str:
    v, n = get(summary, path), get_n(summary, path)
    if v is None:
        return "–"
    return f"{fmt(v)} ({n})" if n is not None else fmt(v)


def group_label(groups: dict[str, dict], name: str) -> str:
    same = groups[name].get("same_as")
    return f"{name} = {same}" if same else name


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
