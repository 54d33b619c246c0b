"""Per-question scores and their aggregation, from a question's gold data and
the system's output (the cached part of a run). Pure: no index, no model.

A record is a dict (one line of questions.jsonl): the gold fields, ``output``
(``search``: the top-k ranking, ``answer``: the pipeline's answer, absent in
retrieval-only runs), and after ``score_record``: ``scores`` and ``stage``.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable

from rag.evaluate import metrics as M

K = 10  # ranking depth for MRR@10 and nDCG@10

# Why an answerable question failed, in pipeline order (the first step that lost it).
STAGES = ("retrieval", "abstained: weak evidence", "context", "abstained: model refused", "guard",
          "model pointed only", "generation", "extractive pick", "llm error")


def _coverage(item: dict, rec: dict, texts: dict[str, str]) -> set[int]:
    text = texts.get(item["doc_id"], "")[item["start"]:item["end"]]
    return M.covered_items(text, item["doc_id"], item["start"], item["end"], rec["evidence"],
                           [tuple(s) for s in rec["spans"]])


def score_record(rec: dict, texts: dict[str, str]) -> dict:
    """Fill ``rec['scores']`` and ``rec['stage']``; ``texts`` maps doc_id to document text."""
    n_items = len(rec["evidence"]) + len(rec["spans"])
    out = rec["output"]
    s: dict = {}
    if n_items:
        covered = [_coverage(r, rec, texts) for r in out["search"]]
        gains = M.new_gains(covered)
        s.update(rank=M.first_relevant(gains), hit1=M.hit_at(gains, 1), hit5=M.hit_at(gains, 5),
                 mrr10=M.mrr_at(gains, K), ndcg10=M.ndcg_at(gains, K, n_items))
        for r, c in zip(out["search"], covered, strict=True):
            r["relevant"] = bool(c)
    ans = out.get("answer")
    if ans is None:
        rec["scores"] = s
        rec["stage"] = "ok" if not n_items or s["hit5"] else "retrieval"
        return rec
    answered = ans["mode"] != "abstained"
    s["answered"] = answered
    s["llm_error"] = ans.get("llm_error", False)
    if answered:
        s["length_words"] = len(M.answer_tokens(ans["text"]))
    golds = rec["answers"]
    if rec["answerable"] and golds:
        s.update(M.best(ans["text"], golds) if answered else {"em": 0.0, "f1": 0.0, "contains": 0.0})
        if ans.get("short") is not None:  # LLM runs only; "" when the model gave none
            short = ans["short"]
            b = M.best(short, golds) if short else {"em": 0.0, "f1": 0.0, "contains": 0.0}
            s.update(short_em=b["em"], short_f1=b["f1"])
    if n_items:
        for p in ans["passages"]:
            p["relevant"] = bool(_coverage(p, rec, texts))
        s["evidence_retrieved"] = any(p["relevant"] for p in ans["passages"])
        cited: dict[tuple, bool] = {}
        for c in ans["citations"]:
            key = (c["doc_id"], c["passage_start"], c["passage_end"])
            item = {"doc_id": c["doc_id"], "start": c["passage_start"], "end": c["passage_end"]}
            c["relevant"] = cited[key] = cited.get(key) or bool(_coverage(item, rec, texts))
        if rec["answerable"]:
            s["cited"] = len(cited)
            s["cited_relevant"] = sum(cited.values())
            s["cite_recall"] = float(any(cited.values()))
    if rec["answerable"] and (golds or rec["evidence"]):
        context = M.squash(ans.get("context") or "")
        s["evidence_in_context"] = (any(M.squash(q) in context for q in rec["evidence"] if q)
                                    or any(M.contains_answer(context, g) for g in golds))
    rec["scores"] = s
    rec["stage"] = _stage(rec, s, ans)
    return rec


def _stage(rec: dict, s: dict, ans: dict) -> str:
    if not rec["answerable"]:
        return "ok" if not s["answered"] else "hallucination"
    correct = s["contains"] > 0 if "contains" in s else s["answered"]
    if correct:
        return "ok"
    if s["llm_error"]:
        return "llm error"
    if s.get("evidence_retrieved") is False:
        return "retrieval"
    if not s["answered"] and not ans.get("llm_text"):
        return "abstained: weak evidence"  # decided before any context was selected
    if s.get("evidence_in_context") is False:
        return "context"
    if not s["answered"]:
        return "abstained: model refused"
    if ans.get("guard") and not ans["guard"]["ok"]:
        return "guard"
    if pointer_only(ans):
        return "model pointed only"
    return "generation" if ans["mode"] == "llm" else "extractive pick"


def pointer_only(ans: dict) -> bool:
    """The model replied with citation markers only, and the pipeline showed the
    pointed passages' sentences instead (extractive, no guard verdict, no failure)."""
    return (ans["mode"] == "extractive" and bool(ans.get("llm_text")) and ans.get("guard") is None
            and not ans.get("llm_error"))


# -------------------------------------------------------------- aggregation


