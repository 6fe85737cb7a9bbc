"""The same queries give the same results on every store: memory, oxigraph:PATH and sparql:URL.

Two real SPARQL servers stand behind ``sparql:URL``, both started on 127.0.0.1 by conftest: an
Oxigraph server (``sparql-oxigraph``) and Virtuoso open source (``sparql-virtuoso``; its tests
skip when Virtuoso is not installed, and fail under CI=true). The README's "Remote stores:
SPARQL dialect differences" lists what Virtuoso does differently and how kgqa handles each.
"""

from __future__ import annotations

import random
import re
from pathlib import Path

import pyoxigraph as ox
import pytest

from conftest import running_virtuoso
from kgqa import ontology
from kgqa.graph import GraphError, KnowledgeGraph, QueryError, StoreUnavailable, rdf_format
from kgqa.graph import remote
from kgqa.graph.factory import open_store
from kgqa.graph.store import OxigraphStore
from kgqa.qa.evaluate import load_questions
from kgqa.settings import Settings

QUERIES = [
    # every investment with its amount, in a stable order
    """PREFIX kgqa: <https://kgqa.dev/ontology#>
       SELECT ?inv ?investor ?investee ?amount WHERE {
         ?inv a/<http://www.w3.org/2000/01/rdf-schema#subClassOf>* kgqa:Investment ;
              kgqa:investor ?investor ; kgqa:investee ?investee .
         OPTIONAL { ?inv kgqa:amount ?amount } } ORDER BY ?inv""",
    "SELECT ?c (COUNT(?s) AS ?n) WHERE { ?s a ?c } GROUP BY ?c ORDER BY ?c",
    """SELECT ?s ?l WHERE { ?s <http://www.w3.org/2000/01/rdf-schema#label> ?l
       FILTER(CONTAINS(LCASE(STR(?l)), "micro")) } ORDER BY ?s ?l""",
    "ASK { ?s <http://purl.org/dc/terms/source> ?src }",
    """CONSTRUCT { ?s <http://www.w3.org/2000/01/rdf-schema#label> ?l } WHERE {
       ?s <http://www.w3.org/2000/01/rdf-schema#label> ?l } """,
    # typed literals: dates, decimals, years, year-months, URIs, with their datatypes
    """SELECT ?s ?p ?o (DATATYPE(?o) AS ?dt) WHERE { ?s ?p ?o
       FILTER(isLiteral(?o) && DATATYPE(?o) != <http://www.w3.org/2001/XMLSchema#string>) }
       ORDER BY ?s ?p ?o""",
    # aggregates and their datatypes: COUNT, SUM and MAX of decimals, MIN of dates
    """PREFIX kgqa: <https://kgqa.dev/ontology#>
       SELECT (COUNT(*) AS ?n) (COUNT(DISTINCT ?inv) AS ?investments) (SUM(?amount) AS ?total)
              (MAX(?amount) AS ?largest) WHERE { ?inv kgqa:amount ?amount }""",
    """SELECT (MIN(?d) AS ?first) (MAX(?d) AS ?last) WHERE { ?s ?p ?d
       FILTER(DATATYPE(?d) = <http://www.w3.org/2001/XMLSchema#date>) }""",
]
# Not DESCRIBE: what it returns is up to the endpoint (Virtuoso adds the triples that point at
# the resource; Oxigraph gives those that start from it).

#: the stores compared with the memory store, each holding the embedded graph
STORES = {"oxigraph": "disk_kg", "sparql-oxigraph": "oxigraph_remote_kg",
          "sparql-virtuoso": "virtuoso_kg"}
REMOTES = ["sparql-oxigraph", "sparql-virtuoso"]


def _loaded(store) -> KnowledgeGraph:
    for path in ontology.DEFAULT_GRAPH_FILES:
        store.load(path.read_bytes(), rdf_format(path), source=str(path))
    return KnowledgeGraph(store, shapes=[ontology.SHAPES])


