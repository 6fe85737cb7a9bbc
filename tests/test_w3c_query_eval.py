"""The W3C SPARQL 1.1 query-evaluation and query-syntax suites, run through our graph layer.

For every ``mf:QueryEvaluationTest`` in the suites below, the test's data goes into a fresh
memory-store :class:`KnowledgeGraph` (``qt:data`` into the default graph, each ``qt:graphData``
into a named graph called by its file IRI), the query runs through :meth:`KnowledgeGraph.query`,
and the answer is compared with the expected result:

* SELECT: a multiset of solutions, equal up to a consistent renaming of blank nodes, and in
  order when the query has a top-level ORDER BY;
* ASK: the boolean;
* CONSTRUCT: graph isomorphism (``rdflib.compare.isomorphic``).

The actual solutions are taken from our own serialisation in the expected file's format
(``QueryResult.serialize``), so the result writers are checked by the same tests.

Syntax tests (``mf:PositiveSyntaxTest11`` / ``mf:NegativeSyntaxTest11``) check that
:meth:`KnowledgeGraph.query` accepts valid queries and raises :class:`QueryError` for invalid
ones. The suites are read from ``../shared/w3c-rdf-tests`` beside the checkout, never copied.
"""

from __future__ import annotations

import csv
import io
import re
from decimal import Decimal
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlparse
from urllib.request import url2pathname

import pyoxigraph as ox
import pytest
import rdflib
from rdflib.collection import Collection
from rdflib.compare import isomorphic
from rdflib.namespace import RDF

from conftest import shared_path
from kgqa.graph import KnowledgeGraph, QueryError, open_store, rdf_format
from kgqa.graph.sparql import mask

pytestmark = pytest.mark.w3c

# Resolved, so file IRIs match the base IRIs KnowledgeGraph.add_file gives (it resolves links).
SPARQL11 = (Path(__file__).resolve().parents[2] / "shared" / "w3c-rdf-tests" / "sparql"
            / "sparql11").resolve()

# The query suites Oxigraph claims to pass (entailment and the update/protocol suites are elsewhere
# or out of scope; SERVICE is disabled by design).
EVAL_SUITES = ("aggregates", "bind", "bindings", "cast", "construct", "csv-tsv-res", "exists",
               "functions", "grouping", "json-res", "negation", "project-expression",
               "property-path", "subquery")
SYNTAX_SUITES = ("syntax-query",)

MF = rdflib.Namespace("http://www.w3.org/2001/sw/DataAccess/tests/test-manifest#")
QT = rdflib.Namespace("http://www.w3.org/2001/sw/DataAccess/tests/test-query#")
DAWGT = rdflib.Namespace("http://www.w3.org/2001/sw/DataAccess/tests/test-dawg#")
RS = rdflib.Namespace("http://www.w3.org/2001/sw/DataAccess/tests/result-set#")

# Known gaps, keyed by the test's local name, each with its reason. Everything else must pass.
# Each was checked against raw pyoxigraph (0.5.13), so the gap is Oxigraph's, not our layer's,
# unless the reason says otherwise. strict=True: a fixed gap turns the run red until removed here.
_EMPTY_PATH = ("Oxigraph returns no row for a zero-length path (* or ?) between a constant and a "
               "variable when the constant is absent from the data; the suite expects the constant "
               "itself as the zero-length match")
XFAIL: dict[str, str] = {
    "aggregates/agg-groupconcat-04": "Oxigraph keeps the shared language tag on GROUP_CONCAT "
                                     "(\"1 2\"@en); SPARQL 1.1 returns a simple literal",
    "aggregates/agg-groupconcat-06": "Oxigraph keeps the shared language tag on GROUP_CONCAT "
                                     "(\"1\"@en); SPARQL 1.1 returns a simple literal",
    "aggregates/agg-empty-group-count-graph": "Oxigraph evaluates a COUNT subquery inside GRAPH ?g "
                                              "once over all graphs and leaves ?g unbound, instead "
                                              "of one row per named graph",
    "bindings/graph": "Oxigraph does not join VALUES that bind the GRAPH variable inside GRAPH ?g "
                      "with the graph names (rows with ?g unbound or bound to a named graph are "
                      "lost)",
    "negation/graph-minus": "Oxigraph counts the outer GRAPH ?g variable as shared by both sides "
                            "of MINUS, so disjoint sides still remove the row (0 rows instead "
                            "of 1)",
    "functions/bnode01": "Oxigraph's BNODE(str) gives the same blank node for the same string in "
                         "every solution; the suite expects a fresh one per solution",
    "csv-tsv-res/tsv03": "Oxigraph stores \"-3\"^^xsd:negativeInteger as xsd:integer (it "
                         "canonicalises derived integer types on load), so the datatype differs",
    "csv-tsv-res/csv03": "Oxigraph canonicalises \"1.0e6\"^^xsd:double to \"1000000\" on load, "
                         "and CSV keeps only the lexical form, which then differs",
    "property-path/zero_or_more_set_start": _EMPTY_PATH,
    "property-path/zero_or_more_set_end": _EMPTY_PATH,
    "property-path/zero_or_one_set_start": _EMPTY_PATH,
    "property-path/zero_or_one_set_end": _EMPTY_PATH,
}


