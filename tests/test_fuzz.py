"""Property-based tests: random and hostile input to /api/ask, /api/entities and /sparql.

Whatever arrives (random Unicode, control characters, lone surrogates, huge and deeply nested
input, malformed JSON and SPARQL, wrong content types, odd headers), the answer is never a 5xx
(except the 503 of a query stopped at its time limit), every error has the one error shape, no request takes longer than the limits allow, and the graph
is exactly as before. The app runs in-process through httpx (Starlette's TestClient) over the
session's graph and QA engine; example counts are bounded so the file runs in seconds.
"""

from __future__ import annotations

import json
import re
import time
from urllib.parse import quote

import pytest
from fastapi.testclient import TestClient
from hypothesis import HealthCheck, given, settings as hyp_settings, strategies as st

from kgqa.graph.sparql import literal
from kgqa.service.app import create_app

QUERY_TIMEOUT = 1.0
MAX_BYTES = 200_000
# No request may take longer than this: the query limit plus the wait for a free worker (at
# most the limit again) plus room for a busy machine. A hang shows up as a failure, not a stall.
HANG_S = 2 * QUERY_TIMEOUT + 20
TOKEN = "fuzz-token"

FUZZ = hyp_settings(max_examples=40, deadline=None, derandomize=False,
                    suppress_health_check=[HealthCheck.too_slow,
                                           HealthCheck.function_scoped_fixture])


# ---- the app and the checks ------------------------------------------------------------------

@pytest.fixture(scope="module")
def client(kg, settings, engine):
    app = create_app(settings.replace(query_timeout=QUERY_TIMEOUT, max_request_bytes=MAX_BYTES),
                     kg=kg, engine=engine, mount_ui=False, warm=False)
    with TestClient(app, raise_server_exceptions=False) as c:
        yield c


@pytest.fixture(scope="module")
def update_client(kg, settings, engine):
    """Updates enabled with a token the fuzzer never sends: nothing may get through."""
    app = create_app(settings.replace(query_timeout=QUERY_TIMEOUT, max_request_bytes=MAX_BYTES,
                                      allow_update=True, update_token=TOKEN),
                     kg=kg, engine=engine, mount_ui=False, warm=False)
    with TestClient(app, raise_server_exceptions=False) as c:
        yield c


def snapshot(kg) -> tuple:
    return kg.version, len(kg)


@pytest.fixture(autouse=True)
def graph_unchanged(kg):
    """The graph after a test is the graph before it: same hash, same quads."""
    before_hash, before_quads = kg.content_hash(), set(kg.store.quads(None, None, None))
    yield
    assert set(kg.store.quads(None, None, None)) == before_quads
    assert kg.content_hash() == before_hash


def send(kg, client, method: str, url: str, **kwargs):
    """Send one request and check what every answer must satisfy."""
    before = snapshot(kg)
    started = time.monotonic()
    resp = client.request(method, url, **kwargs)
    elapsed = time.monotonic() - started
    if resp.status_code == 503:
        # The one 5xx by design: a query stopped at its time limit (the runaway protection).
        assert resp.json()["error"]["code"] == "query_timeout", resp.text[:500]
    else:
        assert resp.status_code < 500, f"{method} {url[:200]} -> {resp.status_code}: {resp.text[:500]}"
    assert elapsed < HANG_S, f"{method} {url[:200]} took {elapsed:.1f} s"
    if resp.status_code >= 400:
        body = resp.json()
        assert list(body) == ["error"], body
        assert re.fullmatch(r"[a-z][a-z0-9_]*", body["error"]["code"]), body
        assert body["error"]["message"], body
    assert snapshot(kg) == before, "a request changed the graph"
    return resp


# ---- strategies ------------------------------------------------------------------------------

# Every code point, lone surrogates and control characters included.
any_char = st.characters(exclude_categories=())
# What can travel in a URL or a UTF-8 body (no lone surrogates).
encodable_char = st.characters(exclude_categories=("Cs",))
NASTY = ["\x00", "\x07", "\x1b[31m", "\r\nX-Injected: 1", "\u202e", "\ufeff", "\ufffd", "\U0001f4a5",
         "𝕏", "e\u0301", "'; DROP ALL; --", "<script>alert(1)</script>", "%00", "%ZZ", "../../etc/passwd",
         "\\", '"""', "'''", "#", "{" * 300, "[" * 300, "(" * 300, "x" * 5000, " " * 1000, ""]
nasty = st.sampled_from(NASTY)
any_text = st.one_of(st.text(any_char, max_size=80), nasty,
                     st.lists(st.one_of(nasty, st.text(any_char, max_size=8)), max_size=6)
                     .map("".join))
url_text = st.one_of(st.text(encodable_char, max_size=80), nasty.filter(lambda s: len(s) < 2000))


