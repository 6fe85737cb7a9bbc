"""The graph layer on small graphs written here: loading, errors, limits, read-only, provenance."""

from __future__ import annotations

import json
import os
from pathlib import Path
import time

import pytest
import rdflib
import rdflib.compare

from kgqa.graph import (GraphError, KnowledgeGraph, ParseError, QueryError, QueryForbidden,
                        QueryTimeout, ValidationFailed)
from kgqa.graph.sparql import literal, mask, query_form

EX = "http://example.org/"
TTL = """
@prefix ex: <http://example.org/> .
@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .
@prefix skos: <http://www.w3.org/2004/02/skos/core#> .
@prefix dcterms: <http://purl.org/dc/terms/> .
ex:acme rdfs:label "Acme Corp" ; skos:altLabel "ACME" ; rdfs:comment "A maker of anvils." ;
    ex:supplies ex:roadrunnerco ; dcterms:source ex:doc1 .
ex:roadrunnerco rdfs:label "Road Runner Co" .
ex:doc1 dcterms:title "Anvil Quarterly" ; dcterms:date "2020-01-02" .
"""


@pytest.fixture()
def small(tmp_path) -> KnowledgeGraph:
    path = tmp_path / "small.ttl"
    path.write_text(TTL)
    return KnowledgeGraph.load([path])


@pytest.mark.parametrize("fmt,ext", [("nt", ".nt"), ("xml", ".rdf"), ("jsonld", ".jsonld"),
                                     ("trig", ".trig"), ("turtle", ".ttl")])
def test_loads_every_rdf_format_the_same(small, tmp_path, fmt, ext):
    path = tmp_path / f"copy{ext}"
    path.write_bytes(small.export(fmt))
    again = KnowledgeGraph.load([path])
    assert rdflib.compare.isomorphic(_as_rdflib(again), _as_rdflib(small))


def _as_rdflib(kg: KnowledgeGraph) -> rdflib.Graph:
    return rdflib.Graph().parse(data=kg.export("nt").decode(), format="nt")


def test_turtle_error_names_file_line_and_column(tmp_path):
    bad = tmp_path / "bad.ttl"
    bad.write_text("@prefix ex: <http://example.org/> .\nex:a ex:b ex:c .\nex:a ex:b .\n")
    with pytest.raises(ParseError) as err:
        KnowledgeGraph.load([bad])
    assert err.value.line == 3 and err.value.column
    assert "bad.ttl" in str(err.value) and "line 3" in str(err.value)
    assert err.value.status == 400


def test_a_failed_load_leaves_the_graph_unchanged(small, tmp_path):
    before = len(small)
    bad = tmp_path / "half.ttl"
    bad.write_text("<http://x/a> <http://x/b> <http://x/c> .\n<http://x/a> <http://x/b> .\n")
    with pytest.raises(ParseError):
        small.add_file(bad)
    assert len(small) == before


def test_missing_file_and_unknown_extension_are_client_errors(tmp_path):
    with pytest.raises(GraphError) as err:
        KnowledgeGraph.load([tmp_path / "nope.ttl"])
    assert err.value.status == 400 and "not found" in str(err.value)
    odd = tmp_path / "data.weird"
    odd.write_text("x")
    with pytest.raises(GraphError) as err:
        KnowledgeGraph.load([odd])
    assert ".ttl" in str(err.value)


def test_select_rows_are_rdflib_terms(small):
    res = small.query("SELECT ?l WHERE { <http://example.org/acme> "
                      "<http://www.w3.org/2000/01/rdf-schema#label> ?l }")
    assert res.kind == "select" and res.variables == ["l"]
    assert res.rows == [{"l": rdflib.Literal("Acme Corp")}]


@pytest.mark.parametrize("fmt", ["json", "xml", "csv", "tsv"])
def test_select_serialises_in_every_results_format(small, fmt):
    res = small.query("SELECT ?s ?l WHERE { ?s <http://www.w3.org/2000/01/rdf-schema#label> ?l }")
    data = res.serialize(fmt)
    if fmt == "json":
        doc = json.loads(data)
        assert doc["head"]["vars"] == ["s", "l"]
        assert {b["l"]["value"] for b in doc["results"]["bindings"]} == {"Acme Corp",
                                                                         "Road Runner Co"}
    else:
        assert b"Road Runner Co" in data


