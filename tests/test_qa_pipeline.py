"""The QA pipeline's stages, each on its own value, and the whole on graphs qa/ has never seen.

Stages: parse -> link -> candidates -> rank -> execute -> compose (qa/pipeline/).
"""

from __future__ import annotations

import json
import re

import numpy as np
import pytest

from kgqa.graph import KnowledgeGraph
from kgqa.qa.embeddings import Embedder
from kgqa.qa.evaluate import evaluate_benchmark, load_questions, sample
from kgqa.qa.pipeline import Pipeline
from kgqa.qa.pipeline.candidates import candidates
from kgqa.qa.pipeline.context import Context
from kgqa.qa.pipeline.features import NAMES
from kgqa.qa.pipeline.link import link
from kgqa.qa.pipeline.parse import parse
from kgqa.qa.pipeline.rank import WEIGHTS_FILE, Weights, rank
from kgqa.qa.pipeline.synth import generate, is_gold
from kgqa.qa.pipeline.text import LEXICON, fold, words

from conftest import shared_path
from qa_fixtures import OTHER_DOMAIN

# A small family graph in a vocabulary no part of qa/ has seen: names, plain triples only.
FAMILY = """
@prefix f: <https://example.org/family#> .
@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .
f:mother a <http://www.w3.org/1999/02/22-rdf-syntax-ns#Property> ; rdfs:label "mother" .
f:bornIn a <http://www.w3.org/1999/02/22-rdf-syntax-ns#Property> ; rdfs:label "place of birth" .
f:capitalOf a <http://www.w3.org/1999/02/22-rdf-syntax-ns#Property> ; rdfs:label "capital of" .
f:partOf a <http://www.w3.org/1999/02/22-rdf-syntax-ns#Property> ; rdfs:label "part of" .
f:Ada rdfs:label "Ada Quill" . f:Bea rdfs:label "Beatrix Quill" . f:Cy rdfs:label "Cyrus Quill" .
f:Tarn rdfs:label "Tarnwick" . f:Oss rdfs:label "Ossland" . f:Vel rdfs:label "Velmor" .
f:Ada f:mother f:Bea . f:Bea f:mother f:Cy .
f:Ada f:bornIn f:Vel . f:Bea f:bornIn f:Tarn . f:Cy f:bornIn f:Vel .
f:Tarn f:capitalOf f:Oss . f:Oss f:partOf f:East . f:East rdfs:label "Eastmark" .
"""


@pytest.fixture(scope="module")
def embedder():
    return Embedder()


@pytest.fixture(scope="module")
def family(tmp_path_factory, embedder):
    path = tmp_path_factory.mktemp("family") / "family.ttl"
    path.write_text(FAMILY, encoding="utf-8")
    kg = KnowledgeGraph.load([path])
    return Pipeline(kg, embedder)


def test_parse_decides_the_kind_once():
    assert parse("How many films did X write?").kind == "count"
    assert parse("Why did X leave?").kind == "reason"
    assert parse("Is X the mother of Y?").kind == "boolean"
    assert parse("which nationality is X 's couple ?").kind == "lookup"
    assert parse("When was X born?").wh == "time"
    q = parse("Who is Mecklenburg-Strelitz's couple?")
    assert q.words == ("who", "is", "mecklenburg", "strelitz", "s", "couple")


def test_parse_marks_follow_ups_against_the_previous_turn():
    history = [{"role": "user", "content": "Who is the mother of Ada Quill?"},
               {"role": "assistant", "content": "Beatrix Quill."}]
    assert parse("Where was she born?", history).resolved_from == "Who is the mother of Ada Quill?"
    assert parse("Where was Ada Quill born?", history).resolved_from == ""


def test_link_finds_the_longest_name_and_never_a_predicate(family):
    ctx = family.context()
    linked = link(parse("what is the place of birth of the mother of Beatrix Quill?"), ctx)
    assert linked.mentions[0].iri.endswith("#Bea")
    assert all(not m.iri.endswith(("#bornIn", "#mother")) for m in linked.mentions)


def test_a_kind_word_that_names_no_class_is_a_relation_word(family, embedder):
    """"what *place* is X's mother (born in)": with no class called place in the graph but a
    relation ("place of birth"), the word after the cue is asked for as a relation, not taken
    as the kind of answer; one that names nothing ("how many *people*") stays the kind."""
    q = parse("what place is Ada Quill's mother?")
    assert q.answer_type == 1
    assert link(q, family.context()).question.answer_type == -1
    q = parse("how many people were born in Velmor?")
    assert link(q, family.context()).question.answer_type == q.answer_type >= 0
    embedded = Pipeline(KnowledgeGraph.default(), embedder).context()
    q = parse("which company owns GitHub?")
    assert link(q, embedded).question.answer_type == 1


