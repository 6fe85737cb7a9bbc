"""The /sparql endpoint over the embedded graph, in-process through httpx.

Results are parsed (JSON, XML, CSV, TSV; RDF with rdflib) and compared with what the graph
itself answers, so the tests check meaning rather than bytes. Every read test also checks that
the graph did not change.
"""

from __future__ import annotations

import re
import time
from urllib.parse import urlencode

import anyio
import httpx
import pytest
from fastapi.testclient import TestClient
from rdflib import Graph, Namespace, URIRef
from rdflib.compare import isomorphic
from rdflib.namespace import RDF

from kgqa.graph import KnowledgeGraph
from kgqa.service.app import create_app
from sparql_results import (heavy_query, parse_csv, parse_json, parse_tsv, parse_xml,
                            rows_as_set, term_pair)

SD = Namespace("http://www.w3.org/ns/sparql-service-description#")
FORMATS = Namespace("http://www.w3.org/ns/formats/")

SELECT = ("PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#> "
          "SELECT ?s ?label WHERE { ?s rdfs:label ?label } ORDER BY ?s ?label LIMIT 25")
CONSTRUCT = ("PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#> "
             "CONSTRUCT { ?s rdfs:label ?label } WHERE { ?s rdfs:label ?label } LIMIT 40")
# An aggregate over a cross product: ~10 s of work that yields nothing until it is done.
QUICK = "SELECT ?s WHERE { ?s ?p ?o } LIMIT 1"
HEAVY = heavy_query(400)


def graph_fingerprint(kg) -> tuple[int, str]:
    return (sum(1 for _ in kg.triples()), kg.content_hash())


@pytest.fixture(scope="module")
def make_client(kg, settings, engine):
    """Clients over the session graph; keyword arguments change settings for that app only."""
    clients = []

    def make(**changes) -> TestClient:
        app = create_app(settings.replace(**changes), kg=kg, engine=engine, mount_ui=False)
        client = TestClient(app, raise_server_exceptions=False)
        clients.append(client)
        return client

    yield make
    for c in clients:
        c.close()


@pytest.fixture(scope="module")
def client(make_client) -> TestClient:
    return make_client()


@pytest.fixture(autouse=True)
def read_only(kg):
    """Every test here is a read: the graph must be exactly as before."""
    before = graph_fingerprint(kg)
    yield
    assert graph_fingerprint(kg) == before, "a read request changed the graph"


def expected_rows(kg, query: str) -> list[dict]:
    """What the graph itself answers, as (kind, value) rows."""
    return [{v: term_pair(t) for v, t in row.items() if t is not None}
            for row in kg.query(query).rows]


def assert_error(resp: httpx.Response, status: int, *words: str) -> dict:
    assert resp.status_code == status, resp.text
    assert resp.headers["content-type"].startswith("application/json")
    body = resp.json()
    assert set(body) == {"error"} and {"code", "message"} <= set(body["error"])
    for word in words:
        assert word.lower() in body["error"]["message"].lower(), body
    return body["error"]


# --- query forms and result formats -------------------------------------------------------

def test_get_select_defaults_to_sparql_json(client, kg):
    resp = client.get("/sparql", params={"query": SELECT})
    assert resp.status_code == 200
    assert resp.headers["content-type"].startswith("application/sparql-results+json")
    variables, rows = parse_json(resp.content)
    assert variables == ["s", "label"]
    assert len(rows) == 25
    assert rows_as_set(rows) == rows_as_set(expected_rows(kg, SELECT))


@pytest.mark.parametrize("accept,media,parse,kinds", [
    ("application/sparql-results+json", "application/sparql-results+json", parse_json, True),
    ("application/sparql-results+xml", "application/sparql-results+xml", parse_xml, True),
    ("text/csv", "text/csv", parse_csv, False),
    ("text/tab-separated-values", "text/tab-separated-values", parse_tsv, True),
])
def test_select_in_every_result_format(client, kg, accept, media, parse, kinds):
    resp = client.get("/sparql", params={"query": SELECT}, headers={"Accept": accept})
    assert resp.status_code == 200, resp.text
    assert resp.headers["content-type"].split(";")[0] == media
    assert "accept" in resp.headers.get("vary", "").lower()
    variables, rows = parse(resp.content)
    assert variables == ["s", "label"]
    assert len(rows) == 25
    assert rows_as_set(rows, kinds) == rows_as_set(expected_rows(kg, SELECT), kinds)


