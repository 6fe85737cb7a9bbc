"""Shared helpers for the benchmark scripts: fresh-process runs, percentiles, memory, tables.

Each configuration is measured in its own subprocess (``run_worker``) so memory figures do not
bleed from one configuration into the next. A worker prints one JSON object as its last line.
"""

from __future__ import annotations

import json
import os
import resource
import statistics
import subprocess
import sys
import time
from pathlib import Path
from typing import Callable

BENCH = Path(__file__).resolve().parent
REPO = BENCH.parent
RESULTS = BENCH / "results"


def rss_mb() -> float:
    """Current resident set size of this process, in MiB."""
    import psutil

    return psutil.Process().memory_info().rss / 2**20


def peak_rss_mb() -> float:
    """Peak resident set size of this process so far, in MiB (Linux reports KiB)."""
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def percentile(values: list[float], q: float) -> float:
    """The ``q``-th percentile (0..100), linear interpolation; NaN for no values."""
    if not values:
        return float("nan")
    vals = sorted(values)
    k = (len(vals) - 1) * q / 100
    lo, hi = int(k), min(int(k) + 1, len(vals) - 1)
    return vals[lo] + (vals[hi] - vals[lo]) * (k - lo)


def timed_runs(fn: Callable[[], object], *, runs: int, budget_s: float = 3.0,
               min_runs: int = 5, warmup: int = 2) -> list[float]:
    """Call ``fn`` up to ``runs`` times (at least ``min_runs``, stopping once ``budget_s`` is
    spent) after ``warmup`` untimed calls. Returns the latencies in milliseconds."""
    for _ in range(warmup):
        fn()
    out: list[float] = []
    started = time.perf_counter()
    while len(out) < runs:
        t0 = time.perf_counter()
        fn()
        out.append((time.perf_counter() - t0) * 1000)
        if len(out) >= min_runs and time.perf_counter() - started > budget_s:
            break
    return out


def summary(ms: list[float]) -> dict:
    return {"n": len(ms), "p50": statistics.median(ms) if ms else float("nan"),
            "p95": percentile(ms, 95), "p99": percentile(ms, 99)}


def run_worker(script: Path, spec: dict, *, timeout: float = 900, env: dict | None = None) -> dict:
    """Run ``script --worker JSON`` in a fresh interpreter and return its last-line JSON.

    On failure the dict has an ``error`` key with the tail of stderr, so one broken
    configuration shows up in the table instead of stopping the run.
    """
    cmd = [sys.executable, str(script), "--worker", json.dumps(spec)]
    full_env = dict(os.environ, **(env or {}))
    full_env.setdefault("TOKENIZERS_PARALLELISM", "false")
    try:
        proc = subprocess.run(cmd, capture_output=True, text=True, timeout=timeout, env=full_env,
                              cwd=REPO)
    except subprocess.TimeoutExpired:
        return {"error": f"timed out after {timeout:.0f} s"}
    lines = [ln for ln in proc.stdout.strip().splitlines() if ln.startswith("{")]
    if proc.returncode != 0 or not lines:
        tail = (proc.stderr or proc.stdout).strip().splitlines()[-3:]
        return {"error": " / ".join(tail) or f"exit status {proc.returncode}"}
    return json.loads(lines[-1])


def worker_output(result: dict) -> None:
    """Print a worker's result as the JSON last line ``run_worker`` reads."""
    print(json.dumps(result), flush=True)


def table(headers: list[str], rows: list[list]) -> str:
    """A markdown table; floats get a sensible number of digits."""
    def cell(v):
        if v is None:
            return "–"
        if isinstance(v, float):
            if v != v:
                return "–"
            if abs(v) >= 100:
                return f"{v:,.0f}"
            if abs(v) >= 10:
                return f"{v:.1f}"
            if abs(v) >= 0.1:
                return f"{v:.2f}"
            return f"{v:.3f}"
        if isinstance(v, int):
            return f"{v:,}"
        return str(v).replace("|", "\\|")

    lines = ["| " + " | ".join(headers) + " |", "|" + "|".join("---" for _ in headers) + "|"]
    lines += ["| " + " | ".join(cell(v) for v in row) + " |" for row in rows]
    return "\n".join(lines)


def verdict(ok: bool | None) -> str:
    return "–" if ok is None else ("met" if ok else "MISSED")


def save(name: str, text: str) -> Path:
    """Keep a copy of the printed tables under bench/results/ (ignored by git)."""
    RESULTS.mkdir(exist_ok=True)
    path = RESULTS / f"{name}.md"
    path.write_text(text, encoding="utf-8")
    return path


def machine() -> str:
    import platform

    load = f", load average {os.getloadavg()[0]:.1f}" if hasattr(os, "getloadavg") else ""
    return (f"{platform.python_implementation()} {platform.python_version()}, "
            f"{os.cpu_count()} CPUs, {platform.machine()}{load}")
