"""The ``rag`` command: thin commands over the library.

Expected failures (bad settings, a missing model, an unreachable Chroma
server, an empty question) print one sentence and exit 2; never a trace.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import sys
import textwrap
import time
from pathlib import Path
from typing import Any

from rag.builtin_model import ModelUnavailable
from rag.config import ConfigError, Settings
from rag.index import Filters, IndexUnavailable
from rag.ingest import IngestRefused
from rag.llm import LLMUnavailable
from rag.loaders import parse_date
from rag.retrieve import EmptyQuery, SearchResult

EXPECTED_ERRORS = (ConfigError, ModelUnavailable, IndexUnavailable, EmptyQuery, LLMUnavailable, IngestRefused)


def _folder(value: str) -> Path:
    if not value.strip():  # Path("") would silently be the current folder
        raise argparse.ArgumentTypeError("is empty: give a folder")
    return Path(value)


def _common(parser: argparse.ArgumentParser) -> None:
    g = parser.add_argument_group("settings (override rag.toml and RAG_* variables)")
    g.add_argument("--config", type=Path, help="settings file (default: ./rag.toml if present)")
    g.add_argument("--data-dir", type=_folder, help="where the index lives")
    g.add_argument("--embed-model", help="embedding model name or folder")
    g.add_argument("--chroma-mode", choices=["embedded", "server"])
    g.add_argument("--chroma-host")
    g.add_argument("--chroma-port", type=int)


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="rag", description="Search Hindi and English news articles, offline."
    )
    sub = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")

    p = sub.add_parser("ingest", help="add or update articles (.txt .md .html .pdf)")
    p.add_argument("paths", nargs="+", type=Path, metavar="PATH", help="files or folders")
    p.add_argument(
        "--prune", action="store_true", help="drop indexed articles under PATH whose files are gone"
    )
    p.add_argument("--json", action="store_true", help="print the summary as JSON")
    _common(p)

    p = sub.add_parser("search", help="ranked passages for a question")
    p.add_argument("query", help="the question, in Hindi or English")
    p.add_argument("-k", "--top-k", type=int, help="passages to show")
    p.add_argument("--mode", choices=["hybrid", "dense", "keyword"], help="retrievers to use")
    p.add_argument(
        "--doc",
        action="append",
        default=[],
        metavar="DOC",
        help="only this article (id, path or title; repeatable)",
    )
    p.add_argument("--lang", choices=["hi", "en", "mixed"], help="only articles in this language")
    p.add_argument("--since", help="only articles dated on or after (YYYY-MM-DD)")
    p.add_argument("--until", help="only articles dated on or before (YYYY-MM-DD)")
    p.add_argument("--json", action="store_true", help="print results as JSON")
    p.add_argument(
        "--explain", action="store_true", help="show which index words each query word matched (across scripts)"
    )
    _common(p)

    for name, helptext in (("ask", "answer a question from the articles, with citations"),
                           ("chat", "a conversation in the terminal (follow-up questions work)")):
        p = sub.add_parser(name, help=helptext)
        if name == "ask":
            p.add_argument("question", help="the question, in Hindi or English")
            p.add_argument("--json", action="store_true", help="print the whole result as JSON (no streaming)")
        p.add_argument("--llm", metavar="MODEL", help="Ollama model, or 'none' for extractive answers")
        p.add_argument("--lang", choices=["auto", "hi", "en"], help="answer language (default: the question's)")
        p.add_argument("-k", "--top-k", type=int, help="passages retrieved as evidence")
        _common(p)

    from rag.evaluate.cli import add_calibrate_parser, add_eval_parser  # their own module: many options

    add_eval_parser(sub, _common)
    add_calibrate_parser(sub, _common)

    p = sub.add_parser("doctor", help="check Ollama, the model, the embedding model and the index")
    p.add_argument("--llm", metavar="MODEL", help="the Ollama model to check")
    p.add_argument("--pull", action="store_true", help="pull a missing model without asking")
    _common(p)

    p = sub.add_parser("stats", help="what the index holds")
    p.add_argument("--json", action="store_true")
    _common(p)

    p = sub.add_parser("reset", help="delete the whole index (not your files)")
    p.add_argument("--yes", action="store_true", help="do not ask for confirmation")
    _common(p)

    p = sub.add_parser("serve", help="the browser chat: answers beside the passages they cite")
    p.add_argument("--host", help="address to bind (default 127.0.0.1; others need --auth or --open)")
    p.add_argument("--port", type=int, help="port (default 7860)")
    p.add_argument("--auth", metavar="USER:PASSWORD", help="require this login for the page and its API")
    p.add_argument("--open", action="store_true", help="allow a non-loopback address without a password")
    p.add_argument("--llm", metavar="MODEL", help="default Ollama model, or 'none' for extractive answers")
    _common(p)

    p = sub.add_parser("config", help="show every setting, its value and what it does")
    _common(p)
    return parser


def _settings(args: argparse.Namespace) -> Settings:
    overrides: dict[str, Any] = {
        "data_dir": args.data_dir,
        "embed_model": args.embed_model,
        "chroma_mode": args.chroma_mode,
        "chroma_host": args.chroma_host,
        "chroma_port": args.chroma_port,
    }
    top_k = getattr(args, "top_k", None)
    if top_k is not None and args.command == "search":  # passages shown: context_passages is not involved
        overrides["top_k"] = _in_range(top_k, "top_k")
    elif top_k is not None:  # passages given to the answer
        overrides["top_k"] = overrides["context_passages"] = _in_range(top_k, "context_passages")
    if getattr(args, "llm", None):
        overrides["llm"] = args.llm
    if getattr(args, "lang", None) and args.command in ("ask", "chat"):
        overrides["answer_language"] = args.lang
    if args.command == "serve":
        overrides.update(serve_host=args.host, serve_port=args.port, serve_auth=args.auth)
        if args.open:
            overrides["serve_open"] = True
    if getattr(args, "mode", None):
        overrides["retrieval_mode"] = args.mode
    return Settings.load(config_file=args.config, overrides=overrides)


def _in_range(value: int, name: str) -> int:
    """``value`` if the setting ``name`` allows it, else a ConfigError naming the flag."""
    low, high = 1, None
    for bound in Settings.model_fields[name].metadata:
        low, high = getattr(bound, "ge", low), getattr(bound, "le", high)
    if value < low or (high is not None and value > high):
        raise ConfigError(f"-k/--top-k must be from {low} to {high} here ({name}), not {value}")
    return value


def _existing_index(settings: Settings) -> None:
    """Read-only commands do not create an index where there is none."""
    if not settings.store_path.is_file():
        raise IndexUnavailable(
            f"there is no index in {settings.data_dir}: add articles with 'rag ingest PATH', "
            "or point --data-dir (RAG_DATA_DIR, data_dir in rag.toml) at an existing index"
        )


def _out(text: str = "") -> None:
    print(text, flush=True)


def _rel(path: str) -> str:
    try:
        return os.path.relpath(path)
    except ValueError:
        return path


# ---------------------------------------------------------------- commands


def cmd_ingest(args: argparse.Namespace, settings: Settings) -> int:
    from tqdm import tqdm

    from rag.index import Index
    from rag.ingest import Ingestor

    index = Index(settings)
    bar = tqdm(total=0, unit="file", desc="ingest", disable=args.json or None, file=sys.stderr)
    started = time.perf_counter()

    def progress(done: int, total: int, name: str) -> None:
        bar.total = total
        bar.n = done
        # Passages/s, the embedding runtime's throughput (issue #12), beside the file count.
        rate = index.embedder.calls / max(time.perf_counter() - started, 1e-9)
        bar.set_postfix_str(f"{rate:.1f} passages/s {name[:40]}" if index.embedder.calls else name[:40])
        bar.refresh()

    report = Ingestor(index).run(args.paths, prune=args.prune, progress=progress)
    bar.close()
    if args.json:
        _out(json.dumps(report.to_dict(), ensure_ascii=False, indent=2))
    else:
        _out(
            f"added {len(report.added)}, updated {len(report.updated)}, unchanged {len(report.unchanged)}, "
            f"removed {len(report.removed)}, skipped {len(report.skipped)}; {report.passages} passages embedded"
        )
        for path, note in report.notes:
            _out(f"  note     {_rel(path)}: {note}")
        for path, reason in report.skipped:
            _out(f"  skipped  {_rel(path)}: {reason}")
        for path in report.removed:
            _out(f"  removed  {_rel(path)}")
    if report.interrupted:
        _out("interrupted: the index is consistent; run the same command again to finish")
        return 130
    if report.unreadable_roots:
        listed = "; ".join(f"{p} ({reason})" for p, reason in report.unreadable_roots)
        print(f"error: nothing could be read from {listed}", file=sys.stderr)
        return 2
    return 0


def _resolve_docs(index: Any, wanted: list[str]) -> tuple[str, ...]:
    if not wanted:
        return ()
    docs = index.store.documents()
    out = []
    for w in wanted:
        hits = [d for d in docs if w in (d.doc_id, d.path, _rel(d.path), d.title) or Path(d.path).name == w]
        if not hits:
            raise ConfigError(f"no indexed article matches --doc {w!r} (see 'rag stats')")
        out += [d.doc_id for d in hits]
    return tuple(out)


def cmd_search(args: argparse.Namespace, settings: Settings) -> int:
    from rag.index import Index
    from rag.retrieve import Retriever

    for flag in ("since", "until"):
        value = getattr(args, flag)
        if value and parse_date(value) is None:
            raise ConfigError(f"--{flag} {value!r} is not a date like 2024-11-29")
    _existing_index(settings)
    index = Index(settings)
    filters = Filters(
        doc_ids=_resolve_docs(index, args.doc),
        lang=args.lang,
        date_from=parse_date(args.since),
        date_to=parse_date(args.until),
    )
    retriever = Retriever(index)
    results = retriever.search(args.query, filters=filters)
    if args.json:
        _out(
            json.dumps(
                {
                    "query": args.query,
                    "mode": settings.retrieval_mode,
                    "timings_ms": vars(retriever.last_timings),
                    **({"explain": _explanation(retriever)} if args.explain else {}),
                    "results": [r.to_dict() for r in results],
                },
                ensure_ascii=False,
                indent=2,
            )
        )
        return 0
    if not results:
        counts = index.store.counts()
        if counts["passages"] == 0:
            _out("the index is empty: add articles with 'rag ingest PATH'")
        else:
            _out("no passage matches (try another wording or fewer filters)")
        return 0
    if args.explain:
        _print_explanation(_explanation(retriever))
    for r in results:
        _print_result(r)
    return 0


def _explanation(retriever: object) -> dict:
    """What the last search matched: each query word's index words, and the dense model's text."""
    return {
        "terms": [
            {"word": t.word, "matches": [{"token": m.token, "weight": m.weight, "source": m.source} for m in t.matches]}
            for t in retriever.last_terms  # type: ignore[attr-defined]
        ],
        "dense_query": retriever.last_dense_query,  # type: ignore[attr-defined]
    }


def _print_explanation(explain: dict) -> None:
    _out("keyword words (index word: weight, how matched):")
    for t in explain["terms"]:
        found = ", ".join(f"{m['token']}: {m['weight']:.1f} {m['source']}" for m in t["matches"])
        _out(f"   {t['word']} → {found or 'nothing in the index'}")
    if explain["dense_query"]:
        _out(f"dense model read: {explain['dense_query']}")
    _out()


def _print_result(r: SearchResult) -> None:
    width = min(shutil.get_terminal_size((100, 20)).columns, 100)
    scores = [f"score {r.score:.4f}"]
    if r.dense_score is not None:
        scores.append(f"dense {r.dense_score:.3f}")
    if r.keyword_score is not None:
        scores.append(f"bm25 {r.keyword_score:.2f}")
    _out(f"{r.rank}. {r.title}")
    _out(
        f"   {_rel(r.path)} · chars {r.start}–{r.end} · {r.lang}{' · ' + r.date if r.date else ''} · "
        + " · ".join(scores)
    )
    for para in r.text.split("\n"):
        if para.strip():
            _out(textwrap.fill(para, width=width, initial_indent="   ", subsequent_indent="   "))
    _out()


def cmd_stats(args: argparse.Namespace, settings: Settings) -> int:
    from rag.index import Index

    _existing_index(settings)
    index = Index(settings)
    stats = index.stats()
    docs = index.store.documents()
    if args.json:
        stats["documents_list"] = [
            {"doc_id": d.doc_id, "path": d.path, "title": d.title, "lang": d.lang, "date": d.date}
            for d in docs
        ]
        _out(json.dumps(stats, ensure_ascii=False, indent=2))
        return 0
    _out(f"data dir:        {stats['data_dir']}")
    _out(f"chroma:          {stats['chroma']}")
    _out(f"embedding model: {stats['embed_model']} ({stats['embed_backend']})")
    _out(
        f"articles:        {stats['documents']}"
        + (f" (+{stats['pending']} unfinished: re-run ingest)" if stats["pending"] else "")
    )
    _out(f"passages:        {stats['passages']} ({stats['vectors']} vectors)")
    _out("languages:       " + (", ".join(f"{k} {v}" for k, v in stats["languages"].items()) or "-"))
    for d in docs:
        _out(f"  {d.doc_id}  {d.lang:5} {d.date or '          '}  {d.title[:60]}  ({_rel(d.path)})")
    return 0


def cmd_reset(args: argparse.Namespace, settings: Settings) -> int:
    from rag.index import Index

    if not args.yes:
        if not sys.stdin.isatty():
            raise ConfigError("refusing to reset without --yes (no terminal to ask)")
        answer = input(f"delete the index in {settings.data_dir}? Your article files stay. [y/N] ")
        if answer.strip().lower() not in ("y", "yes"):
            _out("nothing deleted")
            return 1
    Index(settings, verify=False).reset()  # also an index of another model or backend
    _out(f"index in {settings.data_dir} deleted")
    return 0


def cmd_config(args: argparse.Namespace, settings: Settings) -> int:
    for name, _default, description in Settings.field_docs():
        _out(f"{name} = {getattr(settings, name)!s}\n    {description}")
    return 0


def _stream_answer(assistant: Any, question: str, history: list) -> Any:
    """Print the best sentence's answer at once, then the model's verified one
    when it differs, its mode, verdict and sources."""
    from rag.pipeline import Turn

    answer = draft = None
    for event in assistant.stream(question, history):
        if event.kind == "question" and event.data != question:
            _out(f"(searching for: {event.data})")
        elif event.kind == "draft":
            draft = event.data
            _out(f"\n{draft.text}")
            _out(f"  (from the best-matching sentence, {draft.timings['draft_ms'] / 1000:.1f} s; "
                 f"{draft.model} is checking it…)")
            sys.stdout.flush()
        elif event.kind == "done":
            answer = event.data
    if answer.notice:
        _out(f"\n! {answer.notice}")
    if draft is None or answer.text != draft.text:
        _out(f"\n{answer.text}")
    label = {
        "llm": f"read by {answer.model}, its words checked against the sentence",
        "extractive": "from the best-matching sentence (rules"
                      + ("; the model's reading not used)" if answer.model else ", no model)"),
        "abstained": "the articles do not say",
    }[answer.mode]
    t = answer.timings
    verdict = answer.answerability
    score = f"answerability {verdict.score:.2f} (threshold {verdict.threshold:g}) · " if verdict else ""
    _out(f"\n— {label} · {score}total {t.get('total_ms', 0) / 1000:.1f} s")
    if answer.citations:
        _out("source:")
        for c in answer.citations:
            _out(f"  [{c.marker}] {c.title[:70]} — {_rel(c.path)} · chars {c.start}–{c.end}")
    elif answer.passages:
        _out("closest passages:")
        for r in answer.passages[:3]:
            _out(f"  {r.rank}. {r.title[:70]} — {_rel(r.path)} · chars {r.start}–{r.end}")
    history.append(Turn(question, answer.text))
    return answer


def cmd_ask(args: argparse.Namespace, settings: Settings) -> int:
    from rag.pipeline import Assistant

    _existing_index(settings)
    assistant = Assistant(settings)
    if args.json:
        _out(json.dumps(assistant.ask(args.question).to_dict(), ensure_ascii=False, indent=2))
        return 0
    _stream_answer(assistant, args.question, [])
    return 0


def cmd_chat(args: argparse.Namespace, settings: Settings) -> int:
    from rag.pipeline import Assistant

    _existing_index(settings)
    assistant = Assistant(settings)
    history: list = []
    _out("Ask in Hindi or English. /new starts a new conversation, /quit (or Ctrl-D) ends.")
    while True:
        try:
            question = input("\nप्रश्न> ").strip()
        except EOFError:
            _out()
            return 0
        if not question:
            continue
        if question in ("/quit", "/exit"):
            return 0
        if question == "/new":
            history.clear()
            _out("(new conversation)")
            continue
        try:
            _stream_answer(assistant, question, history)
        except EmptyQuery as e:
            _out(f"error: {e}")


def cmd_serve(args: argparse.Namespace, settings: Settings) -> int:
    from ui.serve import serve

    serve(settings)
    return 0


def cmd_eval(args: argparse.Namespace, settings: Settings) -> int:
    from rag.evaluate.cli import cmd_eval as run_eval

    return run_eval(args, settings, out=_out)


def cmd_calibrate(args: argparse.Namespace, settings: Settings) -> int:
    from rag.evaluate.cli import cmd_calibrate as run_calibrate

    return run_calibrate(args, settings, out=_out)


def cmd_doctor(args: argparse.Namespace, settings: Settings) -> int:
    from rag.doctor import run_checks

    return run_checks(settings, pull=args.pull, out=_out)


COMMANDS = {
    "ingest": cmd_ingest,
    "search": cmd_search,
    "ask": cmd_ask,
    "chat": cmd_chat,
    "eval": cmd_eval,
    "calibrate": cmd_calibrate,
    "doctor": cmd_doctor,
    "stats": cmd_stats,
    "reset": cmd_reset,
    "config": cmd_config,
    "serve": cmd_serve,
}


def main(argv: list[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    try:
        return COMMANDS[args.command](args, _settings(args))
    except EXPECTED_ERRORS as e:
        print(f"error: {e}", file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        print("interrupted", file=sys.stderr)
        return 130
    except BrokenPipeError:  # output piped into `head` and the like
        sys.stderr.close()
        return 0


if __name__ == "__main__":
    sys.exit(main())
