"""Errors raised for questions the engine refuses to handle.

They carry an HTTP-ish ``status`` (400 for an empty or malformed question, 413 for one over the
length limit) so front ends can map them without guessing.
"""

from __future__ import annotations


class QuestionError(ValueError):
    """A question the engine cannot accept; ``status`` is the HTTP status a front end should use."""

    def __init__(self, message: str, status: int = 400):
        super().__init__(message)
        self.message = message
        self.status = status
