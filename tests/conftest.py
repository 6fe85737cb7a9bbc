"""Shared fixtures. Expensive things (the default graph, the model, the QA engine) load once."""

from __future__ import annotations

import contextlib
import os
import shutil
import socket
import subprocess
import time
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


def wait_healthy(proc: subprocess.Popen, url: str, seconds: float, log_path: Path,
                 what: str = "the server", on_poll=None) -> None:
    """Poll ``url``/api/health until it answers 200. Fails the test, with the log's tail, when
    the process exits or ``seconds`` pass (stopping it first). ``on_poll(status, body)`` sees
    every poll: the status and JSON body, or ``None`` and the exception's name."""
    import httpx

    def tail() -> str:
        return log_path.read_text(errors="replace")[-4000:]

    deadline = time.monotonic() + seconds
    while True:
        if proc.poll() is not None:
            pytest.fail(f"{what} exited with {proc.returncode}:\n{tail()}")
        try:
            resp = httpx.get(url + "/api/health", timeout=5)
            if on_poll:
                on_poll(resp.status_code, resp.json())
            if resp.status_code == 200:
                return
        except httpx.HTTPError as exc:
            if on_poll:
                on_poll(None, type(exc).__name__)
        if time.monotonic() > deadline:
            stop_process(proc)
            pytest.fail(f"{what} did not answer within {seconds:.0f} s:\n{tail()}")
        time.sleep(0.2)


def stop_process(proc: subprocess.Popen, grace: float = 15) -> None:
    """SIGTERM, then SIGKILL after ``grace`` seconds; nothing when it has already exited."""
    if proc.poll() is None:
        proc.terminate()
        try:
            proc.wait(timeout=grace)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()


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
    import sys

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


VIRTUOSO_INI = """\
[Database]
DatabaseFile       = {db}/virtuoso.db
ErrorLogFile       = {db}/virtuoso.log
LockFile           = {db}/virtuoso.lck
TransactionFile    = {db}/virtuoso.trx
xa_persistent_file = {db}/virtuoso.pxa
TempStorage        = TempDatabase
[TempDatabase]
DatabaseFile       = {db}/virtuoso-temp.db
TransactionFile    = {db}/virtuoso-temp.trx
[Parameters]
ServerPort         = 127.0.0.1:{sql_port}
DisableUnixSocket  = 1
; 2, as in Debian's sample virtuoso.ini; with 1, the built-in default, Virtuoso answers ASK
; as a SELECT of one column, __ASK_RETVAL
CaseMode           = {case_mode}
NumberOfBuffers    = {buffers}
MaxDirtyBuffers    = {dirty}
ThreadsPerQuery    = 2
DirsAllowed        = .
[HTTPServer]
ServerPort         = 127.0.0.1:{http_port}
ServerRoot         = {db}
ServerThreads      = 4
Charset            = UTF-8
[SPARQL]
; Virtuoso cuts every SELECT result at this many rows (10,000 in Debian's sample virtuoso.ini);
; the QA engine reads whole label and predicate tables in one query.
ResultSetMaxRows   = {max_rows}
MaxQueryExecutionTime = 60
"""

#: the default graph of the Virtuoso endpoints the tests start (see ``virtuoso_server``)
VIRTUOSO_DEFAULT_GRAPH = "urn:kgqa:default"


def _virtuoso_binaries() -> tuple[str, str]:
    binary, isql = shutil.which("virtuoso-t"), shutil.which("isql-vt")
    if not binary or not isql:
        message = ("Virtuoso is not installed (virtuoso-t and isql-vt, from Debian's "
                   "virtuoso-opensource package): run `make system-deps`")
        if IN_CI:
            pytest.fail(message)
        pytest.skip(message)
    return binary, isql