@pytest.fixture(scope="module")
def disk_kg(tmp_path_factory):
    kg = KnowledgeGraph.from_settings(Settings(store=f"oxigraph:{tmp_path_factory.mktemp('disk')}"))
    yield kg
    kg.close()


@pytest.fixture(scope="module")
def oxigraph_remote_kg(oxigraph_server):
    kg = _loaded(open_store(f"sparql:{oxigraph_server}/query"))
    yield kg
    kg.close()


@pytest.fixture(scope="module")
def virtuoso_kg(virtuoso_server):
    kg = _loaded(open_store(f"sparql:{virtuoso_server}"))
    yield kg
    kg.close()


@pytest.fixture(params=list(STORES))
def other(request):
    """The embedded graph in a store other than memory (each loaded once for this module)."""
    return request.getfixturevalue(STORES[request.param])


@pytest.fixture(params=REMOTES)
def remote_kg(request):
    return request.getfixturevalue(STORES[request.param])


def _canon(res):
    if res.kind == "select":
        return res.kind, res.variables, [tuple(sorted((k, str(v)) for k, v in r.items()))
                                         for r in res.rows]
    if res.kind == "ask":
        return res.kind, res.boolean
    return res.kind, sorted(tuple(map(str, t)) for t in res.triples)


@pytest.mark.server
@pytest.mark.parametrize("query", QUERIES)
def test_same_results_as_the_memory_store(kg, other, query):
    expected = _canon(kg.query(query))
    assert _canon(other.query(query)) == expected
    assert expected[-1]  # non-empty: the default graph answers every query here


@pytest.mark.server
def test_holds_the_same_graph_as_the_memory_store(kg, other):
    assert len(other) == len(kg)
    assert other.content_hash() == kg.content_hash()


@pytest.mark.server
def test_exports_the_same_triples_as_the_memory_store(kg, other):
    def triples(g):
        return sorted(map(str, ox.parse(g.export("nt"), format=ox.RdfFormat.N_TRIPLES)))
    assert triples(other) == triples(kg)


@pytest.mark.server
def test_remote_store_reports_syntax_errors_as_client_faults(remote_kg):
    with pytest.raises(QueryError) as err:
        remote_kg.query("SELECT * WHERE { ?s ?p }")
    assert err.value.status == 400
    with pytest.raises(QueryError) as err:
        remote_kg.store.update("INSERT DATA { <http://example.org/s> }")
    assert err.value.status == 400


def test_unreachable_endpoint_is_a_clear_server_side_error():
    from kgqa.graph.factory import open_store as open_

    kg = KnowledgeGraph(open_("sparql:http://127.0.0.1:9/query", timeout=2))
    with pytest.raises(GraphError) as err:
        kg.query("ASK {}")
    assert err.value.status == 502 and "127.0.0.1:9" in str(err.value)


def test_disk_store_persists_between_opens(tmp_path):
    spec = f"oxigraph:{tmp_path / 'db'}"
    first = KnowledgeGraph.from_settings(Settings(store=spec))
    n = len(first)
    first.update('INSERT DATA { <http://example.org/x> '
                 '<http://www.w3.org/2000/01/rdf-schema#label> "persisted" }', validate=False)
    first.close()
    del first
    again = KnowledgeGraph.from_settings(Settings(store=spec))
    assert len(again) == n + 1 and again.label("http://example.org/x") == "persisted"


