"""Every question kind of issue 3 over the embedded Microsoft–OpenAI graph.

Expectations are labels from the public record, not IRIs, so they hold however the curated
graph names its nodes.
"""

import pytest

from kgqa import ontology

pytestmark = pytest.mark.skipif(not ontology.DATA.exists(),
                                reason="ontology/kg.ttl (the curated graph) is not built yet")


def text(a):
    return a.answer.lower()


def test_factoid(engine):
    a = engine.ask("Who leads OpenAI?")
    assert not a.abstained and a.answer.startswith("Sam Altman")
    assert a.evidence and a.evidence[0].source


def test_list(engine):
    a = engine.ask("Which clouds compete with Azure?")
    labels = {e["label"] for e in a.entities}
    assert any("Google" in x for x in labels) and any("AWS" in x or "Amazon" in x for x in labels)


def test_boolean_yes_with_the_fact(engine):
    a = engine.ask("Did Microsoft invest in Mistral AI?")
    assert a.answer.startswith("Yes") and "mistral" in text(a)
    assert a.sparql and a.sparql.startswith("ASK")
    assert engine.kg.query(a.sparql).boolean is True


def test_boolean_grounded_no(engine):
    a = engine.ask("Did Microsoft invest in Anthropic?")
    assert a.answer.startswith("No, the graph records no") and not a.abstained


def test_amount(engine):
    a = engine.ask("How much did Microsoft invest in OpenAI?")
    assert "billion" in text(a)


def test_date(engine):
    a = engine.ask("When did Satya Nadella become CEO of Microsoft?")
    assert "2014" in a.answer


def test_temporal(engine):
    a = engine.ask("As of August 2024, did Microsoft hold a board seat at OpenAI?")
    assert a.answer.startswith("No")
    b = engine.ask("As of January 2024, did Microsoft hold a board seat at OpenAI?")
    assert b.answer.startswith("Yes")


def test_multi_hop(engine):
    a = engine.ask("Who runs the company Microsoft invested $13B in?")
    assert a.answer.startswith("Sam Altman")


def test_connection(engine):
    a = engine.ask("How is Mistral AI connected to OpenAI?")
    assert not a.abstained and len(a.evidence) >= 1


def test_leverage_cites_models_and_sources(engine):
    a = engine.ask("What leverage does OpenAI hold?")
    assert not a.abstained
    # OpenAI's own leverage (it is the holder), not the leverage Microsoft holds over it.
    assert a.answer.startswith("OpenAI's leverage"), a.answer
    assert "model" in text(a) or "intellectual property" in text(a)
    assert all(e.source for e in a.evidence)
    b = engine.ask("What leverage does Microsoft hold over OpenAI?")
    assert "microsoft" in b.answer.lower()[:60] and "openai's leverage" not in text(b)


def test_current_role_is_preferred(engine):
    for q in ("Who is the CEO of OpenAI?", "who runs openai", "Who heads Microsoft?"):
        a = engine.ask(q)
        assert a.answer.split(".")[0] in ("Sam Altman", "Satya Nadella"), (q, a.answer)


def test_boolean_needs_the_asked_relation(engine):
    a = engine.ask("Did Microsoft invest in Anthropic?")
    # Microsoft and Anthropic are linked (they compete), but not by an investment.
    assert a.answer.startswith("No, the graph records no"), a.answer
    b = engine.ask("Does Microsoft compete with Anthropic?")
    assert b.answer.startswith("Yes"), b.answer


def test_first_named_entity_is_what_is_asked_about(engine):
    a = engine.ask("How much did Apple invest in OpenAI?")
    assert a.abstained, a.answer


def test_quantity_the_graph_lacks_abstains(engine):
    a = engine.ask("How many GPUs does Mistral AI own?")
    assert a.abstained, a.answer


def test_reliance(engine):
    a = engine.ask("What does OpenAI rely on Microsoft for?")
    assert any(w in text(a) for w in ("compute", "infrastructure", "distribution"))


def test_why_walk_away_is_attributed(engine):
    a = engine.ask("Why might Microsoft walk away?")
    assert not a.abstained and "according to" in text(a)


def test_followups(engine):
    h = [{"role": "user", "content": "What leverage does OpenAI hold?"}]
    a = engine.ask("What about Microsoft?", h)
    assert not a.abstained
    assert any(w in text(a) for w in ("compute", "infrastructure", "capital", "distribution"))
    h = [{"role": "user", "content": "Did Microsoft invest in Mistral AI?"}]
    b = engine.ask("Which other companies has it invested in?", h)
    labels = {e["label"] for e in b.entities}
    assert "OpenAI" in labels and "Mistral AI" not in labels


@pytest.mark.parametrize("q", ["What is the capital of France?",
                               "How many employees does Mistral have?"])
def test_abstains_and_suggests(engine, q):
    a = engine.ask(q)
    assert a.abstained
    assert "you could ask" in text(a) or "covers" in text(a)


def test_every_answer_sentence_has_evidence(engine):
    for q in ["Who leads OpenAI?", "Did Microsoft invest in Mistral AI?",
              "What leverage does OpenAI hold?"]:
        a = engine.ask(q)
        assert a.evidence, q
        for ev in a.evidence:
            assert ev.statement and ev.subject.get("label")

