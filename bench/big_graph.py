"""QA on a large generated graph kept in a store: label index build, serving memory, ask and
autocomplete latency, on ``oxigraph:`` (in process, on disk) and on the same data behind
``oxigraph serve-read-only`` as a ``sparql:`` store, beside the raw store's own point lookup
measured in the same run.

Usage::

    .venv/bin/python bench/big_graph.py [--triples 1000000 10000000] [--quick]

Each size is loaded once with ``oxigraph load`` into a folder under the bench data folder
(kept between runs); each configuration then runs in a fresh interpreter
(``measure.run_worker``), which opens the store, builds the label index (timed; ``kgqa index``
does the same), warms the engine and asks. Targets (issue: QA on big graphs): index build
≤ 10 min, serving RSS ≤ 1.5 GB, ask p95 ≤ 300 ms on oxigraph: and ≤ 500 ms on sparql:,
autocomplete p95 ≤ 50 ms, and 1M → 10M raising ask p95 by less than 2×.
"""

from __future__ import annotations

import argparse
import json
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

import gen_graph  # noqa: E402
from measure import (peak_rss_mb, rss_mb, run_worker, summary, table,  # noqa: E402
                     worker_output)

TEMPLATES = ("Where is {c} based?", "Which sector is {c} in?", "Who works for {c}?",
             "Which companies does {c} compete with?", "When was {c} founded?",
             "Which companies has {c} invested in?", "Who invested in {c}?",
             "Which company does {p} work for?", "Where is the company that {p} works for based?",
             "In which sector is the company {p} works for?")


def questions(n: int, companies: int, people: int) -> list[str]:
    out = []
    for k in range(n):
        t = TEMPLATES[k % len(TEMPLATES)]
        c = gen_graph.company_name((k * 7919) % companies)
        p = gen_graph.person_name((k * 104729) % people)
        out.append(t.format(c=c, p=p))
    return out


def prefixes(n: int, companies: int) -> list[str]:
    out = []
    for k in range(n):
        name = gen_graph.company_name((k * 6151) % companies)
        out.append(name[: 3 + k % 6])
    return out


# ---- the worker: one configuration in a fresh interpreter ------------------------------------


def worker(spec: dict) -> dict:
    from kgqa.graph import KnowledgeGraph
    from kgqa.qa import QAEngine
    from kgqa.settings import Settings

    out: dict = {"rss_start_mb": rss_mb()}
    settings = Settings(store=spec["store"], cache_dir=spec["cache_dir"], query_workers=0)
    t0 = time.perf_counter()
    kg = KnowledgeGraph.from_settings(settings)
    out["triples"] = kg.triple_count()
    out["open_s"] = time.perf_counter() - t0
    t0 = time.perf_counter()
    names = kg.label_index(rebuild=True)
    out["index_s"] = time.perf_counter() - t0
    out["names"] = names.size
    out["rss_index_mb"] = rss_mb()
    engine = QAEngine(kg, settings)
    t0 = time.perf_counter()
    engine.warm()
    out["warm_s"] = time.perf_counter() - t0
    asks, abstained = [], 0
    for q in spec["questions"]:
        t0 = time.perf_counter()
        a = engine.ask(q)
        asks.append((time.perf_counter() - t0) * 1000)
        abstained += a.abstained
    out["ask"] = summary(asks)
    out["answered"] = len(asks) - abstained
    auto = []
    for p in spec["prefixes"]:
        t0 = time.perf_counter()
        kg.search_entities(p, limit=10)
        auto.append((time.perf_counter() - t0) * 1000)
    out["autocomplete"] = summary(auto)
    # The raw store's own point lookup, same process, same store: the reference.
    raw = []
    for k in range(len(spec["questions"])):
        iri = f"<{gen_graph.ID}company/{(k * 7919) % spec['companies']}>"
        query = f"SELECT ?o WHERE {{ {iri} <http://www.w3.org/2000/01/rdf-schema#label> ?o }}"
        t0 = time.perf_counter()
        list(kg.store.query(query))
        raw.append((time.perf_counter() - t0) * 1000)
    out["raw_lookup"] = summary(raw)
    out["rss_end_mb"] = rss_mb()
    out["peak_rss_mb"] = peak_rss_mb()
    return out


# ---- the driver -----------------------------------------------------------------------------


def oxigraph_exe() -> str:
    exe = (shutil.which("oxigraph", path=str(Path(sys.executable).parent))
           or shutil.which("oxigraph"))
    if not exe:
        raise SystemExit("the oxigraph server binary is missing: pip install oxigraph")
    return exe