def test_link_tolerates_a_typo(family):
    linked = link(parse("who is the mother of Beatrix Quil?"), family.context())
    assert linked.mentions and linked.mentions[0].iri.endswith("#Bea")
    assert linked.mentions[0].score < 1.0


def test_candidates_walk_one_to_three_hops_both_ways(family):
    ctx = family.context()
    graphs = candidates(link(parse("what about Beatrix Quill?"), ctx), ctx)
    shapes = {tuple((h.predicate.rsplit("#", 1)[1], h.inverse) for h in g.hops) for g in graphs}
    assert (("mother", False),) in shapes                       # Bea -> Cy
    assert (("mother", True),) in shapes                        # Ada -> Bea, walked back
    assert (("bornIn", False), ("capitalOf", False)) in shapes  # Bea -> Tarnwick -> Ossland
    assert (("mother", False), ("bornIn", False)) in shapes
    assert (("bornIn", False), ("capitalOf", False), ("partOf", False)) in shapes


def test_candidate_sparql_holds_iris_only(family):
    ctx = family.context()
    text = 'mother of Ada Quill"} ; DROP ALL ; SELECT * {'
    for g in candidates(link(parse(text), ctx), ctx):
        q = g.sparql()
        assert "DROP" not in q and '"' not in q
        assert set(re.findall(r"<([^>]+)>", q)) <= {g.topic} | {h.predicate for h in g.hops}


def test_a_question_s_words_are_encoded_in_one_pass_and_the_same_whatever_came_before(
        tmp_path, embedder):
    path = tmp_path / "family.ttl"
    path.write_text(FAMILY, encoding="utf-8")
    question = "where was the mother of Ada Quill's mother born?"
    passes = []
    real = embedder.encode_together

    def counted(texts):
        passes.append(list(texts))
        return real(texts)

    embedder.encode_together = counted
    try:
        fresh = Pipeline(KnowledgeGraph.load([path]), embedder)
        first = fresh.run(question)
        assert len(passes) == 1, passes
        used = Pipeline(KnowledgeGraph.load([path]), embedder)
        for other in ("who is the mother of Beatrix Quill?", "what is Tarnwick the capital of?",
                      "where was Ada Quill born?"):
            used.run(other)
        again = used.run(question)
    finally:
        del embedder.encode_together
    assert [s.features for s in again.ranked] == [s.features for s in first.ranked]
    assert again.answer.to_dict() == first.answer.to_dict()


def test_rank_keeps_the_order_and_probabilities_of_the_whole_list_when_cut(family):
    ctx = family.context()
    linked = link(parse("where was Ada Quill's mother born?"), ctx)
    graphs = candidates(linked, ctx)
    every = rank(linked, graphs, ctx)
    assert len(every) > 3
    assert rank(linked, graphs, ctx, top=3) == every[:3]


def test_rank_gives_probabilities(family):
    ctx = family.context()
    linked = link(parse("who is the mother of the mother of Ada Quill?"), ctx)
    ranked = rank(linked, candidates(linked, ctx), ctx)
    assert abs(sum(s.probability for s in ranked) - 1.0) < 1e-4
    assert ranked == sorted(ranked, key=lambda s: -s.score)


@pytest.mark.parametrize("question,answer", [
    ("who is the mother of the mother of Ada Quill?", "Cyrus Quill"),
    ("where was Ada Quill's mother born?", "Tarnwick"),
    ("what is Tarnwick the capital of?", "Ossland"),
    ("which country has as its capital the birthplace of Ada Quill's mother?", "Ossland"),
])
def test_multi_hop_questions_on_an_unseen_graph(family, question, answer):
    trace = family.run(question)
    assert trace.answer is not None, trace.deferred
    assert [a["label"] for a in trace.answer.answers][:1] == [answer], \
        json.dumps(trace.explain(family.weights), indent=1)[:3000]


def test_answer_carries_items_evidence_and_the_query_that_ran(family):
    trace = family.run("where was Ada Quill's mother born?")
    ans = trace.answer
    d = ans.to_dict()
    assert d["answers"] == [{"iri": "https://example.org/family#Tarn", "label": "Tarnwick"}]
    assert {e["iri"] for e in d["entities"]} >= {"https://example.org/family#Ada"}
    assert [ev["predicate"]["label"] for ev in d["evidence"]] == ["mother", "place of birth"]
    rows = family.kg.query(d["sparql"]).rows
    assert {str(r["answer"]) for r in rows} == {"https://example.org/family#Tarn"}