@pytest.mark.parametrize("accept,parse", [
    ("application/sparql-results+json", parse_json),
    ("application/sparql-results+xml", parse_xml),
])
def test_ask_true_and_false(client, kg, accept, parse):
    some_iri = str(next(iter(kg.entities())).iri)
    yes = client.get("/sparql", params={"query": f"ASK {{ <{some_iri}> ?p ?o }}"},
                     headers={"Accept": accept})
    no = client.get("/sparql", params={"query": "ASK { <urn:kgqa:test:absent> ?p ?o }"},
                    headers={"Accept": accept})
    assert yes.status_code == no.status_code == 200
    assert parse(yes.content) is True
    assert parse(no.content) is False


@pytest.mark.parametrize("accept,media,rdflib_format", [
    (None, "text/turtle", "turtle"),
    ("text/turtle", "text/turtle", "turtle"),
    ("application/n-triples", "application/n-triples", "nt"),
    ("application/ld+json", "application/ld+json", "json-ld"),
    ("application/rdf+xml", "application/rdf+xml", "xml"),
])
def test_construct_in_every_rdf_format(client, kg, accept, media, rdflib_format):
    headers = {"Accept": accept} if accept else {}
    resp = client.post("/sparql", content=CONSTRUCT.encode(),
                       headers={"Content-Type": "application/sparql-query", **headers})
    assert resp.status_code == 200, resp.text
    assert resp.headers["content-type"].split(";")[0] == media
    got = Graph().parse(data=resp.content, format=rdflib_format)
    expected = Graph()
    for triple in kg.query(CONSTRUCT).triples:
        expected.add(triple)
    assert len(got) == len(expected) > 0
    assert isomorphic(got, expected)


def test_describe_returns_the_resource_triples(client, kg):
    entity = next(iter(kg.entities()))
    resp = client.get("/sparql", params={"query": f"DESCRIBE <{entity.iri}>"})
    assert resp.status_code == 200
    assert resp.headers["content-type"].startswith("text/turtle")
    got = Graph().parse(data=resp.content, format="turtle")
    subject = URIRef(str(entity.iri))
    assert set(got.predicate_objects(subject)) == {(p, o) for _, p, o in kg.triples(s=subject)}


def test_post_form_and_direct_give_the_same_result_as_get(client):
    via_get = parse_json(client.get("/sparql", params={"query": SELECT}).content)
    via_form = client.post("/sparql", data={"query": SELECT})
    via_direct = client.post("/sparql", content=SELECT.encode(),
                             headers={"Content-Type": "application/sparql-query; charset=utf-8"})
    assert via_form.status_code == via_direct.status_code == 200
    assert parse_json(via_form.content) == parse_json(via_direct.content) == via_get


def test_format_parameter_overrides_accept(client):
    resp = client.get("/sparql", params={"query": SELECT, "format": "csv"},
                      headers={"Accept": "application/sparql-results+json"})
    assert resp.headers["content-type"].startswith("text/csv")


# --- content negotiation -------------------------------------------------------------------

@pytest.mark.parametrize("accept,media", [
    ("application/sparql-results+xml;q=0.5, text/csv", "text/csv"),
    ("text/csv;q=0.2, text/tab-separated-values;q=0.9", "text/tab-separated-values"),
    ("text/csv;q=0, */*;q=0.1", "application/sparql-results+json"),
    ("text/*", "text/csv"),
    ("application/json", "application/sparql-results+json"),
    ("*/*", "application/sparql-results+json"),
])
def test_q_values_pick_the_format(client, accept, media):
    resp = client.get("/sparql", params={"query": SELECT}, headers={"Accept": accept})
    assert resp.status_code == 200
    assert resp.headers["content-type"].split(";")[0] == media


@pytest.mark.parametrize("query,accept", [
    (SELECT, "image/png"),
    (SELECT, "text/turtle"),
    (CONSTRUCT, "application/sparql-results+json"),
    ("ASK {}", "text/csv"),  # SPARQL CSV has no boolean form
])
def test_unacceptable_format_is_406(client, query, accept):
    resp = client.get("/sparql", params={"query": query}, headers={"Accept": accept})
    err = assert_error(resp, 406, accept.split(";")[0])
    assert err["code"] == "not_acceptable"


# --- service description --------------------------------------------------------------------

