"""``GET /sparql`` from a browser is the YASGUI editor, served by the app with its own copy of
the bundle; machine clients get what they always got (the service description, or results)."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from fastapi.testclient import TestClient
from rdflib import Graph, Namespace

from kgqa.examples import graph_prefixes, ui_examples
from kgqa.graph import KnowledgeGraph
from kgqa.service import yasgui
from kgqa.service.app import create_app

REPO = Path(__file__).resolve().parents[1]
ORCHESTRA = REPO / "qa" / "data" / "domains" / "orchestra" / "graph.ttl"
SD = Namespace("http://www.w3.org/ns/sparql-service-description#")
BROWSER = "text/html,application/xhtml+xml,application/xml;q=0.9,image/avif,image/webp,*/*;q=0.8"
MAX_VENDORED_BYTES = 3_000_000


@pytest.fixture(scope="module")
def client(kg, settings, engine):
    app = create_app(settings, kg=kg, engine=engine, mount_ui=False, warm=False)
    with TestClient(app) as c:
        yield c


def page_config(html: str) -> dict:
    found = re.search(r'<script id="kgqa-config" type="application/json">(.*?)</script>', html,
                      re.S)
    assert found, "the page carries no config"
    return json.loads(found.group(1))


def test_a_browser_gets_the_editor_pointed_at_the_endpoint(client, kg):
    resp = client.get("/sparql", headers={"Accept": BROWSER})
    assert resp.status_code == 200
    assert resp.headers["content-type"].startswith("text/html")
    assert "accept" in resp.headers["vary"].lower()
    config = page_config(resp.text)
    assert config["endpoint"] == "http://testserver/sparql"
    queries = ui_examples(kg)[2]
    assert [e["name"] for e in config["examples"]] == list(queries)
    assert [e["query"] for e in config["examples"]] == list(queries.values())
    assert config["prefixes"]["kgqa"] == "https://kgqa.dev/ontology#"
    assert config["prefixes"]["rdfs"] == "http://www.w3.org/2000/01/rdf-schema#"
    assert "PREFIX kgqa: <https://kgqa.dev/ontology#>" in config["new_tab_query"]
    # Every query the page offers runs on the graph it is served with.
    for example in config["examples"]:
        kg.query(example["query"], timeout=10, limit=10)
    kg.query(config["new_tab_query"], timeout=10, limit=10)


def test_the_editor_loads_its_files_from_the_app(client):
    html = client.get("/sparql", headers={"Accept": BROWSER}).text
    urls = re.findall(r'(?:src|href)="([^"]+\.(?:js|css))"', html)
    assert sorted(Path(u).name for u in urls) == ["yasgui.min.css", "yasgui.min.js"]
    for url in urls:
        assert url.startswith("http://testserver/sparql/static/"), url  # no CDN
        resp = client.get(url)
        assert resp.status_code == 200 and len(resp.content) > 10_000
    assert client.get("/sparql/static/LICENSE").status_code == 200
    assert client.get("/sparql/static/../readiness.py").status_code == 404


@pytest.mark.parametrize("accept", [None, "*/*", "text/turtle", "application/rdf+xml",
                                    "text/html;q=0.5, text/turtle", "text/html, text/turtle"])
def test_machine_clients_still_get_the_service_description(client, accept):
    headers = {"Accept": accept} if accept else {}
    resp = client.get("/sparql", headers=headers)
    assert resp.status_code == 200
    assert not resp.headers["content-type"].startswith("text/html")
    fmt = "xml" if "rdf+xml" in resp.headers["content-type"] else "turtle"
    g = Graph().parse(data=resp.content, format=fmt)
    assert any(g.triples((None, SD.endpoint, None)))


def test_a_query_from_a_browser_gets_results_not_the_editor(client):
    resp = client.get("/sparql", params={"query": "ASK { ?s ?p ?o }"}, headers={"Accept": BROWSER})
    assert resp.status_code == 200
    assert not resp.headers["content-type"].startswith("text/html")
    resp = client.get("/sparql", params={"format": "turtle"}, headers={"Accept": BROWSER})
    assert resp.headers["content-type"].startswith("text/turtle")


def test_graph_text_cannot_break_out_of_the_page():
    evil = "</script><script>alert(1)</script>"
    config = {"endpoint": "http://x/sparql", "prefixes": {}, "new_tab_query": evil,
              "examples": [{"name": evil, "query": evil}]}
    html = yasgui.editor_page(config, "http://x/sparql/static/", "http://x/")
    assert "alert(1)" in html and "<script>alert(1)" not in html
    assert page_config(html) == config


def test_another_graph_gets_its_own_examples_and_prefixes():
    kg = KnowledgeGraph.load([ORCHESTRA])
    config = yasgui.editor_config(kg, "http://x/sparql")
    assert config["prefixes"]["m"] == "https://example.org/music#"  # declared in the file
    assert "kgqa" not in config["prefixes"]
    names = " ".join(e["name"] + e["query"] for e in config["examples"])
    assert "kgqa.dev" not in names and "Microsoft" not in names
    for example in config["examples"]:
        assert kg.query(example["query"], timeout=10, limit=100).raw_rows, example["name"]
    assert graph_prefixes(kg) == config["prefixes"]


def test_the_vendored_bundle_is_small_and_its_version_is_in_the_readme():
    files = sorted(p.name for p in yasgui.STATIC_DIR.iterdir())
    assert files == ["LICENSE", "yasgui.min.css", "yasgui.min.js"]
    total = sum(p.stat().st_size for p in yasgui.STATIC_DIR.iterdir())
    assert total < MAX_VENDORED_BYTES, f"{total:,} bytes vendored"
    license_text = (yasgui.STATIC_DIR / "LICENSE").read_text()
    version = re.search(r"@zazuko/yasgui (\d+\.\d+\.\d+)", license_text).group(1)
    assert "MIT License" in license_text
    assert f"@zazuko/yasgui` {version}" in (REPO / "README.md").read_text()
