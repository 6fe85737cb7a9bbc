"""'Which of two' questions (qa/pipeline/compare.py), on a graph in a vocabulary no part of qa/
has seen and on the embedded graph, through the real model and store."""

from __future__ import annotations

import pytest

from kgqa.graph import KnowledgeGraph
from kgqa.qa.pipeline import Pipeline
from kgqa.qa.pipeline.compare import comparison
from kgqa.qa.pipeline.link import link
from kgqa.qa.pipeline.parse import parse

# Grants as n-ary nodes: who gave, who got, how much, when. Quorn's largest grant went to
# someone else, so only grants touching Mossby may count for "into Mossby".
GRANTS = """
@prefix o: <https://example.org/orchard#> .
@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .
@prefix xsd: <http://www.w3.org/2001/XMLSchema#> .
o:Grant a rdfs:Class ; rdfs:label "grant" .
o:donor rdfs:label "donor" . o:recipient rdfs:label "recipient" .
o:sum rdfs:label "sum" . o:awarded rdfs:label "award date" . o:height rdfs:label "height" .
o:Pell rdfs:label "Pell Trust" . o:Quorn rdfs:label "Quorn Fund" . o:Mossby rdfs:label "Mossby" .
o:Other rdfs:label "Ashgrove" . o:Zig rdfs:label "Ziggurat Lodge" .
o:g1 a o:Grant ; rdfs:label "Pell Trust's grant to Mossby" ; o:donor o:Pell ; o:recipient o:Mossby ;
  o:sum "500"^^xsd:decimal ; o:awarded "2019-05-01"^^xsd:date .
o:g2 a o:Grant ; rdfs:label "Quorn Fund's grant to Mossby" ; o:donor o:Quorn ; o:recipient o:Mossby ;
  o:sum "900"^^xsd:decimal ; o:awarded "2021-03-02"^^xsd:date .
o:g3 a o:Grant ; rdfs:label "Quorn Fund's grant to Ashgrove" ; o:donor o:Quorn ; o:recipient o:Other ;
  o:sum "5000"^^xsd:decimal ; o:awarded "2018-01-01"^^xsd:date .
o:Zig o:height "40"^^xsd:decimal .
o:Founding a rdfs:Class ; rdfs:label "founding" . o:founded rdfs:label "founded" .
o:foundedOn rdfs:label "founding date" .
o:f1 a o:Founding ; rdfs:label "Lodge charter of 2015" ; o:founded o:Zig ;
  o:foundedOn "2015-06-01"^^xsd:date .
"""


@pytest.fixture(scope="module")
def grants(tmp_path_factory, engine):
    path = tmp_path_factory.mktemp("grants") / "grants.ttl"
    path.write_text(GRANTS, encoding="utf-8")
    return Pipeline(KnowledgeGraph.load([path]), engine.embedder)   # the model loaded once


def test_the_options_are_the_names_either_side_of_or(grants):
    linked = link(parse("Who gave more money to Mossby, Pell Trust or Quorn Fund?"),
                  grants.context())
    c = comparison(linked)
    assert [o.label for o in c.options] == ["Pell Trust", "Quorn Fund"]
    assert c.kind == "number" and c.larger
    assert comparison(link(parse("Who gave money to Mossby?"), grants.context())) is None
    assert comparison(link(parse("Did Pell Trust or Quorn Fund give to Mossby?"),
                           grants.context())) is None     # no comparative: yes/no


@pytest.mark.parametrize("question, winner", [
    ("Who gave more money to Mossby, Pell Trust or Quorn Fund?", "Quorn Fund"),
    ("Who gave less to Mossby: Pell Trust or Quorn Fund?", "Pell Trust"),
    # Mossby on both sides is what both options are about, not an option.
    ("Which is larger: the Quorn Fund grant for Mossby, or the one Pell Trust gave Mossby?",
     "Quorn Fund"),
    ("Whose grant to Mossby came first, Pell Trust's or Quorn Fund's?", "Pell Trust"),
    ("Which was awarded later, the Pell Trust grant or the Quorn Fund one, for Mossby?",
     "Quorn Fund"),
])
def test_the_option_with_the_larger_or_earlier_value_wins(grants, question, winner):
    got = grants.compare(question)
    assert got is not None, question
    assert got.answers[0]["label"] == winner
    assert got.answer.startswith(winner)
    # Both values compared are the evidence, each on its grant node.
    assert len(got.evidence) == 2
    assert {e.subject["iri"].rsplit("#")[-1] for e in got.evidence} <= {"g1", "g2"}
    assert got.sparql and "SELECT" in got.sparql


def test_only_nodes_that_touch_the_topic_count(grants):
    # Quorn's 5000 went to Ashgrove; into Mossby Quorn gave 900, and without a topic 5000.
    assert grants.compare("Who gave more to Mossby, Pell Trust or Quorn Fund?") \
        .evidence[0].object["value"] == "900"
    assert grants.compare("Who gave more, Pell Trust or Quorn Fund?") \
        .evidence[0].object["value"] == "5000"


def test_two_events_dated_by_relations_of_their_own(grants):
    """A founding (its founding date) against a grant (its award date): each option's date of
    the node that reads like what the question names."""
    got = grants.compare("Which happened earlier, the founding of Ziggurat Lodge or the "
                         "Pell Trust grant?")
    assert got is not None and got.answers[0]["label"] == "Ziggurat Lodge"
    assert [e.predicate["label"] for e in got.evidence] == ["founding date", "award date"]
    assert "than the award date of Pell Trust" in got.answer


@pytest.mark.parametrize("question, year, value", [
    ("Which grant to Mossby was larger, the 2019 one or the 2021 one?", "2021", "900"),
    ("Which of Quorn Fund's grants was larger: the 2018 one or the 2021 one?", "2018", "5000"),
])
def test_years_as_options_compare_the_names_facts_dated_in_them(grants, question, year, value):
    got = grants.compare(question)
    assert got is not None, question
    assert got.answers == [{"value": year, "datatype": "http://www.w3.org/2001/XMLSchema#gYear"}]
    assert got.evidence[0].object["value"] == value


def test_no_answer_when_an_option_has_no_such_value(grants):
    assert grants.compare("Who gave more to Mossby, Pell Trust or Ziggurat Lodge?") is None
    assert grants.compare("Which is taller, Pell Trust or Ziggurat Lodge?") is None
    assert grants.compare("Which grant to Mossby was larger, the 2019 one or the 2030 one?") \
        is None


def test_the_engine_answers_a_comparison_on_the_embedded_graph(settings, engine):
    got = engine.ask("Which of Amazon or Google invested more in Anthropic?")
    assert not got.abstained
    assert got.answers[0]["label"] == "Amazon"
    assert all(e.source for e in got.evidence), "every value compared has its source"
    # Google's figure is reported, not confirmed: the evidence says by whom.
    google = next(e for e in got.evidence if e.statement.startswith("Google"))
    assert google.source["status"] != "confirmed" and "(according to " in google.statement

