"""The W3C SPARQL 1.1 Protocol test suite, run against our app in-process.

Each manifest entry describes HTTP requests (method, path, headers, body) and what the answers
must be (status class, result format, boolean). We translate every request into an httpx call,
in order, against a fresh app over a graph holding the test's data in named graphs. The suite is
read from ``../shared/w3c-rdf-tests`` beside the checkout, never copied into the repository.

The endpoint under test accepts updates with a bearer token (the manifest leaves authentication
to the deployment), so every request carries that token. The update tests (``update_*`` and
``bad_update_*``, which set up their own data) run a second time against a real
``kgqa serve --allow-update --update-token ...`` over TCP, the way a deployment accepts updates,
and that server must refuse the same updates without the token.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import xml.etree.ElementTree as ET
from dataclasses import dataclass
from pathlib import Path

import httpx
import pytest
from fastapi.testclient import TestClient
from rdflib import Dataset, Graph, Namespace, URIRef
from rdflib.collection import Collection
from rdflib.namespace import RDF, RDFS

from conftest import free_port, stop_process, wait_healthy
from kgqa.graph import KnowledgeGraph
from kgqa.service.app import create_app

pytestmark = pytest.mark.w3c

SUITE = Path(__file__).resolve().parents[2] / "shared" / "w3c-rdf-tests"
PROTOCOL = SUITE / "sparql" / "sparql11" / "protocol"
MANIFEST = PROTOCOL / "manifest.ttl"
TOKEN = "w3c-protocol-token"

MF = Namespace("http://www.w3.org/2001/sw/DataAccess/tests/test-manifest#")
HT = Namespace("http://www.w3.org/2011/http#")
CNT = Namespace("http://www.w3.org/2011/content#")
HTS = Namespace("http://www.w3.org/2011/http-statusCodes#")
UT = Namespace("http://www.w3.org/2009/sparql/tests/test-update#")

RESULT_TYPES = {"application/sparql-results+json", "application/sparql-results+xml",
                "text/csv", "text/tab-separated-values"}
RDF_TYPES = {"text/turtle": "turtle", "application/n-triples": "nt",
             "application/rdf+xml": "xml", "application/ld+json": "json-ld"}

# Known gaps, each with the reason. Everything else in the manifest must pass.
XFAIL: dict[str, str] = {}


@dataclass
class Request:
    method: str
    path: str
    headers: dict[str, str]
    body: bytes | None
    statuses: set[str]
    format: str | None
    boolean: bool | None


@dataclass
class ProtocolTest:
    name: str
    title: str
    graphs: list[tuple[Path, str]]  # (data file, graph IRI)
    requests: list[Request]


def _requests(g: Graph, action) -> list[Request]:
    out = []
    for req in Collection(g, g.value(action, HT.requests)):
        headers = {}
        header_list = g.value(req, HT.headers)
        if header_list is not None:
            for h in Collection(g, header_list):
                headers[str(g.value(h, HT.fieldName))] = str(g.value(h, HT.fieldValue))
        body = None
        body_node = g.value(req, HT.body)
        if body_node is not None:
            encoding = str(g.value(body_node, CNT.characterEncoding) or "UTF-8")
            body = str(g.value(body_node, CNT.chars)).encode(encoding)
        resp = g.value(req, HT.resp)
        statuses = {str(s).rsplit("#", 1)[-1] for s in g.objects(resp, MF.expectedStatus)}
        fmt = g.value(resp, MF.expectedFormat)
        boolean = g.value(resp, MF.expectedBoolean)
        out.append(Request(method=str(g.value(req, HT.methodName)),
                           path=str(g.value(req, HT.absolutePath)), headers=headers, body=body,
                           statuses=statuses, format=str(fmt) if fmt is not None else None,
                           boolean=boolean.toPython() if boolean is not None else None))
    return out


def load_manifest() -> list[ProtocolTest]:
    g = Graph().parse(MANIFEST, format="turtle", publicID=MANIFEST.as_uri())
    manifest = g.value(predicate=RDF.type, object=MF.Manifest)
    tests = []
    for entry in Collection(g, g.value(manifest, MF.entries)):
        graphs = [(Path(str(g.value(d, UT.graph)).removeprefix("file://")), str(g.value(d, RDFS.label)))
                  for d in g.objects(entry, UT.graphData)]
        tests.append(ProtocolTest(name=str(entry).rsplit("#", 1)[-1], title=str(g.value(entry, MF.name)),
                                  graphs=graphs, requests=_requests(g, g.value(entry, MF.action))))
    return tests


def is_update_test(test: ProtocolTest) -> bool:
    return test.name.startswith(("update_", "bad_update_"))


def _collect(only_updates: bool = False) -> list:
    if not MANIFEST.exists():
        if os.environ.get("CI") == "true":
            raise FileNotFoundError(f"{MANIFEST} is missing; CI must check out w3c-rdf-tests "
                                    "into shared/ beside the repository")
        return [pytest.param(None, marks=pytest.mark.skip(
            reason=f"W3C test suite not found at {SUITE}; clone w3c/rdf-tests there to run it"))]
    params = []
    for t in load_manifest():
        if only_updates and not is_update_test(t):
            continue
        marks = [pytest.mark.xfail(reason=XFAIL[t.name], strict=True)] if t.name in XFAIL else []
        params.append(pytest.param(t, id=t.name, marks=marks))
    return params


def build_graph(test: ProtocolTest, tmp_path: Path) -> KnowledgeGraph:
    """A fresh in-memory graph with each data file in the named graph the manifest gives it."""
    ds = Dataset()
    for path, name in test.graphs:
        named = ds.graph(URIRef(name))
        named.parse(path, format="nt")
    trig = tmp_path / "protocol-data.trig"
    trig.write_text(ds.serialize(format="trig") if test.graphs else "")
    return KnowledgeGraph.load([str(trig)], store="memory")


def check_response(resp, expected: Request) -> None:
    status_class = f"StatusCode{resp.status_code // 100}xx"
    assert status_class in expected.statuses, (
        f"{expected.method} {expected.path}: got {resp.status_code}, expected one of "
        f"{sorted(expected.statuses)}: {resp.text[:300]}")
    media = resp.headers.get("content-type", "").split(";")[0].strip()
    if expected.format == "boolean":
        if media == "application/sparql-results+json":
            value = json.loads(resp.content)["boolean"]
        elif media == "application/sparql-results+xml":
            root = ET.fromstring(resp.content)
            value = root.find("{http://www.w3.org/2005/sparql-results#}boolean").text == "true"
        else:
            raise AssertionError(f"boolean result sent as {media}")
        if expected.boolean is not None:
            assert value is expected.boolean
    elif expected.format == "tabular":
        assert media in RESULT_TYPES, media
    elif expected.format == "RDF":
        assert media in RDF_TYPES, media
        Graph().parse(data=resp.content, format=RDF_TYPES[media])


@pytest.mark.parametrize("test", _collect())
def test_protocol(test: ProtocolTest, settings, tmp_path):
    kg = build_graph(test, tmp_path)
    app = create_app(settings.replace(allow_update=True, update_token=TOKEN), kg=kg,
                     mount_ui=False)
    with TestClient(app, base_url="http://www.example", raise_server_exceptions=False) as client:
        for req in test.requests:
            headers = {**req.headers, "Authorization": f"Bearer {TOKEN}"}
            resp = client.request(req.method, local_path(req), content=req.body, headers=headers)
            check_response(resp, req)


def local_path(req: Request) -> str:
    # The manifest's paths start with /sparql/; ours is /sparql.
    return "/sparql" + req.path[len("/sparql/"):] if req.path.startswith("/sparql/") else req.path


@pytest.fixture(scope="module")
def update_server(tmp_path_factory):
    """``kgqa serve --allow-update --update-token TOKEN`` over an empty graph, on 127.0.0.1."""
    folder = tmp_path_factory.mktemp("w3c-update-server")
    empty = folder / "empty.nt"
    empty.write_text("")
    port = free_port()
    env = {k: v for k, v in os.environ.items() if not k.startswith("KGQA_")}
    env.update(GRADIO_ANALYTICS_ENABLED="False", PYTHONUNBUFFERED="1")
    log_path = folder / "server.log"
    cmd = [str(Path(sys.executable).with_name("kgqa")), "serve", "--allow-update",
           "--update-token", TOKEN, "--graph", str(empty), "--host", "127.0.0.1",
           "--port", str(port), "--cache-dir", str(folder / "cache"), "--log-level", "warning"]
    with open(log_path, "wb") as log:
        proc = subprocess.Popen(cmd, stdout=log, stderr=subprocess.STDOUT, env=env)
    url = f"http://127.0.0.1:{port}"
    try:
        wait_healthy(proc, url, 120, log_path, what="kgqa serve")
        with httpx.Client(base_url=url, timeout=30) as client:
            yield client
    finally:
        stop_process(proc)


@pytest.mark.server
@pytest.mark.parametrize("test", _collect(only_updates=True))
def test_protocol_update_over_tcp(test: ProtocolTest, update_server):
    for req in test.requests:
        headers = {**req.headers, "Authorization": f"Bearer {TOKEN}"}
        resp = update_server.request(req.method, local_path(req), content=req.body,
                                     headers=headers)
        check_response(resp, req)


@pytest.mark.server
@pytest.mark.parametrize("authorization", [None, "Bearer not-the-token", TOKEN])
def test_the_update_server_refuses_updates_without_its_token(update_server, authorization):
    probe = "INSERT DATA { <http://example.org/s> <http://example.org/p> \"no token\" }"
    headers = {"Content-Type": "application/sparql-update"}
    if authorization:
        headers["Authorization"] = authorization
    resp = update_server.post("/sparql", content=probe.encode(), headers=headers)
    assert resp.status_code == 403 and resp.json()["error"]["code"] == "bad_token"
    ask = update_server.get("/sparql", params={"query": 'ASK { ?s ?p "no token" }'})
    assert ask.json()["boolean"] is False
