"""Shared helpers for the benchmark scripts: machine facts, versions, commit,
settings overrides, percentiles and the JSON result file.

Every script writes one JSON file with the same ``meta`` block, so a figure
can always be traced to the machine, code and settings that produced it.
"""

from __future__ import annotations

import datetime as dt
import importlib.metadata
import json
import os
import platform
import statistics
import subprocess
import sys
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parent.parent
DATA = REPO.parent / "shared" / "data"
XQUAD_HI = DATA / "xquad" / "xquad-hi-dev.json"
XQUAD_EN = DATA / "xquad" / "xquad-en-dev.json"
NOMIRACL_HI = DATA / "nomiracl-hi" / "nomiracl-hi-dev.jsonl"

if str(REPO) not in sys.path:  # `python benchmarks/x.py` puts benchmarks/ first, not the repo
    sys.path.insert(0, str(REPO))

PACKAGES = ("torch", "sentence-transformers", "transformers", "chromadb", "llama-index-core",
            "llama-index-embeddings-huggingface", "llama-index-vector-stores-chroma", "bm25s",
            "PyStemmer", "numpy", "onnxruntime", "onnx")


def now() -> str:
    return dt.datetime.now(dt.UTC).astimezone().isoformat(timespec="seconds")


def machine() -> dict[str, Any]:
    cpu = ""
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    ram_gib = None
    try:
        for line in Path("/proc/meminfo").read_text().splitlines():
            if line.startswith("MemTotal:"):
                ram_gib = round(int(line.split()[1]) / 1024 / 1024, 1)
    except OSError:
        pass
    try:
        load = os.getloadavg()
    except OSError:
        load = None
    return {
        "cpu": cpu or platform.processor(),
        "cores": os.cpu_count(),
        "ram_gib": ram_gib,
        "os": platform.platform(),
        # The machine is shared (another agent may be using the CPU): the load
        # average at the start says how quiet it was.
        "loadavg_at_start": load,
    }


def versions() -> dict[str, str | None]:
    out: dict[str, str | None] = {"python": platform.python_version()}
    for name in PACKAGES:
        try:
            out[name] = importlib.metadata.version(name)
        except importlib.metadata.PackageNotFoundError:
            out[name] = None
    return out


def git_commit() -> str | None:
    try:
        commit = subprocess.run(["git", "rev-parse", "--short", "HEAD"], cwd=REPO, capture_output=True,
                                text=True, check=True).stdout.strip()
        dirty = subprocess.run(["git", "status", "--porcelain", "--", "rag"], cwd=REPO, capture_output=True,
                               text=True, check=True).stdout.strip()
        return commit + ("-dirty(rag/)" if dirty else "")
    except (OSError, subprocess.CalledProcessError):
        return None


def meta(command: list[str] | None = None) -> dict[str, Any]:
    return {
        "command": " ".join(command or [_executable(), *sys.argv]),
        "started": now(),
        "machine": machine(),
        "versions": versions(),
        "commit": git_commit(),
    }


def _executable() -> str:
    """The interpreter as typed from the repository root (``.venv/bin/python``)."""
    exe = Path(sys.executable)
    try:
        return str(exe.relative_to(REPO))
    except ValueError:
        return str(exe)


def parse_sets(items: list[str]) -> dict[str, str]:
    """``--set key=value`` pairs; pydantic converts the strings to each field's type."""
    out = {}
    for item in items:
        key, sep, value = item.partition("=")
        if not sep or not key.strip():
            raise SystemExit(f"--set wants key=value, got {item!r}")
        out[key.strip()] = value.strip()
    return out


def settings_dict(settings) -> dict[str, Any]:
    return {k: (str(v) if isinstance(v, Path) else v) for k, v in settings.model_dump().items()}


def percentile(values: list[float], p: float) -> float:
    """Linear-interpolated percentile (p in 0..100), as numpy's default."""
    if not values:
        return float("nan")
    xs = sorted(values)
    pos = (len(xs) - 1) * p / 100
    lo = int(pos)
    hi = min(lo + 1, len(xs) - 1)
    return xs[lo] + (xs[hi] - xs[lo]) * (pos - lo)


