"""Incremental ingest: files -> documents -> passages -> vectors, only where
something changed.

A document is keyed by its resolved path and versioned by the SHA-256 of its
bytes and the chunking settings: an unchanged file costs a hash and nothing
else, a changed one has its passages replaced, and ``prune`` drops documents
whose files are gone. Documents are embedded in groups, so one batch serves
many small articles. One process writes an index at a time (``writer_lock``):
a second ingest into the same data folder is refused, or waits, never interleaves.
"""

from __future__ import annotations

import errno
import fcntl
import hashlib
import os
import stat
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

from rag.chunking import chunk_text
from rag.index import Index, doc_id_for
from rag.loaders import LoadedDocument, SkipFile, parse, read_file
from rag.store import DocumentRecord, PassageRecord
from rag.text import keyword_tokens

_GROUP_PASSAGES = 256  # passages embedded per group (several documents at once)


@dataclass
class IngestReport:
    added: list[str] = field(default_factory=list)
    updated: list[str] = field(default_factory=list)
    unchanged: list[str] = field(default_factory=list)
    removed: list[str] = field(default_factory=list)
    skipped: list[tuple[str, str]] = field(default_factory=list)  # (path, reason)
    notes: list[tuple[str, str]] = field(default_factory=list)  # (path, e.g. "decoded as utf-16-le")
    passages: int = 0
    interrupted: bool = False
    unreadable_roots: list[tuple[str, str]] = field(default_factory=list)  # (path given, reason): nothing read

    def to_dict(self) -> dict:
        return {
            "added": self.added,
            "updated": self.updated,
            "unchanged": self.unchanged,
            "removed": self.removed,
            "passages": self.passages,
            "interrupted": self.interrupted,
            "skipped": [{"path": p, "reason": r} for p, r in self.skipped],
            "notes": [{"path": p, "note": n} for p, n in self.notes],
            "unreadable_paths": [{"path": p, "reason": r} for p, r in self.unreadable_roots],
        }


class IngestRefused(Exception):
    """The ingest would do harm (prune under a folder it cannot see); nothing was changed."""


class IngestBusy(IngestRefused):
    """Another process is writing the same index; nothing was changed."""


LOCK_NAME = "ingest.lock"


@contextmanager
def writer_lock(data_dir: Path, wait: bool = False,
                on_wait: Callable[[str], None] | None = None) -> Iterator[None]:
    """Hold the index's write lock while the block runs (an ``flock``, released
    when the process dies, so a killed ingest never leaves it stuck). Two
    writers interleaving would delete and re-add each other's documents in the
    store, Chroma and the keyword index. Busy: wait for it (``wait``; first
    ``on_wait`` is told the holder's pid, so a wait is never silent) or raise
    ``IngestBusy`` naming the process that holds it."""
    lock = Path(data_dir) / LOCK_NAME
    try:
        lock.parent.mkdir(parents=True, exist_ok=True)
        fd = os.open(lock, os.O_RDWR | os.O_CREAT, 0o644)
    except OSError:  # a read-only data folder: the store refuses writes with its own message
        yield
        return
    try:
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            holder = os.pread(fd, 32, 0).decode(errors="replace").strip() or "?"
            if not wait:
                raise IngestBusy(f"another process (pid {holder}) is adding articles to the index in {data_dir}; "
                                 "nothing was changed: run this again when it has finished") from None
            if on_wait is not None:
                on_wait(holder)
            fcntl.flock(fd, fcntl.LOCK_EX)
        os.ftruncate(fd, 0)
        os.pwrite(fd, str(os.getpid()).encode(), 0)
        yield
    finally:
        os.close(fd)  # releases the lock


@dataclass
class Found:
    """What ``discover`` found: files to read, and what it left out and why."""

    files: list[Path] = field(default_factory=list)
    skipped: list[tuple[str, str]] = field(default_factory=list)  # (path, reason)
    unreadable: list[Path] = field(default_factory=list)  # resolved folders whose contents are unknown
    missing: list[tuple[str, str]] = field(default_factory=list)  # (root given, reason): nothing read from it


