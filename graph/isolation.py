"""Run queries in forked worker processes so a time limit really stops the work.

Oxigraph cannot cancel a query once started, and some operators (aggregates, ORDER BY, a filter
that never matches) do all their work before the first row comes out. A thread cannot be killed,
so a runaway query would keep burning a core long after the client got its 503. A forked worker
sees the in-memory store copy-on-write; the parent sends it a query, waits for the answer and kills
the worker at the deadline, then forks a fresh one.

Forking a large process costs tens of milliseconds (page tables), so the HTTP endpoint keeps a
small pool of warm workers (:class:`WorkerPool`) and pays that cost only after a timeout or a
change to the graph. :func:`run_forked` is the one-shot form for callers without a pool.
"""

from __future__ import annotations

import os
import pickle
import queue
import select
import signal
import struct
import threading
import time
from contextlib import nullcontext
from typing import Callable, ContextManager

_HEADER = struct.Struct("!Q")


def fork_available() -> bool:
    return hasattr(os, "fork")


def _send(fd: int, obj) -> None:
    payload = pickle.dumps(obj, protocol=pickle.HIGHEST_PROTOCOL)
    view = memoryview(_HEADER.pack(len(payload)) + payload)
    while view:
        view = view[os.write(fd, view):]


def _recv(fd: int, deadline: float | None):
    """Read one message; returns None at the deadline, raises EOFError if the peer died."""
    buf = bytearray()
    need = _HEADER.size
    size = None
    while len(buf) < need:
        remaining = None if deadline is None else deadline - time.monotonic()
        if remaining is not None and remaining <= 0:
            return None
        ready, _, _ = select.select([fd], [], [], remaining)
        if not ready:
            continue
        chunk = os.read(fd, max(need - len(buf), 1 << 16))
        if not chunk:
            raise EOFError("worker closed its pipe")
        buf += chunk
        if size is None and len(buf) >= _HEADER.size:
            size = _HEADER.unpack(bytes(buf[:_HEADER.size]))[0]
            need = _HEADER.size + size
    return pickle.loads(bytes(buf[_HEADER.size:need]))


def _answer(fn: Callable[[], object]):
    try:
        return (True, fn())
    except BaseException as exc:  # noqa: BLE001 - every failure goes back to the parent
        try:
            pickle.dumps(exc)
            return (False, exc)
        except Exception:  # noqa: BLE001 - an unpicklable exception is still reported
            return (False, RuntimeError(repr(exc)))


def _unwrap(reply):
    ok, value = reply
    if not ok:
        raise value
    return value


def _kill(pid: int) -> None:
    try:
        os.kill(pid, signal.SIGKILL)
        os.waitpid(pid, 0)
    except (ProcessLookupError, ChildProcessError):
        pass


def run_forked(fn: Callable[[], object], timeout: float | None,
               on_timeout: Callable[[], Exception],
               guard: Callable[[], ContextManager] = nullcontext):
    """Call ``fn()`` in a one-shot forked child and return its (picklable) result.

    Exceptions raised by ``fn`` are re-raised here; past ``timeout`` seconds the child is killed
    and ``on_timeout()`` is raised. The fork happens inside ``guard()`` (the graph's reading
    block, so no commit is half-way through when the child's copy is taken).
    """
    read_fd, write_fd = os.pipe()
    with guard():
        pid = os.fork()
    if pid == 0:
        os.close(read_fd)
        try:
            _send(write_fd, _answer(fn))
        finally:
            os._exit(0)
    os.close(write_fd)
    try:
        reply = _recv(read_fd, time.monotonic() + timeout if timeout else None)
    except EOFError:
        reply = (False, RuntimeError("the query worker died without an answer"))
    finally:
        os.close(read_fd)
    if reply is None:
        _kill(pid)
        raise on_timeout()
    os.waitpid(pid, 0)
    return _unwrap(reply)


class _Worker:
    def __init__(self, handler: Callable[[object], object]):
        req_r, req_w = os.pipe()
        rep_r, rep_w = os.pipe()
        pid = os.fork()  # the pool holds its guard around this
        if pid == 0:
            os.close(req_w)
            os.close(rep_r)
            try:
                while True:
                    try:
                        request = _recv(req_r, None)
                    except EOFError:
                        break
                    _send(rep_w, _answer(lambda: handler(request)))
            finally:
                os._exit(0)
        os.close(req_r)
        os.close(rep_w)
        self.pid, self.req, self.rep = pid, req_w, rep_r

    def close(self) -> None:
        _kill(self.pid)
        for fd in (self.req, self.rep):
            try:
                os.close(fd)
            except OSError:
                pass


class WorkerPool:
    """A few forked workers that run ``handler(request)`` with a hard time limit.

    ``generation()`` names the data the workers were forked from (e.g. the graph's version): when
    it changes, idle workers are replaced before use so they never answer from stale data.
    Workers are forked inside ``guard()``, which keeps the data still while the copy is taken.
    """

    def __init__(self, handler: Callable[[object], object], size: int = 2,
                 generation: Callable[[], object] = lambda: 0,
                 guard: Callable[[], ContextManager] = nullcontext):
        self.handler, self.size, self.generation = handler, max(1, size), generation
        self.guard = guard
        self._idle: queue.Queue = queue.Queue()
        self._lock = threading.Lock()
        self._closed = False
        for _ in range(self.size):
            self._idle.put(self._spawn())

    def _spawn(self):
        # The guard first, then the lock: a caller may already hold the guard (a reading block).
        with self.guard(), self._lock:
            return (self.generation(), _Worker(self.handler))

    def call(self, request, timeout: float | None, on_timeout: Callable[[], Exception]):
        gen, worker = self._idle.get()
        if gen != self.generation():
            worker.close()
            gen, worker = self._spawn()
        try:
            _send(worker.req, request)
            reply = _recv(worker.rep, time.monotonic() + timeout if timeout else None)
        except (EOFError, OSError):
            reply = (False, RuntimeError("a query worker died; it has been replaced"))
            worker.close()
            gen, worker = self._spawn()
        if reply is None:  # past the deadline: the work itself must stop
            worker.close()
            gen, worker = self._spawn()
            self._idle.put((gen, worker))
            raise on_timeout()
        self._idle.put((gen, worker))
        return _unwrap(reply)

    def close(self) -> None:
        self._closed = True
        while not self._idle.empty():
            self._idle.get_nowait()[1].close()
