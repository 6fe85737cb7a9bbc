"""Stage 3: candidate query graphs, enumerated from the store around each linked name.

Relation paths of one to three hops in either direction, found by SPARQL ``GROUP BY`` over the
predicates met (so each query returns paths, not answers, and a hub node costs one row per
predicate rather than one per neighbour). Bookkeeping predicates (types, labels, sources,
reification) are never walked; the answer of a path is never its own topic.
"""

from __future__ import annotations

from functools import lru_cache

from kgqa.graph.errors import GraphError

from .context import META_IN, META_PREDICATES, Context
from .types import Hop, Linked, QueryGraph

MAX_HOPS = 3
PATH_LIMIT = 5000         # rows per enumeration query: a bound on work, not a ranking choice
EXPAND_LIMIT = 300        # paths one hop shorter, above which a deeper walk is not tried
QUERY_TIMEOUT = 5.0


def candidates(linked: Linked, ctx: Context) -> list[QueryGraph]:
    out: list[QueryGraph] = []
    seen_topics = set()
    for mention in linked.mentions:
        if mention.iri in seen_topics:
            continue
        seen_topics.add(mention.iri)
        aggregate = "count" if linked.question.kind == "count" else ""
        for hops, size, datatype, back in _paths(mention.iri, ctx):
            out.append(QueryGraph(topic=mention.iri, mention=mention, hops=hops, size=size,
                                  sample_kind=_kind(datatype), aggregate=aggregate,
                                  returns_topic=back))
    return out


def _kind(datatype: str) -> str:
    """What the answers of a path are, from the least datatype IRI among them (``""`` when
    one is an IRI or blank node): iri, date, number or literal."""
    if not datatype:
        return "iri"
    if datatype.endswith(("#date", "#dateTime", "#gYear", "#gYearMonth")):
        return "date"
    if datatype.endswith(("#integer", "#decimal", "#double", "#float", "#int", "#long")):
        return "number"
    return "literal"


#: the datatype of a language-tagged literal (Virtuoso leaves DATATYPE of one unbound)
LANG_STRING = "http://www.w3.org/1999/02/22-rdf-syntax-ns#langString"

PATHS_CACHED = 4096        # topics whose paths a snapshot keeps


def _paths(topic: str, ctx: Context) -> list[tuple]:
    """(hops, answer count, the least datatype of its answers, leads back to the topic) for
    every path from ``topic``, in the order of their hops; the same for every question about
    it, so the snapshot keeps them."""
    got = ctx.paths.get(topic)
    if got is None:
        got = _walk(topic, ctx)
        if len(ctx.paths) >= PATHS_CACHED:
            ctx.paths.pop(next(iter(ctx.paths)), None)
        ctx.paths[topic] = got
    return got


def _walk(topic: str, ctx: Context) -> list[tuple]:
    if ctx.bounded:
        return _walk_sampled(topic, ctx)
    found = []
    for depth in range(1, MAX_HOPS + 1):
        got = _enumerate(topic, depth, ctx)
        if got is None:
            break
        rows, cut = got
        found.extend(rows)
        if len(rows) > EXPAND_LIMIT or cut:
            break   # a hub's neighbourhood: deeper paths would be thousands of readings
    return found


def _enumerate(topic: str, depth: int, ctx: Context):
    """All ``depth``-hop paths from ``topic`` with their answer counts (see
    :func:`_enumerate_grouped`). Three hops are walked as two hops plus the edges of the nodes
    reached, when that gives exactly the same (no blank node in the middle, no cut)."""
    if depth == 3:
        got = _enumerate_joined(topic, ctx)
        if got is not None:
            return got
    return _enumerate_grouped(topic, depth, ctx)