def loaded(n: int) -> tuple[Path, float | None]:
    """A folder holding the generated graph of ``n`` triples (loaded on first use)."""
    folder = gen_graph.data_dir() / f"oxigraph-{n}"
    if (folder / "kgqa-bench-loaded").exists():
        return folder, None
    shutil.rmtree(folder, ignore_errors=True)
    source = gen_graph.ensure(n)
    t0 = time.perf_counter()
    subprocess.run([oxigraph_exe(), "load", "--location", str(folder), "--file", str(source)],
                   check=True, capture_output=True, timeout=3600)
    (folder / "kgqa-bench-loaded").write_text("ok")
    return folder, time.perf_counter() - t0


def serve(folder: Path) -> tuple[subprocess.Popen, str]:
    import socket

    import httpx

    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    proc = subprocess.Popen([oxigraph_exe(), "serve-read-only", "--location", str(folder),
                             "--bind", f"127.0.0.1:{port}"], stdout=subprocess.DEVNULL,
                            stderr=subprocess.DEVNULL)
    url = f"http://127.0.0.1:{port}/query"
    for _ in range(600):
        try:
            if httpx.get(url, params={"query": "ASK {}"}, timeout=2).status_code == 200:
                return proc, url
        except httpx.HTTPError:
            pass
        time.sleep(0.1)
    proc.kill()
    raise SystemExit("oxigraph serve-read-only did not start")


def served(store: str, cache: Path, question: str) -> dict:
    """``kgqa serve --store STORE`` as a user starts it: seconds until ``/api/health`` says 200,
    the first question's round trip after that, and the server's RSS then (its query workers
    not counted)."""
    import socket

    import httpx
    import psutil

    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    t0 = time.perf_counter()
    proc = subprocess.Popen([sys.executable, "-c", "from kgqa.cli import main; main()", "serve",
                             "--store", store, "--port", str(port), "--cache-dir", str(cache)],
                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
                            cwd=Path(__file__).resolve().parents[1])
    base = f"http://127.0.0.1:{port}"
    try:
        while True:
            if proc.poll() is not None:
                return {"error": f"kgqa serve exited with {proc.returncode}"}
            try:
                if httpx.get(base + "/api/health", timeout=5).status_code == 200:
                    break
            except httpx.HTTPError:
                pass
            if time.perf_counter() - t0 > 3600:
                return {"error": "not ready within an hour"}
            time.sleep(0.5)
        ready = time.perf_counter() - t0
        t1 = time.perf_counter()
        httpx.post(base + "/api/ask", json={"question": question}, timeout=600)
        first = time.perf_counter() - t1
        return {"ready_s": ready, "first_ask_s": first,
                "rss_mb": psutil.Process(proc.pid).memory_info().rss / 2**20}
    finally:
        proc.terminate()
        proc.wait(30)


