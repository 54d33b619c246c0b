"""A run of a question set: build (or reuse) the set's own index, ask every
question, cache each output, score.

The eval index lives in ``data_dir/evals/index/<set>-<key>``, apart from the
user's index; the key hashes the corpus content and the settings that shape
the index (embedding model, chunking), so an unchanged corpus is ingested
once. Each question's output is appended to ``data_dir/evals/cache/<key>.jsonl``
as soon as it is known, keyed by the question and every setting, model,
prompt and library source file that can change it: an interrupted run resumes where it stopped and a
repeated run costs nothing. Scores are recomputed from gold data every time,
so a corrected answer key never needs the model again.
"""

from __future__ import annotations

import datetime as dt
import json
import os
import sys
import time
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

from rag.answer.profile import reader_settings
from rag.config import Settings
from rag.embed import Embedder
from rag.evaluate import keys, outputs
from rag.evaluate import metrics as M
from rag.evaluate.score import score_record
from rag.evaluate.sets import EvalError, EvalSet, Question, sample
from rag.index import Filters, Index
from rag.ingest import Ingestor, writer_lock
from rag.llm import OllamaLLM
from rag.pipeline import Assistant

_MAX_LLM_ERRORS = 3  # consecutive: the server is gone, stop rather than fill the run with fallbacks


@dataclass
class RunOptions:
    llm: str = "none"  # an Ollama model, or "none" for extractive answers
    limit: int | None = None
    retrieval_only: bool = False
    k: int = 10  # ranking depth of the retrieval metrics
    fresh: bool = False  # ignore (and overwrite) cached outputs
    progress: bool = True
    command: str = ""  # as typed, for the report


@dataclass
class RunResult:
    records: list[dict]
    meta: dict
    warnings: list[str] = field(default_factory=list)


