import json
import subprocess
import sys
from pathlib import Path

import pytest

from rag.cli import main
from rag.store import Store
from tests.conftest import ROOT, SEEDS


@pytest.fixture
def data_dir(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)  # no stray rag.toml
    for key in list(__import__("os").environ):
        if key.startswith("RAG_"):
            monkeypatch.delenv(key)
    return str(tmp_path / "data")


def test_ingest_search_stats_reset(data_dir, tmp_path, capsys):
    (tmp_path / "junk.txt").write_bytes(b"\x00\x01\x02" * 100)
    assert main(["ingest", str(SEEDS), str(tmp_path / "junk.txt"), "--data-dir", data_dir]) == 0
    out = capsys.readouterr().out
    assert "added 2, updated 0, unchanged 0, removed 0, skipped 1" in out
    assert "junk.txt: looks like a binary file" in out

    assert main(["search", "उत्तर कोरिया ने मिसाइल कहाँ दागी?", "-k", "2", "--data-dir", data_dir]) == 0
    out = capsys.readouterr().out
    assert out.startswith("1. ") and "पूर्वी समुद्री क्षेत्र" in out  # Devanagari printed as text
    assert "north-korea-missile-after-russia-talks.txt · chars " in out

    assert main(["search", "Belousov", "--json", "--mode", "dense", "--data-dir", data_dir]) == 0
    payload = json.loads(capsys.readouterr().out)
    assert payload["mode"] == "dense" and len(payload["results"]) == 5
    first = payload["results"][0]
    assert {"score", "doc_id", "title", "path", "start", "end", "text"} <= set(first)

    assert (
        main(
            [
                "search",
                "मिसाइल",
                "--doc",
                "russia-north-korea-defence-minister-visit.txt",
                "--json",
                "--data-dir",
                data_dir,
            ]
        )
        == 0
    )
    results = json.loads(capsys.readouterr().out)["results"]
    assert results and all(r["path"].endswith("defence-minister-visit.txt") for r in results)

    assert main(["stats", "--json", "--data-dir", data_dir]) == 0
    stats = json.loads(capsys.readouterr().out)
    assert stats["documents"] == 2 and stats["passages"] == stats["vectors"] > 0
    assert stats["languages"] == {"hi": 2}

    assert main(["reset", "--yes", "--data-dir", data_dir]) == 0
    capsys.readouterr()
    assert main(["search", "मिसाइल", "--data-dir", data_dir]) == 0
    assert "the index is empty" in capsys.readouterr().out


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["search", "  "], "error: the question is empty"),
        (["search", "x", "--since", "kal"], "error: --since 'kal' is not a date"),
        (["search", "x", "--doc", "nope.txt"], "error: no indexed article matches --doc 'nope.txt'"),
        (["reset"], "error: refusing to reset without --yes"),
        (["calibrate", "--llm", "none"], "error: calibrate measures a model: give one with --llm"),
        (["calibrate", "nope.jsonl", "--llm", "m"], "error: question set nope.jsonl does not exist"),
        (["calibrate", "--limit", "0", "--llm", "m"], "error: --limit must be at least 1"),
    ],
)
def test_expected_errors_are_one_sentence_without_a_trace(tmp_path, args, message):
    Store(tmp_path / "d" / "store.sqlite3").close()  # an empty index
    proc = subprocess.run(
        [sys.executable, "-m", "rag.cli", *args, "--data-dir", str(tmp_path / "d")],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=300,
        stdin=subprocess.DEVNULL,
    )
    assert proc.returncode == 2
    assert proc.stderr.startswith(message)
    assert "Traceback" not in proc.stderr


def test_bad_setting_from_the_environment_is_explained(tmp_path):
    proc = subprocess.run(
        [sys.executable, "-m", "rag.cli", "stats"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        env={"RAG_TOP_K": "many", "RAG_DATA_DIR": str(tmp_path), "PATH": "/usr/bin:/bin"},
        timeout=120,
    )
    assert proc.returncode == 2 and "invalid setting: top_k" in proc.stderr
    assert "Traceback" not in proc.stderr


@pytest.mark.parametrize("command", [["search", "मिसाइल"], ["stats"], ["ask", "मिसाइल कहाँ गिरी?", "--llm", "none"]])
def test_read_only_commands_do_not_create_an_index(data_dir, command, capsys):
    assert main([*command, "--data-dir", data_dir]) == 2
    assert capsys.readouterr().err == (
        f"error: there is no index in {data_dir}: add articles with 'rag ingest PATH', "
        "or point --data-dir (RAG_DATA_DIR, data_dir in rag.toml) at an existing index\n")
    assert not Path(data_dir).exists()


def test_an_empty_data_dir_is_refused(data_dir, monkeypatch, capsys):
    monkeypatch.setenv("RAG_DATA_DIR", "")
    assert main(["stats"]) == 2
    assert capsys.readouterr().err.startswith("error: RAG_DATA_DIR is set but empty")
    with pytest.raises(SystemExit):
        main(["stats", "--data-dir", ""])
    assert "argument --data-dir: is empty" in capsys.readouterr().err
    assert not any(Path.cwd().iterdir())  # nothing was created in the current folder


def test_search_top_k_uses_the_whole_range_of_top_k(data_dir, capsys):
    assert main(["ingest", str(SEEDS), "--data-dir", data_dir]) == 0
    capsys.readouterr()
    for k in (21, 100):  # more than the 20 passages an answer may use, which used to be the limit
        assert main(["search", "मिसाइल", "-k", str(k), "--json", "--data-dir", data_dir]) == 0
        assert len(json.loads(capsys.readouterr().out)["results"]) > 5  # all the seeds have (default: 5)
    for command, k, limit in ((["search", "मिसाइल"], 0, "from 1 to 100 here (top_k), not 0"),
                              (["search", "मिसाइल"], 101, "from 1 to 100 here (top_k), not 101"),
                              (["ask", "मिसाइल?", "--llm", "none"], 21, "from 1 to 20 here (context_passages), not 21"),
                              (["ask", "मिसाइल?", "--llm", "none"], 0, "from 1 to 20 here (context_passages), not 0")):
        assert main([*command, "-k", str(k), "--data-dir", data_dir]) == 2
        assert capsys.readouterr().err == f"error: -k/--top-k must be {limit}\n"
