"""One request reads one version of the graph, while updates commit.

A writer replaces one made-up entity's label, comment and a value with the same counter, one
SHACL-validated update per counter; reader threads ask the QA engine, run SPARQL queries (in the
forked workers ``/sparql`` uses) and build entity views (``/api/entity``) meanwhile. A read that
mixed two versions would show two counters.
"""

from __future__ import annotations

import json
import re
import threading
import time

import pytest

from kgqa.graph import KnowledgeGraph
from kgqa.graph.entity_view import entity_view
from kgqa.qa import QAEngine

UPDATES = 8
WIDGET = "https://kgqa.dev/id/TestWidgetCo"
STEP = """PREFIX kg: <https://kgqa.dev/id/>
PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
PREFIX skos: <http://www.w3.org/2004/02/skos/core#>
PREFIX t: <https://example.org/test#>
DELETE {{ kg:TestWidgetCo ?p ?o }} WHERE {{ kg:TestWidgetCo ?p ?o }} ;
INSERT DATA {{ kg:TestWidgetCo rdfs:label "Test Widget Co v{n}" ; skos:altLabel "Test Widget Co" ;
  rdfs:comment "Made up for test step v{n}." ; t:step "v{n}" }}"""
READ = """PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
SELECT ?label ?comment ?step WHERE {
  <https://kgqa.dev/id/TestWidgetCo> rdfs:label ?label ; rdfs:comment ?comment ;
  <https://example.org/test#step> ?step }"""


def counters(value) -> set[int]:
    """The counters a result shows ("v3" in labels, comments and values)."""
    return {int(n) for n in re.findall(r"\bv(\d+)\b", json.dumps(value, default=str))}


def sparql_read(kg):
    res = kg.query(READ, isolate=True)
    return [{k: str(v) for k, v in row.items()} for row in res.rows]


def test_every_read_sees_one_version_while_updates_commit(settings, engine):
    kg = KnowledgeGraph.default()
    kg.update(STEP.format(n=0))
    kg.start_workers(2)
    eng = QAEngine(kg, settings)
    eng.embedder = engine.embedder   # the loaded model; the engine's state is its own
    eng.warm()
    acked = [0]                      # the last counter whose update returned
    done = threading.Event()
    seen: dict[str, list] = {"ask": [], "compound": [], "sparql": [], "entity": []}
    errors: list[BaseException] = []

    readers = {
        "ask": lambda: eng.ask("What is Test Widget Co?").to_dict(),
        # Two questions in one: each half is answered in turn, from the same snapshot.
        "compound": lambda: eng.ask("What is Test Widget Co and what is its step?").to_dict(),
        "sparql": lambda: sparql_read(kg),
        "entity": lambda: entity_view(kg, WIDGET),
    }

    def read(name):
        try:
            while not done.is_set():
                floor = acked[0]
                got = readers[name]()
                seen[name].append((floor, counters(got), got))
        except BaseException as exc:  # noqa: BLE001 - reported by the main thread
            errors.append(exc)

    def caught_up(n):
        """Every reader has finished a read it began after update n returned."""
        return all(any(floor >= n for floor, _, _ in results) for results in seen.values())

    def write():
        try:
            for n in range(1, UPDATES + 1):
                kg.update(STEP.format(n=n))
                acked[0] = n
                # Paced by the slowest reader, so that every reader sees several versions
                # however long one read takes (a compound ask is the slowest); the next update
                # then commits while the readers are mid-read.
                deadline = time.monotonic() + 60
                while not caught_up(n) and not errors and time.monotonic() < deadline:
                    time.sleep(0.01)
        except BaseException as exc:  # noqa: BLE001
            errors.append(exc)
        finally:
            done.set()

    threads = [threading.Thread(target=read, args=(name,)) for name in readers]
    threads.append(threading.Thread(target=write))
    try:
        for t in threads:
            t.start()
        for t in threads:
            t.join(timeout=300)
    finally:
        done.set()
        kg.close()
    assert not errors, errors
    assert acked[0] == UPDATES
    for name, results in seen.items():
        assert len(results) >= 3, f"{name}: too few reads during the updates ({len(results)})"
        versions = set()
        for floor, found, got in results:
            assert len(found) == 1, f"{name} mixed versions {sorted(found)}: {got}"
            (n,) = found
            # A read started after update n returned never sees an older version.
            assert n >= floor, f"{name} read v{n} after v{floor} was acknowledged"
            versions.add(n)
        assert len(versions) >= 2, f"{name} saw only {versions}: the reads did not overlap"


def test_an_update_inside_a_reading_block_is_refused():
    kg = KnowledgeGraph.default()
    from kgqa.graph import GraphError

    with kg.reading():
        with pytest.raises(GraphError, match="inside kg.reading"):
            kg.update(STEP.format(n=1))
    kg.update(STEP.format(n=1))   # outside the block it commits
    assert counters(sparql_read(kg)) == {1}


def test_a_reading_block_holds_an_update_until_it_ends():
    kg = KnowledgeGraph.default()
    kg.update(STEP.format(n=1))
    committed = threading.Event()
    writer = threading.Thread(target=lambda: (kg.update(STEP.format(n=2)), committed.set()))
    with kg.reading():
        before = kg.version
        writer.start()
        deadline = time.monotonic() + 60
        while not kg._rw._waiting and time.monotonic() < deadline:
            time.sleep(0.01)     # validation runs beside the block; then the commit waits
        assert kg._rw._waiting == 1, "the update never came to commit"
        time.sleep(0.3)
        assert not committed.is_set()
        assert kg.version == before
        assert counters(entity_view(kg, WIDGET)) == {1}
    writer.join(timeout=30)
    assert committed.is_set() and kg.version == before + 1
    assert counters(entity_view(kg, WIDGET)) == {2}


def test_a_triples_iterator_reads_the_version_it_was_taken_at():
    """Long passes (the QA facts, the label cache) read an iterator, not a block: the commit
    does not wait for them and they still see one version."""
    from rdflib import URIRef

    kg = KnowledgeGraph.default()
    kg.update(STEP.format(n=1))
    triples = kg.triples(s=URIRef(WIDGET))
    kg.update(STEP.format(n=2))
    assert counters([str(o) for _, _, o in triples]) == {1}
    assert counters([str(o) for _, _, o in kg.triples(s=URIRef(WIDGET))]) == {2}
