"""Helpers for the QA tests: the other-domain graph and an engine over it, built once."""

from __future__ import annotations

import functools
import tempfile
from pathlib import Path

from kgqa.graph import KnowledgeGraph
from kgqa.qa import QAEngine
from kgqa.settings import Settings

DATA = Path(__file__).resolve().parent / "data"
OTHER_DOMAIN = DATA / "other_domain.ttl"
EX = "https://example.org/uni#"


@functools.lru_cache(maxsize=1)
def other_engine() -> QAEngine:
    """An engine over tests/data/other_domain.ttl with a private cache folder."""
    kg = KnowledgeGraph.load([OTHER_DOMAIN])
    cache = tempfile.mkdtemp(prefix="kgqa-test-cache-")
    return QAEngine(kg, Settings(cache_dir=cache))


def engine_over(turtle: str, tmp_path: Path) -> QAEngine:
    """An engine over a small graph written inline in a test, with a private cache folder."""
    path = tmp_path / "graph.ttl"
    path.write_text(turtle, encoding="utf-8")
    return QAEngine(KnowledgeGraph.load([path]), Settings(cache_dir=tempfile.mkdtemp()))
