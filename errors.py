"""The one base class of every error kgqa raises on purpose.

Each error carries a stable machine-readable ``code`` (a snake_case word a program can branch on,
such as ``bad_question``, ``query_timeout`` or ``rdf_syntax_error``) and the HTTP ``status`` a
front end answers with (4xx for a fault in what the caller sent, 5xx for one on our side). The
HTTP service turns any of them into ``{"error": {"code", "message"}}`` and the CLI prints the same
object with ``--json`` (a plain ``error: message`` line otherwise), so neither front end needs to
know the individual classes.

This module sits at the package root, beside ``settings.py``, so that ``graph/``, ``qa/`` and the
front ends can all import it without an import going up a layer.
"""

from __future__ import annotations

from typing import Any


class KgqaError(Exception):
    """Base class. Subclasses set ``status`` and ``code`` as class attributes; an instance may
    override either (``GraphError("...", status=400, code="file_not_found")``).

    ``message`` is a sentence a person can act on; ``details`` an optional list of JSON-friendly
    items (the SHACL violations behind a refused update, for example); ``headers`` optional HTTP
    headers for the answer (``Retry-After``, ``Allow``).
    """

    status: int = 500
    code: str = "internal_error"
    details: list[Any] | None = None
    headers: dict[str, str] | None = None

    def __init__(self, message: str, *, status: int | None = None, code: str | None = None):
        super().__init__(message)
        self.message = message
        if status is not None:
            self.status = status
        if code is not None:
            self.code = code

    def __str__(self) -> str:
        return self.message

    def to_dict(self) -> dict[str, str]:
        """``{"code", "message"}``: the object under ``"error"`` that both front ends print (the
        HTTP answer adds ``"details"`` when the error carries some)."""
        return {"code": self.code, "message": self.message}

    def __reduce__(self):
        # Query workers send errors back to the parent pickled. The default reduce calls
        # ``cls(*args)``, which breaks for subclasses whose constructor takes more than a message;
        # rebuilding from the instance's attributes works for every subclass.
        return _rebuild, (type(self), self.message, dict(self.__dict__))


def _rebuild(cls: type[KgqaError], message: str, state: dict[str, Any]) -> KgqaError:
    exc = cls.__new__(cls)
    Exception.__init__(exc, message)
    exc.__dict__.update(state)
    return exc


class SettingsError(KgqaError, ValueError):
    """A setting has the wrong type, an unknown name or a value outside its choices.

    Settings are read when a command or the server starts, never from a request, so this reaches
    people through the CLI (exit 1) or the server's start-up log. Its status is 400 because the
    fault is in what someone gave (a flag, a ``KGQA_*`` variable), not in kgqa.
    """

    status = 400
    code = "bad_setting"
