"""The JSON API under ``/api``: questions, entity lookup, health and statistics.

Handlers only call :class:`~kgqa.qa.QAEngine` and :class:`~kgqa.graph.KnowledgeGraph`; blocking
work runs in a worker thread so one slow answer does not hold up the event loop.
"""

from __future__ import annotations

from typing import Any
from fastapi import APIRouter, Query, Request
from fastapi.responses import JSONResponse
from pydantic import BaseModel, Field
from starlette.concurrency import run_in_threadpool
from starlette.routing import Match

from kgqa.graph import GraphError, KnowledgeGraph
from kgqa.graph.entity_view import entity_view, resolve_iri
from kgqa.service.errors import ServiceError
from kgqa.service.readiness import Readiness
from kgqa.settings import Settings


class Message(BaseModel):
    role: str = Field(description='"user" or "assistant"')
    content: str


class AskRequest(BaseModel):
    question: str = Field(description="The question in plain English.",
                          examples=["What leverage does OpenAI hold?"])
    history: list[Message] | None = Field(
        default=None, description="Earlier turns, oldest first, so follow-ups can refer back.")


def build_router(kg: KnowledgeGraph, engine: Any, settings: Settings,
                 readiness: Readiness | None = None) -> APIRouter:
    """Routes under ``/api`` answering from ``kg`` and ``engine`` (a QAEngine). ``readiness``
    decides what ``/api/health`` says (ready at once when ``None``)."""
    if readiness is None:
        readiness = Readiness()
        readiness.mark_ready()
    router = APIRouter(prefix="/api", tags=["API"])

    @router.post("/ask", summary="Answer a question from the graph")
    async def ask(body: AskRequest) -> dict:
        """Returns the engine's Answer JSON unchanged (answer, entities, evidence, confidence,
        abstained, sparql, timings). 400 for an empty question, 413 for one over the limit."""
        question = body.question
        if not question.strip():
            raise ServiceError(400, "The question is empty; type a question.", "empty_question")
        if len(question) > settings.max_question_chars:
            raise ServiceError(413, f"The question has {len(question)} characters; the limit is "
                               f"{settings.max_question_chars} (--max-question-chars).",
                               "question_too_long")
        history = [m.model_dump() for m in body.history or []]
        answer = await run_in_threadpool(engine.ask, question, history)
        return answer.to_dict()

    @router.get("/entities", summary="Autocomplete entity names")
    async def entities(q: str = Query("", description="What the user typed so far."),
                       limit: int = Query(10, ge=1, le=100)) -> list[dict]:
        """Entities whose label or alias matches ``q``, best first. Blank ``q`` gives []; 413 for
        a ``q`` longer than a question may be (fuzzy matching grows with its length)."""
        if not q.strip():
            return []
        if len(q) > settings.max_question_chars:
            raise ServiceError(413, f"q has {len(q)} characters; the limit is "
                               f"{settings.max_question_chars} (--max-question-chars).",
                               "query_too_long")
        hits = await run_in_threadpool(kg.search_entities, q, limit=limit)
        return [{"iri": str(e.iri), "label": e.label, "alt_labels": list(e.alt_labels),
                 "types": [str(t) for t in e.types], "comment": e.comment,
                 "score": round(float(score), 3)} for e, score in hits]

    @router.get("/entity/{id:path}", summary="Facts and neighbours of one entity")
    async def entity(id: str) -> dict:
        """``id`` is a percent-encoded IRI or a local name under https://kgqa.dev/id/.
        404 when the graph says nothing about it."""
        iri = resolve_iri(id)  # the ASGI path is already percent-decoded
        view = await run_in_threadpool(entity_view, kg, iri)
        if view is None:
            raise ServiceError(404, f"The graph has no entity {iri}; search with "
                               "/api/entities?q=... to find one.", "unknown_entity")
        return view

    @router.get("/health", summary="Readiness", responses={503: {"description": "Not ready"}})
    async def health() -> JSONResponse:
        """200 with ``ready: true`` once the engine has answered its warm-up question end to end
        (graph, model, index and caches loaded); 503 with ``ready: false`` until then, and
        ``warm_up_error`` when the last try failed."""
        try:
            triples, graph_error = await run_in_threadpool(kg.triple_count), None
        except GraphError as exc:  # a remote store that is down: not ready, and say why
            triples, graph_error = None, str(exc)
        model_loaded = bool(getattr(getattr(engine, "embedder", None), "loaded", False))
        ready = readiness.ready and graph_error is None
        body = {"status": "ok" if ready else "starting", **readiness.to_dict(), "ready": ready,
                "graph_loaded": graph_error is None, "triples": triples,
                "model_loaded": model_loaded, "store": settings.store,
                "read_only": not (settings.allow_update and bool(settings.update_token))}
        if graph_error:
            body["graph_error"] = graph_error
        if ready:
            return JSONResponse(body)
        return JSONResponse(body, status_code=503, headers={"Retry-After": "1"})

    @router.get("/stats", summary="Counts by class, sources and coverage")
    async def stats() -> dict:
        return await run_in_threadpool(kg.stats)

    @router.api_route("/{rest:path}", methods=["GET", "POST", "PUT", "PATCH", "DELETE"],
                      include_in_schema=False, name="api_not_found")
    async def unknown(rest: str, request: Request) -> None:
        # Without this, paths under /api would fall through to the UI mounted at "/". Because it
        # matches every method, it also has to say 405 when the path exists with other methods.
        allowed: set[str] = set()
        for route in router.routes:
            if getattr(route, "name", None) == "api_not_found":
                continue
            match, _ = route.matches(request.scope)
            if match == Match.PARTIAL:
                allowed |= set(getattr(route, "methods", ()) or ())
        if allowed:
            methods = ", ".join(sorted(allowed))
            raise ServiceError(405, f"{request.method} is not allowed on {request.url.path}; "
                               f"use {methods}.", headers={"Allow": methods})
        raise ServiceError(404, f"/api/{rest} does not exist; see /docs for the API.")

    return router
