"""``KnowledgeGraph``: one object for loading, querying, validating and walking an RDF graph.

Quick start::

    >>> from kgqa.graph import KnowledgeGraph
    >>> kg = KnowledgeGraph.default()
    >>> res = kg.query("ASK { ?s ?p ?o }")
    >>> res.boolean
    True

Reads never change the graph: :meth:`query` refuses updates. Writes go through :meth:`update`,
which validates against the SHACL shapes before anything is committed.

Each read call sees one version of the graph; a block of reads sees one version when it runs
inside ``with kg.reading():`` (a commit waits for running blocks; see docs/DESIGN.md).
"""

from __future__ import annotations

import asyncio
import contextvars
import hashlib
import json
import logging
import os
import threading
import time
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Iterable, Iterator

import pyoxigraph as ox
import rdflib

from .. import ontology
from ..settings import Settings
from .errors import GraphError, ParseError, QueryError, ValidationFailed
from .factory import open_store
from .network import build_network, local_name
from .checkpoints import Checkpoints, CheckpointWorkers
from .isolation import WorkerPool, fork_available, run_forked
from .label_index import SMALL as SMALL_INDEX, LabelIndex, Progress, mark_dirty
from .sparql import (QueryResult, check_query_policy, check_update_policy, materialise,
                     timeout_error, to_oxigraph, to_rdflib, with_using)
from .store import OxigraphStore, Store
from .validation import ValidationReport, validate as shacl_validate

RDF = "http://www.w3.org/1999/02/22-rdf-syntax-ns#"
RDFS = "http://www.w3.org/2000/01/rdf-schema#"
OWL = "http://www.w3.org/2002/07/owl#"
SKOS = "http://www.w3.org/2004/02/skos/core#"
DCT = "http://purl.org/dc/terms/"
SCHEMA = "http://schema.org/"
PROV = "http://www.w3.org/ns/prov#"
KGQA = ontology.KGQA

# How long past its limit a query in a thread (no workers) is waited for before giving up on it.
_GRACE_SECONDS = 1.0

LABEL_PREDICATES = (RDFS + "label", SKOS + "prefLabel", SCHEMA + "name",
                    "http://xmlns.com/foaf/0.1/name", DCT + "title", "https://schema.org/name")
ALT_PREDICATES = (SKOS + "altLabel", SCHEMA + "alternateName", "https://schema.org/alternateName")
COMMENT_PREDICATES = (RDFS + "comment", SKOS + "definition", SCHEMA + "description",
                      DCT + "description", "https://schema.org/description")
SOURCE_PREDICATES = (DCT + "source", PROV + "wasDerivedFrom")
SCHEMA_TYPES = {OWL + "Class", RDFS + "Class", OWL + "ObjectProperty", OWL + "DatatypeProperty",
                OWL + "AnnotationProperty", RDF + "Property", OWL + "Ontology",
                OWL + "FunctionalProperty", OWL + "SymmetricProperty",
                OWL + "TransitiveProperty", OWL + "InverseFunctionalProperty"}

SOURCE_TYPES = {KGQA + "Source", DCT + "BibliographicResource"}

_EXT_FORMATS = {".ttl": ox.RdfFormat.TURTLE, ".turtle": ox.RdfFormat.TURTLE,
                ".nt": ox.RdfFormat.N_TRIPLES, ".ntriples": ox.RdfFormat.N_TRIPLES,
                ".nq": ox.RdfFormat.N_QUADS, ".trig": ox.RdfFormat.TRIG,
                ".jsonld": ox.RdfFormat.JSON_LD, ".json": ox.RdfFormat.JSON_LD,
                ".rdf": ox.RdfFormat.RDF_XML, ".owl": ox.RdfFormat.RDF_XML,
                ".xml": ox.RdfFormat.RDF_XML, ".n3": ox.RdfFormat.N3}


def rdf_format(path: str | Path, fmt: str | None = None) -> ox.RdfFormat:
    """The RDF format for a file, from ``fmt`` (a name or media type) or its extension."""
    if fmt:
        named = {"turtle": ".ttl", "ttl": ".ttl", "nt": ".nt", "ntriples": ".nt",
                 "n-triples": ".nt", "nquads": ".nq", "trig": ".trig", "jsonld": ".jsonld",
                 "json-ld": ".jsonld", "xml": ".rdf", "rdfxml": ".rdf", "rdf/xml": ".rdf",
                 "n3": ".n3"}
        if fmt.lower() in named:
            return _EXT_FORMATS[named[fmt.lower()]]
        found = ox.RdfFormat.from_media_type(fmt)
        if found:
            return found
        raise GraphError(f"unknown RDF format {fmt!r}; use turtle, nt, nquads, trig, jsonld or xml",
                         status=400, code="bad_format")
    suffix = Path(path).suffix.lower()
    if suffix not in _EXT_FORMATS:
        raise GraphError(f"cannot tell the RDF format of {path} from its extension; use .ttl, .nt, "
                         ".nq, .trig, .jsonld or .rdf (or pass the format)", status=400,
                         code="bad_format")
    return _EXT_FORMATS[suffix]


@dataclass(frozen=True)
class Entity:
    iri: str
    label: str
    alt_labels: tuple[str, ...] = ()
    types: tuple[str, ...] = ()
    comment: str | None = None


@dataclass(frozen=True)
class Source:
    """Where a fact comes from. ``status`` is confirmed / reported / estimated / speculation."""

    iri: str
    title: str | None = None
    publisher: str | None = None
    date: str | None = None
    url: str | None = None
    tier: str | None = None
    status: str | None = None

    def to_dict(self) -> dict:
        return {"iri": self.iri, "title": self.title, "publisher": self.publisher,
                "date": self.date, "url": self.url, "tier": self.tier, "status": self.status}