def median(values: list[float]) -> float:
    return statistics.median(values) if values else float("nan")


def write_json(path: Path, payload: dict[str, Any]) -> None:
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    payload.setdefault("meta", {})["finished"] = now()
    try:
        payload["meta"]["loadavg_at_end"] = os.getloadavg()
    except OSError:
        pass
    path.write_text(json.dumps(payload, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
    print(f"\nwrote {path}")


def table(headers: list[str], rows: list[list[Any]]) -> str:
    """A plain-text table (also valid Markdown), numbers as given."""
    cells = [[str(h) for h in headers]] + [[_fmt(c) for c in r] for r in rows]
    widths = [max(len(r[i]) for r in cells) for i in range(len(headers))]
    lines = ["| " + " | ".join(c.ljust(w) for c, w in zip(r, widths, strict=True)) + " |" for r in cells]
    lines.insert(1, "|" + "|".join("-" * (w + 2) for w in widths) + "|")
    return "\n".join(lines)


def _fmt(c: Any) -> str:
    if isinstance(c, float):
        return f"{c:.3f}" if abs(c) < 100 else f"{c:.0f}"
    return str(c)


def _busy_seconds() -> float | None:
    """CPU seconds all processes spent busy so far (from /proc/stat), or None."""
    try:
        fields = Path("/proc/stat").read_text().split("\n", 1)[0].split()[1:]
    except OSError:
        return None
    values = [int(x) for x in fields[:8]]
    idle = values[3] + values[4]  # idle + iowait
    return (sum(values) - idle) / os.sysconf("SC_CLK_TCK")


class OtherLoad:
    """How many cores other processes kept busy while a block ran.

    The machine is shared with other agents: a latency figure taken while
    another process held a core is not the same figure. ``own_cpu_s`` is
    what this process (and, if given, a child) used; the rest is the others'.

        with OtherLoad() as load:
            ...
        load.result()  # {"wall_s", "own_cpu_s", "other_cores"}
    """

    def __enter__(self) -> OtherLoad:
        self.t0 = _monotonic()
        self.busy0 = _busy_seconds()
        t = os.times()
        self.own0 = t.user + t.system
        self.child_cpu_s = 0.0
        return self

    def __exit__(self, *exc: object) -> None:
        self.wall = _monotonic() - self.t0
        busy1 = _busy_seconds()
        t = os.times()
        self.own = t.user + t.system - self.own0 + self.child_cpu_s
        self.busy = None if busy1 is None or self.busy0 is None else busy1 - self.busy0

    def result(self) -> dict[str, float | None]:
        # /proc/stat counts in clock ticks (10 ms): under a second it says little.
        other = (None if self.busy is None or self.wall < 1.0
                 else max(0.0, (self.busy - self.own) / self.wall))
        return {"wall_s": round(self.wall, 3), "own_cpu_s": round(self.own, 3),
                "other_cores": None if other is None else round(other, 2)}


def _monotonic() -> float:
    import time

    return time.perf_counter()


def wait_quiet(max_wait_s: float, threshold: float = 0.3, window_s: float = 2.0) -> dict[str, float | bool]:
    """Wait (up to ``max_wait_s``) until other processes keep under ``threshold`` cores busy.

    On a shared machine this keeps a latency figure from measuring someone
    else's test run; the result says how long it waited and whether it got quiet.
    """
    import time

    start = time.perf_counter()
    other = None
    while True:
        with OtherLoad() as load:
            time.sleep(window_s)
        other = load.result()["other_cores"]
        waited = time.perf_counter() - start
        if other is not None and other < threshold:
            return {"waited_s": round(waited, 1), "quiet": True, "other_cores": other}
        if waited >= max_wait_s:
            return {"waited_s": round(waited, 1), "quiet": False, "other_cores": other}