def test_graph_files_load_once_into_a_disk_store(tmp_path):
    """A restart with the same --graph file keeps the updates made since (a deleted triple stays
    deleted); a changed file is loaded again."""
    data = tmp_path / "data.ttl"
    data.write_text('<http://example.org/a> <http://www.w3.org/2000/01/rdf-schema#label> "A" .\n'
                    '<http://example.org/b> <http://www.w3.org/2000/01/rdf-schema#label> "B" .\n')
    settings = Settings(store=f"oxigraph:{tmp_path / 'db'}", graph=(str(data),))
    first = KnowledgeGraph.from_settings(settings)
    first.update("DELETE DATA { <http://example.org/b> "
                 '<http://www.w3.org/2000/01/rdf-schema#label> "B" }', validate=False)
    first.close()
    del first
    again = KnowledgeGraph.from_settings(settings)
    assert len(again) == 1 and again.label("http://example.org/a") == "A"
    assert str(data) in again.sources
    again.close()
    del again
    data.write_text(data.read_text() +
                    '<http://example.org/c> <http://www.w3.org/2000/01/rdf-schema#label> "C" .\n')
    third = KnowledgeGraph.from_settings(settings)
    assert third.label("http://example.org/c") == "C" and len(third) == 3


# ---- terms endpoints write differently (tests/data/dialect.ttl) --------------------------------

DIALECT = Path(__file__).resolve().parent / "data" / "dialect.ttl"
EX = "http://example.org/dialect/"
DIALECT_GRAPH = "urn:kgqa:test:dialect"
DIALECT_TRIPLES = len(list(ox.parse(DIALECT.read_bytes(), format=ox.RdfFormat.TURTLE)))
#: the blank nodes of dialect.ttl, walked from ex:a
BLANK_WALK = f"""SELECT ?outer ?inner WHERE {{ <{EX}a> <{EX}blank> ?b . ?b <{EX}label> ?outer ;
    <{EX}next> ?c . ?c <{EX}label> ?inner }}"""


def _load_dialect(store) -> KnowledgeGraph:
    """dialect.ttl into the default graph and into the named graph ``DIALECT_GRAPH``."""
    for graph in (None, DIALECT_GRAPH):
        store.load(DIALECT.read_bytes(), ox.RdfFormat.TURTLE, source=str(DIALECT), graph=graph)
    return KnowledgeGraph(store)


@pytest.fixture(scope="module")
def dialect_memory():
    return _load_dialect(OxigraphStore())


@pytest.fixture(scope="module")
def dialect_virtuoso(tmp_path_factory):
    """A second Virtuoso holding only dialect.ttl, which cuts SELECT results at 100 rows and runs
    with the built-in CaseMode (1), under which it answers ASK as a one-column SELECT."""
    folder = tmp_path_factory.mktemp("virtuoso-dialect")
    with running_virtuoso(folder, max_rows=100, case_mode=1) as url:
        kg = _load_dialect(open_store(f"sparql:{url}"))
        yield kg
        kg.close()


def _default_graph(kg) -> list[str]:
    """The default graph's triples as N-Triples lines, blank node labels left out."""
    rows = kg.query("SELECT ?s ?p ?o WHERE { ?s ?p ?o }").raw_rows
    return sorted(re.sub(r"_:\S+", "_:", " ".join(map(str, r))) for r in rows)


@pytest.mark.server
def test_virtuoso_gives_back_the_terms_a_local_store_holds(dialect_memory, dialect_virtuoso):
    """Booleans, doubles, fractions of seconds and derived integer types read back as the memory
    store holds them; language tags, escapes, xsd:string and blank nodes survive."""
    assert _default_graph(dialect_virtuoso) == _default_graph(dialect_memory)
    assert len(_default_graph(dialect_memory)) == DIALECT_TRIPLES


@pytest.mark.server
def test_blank_nodes_can_be_followed_on_virtuoso(dialect_memory, dialect_virtuoso):
    expected = _canon(dialect_memory.query(BLANK_WALK))
    assert _canon(dialect_virtuoso.query(BLANK_WALK)) == expected and expected[-1]
    # A blank node read back can be asked about again, as a subject and as an object.
    store = dialect_virtuoso.store
    (outer,) = [q.object for q in store.quads(ox.NamedNode(EX + "a"), ox.NamedNode(EX + "blank"))]
    assert isinstance(outer, ox.BlankNode)
    assert sorted(q.predicate.value for q in store.quads(outer)) == [EX + "label", EX + "next"]
    assert [q.subject for q in store.quads(None, None, outer)] == [ox.NamedNode(EX + "a")]
    assert [str(q.object) for q in store.quads(outer, ox.NamedNode(EX + "label"))] == \
        ['"outer blank node"']


