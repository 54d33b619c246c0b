import os
import signal
import subprocess
import sys
import textwrap
from pathlib import Path

from rag.index import Index
from rag.ingest import Ingestor
from rag.retrieve import Retriever
from tests.conftest import ROOT


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
