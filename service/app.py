"""The one ASGI app: JSON API, SPARQL endpoint and the chat UI mounted at ``/``.

Build it with :func:`create_app`; nothing is built at import time. ``uvicorn --factory
kgqa.service.app:create_app_from_env`` reads ``KGQA_*`` settings from the environment.
"""

from __future__ import annotations

import logging
import os
from contextlib import asynccontextmanager
from typing import Any

import anyio
from fastapi import FastAPI
from fastapi.responses import RedirectResponse
from fastapi.staticfiles import StaticFiles

from kgqa.examples import ui_examples
from kgqa.graph import KnowledgeGraph
from kgqa.qa import QAEngine
from kgqa.service import api, sparql, yasgui
from kgqa.service.readiness import Readiness
from kgqa.service.errors import install_error_handlers
from kgqa.service.middleware import BodySizeLimit, PathCORS
from kgqa.settings import Settings

log = logging.getLogger("kgqa.service")


def create_app(settings: Settings, kg: KnowledgeGraph | None = None, engine: Any = None,
               mount_ui: bool = True, warm: bool = True, freeze_heap: bool = False) -> FastAPI:
    """Build the app over ``kg`` (default: loaded from ``settings``) and ``engine`` (default: a
    QAEngine over ``kg``).

    With ``mount_ui`` the Gradio UI from :mod:`kgqa.ui` is mounted at ``/``; API tests pass
    ``mount_ui=False`` to skip Gradio's start-up cost. With ``warm``, a background thread answers
    a warm-up question when the server starts (see :mod:`kgqa.service.readiness`) and
    ``/api/health`` is 503 until it has, so the first real question after ready is answered as
    fast as the rest; the SPARQL endpoint serves meanwhile. Without ``warm`` the app is ready at
    once and the first question pays for loading the model. ``freeze_heap`` (for a process that
    is the server, as ``kgqa serve`` is; not for tests sharing a process) freezes the garbage
    collector's view of everything built by the end of the warm-up.
    """
    if kg is None:
        kg = KnowledgeGraph.from_settings(settings)
    if settings.query_workers > 0:
        # Fork before any server or warm-up thread exists: a child inherits only this thread.
        kg.start_workers(settings.query_workers)
    if engine is None:
        engine = QAEngine(kg, settings)

    readiness = Readiness(freeze_heap=freeze_heap)

    @asynccontextmanager
    async def lifespan(_: FastAPI):
        # Uvicorn binds its socket right after this startup step, so the warm-up runs while
        # the server already listens: /api/health answers 503 until it is done, /sparql serves.
        if warm:
            readiness.start(engine, lambda: warm_up_question(kg))
        else:
            readiness.mark_ready()
        yield
        await anyio.to_thread.run_sync(readiness.stop)

    app = FastAPI(title="kgqa", version="0.1.0", lifespan=lifespan,
                  description="Answers questions from an RDF knowledge graph, with sources. "
                              "JSON API under /api, SPARQL 1.1 endpoint at /sparql, chat UI at /.")
    app.state.settings = settings
    app.state.kg = kg
    app.state.engine = engine
    app.state.readiness = readiness
    install_error_handlers(app)
    app.include_router(api.build_router(kg, engine, settings, readiness))
    sparql_endpoint = sparql.build_endpoint(kg, settings)
    app.include_router(sparql.build_router(kg, settings, sparql_endpoint))
    app.mount("/sparql/static", StaticFiles(directory=yasgui.STATIC_DIR), name="sparql_static")

    if mount_ui:
        # The UI's examples read the label index: build a missing or stale one here, with its
        # progress in the log (a large store takes minutes; health is not up before it is).
        kg.label_index_logged()
        app = _mount_ui(app, kg, engine, settings)
    else:
        @app.get("/", include_in_schema=False)
        async def _root() -> RedirectResponse:
            return RedirectResponse("/docs")

    # Innermost first; the size limit, outermost, must see the body before anything reads it.
    app.add_middleware(sparql.DirectDispatch, endpoint=sparql_endpoint,
                       handlers=app.exception_handlers)
    app.add_middleware(PathCORS, prefix="/sparql")
    app.add_middleware(BodySizeLimit, max_bytes=settings.max_request_bytes)
    return app


