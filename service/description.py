"""The SPARQL 1.1 Service Description served on ``GET /sparql`` without a query.

See https://www.w3.org/TR/sparql11-service-description/. It tells clients what the endpoint
speaks: the query language (and update when enabled), the result formats, and the size of the
default graph.
"""

from __future__ import annotations

from rdflib import BNode, Graph, Literal, Namespace, URIRef
from rdflib.namespace import RDF, XSD

from kgqa.graph import KnowledgeGraph
from kgqa.settings import Settings

SD = Namespace("http://www.w3.org/ns/sparql-service-description#")
FORMATS = Namespace("http://www.w3.org/ns/formats/")
VOID = Namespace("http://rdfs.org/ns/void#")

RESULT_FORMATS = ("SPARQL_Results_JSON", "SPARQL_Results_XML", "SPARQL_Results_CSV",
                  "SPARQL_Results_TSV", "Turtle", "N-Triples", "JSON-LD", "RDF_XML")


def service_description(endpoint: str, settings: Settings, kg: KnowledgeGraph) -> Graph:
    """An RDF graph describing the endpoint at ``endpoint`` (its absolute URL)."""
    g = Graph()
    g.bind("sd", SD)
    g.bind("formats", FORMATS)
    g.bind("void", VOID)
    service = URIRef(endpoint + "#service")
    g.add((service, RDF.type, SD.Service))
    g.add((service, SD.endpoint, URIRef(endpoint)))
    g.add((service, SD.supportedLanguage, SD.SPARQL11Query))
    if settings.allow_update and settings.update_token:
        g.add((service, SD.supportedLanguage, SD.SPARQL11Update))
    for name in RESULT_FORMATS:
        g.add((service, SD.resultFormat, FORMATS[name]))
    if settings.allow_service:
        g.add((service, SD.feature, SD.BasicFederatedQuery))
    dataset, default_graph = BNode(), BNode()
    g.add((service, SD.defaultDataset, dataset))
    g.add((dataset, RDF.type, SD.Dataset))
    g.add((dataset, SD.defaultGraph, default_graph))
    g.add((default_graph, RDF.type, SD.Graph))
    g.add((default_graph, VOID.triples, Literal(_triple_count(kg), datatype=XSD.integer)))
    return g


def _triple_count(kg: KnowledgeGraph) -> int:
    return kg.triple_count()
