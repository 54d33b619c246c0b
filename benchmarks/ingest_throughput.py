"""Ingest throughput and passage quality: our pipeline against a plain
llama-index pipeline, side by side, on the NoMIRACL-hi passages.

The corpus is every distinct NoMIRACL passage (deduplicated by docid), one
.txt file each with its title as the first line. Each pipeline runs in its own
subprocess (``--only ours|llamaindex``) so that peak memory does not mix:

- ours: files -> ``Ingestor.run`` -> searchable index (Chroma + BM25 + store),
  once per embedding backend (``--backends``, issue #12);
- llamaindex: ``SimpleDirectoryReader`` -> default ``SentenceSplitter()`` ->
  ``HuggingFaceEmbedding`` (the same local e5 folder, e5 prefixes) ->
  ``ChromaVectorStore`` via ``VectorStoreIndex``.

For each: model load time, pipeline time, documents/s and chars/s (with and
without model load), peak RSS, and the passages it made: count, mean length in
characters and e5 tokens, how many exceed 512 e5 tokens (the model silently
truncates them), and how many end mid-sentence.

    .venv/bin/python benchmarks/ingest_throughput.py
    .venv/bin/python benchmarks/ingest_throughput.py --limit 100
    .venv/bin/python benchmarks/ingest_throughput.py --join 10   # longer articles
    .venv/bin/python benchmarks/ingest_throughput.py --backends onnx-int8
"""

from __future__ import annotations

import argparse
import json
import os
import re
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import common

PIPELINES = ("ours", "llamaindex")
# A passage ends a sentence when its last character is one of these, possibly
# followed by closing quotes.
_SENTENCE_END = re.compile(r"[।॥?!.][\"'”’»]*$")
MODEL_MAX_TOKENS = 512


def load_passages(limit: int = 0) -> list[dict]:
    seen: dict[str, dict] = {}
    with common.NOMIRACL_HI.open(encoding="utf-8") as f:
        for line in f:
            for p in json.loads(line)["passages"]:
                if p["docid"] not in seen:
                    seen[p["docid"]] = {"docid": p["docid"], "title": p["title"], "text": p["text"]}
                    if limit and len(seen) >= limit:
                        return list(seen.values())
    return list(seen.values())


def whole_sentences(text: str) -> str:
    """``text`` up to its last sentence end (NoMIRACL cut passages at about 1000 bytes)."""
    ends = [m.end() for m in re.finditer(r"[।॥?!.][\"'”’»]*(?=\s|$)", text)]
    return text[: ends[-1]] if ends else ""


def write_corpus(directory: Path, limit: int, join: int = 1) -> dict:
    """One file per passage (title line, then text), or with ``join`` > 1 one
    longer article per ``join`` passages: their texts cut to whole sentences,
    as paragraphs, no titles, so that every paragraph ends a sentence and any
    passage that ends mid-sentence was cut there by the pipeline."""
    directory.mkdir(parents=True, exist_ok=True)
    passages = load_passages(limit)
    chars = 0
    if join <= 1:
        for p in passages:
            body = f"{p['title']}\n{p['text']}\n"
            chars += len(body)
            name = re.sub(r"[^\w.-]+", "_", p["docid"]) + ".txt"
            (directory / name).write_text(body, encoding="utf-8")
        return {"documents": len(passages), "chars": chars, "source_passages": len(passages), "join": 1}
    files = 0
    for i in range(0, len(passages), join):
        paragraphs = [whole_sentences(p["text"].strip()) for p in passages[i : i + join]]
        body = "\n\n".join(t for t in paragraphs if t) + "\n"  # a passage without a sentence end is left out
        chars += len(body)
        (directory / f"article{i // join:04d}.txt").write_text(body, encoding="utf-8")
        files += 1
    return {"documents": files, "chars": chars, "source_passages": len(passages), "join": join}


def corpus_size(directory: Path) -> dict:
    files = sorted(directory.glob("*.txt"))
    return {"documents": len(files), "chars": sum(len(f.read_text(encoding="utf-8")) for f in files)}


def peak_rss_mib() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024  # Linux reports KiB


