"""Readiness: does ``/api/health`` say 200 only when a question is answered at warm speed?

The script starts ``kgqa serve`` on a free port of 127.0.0.1 twice, each time in a fresh process
with the same embedding cache (so both pay the same model load), and polls ``/api/health``
every 0.1 s from launch:

* **ask at first answer** (the reference): ``POST /api/ask`` the moment the server answers
  anything, which is when the old health said ready; that question waits for the warm-up.
* **ask after ready**: wait for health to say 200, then ask the same questions.

The questions are different development questions of mixed kinds, none asked before in that
process, so "the next ones" are new questions too, not repeats served from a cache.

Each run prints when the server first answered, when health said 200, whether the log said
"ready" by then, the first question's latency, and p50/max of the next ones (round trip, and
the engine's own time from the answer's timings). The first ask after ready
should be within the spread of the following ones; the reference shows what it replaced.

Usage: ``.venv/bin/python bench/readiness.py [--quick] [--asks N]``
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

import httpx  # noqa: E402
from http_load import free_port, stop  # noqa: E402
from measure import REPO, machine, percentile, save, table  # noqa: E402

DEV = REPO / "qa" / "data" / "dev_questions.jsonl"
START_TIMEOUT_S = 300
READY_LINE = "ready: answered the warm-up question"


def launch(workdir: Path, cache: Path) -> tuple[subprocess.Popen, str, Path]:
    port = free_port()
    env = {k: v for k, v in os.environ.items() if not k.startswith("KGQA_")}
    env.update({"KGQA_CACHE_DIR": str(cache), "GRADIO_ANALYTICS_ENABLED": "False",
                "PYTHONUNBUFFERED": "1"})
    log = workdir / f"kgqa-{port}.log"
    with open(log, "wb") as out:
        proc = subprocess.Popen([sys.executable, "-m", "kgqa.cli", "serve", "--host", "127.0.0.1",
                                 "--port", str(port)], stdout=out, stderr=subprocess.STDOUT,
                                env=env, cwd=REPO.parent)
    return proc, f"http://127.0.0.1:{port}", log


def ask(client: httpx.Client, question: str) -> tuple[float, float | None, float | None, int]:
    """(round trip ms, the engine's own total_ms, of which encoding the question, status)."""
    t0 = time.perf_counter()
    resp = client.post("/api/ask", json={"question": question})
    ms = (time.perf_counter() - t0) * 1000
    timings = resp.json().get("timings", {}) if resp.status_code == 200 else {}
    return ms, timings.get("total_ms"), timings.get("embed_ms"), resp.status_code


def questions(n: int) -> list[str]:
    """``n`` different development questions of mixed kinds (every 7th one without history)."""
    rows = [json.loads(line) for line in DEV.read_text(encoding="utf-8").splitlines() if line]
    return [r["question"] for r in rows if not r.get("history")][::7][:n]


def one_run(mode: str, workdir: Path, cache: Path, asks: int) -> dict:
    proc, url, log = launch(workdir, cache)
    t0 = time.monotonic()
    first_answer = ready_at = None
    logged = "–"
    polls_503 = 0
    try:
        with httpx.Client(base_url=url, timeout=120) as client:
            while True:
                if proc.poll() is not None:
                    raise RuntimeError(f"kgqa serve exited with {proc.returncode}:\n"
                                       f"{log.read_text(errors='replace')[-2000:]}")
                if time.monotonic() - t0 > START_TIMEOUT_S:
                    raise RuntimeError(f"not ready within {START_TIMEOUT_S} s")
                try:
                    status = client.get("/api/health", timeout=5).status_code
                except httpx.HTTPError:
                    time.sleep(0.1)
                    continue
                if first_answer is None:
                    first_answer = time.monotonic() - t0
                if mode == "at first answer" or status == 200:
                    break
                polls_503 += 1
                time.sleep(0.1)
            if status == 200:
                ready_at = time.monotonic() - t0
                logged = "yes" if READY_LINE in log.read_text(errors="replace") else "no"
            latencies, engine_ms, embed_ms, codes = zip(*(ask(client, q) for q in questions(asks)))
            if ready_at is None:
                while client.get("/api/health", timeout=5).status_code != 200:
                    time.sleep(0.1)
                ready_at = time.monotonic() - t0
    finally:
        stop(proc)
    rest = list(latencies[1:])
    return {"mode": mode, "first_answer_s": first_answer, "ready_s": ready_at,
            "logged": logged, "polls_503": polls_503, "first_ms": latencies[0],
            "first_engine_ms": engine_ms[0], "first_embed_ms": embed_ms[0],
            "rest_engine_p50_ms": percentile([m for m in engine_ms[1:] if m is not None], 50),
            "rest_engine_max_ms": max((m for m in engine_ms[1:] if m is not None), default=None),
            "rest_p50_ms": percentile(rest, 50), "rest_max_ms": max(rest),
            "errors": sum(1 for c in codes if c != 200)}


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--quick", action="store_true", help="fewer questions per run")
    ap.add_argument("--asks", type=int, default=None, help="questions per run (default 12)")
    args = ap.parse_args()
    asks = args.asks or (6 if args.quick else 12)
    with tempfile.TemporaryDirectory(prefix="kgqa-readiness-") as tmp:
        workdir, cache = Path(tmp), Path(tmp) / "cache"
        # A first start fills the embedding cache, so the two measured runs load the same way.
        one_run("after ready", workdir, cache, 2)
        runs = [one_run("at first answer", workdir, cache, asks),
                one_run("after ready", workdir, cache, asks)]
    rows = [[r["mode"], r["first_answer_s"], r["ready_s"], r["logged"], r["polls_503"],
             r["first_ms"], r["rest_p50_ms"], r["rest_max_ms"], r["first_engine_ms"],
             r["first_embed_ms"], r["rest_engine_p50_ms"], r["rest_engine_max_ms"], r["errors"]]
            for r in runs]
    text = "\n".join([
        f"## Readiness: first question vs the next {asks - 1} ({machine()})", "",
        table(["ask", "server answers (s)", "health 200 (s)", "'ready' logged by then",
               "503 polls", "first ask (ms)", "next p50 (ms)", "next max (ms)",
               "first: engine (ms)", "first: encoding (ms)", "next: engine p50 (ms)",
               "next: engine max (ms)", "errors"], rows), "",
        "Seconds from launching `kgqa serve`. 'at first answer' asks as soon as the server "
        "answers anything (the old health said ready then); 'after ready' waits for 200. "
        "Round trips are measured by the client; 'engine' is the answer's own total_ms, and "
        "'encoding' the part of it spent encoding the question (a new question pays it; a "
        "question the lexical match answers does not, hence the spread of the next ones).", ""])
    print(text)
    save("readiness", text)
    return 0


if __name__ == "__main__":
    sys.exit(main())