@dataclass
class EvalTest:
    iri: str
    name: str
    query: Path
    data: list[Path] = field(default_factory=list)
    graph_data: list[Path] = field(default_factory=list)
    result: Path | None = None


@dataclass
class SyntaxTest:
    iri: str
    name: str
    query: Path
    positive: bool


def _path(term) -> Path:
    return Path(url2pathname(urlparse(str(term)).path))


def _manifest(suite: str) -> rdflib.Graph | None:
    path = SPARQL11 / suite / "manifest.ttl"
    if not path.is_file():
        return None
    g = rdflib.Graph()
    g.parse(path, format="turtle", publicID=path.as_uri())
    return g


def _entries(g: rdflib.Graph):
    for manifest in g.subjects(RDF.type, MF.Manifest):
        for entries in g.objects(manifest, MF.entries):
            for test in Collection(g, entries):
                if g.value(test, DAWGT.approval) in (DAWGT.Withdrawn, DAWGT.Rejected):
                    continue
                yield test


def _collect():
    evals, syntax = [], []
    for suite in EVAL_SUITES:
        g = _manifest(suite)
        if g is None:
            continue
        for test in _entries(g):
            kinds = set(g.objects(test, RDF.type))
            if not kinds & {MF.QueryEvaluationTest, MF.CSVResultFormatTest}:
                continue
            action = g.value(test, MF.action)
            evals.append(EvalTest(
                iri=str(test), name=f"{suite}/{str(test).rsplit('#', 1)[-1]}",
                query=_path(g.value(action, QT.query)),
                data=sorted(_path(d) for d in g.objects(action, QT.data)),
                graph_data=sorted(_path(d) for d in g.objects(action, QT.graphData)),
                result=_path(g.value(test, MF.result)) if g.value(test, MF.result) else None))
    for suite in SYNTAX_SUITES:
        g = _manifest(suite)
        if g is None:
            continue
        for test in _entries(g):
            kinds = set(g.objects(test, RDF.type))
            if kinds & {MF.PositiveSyntaxTest11, MF.NegativeSyntaxTest11}:
                syntax.append(SyntaxTest(
                    iri=str(test), name=f"{suite}/{str(test).rsplit('#', 1)[-1]}",
                    query=_path(g.value(test, MF.action)),
                    positive=MF.PositiveSyntaxTest11 in kinds))
    return evals, syntax


EVALS, SYNTAX = _collect()


def _params(tests):
    out = []
    for t in tests:
        marks = [pytest.mark.xfail(reason=XFAIL[t.name], strict=True)] if t.name in XFAIL else []
        out.append(pytest.param(t, id=t.name, marks=marks))
    return out


# ---- running a test ---------------------------------------------------------------------------


def _graph_for(test: EvalTest) -> KnowledgeGraph:
    kg = KnowledgeGraph(open_store("memory"), query_timeout=None, result_limit=None)
    for path in test.data:
        kg.add_file(path)
    for path in test.graph_data:
        kg.add_file(path, graph=path.as_uri())
    return kg


def _query_text(path: Path) -> str:
    return path.read_text(encoding="utf-8")


def _has_top_level_order_by(query: str) -> bool:
    text = mask(query)
    # Drop everything inside braces: an ORDER BY there belongs to a subquery.
    depth, outer = 0, []
    for ch in text:
        if ch == "{":
            depth += 1
        elif ch == "}":
            depth -= 1
        elif depth == 0:
            outer.append(ch)
    return re.search(r"\bORDER\s+BY\b", "".join(outer), re.I) is not None


# ---- comparing results ------------------------------------------------------------------------


XSD = "http://www.w3.org/2001/XMLSchema#"
_INTEGERS = {XSD + t for t in ("integer", "int", "long", "short", "byte", "nonNegativeInteger",
                               "positiveInteger", "nonPositiveInteger", "negativeInteger",
                               "unsignedLong", "unsignedInt", "unsignedShort", "unsignedByte")}


