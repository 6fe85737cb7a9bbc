"""Triple stores behind one small interface, chosen by a configuration string.

``memory``          in-process Oxigraph store (the default; see bench/ for why)
``oxigraph:PATH``   persistent Oxigraph store on disk
``sparql:URL``      any remote SPARQL 1.1 endpoint (Fuseki, Virtuoso, QLever, ...)

:func:`kgqa.graph.factory.open_store` picks one from such a string.

Every store speaks pyoxigraph's term and result types, so the layers above never care which one
they hold.
"""

from __future__ import annotations

import abc
from pathlib import Path
from typing import Iterable, Iterator

import pyoxigraph as ox

from .errors import GraphError, ParseError, QueryError

Quad = ox.Quad
#: inputs at least this large go through bulk_load when the store is empty
BULK_BYTES = 4 << 20
Term = ox.NamedNode | ox.BlankNode | ox.Literal


class Store(abc.ABC):
    """The interface every backend implements.

    ``query`` returns pyoxigraph's ``QuerySolutions``, ``QueryBoolean`` or ``QueryTriples``
    (lazily evaluated where the backend allows). ``update`` applies a SPARQL 1.1 Update. ``load``
    adds RDF data. ``quads`` iterates matching quads. Errors are :class:`GraphError` subclasses.
    """

    #: the configuration string that opened this store
    spec: str = ""
    #: True when this store lives in this process (so a forked worker can see its data)
    in_process: bool = True

    @abc.abstractmethod
    def query(self, sparql: str, *, default_graph: list | None = None,
              named_graphs: list | None = None, union_default_graph: bool = False,
              base_iri: str | None = None):
        ...

    @abc.abstractmethod
    def update(self, sparql: str, *, base_iri: str | None = None) -> None:
        ...

    @abc.abstractmethod
    def load(self, data: bytes, fmt: ox.RdfFormat, *, base_iri: str | None = None,
             source: str = "<input>", graph: str | None = None) -> None:
        """Add RDF data, into the named graph ``graph`` when given (triple formats only)."""

    @abc.abstractmethod
    def quads(self, s=None, p=None, o=None) -> Iterator[ox.Quad]:
        ...

    @abc.abstractmethod
    def __len__(self) -> int:
        ...

    def dump(self, fmt: ox.RdfFormat) -> bytes:
        """Serialize the whole store (all graphs when ``fmt`` supports datasets)."""
        if fmt.supports_datasets:
            return ox.serialize(self.quads(), format=fmt)
        return ox.serialize((ox.Triple(q.subject, q.predicate, q.object) for q in self.quads()),
                            format=fmt)

    def sync(self) -> None:
        """Make every committed write durable (called after each commit; no-op by default)."""

    def close(self) -> None:
        pass


def parse_error(exc: SyntaxError, source: str) -> ParseError:
    """Turn pyoxigraph's SyntaxError (which has ``lineno``/``offset``) into a ParseError."""
    line, col = getattr(exc, "lineno", None), getattr(exc, "offset", None)
    msg = str(exc.msg if hasattr(exc, "msg") else exc)
    where = f"{source}, line {line}, column {col}" if line else source
    return ParseError(f"RDF syntax error in {where}: {msg}", path=source, line=line, column=col)


def query_error(exc: SyntaxError | ValueError) -> QueryError:
    """Turn a pyoxigraph query parse error ("error at 1:25: ...") into a QueryError."""
    import re

    text = str(exc)
    m = re.search(r"(?:error at |line )(\d+)[:, column ]+(\d+)", text)
    line, col = (int(m.group(1)), int(m.group(2))) if m else (None, None)
    where = f" at line {line}, column {col}" if line else ""
    detail = re.sub(r"^error at \d+:\d+:\s*", "", text)
    return QueryError(f"SPARQL syntax error{where}: {detail}", line=line, column=col)