def test_answers_are_ranked_by_the_walks_that_reach_them(tmp_path, embedder):
    """Zora's children's parents: Zora through both children, Abel through one. The answer
    reached most often comes first (by label Abel would), and its walks lead the evidence."""
    from kgqa.qa.pipeline.execute import execute
    from kgqa.qa.pipeline.types import Hop, Mention, QueryGraph, Scored

    path = tmp_path / "kin.ttl"
    path.write_text("""
@prefix k: <https://example.org/kin#> .
@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .
k:child rdfs:label "child" .
k:Zora rdfs:label "Zora" . k:Abel rdfs:label "Abel" . k:Mira rdfs:label "Mira" .
k:Nils rdfs:label "Nils" .
k:Zora k:child k:Mira , k:Nils . k:Abel k:child k:Mira .
""", encoding="utf-8")
    ctx = Context.build(KnowledgeGraph.load([path]), embedder, Weights.load())
    k = "https://example.org/kin#"
    g = QueryGraph(topic=k + "Zora", mention=Mention(0, 1, k + "Zora", "Zora", 1.0),
                   hops=(Hop(k + "child"), Hop(k + "child", inverse=True)), size=2)
    result = execute(Scored(g, (), 0.0), ctx)
    assert [a["label"] for a in result.answers] == ["Zora", "Abel"]
    assert [str(p[-1]) for p in result.paths][:2] == [k + "Zora", k + "Zora"]


def test_relation_phrases_are_counted_from_the_question_s_shape(family):
    """Possessives and "of" cut a question into relation phrases; words that spell a
    relation's own name ("place of birth") stay one; the reading with as many hops as the
    question has phrases is not marked down for it."""
    from kgqa.qa.pipeline.features import content_positions, featurize, phrase_runs

    ctx = family.context()
    for question, phrases in [("What is the place of birth of Ada Quill's mother?", 2),
                              ("Ada Quill's mother's mother?", 2),
                              ("Who is the mother of the mother of Ada Quill?", 2),
                              ("Who is Ada Quill's mother?", 1)]:
        linked = link(parse(question), ctx)
        ada = next(m for m in linked.mentions if m.label == "Ada Quill")
        runs = phrase_runs(linked, content_positions(linked, ada), ctx)
        assert len(runs) == phrases, (question, runs)
    linked = link(parse("Ada Quill's mother's mother?"), ctx)
    graphs = [g for g in candidates(linked, ctx) if g.mention.label == "Ada Quill"]
    gap = featurize(linked, graphs, ctx)[:, NAMES.index("phrase_gap")]
    by_hops = {len(g.hops): float(x) for g, x in zip(graphs, gap)}
    assert by_hops[2] == 0.0 and by_hops[1] == 1.0 and by_hops[3] == 1.0


def test_count_candidates(family):
    trace = family.run("how many people were born in Velmor?")
    assert trace.answer is not None
    assert trace.answer.answers[0]["value"] == "2"


def test_kinds_left_to_other_answerers(family):
    assert family.run("Why was Ada Quill born in Velmor?").deferred
    assert family.run("who is the mother of nobody-in-this-graph?").answer is None


def test_generated_questions_have_their_path_among_the_candidates(family):
    ctx = family.context()
    made = generate(ctx, 20, seed=1)
    assert made
    for s in made:
        graphs = candidates(link(parse(s.question), ctx), ctx)
        assert any(is_gold(g, s) for g in graphs), s


def test_shipped_weights_match_the_features():
    w = Weights.load()
    assert WEIGHTS_FILE.is_file()
    assert w.names == NAMES and np.all(np.isfinite(w.w))
    assert 0.0 <= w.threshold <= 1.0
    assert w.confidence is not None, "the shipped file has a fitted confidence model"
    assert np.all(np.isfinite(w.confidence.coef)) and np.all(w.confidence.scale > 0)


def test_confidence_is_a_probability_that_falls_with_an_unexplained_word(family):
    """The fitted confidence model (not a threshold set by hand) is surer of a question whose
    words the best reading explains than of the same question with a word the graph does not
    hold in place of a relation."""
    ctx = family.context()
    asked = family.run("what is the place of birth of the mother of Ada Quill?", ctx=ctx)
    odd = family.run("what is the place of birth of the saxophone of Ada Quill?", ctx=ctx)
    assert asked.answer is not None and odd.answer is not None
    assert 0.0 <= odd.answer.confidence < asked.answer.confidence <= 1.0
    assert [a["label"] for a in asked.answer.answers] == ["Tarnwick"]
    if odd.answer.confidence < ctx.weights.threshold:
        assert "saxophone" in odd.deferred   # the abstention names what it could not place


