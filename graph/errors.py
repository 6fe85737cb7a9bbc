"""Errors of the graph layer.

Each error carries the HTTP status a front end should answer with, so one handler can turn any of
them into the project's single JSON error shape. Messages name what to fix: the file, line and
column of a syntax error, the position in a query, or the setting that set a limit.
"""

from __future__ import annotations

from ..errors import KgqaError


class GraphError(KgqaError):
    """Base class of the graph layer's errors (see :class:`kgqa.errors.KgqaError`)."""

    status = 500
    code = "graph_error"


class ParseError(GraphError):
    """RDF input could not be parsed. ``path``, ``line`` and ``column`` locate the fault."""

    status = 400
    code = "rdf_syntax_error"

    def __init__(self, message: str, *, path: str | None = None, line: int | None = None,
                 column: int | None = None):
        super().__init__(message)
        self.path, self.line, self.column = path, line, column


class QueryError(GraphError):
    """A SPARQL query or update is malformed or not allowed. ``line``/``column`` locate it."""

    status = 400
    code = "sparql_syntax_error"

    def __init__(self, message: str, *, line: int | None = None, column: int | None = None,
                 status: int | None = None, code: str | None = None):
        super().__init__(message, status=status, code=code)
        self.line, self.column = line, column


class QueryForbidden(QueryError):
    """The query asks for something this server refuses (updates, SERVICE, LOAD)."""

    status = 403
    code = "forbidden"


class QueryTimeout(GraphError):
    """The query ran past its time limit and was stopped."""

    status = 503
    code = "query_timeout"


class ValidationFailed(GraphError):
    """An update or load would leave the graph violating its SHACL shapes; nothing was changed."""

    status = 422
    code = "shacl_violation"

    def __init__(self, message: str, report=None):
        super().__init__(message)
        self.report = report


class ResultFormatError(GraphError, ValueError):
    """A result was asked for in a format that cannot carry it (CSV for a CONSTRUCT, say)."""

    status = 406
    code = "bad_result_format"


class StoreUnavailable(GraphError):
    """A remote SPARQL endpoint could not be reached or answered with an error."""

    status = 502
    code = "store_unavailable"