class OxigraphStore(Store):
    """Oxigraph in memory (``path=None``) or on disk (``path``)."""

    def __init__(self, path: str | Path | None = None):
        self.path = Path(path) if path else None
        try:
            self._store = ox.Store(str(self.path)) if self.path else ox.Store()
        except OSError as exc:
            raise GraphError(f"cannot open the Oxigraph store at {self.path}: {exc}. "
                             "Is another kgqa process using it?", status=500,
                             code="store_unavailable") from exc
        self.spec = f"oxigraph:{self.path}" if self.path else "memory"

    @classmethod
    def read_only(cls, path: str | Path) -> "OxigraphStore":
        """A store opened read-only on a folder nobody writes to (a checkpoint: query workers
        read those, see :mod:`kgqa.graph.checkpoints`)."""
        store = cls.__new__(cls)
        store.path = None  # nothing to flush, and no label index of its own
        store._store = ox.Store.read_only(str(path))
        store.spec = f"oxigraph-read-only:{path}"
        return store

    @property
    def raw(self) -> ox.Store:
        """The underlying ``pyoxigraph.Store`` (for benchmarks and forked workers)."""
        return self._store

    def query(self, sparql, *, default_graph=None, named_graphs=None, union_default_graph=False,
              base_iri=None):
        try:
            return self._store.query(sparql, default_graph=default_graph, named_graphs=named_graphs,
                                     use_default_graph_as_union=union_default_graph,
                                     base_iri=base_iri)
        except SyntaxError as exc:
            raise query_error(exc) from exc
        except RuntimeError as exc:  # e.g. a call to a custom function Oxigraph does not know
            raise QueryError(f"the query cannot be evaluated: {exc}", code="unsupported_query") \
                from exc

    def update(self, sparql, *, base_iri=None):
        try:
            self._store.update(sparql, base_iri=base_iri)
        except SyntaxError as exc:
            raise query_error(exc) from exc
        except OSError as exc:  # e.g. LOAD failing to fetch
            raise QueryError(f"update failed: {exc}") from exc

    def load(self, data, fmt, *, base_iri=None, source="<input>", graph=None):
        """All-or-nothing: a syntax error half-way leaves the store as it was."""
        to_graph = ox.NamedNode(graph) if graph else None
        try:
            if to_graph is not None:
                self._store.load(data, format=fmt, base_iri=base_iri, to_graph=to_graph)
            elif len(data) >= BULK_BYTES and self._is_empty():
                # Bulk loading skips the transaction (about 1.5x faster on 1M triples); the store
                # was empty, so clearing it on failure restores it exactly.
                try:
                    self._store.bulk_load(data, format=fmt, base_iri=base_iri)
                except BaseException:
                    self._store.clear()
                    raise
            else:
                self._store.load(data, format=fmt, base_iri=base_iri)  # one transaction
        except SyntaxError as exc:
            raise parse_error(exc, source) from exc
        except ValueError as exc:
            raise ParseError(f"cannot parse {source}: {exc}", path=source) from exc

    def _is_empty(self) -> bool:
        return next(iter(self._store.quads_for_pattern(None, None, None, None)), None) is None

    def quads(self, s=None, p=None, o=None):
        return self._store.quads_for_pattern(s, p, o, None)

    def __len__(self):
        return len(self._store)

    def dump(self, fmt):
        if fmt.supports_datasets:
            return self._store.dump(format=fmt)
        return self._store.dump(format=fmt, from_graph=ox.DefaultGraph())

    def sync(self):
        # A commit reaches RocksDB's write-ahead log in the OS's buffers, which a killed process
        # cannot lose but a crash of the machine can; flush() saves it to disk, so an update is
        # acknowledged only once it is stored (its cost: bench/update_latency.py).
        if self.path:
            self._store.flush()

    def close(self):
        if self.path:
            self._store.flush()


def iter_chunks(items: Iterable, size: int) -> Iterator[list]:
    chunk: list = []
    for item in items:
        chunk.append(item)
        if len(chunk) >= size:
            yield chunk
            chunk = []
    if chunk:
        yield chunk