def _canonical(term):
    """Oxigraph stores typed literals in canonical form ("1.0"^^xsd:decimal comes back as "1"),
    so numbers and booleans compare by value, as Oxigraph's own W3C harness does. Invalid
    lexical forms stay as they are."""
    if not isinstance(term, ox.Literal) or term.language:
        return term
    dt, value = term.datatype.value, term.value.strip()
    try:
        if dt in _INTEGERS:
            return (dt, int(value))
        if dt == XSD + "decimal":
            return (dt, Decimal(value).normalize())
        if dt in (XSD + "double", XSD + "float"):
            return (dt, float(value.replace("INF", "inf")))
        if dt == XSD + "boolean" and value in ("true", "false", "1", "0"):
            return (dt, value in ("true", "1"))
    except (ValueError, ArithmeticError):
        pass
    return term


def _is_bnode(value) -> bool:
    return isinstance(value, ox.BlankNode) or (isinstance(value, str) and value.startswith("_:"))


def _rows_match(expected: list[tuple], actual: list[tuple], ordered: bool) -> bool:
    """Equal as multisets (or lists when ``ordered``) up to a bijective renaming of blank nodes."""
    if len(expected) != len(actual):
        return False

    def unify(e_row, a_row, fwd, back):
        fwd, back = dict(fwd), dict(back)
        for e, a in zip(e_row, a_row):
            if _is_bnode(e) or _is_bnode(a):
                if not (_is_bnode(e) and _is_bnode(a)):
                    return None
                if fwd.get(e, a) != a or back.get(a, e) != e:
                    return None
                fwd[e], back[a] = a, e
            elif _canonical(e) != _canonical(a):
                return None
        return fwd, back

    if ordered:
        fwd, back = {}, {}
        for e_row, a_row in zip(expected, actual):
            found = unify(e_row, a_row, fwd, back)
            if found is None:
                return False
            fwd, back = found
        return True

    def search(i, used, fwd, back):
        if i == len(expected):
            return True
        for j, a_row in enumerate(actual):
            if j in used:
                continue
            found = unify(expected[i], a_row, fwd, back)
            if found is not None and search(i + 1, used | {j}, *found):
                return True
        return False

    # Rows without blank nodes are matched exactly first, so the search only sees the rest.
    plain_e = sorted((tuple(map(_canonical, r)) for r in expected if not any(map(_is_bnode, r))),
                     key=repr)
    plain_a = sorted((tuple(map(_canonical, r)) for r in actual if not any(map(_is_bnode, r))),
                     key=repr)
    if plain_e != plain_a:
        return False
    expected = [r for r in expected if any(map(_is_bnode, r))]
    actual = [r for r in actual if any(map(_is_bnode, r))]
    return len(expected) == len(actual) and search(0, frozenset(), {}, {})


def _solutions(parsed) -> tuple[list[str], list[tuple]]:
    variables = [v.value for v in parsed.variables]
    return variables, [tuple(sol[v] for v in variables) for sol in parsed]


def _rdf_result_set(path: Path):
    """A result set written in the DAWG result-set vocabulary (``rs:ResultSet`` in Turtle)."""
    g = rdflib.Graph()
    g.parse(path, format="turtle", publicID=path.as_uri())
    rs = next(g.subjects(RDF.type, RS.ResultSet))
    boolean = g.value(rs, RS.boolean)
    if boolean is not None:
        return bool(boolean.toPython()), None, None
    variables = sorted(str(v) for v in g.objects(rs, RS.resultVariable))
    rows = []
    for sol in g.objects(rs, RS.solution):
        bound = {str(g.value(b, RS.variable)): g.value(b, RS.value)
                 for b in g.objects(sol, RS.binding)}
        rows.append(tuple(_to_ox(bound.get(v)) for v in variables))
    return None, variables, rows


def _to_ox(term):
    if term is None:
        return None
    if isinstance(term, rdflib.BNode):
        return ox.BlankNode(str(term))
    if isinstance(term, rdflib.URIRef):
        return ox.NamedNode(str(term))
    if term.language:
        return ox.Literal(str(term), language=term.language)
    datatype = str(term.datatype or XSD + "string")
    return ox.Literal(str(term), datatype=ox.NamedNode(datatype))


RESULT_FORMATS = {".srx": ("xml", ox.QueryResultsFormat.XML),
                  ".srj": ("json", ox.QueryResultsFormat.JSON),
                  ".tsv": ("tsv", ox.QueryResultsFormat.TSV)}


