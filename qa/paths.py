"""Connections between two entities: facts that link them directly, else short paths.

The path search runs over an entity graph built from the facts (fact nodes join every pair of
entities they link), so each step of a path comes with the fact that backs it.
"""

from __future__ import annotations

from dataclasses import dataclass
from itertools import combinations

import networkx as nx

from .facts import Fact, FactBase


@dataclass
class Path:
    nodes: list[str]
    facts: list[Fact]


def entity_network(fb: FactBase) -> nx.Graph:
    cached = getattr(fb, "_network", None)
    if cached is not None:
        return cached
    g = nx.Graph()
    for f in fb.facts.values():
        ents = sorted(e for e in f.entities if e in fb.entities and e not in _weak(fb))
        for u, v in combinations(ents, 2):
            if g.has_edge(u, v):
                g[u][v]["facts"].append(f.id)
            else:
                g.add_edge(u, v, facts=[f.id])
    fb._network = g
    return g


def _weak(fb: FactBase) -> set[str]:
    got = getattr(fb, "_weak", None)
    if got is None:
        got = {e for e in fb.entities
               if all(n == n.lower() for n in [fb.labels.get(e, "")] + list(fb.alts.get(e, ())))}
        fb._weak = got
    return got


def connect(fb: FactBase, a: str, b: str, max_len: int = 3, k: int = 3):
    """(direct facts, paths) between ``a`` and ``b``; paths only when nothing links them directly."""
    direct = [fb.facts[fid] for fid in fb.by_entity.get(a, ()) if b in fb.facts[fid].entities]
    # Named relations (direct triples) first, then fact nodes with the fewest other parties.
    direct.sort(key=lambda f: (f.kind != "triple", len(f.entities), f.id))
    if direct:
        return direct, []
    g = entity_network(fb)
    if a not in g or b not in g:
        return [], []
    paths = []
    try:
        # Hubs make every path short; prefer paths through less-connected entities.
        weight = lambda u, v, d: 1.0 + 0.02 * (g.degree(u) + g.degree(v))  # noqa: E731
        for nodes in nx.shortest_simple_paths(g, a, b, weight=weight):
            if len(nodes) - 1 > max_len:
                break
            facts = [fb.facts[g[u][v]["facts"][0]] for u, v in zip(nodes, nodes[1:])]
            paths.append(Path(nodes, facts))
            if len(paths) >= k:
                break
    except nx.NetworkXNoPath:
        pass
    return [], paths