@dataclass
class _Index:
    """Caches derived from the data; rebuilt after every change (``version`` bump)."""

    version: int
    labels: dict[str, str] = field(default_factory=dict)
    alt_labels: dict[str, list[str]] = field(default_factory=dict)
    comments: dict[str, str] = field(default_factory=dict)
    types: dict[str, set[str]] = field(default_factory=dict)
    fact_classes: set[str] = field(default_factory=set)
    schema_nodes: set[str] = field(default_factory=set)


class _ReadWriteLock:
    """Many readers or one writer; a waiting writer goes before new readers (so a stream of
    requests cannot hold an update off forever)."""

    def __init__(self):
        self._cond = threading.Condition(threading.Lock())
        self._readers = 0
        self._writing = False
        self._waiting = 0

    def acquire_read(self) -> None:
        with self._cond:
            while self._writing or self._waiting:
                self._cond.wait()
            self._readers += 1

    def release_read(self) -> None:
        with self._cond:
            self._readers -= 1
            if not self._readers:
                self._cond.notify_all()

    @contextmanager
    def writing(self):
        with self._cond:
            self._waiting += 1
            try:
                while self._writing or self._readers:
                    self._cond.wait()
            finally:
                self._waiting -= 1
            self._writing = True
        try:
            yield
        finally:
            with self._cond:
                self._writing = False
                self._cond.notify_all()


