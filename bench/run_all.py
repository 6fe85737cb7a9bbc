"""Run every benchmark in turn and print their tables (``make bench``).

Usage: ``.venv/bin/python bench/run_all.py [--quick] [--only graph_load,qa_latency,...]``

Each script runs in its own process, so one failing benchmark is reported and the rest still
run. Tables are printed and also kept under ``bench/results/`` (ignored by git).
"""

from __future__ import annotations

import argparse
import subprocess
import sys
import time
from pathlib import Path

BENCH = Path(__file__).resolve().parent
SCRIPTS = ["graph_load", "qa_latency", "http_load", "readiness", "embed_throughput",
           "update_latency"]


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--quick", action="store_true", help="small sizes (each script < 2 min)")
    ap.add_argument("--only", help="comma-separated subset of: " + ", ".join(SCRIPTS))
    args = ap.parse_args()
    chosen = args.only.split(",") if args.only else SCRIPTS
    unknown = set(chosen) - set(SCRIPTS)
    if unknown:
        ap.error(f"unknown benchmark(s): {', '.join(sorted(unknown))}; choose from {SCRIPTS}")
    failed = []
    for name in chosen:
        print(f"# {name}", flush=True)
        t0 = time.perf_counter()
        cmd = [sys.executable, str(BENCH / f"{name}.py")] + (["--quick"] if args.quick else [])
        rc = subprocess.call(cmd)
        print(f"\n({name}: {time.perf_counter() - t0:.0f} s, exit status {rc})\n", flush=True)
        if rc:
            failed.append(name)
    if failed:
        print("failed: " + ", ".join(failed), file=sys.stderr)
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
