"""A pytest plugin with one real uvicorn server, shared by the modules that talk to it over TCP.

Modules opt in with ``pytest_plugins = ["live_server"]``. The server runs the full app (UI
mounted when kgqa.ui provides it) from ``kgqa.service.app:create_app_from_env`` in a subprocess
on a free port of 127.0.0.1, configured only through ``KGQA_*`` environment variables.
"""

from __future__ import annotations

import os
import subprocess
import sys
from dataclasses import dataclass, field
from pathlib import Path

import httpx
import pytest
from conftest import free_port, stop_process, wait_healthy

UPDATE_TOKEN = "test-token-for-live-server"
STARTUP_SECONDS = 120  # the first start compiles Gradio's assets and imports torch


FIRST_QUESTION = "Who leads OpenAI?"


@dataclass
class LiveServer:
    url: str
    process: subprocess.Popen
    log_path: Path
    # What start-up looked like from outside: each /api/health poll as (status code, body) or
    # (None, exception name) while nothing answered, and the answer to the question asked the
    # moment health first said 200.
    health_polls: list = field(default_factory=list)
    first_ask: httpx.Response | None = None

    def log(self) -> str:
        return self.log_path.read_text(errors="replace")


@pytest.fixture(scope="session")
def live_server(tmp_path_factory) -> LiveServer:
    port = free_port()
    log_path = tmp_path_factory.mktemp("live_server") / "server.log"
    env = {k: v for k, v in os.environ.items() if not k.startswith("KGQA_")}
    env.update({
        "KGQA_HOST": "127.0.0.1",
        "KGQA_PORT": str(port),
        "KGQA_QUERY_TIMEOUT": "1.5",
        "KGQA_RESULT_LIMIT": "500",
        # The live server is read-only like a default deployment; update tests run in-process.
        "KGQA_ALLOW_UPDATE": "false",
        "GRADIO_ANALYTICS_ENABLED": "False",
        "PYTHONUNBUFFERED": "1",
    })
    if "KGQA_CACHE_DIR" in os.environ:
        env["KGQA_CACHE_DIR"] = os.environ["KGQA_CACHE_DIR"]
    cmd = [sys.executable, "-m", "uvicorn", "--factory", "kgqa.service.app:create_app_from_env",
           "--host", "127.0.0.1", "--port", str(port), "--workers", "1", "--log-level", "info"]
    with open(log_path, "wb") as log:
        proc = subprocess.Popen(cmd, stdout=log, stderr=subprocess.STDOUT, env=env)
    server = LiveServer(f"http://127.0.0.1:{port}", proc, log_path)
    try:
        wait_healthy(proc, server.url, STARTUP_SECONDS, log_path, what="uvicorn",
                     on_poll=lambda status, body: server.health_polls.append((status, body)))
        server.first_ask = httpx.post(server.url + "/api/ask", json={"question": FIRST_QUESTION},
                                      timeout=60)
        yield server
    finally:
        stop_process(proc)