class KnowledgeGraph:
    """An RDF graph in a store, with limits for reads and SHACL checks for writes.

    Build one with :meth:`default`, :meth:`load` or :meth:`from_settings`. ``query_timeout``
    (seconds) and ``result_limit`` (rows) bound every :meth:`query` unless the call overrides them.
    """

    def __init__(self, store: Store, *, query_timeout: float | None = 10.0,
                 result_limit: int | None = 10000, allow_service: bool = False,
                 shapes: Iterable[Path] = (), sources: Iterable[str] = (),
                 index_dir: str | Path | None = None, whole_graph_max: int = 250_000):
        self.store = store
        #: above this many triples the graph is never read whole (see :attr:`bounded`)
        self.whole_graph_max = whole_graph_max
        self.query_timeout = query_timeout
        self.result_limit = result_limit
        self.allow_service = allow_service
        self.shape_files = [Path(p) for p in shapes]
        self.sources = list(sources)
        #: bumped by every commit; a ``reading()`` block sees one value of it throughout
        self.version = 0
        self._lock = threading.RLock()          # builds of the derived caches below
        self._write_lock = threading.Lock()     # one update (validate + commit) at a time
        self._rw = _ReadWriteLock()             # reading() blocks against commits
        self._reading = contextvars.ContextVar(f"kgqa-reading-{id(self)}", default=False)
        self._index: _Index | None = None
        self._network = None
        self._hash: str | None = None
        self._pool: WorkerPool | None = None
        self._checkpoints: Checkpoints | None = None  # what the workers of a store on disk read
        self._workers_lock = threading.Lock()   # one pool, however many threads start it
        #: where a remote store's label index is kept (an on-disk store keeps its own inside
        #: its folder; a memory store's lives in memory)
        self.index_dir = Path(index_dir) if index_dir else None
        self._labels: tuple[int, LabelIndex] | None = None
        self._labels_lock = threading.Lock()
        self._labels_refresh: threading.Thread | None = None
        self._count: tuple[int, int] | None = None

    # ---- construction -------------------------------------------------------------------------

    @classmethod
    def default(cls, store: str = "memory", **kwargs) -> "KnowledgeGraph":
        """The embedded Microsoft–OpenAI graph (ontology + curated data)."""
        kwargs.setdefault("shapes", [ontology.SHAPES])
        return cls.load(ontology.DEFAULT_GRAPH_FILES, store=store, **kwargs)

    @classmethod
    def load(cls, paths: Iterable[str | Path], store: str = "memory", **kwargs) -> "KnowledgeGraph":
        """Load RDF files (format from the extension) into a new store.

        Raises :class:`ParseError` with file, line and column for malformed input, and
        :class:`GraphError` (400) for a missing file or an unknown extension.
        """
        kg = cls(open_store(store), **kwargs)
        for path in paths:
            kg.add_file(path)
        return kg

    @classmethod
    def from_settings(cls, settings: Settings) -> "KnowledgeGraph":
        """The graph the settings describe.

        With ``settings.graph`` files, those are loaded into the store; an ``oxigraph:`` store
        remembers the files it holds (by content) and loads each only once, so a restart does
        not bring back triples that updates deleted. Without them, the memory store gets the
        embedded graph, an empty ``oxigraph:`` store is seeded with it, and a ``sparql:``
        endpoint is used as it is.
        """
        common = dict(query_timeout=settings.query_timeout, result_limit=settings.result_limit,
                      allow_service=settings.allow_service,
                      index_dir=settings.resolved_cache_dir,
                      whole_graph_max=settings.whole_graph_max)
        store = open_store(settings.store)
        if settings.graph:
            kg = cls(store, **common)
            loaded = _LoadedFiles(store.path) if getattr(store, "path", None) else None
            for path in settings.graph:
                if loaded is not None and loaded.holds(path):
                    kg.sources.append(str(path))
                    continue
                kg.add_file(path)
                if loaded is not None:
                    loaded.add(path)
            return kg
        kg = cls(store, shapes=[ontology.SHAPES], **common)
        if isinstance(store, OxigraphStore) and len(store) == 0:
            for path in ontology.DEFAULT_GRAPH_FILES:
                kg.add_file(path)
        elif not isinstance(store, OxigraphStore):
            kg.sources.append(store.spec)
        return kg

    def add_file(self, path: str | Path, fmt: str | None = None, *,
                 graph: str | None = None) -> None:
        """Load a file (format from ``fmt`` or the extension), into the named graph ``graph``
        when given. The file's own URI is the base for relative IRIs."""
        path = Path(path)
        if not path.is_file():
            raise GraphError(f"graph file not found: {path}", status=400, code="file_not_found")
        self.add_data(path.read_bytes(), rdf_format(path, fmt), source=str(path),
                      base_iri=path.resolve().as_uri(), graph=graph)
        self.sources.append(str(path))

    def add_data(self, data: bytes | str, fmt: ox.RdfFormat | str, *, source: str = "<input>",
                 base_iri: str | None = None, graph: str | None = None) -> None:
        """Add RDF data; all-or-nothing on syntax errors."""
        if isinstance(fmt, str):
            fmt = rdf_format(source, fmt)
        if isinstance(data, str):
            data = data.encode()
        self._refuse_inside_reading("load data")
        with self._write_lock, self._rw.writing():
            self._before_commit()
            self.store.load(data, fmt, base_iri=base_iri, source=source, graph=graph)
            self._commit()

    @contextmanager
    def reading(self):
        """Pin one version of the graph for every read in the block (this thread or task).

        Inside the block no update commits: a commit waits until running blocks end, and new
        blocks wait for a waiting commit. Blocks nest freely; an update inside one is refused
        (it would wait for itself). Yields the graph.
        """
        if self._reading.get():
            yield self
            return
        self._rw.acquire_read()
        token = self._reading.set(True)
        try:
            yield self
        finally:
            self._reading.reset(token)
            self._rw.release_read()

    def _refuse_inside_reading(self, what: str) -> None:
        if self._reading.get():
            raise GraphError(f"cannot {what} inside kg.reading(): the commit would wait for the "
                             "block that holds it", status=500, code="update_in_read")

    def _before_commit(self) -> None:
        """Called before a change is written: a persisted label index stops being trusted
        until it is rebuilt, even if this process stops first."""
        path = self.label_index_path()
        if path is not None:
            mark_dirty(path)

    def _commit(self) -> None:
        """Make the change just written durable, then publish the new version (called under the
        exclusive lock, so no reading() block sees the store between the write and this)."""
        self.store.sync()
        if self._checkpoints is not None:
            # The workers' copy of the version about to be published, taken while nothing
            # else writes; should it fail, the first worker to need it takes it.
            try:
                self._checkpoints.take(self.version + 1)
            except OSError as exc:
                logging.getLogger(__name__).warning(
                    "could not checkpoint the store for its query workers: %s", exc)
        self._changed()

    def _changed(self) -> None:
        self.version += 1
        self._index = None
        self._network = None
        self._hash = None

    # ---- SPARQL -------------------------------------------------------------------------------

    def query(self, sparql: str, *, timeout: float | None = None, limit: int | None = None,
              default_graph_uris: Iterable[str] | None = None,
              named_graph_uris: Iterable[str] | None = None,
              allow_service: bool | None = None, isolate: bool = False,
              base_iri: str | None = None) -> QueryResult:
        """Run a read-only SPARQL query and return a materialised :class:`QueryResult`.

        ``default_graph_uris`` / ``named_graph_uris`` (the protocol's ``default-graph-uri`` and
        ``named-graph-uri``): when either is given, the query sees exactly that dataset, whatever
        its FROM clauses say; the default graph is empty when only named graphs are given, and no
        named graphs exist when only default graphs are given.

        Raises :class:`QueryError` (400) with line and column for a malformed query,
        :class:`QueryForbidden` (403) for updates or SERVICE, :class:`QueryTimeout` (503) past
        ``timeout`` (default: the graph's ``query_timeout``).

        With ``isolate`` (what the HTTP endpoint uses) an in-process store runs the query in a
        forked child that is killed at the deadline, so the limit stops the work itself rather
        than only the wait; without it, the limit is checked between result rows.
        """
        return self._query_request(self._request(sparql, timeout, limit, default_graph_uris,
                                                 named_graph_uris, allow_service, base_iri),
                                   isolate)

    def _query_request(self, request: tuple, isolate: bool) -> QueryResult:
        timeout = request[1]
        if isolate and self.store.in_process and fork_available():
            started = time.monotonic()
            on_timeout = lambda: timeout_error(timeout)  # noqa: E731
            if self._pool is None and getattr(self.store, "path", None):
                self.start_workers(1)  # a store on disk is never forked (kgqa.graph.checkpoints)
            if self._pool is not None:
                packed = self._pool.call(request, timeout, on_timeout)
            else:
                packed = run_forked(lambda: self._run_packed(request), timeout, on_timeout,
                                    guard=self.reading)
            result = QueryResult.unpack(packed)
            result.elapsed_ms = (time.monotonic() - started) * 1000
            return result
        return self._run(*request)

    async def query_async(self, sparql: str, *, timeout: float | None = None,
                          limit: int | None = None,
                          default_graph_uris: Iterable[str] | None = None,
                          named_graph_uris: Iterable[str] | None = None,
                          allow_service: bool | None = None,
                          base_iri: str | None = None) -> QueryResult:
        """:meth:`query` with ``isolate=True``, awaited on an asyncio event loop.

        With workers started (:meth:`start_workers`) the event loop itself waits for a free
        worker (at most ``timeout``) and for its answer (at most ``timeout``, then the worker is
        killed), so a query costs no hand-offs between threads. Without workers, :meth:`query`
        runs in a thread, and the wait stops a second after ``timeout`` even when the thread is
        stuck in work it cannot interrupt. Raises what :meth:`query` raises.
        """
        request = self._request(sparql, timeout, limit, default_graph_uris, named_graph_uris,
                                allow_service, base_iri)
        timeout = request[1]
        if self._pool is None:
            work = asyncio.to_thread(self._query_request, request, True)
            if not timeout:
                return await work
            try:
                return await asyncio.wait_for(work, timeout + _GRACE_SECONDS)
            except TimeoutError:
                raise timeout_error(timeout) from None
        started = time.monotonic()
        packed = await self._pool.acall(request, timeout, lambda: timeout_error(timeout))
        result = QueryResult.unpack(packed)
        result.elapsed_ms = (time.monotonic() - started) * 1000
        return result

    def _request(self, sparql, timeout, limit, default_graph_uris, named_graph_uris,
                 allow_service, base_iri) -> tuple:
        """Check a read query against the policy and pack it for :meth:`_run` or a worker."""
        if not isinstance(sparql, str) or not sparql.strip():
            raise QueryError("the query is empty; send a SPARQL SELECT, ASK, CONSTRUCT or DESCRIBE")
        check_query_policy(sparql, allow_service=self.allow_service if allow_service is None
                           else allow_service)
        timeout = self.query_timeout if timeout is None else timeout
        limit = self.result_limit if limit is None else limit
        return (sparql, timeout, limit, default_graph_uris and list(default_graph_uris),
                named_graph_uris and list(named_graph_uris), base_iri)

    def _run(self, sparql, timeout, limit, default_graph_uris, named_graph_uris,
             base_iri=None) -> QueryResult:
        return run_query(self.store, sparql, timeout, limit, default_graph_uris,
                         named_graph_uris, base_iri)

    def _run_packed(self, request) -> tuple:
        return run_packed(self.store, request)

    def start_workers(self, size: int = 2) -> None:
        """Start ``size`` query workers for ``query(..., isolate=True)`` (in-process stores).

        A memory store's workers are forked (call this before starting threads that hold
        locks, e.g. early in server start-up: a forked child inherits only the calling thread)
        and re-forked after the graph changes. An on-disk store's workers are programs of their
        own that read a checkpoint of each version (:mod:`kgqa.graph.checkpoints`).
        """
        with self._workers_lock:
            if self._pool is not None or not self.store.in_process or not fork_available():
                return
            source = None
            if getattr(self.store, "path", None):
                self._checkpoints = Checkpoints(self.store)
                source = CheckpointWorkers(self._checkpoints, lambda: self.version, self.reading)
            self._pool = WorkerPool(self._run_packed, size, generation=lambda: self.version,
                                    guard=self.reading, source=source)

    def update(self, sparql: str, *, validate: bool = True, base_iri: str | None = None,
               using_graph_uris: Iterable[str] | None = None,
               using_named_graph_uris: Iterable[str] | None = None) -> ValidationReport | None:
        """Apply a SPARQL 1.1 Update.

        With ``validate`` and shapes configured, the update is first applied to a scratch copy and
        checked; violations raise :class:`ValidationFailed` and the graph is left unchanged.
        ``using_graph_uris`` / ``using_named_graph_uris`` (the protocol's ``using-graph-uri`` and
        ``using-named-graph-uri``) act as USING / USING NAMED on each operation with a WHERE;
        :class:`QueryError` (400) when the text has USING or WITH too.
        Returns the validation report (or None when not validated).
        """
        check_update_policy(sparql, allow_service=self.allow_service)
        self._refuse_inside_reading("update the graph")
        sparql = with_using(sparql, using_graph_uris and list(using_graph_uris),
                            using_named_graph_uris and list(using_named_graph_uris))
        report = None
        with self._write_lock:
            # Validation reads a copy while requests go on reading the graph; only the commit
            # itself excludes them. Updates are serialised, so the copy is the version the
            # commit applies to.
            if validate and self.shape_files:
                scratch = OxigraphStore()
                scratch.raw.bulk_load(self.store.dump(ox.RdfFormat.N_QUADS),
                                      format=ox.RdfFormat.N_QUADS)
                scratch.update(sparql, base_iri=base_iri)
                report = shacl_validate(_to_rdflib_graph(scratch), self.shapes_graph())
                if not report.conforms:
                    raise ValidationFailed("the update was refused: it breaks the SHACL shapes.\n"
                                           + report.text, report)
            with self._rw.writing():
                self._before_commit()
                self.store.update(sparql, base_iri=base_iri)  # one transaction: all or nothing
                self._commit()
        return report

    # ---- triples and labels -------------------------------------------------------------------

    def triples(self, s=None, p=None, o=None) -> Iterator[tuple]:
        """Matching triples as rdflib terms; ``s``/``p``/``o`` are rdflib terms, IRI strings or None.

        The iterator reads the version current when this is called, however long it is consumed
        (an Oxigraph iterator reads one snapshot), so a commit need not wait for it.
        """
        quads = self.store.quads(to_oxigraph(s), to_oxigraph(p), _obj(o))
        return ((to_rdflib(q.subject), to_rdflib(q.predicate), to_rdflib(q.object))
                for q in quads)

    def __len__(self) -> int:
        return len(self.store)

    def triple_count(self) -> int:
        """``len(self)``, counted once per version (a full count on a large store takes
        seconds; health checks ask for it every second)."""
        got = self._count
        if got is not None and got[0] == self.version:
            return got[1]
        version = self.version
        n = len(self.store)
        self._count = (version, n)
        return n

    @property
    def bounded(self) -> bool:
        """True when the graph is too large to be read whole (over ``whole_graph_max``
        triples): readers then use the label index and bounded queries only."""
        return self.triple_count() > self.whole_graph_max

    # ---- the label index ----------------------------------------------------------------------

    def label_index_path(self) -> Path | None:
        """Where this store's label index is persisted: inside an on-disk store's folder, in
        ``index_dir`` for a remote one; ``None`` for a memory store (its index is in memory)."""
        path = getattr(self.store, "path", None)
        if path:
            return Path(path) / "kgqa-labels.sqlite"
        url = getattr(self.store, "url", None)
        if url and self.index_dir is not None:
            digest = hashlib.sha256(url.encode()).hexdigest()[:24]
            return self.index_dir / "labels" / f"{digest}.sqlite"
        return None

    def label_index(self, *, progress: Progress | None = None,
                    rebuild: bool = False) -> LabelIndex:
        """The names of the graph (see :mod:`kgqa.graph.label_index`), for this version.

        A persisted index is reused when it was built from this store at its current triple
        count and kgqa has not changed the store since; else it is built (``progress`` is told
        how far). After a change made through this object, a large index is rebuilt in the
        background and the previous one answers meanwhile; a small one is rebuilt at once.
        """
        got = self._labels
        if got is not None and got[0] == self.version and not rebuild:
            return got[1]
        if got is not None and not rebuild and got[1].size > SMALL_INDEX:
            self._refresh_labels_later()
            return got[1]
        # reading() before the lock, as everywhere: a thread holding the lock never waits for
        # a read while a commit waits for its reader.
        with self.reading(), self._labels_lock:
            got = self._labels
            if got is not None and got[0] == self.version and not rebuild:
                return got[1]
            version, index = self._load_label_index(progress=progress, rebuild=rebuild)
            self._labels = (version, index)
        return index

    def label_index_logged(self, logger_name: str = "kgqa.index") -> LabelIndex:
        """:meth:`label_index`, its build (when one is needed) reported to the log as it goes,
        a line every few seconds: what a server does on start-up."""

        from .label_index import ProgressBar

        bar = ProgressBar(logging.getLogger(logger_name))
        try:
            return self.label_index(progress=bar)
        finally:
            bar.close()

    def _load_label_index(self, *, progress=None, rebuild=False) -> tuple[int, LabelIndex]:
        with self.reading():   # the version, its count and the rows read together
            version = self.version
            path = self.label_index_path()
            fingerprint = str(self.triple_count())
            index = None
            if path is not None and not rebuild:
                index = LabelIndex.open(path, store=self.store.spec, fingerprint=fingerprint)
            if index is None:
                index = LabelIndex.build(self, path, fingerprint=fingerprint, progress=progress)
        return version, index

    def _refresh_labels_later(self) -> None:
        with self._labels_lock:
            if self._labels_refresh is not None and self._labels_refresh.is_alive():
                return

            def refresh():
                try:
                    while True:
                        got = self._labels
                        if got is not None and got[0] == self.version:
                            return
                        loaded = self._load_label_index()
                        with self._labels_lock:
                            if self._labels is None or self._labels[0] < loaded[0]:
                                self._labels = loaded
                except Exception:   # the previous index goes on answering; say why
                    logging.getLogger(__name__).exception("rebuilding the label index failed")

            self._labels_refresh = threading.Thread(target=refresh, name="kgqa-label-index",
                                                    daemon=True)
            self._labels_refresh.start()

    def _idx(self) -> _Index:
        idx = self._index
        if idx is not None and idx.version == self.version:
            return idx
        with self.reading():
            # The version, its quads (one snapshot, read after the block) and its fact classes
            # are taken together; the long pass then runs without holding commits off.
            version = self.version
            quads = self.store.quads(None, None, None)
            fact_classes = self._subclasses_of(KGQA + "Fact") | {RDF + "Statement"}
        # _lock is only ever taken after reading(): a thread holding _lock while it waits to
        # read would deadlock with a reader that waits for _lock while a commit waits.
        with self._lock:
            idx = self._index
            if idx is not None and idx.version == version:
                return idx
            idx = _Index(version)
            rank: dict[str, tuple] = {}   # of each label kept: what it was chosen by
            for q in quads:
                s, p, o = q.subject, q.predicate.value, q.object
                if isinstance(s, ox.Triple):
                    continue
                sv = s.value
                if p in LABEL_PREDICATES and isinstance(o, ox.Literal):
                    # Prefer English or untagged rdfs:labels; between equals the least text
                    # (not the first the store yields: its order is no part of the graph).
                    r = (not (p == RDFS + "label" and (o.language or "en").startswith("en")),
                         o.value)
                    if sv not in rank or r < rank[sv]:
                        rank[sv] = r
                        idx.labels[sv] = o.value
                    if p != RDFS + "label":
                        idx.alt_labels.setdefault(sv, []).append(o.value)
                elif p in ALT_PREDICATES and isinstance(o, ox.Literal):
                    idx.alt_labels.setdefault(sv, []).append(o.value)
                elif p in COMMENT_PREDICATES and isinstance(o, ox.Literal):
                    if sv not in idx.comments or o.value < idx.comments[sv]:
                        idx.comments[sv] = o.value
                elif p == RDF + "type" and isinstance(o, ox.NamedNode):
                    idx.types.setdefault(sv, set()).add(o.value)
                    if o.value in SCHEMA_TYPES:
                        idx.schema_nodes.add(sv)
            for alts in idx.alt_labels.values():
                alts.sort()
            idx.fact_classes = fact_classes
            self._index = idx
            return idx

    def _subclasses_of(self, cls_iri: str) -> set[str]:
        res = self.query(f"SELECT DISTINCT ?c WHERE {{ ?c <{RDFS}subClassOf>* <{cls_iri}> }}",
                         timeout=None, limit=None)
        return {row[0].value for row in res.raw_rows}

    def label(self, iri) -> str:
        """The resource's label, or a readable form of its IRI when it has none."""
        iri = str(iri)
        if self.bounded:
            return self.label_index().label(iri) or local_name(iri)
        return self._idx().labels.get(iri) or local_name(iri)

    def labels(self, iri) -> list[str]:
        """The label followed by every alternative label (skos:altLabel, schema:alternateName)."""
        if self.bounded:
            return self.label_index().labels(str(iri))
        idx, iri = self._idx(), str(iri)
        out = [idx.labels[iri]] if iri in idx.labels else []
        out += [a for a in idx.alt_labels.get(iri, []) if a not in out]
        return out

    def comment(self, iri) -> str | None:
        if self.bounded:
            node = to_oxigraph(iri)
            if isinstance(node, ox.Literal):
                return None
            for p in COMMENT_PREDICATES:
                for q in self.store.quads(node, ox.NamedNode(p), None):
                    if isinstance(q.object, ox.Literal):
                        return q.object.value
            return None
        return self._idx().comments.get(str(iri))

    def types(self, iri) -> set[str]:
        if self.bounded:   # not the whole graph read for one resource's types
            node = to_oxigraph(iri)
            if isinstance(node, ox.Literal):
                return set()
            return {q.object.value for q in self.store.quads(node, ox.NamedNode(RDF + "type"), None)
                    if isinstance(q.object, ox.NamedNode)}
        return set(self._idx().types.get(str(iri), ()))

    def is_fact(self, iri) -> bool:
        """True for n-ary fact nodes (instances of kgqa:Fact subclasses, rdf:Statement)."""
        if self.bounded:
            return bool(self.types(iri) & self.label_index().fact_classes)
        return bool(self.types(iri) & self._idx().fact_classes)

    def is_schema(self, iri) -> bool:
        """True for classes and properties (the ontology rather than the data)."""
        if self.bounded:
            return bool(self.types(iri) & SCHEMA_TYPES)
        return str(iri) in self._idx().schema_nodes

    def entities(self) -> list[Entity]:
        """Every labelled resource that is not a class, a property, a fact node or a source
        document (a source's title would otherwise match questions about its subject)."""
        idx = self._idx()
        out = []
        for iri, label in idx.labels.items():
            types = idx.types.get(iri, set())
            if iri in idx.schema_nodes or types & idx.fact_classes or types & SOURCE_TYPES:
                continue
            out.append(Entity(iri, label, tuple(idx.alt_labels.get(iri, ())), tuple(sorted(types)),
                              idx.comments.get(iri)))
        return out

    def search_entities(self, text: str, limit: int = 10) -> list[tuple[Entity, float]]:
        """Entities whose label or alias matches ``text``: exact, prefix, substring, then fuzzy.

        Scores run from 0 to 1. Read from the label index alone, types and comments included
        (so it costs the same on a store of millions of triples, local or remote); meant for
        autocomplete, the QA layer has its own linker.
        """
        index = self.label_index()
        hits = index.search(text, limit=limit)
        if not hits:
            return []
        iris = [iri for iri, _ in hits]
        # All from the index: an autocomplete asks the store nothing.
        names, types, comments = index.names_of(iris), index.types_of(iris), index.comments_of(iris)
        out = []
        for iri, score in hits:
            label, *alts = names[iri] or [local_name(iri)]
            out.append((Entity(iri, label, tuple(alts), tuple(sorted(types[iri])),
                               comments.get(iri)), score))
        return out

    # ---- provenance ---------------------------------------------------------------------------

    def provenance(self, s, p=None, o=None) -> list[Source]:
        """The sources behind the triple ``(s, p, o)`` (see docs/DESIGN.md for the lookup order)."""
        with self.reading():
            return self._provenance(s, p, o)

    def _provenance(self, s, p, o) -> list[Source]:
        s_node = to_oxigraph(s)
        status_of = self._status_of
        if self.is_fact(s):
            return self._sources_of(s_node, status_of(s_node))
        if p is not None and o is not None:
            p_node, o_node = to_oxigraph(p), _obj(o)
            # Statements and fact nodes in IRI order: the first with sources is the answer.
            for q in sorted(self.store.quads(None, ox.NamedNode(RDF + "subject"), s_node),
                            key=str):
                st = q.subject
                if (self._one(st, RDF + "predicate") == p_node
                        and self._one(st, RDF + "object") == o_node):
                    found = self._sources_of(st, status_of(st))
                    if found:
                        return found
            if isinstance(o_node, (ox.NamedNode, ox.BlankNode)):
                for q in sorted(self.store.quads(None, None, s_node), key=str):
                    fact = q.subject
                    if not self.is_fact(fact.value if isinstance(fact, ox.NamedNode) else ""):
                        continue
                    if any(True for _ in self.store.quads(fact, None, o_node)):
                        found = self._sources_of(fact, status_of(fact))
                        if found:
                            return found
        return self._sources_of(s_node, status_of(s_node))

    def _one(self, s, p: str):
        """The object of ``s p``; of several, the least (by content, not by store order)."""
        return min((q.object for q in self.store.quads(s, ox.NamedNode(p), None)),
                   key=str, default=None)

    def _status_of(self, node) -> str | None:
        st = self._one(node, KGQA + "status")
        if st is None:
            return None
        return self.label(st.value).lower() if isinstance(st, ox.NamedNode) else st.value

    def _sources_of(self, node, status: str | None) -> list[Source]:
        out = []
        for pred in SOURCE_PREDICATES:
            for q in sorted(self.store.quads(node, ox.NamedNode(pred), None), key=str):
                src = q.object
                if isinstance(src, ox.Literal):
                    out.append(Source(iri="", title=src.value, status=status))
                    continue
                publisher = self._one(src, DCT + "publisher")
                if isinstance(publisher, ox.NamedNode):
                    publisher = self.label(publisher.value)
                elif publisher is not None:
                    publisher = publisher.value
                date = self._one(src, DCT + "date") or self._one(src, DCT + "issued")
                url = (self._one(src, SCHEMA + "url") or self._one(src, "https://schema.org/url")
                       or self._one(src, "http://xmlns.com/foaf/0.1/page"))
                tier = self._one(src, KGQA + "reliabilityTier")
                title = self._one(src, DCT + "title")
                out.append(Source(
                    iri=src.value, title=title.value if title else self.label(src.value),
                    publisher=publisher, date=date.value if date else None,
                    url=url.value if url is not None else None,
                    tier=tier.value if tier is not None else None, status=status))
        return out

    # ---- validation, network, stats, export ---------------------------------------------------

    def shapes_graph(self) -> rdflib.Graph:
        g = rdflib.Graph()
        for path in self.shape_files:
            g.parse(path, format="turtle")
        return g

    def validate(self, shapes: Iterable[str | Path] | None = None) -> ValidationReport:
        """Check the graph against SHACL shapes (default: the graph's configured shapes)."""
        shape_graph = rdflib.Graph()
        paths = [Path(p) for p in shapes] if shapes is not None else self.shape_files
        if not paths:
            raise GraphError("no SHACL shapes to validate against; pass --shapes FILE",
                             status=400, code="no_shapes")
        for path in paths:
            try:
                shape_graph.parse(path, format=rdf_format(path).file_extension)
            except Exception as exc:  # noqa: BLE001 - rdflib raises many parser exception types
                raise ParseError(f"cannot parse the shapes file {path}: {exc}", path=str(path))
        return shacl_validate(_to_rdflib_graph(self.store), shape_graph)

    def network(self, around: Iterable[str] = ()):
        """The networkx MultiDiGraph projection (cached until the graph changes).

        On a graph too large to read whole (:attr:`bounded`), only the projection around the
        IRIs ``around`` (their links, and those of the fact nodes they take part in), at most
        ``LOCAL_EDGES`` links per node, read by pattern lookups.
        """
        with self.reading():
            if self.bounded:
                return self._local_network(list(around))
            return self._build_network()

    LOCAL_EDGES = 200

    def _local_network(self, around: list[str]):
        from itertools import islice

        names = self.label_index()
        edges, facts = [], set()

        def links(iri: str):
            node = ox.NamedNode(iri)
            got = list(islice(self.store.quads(node, None, None), self.LOCAL_EDGES))
            got += islice(self.store.quads(None, None, node), self.LOCAL_EDGES)
            return [(q.subject.value, q.predicate.value, q.object.value) for q in got
                    if isinstance(q.subject, ox.NamedNode) and isinstance(q.object, ox.NamedNode)]

        for iri in dict.fromkeys(i for i in around if not i.startswith("_:")):
            for s, p, o in links(iri):
                edges.append((s, p, o))
                other = o if s == iri else s
                if names.kind(other) == "fact" and other not in facts:
                    facts.add(other)
                    edges += [e for e in links(other) if e[0] == other]
        nodes = {n for s, p, o in edges for n in (s, p, o)}
        kinds = {n: names.kind(n) for n in nodes}
        labels = {n: ls[0] for n, ls in names.names_of(nodes).items() if ls}
        return build_network(edges, labels=labels,
                             fact_nodes={n for n, k in kinds.items() if k == "fact"},
                             schema_nodes={n for n, k in kinds.items()
                                           if k in ("schema", "class", "predicate")})

    def _build_network(self):
        net = self._network
        if net is not None and net[0] == self.version:
            return net[1]
        idx = self._idx()
        edges = ((q.subject.value, q.predicate.value, q.object.value)
                 for q in self.store.quads(None, None, None)
                 if isinstance(q.subject, ox.NamedNode) and isinstance(q.object, ox.NamedNode))
        facts = {iri for iri, types in idx.types.items() if types & idx.fact_classes}
        labels = dict(idx.labels)
        graph = build_network(edges, labels=labels, fact_nodes=facts,
                              schema_nodes=idx.schema_nodes)
        self._network = (self.version, graph)
        return graph

    def stats(self) -> dict:
        """Counts for the About page and ``kgqa stats`` (all from one version of the graph)."""
        with self.reading():
            return self._stats()

    def _stats(self) -> dict:
        def count(q):
            res = self.query(q, timeout=None, limit=None)
            return [(r[0].value if r[0] is not None else None, int(r[1].value)) for r in res.raw_rows]

        classes = count("SELECT ?c (COUNT(DISTINCT ?s) AS ?n) WHERE { ?s a ?c } GROUP BY ?c "
                        "ORDER BY DESC(?n)")
        predicates = count("SELECT ?p (COUNT(*) AS ?n) WHERE { ?s ?p ?o } GROUP BY ?p "
                           "ORDER BY DESC(?n) LIMIT 25")
        if self.bounded:
            # Not the whole graph in memory for three counts: the label index and SPARQL.
            names = self.label_index()
            entities = sum(1 for _ in dict.fromkeys(i for i, _, _ in names.rows(("entity",))))

            def instances(classes) -> int:
                if not classes:
                    return 0
                values = " ".join(f"<{c}>" for c in sorted(classes))
                res = self.query(f"SELECT (COUNT(DISTINCT ?s) AS ?n) WHERE {{ VALUES ?c "
                                 f"{{ {values} }} ?s a ?c }}", timeout=None, limit=None)
                return int(res.raw_rows[0][0].value)
            return {
                "triples": self.triple_count(), "entities": entities,
                "facts": instances(names.fact_classes), "sources": instances(SOURCE_TYPES),
                "classes": [{"iri": c, "label": names.label(c) or local_name(c), "count": n}
                            for c, n in classes],
                "predicates": [{"iri": p, "label": names.label(p) or local_name(p), "count": n}
                               for p, n in predicates],
                "store": self.store.spec, "loaded_from": list(self.sources),
            }
        idx = self._idx()
        sources = [iri for iri, types in idx.types.items() if KGQA + "Source" in types]
        return {
            "triples": len(self),
            "entities": len(self.entities()),
            "facts": sum(1 for t in idx.types.values() if t & idx.fact_classes),
            "sources": len(sources),
            "classes": [{"iri": c, "label": self.label(c), "count": n} for c, n in classes],
            "predicates": [{"iri": p, "label": self.label(p), "count": n} for p, n in predicates],
            "store": self.store.spec,
            "loaded_from": list(self.sources),
        }

    def content_hash(self) -> str:
        """A hash of the graph's content that ignores triple order (for cache keys)."""
        cached = self._hash
        if cached and cached[0] == self.version:
            return cached[1]
        with self.reading():  # the version, its size and its quads (one snapshot) together
            version, size = self.version, len(self)
            quads = self.store.quads(None, None, None)
        total = 0
        for q in quads:
            digest = hashlib.blake2b(str(q).encode(), digest_size=16).digest()
            total = (total + int.from_bytes(digest, "big")) % (1 << 128)
        value = f"{size}-{total:032x}"
        self._hash = (version, value)
        return value

    def export(self, fmt: str = "turtle") -> bytes:
        """The whole graph serialised as ``fmt`` (turtle, nt, nquads, trig, jsonld, xml)."""
        return self.store.dump(rdf_format("", fmt))

    def close(self) -> None:
        if self._pool is not None:
            self._pool.close()
            self._pool = None
        self._checkpoints = None
        self.store.close()


