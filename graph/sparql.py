"""SPARQL helpers: a small lexer for policy checks, and the materialised query result.

The lexer masks strings, IRIs and comments so keyword checks (is this an update? does it use
SERVICE?) never trip over the same words inside a literal or an IRI.
"""

from __future__ import annotations

import io
import re
import time
from dataclasses import dataclass, field

import orjson
import pyoxigraph as ox
import rdflib

from .errors import QueryError, QueryForbidden, QueryTimeout, ResultFormatError

_TOKEN = re.compile(
    r'"""(?:[^"\\]|\\.|"(?!""))*"""'  # long strings
    r"|'''(?:[^'\\]|\\.|'(?!''))*'''"
    r'|"(?:[^"\\\n]|\\.)*"'  # short strings
    r"|'(?:[^'\\\n]|\\.)*'"
    r"|<[^<>\"{}|^`\\\s]*>"  # IRIs
    r"|#[^\n]*",  # comments
)

UPDATE_KEYWORDS = {"INSERT", "DELETE", "LOAD", "CLEAR", "CREATE", "DROP", "COPY", "MOVE", "ADD"}


def mask(sparql: str) -> str:
    """Replace strings, IRIs and comments with spaces, keeping positions."""
    return _TOKEN.sub(lambda m: " " * len(m.group(0)), sparql)


def keywords(sparql: str) -> set[str]:
    return {w.upper() for w in re.findall(r"(?<![\w:?$])[A-Za-z]+(?![\w:])", mask(sparql))}


def query_form(sparql: str) -> str:
    """SELECT, ASK, CONSTRUCT or DESCRIBE; for updates, the first update keyword; '' if none."""
    text = mask(sparql)
    text = re.sub(r"(?is)\b(PREFIX\s+[\w.-]*:|BASE)\s*", " ", text)
    m = re.search(r"\b(SELECT|ASK|CONSTRUCT|DESCRIBE|INSERT|DELETE|LOAD|CLEAR|CREATE|DROP|COPY|"
                  r"MOVE|ADD|WITH)\b", text, re.I)
    return m.group(1).upper() if m else ""


# Oxigraph parses and evaluates recursively, and a deep enough query overflows the stack of the
# thread running it (the process aborts): at about 3,000 levels of brackets, 2,500 BINDs or
# OPTIONALs in a row, 10,000 operators. These bounds sit far below that and far above any query a
# person or a tool writes.
MAX_NESTING = 100
MAX_PARTS = 1000

_WORD = re.compile(r"\w(?:[\w.:-]*\w)?")  # names, prefixed names, numbers (1.5, ex:a-b.c)
_PART = re.compile(r"&&|\|\||!=|<=|>=|[{\[.;!=<>+*/|^-]")
_PART_WORDS = {"UNION", "OPTIONAL", "MINUS", "FILTER", "BIND", "SERVICE", "GRAPH", "EXISTS"}


def check_size(sparql: str) -> None:
    """Refuse a query or update nested deeper than :data:`MAX_NESTING` brackets or made of more
    than :data:`MAX_PARTS` clauses and operators, with a :class:`QueryError` (400)."""
    if len(sparql) <= MAX_NESTING:
        return  # too short to reach either bound
    text = mask(sparql)
    depth = deepest = 0
    for ch in re.findall(r"[(){}\[\]]", text):
        depth = depth + 1 if ch in "({[" else max(depth - 1, 0)
        deepest = max(deepest, depth)
    if deepest > MAX_NESTING:
        raise QueryError(f"the query nests brackets {deepest} levels deep; at most {MAX_NESTING} "
                         "are accepted", code="query_too_complex")
    if len(sparql) <= MAX_PARTS:
        return
    words = _WORD.findall(text)
    parts = len(_PART.findall(_WORD.sub(" ", text)))
    parts += sum(1 for w in words if w.upper() in _PART_WORDS)
    if parts > MAX_PARTS:
        raise QueryError(f"the query has {parts} clauses and operators; at most {MAX_PARTS} are "
                         "accepted. Split it, or list values with VALUES or IN (...)",
                         code="query_too_complex")