@pytest.mark.server
def test_loading_keeps_a_blank_node_in_one_request(remote_kg, dialect_memory, monkeypatch):
    """With one triple a request, the triples of each blank node still travel together: a blank
    node label means one node only within one update request."""
    graph = "urn:kgqa:test:one-triple-a-request"
    monkeypatch.setattr(remote, "LOAD_CHUNK", 1)
    remote_kg.store.load(DIALECT.read_bytes(), ox.RdfFormat.TURTLE, graph=graph)
    # FROM NAMED: a Virtuoso endpoint with a default graph of its own sees no named graph else
    in_graph = BLANK_WALK.replace("WHERE {", f"FROM NAMED <{graph}> WHERE {{ GRAPH <{graph}> {{",
                                  1) + " }"
    assert _canon(remote_kg.query(in_graph)) == _canon(dialect_memory.query(BLANK_WALK))
    count = f"SELECT (COUNT(*) AS ?n) FROM NAMED <{graph}> WHERE {{ GRAPH ?g {{ ?s ?p ?o }} }}"
    assert int(remote_kg.query(count).rows[0]["n"]) == DIALECT_TRIPLES


@pytest.mark.server
@pytest.mark.parametrize("dataset", [dict(default_graph_uris=[DIALECT_GRAPH]),
                                     dict(named_graph_uris=[DIALECT_GRAPH])])
def test_the_protocol_dataset_picks_the_graphs_on_virtuoso(dialect_memory, dialect_virtuoso,
                                                           dataset):
    query = """SELECT ?g (COUNT(*) AS ?n) WHERE { { ?s ?p ?o } UNION { GRAPH ?g { ?s ?p ?o } } }
               GROUP BY ?g ORDER BY ?g"""
    expected = _canon(dialect_memory.query(query, **dataset))
    assert _canon(dialect_virtuoso.query(query, **dataset)) == expected


@pytest.mark.server
@pytest.mark.parametrize("query", [f'ASK {{ <{EX}a> <{EX}plain> "plain" }}',
                                   f'ASK {{ <{EX}a> <{EX}plain> "other" }}'])
def test_ask_answers_a_boolean_whatever_virtuoso_casemode(dialect_memory, dialect_virtuoso, query):
    assert _canon(dialect_virtuoso.query(query)) == _canon(dialect_memory.query(query))


@pytest.mark.server
def test_updates_change_virtuoso_as_the_memory_store(dialect_memory, dialect_virtuoso):
    triple = f'<{EX}b> <{EX}amount> "12.50"^^<http://www.w3.org/2001/XMLSchema#decimal>'
    ask = f"ASK {{ <{EX}b> <{EX}amount> 12.5 }}"
    for kg in (dialect_memory, dialect_virtuoso):
        kg.update(f"INSERT DATA {{ {triple} }}", validate=False)
        assert kg.query(ask).boolean
        kg.update(f"DELETE DATA {{ {triple} }}", validate=False)
        assert not kg.query(ask).boolean
    assert _default_graph(dialect_virtuoso) == _default_graph(dialect_memory)


@pytest.mark.server
def test_a_result_virtuoso_cut_short_is_an_error(dialect_virtuoso):
    with pytest.raises(StoreUnavailable) as err:
        dialect_virtuoso.query("SELECT * WHERE { ?s ?p ?o . ?x ?y ?z }")   # ~1,400 rows
    assert err.value.status == 502 and err.value.code == "incomplete_result"
    assert "100 rows" in str(err.value) and "ResultSetMaxRows" in str(err.value)
    assert len(dialect_virtuoso.query("SELECT * WHERE { ?s ?p ?o . ?x ?y ?z } LIMIT 99").rows) == 99


