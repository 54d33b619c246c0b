"""Probe: the model as a chooser among the span scorer's best k candidate spans.

A narrower task than copying (it answers with a letter, always verifiable):
on held-out XQuAD-hi dev questions (odd articles), the ranker's best sentence
and the span scorer's k best non-overlapping spans are shown to the model,
which picks one. Prints the short-answer F1 of the scorer's first span, of
the model's pick, and of the best of the k (the ceiling).

    OLLAMA_HOST=127.0.0.1:11501 .venv/bin/python evals/probes/span_choice.py --limit 40

Measured 2026-12-01 (qwen2.5-coder:1.5b, 40 questions, k=3, machine shared):
top-1 0.398, the model's pick 0.339, ceiling 0.544, 24.5 s a question: the
model picks worse than the scorer, so the product does not ask it to.
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(REPO))

from evals.fit.fit_ranker import apply, by_question, load, split_groups  # noqa: E402
from rag.answer.cues import QuestionInfo, analyse  # noqa: E402
from rag.answer.rank import WEIGHTS  # noqa: E402
from rag.answer.span import WEIGHTS as SPAN_WEIGHTS  # noqa: E402
from rag.answer.span.features import candidates, span_type  # noqa: E402
from rag.answer.span.learned import _complete  # noqa: E402
from rag.config import Settings  # noqa: E402
from rag.evaluate import metrics as M  # noqa: E402
from rag.llm import OllamaLLM  # noqa: E402

LETTERS = "ABCDE"


def top_spans(info: QuestionInfo, sentence: str, k: int, w: dict) -> list[str]:
    """The scorer's k best spans, none overlapping another by more than half."""
    ws, cands = candidates(info, sentence)
    scored = sorted(((sum((f.get(n, 0.0) - m) / s * c for n, m, s, c in
                          zip(w["features"], w["mean"], w["scale"], w["coef"], strict=True)), i, j)
                     for i, j, f in cands), reverse=True)
    out: list[tuple[int, int]] = []
    for _, i, j in scored:
        i, j = _complete(sentence, ws, i, j, span_type(info))
        a, b = ws[i].start, ws[j - 1].end
        if any(min(b, b2) - max(a, a2) > 0.5 * min(b - a, b2 - a2) for a2, b2 in out):
            continue
        out.append((a, b))
        if len(out) == k:
            break
    return [sentence[a:b] for a, b in out]


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--set", default="xquad-hi")
    ap.add_argument("--limit", type=int, default=40)
    ap.add_argument("--k", type=int, default=3)
    ap.add_argument("--llm", default="qwen2.5-coder:1.5b")
    ap.add_argument("--show", action="store_true")
    args = ap.parse_args()
    span_w = json.loads(SPAN_WEIGHTS.read_text(encoding="utf-8"))
    ranker = json.loads(WEIGHTS.read_text(encoding="utf-8"))
    llm = OllamaLLM(Settings.load(), args.llm)
    rows = [r for r in load(args.set) if r["kind"] == "own"]
    _, held = split_groups(rows)
    qs = list(by_question([r for r in rows if r["group"] in held]).values())
    qs = qs[:: max(1, len(qs) // args.limit)][: args.limit]
    schema = {"type": "object", "properties": {"option": {"type": "string", "enum": [*LETTERS[: args.k], "none"]}},
              "required": ["option"]}
    f_top = f_pick = f_ceiling = 0.0
    seconds: list[float] = []
    for rs in qs:
        scores = apply(ranker, rs)
        best = max(rs, key=lambda r: scores[id(r)])
        q, golds, sentence = best["question"], best["answers"], best["text"]
        opts = top_spans(analyse(q), sentence, args.k, span_w)
        if not opts:
            continue
        listed = "\n".join(f"{LETTERS[i]}) {o}" for i, o in enumerate(opts))
        msgs = [{"role": "system", "content": "You answer reading-comprehension questions by choosing one option. "
                                              "Reply with JSON only."},
                {"role": "user", "content": f"Sentence: {sentence}\n\nQuestion: {q}\n\nWhich of these phrases "
                                            f"from the sentence answers the question?\n{listed}\n"
                                            'Give "option": the letter, or "none".'}]
        t = time.perf_counter()
        raw, _ = llm.complete(msgs, num_predict=12, format=schema)
        seconds.append(time.perf_counter() - t)
        try:
            pick = str(json.loads(raw)["option"])
        except (ValueError, KeyError, TypeError):
            pick = "none"
        chosen = opts[LETTERS.index(pick)] if pick in LETTERS[: len(opts)] else opts[0]
        a, b = M.best(opts[0], golds)["f1"], M.best(chosen, golds)["f1"]
        f_top, f_pick = f_top + a, f_pick + b
        f_ceiling += max(M.best(o, golds)["f1"] for o in opts)
        if args.show:
            print(f"{a:.2f} {b:.2f} {pick} | {q[:60]} | {golds[0][:30]} | {opts}", flush=True)
    n = len(seconds)
    print(f"{args.set}, {n} held-out questions, k={args.k}: F1 scorer's first {f_top / n:.3f}, "
          f"model's pick {f_pick / n:.3f}, ceiling {f_ceiling / n:.3f}; median {sorted(seconds)[n // 2]:.1f} s")


if __name__ == "__main__":
    main()
