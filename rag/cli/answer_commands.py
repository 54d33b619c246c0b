"""Commands that answer: ask, chat (streamed: the best sentence at once,
then the model's verified answer), serve, eval, calibrate, doctor."""

from __future__ import annotations

import argparse
import json
import sys
from typing import Any

from rag.cli.output import existing_index, out, rel
from rag.config import Settings
from rag.retrieve import EmptyQuery


def _stream_answer(assistant: Any, question: str, history: list) -> Any:
    """Print the best sentence's answer at once, then the model's verified one
    when it differs, its mode, verdict and sources."""
    from rag.pipeline import Turn

    answer = draft = None
    for event in assistant.stream(question, history):
        if event.kind == "question" and event.data != question:
            out(f"(searching for: {event.data})")
        elif event.kind == "draft":
            draft = event.data
            out(f"\n{draft.text}")
            out(f"  (from the best-matching sentence, {draft.timings['draft_ms'] / 1000:.1f} s; "
                 f"{draft.model} is checking it…)")
            sys.stdout.flush()
        elif event.kind == "done":
            answer = event.data
    if answer.notice:
        out(f"\n! {answer.notice}")
    if draft is None or answer.text != draft.text:
        out(f"\n{answer.text}")
    label = {
        "llm": f"read by {answer.model}, its words checked against the sentence",
        "extractive": "from the best-matching sentence (rules"
                      + ("; the model's reading not used)" if answer.model else ", no model)"),
        "abstained": "the articles do not say",
    }[answer.mode]
    t = answer.timings
    verdict = answer.answerability
    score = f"answerability {verdict.score:.2f} (threshold {verdict.threshold:g}) · " if verdict else ""
    out(f"\n— {label} · {score}total {t.get('total_ms', 0) / 1000:.1f} s")
    if answer.citations:
        out("source:")
        for c in answer.citations:
            out(f"  [{c.marker}] {c.title[:70]} — {rel(c.path)} · chars {c.start}–{c.end}")
    elif answer.passages:
        out("closest passages:")
        for r in answer.passages[:3]:
            out(f"  {r.rank}. {r.title[:70]} — {rel(r.path)} · chars {r.start}–{r.end}")
    history.append(Turn(question, answer.text))
    return answer


def cmd_ask(args: argparse.Namespace, settings: Settings) -> int:
    from rag.pipeline import Assistant

    existing_index(settings)
    assistant = Assistant(settings)
    if args.json:
        out(json.dumps(assistant.ask(args.question).to_dict(), ensure_ascii=False, indent=2))
        return 0
    _stream_answer(assistant, args.question, [])
    return 0


def cmd_chat(args: argparse.Namespace, settings: Settings) -> int:
    from rag.pipeline import Assistant

    existing_index(settings)
    assistant = Assistant(settings)
    history: list = []
    out("Ask in Hindi or English. /new starts a new conversation, /quit (or Ctrl-D) ends.")
    while True:
        try:
            question = input("\nप्रश्न> ").strip()
        except EOFError:
            out()
            return 0
        if not question:
            continue
        if question in ("/quit", "/exit"):
            return 0
        if question == "/new":
            history.clear()
            out("(new conversation)")
            continue
        try:
            _stream_answer(assistant, question, history)
        except EmptyQuery as e:
            out(f"error: {e}")


def cmd_serve(args: argparse.Namespace, settings: Settings) -> int:
    from ui.serve import serve

    serve(settings)
    return 0


def cmd_eval(args: argparse.Namespace, settings: Settings) -> int:
    from rag.evaluate.cli import cmd_eval as run_eval

    return run_eval(args, settings, out=out)


def cmd_calibrate(args: argparse.Namespace, settings: Settings) -> int:
    from rag.evaluate.cli import cmd_calibrate as run_calibrate

    return run_calibrate(args, settings, out=out)


def cmd_doctor(args: argparse.Namespace, settings: Settings) -> int:
    from rag.doctor import run_checks

    return run_checks(settings, pull=args.pull, out=out)
