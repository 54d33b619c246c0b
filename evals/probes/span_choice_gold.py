"""Probe: the model choosing among the span scorer's phrases of the *gold* sentence.

A second try of ``span_choice.py`` with the sentence known to hold the answer
(so only the span is at stake), four non-overlapping options, and optionally
the same options in reverse order (``rev``: does the model pick the same
phrase?). Fit articles were used to write the prompt, held-out ones report.

    OLLAMA_HOST=127.0.0.1:11501 .venv/bin/python evals/probes/span_choice_gold.py held hi 60 v1
    # fit|held, hi|en, how many, v1|v2|rev; writes /tmp/exp/mc-<part>-<lang>-<variant>.json

Measured 2026-12-01 (qwen2.5-coder:1.5b, token F1 against the gold answers):

| articles, questions | scorer's first | model's pick | best of the four |
|---|---|---|---|
| fit, Hindi, 40 | 0.348 | 0.461 | 0.711 |
| held out, Hindi, 60 | 0.442 | 0.344 | 0.682 |
| held out, English, 60 | 0.428 | 0.428 | 0.671 |

With the options reversed the model named the same phrase for 18 of 40 and
21 of 60 questions, and its reversed picks scored 0.28 / 0.21: its choice is
mostly position, not reading. Taking its pick only when both orders agree gave
0.400 held out against the scorer's 0.442. Not built (as span_choice.py found).
"""

from __future__ import annotations

import json
import os
import sys
import time
from pathlib import Path

import numpy as np
import ollama

REPO = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(REPO))
sys.path.insert(0, str(REPO / "evals" / "fit"))

from span_examples import load  # noqa: E402

from rag.answer.span import WEIGHTS  # noqa: E402
from rag.answer.span.features import candidates  # noqa: E402
from rag.evaluate import metrics as M  # noqa: E402

K = 4
LETTERS = "ABCDEF"
SYSTEM = "You pick which phrase answers a question. The phrases are copied from the sentence. Reply with JSON only."
OUT = Path("/tmp/exp")


def user(sentence: str, question: str, opts: list[str], variant: str, lang: str) -> str:
    lines = "\n".join(f"{LETTERS[k]}. {o}" for k, o in enumerate(opts))
    if variant == "v2":
        wh = "कौन/क्या/कब/कहाँ/कितने/किस" if lang == "hi" else "who/what/when/where/how many/which"
        return (f"Sentence: {sentence}\n\nQuestion: {question}\n\nThe answer is one of these phrases of the "
                f"sentence:\n{lines}\n\nThe question word ({wh}) stands for the answer. Give \"choice\": the "
                "letter of the phrase that fills its place.")
    return (f"Sentence: {sentence}\n\nQuestion: {question}\n\nPhrases:\n{lines}\n\n"
            "Which phrase is the answer to the question? Give \"choice\": its letter.")


def ask(client: ollama.Client, text: str, n: int) -> int:
    schema = {"type": "object", "properties": {"choice": {"type": "string", "enum": list(LETTERS[:n])}},
              "required": ["choice"]}
    r = client.chat(model="qwen2.5-coder:1.5b", messages=[{"role": "system", "content": SYSTEM},
                                                          {"role": "user", "content": text}],
                    format=schema, options={"temperature": 0, "num_predict": 12}, keep_alive="30m")
    try:
        return LETTERS.index(json.loads(r.message.content)["choice"])
    except (ValueError, KeyError, TypeError):
        return 0


def main() -> None:
    part, lang, n, variant = sys.argv[1], sys.argv[2], int(sys.argv[3]), sys.argv[4] if len(sys.argv) > 4 else "v1"
    w = json.loads(WEIGHTS.read_text(encoding="utf-8"))
    arts = set(w["fit"]["held_out_articles" if part == "held" else "fit_articles"])
    ex = [e for e in load((lang,)) if e.group in arts and e.gold_sentence]
    ex = ex[:: max(1, len(ex) // n)][:n]
    names, mean, scale, coef = w["features"], w["mean"], w["scale"], w["coef"]
    client = ollama.Client(host=os.environ.get("OLLAMA_HOST", "127.0.0.1:11501"))
    out = []
    t0 = time.time()
    for e in ex:
        ws, cands = candidates(e.info, e.gold_sentence)
        if not cands:
            continue
        scored = sorted(((sum((f.get(a, 0.0) - m) / s * c for a, m, s, c in zip(names, mean, scale, coef, strict=True)),
                          i, j) for i, j, f in cands), reverse=True)
        chosen: list[tuple[int, int, float]] = []
        for z, i, j in scored:  # the best K that do not overlap
            if all(j <= a or i >= b for a, b, _ in chosen):
                chosen.append((i, j, z))
            if len(chosen) == K:
                break
        opts = [e.gold_sentence[ws[i].start:ws[j - 1].end] for i, j, _ in chosen]
        f1s = [M.best(o, e.answers)["f1"] for o in opts]
        ch = ask(client, user(e.gold_sentence, e.question, opts, variant, lang), len(opts))
        rev = None
        if variant == "rev":
            rev = len(opts) - 1 - ask(client, user(e.gold_sentence, e.question, opts[::-1], "v1", lang), len(opts))
        out.append({"q": e.question, "opts": opts, "f1s": f1s, "choice": ch, "rev": rev,
                    "z": [z for *_, z in chosen]})
    print(f"{part} {lang} {variant} n={len(out)} scorer's first F1 {np.mean([o['f1s'][0] for o in out]):.3f}  "
          f"model's pick {np.mean([o['f1s'][o['choice']] for o in out]):.3f}  "
          f"best of {K} {np.mean([max(o['f1s']) for o in out]):.3f}  {time.time() - t0:.0f} s")
    if variant == "rev":
        agree = sum(o["choice"] == o["rev"] for o in out)
        both = np.mean([o["f1s"][o["choice"]] if o["choice"] == o["rev"] else o["f1s"][0] for o in out])
        print(f"same pick both orders {agree}/{len(out)}; that pick else the scorer's {both:.3f}")
    OUT.mkdir(exist_ok=True)
    (OUT / f"mc-{part}-{lang}-{variant}.json").write_text(json.dumps(out, ensure_ascii=False), encoding="utf-8")


if __name__ == "__main__":
    main()