def virtuoso(n: int, folder: Path):
    """Virtuoso open source (Debian's virtuoso-opensource) with the graph of ``n`` triples
    bulk-loaded (``ld_dir`` and ``rdf_loader_run``) into its default graph: the test suite's
    set-up, with a larger cache. Yields the endpoint URL and the load time."""
    import contextlib

    sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "tests"))
    from conftest import VIRTUOSO_DEFAULT_GRAPH, running_virtuoso

    source = gen_graph.ensure(n)
    folder.mkdir(parents=True, exist_ok=True)
    (folder / source.name).unlink(missing_ok=True)
    (folder / source.name).symlink_to(source)
    load = (f"ld_dir('{folder}', '{source.name}', '{VIRTUOSO_DEFAULT_GRAPH}'); "
            "rdf_loader_run(); checkpoint;")

    @contextlib.contextmanager
    def run():
        t0 = time.perf_counter()
        with running_virtuoso(folder, buffers=170_000, extra_sql=load,
                              sql_timeout=3600) as url:
            yield url, time.perf_counter() - t0
    return run()


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--triples", type=int, nargs="+", default=[1_000_000, 10_000_000])
    ap.add_argument("--quick", action="store_true", help="100k triples, 20 questions")
    ap.add_argument("--questions", type=int, default=60)
    ap.add_argument("--virtuoso-max", type=int, default=1_000_000,
                    help="sizes up to this also run behind Virtuoso (0: none)")
    ap.add_argument("--stores", nargs="+", default=["oxigraph", "sparql", "serve", "virtuoso"],
                    choices=["oxigraph", "sparql", "serve", "virtuoso"],
                    help="which configurations to run (default: all)")
    ap.add_argument("--worker", help=argparse.SUPPRESS)
    args = ap.parse_args()
    if args.worker:
        worker_output(worker(json.loads(args.worker)))
        return
    sizes = [100_000] if args.quick else args.triples
    n_q = 20 if args.quick else args.questions
    rows, results, serve_runs = [], {}, {}
    for n in sizes:
        folder, load_s = loaded(n)
        companies, people = max(10, n // 33), max(10, n // 33)
        spec = {"questions": questions(n_q, companies // 4, people // 4),
                "prefixes": prefixes(n_q, companies // 4), "companies": companies // 4}
        cache = Path(tempfile.mkdtemp(prefix="kgqa-bench-cache-"))
        try:
            got = {}
            if "oxigraph" in args.stores:
                print(f"  {n:,} triples: oxigraph:", file=sys.stderr, flush=True)
                got["oxigraph:"] = run_worker(Path(__file__), dict(
                    spec, store=f"oxigraph:{folder}", cache_dir=str(cache)), timeout=3600)
            if {"sparql", "serve"} & set(args.stores):
                proc, url = serve(folder)
                try:
                    if "sparql" in args.stores:
                        print(f"  {n:,} triples: sparql: (oxigraph serve-read-only)",
                              file=sys.stderr, flush=True)
                        got["sparql: (oxigraph serve)"] = run_worker(Path(__file__), dict(
                            spec, store=f"sparql:{url}", cache_dir=str(cache)), timeout=3600)
                    if "serve" in args.stores:
                        print(f"  {n:,} triples: kgqa serve --store sparql:", file=sys.stderr,
                              flush=True)
                        serve_runs[n] = served(f"sparql:{url}", cache / "serve",
                                               spec["questions"][0])
                finally:
                    proc.terminate()
                    proc.wait(30)
            if "virtuoso" in args.stores and n <= args.virtuoso_max:
                print(f"  {n:,} triples: sparql: (Virtuoso, bulk load)", file=sys.stderr,
                      flush=True)
                vfolder = Path(tempfile.mkdtemp(prefix="kgqa-bench-virtuoso-"))
                try:
                    with virtuoso(n, vfolder) as (url, vload_s):
                        got["sparql: (Virtuoso)"] = run_worker(Path(__file__), dict(
                            spec, store=f"sparql:{url}", cache_dir=str(cache)), timeout=3600)
                        got["sparql: (Virtuoso)"]["load_s"] = vload_s
                finally:
                    shutil.rmtree(vfolder, ignore_errors=True)
        finally:
            shutil.rmtree(cache, ignore_errors=True)
        results[n] = {"load_s": load_s, **got}
        for store, r in got.items():
            if "error" in r:
                rows.append([f"{n:,}", store, r["error"]] + [None] * 11)
                continue
            rows.append([f"{n:,}", store, r["names"], r["index_s"], r["warm_s"],
                         r["ask"]["p50"], r["ask"]["p95"], f"{r['answered']}/{r['ask']['n']}",
                         r["autocomplete"]["p50"], r["autocomplete"]["p95"],
                         r["raw_lookup"]["p50"], r["raw_lookup"]["p95"], r["rss_end_mb"],
                         r["peak_rss_mb"]])
    out = Path(__file__).resolve().parent / "results"
    out.mkdir(exist_ok=True)
    results["serve"] = serve_runs
    (out / "big_graph.json").write_text(json.dumps(results, indent=1, default=str))
    import platform
    import os
    parts = [f"### QA on large stores (CPython {platform.python_version()}, {os.cpu_count()} CPUs, "
             f"load average {os.getloadavg()[0]:.1f})", "",
             table(["triples", "store", "names indexed", "index build s", "warm s", "ask p50 ms",
                    "ask p95 ms", "answered", "autocomplete p50 ms", "autocomplete p95 ms",
                    "raw store point lookup p50 ms", "raw p95 ms", "RSS at end MB",
                    "peak RSS MB"], rows), ""]
    if serve_runs:
        parts += ["#### `kgqa serve --store sparql:` (behind `oxigraph serve-read-only`), a "
                  "fresh cache folder: as a new user starts it", "",
                  table(["triples", "/api/health 200 after s", "first /api/ask after that s",
                         "server RSS MB"],
                        [[f"{n:,}", r.get("ready_s"), r.get("first_ask_s"), r.get("rss_mb")]
                         if "error" not in r else [f"{n:,}", r["error"], None, None]
                         for n, r in serve_runs.items()]), ""]
    if len(sizes) >= 2:
        lo, hi = sizes[0], sizes[-1]
        for store in results[lo]:
            a, b = results[lo][store], results[hi].get(store, {})
            if isinstance(a, dict) and isinstance(b, dict) and "ask" in a and "ask" in b:
                parts.append(f"* {store}: ask p95 {lo:,} → {hi:,} triples: "
                             f"×{b['ask']['p95'] / a['ask']['p95']:.2f} (target < 2)")
    for n in sizes:
        if results[n]["load_s"] is not None:
            parts.append(f"* {n:,} triples loaded with `oxigraph load` in {results[n]['load_s']:.0f} s")
        v = results[n].get("sparql: (Virtuoso)")
        if isinstance(v, dict) and "load_s" in v:
            parts.append(f"* {n:,} triples: Virtuoso started and bulk-loaded in {v['load_s']:.0f} s")
    text = "\n".join(parts)
    print(text)
    (out / "big_graph.md").write_text(text + "\n")


if __name__ == "__main__":
    main()
