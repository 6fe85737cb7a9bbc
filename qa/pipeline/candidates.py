"""Stage 3: candidate query graphs, enumerated from the store around each linked name.

Relation paths of one to three hops in either direction, found by SPARQL ``GROUP BY`` over the
predicates met (so each query returns paths, not answers, and a hub node costs one row per
predicate rather than one per neighbour). Bookkeeping predicates (types, labels, sources,
reification) are never walked; the answer of a path is never its own topic.
"""

from __future__ import annotations

from kgqa.graph.errors import GraphError

from .context import META_PREDICATES, Context, _values
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
    found = []
    for depth in range(1, MAX_HOPS + 1):
        rows = _enumerate(topic, depth, ctx)
        if rows is None:
            break
        found.extend(rows)
        if len(rows) > EXPAND_LIMIT:
            break   # a hub's neighbourhood: deeper paths would be thousands of readings
    return found


def _enumerate(topic: str, depth: int, ctx: Context):
    """All ``depth``-hop paths from ``topic`` with their answer counts, by one query.

    What comes back depends on the graph alone, not on the order the store yields its rows in:
    the kind of answer is the least datatype among them (a ``SAMPLE`` would be any one), and the
    paths are sorted (ranking breaks ties between equal scores by this order)."""
    meta = _values(sorted(META_PREDICATES))
    parts, prev = [], f"<{topic}>"
    for i in range(1, depth + 1):
        nxt = f"?y{i}"
        parts.append(f"{{ {prev} ?p{i} {nxt} . BIND(0 AS ?d{i}) }} UNION "
                     f"{{ {nxt} ?p{i} {prev} . BIND(1 AS ?d{i}) }}")
        parts.append(f"FILTER(?p{i} NOT IN ({meta.replace(' ', ', ')}))")
        if i < depth:
            parts.append(f"FILTER(!isLiteral({nxt}))")
        prev = nxt
    if depth >= 3:
        parts.append(f"FILTER(?y{depth} != ?y{depth - 2})")
    group = " ".join(f"?p{i} ?d{i}" for i in range(1, depth + 1))
    sparql = (f"SELECT {group} (COUNT(DISTINCT ?y{depth}) AS ?n) "
              f"(MIN(IF(isLiteral(?y{depth}), IF(LANG(?y{depth}) = \"\", "
              f"STR(DATATYPE(?y{depth})), \"{LANG_STRING}\"), \"\")) AS ?dt) "
              f"(MAX(IF(?y{depth} = <{topic}>, 1, 0)) AS ?back) "
              f"WHERE {{ {' '.join(parts)} }} GROUP BY {group} "
              f"ORDER BY {group} LIMIT {PATH_LIMIT}")
    try:
        res = ctx.kg.query(sparql, timeout=QUERY_TIMEOUT, limit=PATH_LIMIT)
    except GraphError:
        return None   # too big to walk this deep in time: shorter paths still compete
    # The store's own terms (rdflib's would cost more than the query on a hub).
    at = {v: i for i, v in enumerate(res.variables)}
    out = []
    for r in res.raw_rows:
        hops = tuple(Hop(r[at[f"p{i}"]].value, r[at[f"d{i}"]].value == "1")
                     for i in range(1, depth + 1))
        if any(h.predicate not in ctx.predicate_words for h in hops):
            continue
        if any(hops[i].predicate == hops[i + 1].predicate and
               hops[i].inverse != hops[i + 1].inverse for i in range(len(hops) - 1)):
            continue   # walking an edge and straight back names no new relation
        dt = r[at["dt"]]
        out.append((hops, int(r[at["n"]].value), dt.value if dt is not None else "",
                    r[at["back"]].value == "1"))
    out.sort(key=lambda path: [(h.predicate, h.inverse) for h in path[0]])
    return out
