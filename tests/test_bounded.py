"""A graph too large to read whole (``whole_graph_max``): nothing reads every triple. QA goes
through the label index and bounded SPARQL only, and so do stats, autocomplete, examples, the
Explore view and the UI's pictures. Tested on the embedded graph with the limit set to 0, on a
real on-disk store and behind a real Oxigraph server."""

from __future__ import annotations

import pytest

from kgqa import ontology
from kgqa.graph import KnowledgeGraph
from kgqa.graph.entity_view import entity_view
from kgqa.graph.factory import open_store
from kgqa.graph.knowledge_graph import rdf_format
from kgqa.qa import QAEngine
from kgqa.settings import Settings

ID = "https://kgqa.dev/id/"
#: questions whose answer is a walk of one or two relations from a name (a bounded store is
#: answered by the pipeline alone, which reads paths)
QUESTIONS = ["Who is the CEO of OpenAI?", "Who founded OpenAI?",
             "Who is the CEO of the company that makes Copilot?",
             "Where is the headquarters of Microsoft?"]


def _never_read_whole(kg: KnowledgeGraph) -> None:
    assert kg._index is None, "something read every triple (the label/type caches)"
    assert kg._network is None, "something built the whole network projection"


@pytest.fixture(scope="module")
def bounded(settings):
    kg = KnowledgeGraph.default()
    kg.whole_graph_max = 0
    return kg, QAEngine(kg, settings)


def test_the_engine_answers_from_the_pipeline_alone_and_never_reads_the_graph_whole(
        bounded, engine):
    kg, bounded_engine = bounded
    assert kg.bounded
    bounded_engine.warm()
    answered = 0
    for q in QUESTIONS:
        answer = bounded_engine.ask(q)
        assert answer.kind == "path"               # the pipeline, never the rules
        if not answer.abstained:
            answered += 1
            assert answer.evidence, q
            assert all(e.statement for e in answer.evidence)
        else:
            assert answer.answer.startswith("The graph does not say")
    assert answered >= 1
    assert bounded_engine._latest is None         # no fact base was built
    _never_read_whole(kg)


def test_a_confident_bounded_answer_is_the_full_engines_pipeline_answer(bounded, engine):
    """Where the full engine answers by the pipeline and the bounded one answers too, both
    give the same answers (the sampled walk finds the same best reading on a small graph)."""
    _, bounded_engine = bounded
    same = compared = 0
    for q in QUESTIONS:
        full, small = engine.ask(q), bounded_engine.ask(q)
        if full.kind == "path" and not full.abstained and not small.abstained:
            compared += 1
            same += [a.get("iri") or a.get("value") for a in full.answers] == \
                [a.get("iri") or a.get("value") for a in small.answers]
    assert same == compared


def test_unknown_words_get_an_abstention_that_says_why(bounded):
    _, bounded_engine = bounded
    answer = bounded_engine.ask("What is the share price of Zyxwvut Quarks?")
    assert answer.abstained
    assert "(" in answer.answer and answer.answer.endswith(").")


def test_stats_autocomplete_examples_and_explore_read_no_whole_graph(settings):
    from kgqa.examples import entities_by_degree, most_connected_entity
    from kgqa.ui_subgraph import neighbourhood_graph

    kg = KnowledgeGraph.default()
    kg.whole_graph_max = 0
    stats = kg.stats()
    full = KnowledgeGraph.default().stats()
    for key in ("triples", "entities", "facts", "sources"):
        assert stats[key] == full[key], key
    hits = kg.search_entities("openai", limit=3)
    assert hits and hits[0][0].label == "OpenAI" and hits[0][0].types
    top = entities_by_degree(kg)
    assert top and most_connected_entity(kg) == top[0].iri
    view = entity_view(kg, f"{ID}OpenAI")
    assert view is not None and view["label"] == "OpenAI"
    svg, neighbours = neighbourhood_graph(kg, f"{ID}OpenAI")
    assert "<svg" in svg and neighbours
    assert kg.label(f"{ID}Microsoft") == "Microsoft"
    assert kg.comment(f"{ID}OpenAI")
    assert kg.is_fact(f"{ID}OpenAI") is False
    _never_read_whole(kg)


def _comparable(answer) -> dict:
    """The answer without its timings, its evidence as a set: rows of equal rank come in the
    order the store yields them, which SPARQL leaves open (see tests/test_stores.py)."""
    d = answer.to_dict()
    d.pop("timings")
    d["evidence"] = sorted(e["statement"] for e in d["evidence"])
    return d


def _remote(base: str) -> KnowledgeGraph:
    store = open_store(f"sparql:{base}/query")
    if len(store) == 0:
        for path in ontology.DEFAULT_GRAPH_FILES:
            store.load(path.read_bytes(), rdf_format(path), source=str(path))
    return KnowledgeGraph(store, whole_graph_max=0)


@pytest.mark.parametrize("where", ["oxigraph", "sparql-oxigraph"])
def test_a_bounded_store_answers_as_a_bounded_memory_store(where, bounded, oxigraph_server,
                                                           tmp_path, settings):
    """The same questions over an on-disk store and behind a real Oxigraph server, bounded:
    the same answers, evidence and sources as the bounded memory store."""
    _, reference = bounded
    if where == "oxigraph":
        kg = KnowledgeGraph.from_settings(Settings(store=f"oxigraph:{tmp_path / 'db'}",
                                                   whole_graph_max=0))
    else:
        kg = _remote(oxigraph_server)
    engine = QAEngine(kg, settings)
    for q in QUESTIONS:
        got, want = _comparable(engine.ask(q)), _comparable(reference.ask(q))
        assert got == want, q
    _never_read_whole(kg)
