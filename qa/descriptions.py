"""Describing one entity from its comment and types, and the evidence records that go with it."""

from __future__ import annotations

from rdflib.namespace import RDF, RDFS

from . import compose
from .answer import Answer, Evidence
from .facts import Fact, FactBase


class DescriptionAnswerer:
    """Describes one entity. Mixed into :class:`~kgqa.qa.engine.QAEngine`."""

    def _describe(self, e: str) -> Answer:
        fb = self._fb
        ev = comment_evidence(fb, e)
        kinds = [fb.label(t) for t in sorted(fb.types.get(e, ()))]
        comment = fb.comments.get(e)
        if comment:
            text = f"{fb.label(e)}: {comment}"
        elif kinds:
            text = f"{fb.label(e)} is a {kinds[0]}."
        else:
            text = f"{fb.label(e)} is in the graph."
        return Answer(answer=text, entities=entity_refs(fb, [e]), evidence=[ev] if ev else [],
                      confidence=0.9 if comment else 0.6,
                      sparql=compose.sparql_describe(e), kind="describe")



def entity_refs(fb: FactBase, iris) -> list[dict]:
    return [{"iri": i, "label": fb.label(i)} for i in dict.fromkeys(iris)]


def comment_evidence(fb: FactBase, e: str) -> Evidence | None:
    comment = fb.comments.get(e)
    if not comment:
        return None
    fact = Fact(id=e, kind="triple", subject=e, predicate=str(RDFS.comment), object=None,
                entities=frozenset((e,)), text=comment)
    source, _ = compose.best_source(fb, fact)
    return Evidence(subject={"iri": e, "label": fb.label(e)},
                    predicate={"iri": str(RDFS.comment), "label": "comment"},
                    object={"value": comment, "label": comment}, statement=comment,
                    source=source)


def type_evidence(fb: FactBase, e: str, cls: str) -> Evidence:
    return Evidence(subject={"iri": e, "label": fb.label(e)},
                    predicate={"iri": str(RDF.type), "label": "type"},
                    object={"iri": cls, "label": fb.label(cls)},
                    statement=f"{fb.label(e)} is a {fb.label(cls)}.", source=None)