def check_query_policy(sparql: str, *, allow_service: bool = False) -> None:
    """Refuse what a read-only, closed endpoint must not run.

    Raises :class:`QueryForbidden` for SERVICE (the server would call out to the network) unless
    ``allow_service``; raises :class:`QueryError` when the text is an update (use ``update``) or
    too deep or long to evaluate safely (:func:`check_size`).
    """
    check_size(sparql)
    words = keywords(sparql)
    if "SERVICE" in words and not allow_service:
        raise QueryForbidden("SERVICE is disabled: this endpoint does not call other endpoints. "
                             "Start the server with --allow-service to enable federated queries.")
    if query_form(sparql) in UPDATE_KEYWORDS | {"WITH"}:
        raise QueryForbidden("this is a SPARQL update; reads cannot change the graph. Send it as "
                             "an update (the server needs --allow-update and a token).",
                             code="update_not_allowed")


def check_update_policy(sparql: str, *, allow_service: bool = False) -> None:
    check_size(sparql)
    if "LOAD" in keywords(sparql) and not allow_service:
        raise QueryForbidden("LOAD is disabled: the server does not fetch remote data. Start it "
                             "with --allow-service to enable LOAD.")
    if "SERVICE" in keywords(sparql) and not allow_service:
        raise QueryForbidden("SERVICE is disabled in updates too (--allow-service enables it).")


_WORD = re.compile(r"(?<![\w:?$])[A-Za-z]+(?![\w:])")


def with_using(update: str, using: list[str] | None, using_named: list[str] | None) -> str:
    """The update with the protocol's ``using-graph-uri`` / ``using-named-graph-uri`` written in.

    SPARQL 1.1 Protocol 2.2.3: these parameters act as ``USING <g>`` / ``USING NAMED <g>`` on
    every ``DELETE/INSERT ... WHERE`` of the request. Oxigraph's update call takes no dataset, so
    the clauses go into the text, in front of each such operation's ``WHERE`` (on the same line,
    so line numbers in a syntax error stay right). Operations without ``WHERE`` are unchanged.

    Raises :class:`QueryError` (400, ``bad_dataset``) for an IRI that is not one, when the
    update already says ``USING`` or ``WITH`` (the protocol forbids both at once), and for
    ``DELETE WHERE { ... }``, which has no place for ``USING``.
    """
    if not using and not using_named:
        return update
    clauses = []
    for keyword, iris in (("USING", using or []), ("USING NAMED", using_named or [])):
        for value in iris:
            try:
                ox.NamedNode(value)
            except ValueError as exc:
                raise QueryError(f"using-graph-uri / using-named-graph-uri {value!r} is not an "
                                 f"IRI: {exc}", code="bad_dataset") from exc
            clauses.append(f"{keyword} <{value}>")
    masked = mask(update)
    depth_at, depth = [], 0
    for ch in masked:
        depth_at.append(depth)
        depth += (ch == "{") - (ch == "}")
    inserts, previous, previous_end = [], "", 0
    for m in _WORD.finditer(masked):
        if depth_at[m.start()]:
            continue
        word = m.group(0).upper()
        right_after = not masked[previous_end:m.start()].strip()
        if word in ("USING", "WITH"):
            raise QueryError(f"the update says {word} and the request has using-graph-uri or "
                             "using-named-graph-uri; give the dataset in one place only "
                             "(SPARQL 1.1 Protocol 2.2.3).", code="bad_dataset")
        if word == "WHERE":
            if previous == "DELETE" and right_after:  # not DELETE { ... } WHERE
                raise QueryError("using-graph-uri / using-named-graph-uri cannot apply to "
                                 "DELETE WHERE { ... }; write DELETE { ... } WHERE { ... }.",
                                 code="bad_dataset")
            inserts.append(m.start())
        previous, previous_end = word, m.end()
    text = update
    for at in reversed(inserts):
        text = f"{text[:at]}{' '.join(clauses)} {text[at:]}"
    return text


