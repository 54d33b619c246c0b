"""Which sentences should an extractive answer quote? (offline simulation)

For each answerable question of a set: retrieve, select the context exactly as
an answer does (the default budget, measured in the model's own tokenizer),
then apply several rules for picking the answer's sentences, and print per
rule the share of questions whose answer contains a gold answer and the
share of cited passages that are relevant (the eval's citation precision).
No model runs, so a rule can be judged in minutes on 100 questions.

    .venv/bin/python evals/probes/extractive_rules.py seeds
    .venv/bin/python evals/probes/extractive_rules.py ../shared/data/xquad/xquad-hi-dev.json --limit 100
    .venv/bin/python evals/probes/extractive_rules.py ../shared/data/xquad/xquad-hi-dev.json \\
        --questions-from ../shared/data/xquad/xquad-en-dev.json --limit 100

The tokenizer is the one `rag` saved from the model's GGUF file under
``models_dir/llm-tokenizers`` (any answer with the model saves it); without
it, the estimate used when no model is running.
"""

from __future__ import annotations

import argparse
from pathlib import Path

from rag import answer as A
from rag.config import Settings
from rag.evaluate import metrics as M
from rag.evaluate.runner import Runner, RunOptions
from rag.evaluate.sets import SEEDS_CORPUS, load_set, sample
from rag.index import Filters
from rag.llm import estimate_tokens
from rag.pipeline import Assistant

Ranked = list[tuple[float, A.ContextPassage, A.ContextSentence]]


def rules(ranked: Ranked) -> dict[str, Ranked]:
    top = ranked[0]
    same = [x for x in ranked[1:] if x[1] is top[1]][:1]
    return {
        "best 2 of the context (before c1e74f6)": ranked[:2],
        "best 1": ranked[:1],
        "best + next of its passage (now)": [top, *same],
        "best + next of its passage, else next": [top, *(same or ranked[1:2])],
        "best 2 if within 0.02": [top, *[x for x in ranked[1:2] if x[0] >= top[0] - 0.02]],
    }


def counter(settings: Settings):  # noqa: ANN201 - a token counter
    from transformers import AutoTokenizer

    folder = settings.models_dir / "llm-tokenizers"
    found = sorted(folder.glob("cc324af070c2ecbfd324a308*")) if folder.is_dir() else []  # qwen2.5-coder:1.5b
    if not found:
        print("model tokenizer not found: using the estimate")
        return estimate_tokens
    tok = AutoTokenizer.from_pretrained(found[0])
    return lambda text: len(tok(text, add_special_tokens=False)["input_ids"])


def main() -> None:
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("set", help="'seeds', a JSONL set or a SQuAD file")
    p.add_argument("--questions-from", type=Path)
    p.add_argument("--limit", type=int)
    args = p.parse_args()
    settings = Settings.load()
    count = counter(settings)
    path = Path(__file__).resolve().parents[1] / "seeds.jsonl" if args.set == "seeds" else Path(args.set)
    evalset = load_set(path, corpus=SEEDS_CORPUS if args.set == "seeds" else None, questions_from=args.questions_from)
    runner = Runner(settings, evalset, RunOptions(llm="none", limit=args.limit, progress=False))
    index = runner.build_index()
    runner._resolver(index)
    assistant = Assistant(runner.eval_settings, index=index)
    stats: dict[str, list[int]] = {}
    for q in sample(evalset.questions, args.limit):
        if not (q.answerable and q.answers):
            continue
        rec = runner.resolve(q)
        filters = Filters(doc_ids=tuple(rec["scope"])) if rec["scope"] else None
        results = assistant.retriever.search(q.question, top_k=settings.context_passages, filters=filters)
        lang = A.answer_language(q.question, settings.answer_language)
        budget = min(settings.context_tokens,
                     settings.num_ctx - settings.answer_tokens - A.prompt_overhead(lang, q.question, count))
        ctx = A.select_context(q.question, results, index.embedder, budget, settings.context_sentences, count)
        ranked = sorted(((s.score, cp, s) for cp in ctx.passages for s in cp.sentences), key=lambda t: -t[0])
        if not ranked:
            continue

        def relevant(cp: A.ContextPassage, rec: dict = rec) -> bool:
            r = cp.result
            return (any(M.squash(e) in M.squash(r.text) for e in rec["evidence"])
                    or any(d == r.doc_id and s < r.end and r.start < e for d, s, e in rec["spans"]))

        for name, picked in rules(ranked).items():
            row = stats.setdefault(name, [0, 0, 0, 0])
            cited = {id(x[1]): x[1] for x in picked}
            row[0] += 1
            row[1] += any(M.contains_answer(" ".join(x[2].text for x in picked), g) for g in q.answers)
            row[2] += sum(relevant(cp) for cp in cited.values())
            row[3] += len(cited)
    print(f"{'rule':42} {'questions':>9} {'contains gold':>13} {'citation precision':>18}")
    for name, (n, hit, rel, cited) in stats.items():
        print(f"{name:42} {n:>9} {hit / n:>13.3f} {rel / cited:>18.3f}")


if __name__ == "__main__":
    main()
