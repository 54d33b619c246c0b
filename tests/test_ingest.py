import os
import shutil
import signal
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

from rag import cli
from rag.index import Index
from rag.ingest import Ingestor, IngestRefused
from rag.retrieve import Retriever
from tests.conftest import MISSILE, ROOT, VISIT

MISSILE_NAME, VISIT_NAME = MISSILE.name, VISIT.name


def consistent(index: Index) -> None:
    """Vectors, passages and the keyword index describe the same ready documents."""
    counts = index.store.counts()
    ready = {d.doc_id for d in index.store.documents()}
    ids = index.collection.get(include=[])["ids"]
    # Every vector belongs to a document the store knows (ready or pending);
    # every ready passage has its vector.
    known = {d.doc_id for d in index.store.documents(status=None)}
    assert {i.split(":")[0] for i in ids} <= known
    ready_ids = {pid for pid, _ in index.store.ready_passages()}
    assert ready_ids <= set(ids)
    assert len(ready_ids) == counts["passages"]
    index.refresh_keyword()
    assert set(index.keyword.ids) == ready_ids
    assert {pid.split(":")[0] for pid in ready_ids} <= ready


def test_ingest_then_rerun_does_no_embedding_work(index, seeds_copy):
    report = Ingestor(index).run([seeds_copy])
    assert len(report.added) == 2 and not report.skipped
    embedded = index.embedder.calls
    assert embedded == report.passages > 0
    again = Ingestor(index).run([seeds_copy])
    assert len(again.unchanged) == 2 and not again.added and not again.updated
    assert index.embedder.calls == embedded  # unchanged files cost no embedding call
    consistent(index)


def test_changed_file_replaces_its_passages(index, seeds_copy):
    Ingestor(index).run([seeds_copy])
    article = next(seeds_copy.glob("north-korea-*.txt"))
    article.write_text("उत्तर कोरिया ने आज नया उपग्रह प्रक्षेपित किया। इसे अंतरिक्ष एजेंसी ने पुष्टि दी।", encoding="utf-8")
    report = Ingestor(index).run([seeds_copy])
    assert report.updated == [str(article.resolve())] and len(report.unchanged) == 1
    results = Retriever(index).search("बैलिस्टिक मिसाइल दागी", top_k=10)
    texts = " ".join(r.text for r in results if r.path == str(article.resolve()))
    assert "बैलिस्टिक" not in texts  # the old version's passages are gone
    assert "उपग्रह" in Retriever(index).search("उपग्रह प्रक्षेपण", top_k=1)[0].text
    consistent(index)


def test_removed_file_goes_only_with_prune(index, seeds_copy):
    Ingestor(index).run([seeds_copy])
    gone = next(seeds_copy.glob("russia-*.txt"))
    gone.unlink()
    report = Ingestor(index).run([seeds_copy])
    assert index.store.counts()["documents"] == 2 and not report.removed
    report = Ingestor(index).run([seeds_copy], prune=True)
    assert report.removed == [str(gone.resolve())]
    assert index.store.counts()["documents"] == 1
    assert all(r.path != str(gone.resolve()) for r in Retriever(index).search("बेलोसोव", top_k=10))
    consistent(index)


def test_the_same_article_twice_is_indexed_once_and_said_why(index, seeds_copy, tmp_path):
    Ingestor(index).run([seeds_copy])
    visit = next(seeds_copy.glob("russia-*.txt"))
    other = tmp_path / "saved-again"
    other.mkdir()
    twin = other / "रूस-रक्षा-मंत्री.txt"  # same bytes, another folder and name
    twin.write_bytes(visit.read_bytes())
    report = Ingestor(index).run([other])
    assert not report.added and report.skipped == [(str(twin.resolve()), f"the same text as {visit.resolve()}, "
                                                                          "already in the index")]
    assert index.store.counts()["documents"] == 2
    results = Retriever(index).search("रूस के रक्षा मंत्री का नाम", top_k=4)
    assert len({r.text for r in results}) == len(results)  # no passage twice
    # A file that becomes a copy of another gives up its own earlier text.
    missile = next(seeds_copy.glob("north-korea-*.txt"))
    missile.write_bytes(visit.read_bytes())
    report = Ingestor(index).run([seeds_copy])
    assert report.removed == [str(missile.resolve())]
    assert all(r.path != str(missile.resolve()) for r in Retriever(index).search("बैलिस्टिक मिसाइल", top_k=10))
    # With the first copy gone, one of the two left is indexed, once.
    visit.unlink()
    report = Ingestor(index).run([seeds_copy, other], prune=True)
    assert report.added == [str(missile.resolve())] and report.skipped == [
        (str(twin.resolve()), f"the same text as {missile.resolve()}, already in the index")]
    consistent(index)


