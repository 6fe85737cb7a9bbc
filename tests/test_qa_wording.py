"""Word-level rules that make questions phrased in other words reach the same facts."""

import pytest

from kgqa.qa.intent import detect
from kgqa.qa.normalize import stem
from kgqa.qa.retrieval import FILLER


@pytest.mark.parametrize("a, b", [
    ("available", "availability"),
    ("generally", "general"),
    ("approved", "approval"),
    ("invested", "investment"),
])
def test_word_forms_share_a_stem(a, b):
    assert stem(a) == stem(b)


@pytest.mark.parametrize("a, b", [("rival", "river"), ("total", "tot"), ("deal", "de")])
def test_short_words_keep_their_ending(a, b):
    assert stem(a) != stem(b)


@pytest.mark.parametrize("question", [
    "How does GPT-4 relate to Bing?",
    "How do Amazon and Anthropic connect with each other?",
    "How is Mistral AI connected to OpenAI?",
    "What's the link between SoftBank and OpenAI?",
])
def test_connection_questions_in_other_words(question):
    assert detect(question).kind == "connection"


def test_how_do_questions_that_are_not_connections():
    assert detect("How does Microsoft make money?").kind != "connection"


@pytest.mark.parametrize("word", ["after", "before", "until", "if", "whether"])
def test_connectives_name_no_relation(word):
    assert word in FILLER


def test_a_command_names_a_list_not_a_nested_question():
    got = detect("Name the companies that compete with Microsoft")
    assert got.kind == "list" and got.nested is None
    assert detect("Who chairs the venture that Oracle invested in?").nested is not None


@pytest.fixture(scope="module")
def linker(kg, settings):
    from kgqa.qa import QAEngine

    return QAEngine(kg, settings)._state()[1]


@pytest.mark.parametrize("question, previous, want", [
    ("how much?", "Did Amazon invest in Anthropic?", "How much did Amazon invest in Anthropic?"),
    ("And when?", "How much did Microsoft invest in Mistral AI?",
     "When did Microsoft invest in Mistral AI?"),
])
def test_a_bare_question_word_reuses_the_previous_question(linker, question, previous, want):
    from kgqa.qa.followups import resolve

    resolved, _ = resolve(question, [{"role": "user", "content": previous}], linker)
    assert resolved == want


def test_an_ellipsis_without_a_new_name_still_resolves_its_pronoun(linker):
    from kgqa.qa.followups import resolve

    resolved, _ = resolve("And who runs it?", [{"role": "user", "content": "Who owns GitHub?"}],
                          linker)
    assert "GitHub" in resolved
