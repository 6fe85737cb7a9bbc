"""The full app in a real uvicorn process: start-up, every interface over TCP, and a slow query
that must not hold up anyone else."""

from __future__ import annotations

import threading
import time

import httpx
import pytest

from kgqa.service.app import startup_banner
from kgqa.settings import Settings
from sparql_results import heavy_query

pytest_plugins = ["live_server"]
pytestmark = pytest.mark.server

QUICK = "SELECT ?s WHERE { ?s ?p ?o } LIMIT 1"
HEAVY = heavy_query(350)  # ~7 s of work, far past the server's 1.5 s limit


def test_health_over_tcp(live_server, kg):
    body = httpx.get(live_server.url + "/api/health", timeout=10).json()
    assert body["ready"] is True
    assert body["triples"] == len(kg)


def test_health_is_503_until_a_question_can_be_answered(live_server):
    """Start-up seen from outside: nothing listening, then 503 (warming up) answered promptly,
    then 200; never 200 before an answer can come, and never back to 503."""
    polls = live_server.health_polls
    statuses = [status for status, _ in polls]
    answered = [s for s in statuses if s is not None]
    assert answered and answered[-1] == 200, polls[-5:]
    first_answer = statuses.index(answered[0])
    # Once the server answers at all, every poll gets an answer: warm-up never blocks health.
    assert None not in statuses[first_answer:], polls[first_answer:]
    assert answered.count(200) == 1 and set(answered[:-1]) <= {503}, statuses
    assert 503 in answered, "health said 200 before the warm-up could have run"
    for status, body in polls[first_answer:-1]:
        assert body["ready"] is False and body["status"] == "starting", body
    ready = polls[-1][1]
    assert ready["ready"] is True and ready["model_loaded"] is True
    assert ready["warm_up_question"] and ready["warm_up_s"] > 0


def test_first_question_after_ready_is_answered(live_server):
    resp = live_server.first_ask
    assert resp is not None and resp.status_code == 200, resp and resp.text
    body = resp.json()
    assert not body["abstained"] and body["evidence"], body["answer"]
    assert "Altman" in body["answer"]


def test_ready_is_logged(live_server):
    log = live_server.log()
    assert "ready: answered the warm-up question" in log, log[-3000:]


def test_startup_log_names_each_interface(live_server):
    port = live_server.url.rsplit(":", 1)[1]
    log = live_server.log()
    for path in ("/sparql", "/api", "/docs"):
        assert f"http://127.0.0.1:{port}{path}" in log, log[-2000:]


def test_startup_banner_for_all_interfaces():
    banner = startup_banner(Settings(host="0.0.0.0", port=8123, allow_update=True,
                                     update_token="t"))
    assert "http://127.0.0.1:8123/sparql" in banner
    assert "all interfaces" in banner
    assert "read-write" in banner


def test_ui_is_mounted_at_root(live_server):
    from kgqa import ui

    if not hasattr(ui, "build_ui"):
        pytest.skip("kgqa.ui has no build_ui yet, so the app serves no UI")
    resp = httpx.get(live_server.url + "/", timeout=30)
    assert resp.status_code == 200
    assert "text/html" in resp.headers["content-type"]


def test_ask_over_tcp(live_server):
    resp = httpx.post(live_server.url + "/api/ask",
                      json={"question": "What leverage does OpenAI hold?"}, timeout=120)
    assert resp.status_code == 200, resp.text
    assert resp.json()["evidence"]


def test_slow_query_times_out_while_others_are_served(live_server):
    """The server runs with a 1.5 s limit (KGQA_QUERY_TIMEOUT)."""
    outcome = {}

    def heavy():
        t0 = time.monotonic()
        outcome["resp"] = httpx.get(live_server.url + "/sparql", params={"query": HEAVY},
                                    timeout=60)
        outcome["elapsed"] = time.monotonic() - t0

    thread = threading.Thread(target=heavy)
    thread.start()
    time.sleep(0.3)
    quick = []
    with httpx.Client(base_url=live_server.url, timeout=10) as client:
        while thread.is_alive() and len(quick) < 20:
            t0 = time.monotonic()
            r = client.get("/sparql", params={"query": QUICK})
            assert r.status_code == 200
            quick.append(time.monotonic() - t0)
    thread.join(timeout=60)
    resp = outcome["resp"]
    assert resp.status_code == 503, resp.text
    assert "--query-timeout" in resp.json()["error"]["message"]
    assert outcome["elapsed"] < 5
    assert quick and max(quick) < 1.0, quick
    # The server stays healthy after the timeout.
    assert httpx.get(live_server.url + "/api/health", timeout=10).status_code == 200


def test_concurrent_clients(live_server):
    results = []

    def worker():
        with httpx.Client(base_url=live_server.url, timeout=30) as client:
            for _ in range(5):
                results.append(client.get("/sparql", params={"query": QUICK})
                               .status_code)

    threads = [threading.Thread(target=worker) for _ in range(8)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert results == [200] * 40