def json_values(leaves=st.one_of(st.none(), st.booleans(), st.integers(), st.floats(),
                                 st.text(any_char, max_size=20))):
    return st.recursive(leaves, lambda kids: st.one_of(st.lists(kids, max_size=4),
                                                       st.dictionaries(st.text(max_size=8), kids,
                                                                       max_size=4)),
                        max_leaves=12)


def dumps(value) -> bytes:
    # ensure_ascii writes lone surrogates as \ud800 escapes: valid JSON that decodes to a str
    # Python cannot encode back to UTF-8.
    return json.dumps(value, ensure_ascii=True, allow_nan=True).encode()


CONTENT_TYPES = ["application/json", "application/json; charset=utf-8", "application/json; charset=latin-1",
                 "application/json; charset=utf-16", "text/plain", "application/xml", "",
                 "multipart/form-data; boundary=xyz", "application/x-www-form-urlencoded",
                 "application/sparql-query", "application/sparql-update", "*/*", ";;;",
                 "application/json; boundary", "text/html; charset=\x7f"]
ACCEPTS = ["*/*", "application/sparql-results+json", "application/sparql-results+xml", "text/csv",
           "text/tab-separated-values", "text/turtle", "application/n-triples", "application/ld+json",
           "application/rdf+xml", "image/png", "", "*/*;q=abc", "text/csv;q=-1, */*;q=0",
           ";;;", "application/json;q=0.5, text/*", "x" * 3000, "text/csv;q=1.0;charset=ebcdic"]
odd_headers = st.dictionaries(
    st.sampled_from(["accept", "accept-encoding", "accept-language", "origin", "user-agent",
                     "x-forwarded-for", "x-forwarded-proto", "cookie", "referer", "range",
                     "if-none-match", "content-encoding", "authorization", "expect", "via"]),
    st.one_of(st.sampled_from(["", "gzip", "br, gzip;q=abc", "null", "http://evil.example",
                               "bytes=0-0,-1", "*", "100-continue", "Bearer", "Bearer " + "a" * 500,
                               "Basic Zm9vOmJhcg==", "\t"]),
              st.text(st.characters(min_codepoint=0x20, max_codepoint=0x7e), max_size=200)),
    max_size=4)


@st.composite
def ask_bodies(draw):
    """(content bytes, content type) for POST /api/ask: well-formed, ill-typed and broken."""
    kind = draw(st.sampled_from(["question", "history", "values", "bytes", "nested", "huge"]))
    ctype = draw(st.one_of(st.just("application/json"), st.sampled_from(CONTENT_TYPES)))
    if kind == "question":
        return dumps({"question": draw(any_text)}), ctype
    if kind == "history":
        turn = st.fixed_dictionaries({"role": st.one_of(st.sampled_from(["user", "assistant"]),
                                                        any_text),
                                      "content": any_text})
        return dumps({"question": draw(any_text),
                      "history": draw(st.lists(turn, max_size=5))}), ctype
    if kind == "values":
        return dumps(draw(st.one_of(json_values(),
                                    st.fixed_dictionaries({"question": json_values(),
                                                           "history": json_values()})))), ctype
    if kind == "bytes":
        return draw(st.binary(max_size=300)), ctype
    if kind == "nested":
        depth = draw(st.integers(1, 50_000))
        opener, closer = draw(st.sampled_from([("[", "]"), ('{"a":', "}")]))
        return (b'{"question": ' + opener.encode() * depth + b"1" + closer.encode() * depth
                + b"}"), ctype
    size = draw(st.sampled_from([2001, 50_000, MAX_BYTES + 10]))
    return dumps({"question": "x" * size}), ctype


FRAGMENTS = [
    "SELECT", "ASK", "CONSTRUCT", "DESCRIBE", "WHERE", "*", "{", "}", "(", ")", "[", "]", ".", ";",
    ",", "?s", "?p", "?o", "$x", "<https://kgqa.dev/id/OpenAI>", "<>", "<http://x y>", "<a b>",
    '"lit"', "'x'", '"""long"""', '"a"@en', '"a"@\u00e9', '"1"^^<http://www.w3.org/2001/XMLSchema#integer>',
    '"x"^^<http://www.w3.org/2001/XMLSchema#dateTime>', "1", "-1.5e9", "1e999", "true",
    "FILTER", "REGEX", "STR", "LANG", "COUNT", "SUM", "AVG", "GROUP BY", "ORDER BY", "DESC",
    "HAVING", "LIMIT", "OFFSET", "99999999999999999999", "OPTIONAL", "UNION", "MINUS", "GRAPH",
    "SERVICE", "VALUES", "BIND", "AS", "EXISTS", "NOT", "IN", "UNDEF", "PREFIX ex: <http://example.org/>",
    "BASE <http://b/>", "ex:a", "ex:", "a", "^", "/", "|", "+", "?", "!", "&&", "||", "=", "!=", "<",
    ">", "#c\n", "INSERT DATA", "DELETE WHERE", "CLEAR ALL", "DROP GRAPH", "LOAD <http://x>",
    "WITH", "USING", "\x00", "\u202e", "_:b", "[]", "()", "SUBSTR", "REPLACE", "STRDT", "IRI",
    "BNODE", "NOW()", "RAND()", "SHA512", "ENCODE_FOR_URI", "<<", ">>",
]