def _enumerate_grouped(topic: str, depth: int, ctx: Context):
    """All ``depth``-hop paths from ``topic`` with their answer counts, by one query.

    What comes back depends on the graph alone, not on the order the store yields its rows in:
    the kind of answer is the least datatype among them (a ``SAMPLE`` would be any one), and the
    paths are sorted (ranking breaks ties between equal scores by this order)."""
    parts, prev = [], f"<{topic}>"
    for i in range(1, depth + 1):
        nxt = f"?y{i}"
        parts.append(f"{{ {prev} ?p{i} {nxt} . BIND(0 AS ?d{i}) }} UNION "
                     f"{{ {nxt} ?p{i} {prev} . BIND(1 AS ?d{i}) }}")
        parts.append(f"FILTER(?p{i} NOT IN ({META_IN}))")
        if i < depth:
            parts.append(f"FILTER(!isLiteral({nxt}))")
        prev = nxt
    if depth >= 3:
        parts.append(f"FILTER(?y{depth} != ?y{depth - 2})")
    group = " ".join(f"?p{i} ?d{i}" for i in range(1, depth + 1))
    # The walk is cut at ctx.walk_limit rows before it is grouped: around a hub (a city of 10k
    # companies) the paths and counts are those of that many rows, and cost no more.
    sparql = (f"SELECT {group} (COUNT(DISTINCT ?y{depth}) AS ?n) "
              f"(MIN(IF(isLiteral(?y{depth}), IF(LANG(?y{depth}) = \"\", "
              f"STR(DATATYPE(?y{depth})), \"{LANG_STRING}\"), \"\")) AS ?dt) "
              f"(MAX(IF(?y{depth} = <{topic}>, 1, 0)) AS ?back) (COUNT(*) AS ?rows) "
              f"WHERE {{ {{ SELECT * WHERE {{ {' '.join(parts)} }} LIMIT {ctx.walk_limit} }} }} "
              f"GROUP BY {group} ORDER BY {group} LIMIT {PATH_LIMIT}")
    try:
        res = ctx.kg.query(sparql, timeout=QUERY_TIMEOUT, limit=PATH_LIMIT)
    except GraphError:
        return None   # too big to walk this deep in time: shorter paths still compete
    # The store's own terms (rdflib's would cost more than the query on a hub).
    at = {v: i for i, v in enumerate(res.variables)}
    walked = sum(int(r[at["rows"]].value) for r in res.raw_rows)
    groups = []
    for r in res.raw_rows:
        hops = tuple(Hop(r[at[f"p{i}"]].value, r[at[f"d{i}"]].value == "1")
                     for i in range(1, depth + 1))
        dt = r[at["dt"]]
        groups.append((hops, int(r[at["n"]].value), dt.value if dt is not None else "",
                       r[at["back"]].value == "1"))
    return _kept(groups, ctx), walked >= ctx.walk_limit


def _kept(groups: list[tuple], ctx: Context) -> list[tuple]:
    """The paths worth reading, in the order of their hops: every predicate a relation of the
    vocabulary, and no edge walked straight back."""
    out = [path for path in groups
           if _readable([(h.predicate, h.inverse) for h in path[0]], ctx.predicate_words)]
    out.sort(key=lambda path: [(h.predicate, h.inverse) for h in path[0]])
    return out


def _readable(steps, vocabulary) -> bool:
    """Whether a path of ``(predicate, direction)`` steps is worth reading: every predicate a
    relation of the vocabulary, and no edge walked straight back (which names no new
    relation)."""
    return all(p in vocabulary for p, _ in steps) and not any(
        steps[i][0] == steps[i + 1][0] and steps[i][1] != steps[i + 1][1]
        for i in range(len(steps) - 1))


EDGE_BATCH = 500          # nodes whose edges one query reads


@lru_cache(maxsize=65_536)
def _hop(predicate: str, inverse: bool) -> Hop:
    """One shared :class:`Hop` per predicate and direction (a hub's walk names each thousands
    of times)."""
    return Hop(predicate, inverse)