def test_construct_and_ask(small):
    res = small.query("CONSTRUCT { ?s ?p ?o } WHERE { ?s ?p ?o FILTER(?s = <http://example.org/acme>) }")
    assert res.kind == "construct" and len(res.triples) == 5
    g = rdflib.Graph().parse(data=res.serialize("turtle").decode(), format="turtle")
    assert len(g) == 5
    assert small.query("ASK { ?s <http://example.org/supplies> ?o }").boolean is True


def test_malformed_query_reports_position(small):
    with pytest.raises(QueryError) as err:
        small.query("SELECT * WHERE {\n  ?s ?p \n}")
    assert err.value.status == 400 and err.value.line == 3
    assert "line 3" in str(err.value)


@pytest.mark.parametrize("update", [
    "INSERT DATA { <http://x/a> <http://x/b> <http://x/c> }",
    "DELETE WHERE { ?s ?p ?o }",
    "# a comment\nPREFIX ex: <http://example.org/>\nDROP ALL",
    "LOAD <http://example.org/data.ttl>",
])
def test_reads_cannot_change_the_graph(small, update):
    before = small.content_hash()
    with pytest.raises(QueryError) as err:
        small.query(update)
    assert err.value.status in (400, 403)
    assert small.content_hash() == before


def test_service_is_refused_but_the_word_inside_a_literal_is_fine(small):
    with pytest.raises(QueryForbidden) as err:
        small.query("SELECT * WHERE { SERVICE <http://example.org/sparql> { ?s ?p ?o } }")
    assert "--allow-service" in str(err.value)
    res = small.query('SELECT * WHERE { ?s ?p "SERVICE <x> INSERT DATA" }')
    assert res.rows == []


def test_result_limit_truncates_and_flags(small):
    res = small.query("SELECT * WHERE { ?s ?p ?o }", limit=2)
    assert len(res.rows) == 2 and res.truncated
    assert not small.query("SELECT * WHERE { ?s ?p ?o }").truncated


def test_runaway_query_is_stopped_at_the_time_limit(tmp_path):
    path = tmp_path / "many.nt"
    path.write_text("".join(f"<http://x/{i}> <http://x/p> <http://x/{i + 1}> .\n"
                            for i in range(400)))
    kg = KnowledgeGraph.load([path], query_timeout=0.5)
    # Lazily evaluated: the limit is checked between rows, in this thread.
    with pytest.raises(QueryTimeout) as err:
        kg.query("SELECT * WHERE { ?a ?p ?b . ?c ?p ?d . ?e ?p ?f }", limit=10**9)
    assert err.value.status == 503 and "--query-timeout" in str(err.value)
    # Blocking (an aggregate over a filter that never matches): only a forked worker can stop it.
    started = time.monotonic()
    with pytest.raises(QueryTimeout):
        kg.query("SELECT (COUNT(*) AS ?n) WHERE { ?a ?p ?b . ?c ?p ?d . ?e ?p ?f "
                 "FILTER(STR(?b) = CONCAT(STR(?d), STR(?f))) }", isolate=True)
    assert time.monotonic() - started < 5
    # The graph still answers afterwards, isolated or not.
    assert kg.query("SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }", isolate=True).rows[0]["n"].value == 400


def test_isolated_queries_give_the_same_results(small):
    for q in ("SELECT ?s ?l WHERE { ?s <http://www.w3.org/2000/01/rdf-schema#label> ?l } ORDER BY ?l",
              "ASK { ?s ?p ?o }", "CONSTRUCT { ?s ?p ?o } WHERE { ?s ?p ?o }"):
        a, b = small.query(q), small.query(q, isolate=True)
        assert (a.kind, a.rows, a.boolean, set(a.triples)) == (b.kind, b.rows, b.boolean, set(b.triples))
    with pytest.raises(QueryError) as err:
        small.query("SELECT * WHERE { ?s ?p }", isolate=True)
    assert err.value.line == 1


