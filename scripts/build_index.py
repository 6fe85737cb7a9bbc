"""Build the embedded graph's QA vector index into ontology/index (run by `make index`).

The QA engine ships this index so a fresh install answers its first question without encoding
thousands of facts first. The engine uses it only when the graph, the model and the indexed texts
match exactly (tests/test_qa_cache.py fails when it is stale), so rebuild it after changing
ontology/*.ttl or how qa/ puts facts into words.
"""

from __future__ import annotations

import shutil
import sys
import time

from kgqa.graph import KnowledgeGraph
from kgqa.ontology import DEFAULT_INDEX
from kgqa.qa import QAEngine
from kgqa.qa.index import VectorIndex
from kgqa.settings import Settings


def main() -> int:
    started = time.perf_counter()
    kg = KnowledgeGraph.default()
    engine = QAEngine(kg, Settings(cache_dir="none", device="cpu"))
    ids, texts = engine.index_items()
    vectors = engine.embedder.encode(texts, batch_size=128)
    index = VectorIndex(ids, vectors, ann_threshold=len(ids) + 1)
    if DEFAULT_INDEX.exists():
        shutil.rmtree(DEFAULT_INDEX)
    index.save_seed(DEFAULT_INDEX, texts, engine.embedder.model_id, kg.content_hash())
    size = sum(f.stat().st_size for f in DEFAULT_INDEX.iterdir()) / 1e6
    print(f"wrote {len(ids)} vectors ({size:.1f} MB) to {DEFAULT_INDEX} "
          f"in {time.perf_counter() - started:.1f} s")
    return 0


if __name__ == "__main__":
    sys.exit(main())