def test_get_without_query_returns_service_description(client, kg):
    resp = client.get("/sparql")
    assert resp.status_code == 200
    assert resp.headers["content-type"].startswith("text/turtle")
    g = Graph().parse(data=resp.content, format="turtle")
    service = g.value(predicate=RDF.type, object=SD.Service)
    assert service is not None
    assert g.value(service, SD.endpoint) == URIRef("http://testserver/sparql")
    assert (service, SD.supportedLanguage, SD.SPARQL11Query) in g
    assert (service, SD.supportedLanguage, SD.SPARQL11Update) not in g  # read-only by default
    formats = set(g.objects(service, SD.resultFormat))
    assert {FORMATS.SPARQL_Results_JSON, FORMATS.SPARQL_Results_XML, FORMATS.SPARQL_Results_CSV,
            FORMATS.SPARQL_Results_TSV, FORMATS.Turtle} <= formats
    default_graph = g.value(g.value(service, SD.defaultDataset), SD.defaultGraph)
    triples = g.value(default_graph, URIRef("http://rdfs.org/ns/void#triples"))
    assert int(triples) == sum(1 for _ in kg.triples())


def test_service_description_in_ntriples(client):
    resp = client.get("/sparql", headers={"Accept": "application/n-triples"})
    g = Graph().parse(data=resp.content, format="nt")
    assert g.value(predicate=RDF.type, object=SD.Service) is not None


# --- malformed requests ------------------------------------------------------------------------

def test_malformed_query_is_400_with_position(client):
    resp = client.get("/sparql", params={"query": "SELECT ?s WHERE { ?s ?p }"})
    err = assert_error(resp, 400)
    assert err["code"] == "sparql_syntax_error"
    assert re.search(r"line \d+, column \d+", err["message"]), err["message"]


@pytest.mark.parametrize("request_kwargs,status,word", [
    (dict(method="GET", url="/sparql?query=ASK%7B%7D&query=ASK%7B%7D"), 400, "exactly one"),
    (dict(method="GET", url="/sparql?update=CLEAR%20ALL"), 400, "POST"),
    (dict(method="POST", url="/sparql", content=b"ASK {}",
          headers={"Content-Type": "text/plain"}), 415, "application/sparql-query"),
    (dict(method="POST", url="/sparql", content=b"ASK {}"), 415, "Content-Type"),
    (dict(method="POST", url="/sparql", content="ASK {}".encode("utf-16"),
          headers={"Content-Type": "application/sparql-query; charset=UTF-16"}), 415, "UTF-8"),
    (dict(method="POST", url="/sparql", content=b"ASK { \xff }",
          headers={"Content-Type": "application/sparql-query"}), 400, "UTF-8"),
    (dict(method="POST", url="/sparql", content=b"",
          headers={"Content-Type": "application/sparql-query"}), 400, "empty"),
    (dict(method="POST", url="/sparql", data={"nothing": "here"}), 400, "query"),
    (dict(method="PUT", url="/sparql", content=b"ASK {}"), 405, "GET"),
    (dict(method="DELETE", url="/sparql"), 405, "POST"),
])
def test_protocol_violations_are_4xx(client, request_kwargs, status, word):
    resp = client.request(**request_kwargs)
    assert_error(resp, status, word)


# --- encodings --------------------------------------------------------------------------------

# SELECT ("\xff\xfe\xc3(" AS ?x) {}: bytes that no UTF-8 text has, percent-encoded.
BAD_UTF8_QUERY = "SELECT%20(%22%FF%FE%C3%28%22%20AS%20%3Fx)%20%7B%7D"


@pytest.mark.parametrize("request_kwargs,word", [
    (dict(method="GET", url="/sparql?query=" + BAD_UTF8_QUERY), "'query'"),
    (dict(method="GET", url="/sparql?query=ASK%7B%7D&default-graph-uri=http%3A%2F%2Fx.org%2F%FF"),
     "'default-graph-uri'"),
    (dict(method="GET", url="/sparql?query=ASK%7B%7D&format=%C3"), "'format'"),
    (dict(method="GET", url="/sparql?qu%FFery=ASK%7B%7D"), "parameter name"),
    (dict(method="POST", url="/sparql", content=("query=" + BAD_UTF8_QUERY).encode(),
          headers={"Content-Type": "application/x-www-form-urlencoded"}), "'query'"),
    (dict(method="POST", url="/sparql?default-graph-uri=%E2%82", content=b"ASK {}",
          headers={"Content-Type": "application/sparql-query"}), "'default-graph-uri'"),
])
def test_invalid_utf8_in_a_parameter_is_400(client, request_kwargs, word):
    """Starlette decodes these lossily (U+FFFD); the endpoint must refuse, not run another query."""
    err = assert_error(client.request(**request_kwargs), 400, "UTF-8", word)
    assert err["code"] == "bad_encoding"