def test_update_is_validated_and_refused_when_it_breaks_the_shapes(tmp_path):
    shapes = tmp_path / "shapes.ttl"
    shapes.write_text("""
@prefix sh: <http://www.w3.org/ns/shacl#> .
@prefix ex: <http://example.org/> .
@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .
ex:ThingShape a sh:NodeShape ; sh:targetClass ex:Thing ;
  sh:property [ sh:path rdfs:label ; sh:minCount 1 ; sh:message "every thing needs a label" ] .
""")
    data = tmp_path / "d.ttl"
    data.write_text("<http://example.org/t1> a <http://example.org/Thing> ; "
                    "<http://www.w3.org/2000/01/rdf-schema#label> \"one\" .")
    kg = KnowledgeGraph.load([data], shapes=[shapes])
    before = kg.content_hash()
    with pytest.raises(ValidationFailed) as err:
        kg.update("INSERT DATA { <http://example.org/t2> a <http://example.org/Thing> }")
    assert "every thing needs a label" in str(err.value)
    assert kg.content_hash() == before
    kg.update('INSERT DATA { <http://example.org/t2> a <http://example.org/Thing> ; '
              '<http://www.w3.org/2000/01/rdf-schema#label> "two" }')
    assert kg.content_hash() != before and kg.label("http://example.org/t2") == "two"


def test_labels_aliases_and_search(small):
    assert small.label(EX + "acme") == "Acme Corp"
    assert small.labels(EX + "acme") == ["Acme Corp", "ACME"]
    assert small.comment(EX + "acme") == "A maker of anvils."
    hits = small.search_entities("acm")
    assert hits and hits[0][0].iri == EX + "acme"
    typo = small.search_entities("Road Runer")
    assert typo and typo[0][0].iri == EX + "roadrunnerco"


def test_provenance_falls_back_to_the_subjects_source(small):
    [src] = small.provenance(EX + "acme", EX + "supplies", EX + "roadrunnerco")
    assert src.title == "Anvil Quarterly" and src.date == "2020-01-02"


def test_network_projection_and_paths(small):
    import networkx as nx

    net = small.network()
    assert net.has_edge(EX + "acme", EX + "roadrunnerco")
    assert not net.has_node(EX + "doc1")  # provenance links are not relations between entities
    assert nx.shortest_path(net.to_undirected(as_view=True), EX + "roadrunnerco", EX + "acme")


def test_content_hash_ignores_order(tmp_path):
    lines = [f"<http://x/{i}> <http://x/p> \"{i}\" .\n" for i in range(50)]
    a, b = tmp_path / "a.nt", tmp_path / "b.nt"
    a.write_text("".join(lines))
    b.write_text("".join(reversed(lines)))
    assert KnowledgeGraph.load([a]).content_hash() == KnowledgeGraph.load([b]).content_hash()


def test_unknown_store_spec_names_the_accepted_forms():
    from kgqa.errors import SettingsError

    with pytest.raises(SettingsError) as err:
        KnowledgeGraph.load([], store="postgres:x")
    assert "oxigraph:PATH" in str(err.value) and err.value.status == 400


def test_sparql_string_escaping_cannot_break_out():
    nasty = 'x" } ; DROP ALL ; SELECT * { "\n\\'
    text = f"SELECT * WHERE {{ ?s ?p {literal(nasty)} }}"
    assert query_form(text) == "SELECT"
    assert "DROP" not in mask(text)


def test_worker_pool_stops_runaway_queries_and_follows_updates(tmp_path):
    path = tmp_path / "many.nt"
    path.write_text("".join(f"<http://x/{i}> <http://x/p> <http://x/{i + 1}> .\n"
                            for i in range(400)))
    kg = KnowledgeGraph.load([path], query_timeout=0.5)
    kg.start_workers(2)
    try:
        count = "SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }"
        assert kg.query(count, isolate=True).rows[0]["n"].value == 400
        with pytest.raises(QueryTimeout):
            kg.query("SELECT (COUNT(*) AS ?n) WHERE { ?a ?p ?b . ?c ?p ?d . ?e ?p ?f "
                     "FILTER(STR(?b) = CONCAT(STR(?d), STR(?f))) }", isolate=True)
        kg.update("INSERT DATA { <http://x/new> <http://x/p> <http://x/0> }", validate=False)
        for _ in range(3):  # every worker, old or re-forked, sees the new triple
            assert kg.query(count, isolate=True).rows[0]["n"].value == 401
    finally:
        kg.close()


