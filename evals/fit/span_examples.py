"""The short-answer examples of XQuAD-hi dev, for measuring and fitting spans.

For every question (Hindi, and the parallel English one over the same Hindi
paragraph): its analysed question info (an English question's words bridged
to the index's Devanagari words, as the assistant does), the gold answers,
the paragraph's sentence that holds the gold answer, and the sentence the
ranker chose (rank 0 in ``evals/fit/data/xquad-*.jsonl``, written by
``collect.py``), and the article it comes from, for splitting by article.
"""

from __future__ import annotations

import json
import sys
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(REPO))

from rag.answer.context import bridged  # noqa: E402
from rag.answer.cues import QuestionInfo, analyse  # noqa: E402
from rag.evaluate import metrics as M  # noqa: E402
from rag.text import normalize, sentence_spans  # noqa: E402

XQUAD = REPO.parent / "shared" / "data" / "xquad"
DATA = Path(__file__).resolve().parent / "data"


@dataclass
class Example:
    qid: str
    lang: str  # the question's: 'hi' or 'en'
    group: str  # the article's file name, as the eval names it
    question: str
    info: QuestionInfo
    answers: list[str]  # Hindi gold answers (and for English questions, the English ones too)
    gold_sentence: str  # the paragraph's sentence that holds the answer ('' when none does whole)
    chosen: str  # the ranker's best sentence ('' when not collected)


def _chosen() -> dict[tuple[str, str], str]:
    out = {}
    for name, lang in (("xquad-hi", "hi"), ("xquad-en-hi", "en")):
        path = DATA / f"{name}.jsonl"
        if not path.is_file():
            continue
        for line in path.read_text(encoding="utf-8").splitlines():
            r = json.loads(line)
            if r["kind"] == "own" and r["rank"] == 0:
                out[(lang, r["qid"])] = r["text"]
    return out


def _gold_sentence(context: str, start: int, text: str) -> str:
    spans = sentence_spans(context)
    at = [context[s:e] for s, e in spans if s <= start < e and M.contains_answer(context[s:e], text)]
    if at:
        return at[0]
    return next((context[s:e] for s, e in spans if M.contains_answer(context[s:e], text)), "")


def load(langs: tuple[str, ...] = ("hi", "en")) -> list[Example]:
    hi = json.loads((XQUAD / "xquad-hi-dev.json").read_text(encoding="utf-8"))["data"]
    en = json.loads((XQUAD / "xquad-en-dev.json").read_text(encoding="utf-8"))["data"]
    en_q = {qa["id"]: (qa["question"], [a["text"] for a in qa["answers"]])
            for art in en for p in art["paragraphs"] for qa in p["qas"]}
    chosen = _chosen()
    expand = _expander() if "en" in langs else None
    out = []
    for n, art in enumerate(hi, start=1):
        from rag.evaluate.sets import _safe  # the eval's own file naming
        group = f"{n:03d}-{_safe(normalize(art['title']).strip())}.txt"
        for p in art["paragraphs"]:
            context = normalize(p["context"])
            for qa in p["qas"]:
                gold = [normalize(a["text"]) for a in qa["answers"]]
                sent = _gold_sentence(context, qa["answers"][0]["answer_start"], gold[0])
                for lang in langs:
                    if lang == "hi":
                        q, answers, info = normalize(qa["question"]), gold, analyse(normalize(qa["question"]))
                    else:
                        if qa["id"] not in en_q:
                            continue
                        q = normalize(en_q[qa["id"]][0])
                        answers = gold + [normalize(a) for a in en_q[qa["id"]][1]]
                        info = analyse(q)
                        terms = expand(q) if expand else []
                        if terms:
                            info = bridged(info, terms)
                    out.append(Example(qa["id"], lang, group, q, info, answers, sent,
                                       chosen.get((lang, qa["id"]), "")))
    return out


def load_english() -> list[Example]:
    """English questions over XQuAD's English paragraphs (en→en), each with
    the English sentence that holds the gold answer; grouped by the same
    article names as ``load`` (XQuAD's languages share their articles' order),
    so one article split serves both. The chosen sentence is not collected."""
    from rag.evaluate.sets import _safe  # the eval's own file naming

    hi = json.loads((XQUAD / "xquad-hi-dev.json").read_text(encoding="utf-8"))["data"]
    en = json.loads((XQUAD / "xquad-en-dev.json").read_text(encoding="utf-8"))["data"]
    out = []
    for n, (art, art_hi) in enumerate(zip(en, hi, strict=True), start=1):
        group = f"{n:03d}-{_safe(normalize(art_hi['title']).strip())}.txt"
        for p in art["paragraphs"]:
            context = normalize(p["context"])
            for qa in p["qas"]:
                gold = [normalize(a["text"]) for a in qa["answers"]]
                q = normalize(qa["question"])
                out.append(Example(qa["id"], "en-en", group, q, analyse(q), gold,
                                   _gold_sentence(context, qa["answers"][0]["answer_start"], gold[0]), ""))
    return out


def _expander(seeds: bool = False) -> Callable[[str], list]:
    """The eval index's keyword bridge (built by ``rag eval``; cached)."""
    from rag.config import Settings
    from rag.evaluate.runner import Runner, RunOptions
    from rag.evaluate.sets import load_set

    evalset = (load_set(Path("seeds")) if seeds else
               load_set(XQUAD / "xquad-hi-dev.json", questions_from=XQUAD / "xquad-en-dev.json"))
    index = Runner(Settings.load(), evalset, RunOptions(retrieval_only=True, progress=False)).build_index()
    return index.keyword.expand


def load_seeds() -> list[Example]:
    """The repo's own news questions (``evals/seeds.jsonl``, answerable ones), from
    ``collect.py``'s seeds rows: the gold sentence is the best-ranked sentence that
    holds the answer, the chosen one rank 0. Never fitted on: a check that the
    scorer carries over from Wikipedia paragraphs to news."""
    path = DATA / "seeds.jsonl"
    rows = [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines()] if path.is_file() else []
    by_q: dict[str, list[dict]] = {}
    for r in rows:
        if r["kind"] == "own" and r["answerable"] and r["answers"]:
            by_q.setdefault(r["qid"], []).append(r)
    expand = _expander(seeds=True) if by_q else None
    out = []
    for qid, rs in by_q.items():
        rs.sort(key=lambda r: r["rank"])
        q = normalize(rs[0]["question"])
        info = analyse(q)
        terms = expand(q) if expand else []
        if terms:
            info = bridged(info, terms)
        gold = next((r["text"] for r in rs if r["label"]), "")
        out.append(Example(qid, rs[0]["lang"], qid, q, info, rs[0]["answers"], gold, rs[0]["text"]))
    return out
