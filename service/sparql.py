"""The SPARQL 1.1 Protocol endpoint at ``/sparql``.

Queries run in forked workers that the event loop waits on (or, with ``query_workers`` 0, in a
thread), so a slow one never blocks the loop; the graph layer stops a query at
``settings.query_timeout`` and we answer 503 while other requests go on being served.
The endpoint is read-only unless the server was started with ``--allow-update`` and an
``--update-token``, and it never lets a query reach the network unless ``--allow-service``.
"""

from __future__ import annotations

import hmac
from functools import lru_cache, partial
from typing import Callable

from fastapi import APIRouter, Request, Response
from fastapi.responses import HTMLResponse
from starlette._utils import get_route_path
from starlette.concurrency import run_in_threadpool
from starlette.datastructures import URL
from starlette.types import ASGIApp, Receive, Scope, Send

from kgqa.graph import KnowledgeGraph
from kgqa.graph.sparql import check_update_policy
from kgqa.service import negotiation, yasgui
from kgqa.service.description import service_description
from kgqa.service.errors import ServiceError
from kgqa.service.protocol import Operation, read_operation
from kgqa.settings import Settings


def _pick_format(op: Operation, request: Request, offered: tuple[negotiation.Format, ...]
                 ) -> negotiation.Format:
    if op.format:
        fmt = negotiation.by_key_or_media_type(op.format, offered)
        if fmt is None:
            raise ServiceError(406, f"format={op.format} cannot be used for this result; use one "
                               f"of: {', '.join(f.key for f in offered)}.")
        return fmt
    accept = request.headers.get("accept")
    fmt = negotiation.negotiate(accept, offered)
    if fmt is None:
        raise ServiceError(406, f"None of the media types in Accept ({accept}) can carry this "
                           f"result; accept one of: {negotiation.describe(offered)}.")
    return fmt


def _check_update_allowed(request: Request, settings: Settings) -> None:
    if not settings.allow_update:
        raise ServiceError(403, "This endpoint is read-only. Start the server with --allow-update "
                           "and --update-token to accept SPARQL updates.", "updates_disabled")
    if not settings.update_token:
        raise ServiceError(403, "Updates are enabled but no --update-token is set, so none can be "
                           "accepted; set KGQA_UPDATE_TOKEN or --update-token.", "updates_disabled")
    scheme, _, token = request.headers.get("authorization", "").partition(" ")
    if scheme.lower() != "bearer" or not hmac.compare_digest(token.strip().encode(),
                                                             settings.update_token.encode()):
        raise ServiceError(403, "Updates need the header 'Authorization: Bearer <token>' with the "
                           "token the server was started with.", "bad_token",
                           headers={"WWW-Authenticate": 'Bearer realm="kgqa-sparql-update"'})


async def _query(kg: KnowledgeGraph, op: Operation, settings: Settings, base_iri: str,
                 pick: Callable[[str], negotiation.Format]):
    """Query, choose the format for the result's kind, serialise.

    With query workers (the default) the event loop waits on a forked worker that is killed at
    ``query_timeout``, so the work stops too; without them the query runs in a thread and the
    wait stops shortly after the limit. QueryTimeout (503, naming --query-timeout) and
    QueryError (400) reach the error handlers.
    """
    result = await kg.query_async(
        op.text, timeout=settings.query_timeout, limit=settings.result_limit,
        allow_service=settings.allow_service, base_iri=base_iri,
        default_graph_uris=op.default_graph_uris or None,
        named_graph_uris=op.named_graph_uris or None)
    fmt = pick(result.kind)
    if _cheap_to_serialise(result, fmt.key):
        return result, fmt, result.serialize(fmt.key)
    return result, fmt, await run_in_threadpool(result.serialize, fmt.key)


def _cheap_to_serialise(result, key: str) -> bool:
    """True when serialising on the event loop costs less than a trip to a thread: the JSON a
    worker sent goes out as it is, and small results take well under a millisecond."""
    if result.kind == "ask":
        return True
    if result.payload is not None:
        return key == "json" or len(result.payload) <= _INLINE_BYTES
    return len(result) <= _INLINE_ROWS


def _endpoint_iri(request: Request) -> str:
    """The endpoint's URL as the client named it: the base IRI for relative IRIs in a query.
    (The same as ``url_for("sparql")``, which searches every route on each call.)"""
    scope = request.scope
    server = scope.get("server")
    return _url_without_query(scope["scheme"], server and tuple(server),
                              scope.get("root_path", ""), scope["path"],
                              request.headers.get("host"))


@lru_cache(maxsize=256)
def _url_without_query(scheme, server, root_path, path, host) -> str:
    # Starlette's own URL from the few scope fields it reads, kept for the next request from the
    # same client: building it (a urlsplit and a replace) was ~15 us of every /sparql request.
    # Bounded, since the Host header is the client's to choose.
    headers = [] if host is None else [(b"host", host.encode("latin-1"))]
    return str(URL(scope={"type": "http", "scheme": scheme, "server": server, "path": path,
                          "root_path": root_path, "query_string": b"", "headers": headers}))


