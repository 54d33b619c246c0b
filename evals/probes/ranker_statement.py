"""Probe: the question as a statement, embedded as a passage, as a ranker feature (issue #10).

The question with its question words and English auxiliaries out ("BSkyB की
मानक परिभाषा प्रसारण अनुरूप है") is embedded with e5's "passage: " prefix
(``decl_p``) or "query: " (``decl_q``), and the question itself as a passage
(``q_p``); each one's cosine with a candidate sentence is added to the shipped
ranker's features and fitted both ways over the XQuAD articles as
``evals/fit/ranker_trials.py`` does, won and lost questions against the
shipped features refitted on the same half (seventeenth session: Hindi
+6/−6 and +7/−6, English +5/−2 and +6/−3: noise, not kept).

    .venv/bin/python evals/probes/ranker_statement.py   # after evals/fit/collect.py; embeds ~1,100 sentences
"""

from __future__ import annotations

import re
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(REPO))

from evals.fit.fit_ranker import SETS, USED, load  # noqa: E402
from evals.fit.ranker_trials import split_groups, two_fold_cell  # noqa: E402
from rag.answer.cues import _QWORDS  # noqa: E402
from rag.config import Settings  # noqa: E402
from rag.embed import Embedder  # noqa: E402

_AUX = re.compile(r"^(do|does|did|is|are|was|were|has|have|had|can|could|will|would)$", re.I)


def statement(question: str) -> str:
    """The question's words without its question words and auxiliaries."""
    return " ".join(w for w in question.replace("?", " ").split()
                    if not _QWORDS.match(w.strip(",.")) and not _AUX.match(w))


def main() -> None:
    rows = [r for name in SETS for r in load(name) if r["kind"] == "own"]
    embedder = Embedder(Settings())
    texts = sorted({r["text"] for r in rows})
    questions = sorted({r["question"] for r in rows})
    sentence = dict(zip(texts, embedder.embed_passages(texts), strict=True))
    as_passage = dict(zip(questions, embedder.embed_passages([statement(q) for q in questions]), strict=True))
    as_query = dict(zip(questions, embedder.embed_queries([statement(q) for q in questions]), strict=True))
    whole = dict(zip(questions, embedder.embed_passages(questions), strict=True))
    for r in rows:
        v = sentence[r["text"]]
        r["features"] |= {"decl_p": float(as_passage[r["question"]] @ v), "decl_q": float(as_query[r["question"]] @ v),
                          "q_p": float(whole[r["question"]] @ v)}
    halves = split_groups(rows)
    for l2 in (0.1, 0.3):
        for name, feats in {"+decl_p": (*USED, "decl_p"), "+q_p": (*USED, "q_p"), "+decl_q": (*USED, "decl_q"),
                            "+decl_p +decl_q": (*USED, "decl_p", "decl_q")}.items():
            cells = [two_fold_cell(rows, halves, lang, feats, USED, l2) for lang in ("hi", "en")]
            print(f"L2 {l2} {name:18s} hi {cells[0]:18s} en {cells[1]}", flush=True)


if __name__ == "__main__":
    main()
