"""The embedding index is cached on disk, keyed by graph content and model; bad caches rebuild."""

import numpy as np
import pytest

from kgqa.graph import KnowledgeGraph
from kgqa.qa import QAEngine
from kgqa.settings import Settings

from qa_fixtures import OTHER_DOMAIN, other_engine


@pytest.fixture(scope="module")
def embedder():
    return other_engine().embedder  # reuse the loaded model


def fresh(cache_dir, embedder, extra: str = ""):
    kg = KnowledgeGraph.load([OTHER_DOMAIN])
    if extra:
        kg.add_data(extra, "turtle")
    eng = QAEngine(kg, Settings(cache_dir=str(cache_dir)))
    eng.embedder = embedder
    return eng


def test_second_engine_loads_from_cache(tmp_path, embedder):
    first = fresh(tmp_path, embedder).index()
    assert first.stats["cache"] == "miss"
    second = fresh(tmp_path, embedder).index()
    assert second.stats["cache"] == "hit"
    assert np.allclose(first.vectors, second.vectors)


def test_changed_graph_is_not_served_a_stale_cache(tmp_path, embedder):
    fresh(tmp_path, embedder).index()
    changed = fresh(tmp_path, embedder, extra=(
        '<https://example.org/uni#Quay> <http://www.w3.org/2000/01/rdf-schema#label> "Quay College" ;'
        ' <https://example.org/uni#locatedIn> <https://example.org/uni#Lakeside> .'))
    idx = changed.index()
    assert idx.stats["cache"] == "miss"
    assert any("Quay College" in changed._fb.facts[i].text for i in idx.ids if i in changed._fb.facts)


@pytest.mark.parametrize("damage", ["truncate", "garbage", "meta"])
def test_corrupt_cache_is_rebuilt(tmp_path, embedder, damage):
    eng = fresh(tmp_path, embedder)
    eng.index()
    folder = next(p for p in tmp_path.iterdir() if p.is_dir() and not p.name.startswith("."))
    if damage == "truncate":
        data = (folder / "vectors.npy").read_bytes()
        (folder / "vectors.npy").write_bytes(data[: len(data) // 2])
    elif damage == "garbage":
        (folder / "vectors.npy").write_bytes(b"\x00not numpy at all")
    else:
        (folder / "meta.json").write_text("{not json")
    again = fresh(tmp_path, embedder)
    idx = again.index()
    assert idx.stats["cache"] == "miss"
    assert again.ask("Who leads Northfield University?").answer.startswith("Ada Ng")


def test_cache_can_be_disabled(tmp_path, embedder):
    kg = KnowledgeGraph.load([OTHER_DOMAIN])
    eng = QAEngine(kg, Settings(cache_dir="none"))
    eng.embedder = embedder
    assert eng.index().stats["path"] is None


def test_ann_index_above_threshold(tmp_path, embedder):
    kg = KnowledgeGraph.load([OTHER_DOMAIN])
    eng = QAEngine(kg, Settings(cache_dir=str(tmp_path), ann_threshold=5))
    eng.embedder = embedder
    idx = eng.index()
    assert idx.ann is not None
    vec = embedder.encode(["Ada Ng is head of Northfield University."])[0]
    top_id, score = idx.search(vec, 3)[0]
    assert "AdaNg" in top_id and score > 0.8
    # and it round-trips through the cache
    eng2 = QAEngine(kg, Settings(cache_dir=str(tmp_path), ann_threshold=5))
    eng2.embedder = embedder
    assert eng2.index().stats["cache"] == "hit" and eng2.index().ann is not None


def test_query_encoding_matches_the_model_s_own_encode(engine):
    # The query path runs the model's modules directly for speed; the vectors must be the
    # ones sentence-transformers' encode gives, bit for bit, on the same thread count.
    import numpy as np
    import torch
    model = engine.embedder.model
    before = torch.get_num_threads()
    torch.set_num_threads(1)
    try:
        for t in ["What leverage does OpenAI hold?", "board seat", "Who replaced Mira Murati?"]:
            reference = model.encode([t], convert_to_numpy=True, normalize_embeddings=True,
                                     show_progress_bar=False)
            assert np.array_equal(engine.embedder._forward(model, [t], torch), reference)
    finally:
        torch.set_num_threads(before)
