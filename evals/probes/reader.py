"""Probe: the model as a reader over the ranker's best N sentences, no retrieval.

For held-out XQuAD-hi dev questions (``evals/fit/data``, the articles the
ranker was not fitted on), hand the model the ranker's best N candidate
sentences with the product's reader prompt and check (as the product does)
that its answer is copied from them. Prints how often the chosen sentence
holds the gold answer against the ranker's best sentence, the short-answer
F1, the rejections and the time per question.

    OLLAMA_HOST=127.0.0.1:11501 .venv/bin/python evals/probes/reader.py --set xquad-hi --n 3 --limit 60
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from collections import Counter
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(REPO))

from evals.fit.fit_ranker import apply, by_question, load, split_groups  # noqa: E402
from rag.answer.compose import rule_span  # noqa: E402
from rag.answer.cues import analyse  # noqa: E402
from rag.answer.prompts import answer_language  # noqa: E402
from rag.answer.rank import WEIGHTS, Candidate  # noqa: E402
from rag.answer.read import read  # noqa: E402
from rag.config import Settings  # noqa: E402
from rag.evaluate import metrics as M  # noqa: E402
from rag.llm import OllamaLLM, Usage  # noqa: E402


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--set", default="xquad-hi")
    ap.add_argument("--n", type=int, default=3, help="candidate sentences handed to the model")
    ap.add_argument("--limit", type=int, default=60)
    ap.add_argument("--llm", default="qwen2.5-coder:1.5b")
    ap.add_argument("--show", action="store_true", help="print each question, gold, rule span and reading")
    args = ap.parse_args()
    settings = Settings.load()
    llm = OllamaLLM(settings, args.llm)
    weights = json.loads(WEIGHTS.read_text(encoding="utf-8"))
    rows = [r for r in load(args.set) if r["kind"] == "own"]
    _, held = split_groups(rows)
    questions = [rs for rs in by_question([r for r in rows if r["group"] in held]).values()]
    questions = questions[:: max(1, len(questions) // args.limit)][: args.limit]
    out = Counter()
    f1_model, f1_rules, seconds = [], [], []
    for rs in questions:
        scores = apply(weights, rs)
        ranked = sorted(rs, key=lambda r: -scores[id(r)])[: args.n]
        q, golds = ranked[0]["question"], ranked[0]["answers"]
        cands = [Candidate(0, 0, len(r["text"]), r["text"]) for r in ranked]
        lang = answer_language(q, "auto")
        usage = Usage()
        t = time.perf_counter()
        reading = read(llm, q, cands, lang, usage)
        seconds.append(time.perf_counter() - t)
        out["ranker_top1"] += ranked[0]["label"]
        out["candidates_hold"] += any(r["label"] for r in ranked)
        rule = rule_span(analyse(q), cands[0])
        f1_rules.append(M.best(rule, golds)["f1"])
        if args.show:
            print(f"Q {q}\n  gold {golds[:2]}\n  rule {rule}\n  read {reading.raw.strip()[:200]!r} ok={reading.ok}",
                  flush=True)
        if reading.ok:
            out["accepted"] += 1
            chosen = ranked[reading.sentence - 1]
            out["reader_sentence"] += chosen["label"]
            f1_model.append(M.best(reading.answer, golds)["f1"])
        else:
            out[f"rejected: {reading.reason}"] += 1
            out["reader_sentence"] += ranked[0]["label"]  # the product falls back to the best sentence
            f1_model.append(f1_rules[-1])
    n = len(questions)
    print(f"{args.set}, {n} held-out questions, {args.n} candidates, {args.llm}")
    for k, v in sorted(out.items()):
        print(f"  {k}: {v} ({v / n:.3f})")
    print(f"  short F1 with the model (rules when rejected): {sum(f1_model) / n:.3f}; rules only: "
          f"{sum(f1_rules) / n:.3f}")
    print(f"  seconds per question: median {sorted(seconds)[n // 2]:.1f}")


if __name__ == "__main__":
    main()
