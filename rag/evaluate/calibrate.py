"""``rag calibrate``: measure a model as a reader and keep what it does best.

Answers a labelled question set (the seed questions by default) once per
reader setting in ``rag.answer.profile.CHOICES`` — the best sentence only,
its words refined ("agree"), against the best three, the model's choice
trusted ("trust") — and stores the one ``profile.choose`` keeps as the
model's profile, which the assistant then uses for that model. Runs through
the eval runner, so answers are cached and an interrupted run resumes.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

from rag.answer import profile as P
from rag.config import Settings
from rag.embed import Embedder
from rag.evaluate.runner import Runner, RunOptions
from rag.evaluate.score import summarise
from rag.evaluate.sets import EvalError, EvalSet
from rag.llm import OllamaLLM


def figures(records: list[dict]) -> dict:
    """Sentence and short-answer quality over the answerable questions (``score.summarise``'s)."""
    answers = summarise(records).get("answers", {})
    quote, f1 = answers.get("quote_contains", {}), answers.get("short_f1", {})
    if not quote.get("n"):
        raise EvalError("the question set has no answerable questions with gold answers to calibrate on")
    return {"questions": quote["n"], "quote_contains": round(quote["value"], 3),
            "short_f1": round(f1.get("value") or 0.0, 3)}


def calibrate(settings: Settings, evalset: EvalSet, model: str, limit: int | None = None, progress: bool = True,
              out: Callable[[str], None] = print) -> P.ReaderProfile:
    """Measure ``model`` with each reader setting on ``evalset``, store and return its profile."""
    if model.lower() == "none":
        raise EvalError("calibrate measures a model: give one with --llm (not 'none')")
    measured = []
    embedder = Embedder(settings)  # loaded once for every run
    for sentences, policy in P.CHOICES:
        run = settings.model_copy(update={"llm": model, "context_sentences": sentences, "reader_policy": policy})
        out(f"{model}: {sentences} sentence(s), reader policy '{policy}' …")
        result = Runner(run, evalset, RunOptions(llm=model, limit=limit, progress=progress,
                                                 command=f"rag calibrate --llm {model}"), embedder).run()
        measured.append({"sentences": sentences, "policy": policy, **figures(result.records)})
        m = measured[-1]
        out(f"  quoted sentence holds the answer {m['quote_contains']:.3f}, short-answer F1 {m['short_f1']:.3f} "
            f"({m['questions']} answerable questions)")
    chosen = P.choose(measured)
    profile = P.ReaderProfile(model, chosen["sentences"], chosen["policy"], OllamaLLM(settings, model).digest(),
                              measured, evalset.name, chosen["questions"],
                              dt.datetime.now().astimezone().isoformat(timespec="seconds"))
    path = P.save(settings.models_dir, profile)
    out(f"kept: {profile.sentences} sentence(s), '{profile.policy}' → {path}")
    return profile
