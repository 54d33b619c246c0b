"""The ``rag`` command: thin commands over the library.

Expected failures (bad settings, a missing model, an unreachable Chroma
server, an empty question) print one sentence and exit 2; never a trace.
The arguments are in ``parser``, the commands in ``index_commands`` and
``answer_commands``.
"""

from __future__ import annotations

import sys

from rag.builtin_model import ModelUnavailable
from rag.cli import answer_commands as answers
from rag.cli import index_commands as indexing
from rag.cli.parser import build_parser, settings_from_args
from rag.config import ConfigError
from rag.index import IndexUnavailable
from rag.ingest import IngestRefused
from rag.llm import LLMUnavailable
from rag.retrieve import EmptyQuery

EXPECTED_ERRORS = (ConfigError, ModelUnavailable, IndexUnavailable, EmptyQuery, LLMUnavailable, IngestRefused)

COMMANDS = {
    "ingest": indexing.cmd_ingest,
    "search": indexing.cmd_search,
    "ask": answers.cmd_ask,
    "chat": answers.cmd_chat,
    "eval": answers.cmd_eval,
    "calibrate": answers.cmd_calibrate,
    "doctor": answers.cmd_doctor,
    "stats": indexing.cmd_stats,
    "reset": indexing.cmd_reset,
    "config": indexing.cmd_config,
    "serve": answers.cmd_serve,
}


def main(argv: list[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    try:
        return COMMANDS[args.command](args, settings_from_args(args))
    except EXPECTED_ERRORS as e:
        print(f"error: {e}", file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        print("interrupted", file=sys.stderr)
        return 130
    except BrokenPipeError:  # output piped into `head` and the like
        sys.stderr.close()
        return 0