def test_utf8_in_a_get_parameter_is_decoded_exactly(client):
    resp = client.get("/sparql", params={"query": 'SELECT ("é ✓ 𝄞" AS ?x) {}'})
    assert resp.status_code == 200, resp.text
    assert parse_json(resp.content)[1] == [{"x": ("literal", "é ✓ 𝄞")}]


def test_raw_bytes_in_a_query_string_are_checked_like_percent_encoded_ones():
    """Clients may send UTF-8 bytes unescaped; httpx always escapes, so call the parser."""
    from kgqa.service.errors import ServiceError
    from kgqa.service.protocol import _pairs

    assert _pairs("query=é&x=%C3%A9+1".encode(), "URL") == [("query", "é"), ("x", "é 1")]
    with pytest.raises(ServiceError) as err:
        _pairs(b"query=ASK\xff", "URL")
    assert err.value.status == 400 and err.value.code == "bad_encoding"


# --- the dataset of a query (default-graph-uri, named-graph-uri) ------------------------------

EX = "http://example.org/"
DATASET_TRIG = f"""
<{EX}s> <{EX}in> "default" .
<{EX}g1> {{ <{EX}s> <{EX}in> "g1" . }}
<{EX}g2> {{ <{EX}s> <{EX}in> "g2" . }}
"""
IN_DEFAULT = f"SELECT ?v WHERE {{ ?s <{EX}in> ?v }}"
IN_NAMED = f"SELECT ?g ?v WHERE {{ GRAPH ?g {{ ?s <{EX}in> ?v }} }}"


@pytest.fixture(scope="module")
def dataset_client(settings, tmp_path_factory):
    path = tmp_path_factory.mktemp("dataset") / "dataset.trig"
    path.write_text(DATASET_TRIG)
    kg = KnowledgeGraph.load([str(path)], store="memory")
    app = create_app(settings, kg=kg, mount_ui=False, warm=False)
    with TestClient(app, raise_server_exceptions=False) as c:
        yield c


def values(client, query, **dataset) -> set[tuple]:
    resp = client.get("/sparql", params={"query": query, **dataset})
    assert resp.status_code == 200, resp.text
    return {tuple(v for _, v in sorted(row.items())) for row in parse_json(resp.content)[1]}


G1, G2 = ("literal", "g1"), ("literal", "g2")
NG1, NG2 = ("uri", EX + "g1"), ("uri", EX + "g2")


def test_without_dataset_parameters_the_service_dataset_is_used(dataset_client):
    assert values(dataset_client, IN_DEFAULT) == {(("literal", "default"),)}
    assert values(dataset_client, IN_NAMED) == {(NG1, G1), (NG2, G2)}


def test_named_graph_uri_alone_leaves_the_default_graph_empty(dataset_client):
    """SPARQL 1.1 Protocol 2.1.4: the request's dataset is exactly what it names."""
    dataset = {"named-graph-uri": EX + "g1"}
    assert values(dataset_client, IN_DEFAULT, **dataset) == set()
    assert values(dataset_client, IN_NAMED, **dataset) == {(NG1, G1)}


def test_default_graph_uri_alone_leaves_no_named_graphs(dataset_client):
    dataset = {"default-graph-uri": EX + "g2"}
    assert values(dataset_client, IN_DEFAULT, **dataset) == {(G2,)}
    assert values(dataset_client, IN_NAMED, **dataset) == set()


def test_dataset_parameters_override_from_clauses(dataset_client):
    query = f"SELECT ?v FROM <{EX}g2> FROM NAMED <{EX}g2> WHERE {{ {{ ?s <{EX}in> ?v }} UNION " \
            f"{{ GRAPH ?g {{ ?s <{EX}in> ?v }} }} }}"
    assert values(dataset_client, query) == {(G2,)}
    assert values(dataset_client, query, **{"named-graph-uri": EX + "g1"}) == {(G1,)}


# --- read-only, SERVICE and LOAD ------------------------------------------------------------------