def build_endpoint(kg: KnowledgeGraph, settings: Settings) -> Callable:
    """The one handler behind ``/sparql`` (GET and POST): ``await endpoint(request)`` gives the
    response or raises what the app's error handlers answer. :func:`build_router` routes to it
    and :class:`DirectDispatch` calls it straight from the middleware."""

    async def endpoint(request: Request) -> Response:
        op = await read_operation(request)
        if op.kind == "describe-service" and not op.format and negotiation.prefers_html(
                request.headers.get("accept"), negotiation.RDF_FORMATS):
            return await _editor(request)
        if op.kind == "describe-service":
            fmt = _pick_format(op, request, negotiation.RDF_FORMATS)
            graph = service_description(str(request.url_for("sparql")), settings, kg)
            body = await run_in_threadpool(graph.serialize, format=_RDFLIB[fmt.key])
            return Response(body.encode() if isinstance(body, str) else body,
                            media_type=negotiation.content_type_header(fmt),
                            headers={"Vary": "Accept"})
        if op.kind == "update":
            _check_update_allowed(request, settings)
        if not op.text.strip():
            raise ServiceError(400, f"The {op.kind} is empty; send SPARQL text.", f"empty_{op.kind}")
        if op.kind == "update":
            # The graph checks too, with its own flag; the server's setting is the one that counts.
            check_update_policy(op.text, allow_service=settings.allow_service)
            await run_in_threadpool(partial(kg.update, op.text, validate=True,
                                            base_iri=str(request.url_for("sparql")),
                                            using_graph_uris=op.using_graph_uris,
                                            using_named_graph_uris=op.using_named_graph_uris))
            return Response(status_code=204)

        result, fmt, body = await _query(
            kg, op, settings, _endpoint_iri(request),
            lambda kind: _pick_format(op, request, negotiation.formats_for(kind)))
        headers = {"Vary": "Accept"}
        if result.truncated:
            headers["X-KGQA-Truncated"] = "true"
            headers["X-KGQA-Result-Limit"] = str(settings.result_limit)
        return Response(body, media_type=negotiation.content_type_header(fmt), headers=headers)

    async def _editor(request: Request) -> HTMLResponse:
        config = await run_in_threadpool(yasgui.editor_config, kg,
                                         str(request.url_for("sparql")))
        assets = str(request.url_for("sparql_static", path="/"))
        page = yasgui.editor_page(config, assets, str(request.base_url))
        return HTMLResponse(page, headers={"Vary": "Accept"})

    return endpoint


def build_router(kg: KnowledgeGraph, settings: Settings,
                 endpoint: Callable | None = None) -> APIRouter:
    """The ``/sparql`` routes over ``kg`` (OpenAPI, and what a request reaches when
    :class:`DirectDispatch` is not in front). After an update the graph's version changes, and
    the QA engine rebuilds its facts and index from it on the next question. The editor's files
    under ``/sparql/static`` are mounted by the app (a router cannot carry a mount)."""
    router = APIRouter(tags=["SPARQL"])
    endpoint = endpoint or build_endpoint(kg, settings)
    description = ("GET ?query=, POST application/x-www-form-urlencoded (query= or update=), "
                   "POST application/sparql-query or application/sparql-update. The result "
                   "format follows Accept. GET without a query returns the service description, or the YASGUI editor to a "
                   "browser (Accept: text/html).")
    # Two routes rather than one with two methods, so each gets its own OpenAPI operation id;
    # the 405 handler lists the methods of every route on the path.
    router.add_api_route("/sparql", endpoint, methods=["GET"], name="sparql",
                         summary="SPARQL query (GET) or service description",
                         description=description, response_class=Response)
    router.add_api_route("/sparql", endpoint, methods=["POST"], name="sparql_post",
                         summary="SPARQL query or update (POST)", description=description,
                         response_class=Response)
    return router


class DirectDispatch:
    """ASGI middleware: GET and POST on ``path`` go to ``endpoint`` without FastAPI's router.

    Per request, the router tries every route of the app in turn, and FastAPI's route handling
    solves (empty) dependencies, opens an exit stack and wraps ``receive`` and ``send`` once
    more; for a point lookup that came to about as much CPU on the event loop as the endpoint
    itself, and under 8 clients on 2 cores every such microsecond is one the query workers and
    the other requests wait for. The response is the same: this sits inside the size limit and
    CORS middleware, errors go to the app's own handlers (looked up by exception class, as
    Starlette's ExceptionMiddleware does), and an exception without one propagates to the
    outer ServerErrorMiddleware, whose 500 handler is the app's. Other methods (405, with the
    app's Allow header) and other paths go on to the app as before.
    """

    def __init__(self, app: ASGIApp, endpoint: Callable, handlers: dict,
                 path: str = "/sparql"):
        self.app, self.endpoint, self.path = app, endpoint, path
        self.handlers = handlers  # the app's exception_handlers dict, read at each error

    def _handler(self, exc: Exception):
        for cls in type(exc).__mro__:
            if cls is Exception:
                return None  # ServerErrorMiddleware calls it and re-raises, as on the routed path
            handler = self.handlers.get(cls)
            if handler is not None:
                return handler
        return None

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if (scope["type"] != "http" or scope["method"] not in ("GET", "POST")
                or get_route_path(scope) != self.path):
            await self.app(scope, receive, send)
            return
        request = Request(scope, receive, send)
        try:
            response = await self.endpoint(request)
        except Exception as exc:
            handler = self._handler(exc)
            if handler is None:
                raise
            response = await handler(request, exc)
        await response(scope, receive, send)


_INLINE_ROWS = 200
_INLINE_BYTES = 64 * 1024

# rdflib plugin names for the service description's formats.
_RDFLIB = {"turtle": "turtle", "nt": "nt", "jsonld": "json-ld", "xml": "xml"}
