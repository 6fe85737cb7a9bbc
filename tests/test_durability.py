"""Acknowledged updates survive ``kill -9`` of the server, whole, on an ``oxigraph:`` store.

A real server (the app uvicorn serves in production) on a store on disk takes a stream of
SHACL-validated updates, each replacing one entity's label, comment and a value with the same
counter, and is killed with SIGKILL half-way through the stream. A second server on the same
store must show the last acknowledged update (or the one in flight, never an older one), never
parts of two, a graph that still conforms to the shapes, and answers from that same version; the
QA index then built from the on-disk cache holds that version's texts.
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import threading
import time
from pathlib import Path

import httpx
import numpy as np
import pytest
from conftest import free_port, stop_process, wait_healthy

from test_snapshots import STEP, counters

pytestmark = pytest.mark.server

TOKEN = "durability-test-token"
STARTUP_SECONDS = 180
KILL_AFTER = 12        # acknowledged updates before the kill
WIDGET_TRIPLES = """SELECT ?p ?o WHERE { <https://kgqa.dev/id/TestWidgetCo> ?p ?o }"""


class Server:
    def __init__(self, store: Path, cache: Path, log: Path):
        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        self.log_path = log
        env = {k: v for k, v in os.environ.items() if not k.startswith("KGQA_")}
        env.update({"KGQA_HOST": "127.0.0.1", "KGQA_PORT": str(self.port),
                    "KGQA_STORE": f"oxigraph:{store}", "KGQA_CACHE_DIR": str(cache),
                    "KGQA_ALLOW_UPDATE": "true", "KGQA_UPDATE_TOKEN": TOKEN,
                    "GRADIO_ANALYTICS_ENABLED": "False", "PYTHONUNBUFFERED": "1"})
        cmd = [sys.executable, "-m", "uvicorn", "--factory",
               "kgqa.service.app:create_app_from_env", "--host", "127.0.0.1",
               "--port", str(self.port), "--workers", "1"]
        with open(log, "wb") as out:
            self.proc = subprocess.Popen(cmd, stdout=out, stderr=subprocess.STDOUT, env=env)
        wait_healthy(self.proc, self.url, STARTUP_SECONDS, log)

    def log(self) -> str:
        return self.log_path.read_text(errors="replace")[-4000:]

    def rows(self, query: str) -> list[dict]:
        resp = httpx.get(self.url + "/sparql", params={"query": query},
                         headers={"Accept": "application/sparql-results+json"}, timeout=30)
        assert resp.status_code == 200, resp.text
        return [{k: v["value"] for k, v in b.items()} for b in resp.json()["results"]["bindings"]]

    def stop(self) -> None:
        stop_process(self.proc, grace=30)


def test_acknowledged_updates_survive_kill_9(tmp_path):
    store, cache = tmp_path / "kg.oxigraph", tmp_path / "cache"
    first = Server(store, cache, tmp_path / "first.log")
    acked, sent = [0], [0]
    stop = threading.Event()
    failures: list[str] = []

    def stream():
        auth = {"Authorization": f"Bearer {TOKEN}",
                "Content-Type": "application/sparql-update"}
        with httpx.Client(base_url=first.url, timeout=60) as client:
            n = 0
            while not stop.is_set():
                n += 1
                sent[0] = n
                try:
                    resp = client.post("/sparql", content=STEP.format(n=n), headers=auth)
                except httpx.HTTPError:
                    return   # the server is gone: this update was never acknowledged
                if resp.status_code != 204:
                    failures.append(f"update {n}: {resp.status_code} {resp.text}")
                    return
                acked[0] = n

    writer = threading.Thread(target=stream)
    try:
        writer.start()
        deadline = time.monotonic() + 240
        while acked[0] < KILL_AFTER and writer.is_alive() and time.monotonic() < deadline:
            time.sleep(0.01)
        # Mid-stream: the next update is on its way or being validated or committed.
        os.kill(first.proc.pid, signal.SIGKILL)
        first.proc.wait()
        stop.set()
        writer.join(timeout=60)
    finally:
        stop.set()
        first.stop()
    assert not failures, failures
    assert acked[0] >= KILL_AFTER, f"only {acked[0]} updates acknowledged:\n{first.log()}"
    last_acked, last_sent = acked[0], sent[0]

    second = Server(store, cache, tmp_path / "second.log")
    try:
        rows = second.rows(WIDGET_TRIPLES)
        found = counters(rows)
        assert len(found) == 1, f"parts of two updates after the restart: {rows}"
        (n,) = found
        assert last_acked <= n <= last_sent, (n, last_acked, last_sent)
        assert len(rows) == 4, f"the update is not whole: {rows}"
        resp = httpx.post(second.url + "/api/ask", timeout=120,
                          json={"question": "What is Test Widget Co and what is its step?"})
        assert resp.status_code == 200, resp.text
        assert counters(resp.json()) == {n}, resp.json()
    finally:
        second.stop()

    # The server is gone, so the store can be opened here: it conforms, and the QA index read
    # from the cache the servers wrote holds this version's texts.
    from kgqa.graph import KnowledgeGraph
    from kgqa.qa import QAEngine
    from kgqa.settings import Settings

    settings = Settings(store=f"oxigraph:{store}", cache_dir=str(cache))
    kg = KnowledgeGraph.from_settings(settings)
    try:
        report = kg.validate()
        assert report.conforms, report.text
        engine = QAEngine(kg, settings)
        index = engine.index()
        fb = engine._state()[0]
        widget = [f for f in fb.facts.values() if f"Test Widget Co v{n}" in f.text]
        assert widget, "the restored facts lack the last update"
        assert all(f.id in index.pos for f in widget)
        fresh = engine.embedder.encode([f.text for f in widget])
        stored = np.stack([index.vector(f.id) for f in widget])
        assert np.allclose(stored, fresh, atol=1e-4), index.stats
    finally:
        kg.close()
