"""HTTP load: ``/api/ask`` under 32 concurrent clients, and ``/sparql`` beside Oxigraph's server.

The script starts ``kgqa serve`` on a free port of 127.0.0.1 in a subprocess (and, for the SPARQL
comparison, ``oxigraph serve-read-only`` over the same data loaded with ``oxigraph load``), drives
them with httpx's async client, and stops both at the end (every wait is bounded).

* ``/api/ask``: 32 clients, each sending the development questions (with their history) in a
  loop for 60 s (--quick: 10 s). Prints throughput, p50/p95/p99 and the error count (any status
  other than 200, or a transport error); zero errors expected.
* ``/sparql``: for each typical query (point lookup, label FILTER, 2-hop join, COUNT GROUP BY),
  8 clients send GET ``?query=`` with ``Accept: application/sparql-results+json`` for a few
  seconds against each server in turn. Prints throughput and latency side by side, the
  overhead ratio (Oxigraph's throughput over ours) and our p95 over Oxigraph's; target < 2×
  for both.

Load generator and servers share the same machine (2 cores here). The /sparql load comes from
``wrk`` (Debian package ``wrk``) when it is installed, else from httpx: one Python process
driving 8 clients spends a whole core on its own work, so it was the bottleneck for both servers
(~90-100% CPU at 800-900 req/s), capped their throughput at its own and added its own queueing
to every percentile. ``--load-generator`` picks one; the report names the one used.

Usage: ``.venv/bin/python bench/http_load.py [--quick] [--duration S] [--clients N]
[--skip-ask] [--sparql-duration S] [--load-generator auto|wrk|httpx]``
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

import httpx  # noqa: E402
from graph_load import _point_iri, queries_for  # noqa: E402
from measure import REPO, machine, percentile, save, table, verdict  # noqa: E402

DEV = REPO / "qa" / "data" / "dev_questions.jsonl"
START_TIMEOUT_S = 180


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def wait_until_up(url: str, proc: subprocess.Popen, log: Path, timeout: float) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            raise RuntimeError(f"{url}: server exited with {proc.returncode}:\n"
                               f"{log.read_text(errors='replace')[-2000:]}")
        try:
            if httpx.get(url, timeout=2).status_code < 500:
                return
        except httpx.HTTPError:
            pass
        time.sleep(0.3)
    raise RuntimeError(f"{url} did not answer within {timeout:.0f} s:\n"
                       f"{log.read_text(errors='replace')[-2000:]}")


def stop(proc: subprocess.Popen | None) -> None:
    if proc is None or proc.poll() is not None:
        return
    proc.send_signal(signal.SIGINT)
    try:
        proc.wait(10)
    except subprocess.TimeoutExpired:
        proc.kill()
        proc.wait(5)


def start_kgqa(files: list[Path], workdir: Path) -> tuple[subprocess.Popen, str]:
    port = free_port()
    env = {k: v for k, v in os.environ.items() if not k.startswith("KGQA_")}
    env.update({"KGQA_CACHE_DIR": str(workdir.parent / "kgqa-cache"), "KGQA_LOG_LEVEL": "warning",
                "GRADIO_ANALYTICS_ENABLED": "False", "TOKENIZERS_PARALLELISM": "false"})
    cmd = [sys.executable, "-m", "kgqa.cli", "serve", "--host", "127.0.0.1", "--port", str(port)]
    for f in files:
        cmd += ["--graph", str(f)]
    log = workdir / "kgqa.log"
    with open(log, "wb") as out:
        proc = subprocess.Popen(cmd, stdout=out, stderr=subprocess.STDOUT, env=env, cwd=REPO)
    url = f"http://127.0.0.1:{port}"
    wait_until_up(url + "/api/health", proc, log, START_TIMEOUT_S)
    return proc, url


def wait_until_warm(url: str, timeout: float) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if httpx.get(url + "/api/health", timeout=5).json().get("model_loaded"):
            time.sleep(2)  # the index load follows the model
            return
        time.sleep(0.5)


def start_oxigraph(files: list[Path], workdir: Path) -> tuple[subprocess.Popen, str]:
    exe = (shutil.which("oxigraph", path=str(Path(sys.executable).parent))
           or shutil.which("oxigraph"))
    if not exe:
        raise RuntimeError("the oxigraph server binary is missing: pip install oxigraph")
    location = workdir / "oxigraph-db"
    for f in files:
        subprocess.run([exe, "load", "--location", str(location), "--file", str(f)], check=True,
                       capture_output=True, timeout=600)
    port = free_port()
    log = workdir / "oxigraph.log"
    with open(log, "wb") as out:
        proc = subprocess.Popen([exe, "serve-read-only", "--location", str(location), "--bind",
                                 f"127.0.0.1:{port}"], stdout=out, stderr=subprocess.STDOUT)
    url = f"http://127.0.0.1:{port}"
    wait_until_up(url + "/query?query=ASK%7B%7D", proc, log, 60)
    return proc, url


# ---- load generation ------------------------------------------------------------------------


async def closed_loop(make_request, clients: int, duration: float) -> dict:
    """``clients`` workers each send requests back to back for ``duration`` seconds."""
    latencies: list[float] = []
    errors: dict[str, int] = {}
    limits = httpx.Limits(max_connections=clients, max_keepalive_connections=clients)
    async with httpx.AsyncClient(timeout=60, limits=limits) as client:
        stop_at = time.perf_counter() + duration

        async def worker(k: int):
            i = k
            while time.perf_counter() < stop_at:
                t0 = time.perf_counter()
                try:
                    r = await make_request(client, i)
                    await r.aread()
                    if r.status_code != 200:
                        errors[str(r.status_code)] = errors.get(str(r.status_code), 0) + 1
                        continue
                except httpx.HTTPError as exc:
                    errors[type(exc).__name__] = errors.get(type(exc).__name__, 0) + 1
                    continue
                finally:
                    i += clients
                latencies.append((time.perf_counter() - t0) * 1000)

        started = time.perf_counter()
        await asyncio.gather(*(worker(k) for k in range(clients)))
        elapsed = time.perf_counter() - started
    return {"ok": len(latencies), "errors": errors, "elapsed_s": elapsed,
            "rps": len(latencies) / elapsed, "p50": percentile(latencies, 50),
            "p95": percentile(latencies, 95), "p99": percentile(latencies, 99)}


def ask_load(url: str, clients: int, duration: float) -> dict:
    questions = [json.loads(line) for line in DEV.read_text(encoding="utf-8").splitlines()
                 if line.strip()]
    bodies = [{"question": q["question"], **({"history": q["history"]} if q.get("history") else {})}
              for q in questions]

    def request(client, i):
        return client.post(url + "/api/ask", json=bodies[i % len(bodies)])

    # Warm-up: load the model and index, and see every question once.
    with httpx.Client(timeout=120) as c:
        for body in bodies:
            c.post(url + "/api/ask", json=body)
    return asyncio.run(closed_loop(request, clients, duration))


WRK_SCRIPT = Path(__file__).resolve().parent / "wrk_report.lua"


def wrk_load(url: str, path: str, query: str, clients: int, duration: float) -> dict:
    """:func:`sparql_load` driven by wrk (C, one thread): the same closed loop of ``clients``
    connections, with far less of the machine spent on generating the load."""
    from urllib.parse import urlencode

    target = f"{url}{path}?{urlencode({'query': query})}"

    def run(c: int, seconds: float) -> dict:
        out = subprocess.run(["wrk", "-t1", f"-c{c}", f"-d{max(1, round(seconds))}s",
                              "--timeout", "60s", "-s", str(WRK_SCRIPT), target],
                             capture_output=True, text=True, timeout=seconds + 90)
        if "WRK-RESULT " not in out.stdout:
            raise RuntimeError(f"wrk gave no result: {out.stdout[-500:]} {out.stderr[-500:]}")
        r = json.loads(out.stdout.split("WRK-RESULT ", 1)[1].splitlines()[0])
        errors = {k: r[k] for k in ("socket_errors", "non_2xx") if r[k]}
        elapsed = r["duration_us"] / 1e6
        ok = r["requests"] - sum(errors.values())
        return {"ok": ok, "errors": errors, "elapsed_s": elapsed, "rps": ok / elapsed,
                "p50": r["p50_us"] / 1000, "p95": r["p95_us"] / 1000, "p99": r["p99_us"] / 1000}

    run(2, 1)  # warm-up
    return run(clients, duration)


def sparql_load(url: str, path: str, query: str, clients: int, duration: float) -> dict:
    headers = {"Accept": "application/sparql-results+json"}

    def request(client, i):
        return client.get(url + path, params={"query": query}, headers=headers)

    asyncio.run(closed_loop(request, 2, 0.5))  # warm-up
    return asyncio.run(closed_loop(request, clients, duration))


# ---- driver -----------------------------------------------------------------------------------


def main() -> None:
    ap = argparse.ArgumentParser(description="HTTP load benchmark")
    ap.add_argument("--quick", action="store_true", help="10 s of /api/ask, 2 s per SPARQL query")
    ap.add_argument("--duration", type=float, help="seconds of /api/ask load (default 60)")
    ap.add_argument("--clients", type=int, default=32)
    ap.add_argument("--sparql-clients", type=int, default=8)
    ap.add_argument("--sparql-duration", type=float, help="seconds per query and server")
    ap.add_argument("--skip-ask", action="store_true", help="only the /sparql comparison")
    ap.add_argument("--load-generator", choices=("auto", "wrk", "httpx"), default="auto",
                    help="what drives the /sparql load: wrk when installed (auto), or httpx")
    ap.add_argument("--graph", action="append", type=Path,
                    help="RDF files to serve (default: the embedded graph)")
    args = ap.parse_args()
    duration = args.duration or (10 if args.quick else 60)
    if args.load_generator == "auto":
        args.load_generator = "wrk" if shutil.which("wrk") else "httpx"
    elif args.load_generator == "wrk" and not shutil.which("wrk"):
        ap.error("wrk is not installed: apt-get install wrk, or use --load-generator httpx")
    load = wrk_load if args.load_generator == "wrk" else sparql_load
    sparql_duration = args.sparql_duration or (2 if args.quick else 8)

    from kgqa import ontology

    files = args.graph or [Path(p) for p in ontology.DEFAULT_GRAPH_FILES]
    kgqa_proc = ox_proc = None
    results: dict = {"sparql": {}}
    with tempfile.TemporaryDirectory(prefix="kgqa-bench-http-") as tmp:
        work = Path(tmp) / "run"
        work.mkdir()
        try:
            print("  starting kgqa serve", file=sys.stderr, flush=True)
            kgqa_proc, kgqa_url = start_kgqa(args.graph or [], work)
            if not args.skip_ask:
                print(f"  /api/ask: {args.clients} clients for {duration:.0f} s",
                      file=sys.stderr, flush=True)
                results["ask"] = ask_load(kgqa_url, args.clients, duration)
            else:
                # The QA engine loads its model in a background thread at start-up; measuring
                # /sparql while it does would time the model load.
                wait_until_warm(kgqa_url, START_TIMEOUT_S)

            print("  starting oxigraph serve-read-only", file=sys.stderr, flush=True)
            ox_proc, ox_url = start_oxigraph(files, work)
            import pyoxigraph as ox

            probe = ox.Store()
            for f in files:
                probe.load(path=str(f), format=ox.RdfFormat.from_extension(f.suffix[1:]))
            dataset = "default" if not args.graph else "generated"
            queries = queries_for(dataset, _point_iri(dataset, probe))
            for name, q in queries.items():
                print(f"  /sparql {name}", file=sys.stderr, flush=True)
                ours = load(kgqa_url, "/sparql", q, args.sparql_clients, sparql_duration)
                theirs = load(ox_url, "/query", q, args.sparql_clients, sparql_duration)
                # One client, one request at a time: per-request latency with the least
                # load-generator CPU in the way.
                ours1 = load(kgqa_url, "/sparql", q, 1, sparql_duration / 2)
                theirs1 = load(ox_url, "/query", q, 1, sparql_duration / 2)
                results["sparql"][name] = {"kgqa": ours, "oxigraph": theirs, "kgqa1": ours1,
                                           "oxigraph1": theirs1}
        finally:
            stop(kgqa_proc)
            stop(ox_proc)
    text = report(results, args, duration)
    print(text)
    save("http_load" + ("-quick" if args.quick else ""), text)


def report(results: dict, args, duration: float) -> str:
    parts = [f"## HTTP load ({machine()}; client and servers on the same machine)", ""]
    a = results.get("ask")
    if a:
        n_err = sum(a["errors"].values())
        parts += [f"### POST /api/ask, {args.clients} concurrent clients, {duration:.0f} s", "",
                  table(["requests ok", "errors", "throughput req/s", "p50 ms", "p95 ms",
                         "p99 ms"],
                        [[a["ok"], n_err, a["rps"], a["p50"], a["p95"], a["p99"]]]), "",
                  f"Zero errors expected: {verdict(n_err == 0)}"
                  + (f" ({a['errors']})" if n_err else ""), ""]
    rows = []
    for name, r in results["sparql"].items():
        ours, theirs = r["kgqa"], r["oxigraph"]
        ratio = theirs["rps"] / ours["rps"] if ours["rps"] else float("inf")
        errs = sum(ours["errors"].values()) + sum(theirs["errors"].values())
        p95_ratio = ours["p95"] / theirs["p95"] if theirs["p95"] else float("inf")
        rows.append([name, ours["rps"], ours["p50"], ours["p95"], theirs["rps"], theirs["p50"],
                     theirs["p95"], ratio, p95_ratio, errs,
                     f"both < 2×: {verdict(ratio < 2 and p95_ratio < 2)}"])
    if rows:
        parts += [f"### /sparql vs oxigraph serve-read-only, {args.sparql_clients} clients "
                  f"(load from {args.load_generator})", "",
                  table(["query", "kgqa req/s", "kgqa p50 ms", "kgqa p95 ms", "oxigraph req/s",
                         "oxigraph p50 ms", "oxigraph p95 ms", "overhead (ox rps / ours)",
                         "p95 × oxigraph", "errors", "target"], rows), ""]
        seq = []
        for name, r in results["sparql"].items():
            ours, theirs = r["kgqa1"], r["oxigraph1"]
            ratio = ours["p50"] / theirs["p50"] if theirs["p50"] else float("inf")
            seq.append([name, ours["p50"], ours["p95"], theirs["p50"], theirs["p95"], ratio,
                        f"< 2×: {verdict(ratio < 2)}"])
        parts += ["### /sparql, one client (sequential requests)", "",
                  table(["query", "kgqa p50 ms", "kgqa p95 ms", "oxigraph p50 ms",
                         "oxigraph p95 ms", "latency × oxigraph (p50)", "target"], seq), ""]
    return "\n".join(parts)


if __name__ == "__main__":
    main()
