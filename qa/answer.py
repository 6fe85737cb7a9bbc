"""The answer object the engine returns; its ``to_dict`` is the JSON the API serves unchanged."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any


@dataclass
class Evidence:
    """One fact behind an answer.

    ``subject``/``predicate`` are ``{"iri", "label"}``; ``object`` is ``{"iri", "label"}`` for a
    resource or ``{"value", "label"}`` for a literal; ``source`` is a dict with ``iri, title,
    publisher, date, url, status`` or ``None`` when the graph names no source.
    """

    subject: dict
    predicate: dict
    object: dict
    statement: str
    source: dict | None = None

    def to_dict(self) -> dict[str, Any]:
        return {"subject": dict(self.subject), "predicate": dict(self.predicate),
                "object": dict(self.object), "statement": self.statement,
                "source": dict(self.source) if self.source else None}


@dataclass
class Answer:
    """A sourced answer. ``abstained`` is true when the graph does not support an answer."""

    answer: str
    entities: list[dict] = field(default_factory=list)
    evidence: list[Evidence] = field(default_factory=list)
    confidence: float = 0.0
    abstained: bool = False
    sparql: str | None = None
    timings: dict[str, float] = field(default_factory=dict)
    # The ranked answer items: {"iri", "label"} for a resource, {"value", "datatype"} for a
    # literal; apart from ``entities``, which are what the answer is about.
    answers: list[dict] = field(default_factory=list)
    # Not serialised: the question kind and the resolved question, for eval and debugging.
    kind: str = ""
    resolved_question: str = ""

    def to_dict(self) -> dict[str, Any]:
        """JSON-ready dict with exactly the documented keys."""
        return {
            "answer": self.answer,
            "entities": [{"iri": e["iri"], "label": e["label"]} for e in self.entities],
            "evidence": [e.to_dict() for e in self.evidence],
            "confidence": round(float(max(0.0, min(1.0, self.confidence))), 3),
            "abstained": bool(self.abstained),
            "sparql": self.sparql,
            "timings": {k: round(float(v), 3) for k, v in self.timings.items()},
            "answers": [dict(a) for a in self.answers],
        }