def template_queries(text):
    lit = literal(text)
    return [
        f"SELECT * WHERE {{ ?s ?p {lit} }}",
        f"SELECT ?s WHERE {{ ?s ?p ?o FILTER(CONTAINS(LCASE(STR(?o)), {lit})) }} LIMIT 5",
        f"SELECT ?s WHERE {{ ?s ?p ?o FILTER(REGEX(STR(?o), {lit}, \"i\")) }} LIMIT 5",
        f"SELECT ?x WHERE {{ BIND(REPLACE({lit}, {lit}, {lit}) AS ?x) }}",
        f"SELECT ?d WHERE {{ BIND(STRDT({lit}, <http://www.w3.org/2001/XMLSchema#dateTime>) AS ?d) "
        f"BIND(?d + \"P1Y\"^^<http://www.w3.org/2001/XMLSchema#duration> AS ?e) }}",
        f"SELECT ?x WHERE {{ BIND(IRI({lit}) AS ?x) }}",
        f"SELECT ?l WHERE {{ BIND(STRLANG({lit}, {lit}) AS ?l) FILTER(LANGMATCHES(LANG(?l), {lit})) }}",
        f"SELECT * WHERE {{ <{text}> ?p ?o }}",
        f"DESCRIBE <{text}>",
        f"ASK {{ ?s ?p \"{text}\" }}",
        f"SELECT * WHERE {{ ?s ?p ?o }} LIMIT {text}",
        f"PREFIX {text}: <http://x/> SELECT * WHERE {{ ?s ?p ?o }} LIMIT 1",
        f"CONSTRUCT {{ ?s <http://x/p> {lit} }} WHERE {{ ?s ?p ?o }} LIMIT 3",
    ]


@st.composite
def sparql_texts(draw):
    """Query (or update) text: fragment soup, templates with hostile literals, deep and long."""
    kind = draw(st.sampled_from(["soup", "soup", "template", "template", "deep", "long", "text"]))
    if kind == "soup":
        parts = draw(st.lists(st.one_of(st.sampled_from(FRAGMENTS), st.text(any_char, max_size=6)),
                              max_size=40))
        return " ".join(parts)
    if kind == "template":
        return draw(st.sampled_from(template_queries(draw(any_text))))
    if kind == "deep":
        # Oxigraph's recursion overflows its thread's stack at a few thousand levels.
        depth = draw(st.one_of(st.integers(50, 500), st.integers(3_000, 8_000)))
        opener, closer = draw(st.sampled_from([("{", "}"), ("(", ")"), ("[ <http://p> ", " ]"),
                                               ("OPTIONAL { ", "}"), ("{ SELECT * WHERE { ", "} }")]))
        inner = "FILTER(" + opener * depth + "1" + closer * depth + ")" if opener == "(" \
            else opener * depth + closer * depth
        return "SELECT * WHERE { " + inner + " }"
    if kind == "long":
        n = draw(st.one_of(st.integers(100, 1_500), st.integers(3_000, 8_000)))
        piece = draw(st.sampled_from(["BIND(1 AS ?b{i})", "OPTIONAL {{ ?s{i} ?p ?o }}",
                                      "MINUS {{ ?s ?p ?o{i} }}", "FILTER(?x{i} = 1 || true)",
                                      "?s{i} ?p{i} ?o{i} .", "VALUES ?v{i} {{ {i} }}"]))
        return "SELECT * WHERE { " + " ".join(piece.format(i=i) for i in range(n)) + " } LIMIT 1"
    return draw(any_text)


def encodable(text: str) -> str:
    return text.encode("utf-8", "surrogatepass").decode("utf-8", "replace")


def percent(text: str) -> str:
    # Raw percent-encoding of the UTF-8 bytes (surrogates as their invalid 3-byte form).
    return quote(text.encode("utf-8", "surrogatepass"), safe="")


# ---- /api/ask --------------------------------------------------------------------------------

@FUZZ
@given(body=ask_bodies(), headers=odd_headers)
def test_ask_never_fails_on_the_server(kg, client, body, headers):
    content, ctype = body
    send(kg, client, "POST", "/api/ask", content=content,
         headers={**headers, "content-type": ctype} if ctype else headers)


