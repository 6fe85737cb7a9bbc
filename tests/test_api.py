"""The JSON API in-process through httpx, over the embedded graph and the real QA engine."""

from __future__ import annotations

import time
from urllib.parse import quote

import pytest
from fastapi.testclient import TestClient

from kgqa.graph import KnowledgeGraph
from kgqa.service.app import create_app
from conftest import free_port

ANSWER_KEYS = {"answer", "entities", "evidence", "confidence", "abstained", "sparql", "timings",
               "answers"}


@pytest.fixture(scope="module")
def client(kg, settings, engine):
    app = create_app(settings, kg=kg, engine=engine, mount_ui=False)
    with TestClient(app, raise_server_exceptions=False) as c:
        yield c


@pytest.fixture(autouse=True)
def read_only(kg):
    """Every request here is a read: the graph must be exactly as before."""
    before = (sum(1 for _ in kg.triples()), kg.content_hash())
    yield
    assert (sum(1 for _ in kg.triples()), kg.content_hash()) == before


def error_of(resp, status: int) -> dict:
    assert resp.status_code == status, resp.text
    body = resp.json()
    assert set(body) == {"error"}
    return body["error"]


# --- /api/ask ------------------------------------------------------------------------------

def test_ask_returns_the_engine_answer_unchanged(client, engine):
    question = "What leverage does OpenAI hold?"
    resp = client.post("/api/ask", json={"question": question})
    assert resp.status_code == 200, resp.text
    body = resp.json()
    assert set(body) == ANSWER_KEYS
    direct = engine.ask(question, []).to_dict()
    # Same answer and evidence as calling the engine directly; only timings differ run to run.
    assert {k: v for k, v in body.items() if k != "timings"} == \
           {k: v for k, v in direct.items() if k != "timings"}
    assert not body["abstained"]
    assert body["evidence"], "an answered question must carry its evidence"
    assert all(e["source"] is None or e["source"]["title"] for e in body["evidence"])


def test_follow_up_uses_history(client, engine):
    history = [{"role": "user", "content": "How much has Microsoft invested in OpenAI?"}]
    first = engine.ask(history[0]["content"], []).to_dict()
    history.append({"role": "assistant", "content": first["answer"]})
    resp = client.post("/api/ask", json={"question": "And when was that?", "history": history})
    assert resp.status_code == 200, resp.text
    body = resp.json()
    direct = engine.ask("And when was that?", history).to_dict()
    assert body["answer"] == direct["answer"]
    assert {e["iri"] for e in body["entities"]} == {e["iri"] for e in direct["entities"]}


@pytest.mark.parametrize("question", ["", "   ", "\n\t"])
def test_empty_question_is_400(client, question):
    err = error_of(client.post("/api/ask", json={"question": question}), 400)
    assert "empty" in err["message"].lower()


