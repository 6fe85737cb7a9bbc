"""Stage 5: the winning query graph run against the store; its answers and the rows behind
them (one binding of every hop per answer, for the evidence)."""

from __future__ import annotations

from collections import Counter

from rdflib import Literal

from .context import Context
from .types import Result, Scored

MAX_ANSWERS = 50
QUERY_TIMEOUT = 5.0
#: rows read before the answers (and the walks behind them) are sorted and cut to
#: MAX_ANSWERS: which answers are kept is then up to the graph, not to the store's row order
ROWS_READ = 5000


def term_item(term, ctx: Context) -> dict:
    if isinstance(term, Literal):
        return {"value": str(term), "datatype": str(term.datatype or ""),
                "label": str(term)}
    return {"iri": str(term), "label": ctx.label(str(term))}


def answer_set(g, ctx: Context, limit: int = 1000) -> frozenset[str]:
    """The distinct answers of query graph ``g``, as strings (for comparing readings)."""
    rows = ctx.kg.query(g.sparql("answers", bound=ctx.walk_limit), timeout=QUERY_TIMEOUT,
                        limit=limit).rows
    return frozenset(str(r["answer"]) for r in rows)


def execute(best: Scored, ctx: Context) -> Result:
    g = best.graph
    # A count reads the whole walk (a figure cut short would be wrong); answers a bounded one.
    bound = None if g.aggregate == "count" else ctx.walk_limit
    rows = ctx.kg.query(g.sparql(bound=bound), timeout=QUERY_TIMEOUT,
                        limit=MAX_ANSWERS if g.aggregate == "count" else ROWS_READ).rows
    walk = ctx.kg.query(g.sparql("walk"), timeout=QUERY_TIMEOUT, limit=ROWS_READ).rows
    if g.aggregate == "count":
        n = int(rows[0]["count"].toPython()) if rows else 0
        answers = ({"value": str(n), "datatype": "http://www.w3.org/2001/XMLSchema#integer",
                    "label": str(n)},)
    else:
        # Ranked by how many walks of the reading reach each answer: the one the question's
        # relations lead to most often first ("X's child's parent's son" reaches X's own
        # children through both parents, a half-sibling through one).
        support = Counter(str(r["answer"]) for r in walk)
        answers = tuple(term_item(r["answer"], ctx) for r in rows)
        answers = tuple(sorted(answers, key=lambda a: (-support[_term_key(a)],
                                                       *_answer_order(a)))[:MAX_ANSWERS])
    place = {_term_key(a): i for i, a in enumerate(answers)}
    return Result(scored=best, answers=answers, paths=_paths(g, walk, place))


def _term_key(a: dict) -> str:
    """An answer item as ``str`` of its term (as the walk's rows are counted)."""
    return a.get("iri", a.get("value"))


def _answer_order(a: dict) -> tuple:
    """By label (case folded), then by IRI or value and datatype: equal labels do not leave
    the order to the store."""
    return a["label"].casefold(), a["label"], a.get("iri", ""), a.get("value", ""), \
        a.get("datatype", "")


def _term_order(term) -> tuple:
    if isinstance(term, Literal):
        return 1, str(term), str(term.datatype or ""), term.language or ""
    return 0, str(term), "", ""


def _paths(g, rows, place: dict) -> tuple[tuple, ...]:
    """(topic, x1, ..., answer) bindings from the rows of ``g``'s walk: those of the first
    answers (``place``: an answer's rank) first, then in content order."""
    k = len(g.hops)
    walks = [(g.topic, *[r[f"x{i}"] for i in range(1, k)], r["answer"]) for r in rows]
    walks.sort(key=lambda w: (place.get(str(w[-1]), len(place)), [_term_order(t) for t in w[1:]]))
    return tuple(walks[:MAX_ANSWERS * 2])