def _rate(recs: list[dict], key: str, where: Callable[[dict], bool] = lambda r: True) -> dict:
    xs = [r["scores"][key] for r in recs if key in r["scores"] and where(r)]
    return {"value": M.mean(float(x) for x in xs), "n": len(xs)}


def _lat(values: list[float]) -> dict:
    return {"p50": M.percentile(values, 50), "p95": M.percentile(values, 95), "n": len(values)}


def summarise(recs: list[dict]) -> dict:
    """Every figure for a group of scored records (value and how many questions it rests on)."""
    answerable = [r for r in recs if r["answerable"]]
    out: dict = {
        "questions": len(recs), "answerable": len(answerable), "unanswerable": len(recs) - len(answerable),
        "retrieval": {m: _rate(recs, key) for m, key in
                      (("hit@1", "hit1"), ("hit@5", "hit5"), ("mrr@10", "mrr10"), ("ndcg@10", "ndcg10"))},
        "latency_ms": {"search": _lat([r["output"]["search_ms"] for r in recs if "search_ms" in r["output"]])},
    }
    with_answer = [r for r in recs if r["output"].get("answer")]
    if not with_answer:
        return out
    ok = [r for r in answerable if "em" in r["scores"]]
    out["answers"] = {
        "em": _rate(ok, "em"), "f1": _rate(ok, "f1"), "contains": _rate(ok, "contains"),
        "length_words": _rate(with_answer, "length_words"),
        "short_em": _rate(ok, "short_em"), "short_f1": _rate(ok, "short_f1"),
    }
    cited = sum(r["scores"].get("cited", 0) for r in answerable)
    relevant = sum(r["scores"].get("cited_relevant", 0) for r in answerable)
    out["citations"] = {
        "precision": {"value": relevant / cited if cited else None, "n": cited},
        "recall": _rate(answerable, "cite_recall"),
    }
    out["abstention"] = {
        "hallucination": _rate(recs, "answered", lambda r: not r["answerable"]),
        "refusal": {"value": M.mean(0.0 if r["scores"]["answered"] else 1.0 for r in with_answer
                                    if r["answerable"]),
                    "n": sum(1 for r in with_answer if r["answerable"])},
    }
    out["funnel"] = {
        "evidence_retrieved": _rate(answerable, "evidence_retrieved"),
        "evidence_in_context": _rate(answerable, "evidence_in_context"),
    }
    modes = Counter(r["output"]["answer"]["mode"] for r in with_answer)
    guards = Counter()
    for r in with_answer:
        g = r["output"]["answer"].get("guard")
        if g is not None:
            guards["passed" if g["ok"] else "rejected: " + (g["reason"] or "?").split(":")[0][:60]] += 1
    out["modes"] = {m: modes.get(m, 0) for m in ("llm", "extractive", "abstained")}
    out["guard"] = dict(guards)
    out["llm_errors"] = sum(1 for r in with_answer if r["scores"].get("llm_error"))
    out["pointer_only"] = sum(1 for r in with_answer if pointer_only(r["output"]["answer"]))
    out["stages"] = dict(Counter(r["stage"] for r in recs))
    timings = [r["output"]["answer"].get("timings", {}) for r in with_answer]
    tokens = [r["output"]["answer"].get("tokens", {}) for r in with_answer]
    out["latency_ms"].update({
        name: _lat([t[key] for t in timings if t.get(key)])
        for name, key in (("retrieval", "retrieval_ms"), ("first_token", "first_token_ms"),
                          ("total", "total_ms"))
    })
    # The evaluation-only short-answer request, mostly served from Ollama's prompt cache.
    out["latency_ms"]["short_answer"] = _lat([a["short_ms"] for a in (r["output"]["answer"] for r in with_answer)
                                              if a.get("short_ms")])
    prompt = [t["prompt"] for t in tokens if t.get("prompt")]
    out["tokens"] = {"prompt_mean": M.mean(prompt), "prompt_p50": M.percentile(prompt, 50),
                     "completion_mean": M.mean(t["completion"] for t in tokens if t.get("completion")),
                     "n": len(prompt)}
    return out


def groups(recs: list[dict]) -> dict[str, list[dict]]:
    """The groups every figure is broken down by: all, question language,
    cross-lingual pair (question → corpus language), question type and answer mode."""
    out: dict[str, list[dict]] = {"all": recs}
    for field, prefix in (("lang", "lang"), ("pair", "pair"), ("type", "type")):
        for value in sorted({r[field] for r in recs if r.get(field)}):
            out[f"{prefix}:{value}"] = [r for r in recs if r.get(field) == value]
    for mode in ("llm", "extractive", "abstained"):  # how good each kind of answer is
        members = [r for r in recs if (r["output"].get("answer") or {}).get("mode") == mode]
        if members:
            out[f"mode:{mode}"] = members
    return out


def summarise_groups(recs: list[dict]) -> dict[str, dict]:
    return {name: summarise(rs) for name, rs in groups(recs).items()}