def passage_stats(docs: list[list[tuple[str, str]]], count_tokens) -> dict:
    """``docs``: per document, its passages in order as (text, text as embedded)."""
    texts = [t for d in docs for t, _ in d]
    embedded = [e for d in docs for _, e in d]
    tokens = count_tokens(texts)
    tokens_embedded = count_tokens(embedded)
    mid = 0
    examples = []
    for d in docs:
        for t, _ in d[:-1]:  # a document's last passage ends where the document does
            if not _SENTENCE_END.search(t.rstrip()):
                mid += 1
                if len(examples) < 3:
                    examples.append(t.rstrip()[-60:])
    n = len(texts)
    return {
        "passages": n,
        "documents": len(docs),
        "mean_chars": sum(map(len, texts)) / n if n else 0.0,
        "mean_e5_tokens": sum(tokens) / n if n else 0.0,
        "max_e5_tokens": max(tokens, default=0),
        "mean_e5_tokens_as_embedded": sum(tokens_embedded) / n if n else 0.0,
        "over_512_e5_tokens": sum(t > MODEL_MAX_TOKENS for t in tokens_embedded),
        "end_mid_sentence": mid,
        "end_mid_sentence_examples": examples,
    }


def e5_counter(tokenizer, prefix: str = "passage: "):
    """e5 tokens each text costs the model: prefix and special tokens included, no truncation."""
    def count(texts: list[str]) -> list[int]:
        out = []
        for i in range(0, len(texts), 256):
            enc = tokenizer([prefix + t for t in texts[i : i + 256]], add_special_tokens=True,
                            truncation=False)
            out.extend(len(ids) for ids in enc["input_ids"])
        return out
    return count


# ------------------------------------------------------------------ ours


def run_ours(corpus: Path, data_dir: Path, sets: dict) -> dict:
    t = time.perf_counter()
    # Imported here, not inside the model load, so that "model load" means the
    # same for both pipelines (llama-index imports them at module import).
    import chromadb  # noqa: F401

    if sets.get("embed_backend", "torch") == "torch":  # the ONNX backends never import it
        import sentence_transformers  # noqa: F401
    from rag.config import Settings
    from rag.index import Index
    from rag.ingest import Ingestor
    from rag.retrieve import Retriever
    import_s = time.perf_counter() - t

    settings = Settings.load(overrides={**sets, "data_dir": data_dir})
    index = Index(settings)
    t = time.perf_counter()
    _ = index.embedder.model
    model_load_s = time.perf_counter() - t
    rss_after_load = peak_rss_mib()

    t = time.perf_counter()
    report = Ingestor(index).run([corpus], prune=False)
    pipeline_s = time.perf_counter() - t
    peak = peak_rss_mib()

    hits = Retriever(index).search("दुबई के एयरपोर्ट का नाम क्या है?", top_k=3, mode="hybrid")
    docs = []
    for d in index.store.documents():
        text = index.store.document_text(d.doc_id)
        rows = index.store.db.execute(
            "SELECT start, end FROM passages WHERE doc_id=? ORDER BY ord", (d.doc_id,)).fetchall()
        docs.append([(text[s:e], text[s:e]) for s, e in rows])  # embedded with only the e5 prefix
    stats = passage_stats(docs, index.embedder.count_tokens)  # e5 tokens with the passage prefix
    return {
        "import_s": import_s, "model_load_s": model_load_s, "pipeline_s": pipeline_s,
        "peak_rss_mib_after_model_load": rss_after_load, "peak_rss_mib_pipeline": peak,
        "ingested": len(report.added), "skipped": len(report.skipped), "vectors": index.collection.count(),
        "sanity_top_title": hits[0].title if hits else None,
        "settings": common.settings_dict(settings),
        "passage_stats": stats,
    }


# ------------------------------------------------------------ llama-index