def to_rdflib(term):
    """pyoxigraph term -> rdflib term (None stays None)."""
    if term is None:
        return None
    if isinstance(term, ox.NamedNode):
        return rdflib.URIRef(term.value)
    if isinstance(term, ox.BlankNode):
        return rdflib.BNode(term.value)
    if isinstance(term, ox.Literal):
        if term.language:
            return rdflib.Literal(term.value, lang=term.language)
        dt = term.datatype.value
        if dt == "http://www.w3.org/2001/XMLSchema#string":
            return rdflib.Literal(term.value)
        return rdflib.Literal(term.value, datatype=rdflib.URIRef(dt))
    if isinstance(term, ox.Triple):  # RDF-star quoted triple: keep its N-Triples text
        return rdflib.Literal(str(term))
    raise TypeError(f"unsupported term {term!r}")


def to_oxigraph(term):
    """rdflib term (or an IRI string) -> pyoxigraph term."""
    if term is None:
        return None
    if isinstance(term, rdflib.URIRef) or (isinstance(term, str) and not isinstance(term, rdflib.term.Identifier)):
        return ox.NamedNode(str(term))
    if isinstance(term, rdflib.BNode):
        return ox.BlankNode(str(term))
    if isinstance(term, rdflib.Literal):
        if term.language:
            return ox.Literal(str(term), language=term.language)
        if term.datatype:
            return ox.Literal(str(term), datatype=ox.NamedNode(str(term.datatype)))
        return ox.Literal(str(term))
    raise TypeError(f"unsupported term {term!r}")


RESULT_FORMATS = {
    "json": ox.QueryResultsFormat.JSON,
    "xml": ox.QueryResultsFormat.XML,
    "csv": ox.QueryResultsFormat.CSV,
    "tsv": ox.QueryResultsFormat.TSV,
}
GRAPH_FORMATS = {
    "turtle": ox.RdfFormat.TURTLE,
    "nt": ox.RdfFormat.N_TRIPLES,
    "ntriples": ox.RdfFormat.N_TRIPLES,
    "jsonld": ox.RdfFormat.JSON_LD,
    "xml": ox.RdfFormat.RDF_XML,
    "rdfxml": ox.RdfFormat.RDF_XML,
    "nquads": ox.RdfFormat.N_QUADS,
    "trig": ox.RdfFormat.TRIG,
}