def test_workers_of_a_store_on_disk_are_programs_reading_checkpoints(tmp_path):
    # Forking a process whose RocksDB threads may hold a mutex can leave the child waiting on
    # it for ever; an on-disk store's workers are started with exec and read checkpoints.
    path = tmp_path / "many.nt"
    path.write_text("".join(f"<http://x/{i}> <http://x/p> <http://x/{i + 1}> .\n"
                            for i in range(400)))
    kg = KnowledgeGraph.load([path], store=f"oxigraph:{tmp_path / 'store'}", query_timeout=0.5)
    kg.start_workers(2)
    folder = tmp_path / "store" / "kgqa-checkpoints"
    try:
        pids = [slot.worker.pid for slot in kg._pool._idle]
        for pid in pids:
            assert b"kgqa.graph.query_worker" in Path(f"/proc/{pid}/cmdline").read_bytes()
        count = "SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }"
        assert kg.query(count, isolate=True).rows[0]["n"].value == 400
        with pytest.raises(QueryTimeout):
            kg.query("SELECT (COUNT(*) AS ?n) WHERE { ?a ?p ?b . ?c ?p ?d . ?e ?p ?f "
                     "FILTER(STR(?b) = CONCAT(STR(?d), STR(?f))) }", isolate=True)
        assert sum(Path(f"/proc/{pid}").exists() for pid in pids) == 1  # the runaway's is gone
        for i in range(3):
            kg.update(f"INSERT DATA {{ <http://x/n{i}> <http://x/p> <http://x/0> }}",
                      validate=False)
            for _ in range(3):  # every worker, switched or restarted, reads the new version
                assert kg.query(count, isolate=True).rows[0]["n"].value == 401 + i
        assert len(list(folder.iterdir())) <= 2  # old versions' checkpoints are deleted
    finally:
        kg.close()
    assert not folder.exists()


@pytest.mark.skipif(not hasattr(os, "sched_getscheduler"), reason="Linux scheduling policy")
def test_query_workers_do_not_preempt_the_process_that_hands_them_work(tmp_path):
    # SCHED_BATCH: a query handed over a pipe waits for a free core instead of preempting the
    # event loop that wrote it; the workers still answer, and re-forked ones get it too.
    path = tmp_path / "few.nt"
    path.write_text("<http://x/a> <http://x/p> <http://x/b> .\n")
    kg = KnowledgeGraph.load([path])
    kg.start_workers(2)
    try:
        assert kg.query("ASK { ?s ?p ?o }", isolate=True).boolean is True
        kg.update("INSERT DATA { <http://x/b> <http://x/p> <http://x/c> }", validate=False)
        assert kg.query("SELECT * WHERE { ?s ?p ?o }", isolate=True).rows
        pids = [slot.worker.pid for slot in kg._pool._idle if slot.worker is not None]
        assert pids
        assert all(os.sched_getscheduler(pid) == os.SCHED_BATCH for pid in pids)
        assert os.sched_getscheduler(0) != os.SCHED_BATCH  # the parent keeps its own policy
    finally:
        kg.close()


def test_query_workers_keep_the_collector_off_the_heap_they_inherit():
    # A forked worker's full collections walked the server's whole heap (~50 ms each, every few
    # hundred queries, with every request queued behind it): workers freeze what they start
    # with, so a collection sees only their own new objects. The parent is left as it is.
    import gc

    from kgqa.graph.isolation import WorkerPool, run_forked

    kept = [{"n": i} for i in range(50_000)]  # a heap worth freezing
    frozen_before = gc.get_freeze_count()
    pool = WorkerPool(lambda request: gc.get_freeze_count(), size=1)
    try:
        in_worker = pool.call(None, 10, TimeoutError)
    finally:
        pool.close()
    one_shot = run_forked(gc.get_freeze_count, 10, TimeoutError)
    assert in_worker >= len(kept) and one_shot >= len(kept)
    assert gc.get_freeze_count() == frozen_before


