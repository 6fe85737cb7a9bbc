"""The QA index shipped for the embedded graph (ontology/index, built by `make index`)."""

from __future__ import annotations

import json

from kgqa.ontology import DEFAULT_INDEX
from kgqa.qa import QAEngine
from kgqa.qa.index import VectorIndex, texts_digest
from kgqa.settings import Settings


def test_shipped_index_matches_the_embedded_graph(engine):
    ids, texts = engine.index_items()
    meta = json.loads((DEFAULT_INDEX / "meta.json").read_text())
    assert meta["count"] == len(ids)
    assert meta["model_id"] == engine.embedder.model_id
    assert meta["digest"] == texts_digest(ids, texts), \
        "ontology/index is stale for the current graph or wording: run `make index`"


def test_the_seed_answers_like_a_freshly_encoded_index(kg, tmp_path):
    seeded = QAEngine(kg, Settings(cache_dir=str(tmp_path / "a")))
    assert seeded.index().stats["cache"] == "seed"
    built = QAEngine(kg, Settings(cache_dir=str(tmp_path / "b")))
    ids, texts = built.index_items()
    built._index = VectorIndex.build(ids, texts, built.embedder, content_hash=kg.content_hash(),
                                     cache_dir=None, seed_dir=None)
    assert built._index.stats["cache"] == "miss"
    for q in ("What does OpenAI rely on Microsoft for?", "Which clouds compete with Azure?",
              "Why might Microsoft walk away from the talks?", "Who leads OpenAI?"):
        a, b = seeded.ask(q).to_dict(), built.ask(q).to_dict()
        a.pop("timings"), b.pop("timings")
        assert a == b, q


def test_a_seed_that_does_not_match_is_not_used(tmp_path):
    from kgqa.graph import KnowledgeGraph

    path = tmp_path / "other.ttl"
    path.write_text('<http://x/a> <http://www.w3.org/2000/01/rdf-schema#label> "Alpha" .\n')
    other = QAEngine(KnowledgeGraph.load([path]), Settings(cache_dir=str(tmp_path / "c")))
    assert other.index().stats["cache"] == "miss"
