"""The UI's example questions and queries fit the graph it shows: curated on the embedded
graph, built from the graph's own entities on any other (a user's graph must not be offered
questions about Microsoft)."""

from pathlib import Path

import pytest

from kgqa.examples import most_connected_entity
from kgqa.graph import KnowledgeGraph
from kgqa.ui import EXAMPLE_QUESTIONS, entity_choices, explore, ui_examples
from qa_fixtures import OTHER_DOMAIN, other_engine


def test_embedded_graph_gets_the_curated_examples(kg):
    intro, questions, queries = ui_examples(kg)
    assert questions == EXAMPLE_QUESTIONS and "Microsoft" in intro


def test_another_graph_gets_examples_from_its_own_entities():
    eng = other_engine()
    intro, questions, queries = ui_examples(eng.kg)
    assert "Microsoft" not in " ".join(questions) + intro
    assert len(questions) == 3
    for q in questions:
        answer = eng.ask(q)
        assert not answer.abstained, (q, answer.answer)
    for name, query in queries.items():
        assert eng.kg.query(query, timeout=10, limit=100).raw_rows, name


# --- what the Explore tab opens on ---------------------------------------------------------------

ORCHESTRA = Path(__file__).resolve().parents[1] / "qa" / "data" / "domains" / "orchestra" / \
    "graph.ttl"


@pytest.mark.parametrize("graph", ["embedded", "orchestra"])
def test_explore_opens_on_the_most_connected_entity_with_its_facts(graph, kg):
    kg = kg if graph == "embedded" else KnowledgeGraph.load([ORCHESTRA])
    net = kg.network()
    degree = {e.iri: net.degree(e.iri) if e.iri in net else 0 for e in kg.entities()}
    iri = most_connected_entity(kg)
    assert degree[iri] == max(degree.values()) > 0
    assert entity_choices(kg)[0][1] == iri  # the dropdown shows it first, too
    header, rows, timeline, neighbours, svg = explore(kg, iri)
    label = kg.label(iri)
    assert header.startswith(f"## {label}")
    assert len(rows) >= 3 and all(len(r) == 7 for r in rows)
    assert neighbours and neighbours != "_No neighbours._"
    assert svg.count('class="kg-node') >= 3
    assert timeline


def test_explore_on_an_empty_graph_says_what_to_do(tmp_path):
    empty = tmp_path / "empty.ttl"
    empty.write_text("", encoding="utf-8")
    kg = KnowledgeGraph.load([empty])
    assert most_connected_entity(kg) is None
    header, rows, *_ = explore(kg, most_connected_entity(kg))
    assert rows == [] and "Pick an entity" in header
