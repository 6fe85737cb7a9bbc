"""Query workers for a store on disk: programs of their own, each reading a checkpoint.

Forking the server is how workers see an in-memory store, but a store on disk is RocksDB, and
RocksDB's background threads (flushes and compactions, which every acknowledged update starts)
and the server's own reader threads take its mutexes at any moment. A fork copies a mutex held
by another thread as held, with no thread left to release it: the child then waits on it for
ever. The soak saw exactly that, a point lookup of a freshly forked worker stuck in a futex
inside RocksDB's string lookup until the time limit killed it, about once in 150 updates.

So for an ``oxigraph:`` store the workers are started as new programs
(``python -m kgqa.graph.query_worker``: no lock is inherited across ``exec``), and each opens
a **checkpoint** read-only: a RocksDB checkpoint is a folder of hard links to the store's
immutable files (a few milliseconds), which nobody writes to, so a read-only open of it is
safe while the server goes on writing the store. A commit takes the checkpoint of the version
it publishes before publishing it; an idle worker of an older version is told to open the new
one (no restart), and a checkpoint is deleted once no worker holds it. A worker killed at the
time limit is replaced by a new program (about half a second, off the event loop).
"""

from __future__ import annotations

import logging
import os
import shutil
import subprocess
import sys
import threading
import time
from pathlib import Path
from typing import Callable, ContextManager

from .isolation import WorkerPool, _Slot, _Worker
from .store import OxigraphStore

log = logging.getLogger(__name__)

#: the folder inside an on-disk store where the workers' checkpoints live (RocksDB ignores
#: what it does not own, as it does the label index beside it)
FOLDER = "kgqa-checkpoints"
#: how long a new worker may take to start and open its checkpoint
OPEN_TIMEOUT_S = 60.0


class Checkpoints:
    """Read-only copies of an on-disk store, one per graph version, under its folder."""

    def __init__(self, store: OxigraphStore):
        if store.path is None:
            raise ValueError("checkpoints need a store on disk")
        self.store = store
        self.folder = store.path / FOLDER
        shutil.rmtree(self.folder, ignore_errors=True)  # a previous run's, held by nobody now
        self.folder.mkdir()
        self._taken: dict[object, Path] = {}
        self._lock = threading.Lock()

    def take(self, version) -> Path:
        """The checkpoint of ``version``, made now if there is none. The caller makes sure the
        store holds exactly that version meanwhile (a commit does it under its exclusive lock)."""
        with self._lock:
            path = self._taken.get(version)
            if path is None:
                path = self.folder / f"v{version}"
                shutil.rmtree(path, ignore_errors=True)
                self.store.raw.backup(str(path))
                self._taken[version] = path
            return path

    def get(self, version) -> Path | None:
        with self._lock:
            return self._taken.get(version)

    def keep(self, versions: set) -> None:
        """Delete every checkpoint but those of ``versions``."""
        with self._lock:
            for version in [v for v in self._taken if v not in versions]:
                shutil.rmtree(self._taken.pop(version), ignore_errors=True)

    def close(self) -> None:
        with self._lock:
            self._taken.clear()
            shutil.rmtree(self.folder, ignore_errors=True)


class _ProgramWorker(_Worker):
    """A query worker started as a program of its own (not forked), over a pair of pipes."""

    def __init__(self):  # noqa: D107 - replaces _Worker's fork with a start of the program
        req_r, req_w = os.pipe()
        rep_r, rep_w = os.pipe()
        try:
            self.proc = subprocess.Popen(
                [sys.executable, "-m", "kgqa.graph.query_worker", str(req_r), str(rep_w)],
                pass_fds=(req_r, rep_w), stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL)
        finally:
            os.close(req_r)
            os.close(rep_w)
        os.set_blocking(req_w, False)
        os.set_blocking(rep_r, False)
        self.pid, self.req, self.rep = self.proc.pid, req_w, rep_r

    def call(self, request, deadline: float | None):
        return super().call(("query", request), deadline)

    async def acall(self, request, deadline: float | None):
        return await super().acall(("query", request), deadline)

    def open(self, path: Path) -> None:
        """Read ``path`` from now on; raises what the worker raised, or RuntimeError."""
        reply = super().call(("open", str(path)), time.monotonic() + OPEN_TIMEOUT_S)
        if reply is None:
            raise RuntimeError(f"a query worker did not open {path} within {OPEN_TIMEOUT_S:g} s")
        ok, value = reply
        if not ok:
            raise value

    def close(self) -> None:
        super().close()
        self.proc.returncode = -9  # reaped by the kill; Popen must not wait for it again


class CheckpointWorkers:
    """A :class:`WorkerPool` source: worker programs, each reading the checkpoint of the
    version it serves (see the module's text)."""

    def __init__(self, checkpoints: Checkpoints, generation: Callable[[], object],
                 guard: Callable[[], ContextManager]):
        self.checkpoints, self.generation, self.guard = checkpoints, generation, guard
        self._lock = threading.Lock()  # an open and the deletions that follow it

    def _target(self) -> tuple[object, Path]:
        gen = self.generation()
        path = self.checkpoints.get(gen)
        if path is not None:
            return gen, path
        with self.guard():  # no commit between reading the version and copying it
            gen = self.generation()
            return gen, self.checkpoints.take(gen)

    def start(self, slot: _Slot, in_use: Callable[[], set]) -> None:
        WorkerPool._discard(slot)
        worker = _ProgramWorker()
        try:
            self._open(slot, worker, in_use)
        except BaseException:
            worker.close()
            raise
        slot.worker = worker

    def refresh(self, slot: _Slot, in_use: Callable[[], set]) -> None:
        if slot.worker is None:
            self.start(slot, in_use)
            return
        try:
            self._open(slot, slot.worker, in_use)
        except Exception as exc:  # noqa: BLE001 - a new program is the remedy for any failure
            log.warning("a query worker could not switch to the new version (%s); restarting it",
                        exc)
            self.start(slot, in_use)

    def _open(self, slot: _Slot, worker: _ProgramWorker, in_use: Callable[[], set]) -> None:
        with self._lock:
            gen, path = self._target()
            slot.gen = gen  # before the deletions below, which keep what live workers hold
            worker.open(path)
            self.checkpoints.keep(in_use() | {gen, self.generation()})

    def close(self) -> None:
        self.checkpoints.close()
