"""An answer must not depend on the engine's history (whether the model and index were loaded
before the question, which questions came first) nor on the order the store yields the graph's
triples in, which RDF and SPARQL leave open."""

import random
from pathlib import Path

import pytest

from kgqa import ontology
from kgqa.graph import KnowledgeGraph
from kgqa.graph.store import OxigraphStore
from kgqa.qa import QAEngine
from kgqa.qa.evaluate import load_questions

DEV = Path(__file__).resolve().parents[1] / "qa" / "data" / "dev_questions.jsonl"
#: dev questions asked over each order, a fixed seeded sample (the one tests/test_stores.py asks
#: of Virtuoso): about 15 s an order on two cores
ORDER_SAMPLE = 60

QUESTIONS = [
    "What leverage does OpenAI hold?",
    "Who leads OpenAI?",
    "Which clouds compete with Azure?",
    "How is Mistral AI connected to OpenAI?",
    "What are the sticking points in the Microsoft OpenAI talks?",
    "How many employees does Mistral have?",
    "Who was CEO of OpenAI on 18 November 2023?",
]


def _plain(answer) -> dict:
    d = answer.to_dict()
    d.pop("timings")
    return d


@pytest.fixture(scope="module")
def warm_first(kg, settings):
    """A fresh engine warmed before any question, asking in reverse order."""
    engine = QAEngine(kg, settings).warm()
    return {q: _plain(engine.ask(q)) for q in reversed(QUESTIONS)}


def test_cold_ask_equals_warm_ask(kg, settings, warm_first):
    cold = QAEngine(kg, settings)
    first = _plain(cold.ask(QUESTIONS[0]))   # model and index load inside this call
    cold.warm()
    again = {q: _plain(cold.ask(q)) for q in QUESTIONS}
    assert first == again[QUESTIONS[0]]
    assert again == warm_first


def test_follow_up_is_history_independent(kg, settings):
    history = [{"role": "user", "content": "Did Microsoft invest in Mistral AI?"}]
    cold = QAEngine(kg, settings)
    first = _plain(cold.ask("Which other companies has it invested in?", history))
    cold.warm()
    assert _plain(cold.ask("Which other companies has it invested in?", history)) == first


# ---- the order of the triples ----------------------------------------------------------------

@pytest.fixture(scope="module")
def dev_sample() -> list[dict]:
    items = load_questions(DEV)
    return [items[i] for i in sorted(random.Random(5).sample(range(len(items)), ORDER_SAMPLE))]


@pytest.fixture(scope="module")
def default_answers(engine, dev_sample) -> list[dict]:
    return [_plain(engine.ask(i["question"], i.get("history"))) for i in dev_sample]


def _reordered(kg: KnowledgeGraph, how: str) -> KnowledgeGraph:
    """The graph's triples in a new memory store that yields them in another order."""
    quads = list(kg.store.quads())
    if how == "reversed":
        order = quads           # the memory store yields newest first: these come out reversed
    else:
        order = quads[:]
        random.Random(11).shuffle(order)
    store = OxigraphStore()
    store.raw.extend(order)
    return KnowledgeGraph(store, shapes=[ontology.SHAPES])


@pytest.mark.parametrize("how", ["reversed", "shuffled"])
def test_answers_do_not_depend_on_the_order_of_the_triples(kg, settings, dev_sample,
                                                           default_answers, how):
    """The same triples yielded in another order give the same answers (text, items, evidence
    facts and their sources, confidence) to a fixed seeded sample of dev questions."""
    other = _reordered(kg, how)
    yielded, default = list(other.store.quads()), list(kg.store.quads())
    assert yielded != default and sorted(map(str, yielded)) == sorted(map(str, default))
    engine = QAEngine(other, settings)
    differing = [i["question"] for i, a in zip(dev_sample, default_answers)
                 if _plain(engine.ask(i["question"], i.get("history"))) != a]
    assert differing == []