def _enumerate_joined(topic: str, ctx: Context):
    """The three-hop paths of :func:`_enumerate_grouped`, the same to the last count, by two
    queries joined here: the two-hop walks, then the edges of the nodes they reach (in batches,
    by VALUES). Oxigraph plans the one grouped query over three unions of both directions in
    ~250 ms from a name of the embedded graph with ~100 neighbours at two hops; this takes
    ~15 ms. None where it could differ: a blank node two hops out (VALUES cannot name it), or a
    walk as long as ``ctx.walk_limit`` (the grouped query cuts it in the store's order)."""
    import pyoxigraph as ox

    two = (f"SELECT ?p1 ?d1 ?y1 ?p2 ?d2 ?y2 WHERE {{ "
           f"{{ <{topic}> ?p1 ?y1 . BIND(0 AS ?d1) }} UNION {{ ?y1 ?p1 <{topic}> . BIND(1 AS ?d1) }} "
           f"FILTER(?p1 NOT IN ({META_IN})) FILTER(!isLiteral(?y1)) "
           f"{{ ?y1 ?p2 ?y2 . BIND(0 AS ?d2) }} UNION {{ ?y2 ?p2 ?y1 . BIND(1 AS ?d2) }} "
           f"FILTER(?p2 NOT IN ({META_IN})) FILTER(!isLiteral(?y2)) }} LIMIT {ctx.walk_limit}")
    try:
        rows = ctx.kg.query(two, timeout=QUERY_TIMEOUT, limit=ctx.walk_limit).raw_rows
        if len(rows) >= ctx.walk_limit:
            return None
        by_node: dict = {}
        for r in rows:
            by_node.setdefault(r[5], []).append(r)
        if any(isinstance(y, ox.BlankNode) for y in by_node):
            return None
        nodes = sorted(by_node, key=str)
        edges: dict = {}
        for k in range(0, len(nodes), EDGE_BATCH):
            values = " ".join(str(n) for n in nodes[k:k + EDGE_BATCH])
            q = (f"SELECT ?y ?p ?d ?o WHERE {{ VALUES ?y {{ {values} }} "
                 f"{{ ?y ?p ?o . BIND(0 AS ?d) }} UNION {{ ?o ?p ?y . BIND(1 AS ?d) }} "
                 f"FILTER(?p NOT IN ({META_IN})) }}")
            for y, p, d, o in ctx.kg.query(q, timeout=QUERY_TIMEOUT, limit=None).raw_rows:
                edges.setdefault(y, []).append((p.value, d.value, o))
    except GraphError:
        return None
    # Per node reached at two hops: its edges as (p3, d3) -> the nodes they reach, and how many
    # edges go to each node (the rows the grouped query would walk, less those back to ?y1).
    reached: dict = {}
    for node, out_edges in edges.items():
        by_key: dict = {}
        to: dict = {}
        for p3, d3, y3 in out_edges:
            by_key.setdefault((p3, d3), set()).add(y3)
            to[y3] = to.get(y3, 0) + 1
        reached[node] = (by_key, to, len(out_edges))
    # (p1, d1, p2, d2, p3, d3) -> the distinct answers
    groups: dict = {}
    walked = 0
    for node, prefixes in by_node.items():
        if node not in reached:
            continue
        by_key, to, n_edges = reached[node]
        for r in prefixes:
            y1, sig = r[2], (r[0].value, r[1].value, r[3].value, r[4].value)
            walked += n_edges - to.get(y1, 0)   # FILTER(?y3 != ?y1) of the grouped query
            for key3, ys in by_key.items():
                if y1 in ys:
                    if len(ys) == 1:
                        continue
                    ys = ys - {y1}
                got = groups.get(sig + key3)
                if got is None:
                    groups[sig + key3] = set(ys)
                else:
                    got |= ys
    if walked >= ctx.walk_limit:
        return None
    me = ox.NamedNode(topic)
    paths = []
    # In the order and with the cut of the grouped query's, then what _kept keeps (in its
    # order, which is this one), without making the readings it drops.
    for key, ys in sorted(groups.items())[:PATH_LIMIT]:
        steps = [(key[0], key[1]), (key[2], key[3]), (key[4], key[5])]
        if _readable(steps, ctx.predicate_words):
            paths.append((tuple(_hop(p, d == "1") for p, d in steps), len(ys),
                          _least_datatype(ys), me in ys))
    return paths, False


# ---- a large graph: deeper paths from a sample of the neighbourhood ----------------------------

FRONTIER_PER_PATH = 8     # nodes of one path expanded one hop further
FRONTIER_NODES = 120      # nodes expanded per hop in all
EDGES_PER_NODE = 300      # edges read per expanded node: a hub gives a sample of its edges, in
                          # the store's order (more than the embedded graph's best-linked have)


def _walk_sampled(topic: str, ctx: Context) -> list[tuple]:
    """Paths of a graph too large to walk whole (``ctx.bounded``). One hop is enumerated
    exactly (one grouped query over the topic's own edges). Each further hop expands a sample
    of the nodes reached, ``FRONTIER_PER_PATH`` per path, reading at most ``EDGES_PER_NODE``
    edges of each: a hub (a city of 10k companies) on the way costs a sample of its edges, not
    all of them. Counts of deeper paths are those of the sample (the answers executed later are
    not). Blank nodes are not expanded (SPARQL cannot name them)."""
    got = _enumerate(topic, 1, ctx)
    if got is None:
        return []
    found = list(got[0])
    # hops -> (nodes to expand, how many the path reaches, each node's parent)
    frontier = _first_hop_sample(topic, {h: n for h, n, _, _ in found}, ctx)
    for depth in range(2, MAX_HOPS + 1):
        if not frontier:
            break
        rows = _expand(frontier, ctx)
        if rows is None:
            break
        paths: dict[tuple, dict] = {}
        for hops, node, parent_of, pred, inverse, obj in rows:
            hop = Hop(pred, inverse)
            if hop.predicate not in ctx.predicate_words or hop.predicate in META_PREDICATES:
                continue
            if hops[-1].predicate == pred and hops[-1].inverse != inverse:
                continue   # walking an edge and straight back names no new relation
            if depth >= 3 and str(obj) == parent_of:
                continue
            entry = paths.setdefault(hops + (hop,), {"answers": {}, "parent": {}})
            entry["answers"].setdefault(str(obj), obj)
            entry["parent"].setdefault(str(obj), node)
        level = []
        next_frontier = {}
        for hops, entry in sorted(paths.items(), key=lambda kv: _hops_key(kv[0])):
            answers = entry["answers"]
            size = len(answers)   # of the sample: distinct answers do not scale with it
            level.append((hops, size, _least_datatype(answers.values()), topic in answers))
            if depth < MAX_HOPS:
                nodes = [k for k in sorted(answers) if _expandable(answers[k])]
                if nodes:
                    next_frontier[hops] = (nodes[:FRONTIER_PER_PATH], size, entry["parent"])
        found.extend(level)
        if len(level) > EXPAND_LIMIT:
            break
        frontier = _capped(next_frontier)
    return found


