"""SHACL validation with pyshacl, reported in plain words.

A violation reads like "kg:inv_2019 (Investment): amount needs a currency [kgqa:currency]", so a
person knows which node to fix and which property is wrong.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import rdflib
from rdflib.namespace import RDF, SH


@dataclass
class Violation:
    focus: str
    path: str | None
    message: str
    severity: str
    value: str | None = None

    def __str__(self) -> str:
        where = f" [{self.path}]" if self.path else ""
        value = f" (value: {self.value})" if self.value else ""
        return f"{self.focus}{where}: {self.message}{value}"


@dataclass
class ValidationReport:
    conforms: bool
    violations: list[Violation] = field(default_factory=list)

    @property
    def text(self) -> str:
        if self.conforms:
            return "The graph conforms to its SHACL shapes."
        lines = [f"{len(self.violations)} SHACL violation(s):"]
        lines += [f"  - {v}" for v in self.violations]
        return "\n".join(lines)

    def to_dict(self) -> dict:
        return {"conforms": self.conforms,
                "violations": [v.__dict__ for v in self.violations]}


def _short(graph: rdflib.Graph, term) -> str:
    if term is None:
        return None
    if isinstance(term, rdflib.URIRef):
        try:
            return graph.namespace_manager.normalizeUri(term)
        except Exception:  # noqa: BLE001 - fall back to the full IRI
            return str(term)
    return str(term)


def validate(data: rdflib.Graph, shapes: rdflib.Graph) -> ValidationReport:
    """Validate ``data`` against ``shapes``; never raises for violations, only reports them."""
    import pyshacl  # imported here: pyshacl pulls owlrl and takes ~0.5 s, paid only when validating

    conforms, report_graph, _ = pyshacl.validate(data, shacl_graph=shapes, inference="none",
                                                 advanced=True, allow_warnings=True)
    violations = []
    for result in report_graph.subjects(RDF.type, SH.ValidationResult):
        focus = report_graph.value(result, SH.focusNode)
        path = report_graph.value(result, SH.resultPath)
        message = report_graph.value(result, SH.resultMessage)
        severity = report_graph.value(result, SH.resultSeverity)
        value = report_graph.value(result, SH.value)
        violations.append(Violation(
            focus=_short(data, focus), path=_short(data, path),
            message=str(message) if message else "does not satisfy its shape",
            severity=str(severity).rsplit("#", 1)[-1] if severity else "Violation",
            value=_short(data, value) if value is not None else None))
    violations.sort(key=lambda v: (v.focus or "", v.path or "", v.message))
    return ValidationReport(conforms=bool(conforms), violations=violations)