def run_llamaindex(corpus: Path, data_dir: Path, sets: dict) -> dict:
    t = time.perf_counter()
    import chromadb
    from chromadb.config import Settings as ChromaSettings
    from llama_index.core import Settings as LlamaSettings
    from llama_index.core import SimpleDirectoryReader, StorageContext, VectorStoreIndex
    from llama_index.core.node_parser import SentenceSplitter
    from llama_index.core.schema import MetadataMode
    from llama_index.embeddings.huggingface import HuggingFaceEmbedding
    from llama_index.vector_stores.chroma import ChromaVectorStore

    from rag.config import Settings
    from rag.embed import resolve_model_path
    import_s = time.perf_counter() - t

    # No OpenAI anywhere: no LLM at all, and the embedding model passed explicitly.
    LlamaSettings.llm = None
    settings = Settings.load(overrides={**sets, "data_dir": data_dir})
    model_path = resolve_model_path(settings)
    t = time.perf_counter()
    embed = HuggingFaceEmbedding(model_name=model_path, query_instruction="query: ",
                                 text_instruction="passage: ", device="cpu")
    LlamaSettings.embed_model = embed
    model_load_s = time.perf_counter() - t
    rss_after_load = peak_rss_mib()

    t = time.perf_counter()
    documents = SimpleDirectoryReader(str(corpus), required_exts=[".txt"]).load_data()
    read_s = time.perf_counter() - t
    t1 = time.perf_counter()
    splitter = SentenceSplitter()
    nodes = splitter.get_nodes_from_documents(documents)
    split_s = time.perf_counter() - t1
    t1 = time.perf_counter()
    client = chromadb.PersistentClient(path=str(data_dir / "chroma"),
                                       settings=ChromaSettings(anonymized_telemetry=False))
    collection = client.get_or_create_collection("llamaindex", embedding_function=None)
    storage = StorageContext.from_defaults(vector_store=ChromaVectorStore(chroma_collection=collection))
    index = VectorStoreIndex(nodes, storage_context=storage, embed_model=embed)
    embed_store_s = time.perf_counter() - t1
    pipeline_s = time.perf_counter() - t
    peak = peak_rss_mib()

    hits = index.as_retriever(similarity_top_k=3).retrieve("दुबई के एयरपोर्ट का नाम क्या है?")
    by_doc: dict[str, list] = {}
    for node in nodes:  # the splitter returns each document's nodes in order
        by_doc.setdefault(node.ref_doc_id, []).append(
            (node.get_content(), node.get_content(metadata_mode=MetadataMode.EMBED)))
    stats = passage_stats(list(by_doc.values()), e5_counter(embed._model.tokenizer, "passage: "))
    return {
        "import_s": import_s, "model_load_s": model_load_s, "pipeline_s": pipeline_s,
        "steps_s": {"read": read_s, "split": split_s, "embed_and_store": embed_store_s},
        "peak_rss_mib_after_model_load": rss_after_load, "peak_rss_mib_pipeline": peak,
        "ingested": len(documents), "vectors": collection.count(),
        "sanity_top_title": hits[0].node.get_content().split("\n", 1)[0] if hits else None,
        "settings": {"splitter": {"chunk_size": splitter.chunk_size, "chunk_overlap": splitter.chunk_overlap},
                     "embed_batch_size": embed.embed_batch_size, "max_length": embed.max_length,
                     "model": model_path},
        "passage_stats": stats,
    }


# ----------------------------------------------------------------- driver


def child(args: argparse.Namespace) -> int:
    corpus = args.corpus
    with tempfile.TemporaryDirectory(prefix=f"ingest-bench-{args.only}-") as tmp:
        if corpus is None:
            corpus = Path(tmp) / "corpus"
            write_corpus(corpus, args.limit, args.join)
        sets = common.parse_sets(args.sets)
        run = run_ours if args.only == "ours" else run_llamaindex
        result = run(corpus, Path(tmp) / "data", sets)
    result["peak_rss_mib_process"] = peak_rss_mib()
    result["corpus"] = corpus_size(corpus)
    if args.child_out:
        args.child_out.write_text(json.dumps(result, ensure_ascii=False))
    else:
        print(json.dumps(result, ensure_ascii=False, indent=2))
    return 0


