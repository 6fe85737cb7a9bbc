"""Run queries in worker processes so a time limit really stops the work.

Oxigraph cannot cancel a query once started, and some operators (aggregates, ORDER BY, a filter
that never matches) do all their work before the first row comes out. A thread cannot be killed,
so a runaway query would keep burning a core long after the client got its 503. A forked worker
sees the in-memory store copy-on-write; the parent sends it a query, waits for the answer and kills
the worker at the deadline, then forks a fresh one.

Forking a large process costs tens of milliseconds (page tables), so the HTTP endpoint keeps a
small pool of warm workers (:class:`WorkerPool`) and pays that cost only after a timeout or a
change to the graph. :func:`run_forked` is the one-shot form for callers without a pool.
Forking is for in-memory stores: a store on disk has RocksDB threads whose locks a fork would
copy as held, so its workers are programs of their own reading checkpoints
(:mod:`kgqa.graph.checkpoints`, a pool ``source`` beside :class:`ForkedWorkers`).

An event loop waits on a worker's pipes itself (:meth:`WorkerPool.acall`): under concurrent
load, handing each query to a thread that then waits on the pipe cost more than the query (GIL
hand-offs between the loop and the threads showed up as the p95 of ``/sparql``).
"""

from __future__ import annotations

import asyncio
import gc
import os
import pickle
import select
import signal
import struct
import threading
import time
from collections import deque
from contextlib import nullcontext
from typing import Callable, ContextManager

_HEADER = struct.Struct("!Q")


def fork_available() -> bool:
    return hasattr(os, "fork")


def _frame(obj) -> memoryview:
    """``obj`` as one message: its pickle's size, then the pickle."""
    payload = pickle.dumps(obj, protocol=pickle.HIGHEST_PROTOCOL)
    return memoryview(_HEADER.pack(len(payload)) + payload)


class _Incoming:
    """One message as its bytes arrive (the blocking and the asyncio readers share it)."""

    def __init__(self):
        self.buf = bytearray()
        self.need = _HEADER.size
        self.sized = False

    def wanted(self) -> int:
        return max(self.need - len(self.buf), 1 << 16)

    def feed(self, chunk: bytes) -> bool:
        """Add what was read; true once the message is whole. EOFError if the peer died."""
        if not chunk:
            raise EOFError("worker closed its pipe")
        self.buf += chunk
        if not self.sized and len(self.buf) >= _HEADER.size:
            self.need = _HEADER.size + _HEADER.unpack(bytes(self.buf[:_HEADER.size]))[0]
            self.sized = True
        return self.sized and len(self.buf) >= self.need

    def value(self):
        return pickle.loads(bytes(self.buf[_HEADER.size:self.need]))


def _send(fd: int, obj) -> None:
    view = _frame(obj)
    while view:
        view = view[os.write(fd, view):]


def _recv(fd: int, deadline: float | None):
    """Read one message; returns None at the deadline, raises EOFError if the peer died."""
    msg = _Incoming()
    while True:
        remaining = None if deadline is None else deadline - time.monotonic()
        if remaining is not None and remaining <= 0:
            return None
        ready, _, _ = select.select([fd], [], [], remaining)
        if ready and msg.feed(os.read(fd, msg.wanted())):
            return msg.value()


def _become_worker() -> None:
    """First steps of a query worker, forked or started as a program: keep the garbage
    collector off the objects it started with, and stay behind the parent (see
    :func:`_stay_behind_the_parent`).

    A forked worker inherits the server's heap (the QA engine, its index and model: millions of
    objects). The answers it builds allocate enough for CPython to run a full collection every
    few hundred queries, and each one walked that whole heap: ~50 ms in which the worker answered
    nothing and every request queued behind it (the 2-hop join's p99 under 8 clients was 40-50 ms
    against a p50 of 3.5 ms; with the freeze, 5.6 ms). ``gc.freeze()`` moves what exists now to
    the permanent generation, so collections see only the worker's own new objects. It touches
    no object (the lists are spliced), so it copies no page of the parent's.
    """
    gc.freeze()
    _stay_behind_the_parent()


