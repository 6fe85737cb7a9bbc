"""Shared fixtures. Expensive things (the default graph, the model, the QA engine) load once."""

from __future__ import annotations

import os
import socket
from pathlib import Path

import pytest

from kgqa.graph import KnowledgeGraph
from kgqa.settings import Settings

REPO = Path(__file__).resolve().parents[1]
SHARED = REPO.parent / "shared"
IN_CI = os.environ.get("CI", "").lower() in {"1", "true", "yes"}


def shared_path(*parts: str) -> Path:
    """A path under ../shared; skips outside CI when it is missing, fails in CI."""
    path = SHARED.joinpath(*parts)
    if not path.exists():
        if IN_CI:
            pytest.fail(f"{path} is missing; CI must have ../shared beside the clone")
        pytest.skip(f"{path} is missing (it lives beside the clone, in ../shared)")
    return path


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture(scope="session")
def settings(tmp_path_factory) -> Settings:
    """Default settings with a per-session embedding cache folder."""
    return Settings(cache_dir=str(tmp_path_factory.mktemp("kgqa-cache")))


@pytest.fixture(scope="session")
def kg() -> KnowledgeGraph:
    """The embedded Microsoft–OpenAI graph in the memory store. Tests must not change it."""
    return KnowledgeGraph.default()


@pytest.fixture(scope="session")
def engine(kg, settings):
    """One QA engine (model and index loaded once) over the default graph."""
    from kgqa.qa import QAEngine

    return QAEngine(kg, settings)


@pytest.fixture(scope="session")
def oxigraph_server(tmp_path_factory):
    """A real Oxigraph SPARQL server (the PyPI `oxigraph` binary) on 127.0.0.1, empty at start.

    Yields its base URL; queries go to BASE/query and updates to BASE/update.
    """
    import shutil
    import subprocess
    import sys
    import time

    import httpx

    binary = shutil.which("oxigraph") or str(Path(sys.executable).with_name("oxigraph"))
    if not Path(binary).exists():
        pytest.fail("the oxigraph server binary is missing: pip install oxigraph (in .[test])")
    port = free_port()
    proc = subprocess.Popen([binary, "serve", "--location", str(tmp_path_factory.mktemp("oxi")),
                             "--bind", f"127.0.0.1:{port}"],
                            stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    base = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 20
    while time.monotonic() < deadline:
        try:
            if httpx.get(base + "/query", params={"query": "ASK {}"}, timeout=1).status_code == 200:
                break
        except httpx.HTTPError:
            time.sleep(0.1)
    else:
        proc.kill()
        pytest.fail(f"oxigraph server did not start: {proc.stderr.read().decode()[:500]}")
    yield base
    proc.terminate()
    proc.wait(timeout=10)
