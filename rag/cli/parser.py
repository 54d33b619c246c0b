"""The ``rag`` command's arguments: its subcommands, their flags, and the
settings they override (flags over rag.toml over ``RAG_*`` variables)."""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import Any

from rag.config import ConfigError, Settings


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


def settings_from_args(args: argparse.Namespace) -> Settings:
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
