"""A networkx projection of the graph: resources as nodes, resource-to-resource triples as edges.

Literals, classes and schema-level triples (rdf:type, rdfs:subClassOf, labels) are left out;
provenance links (dcterms:source, status) too, so paths run through the facts themselves rather
than through the sources every fact shares. Fact nodes (n-ary relations such as an investment)
stay as nodes marked ``fact=True``: a path through them reads "Microsoft -investor of-> the 2019
investment -investee-> OpenAI", which is exactly the evidence a person wants to see.
"""

from __future__ import annotations

from typing import Iterable

import networkx as nx

RDF_TYPE = "http://www.w3.org/1999/02/22-rdf-syntax-ns#type"
SKIP_PREDICATES = {
    RDF_TYPE,
    "http://www.w3.org/2000/01/rdf-schema#subClassOf",
    "http://www.w3.org/2000/01/rdf-schema#subPropertyOf",
    "http://www.w3.org/2000/01/rdf-schema#domain",
    "http://www.w3.org/2000/01/rdf-schema#range",
    "http://www.w3.org/2000/01/rdf-schema#isDefinedBy",
    "http://www.w3.org/2000/01/rdf-schema#seeAlso",
    "http://www.w3.org/2002/07/owl#inverseOf",
    "http://www.w3.org/2002/07/owl#equivalentClass",
    "http://www.w3.org/2002/07/owl#equivalentProperty",
    "http://purl.org/dc/terms/source",
    "http://www.w3.org/ns/prov#wasDerivedFrom",
    "http://purl.org/dc/terms/publisher",
    "https://kgqa.dev/ontology#status",
    "https://kgqa.dev/ontology#figureStatus",
    "http://www.w3.org/1999/02/22-rdf-syntax-ns#subject",
    "http://www.w3.org/1999/02/22-rdf-syntax-ns#predicate",
    "http://www.w3.org/1999/02/22-rdf-syntax-ns#object",
}


def build_network(edges: Iterable[tuple[str, str, str]], *, labels: dict[str, str],
                  fact_nodes: set[str], schema_nodes: set[str]) -> nx.MultiDiGraph:
    """Build the projection from ``(subject, predicate, object)`` IRI triples.

    ``labels`` maps IRIs to display labels (predicates included); ``fact_nodes`` are n-ary fact
    resources; ``schema_nodes`` (classes, properties, individuals of the ontology such as status
    values) are left out.
    """
    g = nx.MultiDiGraph()
    for s, p, o in edges:
        if p in SKIP_PREDICATES or s in schema_nodes or o in schema_nodes:
            continue
        for n in (s, o):
            if n not in g:
                g.add_node(n, label=labels.get(n, local_name(n)), fact=n in fact_nodes)
        g.add_edge(s, o, key=p, predicate=p, label=labels.get(p, local_name(p)))
    return g


def local_name(iri: str) -> str:
    """The readable tail of an IRI: after the last '#', '/' or ':'."""
    for sep in ("#", "/", ":"):
        if sep in iri.rstrip(sep):
            iri = iri.rstrip(sep).rsplit(sep, 1)[-1]
    return iri.replace("_", " ")