def _check_select_or_ask(test: EvalTest, res, query: str) -> None:
    suffix = test.result.suffix
    ordered = _has_top_level_order_by(query)
    if suffix == ".csv":
        # CSV loses term kinds, so compare the cells as strings, blank nodes as "_:" labels.
        def table(text):
            rows = list(csv.reader(io.StringIO(text)))
            return rows[0], [tuple(r) for r in rows[1:]]
        e_vars, e_rows = table(test.result.read_text(encoding="utf-8"))
        a_vars, a_rows = table(res.serialize("csv").decode())
        # SELECT * leaves the column order to the engine, so match columns by name.
        assert sorted(a_vars) == sorted(e_vars), f"columns {a_vars} != {e_vars}"
        a_rows = [tuple(r[a_vars.index(v)] for v in e_vars) for r in a_rows]
        assert _rows_match(e_rows, a_rows, ordered), f"expected {e_rows}\nactual   {a_rows}"
        return
    if suffix in (".ttl", ".rdf"):
        boolean, e_vars, e_rows = _rdf_result_set(test.result)
    else:
        fmt_name, fmt = RESULT_FORMATS[suffix]
        expected = ox.parse_query_results(path=str(test.result), format=fmt)
        boolean = bool(expected) if isinstance(expected, ox.QueryBoolean) else None
        if boolean is None:
            e_vars, e_rows = _solutions(expected)
    if boolean is not None:
        assert res.kind == "ask", f"expected an ASK result, got {res.kind}"
        assert res.boolean == boolean
        return
    assert res.kind == "select", f"expected a SELECT result, got {res.kind}"
    if suffix in RESULT_FORMATS:
        # Read our own serialisation back, so the writer is under test too.
        fmt_name, fmt = RESULT_FORMATS[suffix]
        a_vars, a_rows = _solutions(ox.parse_query_results(res.serialize(fmt_name), format=fmt))
    else:
        a_vars, a_rows = res.variables, res.raw_rows
    assert sorted(a_vars) == sorted(e_vars), f"variables {a_vars} != {e_vars}"
    order = [a_vars.index(v) for v in e_vars]
    a_rows = [tuple(r[i] for i in order) for r in a_rows]
    assert _rows_match(e_rows, a_rows, ordered), (
        f"expected {len(e_rows)} rows:\n" + "\n".join(map(str, e_rows))
        + f"\nactual {len(a_rows)} rows:\n" + "\n".join(map(str, a_rows)))


def _check_graph(test: EvalTest, res) -> None:
    assert res.kind == "construct", f"expected a graph result, got {res.kind}"
    expected = rdflib.Graph()
    expected.parse(test.result, format=rdf_format(test.result).file_extension,
                   publicID=test.result.as_uri())
    actual = rdflib.Graph()
    actual.parse(data=res.serialize("nt").decode(), format="nt")
    assert isomorphic(expected, actual), (
        "graphs differ\nexpected:\n" + expected.serialize(format="nt")
        + "\nactual:\n" + actual.serialize(format="nt"))


# ---- the tests --------------------------------------------------------------------------------


def test_suites_are_present():
    """Fails in CI (skips elsewhere) when ../shared is missing, instead of passing vacuously."""
    shared_path("w3c-rdf-tests", "sparql", "sparql11", "manifest-sparql11-query.ttl")
    assert EVALS and SYNTAX


@pytest.mark.parametrize("test", _params(EVALS))
def test_query_evaluation(test: EvalTest):
    kg = _graph_for(test)
    query = _query_text(test.query)
    res = kg.query(query, timeout=None, limit=None, base_iri=test.query.as_uri())
    assert not res.truncated
    if test.result.suffix in (".ttl", ".nt", ".rdf") and res.kind == "construct":
        _check_graph(test, res)
    else:
        _check_select_or_ask(test, res, query)


@pytest.mark.parametrize("test", _params(SYNTAX))
def test_query_syntax(test: SyntaxTest):
    kg = KnowledgeGraph(open_store("memory"))
    query = _query_text(test.query)
    if test.positive:
        try:
            kg.query(query, timeout=5, limit=10, base_iri=test.query.as_uri())
        except QueryError as exc:
            # Valid syntax may still be refused for another reason (e.g. an unknown function).
            assert exc.code != "sparql_syntax_error", str(exc)
    else:
        with pytest.raises(QueryError):
            kg.query(query, timeout=5, limit=10, base_iri=test.query.as_uri())