def _hops_key(hops: tuple) -> tuple:
    return tuple((h.predicate, h.inverse) for h in hops)


def _least_datatype(terms) -> str:
    """What :func:`_enumerate_grouped` reports of a path's answers, for answers in hand (all
    of them, or a sample): the least datatype IRI (``rdf:langString`` for a tagged literal), ``""`` when one is not a literal."""
    import pyoxigraph as ox

    types = []
    for t in terms:
        if not isinstance(t, ox.Literal):
            return ""
        types.append(LANG_STRING if t.language else t.datatype.value)
    return min(types, default="")


def _expandable(term) -> bool:
    import pyoxigraph as ox

    return isinstance(term, ox.NamedNode)


def _capped(frontier: dict) -> dict:
    """At most ``FRONTIER_NODES`` nodes over all paths, a fair share each (paths in a fixed
    order)."""
    if not frontier:
        return {}
    share = max(1, FRONTIER_NODES // len(frontier))
    return {h: (nodes[:share], n, parents) for h, (nodes, n, parents) in
            sorted(frontier.items(), key=lambda kv: _hops_key(kv[0]))[:FRONTIER_NODES]}


def _first_hop_sample(topic: str, sizes: dict, ctx: Context) -> dict:
    """The one-hop paths of ``topic`` with up to ``FRONTIER_PER_PATH`` of the nodes each
    reaches, by one query (cut at ``PATH_LIMIT`` rows: a hub's first rows)."""
    sparql = (f"SELECT ?p ?d ?y WHERE {{ {{ <{topic}> ?p ?y . BIND(0 AS ?d) }} UNION "
              f"{{ ?y ?p <{topic}> . BIND(1 AS ?d) }} FILTER(isIRI(?y) && ?p NOT IN ({META_IN})) }}")
    try:
        res = ctx.kg.query(sparql, timeout=QUERY_TIMEOUT, limit=PATH_LIMIT)
    except GraphError:
        return {}
    counts: dict[tuple, set] = {}
    for p, d, y in res.raw_rows:
        if p.value not in ctx.predicate_words:
            continue
        counts.setdefault((Hop(p.value, d.value == "1"),), set()).add(y.value)
    return _capped({hops: (sorted(nodes)[:FRONTIER_PER_PATH], sizes.get(hops, len(nodes)),
                           {n: topic for n in nodes})
                    for hops, nodes in counts.items()})


def _expand(frontier: dict, ctx: Context):
    """One hop further from every node of ``frontier``: ``(hops so far, node, node's parent,
    predicate, inverse, object)`` rows, at most ``EDGES_PER_NODE`` per node, by one query."""
    nodes = sorted({n for nodes, _, _ in frontier.values() for n in nodes})
    if not nodes:
        return []
    parts = [f"{{ SELECT ?p ?d ?o (<{n}> AS ?y) WHERE {{ {{ <{n}> ?p ?o . BIND(0 AS ?d) }} "
             f"UNION {{ ?o ?p <{n}> . BIND(1 AS ?d) }} }} LIMIT {EDGES_PER_NODE} }}"
             for n in nodes]
    sparql = f"SELECT ?y ?p ?d ?o WHERE {{ {' UNION '.join(parts)} }}"
    try:
        res = ctx.kg.query(sparql, timeout=QUERY_TIMEOUT,
                           limit=len(nodes) * EDGES_PER_NODE)
    except GraphError:
        return None
    edges: dict[str, list] = {}
    for y, p, d, o in res.raw_rows:
        edges.setdefault(y.value, []).append((p.value, d.value == "1", o))
    out = []
    for hops, (nodes_of, _, parents) in frontier.items():
        for n in nodes_of:
            for pred, inverse, obj in edges.get(n, ()):
                out.append((hops, n, parents.get(n, ""), pred, inverse, obj))
    return out
