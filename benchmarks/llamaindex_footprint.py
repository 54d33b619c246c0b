"""What the llama-index packages cost (issue #13): install size of the default
install (the project's dependencies and everything they pull in) with and
without the three llama-index integrations the product does not use, and
cold-process import times.

Sizes are the files each installed distribution lists (its RECORD), summed
over the dependency closure of pyproject's ``dependencies``; a distribution
shared with something that stays is not counted as saved. Import times are
fresh interpreters (file cache warm), median of ``--repeat`` runs.

    .venv/bin/python benchmarks/llamaindex_footprint.py
"""

from __future__ import annotations

import argparse
import importlib.metadata as md
import re
import statistics
import subprocess
import sys
import tomllib
from pathlib import Path

from common import REPO, meta, table, write_json
from packaging.requirements import Requirement

REMOVED = ("llama-index-vector-stores-chroma", "llama-index-embeddings-huggingface", "llama-index-llms-ollama")
IMPORTS = {
    "llama_index.core": "import llama_index.core",
    "rag.llamaindex (our components)": "import rag.llamaindex",
    "llama_index.llms.ollama": "import llama_index.llms.ollama",
    "llama_index.embeddings.huggingface": "import llama_index.embeddings.huggingface",
    "llama_index.vector_stores.chroma": "import llama_index.vector_stores.chroma",
    "ui.app (rag serve's page and API)": "import ui.app",
    "rag.cli": "import rag.cli",
}


def norm(name: str) -> str:
    return re.sub(r"[-_.]+", "-", name).lower()


def installed() -> dict[str, md.Distribution]:
    return {norm(d.metadata["Name"]): d for d in md.distributions()}


def closure(roots: list[str], dists: dict[str, md.Distribution]) -> set[str]:
    seen: set[str] = set()
    todo = [norm(r) for r in roots]
    while todo:
        name = todo.pop()
        if name in seen or name not in dists:
            continue
        seen.add(name)
        for spec in dists[name].requires or []:
            req = Requirement(spec)
            if req.marker is None or req.marker.evaluate({"extra": ""}):
                todo.append(norm(req.name))
    return seen


def size(dist: md.Distribution) -> int:
    total = 0
    for f in dist.files or []:
        p = Path(dist.locate_file(f))
        if p.is_file():
            total += p.stat().st_size
    return total


def import_seconds(statement: str, repeat: int) -> tuple[float, bool]:
    code = (f"import sys, time; t = time.perf_counter(); {statement}; "
            "print(time.perf_counter() - t, 'llama_index.core' in sys.modules)")
    runs, pulled = [], False
    for _ in range(repeat):
        out = subprocess.run([sys.executable, "-c", code], cwd=REPO, capture_output=True, text=True)
        if out.returncode:
            return float("nan"), False
        t, flag = out.stdout.split()
        runs.append(float(t))
        pulled = flag == "True"
    return statistics.median(runs), pulled


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--repeat", type=int, default=5)
    ap.add_argument("--out", type=Path, default=REPO / "benchmarks" / "out" / "llamaindex_footprint.json")
    args = ap.parse_args()

    deps = tomllib.loads((REPO / "pyproject.toml").read_text())["project"]["dependencies"]
    roots = [Requirement(d).name for d in deps if norm(Requirement(d).name) not in REMOVED]
    dists = installed()
    before, after = closure(roots + list(REMOVED), dists), closure(roots, dists)
    sizes = {n: size(dists[n]) for n in before}
    mb = 1024 * 1024
    gone = sorted(before - after, key=lambda n: -sizes[n])
    print(table(["install", "distributions", "MB"], [
        ["with the three integrations", len(before), round(sum(sizes[n] for n in before) / mb, 1)],
        ["without them (now)", len(after), round(sum(sizes[n] for n in after) / mb, 1)],
        ["saved", len(gone), round(sum(sizes[n] for n in gone) / mb, 1)],
    ]))
    bare = closure([r for r in roots if norm(r) != "llama-index-core"], dists)
    core_only = sorted(after - bare, key=lambda n: -sizes[n])
    print(f"\nllama-index-core itself and what only it pulls in ({len(core_only)} distributions, "
          f"{sum(sizes[n] for n in core_only) / mb:.1f} MB): "
          + ", ".join(f"{n} {sizes[n] / mb:.1f}" for n in core_only[:8]) + ", …")
    print("\nno longer installed by default:", ", ".join(f"{n} {sizes[n] / mb:.2f} MB" for n in gone))

    rows, imports = [], {}
    for label, statement in IMPORTS.items():
        seconds, pulled = import_seconds(statement, args.repeat)
        imports[label] = {"seconds": round(seconds, 3), "imports_llama_index_core": pulled}
        rows.append([label, f"{seconds:.2f}", "yes" if pulled else "no"])
    print()
    print(table(["cold import (fresh process)", f"s, median of {args.repeat}", "loads llama_index.core"], rows))
    write_json(args.out, {"meta": meta(sys.argv), "removed": list(REMOVED),
                          "before": {"distributions": len(before), "bytes": sum(sizes[n] for n in before)},
                          "after": {"distributions": len(after), "bytes": sum(sizes[n] for n in after)},
                          "no_longer_installed": {n: sizes[n] for n in gone},
                          "llama_index_core_exclusive": {n: sizes[n] for n in core_only}, "imports": imports})


if __name__ == "__main__":
    main()
