"""The question's voice picks the direction of a relation whose names share a verb: "What has
X built?" asks what X is the builder of ("Y built by X"), not what X was built into."""

import pytest

from qa_fixtures import engine_over

TTL = """
@prefix ex: <https://example.org/works#> .
@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .
@prefix skos: <http://www.w3.org/2004/02/skos/core#> .

ex:madeBy a rdf:Property ; rdfs:label "made by" ; skos:altLabel "built by" .
ex:fittedTo a rdf:Property ; rdfs:label "fitted to" ; skos:altLabel "built into" .

ex:Acme rdfs:label "Acme Works" .
ex:Gearbox rdfs:label "Gearbox G7" ; ex:madeBy ex:Acme ; ex:fittedTo ex:Tractor .
ex:Pump rdfs:label "Pump P2" ; ex:madeBy ex:Acme .
ex:Tractor rdfs:label "Tractor T1" .
ex:Lamp rdfs:label "Lamp L1" ; ex:fittedTo ex:Acme .
""".replace("@prefix ex:", "@prefix rdf: <http://www.w3.org/1999/02/22-rdf-syntax-ns#> .\n"
            "@prefix ex:", 1)


@pytest.fixture(scope="module")
def eng(tmp_path_factory):
    return engine_over(TTL, tmp_path_factory.mktemp("voice"))


def _labels(answer):
    return {e["label"] for e in answer.entities}


def test_active_voice_asks_for_what_the_entity_made(eng):
    a = eng.ask("What has Acme Works built?")
    assert {"Gearbox G7", "Pump P2"} & _labels(a), a.answer
    assert not a.answer.startswith("Lamp"), a.answer


def test_who_built_asks_for_the_maker(eng):
    a = eng.ask("Who built Gearbox G7?")
    assert a.answer.startswith("Acme Works"), a.answer


def test_the_question_s_own_preposition_keeps_its_relation(eng):
    a = eng.ask("What was Gearbox G7 built into?")
    assert a.answer.startswith("Tractor T1"), a.answer