def test_bad_files_are_reported_and_the_rest_ingested(index, seeds_copy):
    (seeds_copy / "empty.txt").write_bytes(b"")
    (seeds_copy / "photo.txt").write_bytes(bytes(range(256)) * 50)
    (seeds_copy / "huge.txt").write_text("बहुत लंबा। " * 300_000, encoding="utf-8")
    (seeds_copy / "notes.docx").write_text("x")
    (seeds_copy / "utf16.txt").write_bytes("उत्तर कोरिया की सेना ने परेड की।".encode("utf-16-le"))
    (seeds_copy / "folder.md").mkdir()
    os.symlink(seeds_copy / "missing.txt", seeds_copy / "dangling.txt")
    index.settings.max_file_mb = 1
    report = Ingestor(index).run([seeds_copy, seeds_copy / "nothing-here.txt"])
    reasons = {Path(p).name: r for p, r in report.skipped}
    assert "empty" in reasons["empty.txt"]
    assert "binary" in reasons["photo.txt"]
    assert "over the 1 MB limit" in reasons["huge.txt"]
    assert "unsupported file type '.docx'" in reasons["notes.docx"]
    assert "no such file" in reasons["nothing-here.txt"]
    assert len(report.added) == 3  # the two seeds and the UTF-16 file
    assert (str((seeds_copy / "utf16.txt").resolve()), "decoded as utf-16-le") in report.notes
    assert Retriever(index).search("सेना ने परेड", top_k=1)[0].path.endswith("utf16.txt")
    consistent(index)


KILLER = textwrap.dedent(
    """
    import os, signal, sys
    from pathlib import Path
    from rag.config import Settings
    from rag.index import Index
    from rag.ingest import Ingestor
    from rag.store import Store

    settings = Settings.load(env={}, overrides={"data_dir": Path(sys.argv[1])})
    index = Index(settings)
    commits = 0
    real = Store.commit_passages

    def commit_then_die(self, doc_id, passages):
        # Killed with SIGKILL at the worst moment: the third document's vectors
        # are in Chroma but its passages are not committed.
        global commits
        commits += 1
        if commits == 3:
            os.kill(os.getpid(), signal.SIGKILL)
        real(self, doc_id, passages)

    Store.commit_passages = commit_then_die
    Ingestor(index).run([Path(sys.argv[2])])
    """
)


def test_ingest_killed_midway_stays_consistent_and_rerun_completes(settings, embedder, tmp_path):
    corpus = tmp_path / "many"
    corpus.mkdir()
    for n in range(6):
        (corpus / f"a{n}.txt").write_text(
            f"लेख संख्या {n}। उत्तर कोरिया और रूस के बीच बैठक {n} हुई।", encoding="utf-8"
        )
    script = tmp_path / "killer.py"
    script.write_text(KILLER)
    proc = subprocess.run(
        [sys.executable, str(script), str(settings.data_dir), str(corpus)],
        cwd=ROOT,
        capture_output=True,
        timeout=300,
    )
    assert proc.returncode == -signal.SIGKILL, proc.stderr.decode()[-2000:]

    index = Index(settings, embedder=embedder)
    counts = index.store.counts()
    # Killed while committing the third of six documents written together: two
    # are ready, the rest pending (their vectors may be in Chroma, unused).
    assert counts["documents"] == 2 and counts["pending"] == 4
    consistent(index)
    hits = Retriever(index).search("बैठक", top_k=10)
    ready = {d.doc_id for d in index.store.documents()}
    assert hits and all(h.doc_id in ready for h in hits)  # the half-written document is never served

    report = Ingestor(index).run([corpus])
    assert len(report.unchanged) == 2 and len(report.added) + len(report.updated) == 4
    assert index.store.counts() == {"documents": 6, "pending": 0, "passages": 6}
    consistent(index)