def test_a_failed_bulk_load_into_an_empty_store_leaves_it_empty(tmp_path):
    from kgqa.graph.store import BULK_BYTES

    good = "".join(f"<http://x/{i}> <http://x/p> \"{i}\" .\n" for i in range(BULK_BYTES // 30))
    bad = tmp_path / "big.nt"
    bad.write_text(good + "<http://x/broken> <http://x/p> .\n")
    kg = KnowledgeGraph(__import__("kgqa.graph.factory", fromlist=["open_store"]).open_store("memory"))
    with pytest.raises(ParseError) as err:
        kg.add_file(bad)
    assert err.value.line and len(kg) == 0


# --- the protocol's using-graph-uri / using-named-graph-uri on updates -----------------------

USING_TRIG = f"""
<{EX}g1> {{ <{EX}a> <{EX}p> "in g1" . }}
<{EX}g2> {{ <{EX}b> <{EX}p> "in g2" . }}
"""
COPY_TO_OUT = (f'INSERT {{ GRAPH <{EX}out> {{ ?s <{EX}seen> ?v }} }} '
               f'WHERE {{ ?s <{EX}p> ?v }}')


@pytest.fixture()
def two_graphs(tmp_path) -> KnowledgeGraph:
    path = tmp_path / "two.trig"
    path.write_text(USING_TRIG)
    return KnowledgeGraph.load([str(path)])


def copied(kg) -> set[str]:
    res = kg.query(f"SELECT ?v WHERE {{ GRAPH <{EX}out> {{ ?s <{EX}seen> ?v }} }}")
    return {str(r["v"]) for r in res.rows}


def test_using_graph_uri_sets_the_where_default_graph(two_graphs):
    two_graphs.update(COPY_TO_OUT, using_graph_uris=[EX + "g2"])
    assert copied(two_graphs) == {"in g2"}


def test_using_applies_to_every_operation_with_a_where(two_graphs):
    # A WHERE inside a string, an IRI or a comment is not an operation's WHERE.
    update = (f'INSERT DATA {{ GRAPH <{EX}x> {{ <{EX}WHERE> <{EX}p> "WHERE" }} }} ; # WHERE\n'
              + COPY_TO_OUT + " ;\n" + COPY_TO_OUT.replace("seen", "again"))
    two_graphs.update(update, using_graph_uris=[EX + "g1", EX + "g2"])
    assert copied(two_graphs) == {"in g1", "in g2"}
    again = two_graphs.query(f"SELECT ?v {{ GRAPH <{EX}out> {{ ?s <{EX}again> ?v }} }}")
    assert {str(r["v"]) for r in again.rows} == {"in g1", "in g2"}


def test_using_works_for_delete_and_insert_templates(two_graphs):
    two_graphs.update(COPY_TO_OUT, using_graph_uris=[EX + "g1", EX + "g2"])
    # DELETE { } WHERE (not the DELETE WHERE shorthand), with an INSERT between.
    two_graphs.update(f'DELETE {{ GRAPH <{EX}out> {{ ?s <{EX}seen> ?v }} }} '
                      f'INSERT {{ GRAPH <{EX}out> {{ ?s <{EX}seen> "moved" }} }} '
                      f'WHERE {{ ?s <{EX}p> ?v }}', using_graph_uris=[EX + "g1"])
    assert copied(two_graphs) == {"in g2", "moved"}
    two_graphs.update(f'DELETE {{ GRAPH <{EX}out> {{ ?s <{EX}seen> ?v }} }}\n'
                      f'WHERE {{ GRAPH <{EX}out> {{ ?s <{EX}seen> ?v }} }}',
                      using_named_graph_uris=[EX + "out"])
    assert copied(two_graphs) == set()


def test_without_using_the_where_sees_the_store_default_graph(two_graphs):
    two_graphs.update(COPY_TO_OUT)  # the default graph of this store is empty
    assert copied(two_graphs) == set()


@pytest.mark.parametrize("update", [
    f"WITH <{EX}g1> INSERT {{ ?s <{EX}q> 1 }} WHERE {{ ?s ?p ?o }}",
    f"INSERT {{ ?s <{EX}q> 1 }} USING <{EX}g1> WHERE {{ ?s ?p ?o }}",
    f"DELETE WHERE {{ ?s <{EX}p> ?o }}",
])
def test_using_parameters_refuse_what_they_cannot_join(two_graphs, update):
    before = two_graphs.content_hash()
    with pytest.raises(QueryError) as err:
        two_graphs.update(update, using_named_graph_uris=[EX + "g1"])
    assert err.value.status == 400 and err.value.code == "bad_dataset"
    assert two_graphs.content_hash() == before


def test_a_using_value_must_be_an_iri(two_graphs):
    with pytest.raises(QueryError) as err:
        two_graphs.update(COPY_TO_OUT, using_graph_uris=["not an iri> } DROP ALL"])
    assert err.value.code == "bad_dataset" and len(two_graphs) == 2