#: what Virtuoso evaluates differently, beyond the reach of normalising its results
VIRTUOSO_GAPS = [
    pytest.param(f"SELECT (DATATYPE(?o) AS ?d) WHERE {{ <{EX}a> <{EX}english> ?o }}",
                 marks=pytest.mark.xfail(strict=True, reason=(
                     "Virtuoso follows SPARQL 1.0: DATATYPE of a language-tagged literal is "
                     "unbound, not rdf:langString")), id="datatype-of-language-literal"),
    pytest.param("SELECT (2 / 4 AS ?x) WHERE {}",
                 marks=pytest.mark.xfail(strict=True, reason=(
                     "Virtuoso divides integers as SQL does (2 / 4 = 0); in SPARQL the result "
                     "is the decimal 0.5")), id="integer-division"),
    pytest.param("SELECT (1 < 2 AS ?x) WHERE {}",
                 marks=pytest.mark.xfail(strict=True, reason=(
                     "Virtuoso returns computed booleans as the xsd:integer 1 or 0, which a "
                     "client cannot tell from numbers")), id="computed-boolean"),
    pytest.param(f"SELECT ?p WHERE {{ <{EX}a> ?p 42.0 }}",
                 marks=pytest.mark.xfail(strict=True, reason=(
                     "Virtuoso matches a numeric literal in a pattern by value (42.0 finds 42); "
                     "SPARQL matches the RDF term")), id="numeric-pattern-by-value"),
    pytest.param("SELECT ?x WHERE { VALUES ?x { 123456789.125e0 } }",
                 marks=pytest.mark.xfail(strict=True, reason=(
                     "Virtuoso writes doubles with 6 significant digits in its results "
                     "(123456789.125 comes as 1.23457e+08): the rest is lost before kgqa sees "
                     "it")), id="double-precision"),
    pytest.param("SELECT (SUM(1) AS ?n) WHERE { ?s ?p ?o }",
                 marks=pytest.mark.xfail(strict=True, reason=(
                     "Virtuoso 7.2 leaves SUM of a constant unbound when there is no GROUP BY")),
                 id="sum-of-a-constant"),
    pytest.param(f"SELECT ?o WHERE {{ GRAPH <{DIALECT_GRAPH}> {{ <{EX}a> <{EX}plain> ?o }} }}",
                 marks=pytest.mark.xfail(strict=True, reason=(
                     "a Virtuoso endpoint given a default graph of its own (SYS_SPARQL_HOST) "
                     "sees no named graph a query does not name with FROM NAMED")),
                 id="graph-without-from-named"),
    pytest.param(f"SELECT (COUNT(*) AS ?n) FROM <{DIALECT_GRAPH}> WHERE {{ ?s ?p ?o }}",
                 marks=pytest.mark.xfail(strict=True, reason=(
                     "on a Virtuoso endpoint with a default graph of its own, FROM adds a graph "
                     "to that default graph instead of replacing it")), id="from-adds"),
    pytest.param("SELECT (AVG(?x) AS ?a) WHERE { VALUES ?x { 1 2 4 } }",
                 marks=pytest.mark.xfail(strict=True, reason=(
                     "Virtuoso computes decimal division to 15 digits, Oxigraph to 18")),
                 id="decimal-division-digits"),
]


@pytest.mark.server
@pytest.mark.parametrize("query", VIRTUOSO_GAPS)
def test_virtuoso_evaluates_as_the_memory_store(dialect_memory, dialect_virtuoso, query):
    assert _canon(dialect_virtuoso.query(query)) == _canon(dialect_memory.query(query))


# ---- question answering over Virtuoso ---------------------------------------------------------

DEV = Path(__file__).resolve().parents[1] / "qa" / "data" / "dev_questions.jsonl"
#: how many dev questions the QA tests ask, a fixed seeded sample (all 162, asked of three
#: engines, take about 100 s on two cores)
QA_SAMPLE = 60


