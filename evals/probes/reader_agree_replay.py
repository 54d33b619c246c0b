"""Probe: replay a model run's rejected readings under the verified "agree" check.

Under ``reader_policy = "agree"`` the model's copy used to count only when it
shared a word with the span scorer's words. This reads a ``rag eval`` run made
with a model (its ``questions.jsonl``), takes each reading rejected for that
reason, and asks whether ``read.plausible`` would accept it (a copy from the
quoted sentence, not only the question's words, of the kind asked); for those
it scores the model's words against the gold answers instead of the shown
ones. Prints short F1 over the answerable questions before and after, and
every changed answer. The question is analysed without the index's bridge, so
an English question's words in a Hindi copy are not recognised as its own
here (the product's check sees them): a bound, not the product's figure.

    .venv/bin/python evals/probes/reader_agree_replay.py RUN_DIR [RUN_DIR ...]
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(REPO))

from rag.answer.cues import analyse  # noqa: E402
from rag.answer.read import locate, plausible  # noqa: E402
from rag.evaluate import metrics as M  # noqa: E402

REJECTED = "the model's words are not the ranked answer's"


def replay(run: Path) -> None:
    rows = [json.loads(line) for line in (run / "questions.jsonl").read_text(encoding="utf-8").splitlines()]
    before = after = 0.0
    n = 0
    changed = []
    for r in rows:
        if not r["answerable"]:
            continue
        n += 1
        a = r["output"]["answer"]
        f1 = r["scores"].get("short_f1") or 0.0
        before += f1
        if a.get("reader") == REJECTED:
            words = json.loads(a["llm_text"])["answer"]
            if locate(words, a.get("quote") or "") is not None and plausible(analyse(r["question"]), words):
                new = M.best(words, r["answers"])["f1"]
                changed.append((round(f1, 2), round(new, 2), words[:30], r["question"][:50]))
                f1 = new
        after += f1
    print(f"{run}: {n} answerable, short F1 {before / max(n, 1):.3f} -> {after / max(n, 1):.3f}")
    for c in changed:
        print("   ", c)


if __name__ == "__main__":
    for arg in sys.argv[1:]:
        replay(Path(arg))
