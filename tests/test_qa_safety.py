"""Any input is answered or refused with a clear error; nothing is spliced into SPARQL."""

import pytest

from kgqa.qa import QuestionError

from qa_fixtures import other_engine


@pytest.fixture(scope="module")
def eng():
    return other_engine()


@pytest.mark.parametrize("question", [
    "'; DROP GRAPH <urn:x> ; SELECT * WHERE { ?s ?p ?o }",
    "Who leads <https://example.org/uni#Northfield> } UNION { ?s ?p ?o",
    'Who leads Northfield University" } ; DELETE WHERE { ?s ?p ?o } #',
    "Who\x00 leads\x07 Northfield\x1b University?",
    "Who leads \ud800 Northfield University?",
    "誰がノースフィールド大学を率いていますか？",
    "Кто руководит университетом?",
    "?", "!!!", "🙂🙂🙂", "a" * 1999,
])
def test_odd_input_never_raises(eng, question):
    before = len(eng.kg)
    a = eng.ask(question)
    assert isinstance(a.answer, str) and a.answer
    assert 0.0 <= a.confidence <= 1.0
    assert len(eng.kg) == before


def test_sparql_contains_no_question_text(eng):
    a = eng.ask('Who leads Northfield University" } ; DELETE WHERE { ?s ?p ?o } #')
    if a.sparql:
        assert "DELETE" not in a.sparql and "#" not in a.sparql.replace("uni#", "")


def test_too_long_is_413(eng):
    with pytest.raises(QuestionError) as exc:
        eng.ask("a" * (eng.settings.max_question_chars + 1))
    assert exc.value.status == 413
    assert "max_question_chars" in str(exc.value)


@pytest.mark.parametrize("question", ["", "   ", "\x00\x01"])
def test_empty_is_400(eng, question):
    with pytest.raises(QuestionError) as exc:
        eng.ask(question)
    assert exc.value.status == 400


def test_answer_dict_has_exactly_the_documented_keys(eng):
    d = eng.ask("Who leads Northfield University?").to_dict()
    assert set(d) == {"answer", "entities", "evidence", "confidence", "abstained", "sparql",
                      "timings", "answers"}
    ev = d["evidence"][0]
    assert set(ev) == {"subject", "predicate", "object", "statement", "source"}
    assert set(ev["source"]) == {"iri", "title", "publisher", "date", "url", "status"}
    assert "total_ms" in d["timings"]