def rates(r: dict, corpus: dict) -> dict:
    out = {}
    # "incl" is a cold start: imports + model load + pipeline.
    for label, seconds in (("excl_model_load", r["pipeline_s"]),
                           ("incl_model_load", r["pipeline_s"] + r["model_load_s"] + r["import_s"])):
        out[label] = {"docs_per_s": corpus["documents"] / seconds, "chars_per_s": corpus["chars"] / seconds,
                      "passages_per_s": r["passage_stats"]["passages"] / seconds}
    return out


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0],
                                 formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--out", type=Path, default=common.REPO / "benchmarks/out/ingest_throughput.json")
    ap.add_argument("--limit", type=int, default=0, help="only the first N distinct NoMIRACL passages")
    ap.add_argument("--set", dest="sets", action="append", default=[], metavar="KEY=VALUE",
                    help="override a setting of our pipeline (repeatable), e.g. --set chunk_tokens=200")
    ap.add_argument("--join", type=int, default=1, metavar="K",
                    help="write one article per K passages (whole sentences, as paragraphs) instead of "
                         "one file per passage: longer documents that make the splitters work")
    ap.add_argument("--wait-quiet", type=float, default=0, metavar="SECONDS",
                    help="before each pipeline wait up to this long for other processes to use "
                         "< 0.3 cores (the machine is shared)")
    ap.add_argument("--backends", default="torch,onnx,onnx-int8",
                    help="embedding backends to run our pipeline with, each in its own subprocess")
    ap.add_argument("--only", choices=PIPELINES, help="run one pipeline in this process (used by the parent)")
    ap.add_argument("--corpus", type=Path, help=argparse.SUPPRESS)
    ap.add_argument("--child-out", type=Path, help=argparse.SUPPRESS)
    args = ap.parse_args(argv)
    if args.only:
        return child(args)

    meta = common.meta()
    results = {}
    with tempfile.TemporaryDirectory(prefix="ingest-bench-") as tmp:
        corpus = Path(tmp) / "corpus"
        size = write_corpus(corpus, args.limit, args.join)
        print(f"corpus: {size['documents']} files from {size['source_passages']} NoMIRACL-hi passages "
              f"(join {size['join']}), {size['chars']} characters")
        runs = [(f"ours {b}", "ours", [f"embed_backend={b}"]) for b in args.backends.split(",") if b]
        for name, only, extra in [*runs, ("llamaindex", "llamaindex", [])]:
            out = Path(tmp) / f"{only}-{len(results)}.json"
            cmd = [sys.executable, str(Path(__file__).resolve()), "--only", only, "--corpus", str(corpus),
                   "--child-out", str(out)] + [f"--set={s}" for s in [*args.sets, *extra]]
            quiet = common.wait_quiet(args.wait_quiet) if args.wait_quiet else None
            t = time.perf_counter()
            with common.OtherLoad() as load:
                proc = subprocess.Popen(cmd, cwd=common.REPO)
                _, status, usage = os.wait4(proc.pid, 0)  # this child's own rusage, not all children's
                proc.returncode = os.waitstatus_to_exitcode(status)
                load.child_cpu_s = usage.ru_utime + usage.ru_stime
            wall = time.perf_counter() - t
            if proc.returncode != 0:
                print(f"{name} failed with exit code {proc.returncode}", file=sys.stderr)
                return 1
            r = json.loads(out.read_text())
            r["subprocess_wall_s"] = wall
            r["peak_rss_mib_wait4"] = usage.ru_maxrss / 1024
            r["cpu_s"] = usage.ru_utime + usage.ru_stime
            r["other_load"] = load.result()
            r["wait_quiet"] = quiet
            r["rates"] = rates(r, size)
            results[name] = r
            print(f"{name}: model load {r['model_load_s']:.1f} s, pipeline {r['pipeline_s']:.1f} s, "
                  f"peak RSS {r['peak_rss_mib_wait4']:.0f} MiB; other processes kept "
                  f"{r['other_load']['other_cores']} cores busy on average")

    rows = []
    for name, r in results.items():
        ex, inc, st = r["rates"]["excl_model_load"], r["rates"]["incl_model_load"], r["passage_stats"]
        rows.append([name, r["import_s"], r["model_load_s"], r["pipeline_s"], ex["docs_per_s"],
                     ex["passages_per_s"], ex["chars_per_s"], inc["docs_per_s"], inc["chars_per_s"],
                     round(r["peak_rss_mib_wait4"])])
    print()
    print(common.table(["pipeline", "imports s", "model load s", "ingest s", "docs/s", "passages/s", "chars/s",
                        "docs/s cold", "chars/s cold", "peak RSS MiB"], rows))
    print("(docs = input files; passages = what the pipeline embedded; "
          "cold = imports + model load + ingest)")
    base = results["llamaindex"]
    for name, r in results.items():
        if name != "llamaindex":  # the measure: files to searchable, the same corpus
            print(f"{name}: {base['pipeline_s'] / r['pipeline_s']:.2f}x llama-index's ingest speed "
                  f"({base['pipeline_s']:.1f} s / {r['pipeline_s']:.1f} s), peak RSS "
                  f"{r['peak_rss_mib_wait4']:.0f} vs {base['peak_rss_mib_wait4']:.0f} MiB")
    rows = []
    for name, r in results.items():
        st = r["passage_stats"]
        rows.append([name, st["passages"], st["mean_chars"], st["mean_e5_tokens"],
                     st["mean_e5_tokens_as_embedded"], st["max_e5_tokens"], st["over_512_e5_tokens"],
                     st["end_mid_sentence"]])
    print()
    print(common.table(["pipeline", "passages", "mean chars", "mean e5 tok", "mean e5 tok embedded",
                        "max e5 tok", "> 512 tok", "end mid-sentence"], rows))

    common.write_json(args.out, {"meta": meta, "corpus": size, "limit": args.limit, "join": args.join,
                                 "results": results})
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
