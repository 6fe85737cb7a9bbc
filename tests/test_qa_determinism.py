"""An answer must not depend on the engine's history: whether the model and index were loaded
before the question, or which questions came first."""

import pytest

from kgqa.qa import QAEngine

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
