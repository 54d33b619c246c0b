"""Commands over the index: ingest, search, stats, reset, config."""

from __future__ import annotations

import argparse
import json
import shutil
import sys
import textwrap
import time
from pathlib import Path
from typing import Any

from rag.cli.output import existing_index, out, rel
from rag.config import ConfigError, Settings
from rag.index import Filters
from rag.loaders import parse_date
from rag.retrieve import SearchResult


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
        out(json.dumps(report.to_dict(), ensure_ascii=False, indent=2))
    else:
        out(
            f"added {len(report.added)}, updated {len(report.updated)}, unchanged {len(report.unchanged)}, "
            f"removed {len(report.removed)}, skipped {len(report.skipped)}; {report.passages} passages embedded"
        )
        for path, note in report.notes:
            out(f"  note     {rel(path)}: {note}")
        for path, reason in report.skipped:
            out(f"  skipped  {rel(path)}: {reason}")
        for path in report.removed:
            out(f"  removed  {rel(path)}")
    if report.interrupted:
        out("interrupted: the index is consistent; run the same command again to finish")
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
        hits = [d for d in docs if w in (d.doc_id, d.path, rel(d.path), d.title) or Path(d.path).name == w]
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
    existing_index(settings)
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
        out(
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
            out("the index is empty: add articles with 'rag ingest PATH'")
        else:
            out("no passage matches (try another wording or fewer filters)")
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
    out("keyword words (index word: weight, how matched):")
    for t in explain["terms"]:
        found = ", ".join(f"{m['token']}: {m['weight']:.1f} {m['source']}" for m in t["matches"])
        out(f"   {t['word']} → {found or 'nothing in the index'}")
    if explain["dense_query"]:
        out(f"dense model read: {explain['dense_query']}")
    out()


def _print_result(r: SearchResult) -> None:
    width = min(shutil.get_terminal_size((100, 20)).columns, 100)
    scores = [f"score {r.score:.4f}"]
    if r.dense_score is not None:
        scores.append(f"dense {r.dense_score:.3f}")
    if r.keyword_score is not None:
        scores.append(f"bm25 {r.keyword_score:.2f}")
    out(f"{r.rank}. {r.title}")
    out(
        f"   {rel(r.path)} · chars {r.start}–{r.end} · {r.lang}{' · ' + r.date if r.date else ''} · "
        + " · ".join(scores)
    )
    for para in r.text.split("\n"):
        if para.strip():
            out(textwrap.fill(para, width=width, initial_indent="   ", subsequent_indent="   "))
    out()


def cmd_stats(args: argparse.Namespace, settings: Settings) -> int:
    from rag.index import Index

    existing_index(settings)
    index = Index(settings)
    stats = index.stats()
    docs = index.store.documents()
    if args.json:
        stats["documents_list"] = [
            {"doc_id": d.doc_id, "path": d.path, "title": d.title, "lang": d.lang, "date": d.date}
            for d in docs
        ]
        out(json.dumps(stats, ensure_ascii=False, indent=2))
        return 0
    out(f"data dir:        {stats['data_dir']}")
    out(f"chroma:          {stats['chroma']}")
    out(f"embedding model: {stats['embed_model']} ({stats['embed_backend']})")
    out(
        f"articles:        {stats['documents']}"
        + (f" (+{stats['pending']} unfinished: re-run ingest)" if stats["pending"] else "")
    )
    out(f"passages:        {stats['passages']} ({stats['vectors']} vectors)")
    out("languages:       " + (", ".join(f"{k} {v}" for k, v in stats["languages"].items()) or "-"))
    for d in docs:
        out(f"  {d.doc_id}  {d.lang:5} {d.date or '          '}  {d.title[:60]}  ({rel(d.path)})")
    return 0


def cmd_reset(args: argparse.Namespace, settings: Settings) -> int:
    from rag.index import Index
    from rag.ingest import writer_lock

    if not args.yes:
        if not sys.stdin.isatty():
            raise ConfigError("refusing to reset without --yes (no terminal to ask)")
        answer = input(f"delete the index in {settings.data_dir}? Your article files stay. [y/N] ")
        if answer.strip().lower() not in ("y", "yes"):
            out("nothing deleted")
            return 1
    with writer_lock(settings.data_dir):  # never under an ingest that is writing it
        Index(settings, verify=False).reset()  # also an index of another model or backend
    out(f"index in {settings.data_dir} deleted")
    return 0


def cmd_config(args: argparse.Namespace, settings: Settings) -> int:
    for name, _default, description in Settings.field_docs():
        out(f"{name} = {getattr(settings, name)!s}\n    {description}")
    return 0
