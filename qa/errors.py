"""Errors raised for questions (and question files) the engine refuses to handle.

They are :class:`kgqa.errors.KgqaError`\\ s, so they carry a ``code`` and an HTTP ``status``
(400 for an empty or malformed question, 413 for one over the length limit) and front ends map
them without knowing this module.
"""

from __future__ import annotations

from kgqa.errors import KgqaError


class QuestionError(KgqaError, ValueError):
    """A question the engine cannot accept.

    ``code`` is ``question_too_long`` for status 413 and ``bad_question`` otherwise unless given
    (the engine says ``empty_question`` for a blank one, as the HTTP API does).
    """

    status = 400
    code = "bad_question"

    def __init__(self, message: str, status: int = 400, code: str | None = None):
        super().__init__(message, status=status,
                         code=code or ("question_too_long" if status == 413 else None))


class QuestionSetError(KgqaError, ValueError):
    """A question file for ``kgqa eval`` that cannot be read; the message names the line."""

    status = 400
    code = "bad_question_set"
