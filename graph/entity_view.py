"""One entity as plain data: its facts (with sources), neighbours and dated events.

Both front ends show it: ``GET /api/entity/{id}`` returns it as JSON and the UI's Explore tab
renders it, so it lives here rather than in either of them.
"""

from __future__ import annotations

from typing import Any

from rdflib import BNode, Literal, URIRef
from rdflib.namespace import DCTERMS, PROV, RDF, RDFS, SKOS

from .knowledge_graph import KnowledgeGraph

RESOURCE_BASE = "https://kgqa.dev/id/"
MAX_FACTS = 500  # an entity page is for people; a hub with thousands of edges is cut here

# Shown in the header of the view rather than repeated as facts.
_HEADER_PREDICATES = {RDF.type, RDFS.label, SKOS.altLabel, RDFS.comment}
_XSD = "http://www.w3.org/2001/XMLSchema#"
_DATE_TYPES = {URIRef(_XSD + t) for t in ("date", "dateTime", "gYear", "gYearMonth")}
# Where a fact came from and how firm it is: shown as sources, not as neighbours.
_PROVENANCE_PREDICATES = {DCTERMS.source, PROV.wasDerivedFrom,
                          URIRef("https://kgqa.dev/ontology#status")}


def resolve_iri(id: str) -> str:
    """An IRI as given (``https://...``, ``urn:...``), else a local name under the resource base."""
    if "://" in id or id.startswith(("urn:", "mailto:", "tag:")):
        return id
    return RESOURCE_BASE + id.lstrip("/")


def _term(kg: KnowledgeGraph, term: Any) -> dict:
    if isinstance(term, Literal):
        out = {"value": str(term), "label": str(term)}
        if term.datatype:
            out["datatype"] = str(term.datatype)
        if term.language:
            out["lang"] = term.language
        return out
    if isinstance(term, BNode):
        return {"bnode": str(term), "label": kg.label(term) or "(unnamed)"}
    return {"iri": str(term), "label": kg.label(term)}


def _sources(kg: KnowledgeGraph, s, p, o) -> list[dict]:
    out = []
    for src in kg.provenance(s, p, o):
        out.append({"iri": str(src.iri) if src.iri else None, "title": src.title,
                    "publisher": src.publisher, "date": str(src.date) if src.date else None,
                    "url": src.url, "status": src.status})
    return out


def _date_of(kg: KnowledgeGraph, node) -> str | None:
    """The earliest date-typed literal on ``node`` (xsd:date, dateTime, gYear, gYearMonth);
    a free-text note about a date is not a date."""
    dates = [str(o) for _, _, o in kg.triples(s=node)
             if isinstance(o, Literal) and o.datatype in _DATE_TYPES]
    return min(dates) if dates else None


def _neighbour(kg: KnowledgeGraph, out: dict, other, predicate, direction: str,
               via: str | None = None) -> None:
    if not isinstance(other, URIRef) or kg.is_fact(other) or kg.is_schema(other):
        return
    entry = out.setdefault(str(other), {"iri": str(other), "label": kg.label(other),
                                        "relations": []})
    relation = {"predicate": kg.label(predicate), "direction": direction}
    if via:
        relation["via"] = via
    if relation not in entry["relations"]:
        entry["relations"].append(relation)


def entity_view(kg: KnowledgeGraph, iri: str) -> dict | None:
    """Facts about ``iri`` as JSON, or ``None`` when no triple mentions it.

    Keys: ``iri, label, alt_labels, comment, types`` (each type ``{"iri","label"}``), ``facts``
    (outgoing: predicate, object, sources), ``mentions`` (incoming: subject, predicate, and the
    subject's date when it has one), ``neighbours`` (other entities linked directly or through a
    fact node, with the linking predicates' labels; fact nodes and schema terms are not
    neighbours), ``events`` (fact nodes among the mentions that carry a date, oldest first) and ``truncated``.

    Every part comes from one version of the graph, even while updates commit.
    """
    with kg.reading():
        return _entity_view(kg, iri)


def _entity_view(kg: KnowledgeGraph, iri: str) -> dict | None:
    node = URIRef(iri)
    outgoing = list(kg.triples(s=node))
    incoming = list(kg.triples(o=node))
    if not outgoing and not incoming:
        return None

    facts, neighbours = [], {}
    for s, p, o in outgoing[:MAX_FACTS]:
        if p in _HEADER_PREDICATES:
            continue
        facts.append({"predicate": _term(kg, p), "object": _term(kg, o),
                      "sources": _sources(kg, s, p, o)})
        if p not in _PROVENANCE_PREDICATES:
            _neighbour(kg, neighbours, o, p, "out")

    mentions, events = [], []
    for s, p, _ in incoming[:MAX_FACTS]:
        subject = _term(kg, s)
        date = _date_of(kg, s)
        mentions.append({"subject": subject, "predicate": _term(kg, p), "date": date})
        if date and kg.is_fact(s):
            events.append({"date": date, "node": subject, "predicate": kg.label(p)})
        if kg.is_fact(s):
            # An n-ary fact links this entity to the others it names: those are neighbours too.
            for _, p2, o2 in kg.triples(s=s):
                if o2 != node and p2 not in _PROVENANCE_PREDICATES and p2 != RDF.type:
                    _neighbour(kg, neighbours, o2, p2, "fact", via=kg.label(s))
        else:
            _neighbour(kg, neighbours, s, p, "in")

    events.sort(key=lambda e: e["date"])
    labels = kg.labels(node)
    return {
        "iri": iri,
        "label": kg.label(node),
        "alt_labels": labels[1:],
        "comment": kg.comment(node),
        "types": [_term(kg, o) for _, p, o in outgoing if p == RDF.type],
        "facts": facts,
        "mentions": mentions,
        "neighbours": list(neighbours.values()),
        "events": events,
        "truncated": len(outgoing) > MAX_FACTS or len(incoming) > MAX_FACTS,
    }