@contextlib.contextmanager
def running_virtuoso(folder: Path, *, max_rows: int = 1_000_000, case_mode: int = 2,
                     buffers: int = 10000, extra_sql: str = "", sql_timeout: float = 60):
    """Start Virtuoso open source on 127.0.0.1 with an empty database in ``folder``.

    Yields the endpoint URL, BASE/sparql, which takes queries and updates alike; stops the
    server on exit. ``max_rows`` and ``case_mode`` are its ResultSetMaxRows and CaseMode,
    ``buffers`` its NumberOfBuffers (8 KB pages of cache); ``extra_sql`` runs after the set-up
    (``bench/big_graph.py`` bulk-loads a file put in ``folder`` with it). See
    ``virtuoso_server`` for the set-up; skips (fails under CI=true) when Virtuoso is not
    installed.
    """
    import httpx

    binary, isql = _virtuoso_binaries()
    sql_port = free_port()
    http_port = free_port()
    while http_port == sql_port:
        http_port = free_port()
    (folder / "virtuoso.ini").write_text(VIRTUOSO_INI.format(
        db=folder, sql_port=sql_port, http_port=http_port, max_rows=max_rows,
        case_mode=case_mode, buffers=buffers, dirty=buffers * 3 // 4))
    log = folder / "virtuoso.log"
    with open(folder / "stdout.log", "wb") as out:
        proc = subprocess.Popen([binary, "+foreground", "+configfile", "virtuoso.ini"],
                                cwd=folder, stdout=out, stderr=subprocess.STDOUT)
    try:
        url = f"http://127.0.0.1:{http_port}/sparql"
        deadline = time.monotonic() + 60   # a new database takes a few seconds to create
        while True:
            if proc.poll() is not None:
                raise RuntimeError(f"exited with status {proc.returncode} while starting")
            try:
                if httpx.get(url, params={"query": "ASK {}"}, timeout=2).status_code == 200:
                    break
            except httpx.HTTPError:
                pass
            if time.monotonic() > deadline:
                raise RuntimeError("did not answer on /sparql within 60 s")
            time.sleep(0.2)
        sql = ('GRANT SPARQL_UPDATE TO "SPARQL"; '
               "INSERT INTO DB.DBA.SYS_SPARQL_HOST (SH_HOST, SH_GRAPH_URI) "
               f"VALUES ('127.0.0.1:{http_port}', '{VIRTUOSO_DEFAULT_GRAPH}');" + extra_sql)
        done = subprocess.run([isql, f"127.0.0.1:{sql_port}", "dba", "dba", f"exec={sql}"],
                              capture_output=True, text=True, timeout=sql_timeout)
        said = (done.stdout + done.stderr).strip()
        # isql exits 0 after a failed statement; the failure shows as "*** Error" in its output.
        if done.returncode != 0 or "*** Error" in said:
            raise RuntimeError(f"refused its set-up SQL: {said[-800:]}")
    except RuntimeError as exc:
        proc.kill()
        proc.wait(timeout=10)
        tail = log.read_text(errors="replace")[-1500:] if log.exists() else ""
        pytest.fail(f"Virtuoso {exc}; the end of {log}:\n{tail}")
    try:
        yield url
    finally:
        proc.terminate()   # a clean shutdown: it checkpoints first
        try:
            proc.wait(timeout=30)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait(timeout=10)


@pytest.fixture(scope="session")
def virtuoso_server(tmp_path_factory):
    """A real Virtuoso open-source server (Debian's virtuoso-opensource) on 127.0.0.1, empty.

    Yields its SPARQL endpoint URL, BASE/sparql, which takes queries and updates alike. The
    server runs as ``virtuoso-t +foreground`` with a virtuoso.ini and a database of its own in
    a tmp folder, on two free ports (SQL and HTTP), and is stopped at the end of the session.

    Two settings go in through ``isql`` on the SQL port, as ``dba`` with the password a new
    database has (the server listens on 127.0.0.1 only and is thrown away):

    - ``GRANT SPARQL_UPDATE TO "SPARQL"``: the anonymous /sparql endpoint runs as the SQL user
      SPARQL, which may only read until granted this; kgqa's ``sparql:`` store loads and
      updates by SPARQL Update (``INSERT DATA``) to that same URL. (The other way in,
      /sparql-auth with HTTP digest auth, would need credentials the store does not take.)
    - a row in ``DB.DBA.SYS_SPARQL_HOST`` giving the endpoint one default graph,
      ``VIRTUOSO_DEFAULT_GRAPH``: out of the box the default graph of a query is the union of
      every graph, Virtuoso's own system graphs included (about 2,500 triples), and
      ``INSERT DATA`` without ``GRAPH`` is refused (SP031). With ``SH_GRAPH_URI`` set, queries
      and updates that name no graph read and write that one graph, as with a plain store.

    Without ``virtuoso-t`` the tests that need it skip (``make system-deps`` installs it);
    under CI=true they fail instead.
    """
    with running_virtuoso(tmp_path_factory.mktemp("virtuoso")) as url:
        yield url