def warm_up_question(kg: KnowledgeGraph) -> str:
    """The question the server answers before it calls itself ready: the first example the UI
    offers on ``kg``, so it names one of this graph's own entities and exercises linking,
    retrieval and the answer path like a real question."""
    return ui_examples(kg)[1][0]


def _mount_ui(app: FastAPI, kg: KnowledgeGraph, engine: Any, settings: Settings) -> FastAPI:
    try:
        from kgqa import ui  # Gradio is heavy; only the full app pays for importing it
    except ImportError as exc:
        log.warning("chat UI not mounted: %s", exc)
        return app
    if not hasattr(ui, "build_ui"):
        log.warning("chat UI not mounted: kgqa.ui has no build_ui()")
        return app
    import gradio as gr

    blocks = ui.build_ui(kg, engine, settings)
    _slow_queue_polling(blocks)
    return gr.mount_gradio_app(app, blocks, path="/")


# How often Gradio's queue looks for new UI events while it has none (its own default on Linux:
# every millisecond), and for progress to report (every 10 ms).
UI_QUEUE_POLL_S = 0.01
UI_PROGRESS_POLL_S = 0.05


def _slow_queue_polling(blocks: Any) -> None:
    """Make Gradio's queue poll the event loop 10× less often.

    The queue's loop sleeps 1 ms whenever it has nothing to do, so an idle server woke ~1,100
    times a second (about 6% of a core doing nothing), and under /sparql load those wake-ups
    sat between the requests on the one event loop thread. At 10 ms a chat event waits at most
    that long to start, against answers that take tens of milliseconds or more. Gradio keeps
    these as plain attributes (its Windows values are 50 and 100 ms); without them, nothing
    changes.
    """
    queue = getattr(blocks, "_queue", None)
    if queue is None:
        return
    if isinstance(getattr(queue, "sleep_when_free", None), (int, float)):
        queue.sleep_when_free = max(queue.sleep_when_free, UI_QUEUE_POLL_S)
    if isinstance(getattr(queue, "progress_update_sleep_when_free", None), (int, float)):
        queue.progress_update_sleep_when_free = max(queue.progress_update_sleep_when_free,
                                                    UI_PROGRESS_POLL_S)


def create_app_from_env() -> FastAPI:
    """Uvicorn factory: settings from ``KGQA_*`` environment variables.

    This is the one place that reads ``os.environ``; everything below takes a Settings object.
    """
    settings = Settings.from_mapping(environ=os.environ)
    logging.basicConfig(level=settings.log_level.upper())
    app = create_app(settings, freeze_heap=True)
    log.info("\n%s", startup_banner(settings))
    return app


def _what(settings: Settings) -> str:
    if settings.graph:
        return ", ".join(settings.graph)
    if settings.store == "memory":
        return "the embedded graph"
    if settings.store.startswith("oxigraph:"):
        return "the graph in the store (seeded with the embedded graph when empty)"
    return "the endpoint's graph"


def startup_banner(settings: Settings) -> str:
    """The lines printed at start-up, naming where each interface is served."""
    host = settings.host
    shown = "127.0.0.1" if host in ("0.0.0.0", "::", "") else host
    if ":" in shown:
        shown = f"[{shown}]"
    base = f"http://{shown}:{settings.port}"
    mode = ("read-write (updates need the bearer token)"
            if settings.allow_update and settings.update_token else "read-only")
    lines = [
        f"kgqa is serving {_what(settings)} (store: {settings.store})",
        f"  Chat UI          {base}/",
        f"  SPARQL endpoint  {base}/sparql  ({mode}; query timeout {settings.query_timeout:g} s, "
        f"row limit {settings.result_limit})",
        f"  JSON API         {base}/api  (OpenAPI docs: {base}/docs)",
        f"  Health           {base}/api/health",
    ]
    if host in ("0.0.0.0", "::"):
        lines.append(f"  Listening on all interfaces ({host}); reachable from other machines.")
    return "\n".join(lines)
