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
