"""``rag eval``: its arguments and the command (wired into rag/cli.py)."""

from __future__ import annotations

import argparse
import datetime as dt
import re
import shlex
import sys
from collections.abc import Callable
from pathlib import Path

from pydantic import ValidationError

from rag.config import ConfigError, Settings

EPILOG = """\
examples:
  rag eval seeds --llm none                          # the seed questions, extractive answers
  rag eval seeds --limit 5                           # five questions with the default model
  rag eval ../shared/data/xquad/xquad-hi-dev.json --retrieval-only
  rag eval ../shared/data/xquad/xquad-hi-dev.json --questions-from ../shared/data/xquad/xquad-en-dev.json
  rag eval ../shared/data/nomiracl-hi/nomiracl-hi-dev.jsonl --llm none
  rag eval my-questions.jsonl --corpus ~/news --out runs/base
  rag eval my-questions.jsonl --corpus ~/news --set min_answerability=0.6 --compare runs/base
  rag eval runs/new --compare runs/base              # compare two finished runs, nothing re-run

Answers are cached per question, settings and model: an interrupted run
resumes, a repeated one is instant (--fresh asks again). See evals/README.md."""


def add_eval_parser(sub: argparse._SubParsersAction, common: Callable[[argparse.ArgumentParser], None]) -> None:
    p = sub.add_parser("eval", help="run a question set and report retrieval, answer, citation and abstention "
                       "quality", epilog=EPILOG, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("set", metavar="SET",
                   help="question set: 'seeds', a JSONL file, SQuAD v1.1 JSON or NoMIRACL JSONL "
                        "(or a finished run's folder: re-scored and re-rendered, nothing asked again)")
    p.add_argument("--corpus", type=Path, metavar="DIR", help="the articles a JSONL set is about (seeds: seeds/)")
    p.add_argument("--questions-from", type=Path, metavar="FILE",
                   help="SQuAD: ask the questions of this parallel file (same ids, e.g. English) instead")
    p.add_argument("--format", choices=["auto", "jsonl", "squad", "nomiracl"], default="auto",
                   help="the set's format (default: detected)")
    p.add_argument("--limit", type=int, metavar="N", help="N questions spread evenly through the set")
    p.add_argument("--llm", metavar="MODEL", help="Ollama model that answers, or 'none' for extractive answers")
    p.add_argument("--retrieval-only", action="store_true", help="retrieval metrics only: no answers (fast)")
    p.add_argument("-k", "--top-k", type=int, help="passages retrieved as evidence for an answer")
    p.add_argument("--mode", choices=["hybrid", "dense", "keyword"], help="retrievers to use")
    p.add_argument("--set", dest="sets", action="append", default=[], metavar="KEY=VALUE",
                   help="override any setting for this run (repeatable), e.g. --set min_answerability=0.6")
    p.add_argument("--out", type=Path, metavar="DIR",
                   help="where to write metrics.json, report.md and plots (default: data_dir/evals/runs/…)")
    p.add_argument("--compare", type=Path, metavar="RUN", help="a previous run's folder: report both side by side")
    p.add_argument("--fresh", action="store_true", help="ignore cached answers (they are replaced)")
    p.add_argument("--quiet", action="store_true", help="no progress bar")
    common(p)


def add_calibrate_parser(sub: argparse._SubParsersAction,
                         common: Callable[[argparse.ArgumentParser], None]) -> None:
    p = sub.add_parser("calibrate", help="measure a model as a reader (one sentence vs its choice among three) "
                       "and keep what it does best for that model")
    p.add_argument("set", metavar="SET", nargs="?", default="seeds",
                   help="labelled question set, as for 'rag eval' (default: the seed questions)")
    p.add_argument("--corpus", type=Path, metavar="DIR", help="the articles a JSONL set is about")
    p.add_argument("--limit", type=int, metavar="N", help="N questions spread evenly through the set")
    p.add_argument("--llm", metavar="MODEL", help="the Ollama model to measure (default: the llm setting)")
    p.add_argument("--quiet", action="store_true", help="no progress bar")
    common(p)


def cmd_calibrate(args: argparse.Namespace, settings: Settings, out: Callable[[str], None] = print) -> int:
    from rag.evaluate.calibrate import calibrate
    from rag.evaluate.sets import EvalError, load_set

    if args.limit is not None and args.limit < 1:
        raise EvalError("--limit must be at least 1")
    calibrate(settings, load_set(Path(args.set), args.corpus), settings.llm, args.limit, not args.quiet, out)
    return 0


def _apply_sets(settings: Settings, items: list[str]) -> Settings:
    values = settings.model_dump(include=settings.model_fields_set)  # what was set stays apart from defaults
    for item in items:
        key, sep, value = item.partition("=")
        key = key.strip()
        if not sep or key not in Settings.model_fields:
            raise ConfigError(f"--set wants KEY=VALUE with a setting name (see 'rag config'), got {item!r}")
        values[key] = value.strip()
    try:
        return Settings(**values)
    except ValidationError as e:
        raise ConfigError("invalid --set: " + "; ".join(f"{err['loc'][0]}: {err['msg']}" for err in e.errors())
                          ) from None


def rescore(run: Path) -> tuple[dict, list[dict]]:
    """A finished run's records scored again (current scoring code and gold data in the
    records), with the document texts from the run's eval index."""
    from rag.evaluate.report import load_run
    from rag.evaluate.score import score_record
    from rag.evaluate.sets import EvalError
    from rag.store import Store

    metrics, records = load_run(run)
    store_path = Path(metrics["meta"].get("index_dir", "")) / "store.sqlite3"
    if not records:
        raise EvalError(f"{run} has no questions.jsonl: only its report can be compared, not re-scored")
    if not store_path.is_file():
        raise EvalError(f"the eval index of {run} is gone ({store_path}): run the set again to re-score it")
    store = Store(store_path)
    try:
        texts = {d.doc_id: store.document_text(d.doc_id) for d in store.documents()}
    finally:
        store.close()
    return metrics, [score_record(r, texts) for r in records]


def _slug(text: str) -> str:
    return re.sub(r"[^\w.-]+", "-", text).strip("-")[:40]


def cmd_eval(args: argparse.Namespace, settings: Settings, out: Callable[[str], None] = print) -> int:
    from rag.evaluate.report import compare_markdown, load_run, shown_groups, summary_table, write_run
    from rag.evaluate.runner import Runner, RunOptions
    from rag.evaluate.score import groups as score_groups
    from rag.evaluate.sets import EvalError, load_set

    settings = _apply_sets(settings, args.sets)
    if args.compare is not None:
        load_run(args.compare)  # fail now, not after an hour of answers
    previous = Path(args.set)
    if previous.is_dir() and (previous / "metrics.json").is_file():
        metrics, records = rescore(previous)
        metrics = write_run(previous, records, metrics["meta"], metrics.get("warnings", []),
                            compare_with=args.compare)
        if args.compare is not None:
            out(compare_markdown(load_run(args.compare), (metrics, records), str(args.compare), str(previous)))
        out(f"\nreport (re-scored, nothing asked again): {previous / 'report.md'}")
        return 0
    if args.limit is not None and args.limit < 1:
        raise EvalError("--limit must be at least 1")
    evalset = load_set(previous, args.corpus, args.questions_from, args.format)
    llm = "none" if args.retrieval_only else settings.llm
    options = RunOptions(llm=llm, limit=args.limit, retrieval_only=args.retrieval_only, fresh=args.fresh,
                         progress=not args.quiet,
                         command="rag " + " ".join(shlex.quote(a) for a in sys.argv[1:]))
    result = Runner(settings, evalset, options).run()
    stamp = dt.datetime.now().strftime("%Y%m%d-%H%M%S")
    target = args.out or settings.data_dir / "evals" / "runs" / (
        f"{stamp}-{_slug(evalset.name)}-{'retrieval' if args.retrieval_only else _slug(llm)}")
    metrics = write_run(target, result.records, result.meta, result.warnings, compare_with=args.compare)
    groups = metrics["groups"]
    names = [g for g in shown_groups(groups, {k: [r["id"] for r in v] for k, v in score_groups(result.records).items()})
             if not g.startswith(("type:", "mode:"))]
    out(summary_table(groups, names))
    for t in metrics["targets"]:
        out(f"target {t['target']}: {t['value']:.3f} {'met' if t['met'] else 'MISSED'}")
    curve = metrics.get("answerability_curve")
    if curve and curve.get("at_threshold"):
        at = curve["at_threshold"]
        out(f"answerability: AUC {curve['auc']:.3f}; at min_answerability {curve['threshold']:g} hallucination "
            f"{at['hallucination']:.3f}, false refusal {at['refusal']:.3f} (other thresholds: the report)")
    if result.warnings:
        out(f"{len(result.warnings)} warning(s) about the gold data: see the report")
    if args.compare is not None:
        out("")
        out(compare_markdown(load_run(args.compare), (metrics, result.records), str(args.compare), str(target)))
    out(f"\nreport: {target / 'report.md'}  ({result.meta['cached']} of {len(result.records)} answers from the cache)")
    return 0