# ---- /api/entities ---------------------------------------------------------------------------

@FUZZ
@given(q=st.one_of(any_text, st.sampled_from(["x" * 2001, "open " * 3000])),
       limit=st.one_of(st.none(), st.integers(-10, 1000).map(str), st.text(encodable_char, max_size=5)),
       extra=st.dictionaries(st.text(encodable_char, max_size=5), url_text, max_size=2),
       headers=odd_headers)
def test_entities_never_fail_on_the_server(kg, client, q, limit, extra, headers):
    params = [("q", q), *(([("limit", limit)]) if limit is not None else []), *extra.items()]
    url = "/api/entities?" + "&".join(f"{percent(k)}={percent(v)}" for k, v in params)
    send(kg, client, "GET", url, headers=headers)


# ---- /sparql ---------------------------------------------------------------------------------

dataset_params = st.lists(
    st.tuples(st.sampled_from(["default-graph-uri", "named-graph-uri", "using-graph-uri",
                               "format", "query", "update", "timeout", "x"]), url_text),
    max_size=3)


@FUZZ
@given(query=sparql_texts(), post=st.booleans())
def test_sparql_queries_never_fail_on_the_server(kg, client, query, post):
    """Query text alone, sent the plain way: what reaches the parser and the evaluator."""
    if post or len(query) > 10_000:
        send(kg, client, "POST", "/sparql", content=encodable(query).encode(),
             headers={"content-type": "application/sparql-query"})
    else:
        send(kg, client, "GET", "/sparql?query=" + percent(query))


@FUZZ
@given(query=sparql_texts(), params=dataset_params, accept=st.sampled_from(ACCEPTS),
       headers=odd_headers)
def test_sparql_get_never_fails_on_the_server(kg, client, query, params, accept, headers):
    pairs = [("query", query), *params]
    url = "/sparql?" + "&".join(f"{percent(k)}={percent(v)}" for k, v in pairs)
    if len(url) > 60_000:
        url = url[:60_000]  # clients and servers cap the request line (httpx at 64 KiB)
    send(kg, client, "GET", url, headers={**headers, "accept": accept})


@FUZZ
@given(text=sparql_texts(), how=st.sampled_from(["form-query", "form-update", "query", "update",
                                                 "bytes", "other"]),
       ctype=st.sampled_from(CONTENT_TYPES), charset=st.sampled_from(["", "; charset=utf-8",
                                                                       "; charset=UTF8",
                                                                       "; charset=latin-1",
                                                                       "; charset=\x01"]),
       params=dataset_params, accept=st.sampled_from(ACCEPTS), headers=odd_headers,
       raw=st.binary(max_size=200))
def test_sparql_post_never_fails_on_the_server(kg, client, text, how, ctype, charset, params,
                                               accept, headers, raw):
    url = "/sparql"
    if params:
        url += "?" + "&".join(f"{percent(k)}={percent(v)}" for k, v in params)
    if how.startswith("form"):
        field = how.split("-")[1]
        content = f"{field}={percent(text)}".encode()
        ctype = "application/x-www-form-urlencoded"
    elif how in ("query", "update"):
        content = encodable(text).encode()
        ctype = f"application/sparql-{how}"
    elif how == "bytes":
        content = raw
        ctype = "application/sparql-query"
    else:
        content = encodable(text).encode()
    send(kg, client, "POST", url, content=content,
         headers={**headers, "accept": accept, "content-type": ctype + charset})


@FUZZ
@given(text=sparql_texts(), auth=st.one_of(
    st.sampled_from(["", "Bearer", "Bearer ", "bearer " + TOKEN[:-1], "Basic " + TOKEN,
                     "Bearer " + TOKEN + "x", "Bearer  " + TOKEN[1:], TOKEN]),
    st.text(st.characters(min_codepoint=0x20, max_codepoint=0x7e), max_size=60)),
       form=st.booleans())
def test_updates_without_the_token_never_change_the_graph(kg, update_client, text, auth, form):
    update = draw_update(text)
    headers = {"authorization": auth} if auth else {}
    if form:
        send(kg, update_client, "POST", "/sparql", content=f"update={percent(update)}".encode(),
             headers={**headers, "content-type": "application/x-www-form-urlencoded"})
    else:
        send(kg, update_client, "POST", "/sparql", content=encodable(update).encode(),
             headers={**headers, "content-type": "application/sparql-update"})


def draw_update(text: str) -> str:
    # Half the time a well-formed update that would change the graph if it got through.
    if len(text) % 2:
        return f"INSERT DATA {{ <https://kgqa.dev/id/Fuzz> <http://x/p> {literal(text)} }}"
    return text
