"""What a front end offers first on a graph: example questions and SPARQL queries, the prefixes
its queries use, and the entity to open on.

The chat UI, the YASGUI page at ``/sparql`` and the server's warm-up question all draw on this,
so it depends on the graph layer only (no web framework). The embedded graph gets curated
examples; any other graph gets examples built from its own best-connected entities, so what is
offered always answers on the graph being served.
"""

from __future__ import annotations

import re
from pathlib import Path

from kgqa.graph import KnowledgeGraph
from kgqa.graph.knowledge_graph import Entity

EXAMPLE_QUESTIONS = [
    "What leverage does OpenAI hold?",
    "How much has Microsoft invested in OpenAI?",
    "Who sits on OpenAI's board?",
    "What does OpenAI depend on Microsoft for?",
    "What happened in November 2023?",
]

_PREFIXES = """PREFIX kgqa: <https://kgqa.dev/ontology#>
PREFIX kg: <https://kgqa.dev/id/>
PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
PREFIX dcterms: <http://purl.org/dc/terms/>
"""
EXAMPLE_QUERIES = {
    "Investments (who, in whom, how much, when)": _PREFIXES + """
SELECT ?investor ?investee ?amount ?currency ?date ?fact WHERE {
  ?i a kgqa:Investment ; rdfs:label ?fact .
  OPTIONAL { ?i kgqa:investor/rdfs:label ?investor }
  OPTIONAL { ?i kgqa:investee/rdfs:label ?investee }
  OPTIONAL { ?i kgqa:amount ?amount }
  OPTIONAL { ?i kgqa:currency ?currency }
  OPTIONAL { ?i kgqa:date ?date }
}
ORDER BY ?date""",
    "Board seats": _PREFIXES + """
SELECT ?board ?holder ?occupant ?kind ?start ?end WHERE {
  ?seat a kgqa:BoardSeat .
  OPTIONAL { ?seat kgqa:boardOf/rdfs:label ?board }
  OPTIONAL { ?seat kgqa:holder/rdfs:label ?holder }
  OPTIONAL { ?seat kgqa:occupant/rdfs:label ?occupant }
  OPTIONAL { ?seat kgqa:seatKind ?kind }
  OPTIONAL { ?seat kgqa:startDate ?start }
  OPTIONAL { ?seat kgqa:endDate ?end }
}
ORDER BY ?board ?start""",
    "Leverage: who holds it over whom, and through what": _PREFIXES + """
SELECT ?holder ?over ?basis ?fact WHERE {
  ?l a kgqa:Leverage ; rdfs:label ?fact .
  OPTIONAL { ?l kgqa:holder/rdfs:label ?holder }
  OPTIONAL { ?l kgqa:over/rdfs:label ?over }
  OPTIONAL { ?l kgqa:basis/rdfs:label ?basis }
}
ORDER BY ?holder""",
    "Dependencies": _PREFIXES + """
SELECT ?dependent ?provider ?resource ?fact WHERE {
  ?d a kgqa:Dependency ; rdfs:label ?fact .
  OPTIONAL { ?d kgqa:dependent/rdfs:label ?dependent }
  OPTIONAL { ?d kgqa:provider/rdfs:label ?provider }
  OPTIONAL { ?d kgqa:resource/rdfs:label ?resource }
}""",
    "Timeline of events": _PREFIXES + """
SELECT ?date ?kind ?event WHERE {
  ?e a ?class ; rdfs:label ?event ; kgqa:date ?date .
  ?class rdfs:subClassOf* kgqa:Event ; rdfs:label ?kind .
}
ORDER BY ?date""",
    "Sources by reliability tier": _PREFIXES + """
SELECT ?tier ?title ?publisher ?date ?url WHERE {
  ?s a kgqa:Source ; dcterms:title ?title .
  OPTIONAL { ?s kgqa:reliabilityTier ?tier }
  OPTIONAL { ?s dcterms:publisher/rdfs:label ?publisher }
  OPTIONAL { ?s dcterms:date ?date }
  OPTIONAL { ?s <http://schema.org/url> ?url }
}
ORDER BY ?tier DESC(?date)""",
    "Count of things by class": _PREFIXES + """
SELECT ?class (COUNT(?s) AS ?count) WHERE { ?s a ?class }
GROUP BY ?class ORDER BY DESC(?count)""",
}

_GENERIC_QUERIES = {
    "Count of things by class": """PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
SELECT ?class ?label (COUNT(?s) AS ?count) WHERE {
  ?s a ?class .
  OPTIONAL { ?class rdfs:label ?label }
}
GROUP BY ?class ?label ORDER BY DESC(?count)""",
    "Properties and how often they are used": """PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
SELECT ?property ?label (COUNT(*) AS ?uses) WHERE {
  ?s ?property ?o .
  OPTIONAL { ?property rdfs:label ?label }
}
GROUP BY ?property ?label ORDER BY DESC(?uses) LIMIT 50""",
    "Labelled resources": """PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
SELECT ?resource ?label WHERE { ?resource rdfs:label ?label }
ORDER BY ?label LIMIT 200""",
}