@pytest.mark.parametrize("request_kwargs", [
    dict(data={"update": "INSERT DATA { <urn:a> <urn:b> <urn:c> }"}),
    dict(content=b"INSERT DATA { <urn:a> <urn:b> <urn:c> }",
         headers={"Content-Type": "application/sparql-update"}),
    dict(content=b"CLEAR ALL", headers={"Content-Type": "application/sparql-update",
                                        "Authorization": "Bearer guess"}),
])
def test_updates_are_refused_by_default(client, request_kwargs):
    resp = client.post("/sparql", **request_kwargs)
    err = assert_error(resp, 403, "--allow-update")
    assert err["code"] == "updates_disabled"


def test_service_is_refused_unless_allowed(client):
    query = "SELECT * WHERE { SERVICE <http://127.0.0.1:9/sparql> { ?s ?p ?o } }"
    assert_error(client.get("/sparql", params={"query": query}), 403, "--allow-service")


def test_service_inside_a_string_or_iri_is_not_refused(client):
    query = ('SELECT ?x WHERE { BIND("uses SERVICE and LOAD" AS ?x) '
             'FILTER(?x != <http://example.org/SERVICE>) }  # SERVICE in a comment')
    resp = client.get("/sparql", params={"query": query})
    assert resp.status_code == 200, resp.text
    assert parse_json(resp.content)[1] == [{"x": ("literal", "uses SERVICE and LOAD")}]


# --- limits ----------------------------------------------------------------------------------------

def test_row_limit_cuts_and_flags(make_client):
    limited = make_client(result_limit=3)
    resp = limited.get("/sparql", params={"query": "SELECT * WHERE { ?s ?p ?o }"})
    assert resp.status_code == 200
    assert len(parse_json(resp.content)[1]) == 3
    assert resp.headers["x-kgqa-truncated"] == "true"
    small = limited.get("/sparql", params={"query": "SELECT * WHERE { ?s ?p ?o } LIMIT 2"})
    assert len(parse_json(small.content)[1]) == 2
    assert "x-kgqa-truncated" not in small.headers


def test_request_body_over_limit_is_413(make_client):
    small = make_client(max_request_bytes=1000)
    big_query = "ASK {}" + " " * 2000
    declared = small.post("/sparql", content=big_query.encode(),
                          headers={"Content-Type": "application/sparql-query"})
    assert_error(declared, 413, "--max-request-bytes", "1000")

    def chunks():  # no Content-Length: the limit must still hold while streaming
        for _ in range(5):
            yield b"#" * 400

    streamed = small.post("/sparql", content=chunks(),
                          headers={"Content-Type": "application/sparql-query"})
    assert_error(streamed, 413)
    ok = small.post("/sparql", content=b"ASK {}",
                    headers={"Content-Type": "application/sparql-query"})
    assert ok.status_code == 200


def test_timeout_is_503_and_other_requests_are_served(kg, settings, engine):
    app = create_app(settings.replace(query_timeout=1.0), kg=kg, engine=engine, mount_ui=False)
    quick_times: list[float] = []

    async def main():
        transport = httpx.ASGITransport(app=app)
        async with httpx.AsyncClient(transport=transport, base_url="http://test") as c:
            heavy_result = {}

            async def heavy():
                t0 = time.monotonic()
                heavy_result["resp"] = await c.get("/sparql", params={"query": HEAVY})
                heavy_result["elapsed"] = time.monotonic() - t0

            async def quick():
                await anyio.sleep(0.2)
                for _ in range(3):
                    t0 = time.monotonic()
                    r = await c.get("/sparql", params={"query": QUICK})
                    assert r.status_code == 200 and len(parse_json(r.content)[1]) == 1
                    quick_times.append(time.monotonic() - t0)

            async with anyio.create_task_group() as tg:
                tg.start_soon(heavy)
                tg.start_soon(quick)
            return heavy_result

    result = anyio.run(main)
    err = assert_error(result["resp"], 503, "--query-timeout")
    assert err["code"] == "query_timeout"
    assert result["elapsed"] < 3, "the answer did not come near the limit"
    # The quick queries ran while the heavy one was busy, not after it.
    assert sum(quick_times) < result["elapsed"]


