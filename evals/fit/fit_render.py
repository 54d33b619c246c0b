"""Fit ``min_render_similarity``: when the model's translation of an answer may be shown.

XQuAD's Hindi and English dev sets are translations of each other, question
by question, so each gold answer comes in both languages. The model renders
one language's gold answer into the other (the product's render prompt,
``rag/answer/render.py``); a rendering counts as right when its keyword
tokens overlap the other language's gold with F1 >= 0.5. Every rendering gets
the product's checks (numbers, script, length) and its embedding similarity
to the source words; the threshold is chosen on the even-numbered articles
(sorted by title) to decide right from wrong best, and reported on the odd ones.

    OLLAMA_HOST=127.0.0.1:11501 .venv/bin/python evals/fit/fit_render.py --limit 60 --with-gloss

``--with-gloss`` gives the model the code's word-by-word gloss of the Hindi
words (``rag/answer/gloss.py``) as a guide, as the product does; without it,
the model gets the words alone (the renderings before the gloss).

The model's renderings are cached in ``evals/fit/data/render-{en,hi}.jsonl``,
so a re-run without a server refits from them.
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from pathlib import Path

import numpy as np

REPO = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(REPO))

from rag.answer.render import SCHEMA, build_messages, check  # noqa: E402
from rag.config import Settings  # noqa: E402
from rag.embed import Embedder  # noqa: E402
from rag.text import detect_language, keyword_tokens  # noqa: E402

DATA = Path(__file__).resolve().parent / "data"
XQUAD = REPO.parent / "shared" / "data" / "xquad"


def gold_pairs() -> list[dict]:
    """(article, id, Hindi answer, English answer) for every XQuAD dev question."""
    def load(lang: str) -> dict[str, tuple[str, str]]:
        d = json.loads((XQUAD / f"xquad-{lang}-dev.json").read_text(encoding="utf-8"))
        return {qa["id"]: (art.get("title", ""), qa["answers"][0]["text"])
                for art in d["data"] for para in art["paragraphs"] for qa in para["qas"] if qa["answers"]}
    hi, en = load("hi"), load("en")
    return [{"article": en[i][0], "id": i, "hi": hi[i][1], "en": en[i][1]} for i in sorted(hi) if i in en]


def f1(a: str, b: str) -> float:
    ta, tb = keyword_tokens(a), keyword_tokens(b)
    common = sum(min(ta.count(t), tb.count(t)) for t in set(ta))
    if not common:
        return 0.0
    p, r = common / len(ta), common / len(tb)
    return 2 * p * r / (p + r)


def collect(pairs: list[dict], target: str, model: str, limit: int, glosser: object = None) -> list[dict]:
    """The model's renderings into ``target`` (cached per question and model;
    with ``glosser``, the request carries the word-by-word gloss, cached as model "+gloss")."""
    from rag.llm import OllamaLLM

    path = DATA / f"render-{target}.jsonl"
    have = {}
    if path.exists():
        for line in path.read_text(encoding="utf-8").splitlines():
            r = json.loads(line)
            have[(r["id"], r["model"])] = r
    source = "hi" if target == "en" else "en"
    # Words with letters only: a number is never sent to be translated.
    sample = [p for p in pairs if detect_language(p[source])][:: max(1, len(pairs) // limit)][:limit]
    llm = None
    out = []
    key = f"{model}+gloss" if glosser is not None and target == "en" else model
    for p in sample:
        r = have.get((p["id"], key))
        if r is None:
            llm = llm or OllamaLLM(Settings.load(), model)
            t = time.perf_counter()
            hint = glosser.gloss_words(p[source])[0] if glosser is not None and target == "en" else ""  # type: ignore[attr-defined]
            raw, _ = llm.complete(build_messages(p[source], target, hint), num_predict=64, format=SCHEMA)
            try:
                text = str(json.loads(raw).get("translation", ""))
            except (ValueError, TypeError, AttributeError):
                text = ""
            r = {"id": p["id"], "model": key, "article": p["article"], "source": p[source], "gold": p[target],
                 "rendered": text, "seconds": round(time.perf_counter() - t, 2)}
            with path.open("a", encoding="utf-8") as f:
                f.write(json.dumps(r, ensure_ascii=False) + "\n")
        out.append(r)
    return out


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--limit", type=int, default=60, help="questions per direction")
    ap.add_argument("--llm", default="qwen2.5-coder:1.5b")
    ap.add_argument("--with-gloss", action="store_true",
                    help="give the model the word-by-word gloss (rag/answer/gloss.py) as a guide")
    args = ap.parse_args()
    settings = Settings.load()
    emb = Embedder(settings)
    glosser = None
    if args.with_gloss:
        from rag.answer.gloss import Glosser

        glosser = Glosser(emb.embed_queries, emb.embed_words, settings.gloss_dir, settings.embed_model)
    pairs = gold_pairs()
    titles = sorted({p["article"] for p in pairs})
    fit_titles = set(titles[0::2])
    rows = []
    for target in ("en", "hi"):
        for r in collect(pairs, target, args.llm, args.limit, glosser):
            passes = check(r["source"], r["rendered"], target, 1.0, 0.0).ok  # every check but similarity
            sim = float(np.dot(emb.embed_query(r["source"]), emb.embed_query(r["rendered"]))) if passes else 0.0
            right = f1(r["rendered"], r["gold"]) >= 0.5
            rows.append({**r, "target": target, "passes": passes, "sim": sim, "right": right,
                         "fit": r["article"] in fit_titles})

    def score(rs: list[dict], t: float) -> tuple[float, float, float]:
        acc = [r for r in rs if r["passes"] and r["sim"] >= t]
        correct = sum(r["right"] == (r["passes"] and r["sim"] >= t) for r in rs) / max(1, len(rs))
        return correct, len(acc) / max(1, len(rs)), sum(r["right"] for r in acc) / max(1, len(acc))

    fit = [r for r in rows if r["fit"]]
    grid = [round(x, 3) for x in np.arange(0.70, 0.95, 0.005)]
    best = max(grid, key=lambda t: (score(fit, t)[0], -t))
    print(f"{len(rows)} renderings by {args.llm} ({len(fit)} on fit articles); threshold fitted: {best}")
    for name, part in (("fit", fit), ("held-out", [r for r in rows if not r["fit"]])):
        for target in ("en", "hi"):
            rs = [r for r in part if r["target"] == target]
            right = sum(r["right"] for r in rs) / max(1, len(rs))
            for t, label in ((0.0, "checks only"), (best, f"similarity >= {best}")):
                acc, shown, prec = score(rs, t)
                print(f"  {name:8} -> {target}: {len(rs):3} renderings, right {right:.3f}; {label:18} "
                      f"shown {shown:.3f}, right among shown {prec:.3f}, decisions right {acc:.3f}")
    print(f"mean seconds per rendering: {np.mean([r['seconds'] for r in rows]):.1f}")


if __name__ == "__main__":
    main()
