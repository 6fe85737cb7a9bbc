"""What a durable, versioned update costs, and what a reading block costs a read.

Usage: ``.venv/bin/python bench/update_latency.py [--quick]``

Table 1: per-update latency of a two-operation update (``DELETE ...; INSERT DATA ...`` of four
triples) on the embedded graph: ``KnowledgeGraph.update`` with SHACL validation (what
``/sparql`` runs) and without, on ``memory`` and on ``oxigraph:DIR`` (which flushes to disk after
each commit), beside the same ``oxigraph:DIR`` graph with the flush switched off and raw
pyoxigraph ``Store.update`` on disk (the references).

Table 2: ``entity_view`` (several store reads inside one ``kg.reading()`` block) against the
same reads without the block, and the cost of entering and leaving an uncontended block.
"""

from __future__ import annotations

import argparse
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from measure import machine, save, summary, table, timed_runs  # noqa: E402

STEP = """PREFIX kg: <https://kgqa.dev/id/>
PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
PREFIX skos: <http://www.w3.org/2004/02/skos/core#>
DELETE {{ kg:BenchWidget ?p ?o }} WHERE {{ kg:BenchWidget ?p ?o }} ;
INSERT DATA {{ kg:BenchWidget rdfs:label "Bench Widget v{n}" ; skos:altLabel "Bench Widget" ;
  rdfs:comment "Made up for the benchmark, step v{n}." ; <https://example.org/b#step> {n} }}"""


def update_rows(runs: int, validated_runs: int) -> list[list]:
    import pyoxigraph as ox

    from kgqa import ontology
    from kgqa.graph import KnowledgeGraph

    rows = []
    counter = iter(range(1, 1 << 30))

    def bench(name, update, n_runs, note=""):
        ms = timed_runs(lambda: update(STEP.format(n=next(counter))), runs=n_runs,
                        budget_s=20, min_runs=min(5, n_runs), warmup=1)
        s = summary(ms)
        rows.append([name, s["n"], s["p50"], s["p95"], note])

    with tempfile.TemporaryDirectory(prefix="kgqa-bench-update-") as tmp:
        mem = KnowledgeGraph.default()
        disk = KnowledgeGraph.default(store=f"oxigraph:{tmp}/kg")
        bench("memory, validated", mem.update, validated_runs, "what /sparql runs")
        bench("oxigraph:DIR, validated + flush", disk.update, validated_runs, "what /sparql runs")
        bench("memory, not validated", lambda u: mem.update(u, validate=False), runs)
        bench("oxigraph:DIR, not validated + flush", lambda u: disk.update(u, validate=False),
              runs, "as committed")
        disk.store.sync = lambda: None   # the reference: the same commit without the flush
        bench("oxigraph:DIR, not validated, no flush", lambda u: disk.update(u, validate=False),
              runs, "reference")
        disk.close()
        raw = ox.Store(f"{tmp}/raw")
        for path in ontology.DEFAULT_GRAPH_FILES:
            raw.load(Path(path).read_bytes(), format=ox.RdfFormat.TURTLE)
        bench("raw pyoxigraph Store(DIR).update", raw.update, runs, "reference")
        del raw
    return rows


def reading_rows(runs: int) -> list[list]:
    from kgqa.graph import KnowledgeGraph
    from kgqa.graph import entity_view as ev

    kg = KnowledgeGraph.default()
    iri = "https://kgqa.dev/id/OpenAI"
    ev.entity_view(kg, iri)   # the label cache is built
    rows = []
    s = summary(timed_runs(lambda: ev.entity_view(kg, iri), runs=runs, budget_s=5))
    rows.append(["entity_view(OpenAI), in one reading() block", s["n"], s["p50"], s["p95"]])
    s = summary(timed_runs(lambda: ev._entity_view(kg, iri), runs=runs, budget_s=5))
    rows.append(["the same reads without the block (reference)", s["n"], s["p50"], s["p95"]])

    def enter_leave(n=1000):
        for _ in range(n):
            with kg.reading():
                pass
    s = summary(timed_runs(enter_leave, runs=runs, budget_s=3))
    rows.append(["1000 empty reading() blocks", s["n"], s["p50"], s["p95"]])
    return rows


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--quick", action="store_true", help="fewer runs (about a minute)")
    args = ap.parse_args()
    runs, validated = (30, 8) if args.quick else (200, 40)
    started = time.perf_counter()
    out = [f"Update latency ({machine()})", "",
           table(["configuration", "runs", "p50 ms", "p95 ms", "note"],
                 update_rows(runs, validated)), "",
           "Reads inside a reading() block", "",
           table(["read", "runs", "p50 ms", "p95 ms"], reading_rows(runs)), "",
           f"({time.perf_counter() - started:.0f} s)"]
    text = "\n".join(out)
    print(text)
    save("update_latency", text)
    return 0


if __name__ == "__main__":
    sys.exit(main())