def test_timeout_really_stops_the_work(kg, settings, engine):
    import psutil

    def cpu_seconds() -> float:
        # This process and its query workers: a runaway query may burn CPU in either.
        me = psutil.Process()
        procs = [me, *me.children(recursive=True)]
        total = 0.0
        for p in procs:
            try:
                t = p.cpu_times()
                total += t.user + t.system
            except psutil.NoSuchProcess:
                pass
        return total

    app = create_app(settings.replace(query_timeout=0.5), kg=kg, engine=engine, mount_ui=False,
                     warm=False)
    with TestClient(app, raise_server_exceptions=False) as c:
        assert c.get("/sparql", params={"query": HEAVY}).status_code == 503
        cpu0, wall0 = cpu_seconds(), time.monotonic()
        time.sleep(1.5)
        busy = (cpu_seconds() - cpu0) / (time.monotonic() - wall0)
    assert busy < 0.3, f"the server kept {busy:.0%} of a core busy after the timeout"


# --- CORS ------------------------------------------------------------------------------------------

def test_cors_allows_any_origin_on_sparql_only(client):
    pre = client.options("/sparql", headers={"Origin": "https://yasgui.example",
                                             "Access-Control-Request-Method": "POST",
                                             "Access-Control-Request-Headers": "content-type"})
    assert pre.status_code == 200
    assert pre.headers["access-control-allow-origin"] == "*"
    assert "POST" in pre.headers["access-control-allow-methods"]
    get = client.get("/sparql?" + urlencode({"query": "SELECT * WHERE {} LIMIT 1"}),
                     headers={"Origin": "https://yasgui.example"})
    assert get.headers["access-control-allow-origin"] == "*"
    api = client.get("/api/health", headers={"Origin": "https://yasgui.example"})
    assert "access-control-allow-origin" not in api.headers


# --- updates, when enabled -----------------------------------------------------------------------
# These run on a fresh copy of the embedded graph (with its SHACL shapes), never the shared one.

TOKEN = "s3cret-update-token"
NEW_FACT = """PREFIX kg: <https://kgqa.dev/id/>
PREFIX kgqa: <https://kgqa.dev/ontology#>
PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
INSERT DATA { kg:TestWidgetCo rdfs:label "Test Widget Co" ; rdfs:comment "Made up for a test." }"""
COUNT_WIDGET = ("SELECT (COUNT(*) AS ?n) WHERE { <https://kgqa.dev/id/TestWidgetCo> ?p ?o }")


@pytest.fixture
def writable(settings):
    kg = KnowledgeGraph.default()
    app = create_app(settings.replace(allow_update=True, update_token=TOKEN), kg=kg,
                     mount_ui=False, warm=False)
    with TestClient(app, raise_server_exceptions=False) as c:
        yield c, kg


def widget_count(client) -> int:
    resp = client.get("/sparql", params={"query": COUNT_WIDGET})
    return int(parse_json(resp.content)[1][0]["n"][1])


@pytest.mark.parametrize("auth", [None, "Bearer wrong-token", f"Basic {TOKEN}", TOKEN])
def test_update_needs_the_bearer_token(writable, auth):
    client, kg = writable
    before = kg.content_hash()
    headers = {"Content-Type": "application/sparql-update"}
    if auth:
        headers["Authorization"] = auth
    err = assert_error(client.post("/sparql", content=NEW_FACT.encode(), headers=headers), 403,
                       "Authorization: Bearer")
    assert err["code"] == "bad_token"
    assert kg.content_hash() == before


@pytest.mark.parametrize("as_form", [False, True])
def test_update_with_token_commits(writable, as_form):
    client, kg = writable
    auth = {"Authorization": f"Bearer {TOKEN}"}
    assert widget_count(client) == 0
    if as_form:
        resp = client.post("/sparql", data={"update": NEW_FACT}, headers=auth)
    else:
        resp = client.post("/sparql", content=NEW_FACT.encode(),
                           headers={"Content-Type": "application/sparql-update", **auth})
    assert resp.status_code == 204, resp.text
    assert widget_count(client) == 2
    # Derived views follow the graph: entity search finds the new label.
    hits = client.get("/api/entities", params={"q": "Test Widget Co"}).json()
    assert hits and hits[0]["iri"] == "https://kgqa.dev/id/TestWidgetCo"


