"""The graph layer: stores, SPARQL with limits, SHACL validation, and a networkx projection.

No web framework is imported here; front ends call :class:`KnowledgeGraph`.
"""

from .errors import (GraphError, ParseError, QueryError, QueryForbidden, QueryTimeout,
                     ResultFormatError, StoreUnavailable, ValidationFailed)
from .factory import open_store
from .knowledge_graph import Entity, KnowledgeGraph, Source, rdf_format
from .sparql import QueryResult
from .validation import ValidationReport, Violation

__all__ = ["KnowledgeGraph", "Entity", "Source", "QueryResult", "ValidationReport", "Violation",
           "GraphError", "ParseError", "QueryError", "QueryForbidden", "QueryTimeout",
           "ResultFormatError", "StoreUnavailable", "ValidationFailed", "open_store", "rdf_format"]