# ------------------------------------------- what is left out, and pruning


def test_links_loops_and_odd_files_are_left_out_with_a_reason(index, seeds_copy, tmp_path):
    sub = seeds_copy / "sub"
    sub.mkdir()
    (sub / "note.txt").write_text("ज़ेब्राफ़िश उत्सव पुणे में हुआ।", encoding="utf-8")
    os.symlink(seeds_copy, sub / "back-up")  # a folder link to an ancestor: a loop
    os.symlink(seeds_copy / "self.txt", seeds_copy / "self.txt")  # a link to itself
    os.symlink(tmp_path / "gone.txt", seeds_copy / "dangling.txt")
    os.mkfifo(seeds_copy / "pipe.txt")  # reading it would block the ingest forever
    outside = tmp_path / "elsewhere"
    outside.mkdir()
    (outside / "linked.txt").write_text("Linked folders are read too.", encoding="utf-8")
    os.symlink(outside, seeds_copy / "linked")
    report = Ingestor(index).run([seeds_copy])
    reasons = {Path(p).name: r for p, r in report.skipped}
    assert reasons["back-up"] == f"symbolic link loop: it leads back to {seeds_copy.resolve()}"
    assert reasons["self.txt"] == "symbolic link loop: following the link never reaches a file"
    assert reasons["dangling.txt"] == f"broken symbolic link: its target {tmp_path / 'gone.txt'} does not exist"
    assert reasons["pipe.txt"] == "not a regular file (a pipe, socket or device)"
    assert len(reasons) == 4, reasons
    assert sorted(Path(p).name for p in report.added) == sorted(
        ["linked.txt", "note.txt", MISSILE_NAME, VISIT_NAME])


def test_a_missing_path_fails_the_ingest_with_a_sentence(tmp_path, capsys):
    code = cli.main(["ingest", str(tmp_path / "no" / "such"), "--data-dir", str(tmp_path / "data")])
    captured = capsys.readouterr()
    assert code == 2
    assert captured.err == f"error: nothing could be read from {tmp_path / 'no' / 'such'} (no such file or directory)\n"
    assert "added 0" in captured.out


def test_prune_refuses_a_missing_root_and_deletes_nothing(index, seeds_copy, tmp_path):
    Ingestor(index).run([seeds_copy])
    moved = tmp_path / "moved"
    seeds_copy.rename(moved)  # e.g. an unmounted drive
    with pytest.raises(IngestRefused, match=f"refusing to --prune: {seeds_copy}: no such file or directory"):
        Ingestor(index).run([seeds_copy], prune=True)
    assert index.store.counts()["documents"] == 2


def _as_non_root(cmd: list[str]) -> list[str]:
    """Root reads any folder: drop the two capabilities that let it, so mode 000 means unreadable."""
    if os.geteuid() != 0:
        return cmd
    return ["setpriv", "--bounding-set", "-dac_override,-dac_read_search", "--", *cmd]


def _ingest_without_root_powers(data_dir: Path, *args: str) -> subprocess.CompletedProcess:
    """``rag ingest`` run in the data dir's parent, which is where the tests' folders are."""
    return subprocess.run(_as_non_root([sys.executable, "-m", "rag.cli", "ingest", *args, "--data-dir",
                                        str(data_dir)]), cwd=data_dir.parent, capture_output=True, text=True,
                          timeout=300)


