"""Pins the one error shape: every 4xx and 5xx answer is ``{"error": {"code", "message"}}``.

``code`` is a snake_case word; ``message`` a non-empty sentence; ``details`` (a list) is the only
other key allowed. Client faults are 4xx; the 5xx cases here are real server-side faults.
"""

from __future__ import annotations

import re
import socket

import pytest
from fastapi.testclient import TestClient

from kgqa.graph import KnowledgeGraph
from kgqa.service.app import create_app
from sparql_results import heavy_query

CASES = [
    # (method, url, request kwargs, status)
    ("GET", "/sparql?query=SELEC", {}, 400),
    ("GET", "/sparql?query=ASK%7B%7D&query=ASK%7B%7D", {}, 400),
    ("GET", "/sparql?update=CLEAR%20ALL", {}, 400),
    ("POST", "/sparql", {"content": b"CLEAR ALL",
                         "headers": {"Content-Type": "application/sparql-update"}}, 403),
    ("GET", "/sparql?query=SELECT*%7BSERVICE%3Chttp%3A%2F%2Fx%3E%7B%3Fs%3Fp%3Fo%7D%7D", {}, 403),
    ("GET", "/sparql?query=ASK%7B%7D", {"headers": {"Accept": "image/png"}}, 406),
    ("GET", "/sparql?query=SELECT%20(%22%FF%FE%C3%28%22%20AS%20%3Fx)%20%7B%7D", {}, 400),
    ("PUT", "/sparql", {}, 405),
    ("POST", "/sparql", {"content": b"ASK {}", "headers": {"Content-Type": "text/plain"}}, 415),
    ("POST", "/sparql", {"content": b"ASK {}" + b" " * 5000,
                         "headers": {"Content-Type": "application/sparql-query"}}, 413),
    ("POST", "/api/ask", {"json": {"question": ""}}, 400),
    ("POST", "/api/ask", {"json": {"question": "x" * 3000}}, 413),
    ("POST", "/api/ask", {"content": b"{not json", "headers": {"Content-Type": "application/json"}},
     400),
    ("POST", "/api/ask", {"json": {"history": []}}, 422),
    ("GET", "/api/ask", {}, 405),
    ("GET", "/api/entity/Nobody_At_All", {}, 404),
    ("GET", "/api/entities?limit=abc", {}, 422),
    ("GET", "/api/nothing-here", {}, 404),
]


def assert_shape(resp, status: int) -> None:
    assert resp.status_code == status, resp.text
    assert resp.headers["content-type"].split(";")[0] == "application/json"
    body = resp.json()
    assert list(body) == ["error"]
    err = body["error"]
    assert set(err) <= {"code", "message", "details"}
    assert re.fullmatch(r"[a-z][a-z0-9_]*", err["code"]), err
    assert isinstance(err["message"], str) and len(err["message"]) > 10
    if "details" in err:
        assert isinstance(err["details"], list)


@pytest.fixture(scope="module")
def client(kg, settings, engine):
    app = create_app(settings.replace(max_request_bytes=4096, max_question_chars=2000),
                     kg=kg, engine=engine, mount_ui=False)
    with TestClient(app, raise_server_exceptions=False) as c:
        yield c


@pytest.mark.parametrize("method,url,kwargs,status", CASES,
                         ids=[f"{m} {u[:40]} {s}" for m, u, _, s in CASES])
def test_client_faults_share_the_shape(client, method, url, kwargs, status):
    assert_shape(client.request(method, url, **kwargs), status)


def test_timeout_shares_the_shape(kg, settings, engine):
    app = create_app(settings.replace(query_timeout=0.3), kg=kg, engine=engine, mount_ui=False)
    heavy = heavy_query(250)  # a few seconds of work, far past the limit
    with TestClient(app, raise_server_exceptions=False) as c:
        assert_shape(c.get("/sparql", params={"query": heavy}), 503)


def closed_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]  # nothing listens here once the socket closes


def test_server_fault_is_5xx_in_the_shape(settings):
    """A store that cannot be reached is the server's fault, not the client's."""
    url = f"http://127.0.0.1:{closed_port()}/sparql"
    remote_settings = settings.replace(store=f"sparql:{url}")
    kg = KnowledgeGraph.from_settings(remote_settings)
    app = create_app(remote_settings, kg=kg, mount_ui=False)
    with TestClient(app, raise_server_exceptions=False) as c:
        resp = c.get("/sparql", params={"query": "ASK { ?s ?p ?o }"})
        assert 500 <= resp.status_code < 600
        assert_shape(resp, resp.status_code)
        assert url in resp.json()["error"]["message"]