def discover(paths: Iterable[Path]) -> Found:
    """Files to ingest under ``paths``: folders recursively (symbolic links
    followed, hidden entries skipped); every other thing left out gets a reason."""
    found = Found()
    for root in paths:
        try:
            st = root.stat()
        except OSError as e:
            reason = _unusable(root, e)
            found.skipped.append((str(root), reason))
            found.missing.append((str(root), reason))
            continue
        if stat.S_ISDIR(st.st_mode):
            if not _walk(root, found, [(st.st_dev, st.st_ino)], set()):
                found.missing.append(found.skipped[-1])
        else:
            found.files.append(root)  # read_file says why if it is not a readable article
    seen: set[Path] = set()
    unique = []
    for f in found.files:
        r = f.resolve()
        if r not in seen:
            seen.add(r)
            unique.append(r)
    found.files = unique
    return found


def _walk(folder: Path, found: Found, chain: list[tuple[int, int]], seen: set[tuple[int, int]]) -> bool:
    """Add the files under ``folder``; False if it cannot be listed.

    ``chain`` holds the folders above (device, inode): a link back to one of
    them is a loop; ``seen`` the folders read already, so a folder reached
    through two links is read once.
    """
    try:
        with os.scandir(folder) as it:
            entries = sorted(it, key=lambda e: e.name)
    except OSError as e:
        found.skipped.append((str(folder), f"folder cannot be read: {_why(e)}"))
        found.unreadable.append(folder.resolve())
        return False
    for entry in entries:
        if entry.name.startswith("."):
            continue
        path = Path(entry.path)
        try:
            st = path.stat()
        except OSError as e:
            found.skipped.append((str(path), _unusable(path, e)))
            continue
        if stat.S_ISDIR(st.st_mode):
            key = (st.st_dev, st.st_ino)
            if key in chain:
                found.skipped.append((str(path), f"symbolic link loop: it leads back to {path.resolve()}"))
            elif key not in seen:
                seen.add(key)
                _walk(path, found, [*chain, key], seen)
        elif stat.S_ISREG(st.st_mode):
            found.files.append(path)
        else:
            found.skipped.append((str(path), "not a regular file (a pipe, socket or device)"))
    return True


def _unusable(path: Path, e: OSError) -> str:
    """Why ``path`` cannot be used, ``e`` being what stat() raised."""
    if path.is_symlink():
        if e.errno == errno.ELOOP:
            return "symbolic link loop: following the link never reaches a file"
        if e.errno == errno.ENOENT:
            return f"broken symbolic link: its target {os.readlink(path)} does not exist"
    if e.errno in (errno.ENOENT, errno.ENOTDIR):
        return "no such file or directory"
    return f"cannot be read: {_why(e)}"


def _why(e: OSError) -> str:
    return (e.strerror or str(e)).lower()


def _version(data_hash: str, index: Index) -> str:
    s = index.settings
    return f"{data_hash}:{s.chunk_tokens}:{s.chunk_overlap_tokens}"


