"""Soak: N minutes of mixed load on a real server with a persistent store and updates.

Starts ``kgqa serve`` on a free port of 127.0.0.1 with an ``oxigraph:`` store in a temporary
folder (seeded with the embedded graph), ``--allow-update`` and a token, then for ``--minutes``
(default 10) runs, side by side:

* asks: ``POST /api/ask`` with the development questions, one after another;
* SPARQL reads: the typical queries of ``graph_load.py`` through ``GET /sparql``;
* updates: every 10 s an ``INSERT DATA`` of a new labelled resource, then a ``DELETE
  DATA`` of the previous one, so the graph keeps its size while every update re-forks the query
  workers and makes the QA engine rebuild its facts;
* a runaway query every 30 s (a COUNT over a cross product, many times the limit): it must come
  back as 503 at ``--query-timeout`` while the rest goes on.

Prints requests per kind (ok / 4xx / 5xx / transport errors, p50 / p95), the server's RSS after
the warm-up (the first minute, or a fifth of a shorter run) and at the end, the same for the
server and its query workers together (PSS, so shared pages count once), and every runaway's
status and time. Expected: zero 5xx apart from the runaways' 503, RSS growth under 10 % after
warm-up, every runaway stopped at the limit. Each client waits a little between requests so the
load stays a soak, not a stress test; every wait is bounded.

Usage: ``.venv/bin/python bench/soak.py [--minutes 10] [--query-timeout 5]``
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

import httpx  # noqa: E402
from graph_load import queries_for  # noqa: E402
from http_load import DEV, START_TIMEOUT_S, free_port, stop, wait_until_up  # noqa: E402
from measure import REPO, machine, percentile, save, table, verdict  # noqa: E402

TOKEN = "soak-token"
RUNAWAY_EVERY_S = 30
UPDATE_EVERY_S = 10
RSS_GROWTH_LIMIT = 0.10
RUNAWAY = ("SELECT (COUNT(*) AS ?n) WHERE { "
           + " ".join("{ SELECT ?%s WHERE { ?%s ?%sp ?%so } LIMIT 2000 }" % (v, v, v, v)
                      for v in "adg") + " }")


class Tally:
    """Outcomes of one kind of request (thread-safe)."""

    def __init__(self):
        self.lock = threading.Lock()
        self.ms: list[float] = []
        self.counts = {"ok": 0, "4xx": 0, "5xx": 0, "transport": 0}
        self.examples: list[str] = []

    def add(self, status: int | None, ms: float, detail: str = "") -> None:
        with self.lock:
            if status is None:
                key = "transport"
            elif status < 400:
                key = "ok"
            elif status < 500:
                key = "4xx"
            else:
                key = "5xx"
            self.counts[key] += 1
            self.ms.append(ms)
            if key != "ok" and len(self.examples) < 3:
                self.examples.append(f"{status}: {detail[:160]}")


def timed(client: httpx.Client, method: str, url: str, **kwargs):
    t0 = time.perf_counter()
    try:
        resp = client.request(method, url, **kwargs)
        return resp, (time.perf_counter() - t0) * 1000, None
    except httpx.HTTPError as exc:
        return None, (time.perf_counter() - t0) * 1000, f"{type(exc).__name__}: {exc}"


def asker(base: str, stop_at: float, tally: Tally, pause: float) -> None:
    questions = [json.loads(line) for line in DEV.read_text(encoding="utf-8").splitlines()
                 if line.strip()]
    with httpx.Client(timeout=120) as c:
        i = 0
        while time.monotonic() < stop_at:
            q = questions[i % len(questions)]
            body = {"question": q["question"], **({"history": q["history"]}
                                                   if q.get("history") else {})}
            resp, ms, err = timed(c, "POST", base + "/api/ask", json=body)
            tally.add(resp.status_code if resp is not None else None, ms,
                      err or (resp.text if resp is not None else ""))
            i += 1
            time.sleep(pause)


def reader(base: str, stop_at: float, tally: Tally, pause: float) -> None:
    queries = list(queries_for("default", "https://kgqa.dev/id/OpenAI").values())
    headers = {"Accept": "application/sparql-results+json"}
    with httpx.Client(timeout=60) as c:
        i = 0
        while time.monotonic() < stop_at:
            resp, ms, err = timed(c, "GET", base + "/sparql", params={"query": queries[i % 4]},
                                  headers=headers)
            tally.add(resp.status_code if resp is not None else None, ms,
                      err or (resp.text if resp is not None else ""))
            i += 1
            time.sleep(pause)


def updater(base: str, stop_at: float, tally: Tally) -> None:
    headers = {"Content-Type": "application/sparql-update", "Authorization": f"Bearer {TOKEN}"}
    label = "<http://www.w3.org/2000/01/rdf-schema#label>"
    with httpx.Client(timeout=60) as c:
        i = 0
        while time.monotonic() < stop_at:
            triple = f'<https://kgqa.dev/id/Soak{i}> {label} "soak {i}"'
            text = f"INSERT DATA {{ {triple} }}"
            if i:
                prev = f'<https://kgqa.dev/id/Soak{i - 1}> {label} "soak {i - 1}"'
                text = f"DELETE DATA {{ {prev} }} ; {text}"
            resp, ms, err = timed(c, "POST", base + "/sparql", content=text.encode(),
                                  headers=headers)
            tally.add(resp.status_code if resp is not None else None, ms,
                      err or (resp.text if resp is not None else ""))
            i += 1
            time.sleep(UPDATE_EVERY_S)


def runaways(base: str, stop_at: float, out: list, limit: float) -> None:
    with httpx.Client(timeout=limit + 60) as c:
        next_at = time.monotonic() + 5
        while True:
            while time.monotonic() < next_at:
                time.sleep(0.2)
            if time.monotonic() + limit + 2 > stop_at:
                return
            resp, ms, err = timed(c, "GET", base + "/sparql", params={"query": RUNAWAY})
            code = None
            if resp is not None and resp.status_code >= 400:
                code = resp.json().get("error", {}).get("code")
            out.append({"status": resp.status_code if resp is not None else err, "s": ms / 1000,
                        "code": code})
            next_at += RUNAWAY_EVERY_S


def rss_mb(pid: int) -> tuple[float, float]:
    """The server's RSS, and the PSS of the server and its query workers together (forked
    workers share most pages with the server; PSS counts a shared page once), in MiB."""
    import psutil

    proc = psutil.Process(pid)
    total = 0.0
    for p in [proc, *proc.children(recursive=True)]:
        try:
            total += p.memory_full_info().pss
        except (psutil.NoSuchProcess, psutil.AccessDenied, AttributeError):
            pass
    return proc.memory_info().rss / 2**20, total / 2**20


def main() -> None:
    ap = argparse.ArgumentParser(description="mixed-load soak against a real server")
    ap.add_argument("--minutes", type=float, default=10, help="minutes of load (default 10)")
    ap.add_argument("--query-timeout", type=float, default=5.0,
                    help="the server's --query-timeout, the limit runaways must stop at")
    ap.add_argument("--pause", type=float, default=0.05,
                    help="seconds each ask and read client waits between requests")
    args = ap.parse_args()
    duration = args.minutes * 60
    warmup = min(60.0, duration / 5)

    with tempfile.TemporaryDirectory(prefix="kgqa-soak-") as tmp:
        work = Path(tmp)
        port = free_port()
        env = {k: v for k, v in os.environ.items() if not k.startswith("KGQA_")}
        env.update({"KGQA_CACHE_DIR": str(work / "cache"), "KGQA_LOG_LEVEL": "warning",
                    "GRADIO_ANALYTICS_ENABLED": "False", "TOKENIZERS_PARALLELISM": "false"})
        cmd = [sys.executable, "-m", "kgqa.cli", "serve", "--host", "127.0.0.1", "--port",
               str(port), "--store", f"oxigraph:{work / 'store.oxigraph'}", "--allow-update",
               "--update-token", TOKEN, "--query-timeout", str(args.query_timeout)]
        log = work / "server.log"
        proc = None
        try:
            with open(log, "wb") as out:
                proc = subprocess.Popen(cmd, stdout=out, stderr=subprocess.STDOUT, env=env,
                                        cwd=REPO)
            base = f"http://127.0.0.1:{port}"
            wait_until_up(base + "/api/health", proc, log, START_TIMEOUT_S)
            print(f"  server up; {args.minutes:g} min of mixed load", file=sys.stderr, flush=True)
            started = time.monotonic()
            stop_at = started + duration
            tallies = {k: Tally() for k in ("ask", "sparql read", "update")}
            runs: list = []
            threads = [
                threading.Thread(target=asker, args=(base, stop_at, tallies["ask"], args.pause)),
                threading.Thread(target=reader,
                                 args=(base, stop_at, tallies["sparql read"], args.pause)),
                threading.Thread(target=updater, args=(base, stop_at, tallies["update"])),
                threading.Thread(target=runaways, args=(base, stop_at, runs, args.query_timeout)),
            ]
            for t in threads:
                t.daemon = True
                t.start()
            time.sleep(warmup)
            rss_warm = rss_mb(proc.pid)
            peak = rss_warm
            while time.monotonic() < stop_at:
                time.sleep(min(10.0, max(0.0, stop_at - time.monotonic())))
                now = rss_mb(proc.pid)
                peak = (max(peak[0], now[0]), max(peak[1], now[1]))
                left = stop_at - time.monotonic()
                print(f"  {(time.monotonic() - started) / 60:.1f} min, RSS {now[0]:.0f} MiB "
                      f"(with workers, PSS {now[1]:.0f}), {left:.0f} s left", file=sys.stderr,
                      flush=True)
            for t in threads:
                t.join(timeout=args.query_timeout + 130)
            rss_end = rss_mb(proc.pid)
            alive = proc.poll() is None
        finally:
            stop(proc)
        tail = log.read_text(errors="replace")[-1500:] if log.exists() else ""
    text = report(tallies, runs, rss_warm, rss_end, peak, args, warmup, alive, tail)
    print(text)
    save("soak", text)


def report(tallies, runs, rss_warm, rss_end, peak, args, warmup, alive, tail) -> str:
    parts = [f"## Soak ({machine()}): {args.minutes:g} min, oxigraph: store, updates on", ""]
    rows, n5xx = [], 0
    for kind, t in tallies.items():
        n5xx += t.counts["5xx"] + t.counts["transport"]
        rows.append([kind, sum(t.counts.values()), t.counts["ok"], t.counts["4xx"],
                     t.counts["5xx"], t.counts["transport"], percentile(t.ms, 50),
                     percentile(t.ms, 95)])
    parts += [table(["kind", "requests", "ok", "4xx", "5xx", "transport errors", "p50 ms",
                     "p95 ms"], rows), "",
              f"Zero 5xx expected: {verdict(n5xx == 0)}"]
    for kind, t in tallies.items():
        for ex in t.examples:
            parts.append(f"- {kind}: {ex}")
    parts.append("")
    growth = (rss_end[0] - rss_warm[0]) / rss_warm[0] if rss_warm[0] else float("nan")
    growth_all = (rss_end[1] - rss_warm[1]) / rss_warm[1] if rss_warm[1] else float("nan")
    parts += [f"### RSS (MiB) after {warmup:.0f} s of warm-up and at the end", "",
              table(["process", "after warm-up", "peak", "end", "growth", "target"],
                    [["server", rss_warm[0], peak[0], rss_end[0], f"{growth:+.1%}",
                      f"< 10%: {verdict(growth < RSS_GROWTH_LIMIT)}"],
                     ["server + query workers (PSS)", rss_warm[1], peak[1], rss_end[1],
                      f"{growth_all:+.1%}", f"< 10%: {verdict(growth_all < RSS_GROWTH_LIMIT)}"]]),
              ""]
    limit = args.query_timeout
    run_rows = [[i + 1, r["status"], r["code"] or "–", r["s"], limit,
                 verdict(r["status"] == 503 and r["s"] < limit + 2)] for i, r in enumerate(runs)]
    stopped = all(r["status"] == 503 and r["s"] < limit + 2 for r in runs) and bool(runs)
    parts += [f"### Runaway queries (one every {RUNAWAY_EVERY_S} s; limit {limit:g} s)", "",
              table(["#", "status", "code", "seconds", "limit s", "stopped at the limit"],
                    run_rows), "",
              f"Every runaway stopped at the limit (503 within the limit + 2 s): "
              f"{verdict(stopped)}", "",
              f"Server still running at the end: {verdict(alive)}", ""]
    if n5xx or not alive:
        parts += ["Server log (tail):", "", "```", tail, "```", ""]
    return "\n".join(parts)


if __name__ == "__main__":
    main()
