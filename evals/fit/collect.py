"""Collect answer-sentence features from the dev data, for fitting.

For every question of XQuAD-hi dev (Hindi questions, and the parallel English
ones), XQuAD-en dev (English questions over the English paragraphs),
NoMIRACL-hi dev and the seed questions (evals/seeds.jsonl), retrieve as the
assistant does, gather and rank the sentences (``rag.answer.context.gather``,
the product's own code) and write one row per candidate sentence: its features, whether it holds the gold
answer, and the question's group (XQuAD article or NoMIRACL query) for
splitting. XQuAD questions are asked a second time with their own article
filtered out: the passages then cannot answer them, which gives unanswerable
examples in both languages for the answerability fit. And a third time over
all articles less the passages of the paragraph that answers them ("near"):
the rest of its own article on the same topic, the detail asked for missing,
as in a news question about something the article does not say (kept only
when no passage left holds a gold answer).

    .venv/bin/python evals/fit/collect.py [SET ...] [--out DIR]   # writes evals/fit/data/*.jsonl

Uses only ../shared/data (dev). Takes about 10 minutes on 2 cores.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(REPO))

from rag.answer.context import gather  # noqa: E402
from rag.answer.rank import Idf  # noqa: E402
from rag.config import Settings  # noqa: E402
from rag.evaluate import metrics as M  # noqa: E402
from rag.evaluate.runner import Runner, RunOptions  # noqa: E402
from rag.evaluate.sets import load_set  # noqa: E402
from rag.index import Filters  # noqa: E402
from rag.retrieve import Retriever  # noqa: E402

DATA = REPO.parent / "shared" / "data"
OUT = Path(__file__).resolve().parent / "data"


def rows_for(name: str, evalset_args: dict, settings: Settings, negatives: bool) -> list[dict]:
    evalset = load_set(**evalset_args)
    runner = Runner(settings, evalset, RunOptions(retrieval_only=True, progress=False))
    index = runner.build_index()
    runner._resolver(index)
    idf = Idf.from_store(index.store)
    retriever = Retriever(index)
    all_docs = tuple(d.doc_id for d in index.store.documents())
    out: list[dict] = []
    for n, q in enumerate(evalset.questions):
        rec = runner.resolve(q)
        gold_docs = {s[0] for s in rec["spans"]}
        runs = [("own", Filters(doc_ids=tuple(rec["scope"])) if rec["scope"] else None, q.answerable)]
        if negatives:
            runs.append(("other", Filters(doc_ids=tuple(d for d in all_docs if d not in gold_docs)), False))
        if negatives and rec["spans"]:
            runs.append(("near", None, False))
        for kind, filters, answerable in runs:
            if kind == "near":  # every article, less the passages of the answering paragraph
                results = [r for r in retriever.search(q.question, top_k=settings.context_passages + 4,
                                                       filters=filters)
                           if not any(r.doc_id == d and r.start < e and s < r.end for d, s, e in rec["spans"])]
                results = results[:settings.context_passages]
                if not results or any(M.contains_answer(r.text, g) for r in results for g in q.answers):
                    continue
            else:
                results = retriever.search(q.question, top_k=settings.context_passages, filters=filters)
            ev = gather(retriever.dense_query(q.question, results), results, index.embedder, idf,
                        index.keyword.expand(q.question), every_feature=True)
            group = rec["docs"][0] if evalset.format == "squad" and rec["docs"] else q.id
            for rank, c in enumerate(ev.ranked):
                r = results[c.passage]
                gold_passage = any(r.doc_id == d and r.start < e and s < r.end for d, s, e in rec["spans"])
                out.append({
                    "set": name, "qid": q.id, "kind": kind, "group": group, "lang": q.lang,
                    "type": ev.question.answer_type, "answerable": answerable, "rank": rank, "passage": c.passage,
                    "start": c.start,
                    "label": bool(answerable and q.answers and any(M.contains_answer(c.text, g) for g in q.answers)),
                    "gold_passage": bool(answerable and gold_passage), "features": c.features,
                    "text": c.text, "answers": q.answers if answerable else [], "question": q.question,
                })
        if n % 20 == 0:
            print(f"{name}: {n}/{len(evalset.questions)}", file=sys.stderr, flush=True)
    return out


def main() -> None:
    settings = Settings.load()
    OUT.mkdir(parents=True, exist_ok=True)
    xq = DATA / "xquad"
    jobs = {
        "xquad-hi": ({"path": xq / "xquad-hi-dev.json"}, True),
        "xquad-en-hi": ({"path": xq / "xquad-hi-dev.json", "questions_from": xq / "xquad-en-dev.json"}, True),
        # English questions over the English paragraphs (en→en; twelfth session).
        "xquad-en": ({"path": xq / "xquad-en-dev.json"}, True),
        "nomiracl-hi": ({"path": DATA / "nomiracl-hi" / "nomiracl-hi-dev.jsonl"}, False),
        # The repo's own seed questions (news, Hindi and English, answerable and not).
        "seeds": ({"path": Path("seeds")}, False),
    }
    argv = sys.argv[1:]
    out_dir = OUT
    if "--out" in argv:  # elsewhere than evals/fit/data (a variant's collect, kept apart)
        at = argv.index("--out")
        out_dir = Path(argv[at + 1])
        out_dir.mkdir(parents=True, exist_ok=True)
        del argv[at:at + 2]
    only = set(argv)
    for name, (args, negatives) in jobs.items():
        if only and name not in only:
            continue
        rows = rows_for(name, args, settings, negatives)
        with (out_dir / f"{name}.jsonl").open("w", encoding="utf-8") as f:
            for row in rows:
                f.write(json.dumps(row, ensure_ascii=False) + "\n")
        print(f"{name}: {len(rows)} candidate sentences", file=sys.stderr)


if __name__ == "__main__":
    main()