def _stay_behind_the_parent() -> None:
    """In a freshly forked worker: never preempt the parent when it hands us work (Linux).

    A pipe write is a "sync" wake-up, so the kernel tends to run the woken worker on the
    writer's core at once: the event loop that just sent a query sat preempted inside
    ``os.write`` until the worker had answered (170-520 us per hand-off on the busy 2-core
    machine, against ~30 us for the write itself), and every other request on the loop waited
    with it. ``SCHED_BATCH`` keeps the worker's fair share of CPU but gives up wake-up
    preemption, so the loop keeps its core and the worker runs on a free one or when the loop
    next sleeps. Best effort: other systems, or a refusal, leave the default policy.
    """
    try:
        os.sched_setscheduler(0, os.SCHED_BATCH, os.sched_param(0))
    except (AttributeError, OSError):
        pass


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
            _become_worker()
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
    """One forked child answering ``handler(request)`` over a pair of pipes.

    The parent's ends are non-blocking so an event loop can wait on them without a thread; the
    blocking path waits with ``select``.
    """

    def __init__(self, handler: Callable[[object], object]):
        req_r, req_w = os.pipe()
        rep_r, rep_w = os.pipe()
        pid = os.fork()
        if pid == 0:
            os.close(req_w)
            os.close(rep_r)
            try:
                _become_worker()
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
        os.set_blocking(req_w, False)
        os.set_blocking(rep_r, False)
        self.pid, self.req, self.rep = pid, req_w, rep_r

    def call(self, request, deadline: float | None):
        """Send ``request`` and wait for the reply; None at the deadline."""
        _send_nonblocking(self.req, request)
        return _recv(self.rep, deadline)

    async def acall(self, request, deadline: float | None):
        """:meth:`call` for an asyncio event loop: waits on the pipes, never on a thread."""
        loop = asyncio.get_running_loop()
        view = _frame(request)
        while view:
            try:
                view = view[os.write(self.req, view):]
            except BlockingIOError:
                if not await _ready(loop, self.req, deadline, write=True):
                    return None
        msg = _Incoming()
        while True:
            try:
                chunk = os.read(self.rep, msg.wanted())
            except BlockingIOError:
                if not await _ready(loop, self.rep, deadline):
                    return None
                continue
            if msg.feed(chunk):
                return msg.value()

    def close(self) -> None:
        _kill(self.pid)
        for fd in (self.req, self.rep):
            try:
                os.close(fd)
            except OSError:
                pass


def _send_nonblocking(fd: int, obj) -> None:
    payload = pickle.dumps(obj, protocol=pickle.HIGHEST_PROTOCOL)
    view = memoryview(_HEADER.pack(len(payload)) + payload)
    while view:
        try:
            view = view[os.write(fd, view):]
        except BlockingIOError:
            select.select([], [fd], [])


async def _ready(loop: asyncio.AbstractEventLoop, fd: int, deadline: float | None,
                 write: bool = False) -> bool:
    """Wait until ``fd`` is readable (or writable); False at ``deadline`` (time.monotonic)."""
    fut = loop.create_future()

    def wake(value: bool = True) -> None:
        if not fut.done():
            fut.set_result(value)

    (loop.add_writer if write else loop.add_reader)(fd, wake)
    timer = None
    if deadline is not None:
        # The event loop's clock is time.monotonic() on every loop we run on; convert anyway.
        timer = loop.call_at(loop.time() + (deadline - time.monotonic()), wake, False)
    try:
        return await fut
    finally:
        (loop.remove_writer if write else loop.remove_reader)(fd)
        if timer is not None:
            timer.cancel()


def _running_loop() -> asyncio.AbstractEventLoop | None:
    try:
        return asyncio.get_running_loop()
    except RuntimeError:
        return None


class _Slot:
    """A place in the pool: a worker and the data generation it was forked from. ``worker`` is
    None once the worker was killed (timeout, crash, cancelled call); the next user re-forks."""

    __slots__ = ("gen", "worker")

    def __init__(self, gen, worker: _Worker | None):
        self.gen, self.worker = gen, worker


