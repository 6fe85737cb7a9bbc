"""SPARQLWrapper, a standard SPARQL client, against the real server over TCP."""

from __future__ import annotations

from urllib.error import HTTPError

import pytest
from rdflib import Graph, URIRef
from SPARQLWrapper import CSV, JSON, POST, TURTLE, XML, SPARQLWrapper
from SPARQLWrapper.SPARQLExceptions import QueryBadFormed

pytest_plugins = ["live_server"]
pytestmark = pytest.mark.server

LABELS = ("PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#> "
          "SELECT ?s ?label WHERE { ?s rdfs:label ?label } ORDER BY ?s ?label LIMIT 10")


@pytest.fixture
def endpoint(live_server) -> SPARQLWrapper:
    return SPARQLWrapper(live_server.url + "/sparql")


def test_select_json(endpoint, kg):
    endpoint.setQuery(LABELS)
    endpoint.setReturnFormat(JSON)
    result = endpoint.query().convert()
    assert result["head"]["vars"] == ["s", "label"]
    got = [(b["s"]["value"], b["label"]["value"]) for b in result["results"]["bindings"]]
    expected = [(str(r["s"]), str(r["label"])) for r in kg.query(LABELS).rows]
    assert got == expected and len(got) == 10


def test_select_xml_over_post(endpoint):
    endpoint.setQuery(LABELS)
    endpoint.setMethod(POST)
    endpoint.setReturnFormat(XML)
    doc = endpoint.query().convert()  # an xml.dom.minidom Document
    assert len(doc.getElementsByTagName("result")) == 10


def test_select_csv(endpoint):
    endpoint.setQuery(LABELS)
    endpoint.setReturnFormat(CSV)
    text = endpoint.query().convert().decode()
    lines = text.strip().splitlines()
    assert lines[0].strip() == "s,label" and len(lines) == 11


def test_ask(endpoint, kg):
    iri = next(iter(kg.entities())).iri
    endpoint.setReturnFormat(JSON)
    endpoint.setQuery(f"ASK {{ <{iri}> ?p ?o }}")
    assert endpoint.query().convert()["boolean"] is True
    endpoint.setQuery("ASK { <urn:kgqa:test:absent> ?p ?o }")
    assert endpoint.query().convert()["boolean"] is False


def test_construct_turtle(endpoint, kg):
    iri = URIRef(next(iter(kg.entities())).iri)
    endpoint.setQuery(f"CONSTRUCT {{ <{iri}> ?p ?o }} WHERE {{ <{iri}> ?p ?o }}")
    endpoint.setReturnFormat(TURTLE)
    data = endpoint.query().convert()
    g = Graph().parse(data=data, format="turtle")
    assert set(g) == set(kg.triples(s=iri))


def test_malformed_query_raises_query_bad_formed(endpoint):
    endpoint.setQuery("SELECT ?s WHERE { ?s ?p ")
    endpoint.setReturnFormat(JSON)
    with pytest.raises(QueryBadFormed, match="line 1"):
        endpoint.query()


def test_update_is_refused_on_a_read_only_server(live_server):
    client = SPARQLWrapper(live_server.url + "/sparql")
    client.setMethod(POST)
    client.setQuery("INSERT DATA { <urn:a> <urn:b> <urn:c> }")
    with pytest.raises(HTTPError) as info:
        client.query()
    assert info.value.code == 403
