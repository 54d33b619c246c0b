"""What the cross-script bridge costs: building its keys with the keyword
index (per ingest) and expanding a query (per search), on the NoMIRACL-hi
passages' vocabulary and on a larger synthetic vocabulary.

The ingest cost is the bridge build time (all keys new, and again with the
previous keys reused, as after a small ingest), set against the time the
same passages take to ingest (``--ingest-rate`` passages/s, measured by
benchmarks/ingest_throughput.py on this machine).

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
    ap.add_argument("--out", default=str(common.REPO / "benchmarks/out/bridge_cost.json"))
    args = ap.parse_args(argv)

    from rag.bridge.lexicon import Bridge, expand
    from rag.text import keyword_tokens

    texts: dict[str, str] = {}
    for line in common.NOMIRACL_HI.read_text(encoding="utf-8").splitlines():
        for p in json.loads(line)["passages"]:
            texts[p["docid"]] = p["text"]
    t = time.perf_counter()
    vocab = sorted({tok for text in texts.values() for tok in keyword_tokens(text)})
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
            ["query expansion, mean (ms)", round(expand_ms, 3)],
            ["(tokenizing the passages, for scale) (s)", round(tokenize_s, 2)]]
    if ingest_s:
        rows.append(["ingest of these passages at --ingest-rate (s)", round(ingest_s, 1)])
        rows.append(["build as a share of that ingest", f"{build_s / ingest_s:.1%}"])
    print(common.table(["measure", "value"], rows))
    common.write_json(common.Path(args.out), {"meta": common.meta(), "rows": dict((str(k), v) for k, v in rows)})
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