class _LoadedFiles:
    """The files an on-disk store was loaded from, by SHA-256 of their bytes, kept in a small
    JSON file inside the store's folder (RocksDB ignores files it does not own) and written
    after the load is on disk."""

    NAME = "kgqa-loaded.json"

    def __init__(self, folder: Path):
        self.path = Path(folder) / self.NAME
        try:
            self.digests = dict(json.loads(self.path.read_text()))
        except (OSError, ValueError, TypeError):
            self.digests = {}

    @staticmethod
    def _digest(path) -> str | None:
        try:
            return hashlib.sha256(Path(path).read_bytes()).hexdigest()
        except OSError:
            return None   # add_file reports the missing file

    def holds(self, path) -> bool:
        digest = self._digest(path)
        return digest is not None and digest in self.digests

    def add(self, path) -> None:
        digest = self._digest(path)
        if digest is None:
            return
        self.digests[digest] = str(path)
        tmp = self.path.with_suffix(".tmp")
        tmp.write_text(json.dumps(self.digests, indent=1))
        os.replace(tmp, self.path)


def run_query(store: Store, sparql, timeout, limit, default_graph_uris, named_graph_uris,
              base_iri=None) -> QueryResult:
    """Run a read query on ``store`` and materialise it (what :meth:`KnowledgeGraph.query` does
    once the request is checked; query workers call it on their own copy of the store)."""
    started = time.monotonic()
    try:
        dg = [_graph_name(u, "default-graph-uri") for u in default_graph_uris or ()] or None
        ng = [_graph_name(u, "named-graph-uri") for u in named_graph_uris or ()] or None
        if dg is not None or ng is not None:
            # SPARQL 1.1 Protocol 2.1.4: a dataset given with the request replaces both the
            # store's and the query's FROM / FROM NAMED, so a half not given is empty.
            # Oxigraph leaves a half passed as None as it was (the whole store, or FROM).
            dg, ng = dg or [], ng or []
        raw = store.query(sparql, default_graph=dg, named_graphs=ng, base_iri=base_iri)
    except ValueError as exc:  # e.g. an invalid base IRI
        raise QueryError(str(exc)) from exc
    return materialise(raw, limit=limit, deadline=started + timeout if timeout else None,
                       timeout=timeout, started=started)


