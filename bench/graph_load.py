"""Graph load time and memory, and SPARQL latency, through kgqa's graph API beside raw pyoxigraph.

Graphs: the embedded default graph, and generated company/people/deals graphs of 100k and 1M
triples (``bench/gen_graph.py``, N-Triples, cached in a temp folder). Every loader runs in a fresh
subprocess, so the memory columns belong to that loader alone:

* ``kgqa memory``      ``KnowledgeGraph.load(files, store="memory")`` (``KnowledgeGraph.default()``
  for the default graph)
* ``kgqa oxigraph:``   the same with ``store="oxigraph:TMPDIR"`` (on disk)
* ``raw …``            pyoxigraph ``Store().load`` / ``Store().bulk_load``, in memory and on disk
* ``rdflib``           rdflib's own in-memory store, ``Graph().parse`` (1M only without --quick)

SPARQL latency: in the ``kgqa`` workers, each typical query runs through ``kg.query`` (limits,
policy checks, materialised rows) and through ``kg.store.raw.query`` drained in a loop (raw
pyoxigraph on the very same store), alternating, so the ratio is the layer's overhead.

Usage: ``.venv/bin/python bench/graph_load.py [--quick]`` (--quick: default graph and 100k only).
"""

from __future__ import annotations

import argparse
import gc
import json
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

import gen_graph  # noqa: E402
from measure import (machine, peak_rss_mb, rss_mb, run_worker, save, summary, table,  # noqa: E402
                     timed_runs, verdict, worker_output)

RDFS = "http://www.w3.org/2000/01/rdf-schema#"
RDF_TYPE = "http://www.w3.org/1999/02/22-rdf-syntax-ns#type"

LOADERS = {
    "kgqa memory": "KnowledgeGraph.load(store='memory')",
    "kgqa oxigraph:": "KnowledgeGraph.load(store='oxigraph:DIR')",
    "raw load": "pyoxigraph Store().load",
    "raw bulk": "pyoxigraph Store().bulk_load",
    "raw disk load": "pyoxigraph Store(DIR).load",
    "raw disk bulk": "pyoxigraph Store(DIR).bulk_load",
    "rdflib": "rdflib Graph().parse",
}


# ---- queries ----------------------------------------------------------------------------------


def queries_for(dataset: str, point: str) -> dict[str, str]:
    """The typical queries, with ``point`` the IRI for the point lookup."""
    if dataset == "default":
        needle, hop_pattern = "open", f"<{point}> ?p ?x . ?x ?q ?y FILTER(isIRI(?x))"
    else:
        v = gen_graph.V
        needle = gen_graph.company_name(1200).split()[0].lower()[:5]
        hop_pattern = (f"?deal <{v}investee> <{point}> ; <{v}investor> ?x . "
                       f"?y <{v}worksFor> ?x ; <{RDFS}label> ?name")
    return {
        "point lookup": f"SELECT ?p ?o WHERE {{ <{point}> ?p ?o }}",
        "label FILTER": (f"SELECT ?s ?l WHERE {{ ?s <{RDFS}label> ?l "
                         f"FILTER(CONTAINS(LCASE(STR(?l)), \"{needle}\")) }} LIMIT 50"),
        "2-hop join": f"SELECT ?x ?y WHERE {{ {hop_pattern} }} LIMIT 200",
        "COUNT GROUP BY": (f"SELECT ?t (COUNT(?s) AS ?n) WHERE {{ ?s <{RDF_TYPE}> ?t }} "
                           "GROUP BY ?t ORDER BY DESC(?n)"),
    }


def _point_iri(dataset: str, raw_store) -> str:
    if dataset != "default":
        # A company that is both an investee and an investor in every generated size.
        return f"{gen_graph.ID}company/1200"
    preferred = "https://kgqa.dev/id/OpenAI"
    import pyoxigraph as ox

    if any(True for _ in raw_store.quads_for_pattern(ox.NamedNode(preferred), None, None)):
        return preferred
    row = next(iter(raw_store.query(
        "SELECT ?s (COUNT(*) AS ?n) WHERE { ?s ?p ?o FILTER(isIRI(?s)) } GROUP BY ?s "
        "ORDER BY DESC(?n) LIMIT 1")))
    return row["s"].value


# ---- the worker (runs in a fresh process) -------------------------------------------------------


