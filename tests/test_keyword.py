"""The keyword index under concurrent use: real processes on one data dir."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys

from rag.ingest import Ingestor
from rag.keyword import KeywordIndex
from tests.conftest import SEEDS

PROCESSES = 6


def _stale(settings) -> None:
    """Make the saved keyword index out of date, so the next search rebuilds it."""
    meta = settings.keyword_dir / "meta.json"
    saved = json.loads(meta.read_text())
    meta.write_text(json.dumps({**saved, "generation": saved["generation"] - 1}))


def test_concurrent_searches_rebuilding_the_keyword_index_all_succeed(index, tmp_path):
    Ingestor(index).run([SEEDS])
    env = {k: v for k, v in os.environ.items() if not k.startswith("RAG_")}
    cmd = [sys.executable, "-m", "rag.cli", "search", "गोरेम्यकिन", "--mode", "keyword", "--json",
           "--data-dir", str(index.settings.data_dir)]
    for _round in range(3):  # the race the issue saw hit about 1 in 4 processes; three rounds of six
        _stale(index.settings)
        procs = [subprocess.Popen(cmd, cwd=tmp_path, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                                  text=True) for _ in range(PROCESSES)]
        outs = [(p.wait(timeout=300), *p.communicate()) for p in procs]
        for code, out, err in outs:
            assert code == 0, err[-2000:]
            results = json.loads(out)["results"]
            assert results and "गोरेम्यकिन" in results[0]["text"]
    leftovers = sorted(p.name for p in index.settings.data_dir.iterdir() if p.name.startswith("keyword"))
    assert leftovers in (["keyword"], ["keyword", "keyword.lock"])  # no temporary folders left behind


def test_a_stale_temporary_folder_from_a_killed_build_is_cleared(index):
    Ingestor(index).run([SEEDS])
    data = index.settings.data_dir
    # What a build killed midway leaves: a half-written temporary folder and an old copy.
    (data / "keyword.tmp-12345-dead").mkdir()
    shutil.copytree(data / "keyword", data / "keyword.old-12345-dead")
    _stale(index.settings)
    fresh = KeywordIndex(index.settings.keyword_dir)
    fresh.load_or_build(index.store)
    assert fresh.generation == index.store.generation and len(fresh.ids) > 0
    assert not (data / "keyword.tmp-12345-dead").exists() and not (data / "keyword.old-12345-dead").exists()


def test_passages_tokenised_by_an_older_version_are_retokenised_on_open(settings, embedder, tmp_path):
    """Tokens are stored at ingest: a store from before the English stopword change
    gets today's tokens once, when the index opens, and English words it had
    dropped ("members", "year") find their passage again."""
    from rag.index import Index
    from rag.retrieve import Retriever
    from rag.text import KEYWORDS_VERSION

    docs = tmp_path / "docs"
    docs.mkdir()
    (docs / "council.txt").write_text(
        "The council has nine members. It met in the year of the flood and chose a new chair.", encoding="utf-8")
    (docs / "other.txt").write_text("Rainfall in the hills was heavy this week, the weather office said.",
                                    encoding="utf-8")
    index = Index(settings, embedder=embedder)
    Ingestor(index).run([docs])
    # Make it look like an old store: version-1 tokens (the English content words dropped).
    db = index.store.db
    with db:
        for pid, toks in list(db.execute("SELECT id, tokens FROM passages")):
            db.execute("UPDATE passages SET tokens=? WHERE id=?",
                       (" ".join(t for t in toks.split() if t not in {"member", "year"}), pid))
        db.execute("UPDATE meta SET value='1' WHERE key='keywords_version'")
        index.store._bump(db)
    old = Index(settings, embedder=embedder)
    assert old.store.get_meta("keywords_version") == KEYWORDS_VERSION
    tokens = " ".join(t for _, toks in old.store.ready_passages() for t in toks)
    assert "member" in tokens and "year" in tokens
    old.refresh_keyword()
    hits = Retriever(old).search("How many members does the council have?", top_k=1, mode="keyword")
    assert hits and hits[0].path.endswith("council.txt") and hits[0].keyword_score
    # Opening again changes nothing.
    assert Index(settings, embedder=embedder).store.retokenise(lambda t: [], KEYWORDS_VERSION) == 0
