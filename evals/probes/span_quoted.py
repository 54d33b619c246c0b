"""Probe: where the quotation rule (``rag/answer/span/quoted.py``) fires on dev data.

For every answerable question of the collected candidates (``evals/fit/collect.py``
writes ``evals/fit/data``), takes the ranker's best sentence; where the rule
gives words, scores them and the fitted scorer's words (the rule switched off)
against the gold answers (short F1, summed), and prints each such question.
The question is analysed without the index's bridge, as in the other probes.

    .venv/bin/python evals/probes/span_quoted.py [SET ...]   # default: xquad-hi xquad-en-hi xquad-en seeds
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(REPO))

from rag.answer.cues import analyse  # noqa: E402
from rag.answer.span import quoted, short_answer  # noqa: E402
from rag.evaluate.metrics import best  # noqa: E402

DATA = REPO / "evals" / "fit" / "data"


def without_rule(info, sentence: str):  # noqa: ANN001, ANN201
    keep = quoted.quoted_answer
    quoted.quoted_answer = lambda *_: None
    try:
        return short_answer(info, sentence)
    finally:
        quoted.quoted_answer = keep


def main() -> None:
    for name in sys.argv[1:] or ["xquad-hi", "xquad-en-hi", "xquad-en", "seeds"]:
        seen: set[str] = set()
        n, before, after = 0, 0.0, 0.0
        for line in (DATA / f"{name}.jsonl").read_text(encoding="utf-8").splitlines():
            r = json.loads(line)
            if r["kind"] != "own" or r["rank"] != 0 or not r["answerable"] or r["qid"] in seen:
                continue
            seen.add(r["qid"])
            info = analyse(r["question"])
            rule = quoted.quoted_answer(info, r["text"])
            if rule is None:
                continue
            old = without_rule(info, r["text"])
            f_old = best(old.text if old else r["text"], r["answers"])["f1"]
            f_new = best(rule.text, r["answers"])["f1"]
            n, before, after = n + 1, before + f_old, after + f_new
            print(f"  {f_old:.2f} -> {f_new:.2f} | {r['question'][:60]} | {(old.text if old else '')[:40]} "
                  f"=> {rule.text[:40]} | gold {r['answers'][0][:30]}")
        print(f"{name}: fires on {n} questions, short F1 summed {before:.2f} -> {after:.2f}")


if __name__ == "__main__":
    main()