@dataclass
class QueryResult:
    """A fully materialised query result.

    ``kind`` is "select", "ask" or "construct" (DESCRIBE too). ``rows`` holds rdflib terms;
    ``raw_rows`` the pyoxigraph terms they came from (cheaper to serialise). ``truncated`` is True
    when the row limit cut the result.
    """

    kind: str
    variables: list[str] = field(default_factory=list)
    raw_rows: list[tuple] = field(default_factory=list)
    boolean: bool | None = None
    raw_triples: list = field(default_factory=list)
    truncated: bool = False
    elapsed_ms: float = 0.0
    #: the SPARQL JSON results a forked worker sent for these rows, reused when serialising
    payload: bytes | None = field(default=None, repr=False, compare=False)

    @property
    def rows(self) -> list[dict]:
        """SELECT rows as ``{variable: rdflib term}`` (unbound variables are left out)."""
        out = []
        for raw in self.raw_rows:
            out.append({v: to_rdflib(t) for v, t in zip(self.variables, raw) if t is not None})
        return out

    @property
    def triples(self) -> list[tuple]:
        return [(to_rdflib(t.subject), to_rdflib(t.predicate), to_rdflib(t.object))
                for t in self.raw_triples]

    def __len__(self) -> int:
        if self.kind == "select":
            return len(self.raw_rows)
        if self.kind == "construct":
            return len(self.raw_triples)
        return 1

    def serialize(self, fmt: str) -> bytes:
        """Serialise in ``fmt``: json|xml|csv|tsv for SELECT/ASK, turtle|nt|jsonld|xml|... for
        CONSTRUCT/DESCRIBE. Raises :class:`ResultFormatError` (a ``ValueError``, 406) for a format
        that does not fit the query form."""
        if self.kind == "construct":
            if fmt not in GRAPH_FORMATS:
                raise ResultFormatError(f"format {fmt!r} does not fit a graph result; use one "
                                        f"of {', '.join(GRAPH_FORMATS)}")
            return ox.serialize(self.raw_triples, format=GRAPH_FORMATS[fmt]) or b""
        if fmt not in RESULT_FORMATS:
            raise ResultFormatError(f"format {fmt!r} does not fit a {self.kind.upper()} result; "
                                    f"use one of {', '.join(RESULT_FORMATS)}")
        out = io.BytesIO()
        if self.payload is not None and self.kind == "select":
            # Rows that came from a worker as JSON: hand those bytes on (or convert them in Rust)
            # rather than building the document again in Python.
            if fmt == "json":
                return self.payload
            ox.parse_query_results(self.payload, format=ox.QueryResultsFormat.JSON).serialize(
                out, format=RESULT_FORMATS[fmt])
        elif self.kind == "ask":
            # pyoxigraph cannot build a QueryBoolean directly; parse one from its JSON form.
            doc = b'{"head":{},"boolean":%s}' % (b"true" if self.boolean else b"false")
            ox.parse_query_results(doc, format=ox.QueryResultsFormat.JSON).serialize(
                out, format=RESULT_FORMATS[fmt])
        else:
            _serialize_solutions(self.variables, self.raw_rows, out, RESULT_FORMATS[fmt])
        return out.getvalue()

    def pack(self) -> tuple:
        """A picklable form (pyoxigraph terms are not picklable), for forked query workers."""
        if self.kind == "select":
            payload = self.serialize("json")
        elif self.kind == "construct":
            payload = ox.serialize(self.raw_triples, format=ox.RdfFormat.N_TRIPLES) or b""
        else:
            payload = b""
        return (self.kind, self.variables, payload, self.boolean, self.truncated)

    @classmethod
    def unpack(cls, packed: tuple) -> "QueryResult":
        kind, variables, payload, boolean, truncated = packed
        if kind == "select":
            return _WorkerRows(kind, variables=variables, truncated=truncated, payload=payload)
        if kind == "construct":
            triples = [q.triple for q in ox.parse(payload, format=ox.RdfFormat.N_TRIPLES)]
            return cls(kind, raw_triples=triples, truncated=truncated)
        return cls(kind, boolean=boolean)

    def to_table(self) -> str:
        """A plain-text table for terminals."""
        if self.kind == "ask":
            return "true" if self.boolean else "false"
        if self.kind == "construct":
            return self.serialize("turtle").decode()
        cells = [[_short(t) for t in raw] for raw in self.raw_rows]
        widths = [max([len(v)] + [len(r[i]) for r in cells]) for i, v in enumerate(self.variables)]
        line = " | ".join(v.ljust(w) for v, w in zip(self.variables, widths))
        sep = "-+-".join("-" * w for w in widths)
        body = [" | ".join(c.ljust(w) for c, w in zip(r, widths)) for r in cells]
        foot = [f"({len(cells)} rows{', truncated' if self.truncated else ''})"]
        return "\n".join([line, sep, *body, *foot])


class _WorkerRows(QueryResult):
    """A SELECT result as a worker sent it: the rows are parsed from its JSON when first read,
    so a result that only goes back out as JSON is never turned into terms at all."""

    @property
    def raw_rows(self) -> list[tuple]:
        rows = self.__dict__.get("_rows")
        if rows is None:
            sols = ox.parse_query_results(self.payload, format=ox.QueryResultsFormat.JSON)
            rows = self.__dict__["_rows"] = [tuple(sol) for sol in sols]
        return rows

    @raw_rows.setter
    def raw_rows(self, rows: list[tuple]) -> None:
        # The dataclass __init__ sets the (empty) default: keep None so the payload is parsed.
        self.__dict__["_rows"] = rows or None


def _short(term) -> str:
    if term is None:
        return ""
    if isinstance(term, ox.Literal):
        return term.value
    if isinstance(term, ox.NamedNode):
        return term.value
    return str(term)


_XSD_STRING = "http://www.w3.org/2001/XMLSchema#string"


