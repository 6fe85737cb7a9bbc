"""The same queries give the same results on every store: memory, oxigraph:PATH and sparql:URL.

The remote store talks to a real Oxigraph server started on 127.0.0.1 (conftest.oxigraph_server).
"""

from __future__ import annotations

import pytest

from kgqa import ontology
from kgqa.graph import GraphError, KnowledgeGraph, QueryError
from kgqa.graph.factory import open_store
from kgqa.settings import Settings

QUERIES = [
    # every investment with its amount, in a stable order
    """PREFIX kgqa: <https://kgqa.dev/ontology#>
       SELECT ?inv ?investor ?investee ?amount WHERE {
         ?inv a/<http://www.w3.org/2000/01/rdf-schema#subClassOf>* kgqa:Investment ;
              kgqa:investor ?investor ; kgqa:investee ?investee .
         OPTIONAL { ?inv kgqa:amount ?amount } } ORDER BY ?inv""",
    "SELECT ?c (COUNT(?s) AS ?n) WHERE { ?s a ?c } GROUP BY ?c ORDER BY ?c",
    """SELECT ?s ?l WHERE { ?s <http://www.w3.org/2000/01/rdf-schema#label> ?l
       FILTER(CONTAINS(LCASE(STR(?l)), "micro")) } ORDER BY ?s ?l""",
    "ASK { ?s <http://purl.org/dc/terms/source> ?src }",
    """CONSTRUCT { ?s <http://www.w3.org/2000/01/rdf-schema#label> ?l } WHERE {
       ?s <http://www.w3.org/2000/01/rdf-schema#label> ?l } """,
]


@pytest.fixture(scope="module")
def stores(kg, tmp_path_factory, oxigraph_server):
    disk = KnowledgeGraph.from_settings(Settings(store=f"oxigraph:{tmp_path_factory.mktemp('disk')}"))
    remote_store = open_store(f"sparql:{oxigraph_server}/query")
    for path in ontology.DEFAULT_GRAPH_FILES:
        remote_store.load(path.read_bytes(), _fmt(path), source=str(path))
    remote = KnowledgeGraph(remote_store)
    yield {"memory": kg, "oxigraph": disk, "sparql": remote}
    disk.close()
    remote.close()


def _fmt(path):
    from kgqa.graph import rdf_format

    return rdf_format(path)


def _canon(res):
    if res.kind == "select":
        return res.kind, res.variables, [tuple(sorted((k, str(v)) for k, v in r.items()))
                                         for r in res.rows]
    if res.kind == "ask":
        return res.kind, res.boolean
    return res.kind, sorted(tuple(map(str, t)) for t in res.triples)


@pytest.mark.server
@pytest.mark.parametrize("query", QUERIES)
def test_same_results_on_every_store(stores, query):
    results = {name: _canon(kg.query(query)) for name, kg in stores.items()}
    assert results["memory"] == results["oxigraph"] == results["sparql"]
    assert results["memory"][-1]  # non-empty: the default graph answers every query here


@pytest.mark.server
def test_every_store_holds_the_same_graph(stores):
    sizes = {name: len(kg) for name, kg in stores.items()}
    assert len(set(sizes.values())) == 1, sizes
    hashes = {name: kg.content_hash() for name, kg in stores.items()}
    assert len(set(hashes.values())) == 1, hashes


@pytest.mark.server
def test_remote_store_reports_syntax_errors_as_client_faults(stores):
    with pytest.raises(QueryError) as err:
        stores["sparql"].query("SELECT * WHERE { ?s ?p }")
    assert err.value.status == 400


def test_unreachable_endpoint_is_a_clear_server_side_error():
    from kgqa.graph.factory import open_store as open_

    kg = KnowledgeGraph(open_("sparql:http://127.0.0.1:9/query", timeout=2))
    with pytest.raises(GraphError) as err:
        kg.query("ASK {}")
    assert err.value.status == 502 and "127.0.0.1:9" in str(err.value)


def test_disk_store_persists_between_opens(tmp_path):
    spec = f"oxigraph:{tmp_path / 'db'}"
    first = KnowledgeGraph.from_settings(Settings(store=spec))
    n = len(first)
    first.update('INSERT DATA { <http://example.org/x> '
                 '<http://www.w3.org/2000/01/rdf-schema#label> "persisted" }', validate=False)
    first.close()
    del first
    again = KnowledgeGraph.from_settings(Settings(store=spec))
    assert len(again) == n + 1 and again.label("http://example.org/x") == "persisted"


def test_graph_files_load_once_into_a_disk_store(tmp_path):
    """A restart with the same --graph file keeps the updates made since (a deleted triple stays
    deleted); a changed file is loaded again."""
    data = tmp_path / "data.ttl"
    data.write_text('<http://example.org/a> <http://www.w3.org/2000/01/rdf-schema#label> "A" .\n'
                    '<http://example.org/b> <http://www.w3.org/2000/01/rdf-schema#label> "B" .\n')
    settings = Settings(store=f"oxigraph:{tmp_path / 'db'}", graph=(str(data),))
    first = KnowledgeGraph.from_settings(settings)
    first.update("DELETE DATA { <http://example.org/b> "
                 '<http://www.w3.org/2000/01/rdf-schema#label> "B" }', validate=False)
    first.close()
    del first
    again = KnowledgeGraph.from_settings(settings)
    assert len(again) == 1 and again.label("http://example.org/a") == "A"
    assert str(data) in again.sources
    again.close()
    del again
    data.write_text(data.read_text() +
                    '<http://example.org/c> <http://www.w3.org/2000/01/rdf-schema#label> "C" .\n')
    third = KnowledgeGraph.from_settings(settings)
    assert third.label("http://example.org/c") == "C" and len(third) == 3
