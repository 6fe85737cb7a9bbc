"""One error shape for every 4xx and 5xx answer: ``{"error": {"code": str, "message": str}}``.

``code`` is a stable snake_case word a program can branch on; ``message`` is a sentence a person
can act on (what was wrong, what to change). Some errors add ``"details"`` (a list), for example
the SHACL violations that stopped an update. ``tests/test_error_shape.py`` pins the shape.
"""

from __future__ import annotations

import dataclasses
import logging
import re
from typing import Any

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from starlette.exceptions import HTTPException as StarletteHTTPException
from starlette.routing import Match

from kgqa.errors import KgqaError

log = logging.getLogger("kgqa.service")

# Codes for errors that carry nothing more specific than their status.
STATUS_CODES: dict[int, str] = {
    400: "bad_request",
    401: "unauthorized",
    403: "forbidden",
    404: "not_found",
    405: "method_not_allowed",
    406: "not_acceptable",
    408: "request_timeout",
    413: "request_too_large",
    415: "unsupported_media_type",
    422: "invalid_request",
    429: "too_many_requests",
    500: "internal_error",
    503: "unavailable",
}


class ServiceError(KgqaError):
    """A fault found by the HTTP layer itself (bad media type, missing token, unknown entity).

    ``status`` is the HTTP status; ``code`` defaults to the status's word in :data:`STATUS_CODES`.
    """

    status = 400
    code = "bad_request"

    def __init__(self, status: int, message: str, code: str | None = None,
                 details: list[Any] | None = None, headers: dict[str, str] | None = None):
        super().__init__(message, status=status, code=code or STATUS_CODES.get(status, "error"))
        self.details = details
        self.headers = headers


def error_body(code: str, message: str, details: list[Any] | None = None) -> dict[str, Any]:
    """The JSON body of every error answer."""
    err: dict[str, Any] = {"code": code, "message": message}
    if details:
        err["details"] = details
    return {"error": err}


def error_response(status: int, message: str, code: str | None = None,
                   details: list[Any] | None = None,
                   headers: dict[str, str] | None = None) -> JSONResponse:
    return JSONResponse(error_body(code or STATUS_CODES.get(status, "error"), message, details),
                        status_code=status, headers=headers)


def _snake(name: str) -> str:
    return re.sub(r"(?<!^)(?=[A-Z])", "_", name).lower()


def _exception_status(exc: Exception, default: int) -> int:
    status = getattr(exc, "status", None)
    return status if isinstance(status, int) and 400 <= status < 600 else default


def _exception_details(exc: Exception) -> list[Any] | None:
    """SHACL violations (or any list an error carries) as JSON-friendly items."""
    report = getattr(exc, "report", None)
    items = (getattr(exc, "violations", None) or getattr(report, "violations", None)
             or getattr(exc, "details", None))
    if not items:
        return None
    out = []
    for v in items:
        if isinstance(v, (str, int, float, dict)):
            out.append(v)
        elif hasattr(v, "to_dict"):
            out.append(v.to_dict())
        elif dataclasses.is_dataclass(v):
            out.append(dataclasses.asdict(v))
        else:
            out.append(str(v))
    return out


def _validation_message(exc: RequestValidationError) -> tuple[int, str, str]:
    errors = exc.errors()
    if any(e.get("type") == "json_invalid" for e in errors):
        ctx = next(e for e in errors if e.get("type") == "json_invalid").get("ctx") or {}
        why = ctx.get("error", "the body could not be parsed")
        return 400, "invalid_json", f"The request body is not valid JSON ({why}); send a JSON object."
    parts = []
    for e in errors:
        where = ".".join(str(x) for x in e.get("loc", ()) if x != "body") or "body"
        parts.append(f"{where}: {e.get('msg', 'invalid')}")
    return 422, "invalid_request", "The request does not match the expected fields: " + "; ".join(parts)


def install_error_handlers(app: FastAPI) -> None:
    """Route every error the app can raise through :func:`error_response`."""

    @app.exception_handler(KgqaError)
    async def _kgqa(_: Request, exc: KgqaError) -> JSONResponse:
        # Every error of graph/, qa/, settings and this layer derives from KgqaError and carries
        # its code and status, so one handler serves them all.
        status = _exception_status(exc, 500)
        if status >= 500 and status != 503:
            log.exception("server-side fault", exc_info=exc)
        code = exc.code or _snake(type(exc).__name__)
        return error_response(status, exc.message, code, _exception_details(exc), exc.headers)

    @app.exception_handler(StarletteHTTPException)
    async def _http(request: Request, exc: StarletteHTTPException) -> JSONResponse:
        message = exc.detail if isinstance(exc.detail, str) else str(exc.detail)
        headers = exc.headers
        if exc.status_code == 404 and message == "Not Found":
            message = "Nothing is served at this path; see /docs for the API and /sparql for SPARQL."
        elif exc.status_code == 405:
            # Starlette's Allow names only the first route on the path; a path may have several
            # (one per method, so each gets its own OpenAPI operation).
            allowed = sorted({m for r in _routes(request.app.router.routes)
                              if _path_matches(r, request.scope)
                              for m in (getattr(r, "methods", None) or ())} - {"HEAD"})
            if allowed:
                headers = {**(headers or {}), "Allow": ", ".join(allowed)}
            message = "This method is not allowed here; " + (
                f"use {' or '.join(allowed)}." if allowed
                else "see /docs for the methods each path accepts.")
        return error_response(exc.status_code, message, headers=headers)

    @app.exception_handler(RequestValidationError)
    async def _validation(_: Request, exc: RequestValidationError) -> JSONResponse:
        status, code, message = _validation_message(exc)
        return error_response(status, message, code)

    @app.exception_handler(Exception)
    async def _fault(_: Request, exc: Exception) -> JSONResponse:
        # A bug or an outage on our side: the client did nothing wrong, so 500 and no internals.
        log.exception("unhandled error", exc_info=exc)
        return error_response(500, "The server failed while handling this request; "
                              "the fault is logged on the server.", "internal_error")


def _routes(routes):
    """Every route, descending into included routers (which newer FastAPI keeps nested)."""
    for route in routes:
        inner = getattr(route, "original_router", None)
        if inner is not None:
            yield from _routes(inner.routes)
        else:
            yield route


def _path_matches(route, scope) -> bool:
    """True when ``route`` serves the request's path, whatever the method."""
    try:
        match, _ = route.matches({**scope, "method": "GET"})
        if match == Match.NONE:
            match, _ = route.matches({**scope, "method": "POST"})
    except Exception:  # noqa: BLE001 - a route type that cannot match plain HTTP scopes
        return False
    return match != Match.NONE
