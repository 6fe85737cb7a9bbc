"""kgqa: sourced question answering and a SPARQL 1.1 endpoint over RDF knowledge graphs."""

__version__ = "0.1.0"
