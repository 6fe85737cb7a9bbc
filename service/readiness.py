"""Readiness that means answering: the server is ready once a warm-up question has been answered.

Loading the graph is not enough: the embedding model, the vector index and the engine's lazy
caches are paid for by the first question, which took seconds while ``/api/health`` already said
ready. So a background thread asks one real question through ``engine.ask`` (the path every
request takes) after the server starts listening, and ``/api/health`` answers 503 until it has
come back. A warm-up that fails (a remote store that is not up yet) is retried with back-off;
the server stays unready, and says why, until one succeeds.
"""

from __future__ import annotations

import gc
import logging
import threading
import time
from typing import Any, Callable

log = logging.getLogger("kgqa.service")

RETRY_FIRST_S = 2.0
RETRY_MAX_S = 30.0


class Readiness:
    """Whether the engine has answered its warm-up question, and what happened on the way."""

    def __init__(self, freeze_heap: bool = False) -> None:
        #: once warm, move everything alive to the collector's permanent generation (see _run)
        self.freeze_heap = freeze_heap
        self._ready = threading.Event()
        self._stop = threading.Event()
        self._thread: threading.Thread | None = None
        self.started = time.monotonic()
        self.warm_up_s: float | None = None
        self.question: str | None = None
        self.attempts = 0
        self.error: str | None = None

    @property
    def ready(self) -> bool:
        return self._ready.is_set()

    def mark_ready(self) -> None:
        """Ready without a warm-up (the app was built with ``warm=False``)."""
        self._ready.set()

    def wait(self, timeout: float | None = None) -> bool:
        """Block until ready or ``timeout`` seconds; returns whether it is ready."""
        return self._ready.wait(timeout)

    def start(self, engine: Any, question: Callable[[], str]) -> None:
        """Warm ``engine`` up in a daemon thread by asking the question ``question()`` returns
        (called in that thread: choosing it can take a while on a big graph); returns at once."""
        self._thread = threading.Thread(target=self._run, args=(engine, question),
                                        name="kgqa-warm", daemon=True)
        self._thread.start()

    def stop(self) -> None:
        """Stop retrying and wait for a warm-up in progress to finish.

        A daemon thread still inside torch when the interpreter exits aborts the process
        ("terminate called without an active exception"), so shutdown waits for it.
        """
        self._stop.set()
        if self._thread is not None:
            self._thread.join()

    def _run(self, engine: Any, choose: Callable[[], str]) -> None:
        delay = RETRY_FIRST_S
        while not self._stop.is_set():
            self.attempts += 1
            t0 = time.perf_counter()
            try:
                question = self.question = self.question or choose()
                if hasattr(engine, "warm"):
                    engine.warm()  # facts, model, index: each also loads lazily inside ask()
                answer = engine.ask(question)
            except Exception as exc:  # noqa: BLE001 - any failure leaves the server unready
                self.error = f"{type(exc).__name__}: {exc}"
                if self.attempts == 1:
                    log.exception("warm-up question failed; /api/health stays 503 and it is "
                                  "retried")
                else:
                    log.warning("warm-up question failed again (attempt %d): %s", self.attempts,
                                self.error)
                self._stop.wait(delay)
                delay = min(delay * 2, RETRY_MAX_S)
                continue
            self.warm_up_s = time.perf_counter() - t0
            self.error = None
            if self.freeze_heap:
                # The graph, the engine's facts and index and the model are now built and live
                # as long as the server. Left in the collector's view, each full collection
                # walked them all (~540k objects, ~300 ms on the 2-core machine) with the event
                # loop and every request stopped; frozen, collections see only what requests
                # allocate. What a later update rebuilds stays collectable.
                gc.freeze()
            # Logged first, so whoever sees health say 200 finds the line already written.
            log.info("ready: answered the warm-up question %r in %.1f s (%s); /api/health is "
                     "200 from now on", question, self.warm_up_s,
                     "abstained" if getattr(answer, "abstained", False) else "answered")
            self._ready.set()
            return

    def to_dict(self) -> dict:
        """The readiness part of ``/api/health``."""
        out: dict[str, Any] = {"ready": self.ready, "warm_up_question": self.question}
        if self.ready:
            out["warm_up_s"] = None if self.warm_up_s is None else round(self.warm_up_s, 3)
        else:
            out["waiting_s"] = round(time.monotonic() - self.started, 1)
            out["warm_up_attempts"] = self.attempts
            if self.error:
                out["warm_up_error"] = self.error
        return out