def _plain(answer) -> dict:
    d = answer.to_dict()
    d.pop("timings")
    return d


@pytest.fixture(scope="module")
def dev_questions() -> list[dict]:
    """``QA_SAMPLE`` dev questions, the same ones every run, in file order."""
    items = load_questions(DEV)
    return [items[i] for i in sorted(random.Random(5).sample(range(len(items)), QA_SAMPLE))]


@pytest.fixture(scope="module")
def virtuoso_answers(virtuoso_kg, settings, dev_questions) -> list[dict]:
    from kgqa.qa import QAEngine

    engine = QAEngine(virtuoso_kg, settings)
    return [_plain(engine.ask(i["question"], i.get("history"))) for i in dev_questions]


def _differing(engine, questions, answers) -> list[str]:
    return [i["question"] for i, a in zip(questions, answers)
            if _plain(engine.ask(i["question"], i.get("history"))) != a]


@pytest.mark.server
def test_qa_over_virtuoso_answers_as_over_memory(virtuoso_kg, virtuoso_answers, dev_questions,
                                                 settings):
    """The dev questions (a fixed seeded sample of ``QA_SAMPLE``) get the same answers (text,
    items, evidence facts and their sources, confidence) over Virtuoso as over a memory store
    holding the same triples in the same order.

    In the same order, so that a difference here is one of the stores, not of their order (the
    test below, and tests/test_qa_determinism.py, show that the order changes no answer);
    pyoxigraph's memory store yields triples newest first, so the reference store gets
    Virtuoso's triples last to first.
    """
    from kgqa.qa import QAEngine

    quads = list(virtuoso_kg.store.quads())
    same_order = OxigraphStore()
    same_order.raw.extend(quads[::-1])
    assert list(same_order.quads()) == quads   # the premise: one order for both stores
    engine = QAEngine(KnowledgeGraph(same_order, shapes=[ontology.SHAPES]), settings)
    assert _differing(engine, dev_questions, virtuoso_answers) == []


@pytest.mark.server
def test_qa_over_virtuoso_answers_as_the_default_memory_store(engine, virtuoso_answers,
                                                             dev_questions):
    """The same answers as the default memory store, whose triples come in another order:
    Virtuoso yields the embedded graph in its index order, the memory store newest first, and
    SPARQL leaves the order open (the QA engine breaks ties by content, not by this order)."""
    assert _differing(engine, dev_questions, virtuoso_answers) == []


@pytest.mark.server
def test_qa_over_an_oxigraph_server_answers_as_the_default_memory_store(
        engine, oxigraph_remote_kg, dev_questions, settings):
    """The same dev questions behind a real Oxigraph server (``sparql:``): the same answers,
    evidence, sources and confidence as the default memory store."""
    from kgqa.qa import QAEngine

    remote = QAEngine(oxigraph_remote_kg, settings)
    answers = [_plain(remote.ask(i["question"], i.get("history"))) for i in dev_questions]
    assert _differing(engine, dev_questions, answers) == []


COMPARISONS = ["Which of Amazon or Google invested more in Anthropic?",
               "Which was announced earlier, Azure OpenAI Service or the new Bing?"]


@pytest.mark.server
@pytest.mark.parametrize("question", COMPARISONS)
def test_a_comparison_answers_alike_on_every_store(other, engine, question):
    """A 'which of two' question reads both options' values by SPARQL (GROUP_CONCAT, EXISTS in
    BIND): every store gives the answer, the values and the query the memory store gives."""
    from kgqa.qa.pipeline import Pipeline

    want = engine.pipeline.compare(question)
    got = Pipeline(other, engine.embedder).compare(question)
    assert want is not None
    assert got is not None, question
    assert got.answers == want.answers and got.answer == want.answer
    assert [e.to_dict() for e in got.evidence] == [e.to_dict() for e in want.evidence]
