"""Probe: a model run's readings replayed through today's answer-word steps.

The reader's prompt (the ranked best sentence, the question) does not change
when only the steps after it do, so neither does the model's reply: this
takes each reply recorded in a ``rag eval`` run made with a model
(``questions.jsonl``: ``llm_text``), and where the pipeline took it (no
``reader`` reason recorded) re-applies today's ``span.completed`` to the
copied words; where it did not, the words are those of a no-model run at
today's code on the same questions. Prints short F1 over the answerable
questions of the model run: recorded, replayed, and the no-model run's, with
the questions replayed differently from the no-model run. A replay of
recorded replies, not a new model run; the question is analysed without the
index's bridge (exact for Hindi questions over Hindi articles).

    .venv/bin/python evals/probes/reader_replay_whole.py MODEL_RUN_DIR NO_MODEL_RUN_DIR
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(REPO))

from rag.answer.cues import analyse  # noqa: E402
from rag.answer.read import locate  # noqa: E402
from rag.answer.span import completed  # noqa: E402
from rag.evaluate import metrics as M  # noqa: E402


def _rows(run: Path) -> dict[str, dict]:
    lines = (run / "questions.jsonl").read_text(encoding="utf-8").splitlines()
    return {r["id"]: r for r in map(json.loads, lines)}


def replay(model_run: Path, plain_run: Path) -> None:
    model, plain = _rows(model_run), _rows(plain_run)
    recorded = replayed = no_model = 0.0
    n, won, lost = 0, [], []
    for qid, r in model.items():
        if not r["answerable"] or qid not in plain:
            continue
        n += 1
        a, p = r["output"]["answer"], plain[qid]
        recorded += r["scores"].get("short_f1") or 0.0
        base = p["scores"].get("short_f1") or 0.0
        no_model += base
        f1 = base
        quote = a.get("quote") or ""
        if a.get("llm_text") and not a.get("reader") and a.get("mode") != "abstained":
            words = json.loads(a["llm_text"]).get("answer", "")
            at = locate(words, quote)
            if at is not None:
                f1 = M.best(completed(analyse(r["question"]), quote, quote[at[0]:at[1]]), r["answers"])["f1"]
        replayed += f1
        if f1 > base + 1e-9:
            won.append(r["question"][:60])
        elif f1 < base - 1e-9:
            lost.append(r["question"][:60])
    print(f"{model_run}: {n} answerable questions; short F1 recorded {recorded / n:.3f}, replayed "
          f"{replayed / n:.3f}, no model (today) {no_model / n:.3f}; replay above no model on {len(won)}, "
          f"below on {len(lost)}")


if __name__ == "__main__":
    if len(sys.argv) != 3:
        sys.exit(__doc__)
    replay(Path(sys.argv[1]), Path(sys.argv[2]))
