"""ASGI middleware: the request-size limit and CORS for the SPARQL endpoint only."""

from __future__ import annotations

import json

from starlette.middleware.cors import CORSMiddleware
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from kgqa.service.errors import error_body


async def _send_json(send: Send, status: int, body: dict) -> None:
    payload = json.dumps(body).encode()
    await send({"type": "http.response.start", "status": status,
                "headers": [(b"content-type", b"application/json"),
                            (b"content-length", str(len(payload)).encode()),
                            (b"connection", b"close")]})
    await send({"type": "http.response.body", "body": payload})


class BodySizeLimit:
    """Answer 413 when a request body is larger than ``max_bytes``.

    A declared ``Content-Length`` over the limit is refused before reading anything. Otherwise
    the body is read (at most ``max_bytes`` + one chunk) and replayed to the app, so chunked
    uploads without a length are limited too.
    """

    def __init__(self, app: ASGIApp, max_bytes: int):
        self.app = app
        self.max_bytes = max_bytes

    def _too_large(self) -> dict:
        return error_body("request_too_large",
                          f"The request body is larger than {self.max_bytes} bytes, the limit set "
                          "by --max-request-bytes (KGQA_MAX_REQUEST_BYTES).")

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        headers = dict(scope.get("headers") or ())
        length = headers.get(b"content-length")
        if length is not None:
            try:
                declared = int(length)
            except ValueError:
                await _send_json(send, 400, error_body(
                    "bad_request", "The Content-Length header is not a number."))
                return
            if declared > self.max_bytes:
                await _send_json(send, 413, self._too_large())
                return
            if declared == 0:
                await self.app(scope, receive, send)
                return

        messages: list[Message] = []
        size = 0
        while True:
            message = await receive()
            messages.append(message)
            if message["type"] != "http.request":
                break  # a disconnect: hand it on and let the app stop
            size += len(message.get("body", b""))
            if size > self.max_bytes:
                await _send_json(send, 413, self._too_large())
                return
            if not message.get("more_body", False):
                break

        async def replay() -> Message:
            if messages:
                return messages.pop(0)
            return await receive()

        await self.app(scope, replay, send)


class PathCORS:
    """CORS headers (any origin, GET and POST) on paths under ``prefix`` only.

    Browser tools such as YASGUI query the endpoint from other origins; the JSON API and the UI
    stay same-origin.
    """

    def __init__(self, app: ASGIApp, prefix: str = "/sparql"):
        self.app = app
        self.prefix = prefix
        self.cors = CORSMiddleware(app, allow_origins=["*"], allow_methods=["GET", "POST"],
                                   allow_headers=["*"], expose_headers=["X-KGQA-Truncated"],
                                   max_age=600)

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        path = scope.get("path", "")
        if scope["type"] == "http" and (path == self.prefix or path.startswith(self.prefix + "/")):
            await self.cors(scope, receive, send)
        else:
            await self.app(scope, receive, send)