def _term_json(t) -> dict:
    """One term in the SPARQL 1.1 JSON results shape (exact-class checks: pyoxigraph's term
    classes are final, and this runs for every cell of every result a worker sends)."""
    cls = t.__class__
    if cls is ox.NamedNode:
        return {"type": "uri", "value": t.value}
    if cls is ox.Literal:
        if t.language:
            return {"type": "literal", "value": t.value, "xml:lang": t.language}
        datatype = t.datatype.value
        if datatype != _XSD_STRING:
            return {"type": "literal", "value": t.value, "datatype": datatype}
        return {"type": "literal", "value": t.value}
    if cls is ox.BlankNode:
        return {"type": "bnode", "value": t.value}
    return {"type": "literal", "value": str(t)}


def _serialize_solutions(variables, rows, out, fmt):
    # pyoxigraph serialises only live QuerySolutions, so rebuild one from the kept rows through a
    # VALUES-free route: write the JSON ourselves for JSON, and parse-reserialise for the others.
    # orjson writes the document about 3x faster than json.dumps; every /sparql SELECT pays for
    # this in its query worker.
    doc = {"head": {"vars": variables},
           "results": {"bindings": [{v: _term_json(t) for v, t in zip(variables, r)
                                     if t is not None} for r in rows]}}
    data = orjson.dumps(doc)
    if fmt == ox.QueryResultsFormat.JSON:
        out.write(data)
        return
    ox.parse_query_results(data, format=ox.QueryResultsFormat.JSON).serialize(out, format=fmt)


def timeout_error(timeout: float | None) -> QueryTimeout:
    return QueryTimeout(f"query exceeded the {timeout or 0:g} s limit set by --query-timeout "
                        "(KGQA_QUERY_TIMEOUT); add a LIMIT or narrow the pattern")


def materialise(raw, *, limit: int | None, deadline: float | None, timeout: float | None,
                started: float) -> QueryResult:
    """Drain a pyoxigraph result into a :class:`QueryResult`, enforcing limits as it goes.

    Oxigraph evaluates most operators lazily, so checking the clock between rows stops a runaway
    join or cartesian product at the deadline. Raises :class:`QueryTimeout` naming the setting.
    """
    def check_clock():
        if deadline is not None and time.monotonic() > deadline:
            raise timeout_error(timeout)

    check_clock()
    if isinstance(raw, ox.QueryBoolean):
        return QueryResult("ask", boolean=bool(raw),
                           elapsed_ms=(time.monotonic() - started) * 1000)
    if isinstance(raw, ox.QuerySolutions):
        variables = [v.value for v in raw.variables]
        rows, truncated = [], False
        for i, sol in enumerate(raw):
            if limit is not None and i >= limit:
                truncated = True
                break
            if i % 512 == 0:
                check_clock()
            rows.append(tuple(sol))  # values in variable order; None when unbound
        return QueryResult("select", variables=variables, raw_rows=rows, truncated=truncated,
                           elapsed_ms=(time.monotonic() - started) * 1000)
    triples, truncated = [], False
    for i, t in enumerate(raw):
        if limit is not None and i >= limit:
            truncated = True
            break
        if i % 512 == 0:
            check_clock()
        triples.append(t)
    return QueryResult("construct", raw_triples=triples, truncated=truncated,
                       elapsed_ms=(time.monotonic() - started) * 1000)


def literal(value: str) -> str:
    """A SPARQL string literal for arbitrary text, escaped so it can never end the string."""
    out = ['"']
    for ch in value:
        code = ord(ch)
        if ch in '"\\':
            out.append("\\" + ch)
        elif ch == "\n":
            out.append("\\n")
        elif ch == "\r":
            out.append("\\r")
        elif ch == "\t":
            out.append("\\t")
        elif code < 0x20 or code == 0x7F or 0xD800 <= code <= 0xDFFF:
            out.append(f"\\u{code:04X}" if code < 0xD800 or code > 0xDFFF else "\uFFFD")
        else:
            out.append(ch)
    out.append('"')
    return "".join(out)


def iri(value: str) -> str:
    """An IRI reference for SPARQL, refusing characters that could break out of ``<...>``."""
    if re.search(r'[<>"{}|^`\\\s\x00-\x20]', value):
        raise QueryError(f"not a valid IRI: {value!r}")
    return f"<{value}>"