def test_update_breaking_the_shapes_is_refused_with_violations(writable):
    client, kg = writable
    before = kg.content_hash()
    bad = ("PREFIX kg: <https://kgqa.dev/id/> PREFIX kgqa: <https://kgqa.dev/ontology#> "
           "INSERT DATA { kg:TestBareInvestment a kgqa:Investment }")
    resp = client.post("/sparql", content=bad.encode(),
                       headers={"Content-Type": "application/sparql-update",
                                "Authorization": f"Bearer {TOKEN}"})
    err = assert_error(resp, 422)
    assert err["code"] == "shacl_violation"
    assert err["details"], "the violations are listed"
    assert any("TestBareInvestment" in str(v) for v in err["details"])
    assert any("investor" in str(v) for v in err["details"])
    assert kg.content_hash() == before


def test_load_is_refused_even_with_the_token(writable):
    client, kg = writable
    resp = client.post("/sparql", content=b"LOAD <http://127.0.0.1:9/data.ttl>",
                       headers={"Content-Type": "application/sparql-update",
                                "Authorization": f"Bearer {TOKEN}"})
    assert_error(resp, 403, "--allow-service")


def test_malformed_update_is_400(writable):
    client, _ = writable
    resp = client.post("/sparql", data={"update": "CLEAR XYZ"},
                       headers={"Authorization": f"Bearer {TOKEN}"})
    assert_error(resp, 400)


def test_service_description_lists_update_when_enabled(writable):
    client, _ = writable
    g = Graph().parse(data=client.get("/sparql").content, format="turtle")
    service = g.value(predicate=RDF.type, object=SD.Service)
    assert (service, SD.supportedLanguage, SD.SPARQL11Update) in g


def test_updates_enabled_without_token_stay_refused(kg, settings, engine):
    app = create_app(settings.replace(allow_update=True, update_token=None), kg=kg,
                     engine=engine, mount_ui=False)
    with TestClient(app, raise_server_exceptions=False) as c:
        resp = c.post("/sparql", content=b"CLEAR ALL",
                      headers={"Content-Type": "application/sparql-update",
                               "Authorization": "Bearer "})
        assert_error(resp, 403, "--update-token")


def test_direct_dispatch_answers_as_the_routed_endpoint_does(kg, settings, engine):
    # /sparql GET and POST skip FastAPI's router (service.sparql.DirectDispatch); the same app
    # without that middleware must answer every kind of request byte for byte alike.
    from kgqa.service.sparql import DirectDispatch

    direct = create_app(settings, kg=kg, engine=engine, mount_ui=False, warm=False)
    routed = create_app(settings, kg=kg, engine=engine, mount_ui=False, warm=False)
    routed.user_middleware = [m for m in routed.user_middleware if m.cls is not DirectDispatch]
    assert len(routed.user_middleware) == len(direct.user_middleware) - 1
    requests = [
        dict(method="GET", url="/sparql", params={"query": SELECT},
             headers={"Accept": "application/sparql-results+json"}),
        dict(method="GET", url="/sparql", params={"query": "ASK { ?s ?p ?o }", "format": "xml"}),
        dict(method="POST", url="/sparql", data={"query": SELECT},
             headers={"Accept": "text/csv", "Origin": "https://example.org"}),
        dict(method="POST", url="/sparql", content=CONSTRUCT.encode(),
             headers={"Content-Type": "application/sparql-query", "Accept": "text/turtle"}),
        dict(method="GET", url="/sparql", params={"query": "SELECT WHERE {"}),  # 400
        dict(method="GET", url="/sparql", params={"query": SELECT},
             headers={"Accept": "image/png"}),  # 406
        dict(method="POST", url="/sparql", data={"update": "CLEAR ALL"}),  # 403
        dict(method="POST", url="/sparql", content=b"x", headers={"Content-Type": "text/plain"}),
        dict(method="PUT", url="/sparql", content=b"ASK {}"),  # 405, left to the router
        dict(method="OPTIONS", url="/sparql",
             headers={"Origin": "https://example.org", "Access-Control-Request-Method": "POST"}),
        dict(method="GET", url="/sparql", headers={"Accept": "text/turtle"}),  # description
        dict(method="GET", url="/sparql/", params={"query": QUICK}),
    ]
    with TestClient(direct) as a, TestClient(routed) as b:
        for req in requests:
            ra, rb = a.request(**req), b.request(**req)
            assert (ra.status_code, ra.content) == (rb.status_code, rb.content), req
            assert ({k: v for k, v in ra.headers.items() if k != "date"}
                    == {k: v for k, v in rb.headers.items() if k != "date"}), req
