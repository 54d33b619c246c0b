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
from rag.text import detect_language

K = 10  # ranking depth for MRR@10 and nDCG@10

# Why an answerable question failed, in pipeline order (the first step that lost it).
STAGES = ("retrieval", "abstained", "candidates", "llm error", "reader rejected", "reader pick",
          "extractive pick")
_ZERO = {"em": 0.0, "f1": 0.0, "contains": 0.0}


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
    s["llm_error"] = bool(ans.get("llm_error"))
    if (ans.get("answerability") or {}).get("score") is not None:
        s["answerability_score"] = ans["answerability"]["score"]
    if answered:
        s["length_words"] = len(M.answer_tokens(ans["text"]))
        s["in_language"] = _in_language(ans, rec.get("lang") or ans.get("language") or "")
        if ans.get("translation"):  # the model was asked to translate the words: was it shown?
            s["translated"] = float(ans["translation"]["ok"])
        if ans.get("gloss"):  # a word-by-word gloss was tried: was it shown?
            s["glossed"] = float(ans["gloss"]["ok"] and ans.get("short") == ans["gloss"]["text"])
    golds = rec["answers"]
    if rec["answerable"] and golds:
        s.update(M.best(ans["text"], golds) if answered else _ZERO)
        # The supporting sentence alone: did the pick land on the right sentence?
        s["quote_contains"] = M.best(ans.get("quote") or "", golds)["contains"] if answered else 0.0
        if "short" in ans:  # the few answering words, both modes ('' when abstained)
            # Shown as "Andrei Belosov (आंद्रेई बेलोसोव)" when spelled or translated: both forms count.
            forms = [f for f in dict.fromkeys((ans["short"], ans.get("short_source") or "")) if f]
            b = max((M.best(f, golds) for f in forms), key=lambda x: (x["f1"], x["em"])) if forms else _ZERO
            s.update(short_em=b["em"], short_f1=b["f1"])
        if ans.get("candidates"):  # model runs: could the reader have picked a right sentence at all?
            s["candidates_contain"] = float(_in_candidates(ans.get("context") or "", golds))
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
    rec["scores"] = s
    rec["stage"] = _stage(rec, s, ans)
    return rec


def _in_candidates(context: str, golds: list) -> bool:
    """A gold answer within one candidate sentence (a line of the listing), so
    that words spanning two sentences do not count; a combined answer's parts
    may sit in different sentences."""
    lines = context.splitlines()
    return any(any(M.contains_answer(line, g) for line in lines) if isinstance(g, str)
               else M.contains_answer(context, g) for g in golds)


def _stage(rec: dict, s: dict, ans: dict) -> str:
    if not rec["answerable"]:
        return "ok" if not s["answered"] else "hallucination"
    correct = s["contains"] > 0 if "contains" in s else s["answered"]
    if correct:
        return "ok"
    if s.get("evidence_retrieved") is False:
        return "retrieval"
    if not s["answered"]:
        return "abstained"  # the answerability verdict said no (or nothing was retrieved)
    if s.get("candidates_contain") == 0.0:
        return "candidates"
    if s["llm_error"]:
        return "llm error"
    if ans["mode"] == "extractive" and ans.get("reader"):
        return "reader rejected"
    return "reader pick" if ans["mode"] == "llm" else "extractive pick"


# -------------------------------------------------------------- aggregation


def _rate(recs: list[dict], key: str, where: Callable[[dict], bool] = lambda r: True) -> dict:
    xs = [r["scores"][key] for r in recs if key in r["scores"] and where(r)]
    return {"value": M.mean(float(x) for x in xs), "n": len(xs)}


def _lat(values: list[float]) -> dict:
    return {"p50": M.percentile(values, 50), "p95": M.percentile(values, 95), "n": len(values)}


def _in_language(ans: dict, lang: str) -> float:
    """1.0 when the words shown first (the short answer, else the answer's
    first line) are in the question's language, or carry no letters (a number)."""
    shown = ans.get("short") or ans["text"].strip().split("\n")[0]
    found = detect_language(shown)
    return float(found in (lang, ""))


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
        "quote_contains": _rate(ok, "quote_contains"), "candidates_contain": _rate(ok, "candidates_contain"),
        "short_em": _rate(ok, "short_em"), "short_f1": _rate(ok, "short_f1"),
        "length_words": _rate(with_answer, "length_words"),
        "in_language": _rate(with_answer, "in_language"),
        "translated": _rate(with_answer, "translated"),
        "glossed": _rate(with_answer, "glossed"),
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
    out["funnel"] = {"evidence_retrieved": _rate(answerable, "evidence_retrieved")}
    answers = [r["output"]["answer"] for r in with_answer]
    modes = Counter(a["mode"] for a in answers)
    out["modes"] = {m: modes.get(m, 0) for m in ("llm", "extractive", "abstained")}
    out["reader_rejections"] = dict(Counter(a["reader"][:80] for a in answers if a.get("reader")))
    out["llm_errors"] = sum(1 for r in with_answer if r["scores"].get("llm_error"))
    out["stages"] = dict(Counter(r["stage"] for r in recs))
    timings = [a.get("timings", {}) for a in answers]
    tokens = [a.get("tokens", {}) for a in answers]
    out["latency_ms"].update({
        name: _lat([t[key] for t in timings if t.get(key)])
        for name, key in (("retrieval", "retrieval_ms"), ("draft", "draft_ms"), ("llm", "llm_ms"),
                          ("render", "render_ms"), ("total", "total_ms"))
    })
    prompt = [t["prompt"] for t in tokens if t.get("prompt")]
    out["tokens"] = {"prompt_mean": M.mean(prompt), "prompt_p50": M.percentile(prompt, 50),
                     "completion_mean": M.mean(t["completion"] for t in tokens if t.get("completion")),
                     "candidates_mean": M.mean(a["candidates"] for a in answers if a.get("candidates")),
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


# ------------------------------------------------------- answerability curve


def answerability_curve(recs: list[dict], threshold: float | None = None, step: float = 0.05) -> dict | None:
    """What each abstention threshold would do, from the answerability scores
    recorded: hallucination (unanswerable questions scoring ≥ t, so answered)
    against false refusal (answerable ones scoring < t), for t = 0, step, … 1,
    and at the run's ``threshold``. None unless both kinds of question have a
    score. An abstention for another reason (nothing retrieved) carries its
    score too (0), so the curve is the pipeline's own rule."""
    pairs = [(r["answerable"], r["scores"]["answerability_score"]) for r in recs
             if "answerability_score" in r.get("scores", {})]
    yes = [x for a, x in pairs if a]
    no = [x for a, x in pairs if not a]
    if not yes or not no:
        return None

    def row(t: float) -> dict:
        return {"threshold": t, "hallucination": sum(x >= t for x in no) / len(no),
                "refusal": sum(x < t for x in yes) / len(yes)}

    steps = round(1 / step)
    return {"answerable": len(yes), "unanswerable": len(no), "auc": auc(yes, no),
            "rows": [row(round(i * step, 4)) for i in range(steps + 1)],
            "threshold": threshold, "at_threshold": None if threshold is None else row(threshold)}


def auc(positive: list[float], negative: list[float]) -> float | None:
    """The chance that a random positive scores above a random negative (ties
    count half): how well a score separates them; 0.5 = no signal."""
    if not positive or not negative:
        return None
    return sum((p > n) + 0.5 * (p == n) for p in positive for n in negative) / (len(positive) * len(negative))
