"""What the cross-script bridge costs: building its keys and its word
vectors with the keyword index (per ingest) and expanding a query (per
search), on the NoMIRACL-hi passages' vocabulary.

The ingest cost is the bridge build time (all keys and vectors new, and again
with the previous ones reused, as after a small ingest), set against the time
the same passages take to ingest (``--ingest-rate`` passages/s, measured by
benchmarks/ingest_throughput.py on this machine) and against embedding the
same passages in this process (most of an ingest, and under the same load as
the build: the share that holds whatever else runs on the machine).

    .venv/bin/python benchmarks/bridge_cost.py
"""

from __future__ import annotations

import argparse
import json
import time

import common


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--ingest-rate", type=float, default=0, help="passages/s of ingest (for the share)")
    ap.add_argument("--ingest-rounds", type=int, default=0,
                    help="also ingest the passages for real (as benchmarks/ingest_throughput.py writes them), "
                         "with the nearest-word source off and on, interleaved, this many rounds each")
    ap.add_argument("--out", default=str(common.REPO / "benchmarks/out/bridge_cost.json"))
    args = ap.parse_args(argv)

    from rag.bridge.lexicon import Bridge, expand
    from rag.bridge.neighbours import Neighbours
    from rag.config import Settings
    from rag.embed import Embedder
    from rag.text import keyword_tokens

    texts: dict[str, str] = {}
    for line in common.NOMIRACL_HI.read_text(encoding="utf-8").splitlines():
        for p in json.loads(line)["passages"]:
            texts[p["docid"]] = p["text"]
    t = time.perf_counter()
    passages = [keyword_tokens(text) for text in texts.values()]
    vocab = sorted({tok for toks in passages for tok in toks})
    tokenize_s = time.perf_counter() - t

    t = time.perf_counter()
    bridge = Bridge.build(vocab)
    build_s = time.perf_counter() - t
    t = time.perf_counter()
    Bridge.build(vocab, previous=bridge)
    rebuild_s = time.perf_counter() - t

    queries = ["Who is the defence minister of Russia?", "What is the name of Dubai's airport?",
               "rus ke raksha mantri kaun hain?", "dubai ke airport ka naam kya hai?",
               "When did the Mughal empire begin?", "mugal samrajya kab shuru hua?"]
    embedder = Embedder(Settings.load())
    _ = embedder.model
    with common.OtherLoad() as load:
        t = time.perf_counter()
        neighbours = Neighbours.build(passages, embedder.embed_words)
        neighbours_s = time.perf_counter() - t
        t = time.perf_counter()
        Neighbours.build(passages, embedder.embed_words, previous=neighbours)
        neighbours_re_s = time.perf_counter() - t
        t = time.perf_counter()
        embedder.embed_passages(list(texts.values()))
        embed_s = time.perf_counter() - t
    expand(queries[0], bridge)  # the fuzzy index is built on first use
    t = time.perf_counter()
    n = 0
    for _ in range(20):
        for q in queries:
            expand(q, bridge)
            n += 1
    expand_ms = (time.perf_counter() - t) * 1000 / n

    ingest_s = len(texts) / args.ingest_rate if args.ingest_rate else None
    rows = [["passages", len(texts)], ["vocabulary (keyword tokens)", len(vocab)],
            ["Devanagari words with a key", len(bridge.token_keys)],
            ["English stems with translations in this vocabulary", len(bridge.translations)],
            ["bridge build, all keys new (s)", round(build_s, 2)],
            ["bridge rebuild, previous keys reused (s)", round(rebuild_s, 2)],
            ["Devanagari words embedded for the nearest-word source", len(neighbours.tokens)],
            ["nearest-word vectors, all new (s)", round(neighbours_s, 2)],
            ["nearest-word vectors, previous reused (s)", round(neighbours_re_s, 2)],
            ["embedding the passages themselves (s)", round(embed_s, 2)],
            ["whole bridge build as a share of embedding the passages",
             f"{(build_s + neighbours_s) / embed_s:.1%}"],
            ["other processes' cores during the embedding runs", load.result()["other_cores"]],
            ["query expansion, mean (ms)", round(expand_ms, 3)],
            ["(tokenizing the passages, for scale) (s)", round(tokenize_s, 2)]]
    if ingest_s:
        rows.append(["ingest of these passages at --ingest-rate (s)", round(ingest_s, 1)])
        rows.append(["whole bridge build as a share of that ingest", f"{(build_s + neighbours_s) / ingest_s:.1%}"])
    if args.ingest_rounds:
        rows += ingest_rounds(embedder, args.ingest_rounds)
    print(common.table(["measure", "value"], rows))
    common.write_json(common.Path(args.out), {"meta": common.meta(), "rows": dict((str(k), v) for k, v in rows)})
    return 0


def ingest_rounds(embedder: object, rounds: int) -> list[list]:
    """Whole ingests of the NoMIRACL-hi files into fresh data dirs, the nearest-word
    source off and on in turn (model loaded once, outside the timings)."""
    import statistics
    import tempfile
    from pathlib import Path

    from ingest_throughput import write_corpus

    from rag.config import Settings
    from rag.index import Index
    from rag.ingest import Ingestor

    # CPU seconds of this process as well as wall time: on a shared machine the
    # wall time of one ingest varies by more than the difference measured.
    times: dict[bool, list[float]] = {False: [], True: []}
    cpu: dict[bool, list[float]] = {False: [], True: []}
    with tempfile.TemporaryDirectory(prefix="bridge-cost-") as tmp, common.OtherLoad() as load:
        corpus = Path(tmp) / "corpus"
        write_corpus(corpus, 0)
        for r in range(rounds):
            for on in (False, True):
                data = Path(tmp) / f"data-{r}-{on}"
                index = Index(Settings.load(overrides={"data_dir": data, "bridge_neighbours": on}),
                              embedder=embedder)  # type: ignore[arg-type]
                t, c = time.perf_counter(), time.process_time()
                Ingestor(index).run([corpus], prune=False)
                times[on].append(round(time.perf_counter() - t, 1))
                cpu[on].append(round(time.process_time() - c, 1))
    off, on = statistics.median(times[False]), statistics.median(times[True])
    cpu_off, cpu_on = statistics.median(cpu[False]), statistics.median(cpu[True])
    return [["ingest wall, nearest-word source off / on, median (s)", f"{off:.1f} / {on:.1f} ({on / off - 1:+.1%})"],
            ["ingest CPU, nearest-word source off / on, median (s)",
             f"{cpu_off:.1f} / {cpu_on:.1f} ({cpu_on / cpu_off - 1:+.1%})"],
            ["ingest runs off / on, wall (s)", f"{times[False]} / {times[True]}"],
            ["ingest runs off / on, CPU (s)", f"{cpu[False]} / {cpu[True]}"],
            ["other processes' cores during the ingests", load.result()["other_cores"]]]


if __name__ == "__main__":
    raise SystemExit(main())