class WorkerPool:
    """A few forked workers that run ``handler(request)`` with a hard time limit.

    ``generation()`` names the data the workers were forked from (e.g. the graph's version): when
    it changes, idle workers are replaced before use so they never answer from stale data.

    Callers take a worker in arrival order, from threads (:meth:`call`) or from an asyncio event
    loop (:meth:`acall`); the event-loop form waits for both the free worker and its reply on the
    loop itself, so a request costs no hand-offs between threads. A caller waits at most
    ``timeout`` for a free worker, then at most ``timeout`` for the work.
    """

    def __init__(self, handler: Callable[[object], object], size: int = 2,
                 generation: Callable[[], object] = lambda: 0,
                 guard: Callable[[], ContextManager] = nullcontext, source=None):
        self.size, self.generation = max(1, size), generation
        #: starts and refreshes the workers: forked from this process by default; see
        #: :class:`ForkedWorkers` and :class:`kgqa.graph.checkpoints.CheckpointWorkers`
        self.source = source or ForkedWorkers(handler, generation, guard)
        self._lock = threading.Lock()
        self._idle: deque[_Slot] = deque()
        self._waiters: deque = deque()  # _ThreadWaiter or (loop, future), oldest first
        self._closed = False
        self._slots = [_Slot(None, None) for _ in range(self.size)]
        for slot in self._slots:
            self.source.start(slot, self._in_use)
            self._idle.append(slot)

    def _in_use(self) -> set:
        """The generations some live worker holds (a source keeps their data)."""
        return {slot.gen for slot in self._slots if slot.worker is not None}

    # ---- taking and giving back a slot ---------------------------------------------------------

    def _take(self, deadline: float | None) -> _Slot | None:
        """A free slot, or None when none came free by ``deadline``."""
        with self._lock:
            if self._idle:
                return self._idle.popleft()
            waiter = _ThreadWaiter()
            self._waiters.append(waiter)
        if waiter.wait(None if deadline is None else max(0.0, deadline - time.monotonic())):
            return waiter.slot
        with self._lock:
            try:
                self._waiters.remove(waiter)
                return None
            except ValueError:
                pass  # handed a slot just now
        waiter.wait(None)
        return waiter.slot

    async def _atake(self, deadline: float | None) -> _Slot | None:
        loop = asyncio.get_running_loop()
        with self._lock:
            if self._idle:
                return self._idle.popleft()
            fut = loop.create_future()
            waiter = (loop, fut)
            self._waiters.append(waiter)
        timer = None
        if deadline is not None:
            timer = loop.call_at(loop.time() + (deadline - time.monotonic()),
                                 lambda: fut.done() or fut.set_result(None))
        try:
            slot = await fut
        except asyncio.CancelledError:
            slot = None
            if fut.done() and not fut.cancelled() and fut.result() is not None:
                self._give_back(fut.result())  # chosen just before the cancellation landed
            raise
        finally:
            if timer is not None:
                timer.cancel()
            if slot is None:
                with self._lock:
                    try:
                        self._waiters.remove(waiter)
                    except ValueError:
                        pass  # already chosen: _hand_to_future sees the done future, gives back
        return slot

    def _give_back(self, slot: _Slot) -> None:
        if self._closed:
            self._discard(slot)
        with self._lock:
            if not self._waiters:
                self._idle.append(slot)
                return
            waiter = self._waiters.popleft()
        if isinstance(waiter, _ThreadWaiter):
            waiter.hand(slot)
        else:
            loop, fut = waiter
            try:
                if _running_loop() is loop:  # no wake-up write to the loop we are running in
                    loop.call_soon(self._hand_to_future, fut, slot)
                else:
                    loop.call_soon_threadsafe(self._hand_to_future, fut, slot)
            except RuntimeError:  # that loop is closed: pass the slot on
                self._give_back(slot)

    def _hand_to_future(self, fut, slot: _Slot) -> None:
        if fut.done():  # the waiter gave up (deadline, cancelled) after it was chosen
            self._give_back(slot)
        else:
            fut.set_result(slot)

    def _fresh(self, slot: _Slot) -> bool:
        return slot.worker is not None and slot.gen == self.generation()

    def _refork(self, slot: _Slot) -> None:
        self.source.refresh(slot, self._in_use)

    @staticmethod
    def _discard(slot: _Slot) -> None:
        if slot.worker is not None:
            slot.worker.close()
            slot.worker = None

    # ---- running a request ---------------------------------------------------------------------

    def call(self, request, timeout: float | None, on_timeout: Callable[[], Exception]):
        """Run ``handler(request)`` in a worker; raise ``on_timeout()`` past ``timeout`` s (of
        waiting for a free worker, or of work).

        Exceptions raised by the handler are re-raised here.
        """
        slot = self._take(time.monotonic() + timeout if timeout else None)
        if slot is None:
            raise on_timeout()
        try:
            if not self._fresh(slot):
                self._refork(slot)
            try:
                reply = slot.worker.call(request, time.monotonic() + timeout if timeout else None)
            except (EOFError, OSError):
                self._discard(slot)
                reply = (False, RuntimeError("a query worker died; it has been replaced"))
            except BaseException:  # interrupted mid-call: the worker's reply would be out of step
                self._discard(slot)
                raise
            if reply is None:  # past the deadline: the work itself must stop
                self._discard(slot)
                raise on_timeout()
            return _unwrap(reply)
        finally:
            self._give_back(slot)

    async def acall(self, request, timeout: float | None, on_timeout: Callable[[], Exception]):
        """:meth:`call` for an asyncio event loop. A cancelled call kills its worker (it may be
        in the middle of the work), and the next call re-forks one."""
        slot = await self._atake(time.monotonic() + timeout if timeout else None)
        if slot is None:
            raise on_timeout()
        try:
            if not self._fresh(slot):
                # Forking copies page tables (milliseconds on a big process): off the loop.
                forking = asyncio.get_running_loop().run_in_executor(None, self._refork, slot)
                try:
                    await asyncio.shield(forking)
                except asyncio.CancelledError:
                    # The fork still runs in its thread; the slot goes back once it is done.
                    held, slot = slot, None
                    forking.add_done_callback(lambda _: self._give_back(held))
                    raise
            try:
                reply = await slot.worker.acall(request,
                                                time.monotonic() + timeout if timeout else None)
            except (EOFError, OSError):
                self._discard(slot)
                reply = (False, RuntimeError("a query worker died; it has been replaced"))
            except BaseException:  # cancelled mid-call: the worker's reply would be out of step
                self._discard(slot)
                raise
            if reply is None:
                self._discard(slot)
                raise on_timeout()
            return _unwrap(reply)
        finally:
            if slot is not None:
                self._give_back(slot)

    def close(self) -> None:
        self._closed = True
        with self._lock:
            idle, self._idle = list(self._idle), deque()
        for slot in idle:
            self._discard(slot)
        self.source.close()


class ForkedWorkers:
    """Workers forked from this process, inside ``guard()`` (the graph's reading block, so no
    commit is half-way through when the child's copy is taken): they see an in-memory store
    copy-on-write, and a worker of an old generation is replaced by a fresh fork."""

    def __init__(self, handler: Callable[[object], object], generation: Callable[[], object],
                 guard: Callable[[], ContextManager] = nullcontext):
        self.handler, self.generation, self.guard = handler, generation, guard

    def start(self, slot: _Slot, in_use: Callable[[], set]) -> None:
        with self.guard():
            slot.gen = self.generation()
            slot.worker = _Worker(self.handler)

    def refresh(self, slot: _Slot, in_use: Callable[[], set]) -> None:
        WorkerPool._discard(slot)
        self.start(slot, in_use)

    def close(self) -> None:
        pass


class _ThreadWaiter:
    __slots__ = ("_event", "slot")

    def __init__(self):
        self._event = threading.Event()
        self.slot: _Slot | None = None

    def hand(self, slot: _Slot) -> None:
        self.slot = slot
        self._event.set()

    def wait(self, timeout: float | None) -> bool:
        return self._event.wait(timeout)