def test_lexicon_holds_no_word_of_a_particular_graph(kg):
    """The lexicon is English, not any graph's vocabulary: every entry is an English word or
    phrase (lemminflect's dictionary or spaCy's stop words), and none is the name of anything
    in the embedded graph or the other-domain graphs (an entity, a class or a relation)."""
    from lemminflect import getAllLemmas

    from kgqa.qa.pipeline.text import is_stop

    entries = []
    for key, value in LEXICON.items():
        if key.startswith("_") or key == "deferred_kinds":   # kind names, not words
            continue
        entries += list(value.keys() if isinstance(value, dict) else value)
    for entry in entries:
        for w in words(entry):
            assert is_stop(w) or getAllLemmas(w), f"{w!r} is not an English word"
    for g in (kg, KnowledgeGraph.load([OTHER_DOMAIN])):
        rows = g.query("SELECT DISTINCT ?l WHERE { ?s <http://www.w3.org/2000/01/rdf-schema#label>"
                       "|<http://www.w3.org/2004/02/skos/core#altLabel> ?l }").rows
        names = {fold(str(r["l"])) for r in rows}
        clash = {fold(e) for e in entries} & names
        assert not clash, f"lexicon entries that are names in a graph: {sorted(clash)}"


PQ_SETS = ["pq-2h", "pq-3h", "pql-2h", "pql-3h"]
# Floors a little under what the shipped weights score on this sample (0.70, 0.57, 0.90, 0.90
# on 2026-12-02): a change that loses ground fails. The issue's targets are tested below.
FLOOR = {"pq-2h": 0.62, "pq-3h": 0.48, "pql-2h": 0.83, "pql-3h": 0.82}
TARGET = {"pq-2h": 0.90, "pq-3h": 0.90, "pql-2h": 0.80, "pql-3h": 0.80}


@pytest.mark.parametrize("name", PQ_SETS)
def test_pathquestion_zero_shot(name, embedder):
    """PathQuestion, topic entity not given, nothing of its relations in qa/: a fixed sample."""
    folder = shared_path("benchmarks", "pathquestion", name)
    kg = KnowledgeGraph.load([folder / "graph.ttl"])

    class PipelineOnly:
        def __init__(self):
            self.p = Pipeline(kg, embedder)

        def ask(self, q):
            from kgqa.qa.answer import Answer

            t = self.p.run(q)
            return t.answer or Answer(answer="", abstained=True)

    items = sample(load_questions(folder / "questions.jsonl"), 60, seed=7)
    got = evaluate_benchmark(PipelineOnly(), items).to_dict()["all"]
    _PQ_SCORES[name] = got["hits@1"]
    assert got["hits@1"] >= FLOOR[name], got


_PQ_SCORES: dict[str, float] = {}


@pytest.mark.parametrize("name", [
    pytest.param(n, marks=pytest.mark.xfail(
        reason="the redesign issue's PQ target (0.90) is not reached: reworded relations "
               "('heir' for children, 'darling' for spouse) still lose to shorter paths",
        strict=True)) if n.startswith("pq-") else n
    for n in PQ_SETS])
def test_pathquestion_meets_the_issue_target(name):
    if name not in _PQ_SCORES:
        pytest.skip("runs after test_pathquestion_zero_shot")
    assert _PQ_SCORES[name] >= TARGET[name]


def test_three_hops_joined_here_equal_the_grouped_query(embedder):
    """Three-hop paths are walked as two hops plus the edges of the nodes reached, joined in
    Python; they must be the very paths, counts, datatypes and flags of the one grouped query
    (the reference), for every name tried."""
    import random

    from kgqa.qa.pipeline.candidates import _enumerate_grouped, _enumerate_joined

    ctx = Pipeline(KnowledgeGraph.default(), embedder).context()
    names = sorted(e.iri for e in ctx.kg.entities())
    random.Random(3).shuffle(names)
    joined = 0
    for iri in names[:40]:
        got = _enumerate_joined(iri, ctx)
        if got is None:
            continue
        joined += 1
        assert got == _enumerate_grouped(iri, 3, ctx), iri
    assert joined >= 30