def worker(spec: dict) -> dict:
    t0 = time.perf_counter()
    import pyoxigraph as ox

    from kgqa.graph import KnowledgeGraph, rdf_format
    imports_s = time.perf_counter() - t0

    loader, files, dataset = spec["loader"], [Path(f) for f in spec["files"]], spec["dataset"]
    tmp = tempfile.TemporaryDirectory(prefix="kgqa-bench-store-", ignore_cleanup_errors=True)
    rss_before = rss_mb()
    kg = store = graph = None
    t0 = time.perf_counter()
    if loader == "kgqa memory":
        kg = KnowledgeGraph.default() if dataset == "default" else KnowledgeGraph.load(files)
    elif loader == "kgqa oxigraph:":
        kg = KnowledgeGraph.load(files, store=f"oxigraph:{tmp.name}/store")
    elif loader in ("raw load", "raw bulk", "raw disk load", "raw disk bulk"):
        store = ox.Store(f"{tmp.name}/raw") if "disk" in loader else ox.Store()
        for f in files:
            fmt = rdf_format(f)
            if loader.endswith("load"):
                store.load(path=str(f), format=fmt, base_iri=f.resolve().as_uri())
            else:
                store.bulk_load(path=str(f), format=fmt, base_iri=f.resolve().as_uri())
    elif loader == "rdflib":
        import rdflib

        graph = rdflib.Graph()
        for f in files:
            graph.parse(str(f), format="nt" if f.suffix == ".nt" else "turtle")
    else:
        raise SystemExit(f"unknown loader {loader}")
    load_s = time.perf_counter() - t0
    n = len(kg) if kg is not None else len(store) if store is not None else len(graph)
    out = {"loader": loader, "dataset": dataset, "triples": n, "imports_s": imports_s,
           "load_s": load_s, "rss_mb": rss_mb(), "rss_growth_mb": rss_mb() - rss_before,
           "peak_rss_mb": peak_rss_mb()}

    if spec.get("queries") and kg is not None:
        raw_store = kg.store.raw
        point = _point_iri(dataset, raw_store)
        out["queries"] = {}
        for name, q in queries_for(dataset, point).items():
            rows = len(kg.query(q))

            def via_kg(q=q):
                kg.query(q)

            def via_raw(q=q):
                res = raw_store.query(q)
                for _ in res:
                    pass

            # Interleave the two so drift (caches, CPU frequency) hits both alike.
            kg_ms, raw_ms = [], []
            for _ in range(3):
                kg_ms += timed_runs(via_kg, runs=spec["runs"] // 3, budget_s=1.0, min_runs=3)
                raw_ms += timed_runs(via_raw, runs=spec["runs"] // 3, budget_s=1.0, min_runs=3)
            out["queries"][name] = {"rows": rows, "kg": summary(kg_ms), "raw": summary(raw_ms)}
    if spec.get("queries") and graph is not None:
        point = (f"{gen_graph.ID}company/1200" if dataset != "default" else None)
        if point:
            out["queries"] = {}
            for name, q in queries_for(dataset, point).items():
                ms = timed_runs(lambda q=q: list(graph.query(q)), runs=20, budget_s=3.0,
                                min_runs=2, warmup=1)
                out["queries"][name] = {"rows": len(list(graph.query(q))), "rdflib": summary(ms)}
    # Close the stores (RocksDB keeps writing in the background) before removing their folders.
    kg = store = graph = None
    gc.collect()
    tmp.cleanup()
    return out


# ---- the driver ---------------------------------------------------------------------------------


def datasets(quick: bool) -> list[tuple[str, list[Path]]]:
    from kgqa import ontology

    out = [("default", [Path(p) for p in ontology.DEFAULT_GRAPH_FILES if Path(p).exists()])]
    out.append(("100k", [gen_graph.ensure(100_000)]))
    if not quick:
        out.append(("1M", [gen_graph.ensure(1_000_000)]))
    return out


def main() -> None:
    ap = argparse.ArgumentParser(description="graph load and SPARQL latency benchmark")
    ap.add_argument("--quick", action="store_true", help="default graph and 100k only")
    ap.add_argument("--runs", type=int, default=300, help="most timed runs per query and path")
    ap.add_argument("--sizes", help="comma-separated graphs to run: default,100k,1M")
    ap.add_argument("--skip-rdflib-1m", action="store_true",
                    help="leave out rdflib at 1M (about 2 min and 1.3 GB)")
    ap.add_argument("--worker", help=argparse.SUPPRESS)
    args = ap.parse_args()
    if args.worker:
        worker_output(worker(json.loads(args.worker)))
        return

    script = Path(__file__).resolve()
    loads, query_results = [], []
    chosen = set(args.sizes.split(",")) if args.sizes else None
    for name, files in datasets(args.quick and not chosen):
        if chosen and name not in chosen:
            continue
        loaders = ["kgqa memory", "kgqa oxigraph:", "raw load", "raw bulk",
                   "raw disk load", "raw disk bulk"]
        if name != "1M" or not args.skip_rdflib_1m:
            loaders.append("rdflib")
        for loader in loaders:
            spec = {"loader": loader, "dataset": name, "files": [str(f) for f in files],
                    "runs": args.runs,
                    "queries": loader in ("kgqa memory", "kgqa oxigraph:")
                    or (loader == "rdflib" and name == "100k")}
            print(f"  {name:8} {loader:16}", end=" ", file=sys.stderr, flush=True)
            res = run_worker(script, spec)
            print(res.get("error") or f"{res['load_s']:.2f} s", file=sys.stderr)
            res.setdefault("loader", loader)
            res.setdefault("dataset", name)
            loads.append(res)
            if "queries" in res:
                query_results.append(res)

    text = report(loads, query_results)
    print(text)
    save("graph_load" + ("-quick" if args.quick else "") + (f"-{args.sizes}" if args.sizes else ""),
         text)


def report(loads: list[dict], query_results: list[dict]) -> str:
    by = {(r["dataset"], r["loader"]): r for r in loads}
    rows = []
    for r in loads:
        if "error" in r:
            rows.append([r["dataset"], r["loader"], None, None, None, None, None,
                         "error: " + r["error"][:120]])
            continue
        on_disk = "oxigraph:" in r["loader"] or "disk" in r["loader"]
        raw = by.get((r["dataset"], "raw disk bulk" if on_disk else "raw bulk"))
        ratio = r["load_s"] / raw["load_s"] if raw and "load_s" in raw and raw is not r else None
        target = ""
        if r["dataset"] == "default" and r["loader"] == "kgqa memory":
            target = f"< 0.5 s: {verdict(r['load_s'] < 0.5)}"
        elif r["dataset"] == "1M" and r["loader"].startswith("kgqa") and ratio:
            target = f"≤ 1.5× raw: {verdict(ratio <= 1.5)}"
        rows.append([r["dataset"], r["loader"], r["triples"], r["load_s"],
                     ratio, r["peak_rss_mb"], r["rss_growth_mb"], target])
    load_table = table(["graph", "loader", "triples", "load s", "× raw bulk", "peak RSS MiB",
                        "RSS growth MiB", "target"], rows)

    qrows = []
    for r in query_results:
        for name, q in r["queries"].items():
            if "rdflib" in q:
                qrows.append([r["dataset"], "rdflib", name, q["rows"], q["rdflib"]["p50"],
                              q["rdflib"]["p95"], None, None, None, ""])
                continue
            ratio = q["kg"]["p50"] / q["raw"]["p50"] if q["raw"]["p50"] else None
            target = (f"≤ 3×: {verdict(ratio <= 3)}" if name == "point lookup" and ratio
                      else "")
            qrows.append([r["dataset"], r["loader"].replace("kgqa ", ""), name, q["rows"],
                          q["kg"]["p50"], q["kg"]["p95"], q["raw"]["p50"], q["raw"]["p95"], ratio,
                          target])
    query_table = table(["graph", "store", "query", "rows", "kg.query p50 ms", "p95 ms",
                         "raw p50 ms", "raw p95 ms", "× raw (p50)", "target"], qrows)
    imports = next((r["imports_s"] for r in loads if "imports_s" in r), None)
    return "\n".join([
        f"## Graph load ({machine()})", "",
        "Each row is a fresh process. `× raw bulk`: load time over pyoxigraph `bulk_load` of the "
        "same file into the same kind of store (memory, or disk for `oxigraph:` and `disk`). "
        f"Import of kgqa.graph (not counted in load): {imports:.2f} s." if imports else "",
        "", load_table, "",
        "Loaders: " + "; ".join(f"`{k}` = {v}" for k, v in LOADERS.items()) + ".", "",
        "## SPARQL latency", "",
        "`kg.query` (policy check, limits, materialised rows) against raw pyoxigraph "
        "`Store.query` drained, on the same store in the same process; rdflib's own store for "
        "reference.", "", query_table, ""])


if __name__ == "__main__":
    main()
