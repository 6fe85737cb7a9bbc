"""The UI's example questions and queries fit the graph it shows: curated on the embedded
graph, built from the graph's own entities on any other (a user's graph must not be offered
questions about Microsoft)."""

from kgqa.graph import KnowledgeGraph
from kgqa.ui import EXAMPLE_QUESTIONS, ui_examples
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