def entities_by_degree(kg: KnowledgeGraph) -> list[Entity]:
    """Every entity of ``kg``, the most connected first: links in and out in the graph's network
    projection (a link to an n-ary fact node counts once, provenance and schema links not at
    all); ties by label."""
    if kg.bounded:
        return _sampled_by_degree(kg)
    net = kg.network()
    return sorted(kg.entities(), key=lambda e: (-(net.degree(e.iri) if e.iri in net else 0),
                                                e.label.casefold(), e.iri))


SAMPLED = 5000   # typed resources whose links a large graph's examples are chosen among


def _sampled_by_degree(kg: KnowledgeGraph, top: int = 50) -> list[Entity]:
    """A graph too large to read whole: the best-linked of the first ``SAMPLED`` typed
    resources (links out), by one bounded query; entities only, as the label index says."""
    res = kg.query(f"SELECT ?s (COUNT(*) AS ?n) WHERE {{ {{ SELECT DISTINCT ?s WHERE {{ ?s a ?t "
                   f"FILTER(isIRI(?s)) }} LIMIT {SAMPLED} }} ?s ?p ?o }} GROUP BY ?s "
                   f"ORDER BY DESC(?n) LIMIT {top * 4}", limit=None)
    names = kg.label_index()
    ranked = [(r[0].value, int(r[1].value)) for r in res.raw_rows
              if names.kind(r[0].value) == "entity"]
    labels = names.names_of(i for i, _ in ranked)
    out = [Entity(i, labels[i][0], tuple(labels[i][1:])) for i, _ in ranked if labels[i]]
    degree = dict(ranked)
    return sorted(out, key=lambda e: (-degree[e.iri], e.label.casefold(), e.iri))[:top]


def most_connected_entity(kg: KnowledgeGraph) -> str | None:
    """The IRI of the entity with the most links, or ``None`` for a graph without entities."""
    ranked = entities_by_degree(kg)
    return ranked[0].iri if ranked else None


def ui_examples(kg: KnowledgeGraph) -> tuple[str, list[str], dict[str, str]]:
    """(intro line, example questions, example SPARQL queries) for ``kg``.

    The embedded graph gets the curated ones; any other graph gets questions and queries built
    from its own best-connected entities, so the examples always answer on the graph shown.
    """
    from kgqa import ontology

    if {str(p) for p in ontology.DEFAULT_GRAPH_FILES} <= set(kg.sources):
        return ("Ask about the Microsoft–OpenAI relationship. Every answer comes from the "
                "knowledge graph and shows its sources."), EXAMPLE_QUESTIONS, EXAMPLE_QUERIES
    # Capitalised labels only: questions read badly about "quarterly report" or "2023-01-05".
    top = [e for e in entities_by_degree(kg) if e.label[:1].isupper()]
    questions = []
    if top:
        questions.append(f"What is {top[0].label}?")
    if len(top) >= 2:
        questions.append(f"How is {top[0].label} connected to {top[1].label}?")
        questions.append(f"Tell me about {top[1].label}.")
    queries = dict(_GENERIC_QUERIES)
    if top:
        queries[f"Everything about {top[0].label}"] = (
            "PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>\n"
            f"SELECT ?property ?value ?label WHERE {{\n  <{top[0].iri}> ?property ?value .\n"
            "  OPTIONAL { ?value rdfs:label ?label }\n}")
    return ("Ask about this graph. Every answer comes from the graph and shows its sources.",
            questions or ["What is in this graph?"], queries)


_STANDARD_PREFIXES = {
    "rdf": "http://www.w3.org/1999/02/22-rdf-syntax-ns#",
    "rdfs": "http://www.w3.org/2000/01/rdf-schema#",
    "xsd": "http://www.w3.org/2001/XMLSchema#",
    "owl": "http://www.w3.org/2002/07/owl#",
}
# "@prefix ex: <...> ." (Turtle, TriG) and "PREFIX ex: <...>" (SPARQL-style, also in Turtle).
_PREFIX_DECL = re.compile(r"^\s*@?prefix\s+([A-Za-z][\w.-]*)?:\s*<([^>\s]*)>", re.I | re.M)
_PREFIX_SCAN_BYTES = 256_000  # declarations sit at the top of a file; a big file is not read


def graph_prefixes(kg: KnowledgeGraph) -> dict[str, str]:
    """Prefix -> namespace for editing queries on ``kg``: the standard four, those the example
    queries declare, and those declared in the Turtle/TriG files the graph was loaded from (a
    store without files, such as a remote endpoint, gets the first two). The first declaration
    of a prefix wins; the empty prefix is skipped."""
    out = dict(_STANDARD_PREFIXES)
    texts = list(ui_examples(kg)[2].values())
    for source in kg.sources:
        path = Path(source)
        if path.suffix.lower() in (".ttl", ".trig", ".n3") and path.is_file():
            with open(path, "rb") as fh:
                texts.append(fh.read(_PREFIX_SCAN_BYTES).decode("utf-8", "replace"))
    for text in texts:
        for prefix, namespace in _PREFIX_DECL.findall(text):
            if prefix and namespace:
                out.setdefault(prefix, namespace)
    return out
