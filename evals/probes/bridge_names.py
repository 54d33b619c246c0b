"""How many of an English question's names the bridge finds in a Hindi index,
checked against the parallel Hindi question (a probe, not a metric).

XQuAD's English and Hindi dev questions are translations of each other, so a
bridged match for a capitalised word of the English question is *confirmed*
when the Hindi question has that token too. Unconfirmed is not always wrong
(the Hindi question may use another form: European ~ यूरोप, यूरोपीय), but
confirmed ones are right. Prints counts and some unconfirmed matches.

    .venv/bin/python evals/probes/bridge_names.py
"""

from __future__ import annotations

import re
import sys
from collections import Counter
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(REPO))

from rag.bridge.phonetic import latin_key  # noqa: E402
from rag.config import Settings  # noqa: E402
from rag.evaluate.runner import Runner, RunOptions  # noqa: E402
from rag.evaluate.sets import load_set  # noqa: E402
from rag.text import fold, keyword_tokens, stopwords  # noqa: E402

XQUAD = REPO.parent / "shared" / "data" / "xquad"


def main() -> None:
    en = load_set(XQUAD / "xquad-hi-dev.json", questions_from=XQUAD / "xquad-en-dev.json")
    hindi = {q.id: q.question for q in load_set(XQUAD / "xquad-hi-dev.json").questions}
    index = Runner(Settings.load(), en, RunOptions(retrieval_only=True, progress=False)).build_index()
    bridge = index.keyword.bridge
    if bridge is None:
        raise SystemExit("the index has no bridge")
    counts: Counter[str] = Counter()
    by_source: Counter[str] = Counter()
    unconfirmed = []
    for q in en.questions:
        theirs = set(keyword_tokens(hindi[q.id]))
        for w in re.findall(r"[A-Za-z][A-Za-z'’-]*", q.question):
            if not w[0].isupper() or fold(w) in stopwords() or len(latin_key(w)) < 3:
                continue
            found = [m for m in bridge.match_word(w, False) if m.source != "dictionary"]
            counts["names"] += 1
            if not found:
                continue
            counts["matched"] += 1
            hit = [m for m in found if m.token in theirs]
            counts["confirmed"] += bool(hit)
            by_source[f"{found[0].source} {'confirmed' if hit else 'unconfirmed'}"] += 1
            if not hit:
                unconfirmed.append(f"{w} → {', '.join(m.token for m in found[:3])} ({found[0].source})")
    print(f"capitalised words of the English questions: {counts['names']}, matched to index words: "
          f"{counts['matched']}, confirmed by the Hindi question: {counts['confirmed']}")
    for k, v in sorted(by_source.items()):
        print(f"  {k}: {v}")
    print("some unconfirmed:", "; ".join(unconfirmed[:25]))


if __name__ == "__main__":
    main()