def run_packed(store: Store, request: tuple) -> tuple:
    """A packed request (see ``KnowledgeGraph._request``) run in a query worker, its result
    packed for the pipe: no deadline here, the parent kills the worker at the limit."""
    sparql, _timeout, limit, dg, ng, base_iri = request
    return run_query(store, sparql, None, limit, dg, ng, base_iri).pack()


def _graph_name(iri: str, param: str) -> ox.NamedNode:
    try:
        return ox.NamedNode(iri)
    except ValueError as exc:
        raise QueryError(f"{param} {iri!r} is not an IRI ({exc}); send absolute IRIs",
                         code="bad_dataset") from exc


def _obj(o):
    if o is None:
        return None
    if isinstance(o, (ox.NamedNode, ox.BlankNode, ox.Literal)):
        return o
    return to_oxigraph(o)


def _to_rdflib_graph(store: Store) -> rdflib.Graph:
    g = rdflib.Graph()
    g.parse(data=store.dump(ox.RdfFormat.N_TRIPLES).decode(), format="nt")
    for prefix, ns in (("kgqa", KGQA), ("kg", ontology.KG), ("dcterms", DCT), ("skos", SKOS),
                       ("schema", SCHEMA), ("prov", PROV)):
        g.bind(prefix, ns)
    return g