def test_too_long_question_is_413_naming_the_limit(client, settings):
    question = "why " * (settings.max_question_chars // 4 + 10)
    err = error_of(client.post("/api/ask", json={"question": question}), 413)
    assert str(settings.max_question_chars) in err["message"]


def test_bad_json_is_400(client):
    resp = client.post("/api/ask", content=b'{"question": "unterminated',
                       headers={"Content-Type": "application/json"})
    err = error_of(resp, 400)
    assert err["code"] == "invalid_json"


@pytest.mark.parametrize("body,field", [
    ({}, "question"),
    ({"question": 42}, "question"),
    ({"question": "Who?", "history": "not a list"}, "history"),
    ({"question": "Who?", "history": [{"role": "user"}]}, "content"),
])
def test_wrong_fields_are_422_naming_the_field(client, body, field):
    err = error_of(client.post("/api/ask", json=body), 422)
    assert field in err["message"]


# --- entities ----------------------------------------------------------------------------------

def test_entities_autocomplete_finds_labels(client, kg):
    entity = next(e for e in kg.entities() if len(e.label) >= 5)
    prefix = entity.label[:5]
    resp = client.get("/api/entities", params={"q": prefix, "limit": 5})
    assert resp.status_code == 200
    hits = resp.json()
    assert 0 < len(hits) <= 5
    assert all({"iri", "label", "score"} <= set(h) for h in hits)
    assert [h["iri"] for h in hits] == [str(e.iri) for e, _ in kg.search_entities(prefix, limit=5)]


def test_entities_blank_query_is_empty_and_bad_limit_is_422(client):
    assert client.get("/api/entities", params={"q": " "}).json() == []
    err = error_of(client.get("/api/entities", params={"q": "a", "limit": 0}), 422)
    assert "limit" in err["message"]


def test_entity_by_local_name_and_by_encoded_iri(client, kg):
    entity = max(kg.entities(), key=lambda e: sum(1 for _ in kg.triples(s=e.iri)))
    iri = str(entity.iri)
    assert iri.startswith("https://kgqa.dev/id/")
    local = iri.rsplit("/", 1)[1]
    by_name = client.get(f"/api/entity/{local}")
    by_iri = client.get("/api/entity/" + quote(iri, safe=""))
    assert by_name.status_code == by_iri.status_code == 200
    view = by_name.json()
    assert view == by_iri.json()
    assert view["iri"] == iri and view["label"] == entity.label
    # Every outgoing fact of the entity is listed (labels, types and comment sit in the header).
    header = {"http://www.w3.org/1999/02/22-rdf-syntax-ns#type",
              "http://www.w3.org/2000/01/rdf-schema#label",
              "http://www.w3.org/2004/02/skos/core#altLabel",
              "http://www.w3.org/2000/01/rdf-schema#comment"}
    expected = {(str(p), str(o)) for _, p, o in kg.triples(s=entity.iri) if str(p) not in header}
    got = {(f["predicate"]["iri"], f["object"].get("iri", f["object"].get("value")))
           for f in view["facts"]}
    assert got == expected
    assert view["neighbours"], "the best-connected entity has neighbours"


def test_unknown_entity_is_404(client):
    err = error_of(client.get("/api/entity/No_Such_Entity_xyz"), 404)
    assert err["code"] == "unknown_entity"
    assert "No_Such_Entity_xyz" in err["message"]


# --- health, stats, docs -------------------------------------------------------------------------

def test_health_reports_readiness(client, kg):
    assert client.app.state.readiness.wait(120), "the warm-up question was never answered"
    resp = client.get("/api/health")
    assert resp.status_code == 200
    body = resp.json()
    assert body["ready"] is True and body["graph_loaded"] is True and body["status"] == "ok"
    assert body["triples"] == sum(1 for _ in kg.triples())
    assert body["model_loaded"] is True
    assert body["warm_up_question"] and body["warm_up_s"] >= 0


def test_health_is_503_while_the_warm_up_cannot_answer(settings):
    """A store that is down: the warm-up question fails and is retried, and health says 503
    (not ready, with the reason) instead of hanging or claiming ready."""
    url = f"http://127.0.0.1:{free_port()}/sparql"  # nothing listens there
    remote = settings.replace(store=f"sparql:{url}", query_workers=0)
    app = create_app(remote, kg=KnowledgeGraph.from_settings(remote), mount_ui=False)
    with TestClient(app, raise_server_exceptions=False) as c:
        for _ in range(3):
            resp = c.get("/api/health")
            assert resp.status_code == 503, resp.text
            body = resp.json()
            assert body["ready"] is False and body["status"] == "starting"
            assert url in body["graph_error"]
            assert resp.headers["retry-after"]
        readiness = app.state.readiness
        deadline = time.monotonic() + 30
        while readiness.error is None and time.monotonic() < deadline:
            time.sleep(0.1)
        assert url in (readiness.error or ""), readiness.error
        assert not readiness.ready


def test_without_warm_up_health_is_ready_at_once(kg, settings, engine):
    app = create_app(settings, kg=kg, engine=engine, mount_ui=False, warm=False)
    with TestClient(app) as c:
        resp = c.get("/api/health")
        assert resp.status_code == 200 and resp.json()["ready"] is True


def test_a_server_process_freezes_what_its_warm_up_built(kg, settings, engine):
    # kgqa serve freezes the collector's view of the graph, index and model once warm (a full
    # collection over them stopped the event loop for ~300-400 ms); an app built for a process
    # it shares (these tests) leaves the collector alone.
    import gc

    before = gc.get_freeze_count()
    with TestClient(create_app(settings, kg=kg, engine=engine, mount_ui=False)) as c:
        assert c.app.state.readiness.wait(120)
        assert gc.get_freeze_count() == before
    app = create_app(settings, kg=kg, engine=engine, mount_ui=False, freeze_heap=True)
    try:
        with TestClient(app) as c:
            assert app.state.readiness.wait(120), "the warm-up question was never answered"
            assert c.get("/api/health").status_code == 200
            assert gc.get_freeze_count() > before + 10_000
    finally:
        gc.unfreeze()


def test_stats_are_the_graph_stats(client, kg):
    resp = client.get("/api/stats")
    assert resp.status_code == 200
    assert resp.json()["triples"] == kg.stats()["triples"]


def test_openapi_docs(client):
    assert client.get("/docs").status_code == 200
    paths = client.get("/openapi.json").json()["paths"]
    assert {"/api/ask", "/api/entities", "/api/entity/{id}", "/api/health", "/api/stats",
            "/sparql"} <= set(paths)


def test_unknown_api_path_is_404_in_the_error_shape(client):
    err = error_of(client.get("/api/does-not-exist"), 404)
    assert err["code"] == "not_found"