def test_prune_refuses_an_unreadable_root_and_deletes_nothing(index, seeds_copy):
    Ingestor(index).run([seeds_copy])
    seeds_copy.chmod(0)
    try:
        probe = subprocess.run(_as_non_root(["ls", str(seeds_copy)]), capture_output=True)
        assert probe.returncode != 0, "the folder is still readable: the test cannot show anything"
        proc = _ingest_without_root_powers(index.settings.data_dir, str(seeds_copy), "--prune")
    finally:
        seeds_copy.chmod(0o755)
    assert proc.returncode == 2, proc.stdout + proc.stderr
    assert proc.stderr == (f"error: refusing to --prune: {seeds_copy}: folder cannot be read: permission denied; "
                           "nothing was changed\n")
    assert index.store.counts()["documents"] == 2
    # Without --prune the same folder is reported, and the command fails too.
    seeds_copy.chmod(0)
    try:
        proc = _ingest_without_root_powers(index.settings.data_dir, str(seeds_copy))
    finally:
        seeds_copy.chmod(0o755)
    assert proc.returncode == 2 and "folder cannot be read: permission denied" in proc.stderr
    assert index.store.counts()["documents"] == 2


def test_prune_keeps_articles_under_an_unreadable_subfolder(index, seeds_copy):
    locked = seeds_copy / "locked"
    locked.mkdir()
    shutil.move(seeds_copy / VISIT_NAME, locked / VISIT_NAME)
    Ingestor(index).run([seeds_copy])
    (seeds_copy / MISSILE_NAME).unlink()  # really gone: pruned
    locked.chmod(0)
    try:
        proc = _ingest_without_root_powers(index.settings.data_dir, str(seeds_copy), "--prune")
    finally:
        locked.chmod(0o755)
    assert proc.returncode == 0, proc.stderr
    assert "skipped  articles/locked: folder cannot be read: permission denied" in proc.stdout
    assert "note     articles/locked: not pruned: the folder cannot be read, so its articles stay" in proc.stdout
    assert f"removed  articles/{MISSILE_NAME}" in proc.stdout
    assert [Path(d.path).name for d in index.store.documents()] == [VISIT_NAME]


# ------------------------------------------------------- one writer at a time

HOLDER = textwrap.dedent("""
    import sys, time
    from pathlib import Path
    from rag.ingest import writer_lock
    with writer_lock(Path(sys.argv[1])):
        print("held", flush=True)
        time.sleep(float(sys.argv[2]))
""")


def _hold_lock(data_dir: Path, seconds: float) -> subprocess.Popen:
    """Another process holding the index's write lock (as a running ingest does)."""
    proc = subprocess.Popen([sys.executable, "-c", HOLDER, str(data_dir), str(seconds)], cwd=ROOT,
                            stdout=subprocess.PIPE, text=True)
    assert proc.stdout.readline().strip() == "held"
    return proc


def test_a_second_ingest_is_refused_while_another_writes_and_changes_nothing(index, seeds_copy, capsys):
    Ingestor(index).run([seeds_copy / MISSILE_NAME])
    holder = _hold_lock(index.settings.data_dir, 60)
    try:
        code = cli.main(["ingest", str(seeds_copy), "--data-dir", str(index.settings.data_dir)])
        err = capsys.readouterr().err
        assert code == 2
        assert err == (f"error: another process (pid {holder.pid}) is adding articles to the index in "
                       f"{index.settings.data_dir}; nothing was changed: run this again when it has finished\n")
        assert "Traceback" not in err
        assert [Path(d.path).name for d in index.store.documents()] == [MISSILE_NAME]
    finally:
        holder.kill()
        holder.wait()
    # The holder died (killed, not finished): its lock went with it.
    report = Ingestor(index).run([seeds_copy])
    assert report.added == [str(seeds_copy / VISIT_NAME)] and report.unchanged == [str(seeds_copy / MISSILE_NAME)]
    consistent(index)


def test_a_waiting_ingest_says_so_and_runs_when_the_other_writer_finishes(index, seeds_copy):
    from rag.ingest import writer_lock

    holder = _hold_lock(index.settings.data_dir, 2)
    told: list[str] = []
    with writer_lock(index.settings.data_dir, wait=True, on_wait=told.append):
        assert holder.wait(timeout=30) == 0  # it let go (and then exited) before the lock was ours
        report = Ingestor(index).run([seeds_copy], locked=True)
    assert told == [str(holder.pid)]  # the wait was announced, naming who held the lock
    assert len(report.added) == 2
    consistent(index)
    told.clear()
    with writer_lock(index.settings.data_dir, wait=True, on_wait=told.append):
        pass
    assert told == []  # a free lock: no wait to announce
