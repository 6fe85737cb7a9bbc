"""Reading a SPARQL 1.1 Protocol request into one operation (a query or an update).

Implements the request half of https://www.w3.org/TR/sparql11-protocol/: query via GET, via
URL-encoded POST and via POST ``application/sparql-query``; update via URL-encoded POST and via
POST ``application/sparql-update``. Every way a request can be malformed is a
:class:`~kgqa.service.errors.ServiceError` with a 4xx status and a message saying what to send.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from urllib.parse import parse_qsl

from starlette.requests import Request

from kgqa.service.errors import ServiceError

FORM = "application/x-www-form-urlencoded"
QUERY = "application/sparql-query"
UPDATE = "application/sparql-update"

DATASET_PARAMS = ("default-graph-uri", "named-graph-uri")
USING_PARAMS = ("using-graph-uri", "using-named-graph-uri")


@dataclass
class Operation:
    """What one request asks for.

    ``kind`` is "query", "update" or "describe-service" (a GET without a query). The dataset
    lists hold IRIs from ``default-graph-uri``/``named-graph-uri`` (queries) or
    ``using-graph-uri``/``using-named-graph-uri`` (updates); empty lists mean "not given".
    """

    kind: str
    text: str = ""
    default_graph_uris: list[str] = field(default_factory=list)
    named_graph_uris: list[str] = field(default_factory=list)
    using_graph_uris: list[str] = field(default_factory=list)
    using_named_graph_uris: list[str] = field(default_factory=list)
    format: str | None = None  # an explicit ?format= choice, overriding Accept


def _media_type(header: str | None) -> tuple[str, dict[str, str]]:
    if not header:
        return "", {}
    media, *params = (p.strip() for p in header.split(";"))
    parsed = {}
    for p in params:
        name, _, value = p.partition("=")
        parsed[name.strip().lower()] = value.strip().strip('"')
    return media.lower(), parsed


def _check_charset(params: dict[str, str], what: str) -> None:
    charset = params.get("charset", "utf-8").lower()
    if charset not in {"utf-8", "utf8"}:
        raise ServiceError(415, f"The {what} is sent as {charset}; send it as UTF-8 "
                           "(the SPARQL protocol requires UTF-8).", "unsupported_charset")


def _decode(body: bytes, params: dict[str, str], what: str) -> str:
    _check_charset(params, what)
    try:
        return body.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise ServiceError(400, f"The {what} is not valid UTF-8 (byte {exc.start}); "
                           "send it as UTF-8.", "bad_encoding") from exc


_RAW_NON_ASCII = re.compile(rb"[\x80-\xff]")


def _pairs(raw: bytes, where: str) -> list[tuple[str, str]]:
    """The ``name=value`` pairs of a URL query string or form body, decoded strictly as UTF-8.

    Starlette (like ``parse_qsl`` by default) replaces undecodable bytes with U+FFFD, which would
    run a query the client never sent. Raw non-ASCII bytes are percent-encoded first so both
    spellings of a byte are checked alike. Raises ``ServiceError`` (400, ``bad_encoding``).
    """
    text = _RAW_NON_ASCII.sub(lambda m: b"%%%02X" % m.group()[0], raw).decode("ascii")
    out = []
    for name, value in parse_qsl(text, keep_blank_values=True, encoding="latin-1"):
        name = _utf8(name, where, "a parameter name")
        out.append((name, _utf8(value, where, f"the '{name}' parameter")))
    return out


def _utf8(latin1: str, where: str, what: str) -> str:
    # latin-1 maps bytes to code points one to one, so this recovers the bytes exactly.
    data = latin1.encode("latin-1")
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise ServiceError(400, f"In the {where}, {what} is not valid UTF-8: byte "
                           f"0x{data[exc.start]:02X} at offset {exc.start} of its percent-decoded "
                           "value. Send the text as percent-encoded UTF-8.",
                           "bad_encoding") from exc


def _one(pairs: list[tuple[str, str]], name: str) -> str | None:
    values = [v for k, v in pairs if k == name]
    if len(values) > 1:
        raise ServiceError(400, f"The request carries {len(values)} '{name}' parameters; "
                           f"send exactly one.", f"multiple_{name}s")
    return values[0] if values else None


def _all(pairs: list[tuple[str, str]], name: str) -> list[str]:
    return [v for k, v in pairs if k == name]


def _build(pairs: list[tuple[str, str]], query: str | None, update: str | None) -> Operation:
    if query is not None and update is not None:
        raise ServiceError(400, "The request carries both 'query' and 'update'; send one.",
                           "query_and_update")
    fmt = _one(pairs, "format")
    if query is not None:
        if any(k in USING_PARAMS for k, _ in pairs):
            raise ServiceError(400, "using-graph-uri and using-named-graph-uri apply to updates; "
                               "for a query use default-graph-uri and named-graph-uri.",
                               "bad_dataset")
        return Operation("query", query, _all(pairs, "default-graph-uri"),
                         _all(pairs, "named-graph-uri"), format=fmt)
    if update is not None:
        if any(k in DATASET_PARAMS for k, _ in pairs):
            raise ServiceError(400, "default-graph-uri and named-graph-uri apply to queries; "
                               "for an update use using-graph-uri and using-named-graph-uri.",
                               "bad_dataset")
        return Operation("update", update, using_graph_uris=_all(pairs, "using-graph-uri"),
                         using_named_graph_uris=_all(pairs, "using-named-graph-uri"))
    return Operation("describe-service", format=fmt)


async def read_operation(request: Request) -> Operation:
    """Parse ``request`` (GET or POST on the endpoint) into an :class:`Operation`.

    Raises ``ServiceError`` (400 or 415) for anything the protocol does not allow: two queries,
    an update over GET, a POST body with a missing or unknown media type, a body or a URL or
    form parameter that is not UTF-8.
    """
    url_pairs = _pairs(request.scope.get("query_string", b""), "URL")
    if request.method == "GET":
        if _one(url_pairs, "update") is not None:
            raise ServiceError(400, "Updates must be sent with POST, not GET "
                               "(SPARQL 1.1 Protocol, section 2.2).", "update_via_get")
        return _build(url_pairs, _one(url_pairs, "query"), None)

    media, params = _media_type(request.headers.get("content-type"))
    body = await request.body()
    if media == FORM:
        _check_charset(params, "form body")
        form_pairs = _pairs(body, "form body")
        # Dataset parameters may sit in the URL while the operation is in the body.
        pairs = url_pairs + form_pairs
        if not any(k in ("query", "update") for k, _ in form_pairs):
            raise ServiceError(400, "The form body has neither a 'query' nor an 'update' field.",
                               "missing_operation")
        return _build(pairs, _one(pairs, "query"), _one(pairs, "update"))
    if media in (QUERY, UPDATE):
        what = "query" if media == QUERY else "update"
        if any(k in ("query", "update") for k, _ in url_pairs):
            raise ServiceError(400, f"The {what} is in the body; do not also send it as a URL "
                               "parameter.", f"multiple_{what}s")
        text = _decode(body, params, what)
        return _build(url_pairs, text if media == QUERY else None,
                      text if media == UPDATE else None)
    if not media:
        raise ServiceError(415, "A POST to /sparql needs a Content-Type: "
                           f"{FORM}, {QUERY} or {UPDATE}.", "missing_content_type")
    raise ServiceError(415, f"Content-Type {media} is not accepted; POST the request as "
                       f"{FORM}, {QUERY} or {UPDATE}.")