class Runner:
    def __init__(self, settings: Settings, evalset: EvalSet, options: RunOptions,
                 embedder: Embedder | None = None) -> None:
        self.settings = settings
        self.set = evalset
        self.opt = options
        self.use_llm = options.llm.lower() != "none"
        self.root = settings.data_dir / "evals"
        # The corpus's folder too (documents are keyed by path): a copy of the repository
        # elsewhere (a worktree, a fresh clone) gets its own index, not one it would
        # rewrite under another run. Sets that carry their corpus share one folder.
        folder = [str(evalset.corpus_dir.resolve())] if evalset.corpus_dir is not None else []
        index_key = keys.digest(evalset.format, evalset.corpus_key(), *folder,
                                [getattr(settings, k) for k in keys.INDEX_SETTINGS])[:16]
        self.index_key = index_key
        self.index_dir = self.root / "index" / f"{evalset.corpus_name[:40]}-{index_key}"
        # Always an embedded Chroma of its own: in server mode the eval corpus would
        # otherwise land in the user's collection on the shared server.
        self.eval_settings = settings.model_copy(update={"data_dir": self.index_dir, "chroma_mode": "embedded"})
        self.embedder = embedder or Embedder(self.eval_settings)
        values = settings.model_dump(mode="json")
        # The reader setting the model gets (its calibrated profile, unless set): part of the answer.
        self.reader = reader_settings(settings, options.llm) if self.use_llm else None
        if options.retrieval_only:  # a ranking depends on the retrieval settings only
            key_parts: tuple = ({k: values[k] for k in keys.RETRIEVAL_SETTINGS},)
        else:
            key_parts = ({k: v for k, v in values.items() if k not in keys.NEUTRAL and not k.startswith("serve_")},
                         options.llm if self.use_llm else "none", keys.prompts_hash(),
                         *([self.reader] if self.reader else []))
        self.cache_key = keys.digest(index_key, options.retrieval_only, options.k, keys.code_hash(), *key_parts)[:20]
        self.cache_path = self.root / "cache" / f"{self.cache_key}.jsonl"
        self.warnings: list[str] = []

    # ------------------------------------------------------------- corpus
    def corpus_dir(self) -> Path:
        if self.set.corpus_dir is not None:
            return self.set.corpus_dir
        target = self.root / "corpus" / f"{self.set.corpus_name[:40]}-{self.set.corpus_key()}"
        if not target.is_dir():
            tmp = target.with_name(target.name + f".tmp{os.getpid()}")
            tmp.mkdir(parents=True, exist_ok=True)
            for name, content in self.set.corpus_files.items():
                (tmp / name).write_text(content, encoding="utf-8")
            tmp.rename(target)  # whole or not at all: a killed run never leaves half a corpus
        return target

    def build_index(self) -> Index:
        from tqdm import tqdm

        corpus = self.corpus_dir()
        index = Index(self.eval_settings, embedder=self.embedder)
        bar = tqdm(total=0, unit="file", desc="index", file=sys.stderr, disable=not self.opt.progress or None,
                   leave=False)

        def progress(done: int, total: int, name: str) -> None:
            bar.total, bar.n = total, done
            bar.refresh()

        # One writer at a time (another run of the same set waits for this one's ingest);
        # documents from outside the corpus (an index built before the folder was in
        # its key) would stand beside these as duplicates.
        def waiting(pid: str) -> None:
            print(f"waiting for another run (pid {pid}) to finish writing {self.index_dir}", file=sys.stderr,
                  flush=True)

        with writer_lock(self.eval_settings.data_dir, wait=True, on_wait=waiting):
            for d in index.store.documents(status=None):
                if not Path(d.path).is_relative_to(corpus.resolve()):
                    index.delete_document(d.doc_id)
            report = Ingestor(index).run([corpus], prune=True, progress=progress, locked=True)
        bar.close()
        if report.interrupted:
            raise KeyboardInterrupt

        for path, reason in report.skipped:
            self.warnings.append(f"corpus file skipped: {path}: {reason}")
        if not index.store.documents():
            raise EvalError(f"the corpus {corpus} has no usable articles")
        self.corpus = corpus
        self.ingest = {"added": len(report.added) + len(report.updated), "unchanged": len(report.unchanged),
                       "removed": len(report.removed), "skipped": len(report.skipped)}
        return index

    # ----------------------------------------------------------- evidence
    def _resolver(self, index: Index) -> None:
        docs = index.store.documents()
        self.texts = {d.doc_id: index.store.document_text(d.doc_id) for d in docs}
        self.doc_lang = {d.doc_id: d.lang for d in docs}
        self.names: dict[str, str] = {}
        for d in docs:
            p = Path(d.path)
            self.names.setdefault(p.name, d.doc_id)
            if p.is_relative_to(self.corpus):
                self.names[p.relative_to(self.corpus).as_posix()] = d.doc_id
        self.passages: dict[str, list[tuple[int, int]]] = {}
        for doc_id, s, e in index.store.db.execute("SELECT doc_id, start, end FROM passages"):
            self.passages.setdefault(doc_id, []).append((s, e))
        self.main_lang = Counter(self.doc_lang.values()).most_common(1)[0][0]

    def _doc(self, name: str, qid: str) -> str | None:
        doc_id = self.names.get(name) or self.names.get(Path(name).name)
        if doc_id is None:
            self.warnings.append(f"{qid}: evidence document {name!r} is not in the corpus")
        return doc_id

    def resolve(self, q: Question) -> dict:
        """Gold data with documents as ids: quotes, spans (doc_id, start, end), scope, pair."""
        spans: list[list] = []
        for sp in q.spans:
            doc_id = self._doc(sp.doc, q.id)
            if doc_id is None:
                continue
            text = self.texts[doc_id]
            if sp.text is not None:
                pos = text.find(sp.text)
                if pos < 0:
                    self.warnings.append(f"{q.id}: evidence paragraph not found in {sp.doc}; whole document used")
                    spans.append([doc_id, 0, len(text)])
                else:
                    spans.append([doc_id, pos, pos + len(sp.text)])
            elif sp.start is None:
                spans.append([doc_id, 0, len(text)])
            else:
                spans.append([doc_id, sp.start, min(sp.end, len(text))])
        quotes: list[str] = []
        doc_ids = [d for d in (self.names.get(n) or self.names.get(Path(n).name) for n in q.docs) if d]
        for quote in q.evidence:
            candidates = doc_ids or list(self.texts)
            needle = M.squash(quote)
            if any(needle in M.squash(self.texts[d][s:e]) for d in candidates for s, e in self.passages.get(d, ())):
                quotes.append(quote)
                continue
            # No single passage holds the whole quote (a chunk boundary splits it):
            # judge by overlap with the quote's span instead, as for spans.
            where = [(d, self.texts[d].find(quote)) for d in candidates]
            where = [(d, pos) for d, pos in where if pos >= 0]
            if where:
                d, pos = where[0]
                spans.append([d, pos, pos + len(quote)])
                self.warnings.append(f"{q.id}: quote split across passages, judged by overlap: {quote[:40]}…")
            else:
                quotes.append(quote)
                self.warnings.append(f"{q.id}: evidence quote not found in the corpus: {quote[:40]}…")
        scope = tuple(d for d in (self._doc(n, q.id) for n in q.scope) if d)
        langs = Counter(self.doc_lang[d] for d in ({s[0] for s in spans} | set(doc_ids) or set(scope)))
        corpus_lang = langs.most_common(1)[0][0] if langs else self.main_lang
        return {"id": q.id, "question": q.question, "lang": q.lang, "pair": f"{q.lang}→{corpus_lang}",
                "type": q.type, "answerable": q.answerable, "answers": q.answers, "evidence": quotes,
                "spans": spans, "docs": q.docs, "scope": list(scope)}

    # ---------------------------------------------------------------- run
    def run(self) -> RunResult:
        from tqdm import tqdm

        started = dt.datetime.now().astimezone().isoformat(timespec="seconds")
        questions = sample(self.set.questions, self.opt.limit)
        # The model first: a missing one should fail before minutes of indexing.
        llm_version = self._check_llm() if self.use_llm and not self.opt.retrieval_only else None
        index = self.build_index()
        self._resolver(index)
        assistant = Assistant(self.eval_settings, index)
        cache = self._load_cache()
        records: list[dict] = []
        hits = errors_in_row = 0
        bar = tqdm(questions, unit="q", desc=f"eval {self.set.name}", file=sys.stderr,
                   disable=not self.opt.progress or None)
        # tqdm draws nothing when stderr is a log file or a pipe (a long batch run,
        # CI): a plain line at most once a minute, and at the end, says how far it is.
        log_progress = self.opt.progress and bar.disable
        t_start = last_line = time.monotonic()
        try:
            with self.cache_path.open("a", encoding="utf-8") as cache_file:
                for q in bar:
                    rec = self.resolve(q)
                    key = keys.digest(q.question, rec["scope"])
                    output = None if self.opt.fresh else cache.get(key)
                    rec["cached"] = output is not None
                    if output is None:
                        output = self._ask(assistant, q.question, rec["scope"])
                        if output.get("answer", {}).get("llm_error"):
                            errors_in_row += 1
                            if errors_in_row >= _MAX_LLM_ERRORS:
                                raise EvalError(
                                    f"the model failed on {errors_in_row} questions in a row "
                                    f"({output['answer']['llm_error'][:160]}); the answers so far are cached: "
                                    "run the same command again to resume")
                        else:  # a fallback caused by a server failure is not an answer worth keeping
                            errors_in_row = 0
                            cache_file.write(json.dumps({"key": key, "output": output}, ensure_ascii=False) + "\n")
                            cache_file.flush()
                    else:
                        hits += 1
                    rec["output"] = output
                    records.append(score_record(rec, self.texts))
                    bar.set_postfix_str(self._postfix(records))
                    now = time.monotonic()
                    if log_progress and (now - last_line >= 60 or len(records) == len(questions)):
                        last_line = now
                        print(_progress_line(self.set.name, len(records), len(questions), now - t_start,
                                             self._postfix(records)), file=sys.stderr, flush=True)
        except KeyboardInterrupt:
            bar.close()
            print(f"interrupted after {len(records)} questions; they are cached: run the same command "
                  "again to resume", file=sys.stderr)
            raise
        bar.close()
        counts = index.store.counts()
        meta = {
            "command": self.opt.command,
            "set": self.set.name, "format": self.set.format, "questions_in_set": len(self.set.questions),
            "questions": len(records), "limit": self.opt.limit, "llm": self.opt.llm if self.use_llm else "none",
            "llm_version": llm_version, "retrieval_only": self.opt.retrieval_only, "k": self.opt.k,
            "reader": dict(zip(("sentences", "policy"), self.reader, strict=True)) if self.reader else None,
            "cached": hits,
            "corpus": {"dir": str(self.corpus), "documents": counts["documents"], "passages": counts["passages"],
                       "languages": index.store.languages(), "ingest": self.ingest},
            "index_dir": str(self.index_dir), "cache": str(self.cache_path),
            "settings": {k: v for k, v in self.settings.model_dump(mode="json").items()
                         if k not in ("data_dir", "models_dir")},
            "started": started, "finished": dt.datetime.now().astimezone().isoformat(timespec="seconds"),
            "commit": outputs.git_commit(), "machine": outputs.machine(),
        }
        return RunResult(records, meta, _dedupe(self.warnings))

    def _postfix(self, records: list[dict]) -> str:
        hit = [r["scores"]["hit5"] for r in records if "hit5" in r["scores"]]
        good = [r["stage"] == "ok" for r in records]
        parts = [f"hit@5 {sum(hit) / len(hit):.2f}"] if hit else []
        if not self.opt.retrieval_only:
            parts.append(f"ok {sum(good) / len(good):.2f}")
        return " ".join(parts)

    def _check_llm(self) -> str:
        client = OllamaLLM(self.eval_settings, self.opt.llm)
        version = client.version()
        if not client.has_model():
            raise EvalError(f"the model '{self.opt.llm}' is not on the Ollama server at {client.url}: "
                            "pull it, or choose another with --llm (or --llm none)")
        # Load the model before the first question, so its latency is an answer's, not a model load's.
        client.complete([{"role": "user", "content": "hi"}], num_predict=1)
        return version

    def _load_cache(self) -> dict[str, dict]:
        self.cache_path.parent.mkdir(parents=True, exist_ok=True)
        cache: dict[str, dict] = {}
        if self.cache_path.is_file():
            for line in self.cache_path.read_text(encoding="utf-8").splitlines():
                try:
                    row = json.loads(line)
                    cache[row["key"]] = row["output"]
                except (json.JSONDecodeError, KeyError):
                    continue  # a line cut by a kill; that question is asked again
        return cache

    def _ask(self, assistant: Assistant, question: str, scope: list[str]) -> dict:
        filters = Filters(doc_ids=tuple(scope)) if scope else None
        results = assistant.retriever.search(question, top_k=self.opt.k, filters=filters)
        out: dict = {"search": [outputs.hit(r) for r in results],
                     "search_ms": round(assistant.retriever.last_timings.total_ms, 1)}
        if self.opt.retrieval_only:
            return out
        ans = assistant.ask(question, llm=self.opt.llm, filters=filters)
        out["answer"] = outputs.answer_output(ans)
        return out


def _progress_line(name: str, done: int, total: int, elapsed_s: float, postfix: str) -> str:
    left = elapsed_s / done * (total - done) if done else 0.0
    return (f"eval {name}: {done}/{total} questions, {elapsed_s / 60:.1f} min"
            + (f", about {left / 60:.0f} min left" if done < total else "") + (f", {postfix}" if postfix else ""))


def _dedupe(items: list[str]) -> list[str]:
    return list(dict.fromkeys(items))