class Ingestor:
    def __init__(self, index: Index) -> None:
        self.index = index
        self.settings = index.settings

    def run(
        self,
        paths: Iterable[Path],
        prune: bool = False,
        progress: Callable[[int, int, str], None] | None = None,
        wait: bool = False,
        locked: bool = False,
    ) -> IngestReport:
        """Bring the index in line with the files under ``paths``. Another
        process writing the same index: wait for it (``wait``), else ``IngestBusy``;
        ``locked``: the caller holds ``writer_lock`` already."""
        if locked:
            return self._run(list(paths), prune, progress)
        with writer_lock(self.settings.data_dir, wait):
            return self._run(list(paths), prune, progress)

    def _run(self, paths: list[Path], prune: bool, progress: Callable[[int, int, str], None] | None) -> IngestReport:
        report = IngestReport()
        found = discover(paths)
        if prune and found.missing:
            # An unreadable or missing root would look empty, and pruning it would
            # remove every article under it.
            root, reason = found.missing[0]
            raise IngestRefused(f"refusing to --prune: {root}: {reason}; nothing was changed")
        files = found.files
        report.skipped.extend(found.skipped)
        report.unreadable_roots = found.missing
        store = self.index.store
        known = {d.path: d for d in store.documents(status=None)}
        # The same article saved twice (two folders, two names) would take two of
        # the few passages an answer reads: the second copy is skipped, said why.
        same_text = {d.sha256: d.path for d in known.values() if d.status == "ready"}
        group: list[tuple[DocumentRecord, LoadedDocument, list, bool]] = []
        group_size = 0
        max_bytes = int(self.settings.max_file_mb * 1_000_000)
        try:
            for i, path in enumerate(files):
                if progress:
                    progress(i, len(files), path.name)
                key = str(path)
                try:
                    raw = read_file(path, max_bytes)
                    version = _version(hashlib.sha256(raw).hexdigest(), self.index)
                    old = known.get(key)
                    if old is not None and old.sha256 == version and old.status == "ready":
                        report.unchanged.append(key)
                        continue
                    twin = same_text.get(version)
                    if twin is not None and twin != key and Path(twin).exists():
                        if old is not None:  # its earlier text would otherwise stay searchable
                            self.index.delete_document(old.doc_id)
                            report.removed.append(key)
                        raise SkipFile(f"the same text as {twin}, already in the index")
                    doc = parse(path, raw)
                except SkipFile as e:
                    report.skipped.append((key, str(e)))
                    continue
                record = DocumentRecord(
                    doc_id=doc_id_for(key),
                    path=key,
                    title=doc.title,
                    date=doc.date,
                    source=doc.source,
                    lang=doc.lang,
                    encoding=doc.encoding,
                    sha256=version,
                    status="pending",
                )
                chunks = chunk_text(
                    doc.text,
                    self.index.embedder.count_tokens,
                    self.settings.chunk_tokens,
                    self.settings.chunk_overlap_tokens,
                )
                for note in doc.notes:
                    report.notes.append((key, note))
                group.append((record, doc, chunks, old is not None and old.status == "ready"))
                same_text[version] = key
                group_size += len(chunks)
                if group_size >= _GROUP_PASSAGES:
                    self._flush(group, report)
                    group, group_size = [], 0
            self._flush(group, report)
            group = []
            if prune:
                self._prune(paths, found, known, report)
        except KeyboardInterrupt:
            report.interrupted = True
        finally:
            if progress:
                progress(len(files), len(files), "")
        if not report.interrupted:
            self.index.refresh_keyword()
            self.index.warm_gloss()
        return report

    def _flush(self, group: list, report: IngestReport) -> None:
        if not group:
            return
        texts = [c.text for _, _, chunks, _ in group for c in chunks]
        vectors = self.index.embedder.embed_passages(texts)
        offset = 0
        items = []
        for record, doc, chunks, _existed in group:
            passages = [
                PassageRecord(
                    id=f"{record.doc_id}:{n}",
                    doc_id=record.doc_id,
                    ord=n,
                    start=c.start,
                    end=c.end,
                    lang=c.lang,
                    tokens=keyword_tokens(c.text),
                )
                for n, c in enumerate(chunks)
            ]
            items.append((record, doc.text, passages, vectors[offset : offset + len(chunks)]))
            offset += len(chunks)
        self.index.write_documents(items)
        for record, _, chunks, existed in group:
            report.passages += len(chunks)
            (report.updated if existed else report.added).append(record.path)

    def _prune(self, roots: list[Path], found: Found, known: dict, report: IngestReport) -> None:
        """Drop documents under the given roots whose files are gone (or no longer ingestible),
        except under folders that could not be listed: their files may well be there."""
        present = {str(f) for f in found.files} - {p for p, _ in report.skipped}
        resolved = [r.resolve() for r in roots]
        kept: set[Path] = set()
        for path, record in known.items():
            inside = any(Path(path) == r or Path(path).is_relative_to(r) for r in resolved)
            if not inside or path in present:
                continue
            hidden = next((u for u in found.unreadable if Path(path).is_relative_to(u)), None)
            if hidden is not None:
                kept.add(hidden)
                continue
            self.index.delete_document(record.doc_id)
            report.removed.append(path)
        for folder in sorted(kept):
            report.notes.append((str(folder), "not pruned: the folder cannot be read, so its articles stay"))
