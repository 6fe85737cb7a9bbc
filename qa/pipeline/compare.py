"""Which of two: "Who has put more money into X, A or B?", "Which came first, A or B?".

The two options are the names linked on either side of "or"; a comparative word of the lexicon
says what is compared (a figure or a date) and which way. Each option's figures or dates are
read from the store along one relation: a literal of the option itself, or of a node the option
fills a role of (an n-ary fact: an investment, a hiring). Nodes that also touch another name of
the question (the topic: "into *X*") are preferred. The relation read is the one both options
have that reads most like the question's remaining words; where relations that read equally
well give different winners, or an option has no value, there is no answer (the rules, and
then an abstention, follow). The winner's and the loser's values are the evidence.
"""

from __future__ import annotations

from dataclasses import dataclass

from rdflib import Literal

from kgqa.graph.errors import GraphError
from kgqa.qa.answer import Answer, Evidence

from .candidates import _kind
from .compose import according_to
from .context import META_PREDICATES, Context, _values
from .features import content_positions
from .text import LEXICON
from .types import Linked, Mention

QUERY_TIMEOUT = 5.0
ROWS = 5000


@dataclass(frozen=True)
class Comparison:
    options: tuple[Mention, Mention]
    kind: str                    # "number" or "date": what is compared
    larger: bool                 # the answer has the larger value (later date) when True


def comparison(linked: Linked) -> Comparison | None:
    """The comparison ``linked`` asks for, or None: a comparative word and a name on either
    side of "or"."""
    q = linked.question
    said = [LEXICON["comparatives"][w] for w in q.words if w in LEXICON["comparatives"]]
    # "more recent": a date word decides over a figure word
    found = next((x for x in said if x[0] == "date"), said[0] if said else None)
    if found is None or "or" not in q.words:
        return None
    at = q.words.index("or")
    before = [m for m in linked.mentions if m.end <= at]
    after = [m for m in linked.mentions if m.start > at]
    if not before or not after:
        return None
    a = max(before, key=lambda m: (m.end, m.end - m.start))
    b = min(after, key=lambda m: (m.start, -(m.end - m.start)))
    if a.iri == b.iri:
        return None
    kind, larger = found
    return Comparison(options=(a, b), kind=kind, larger=larger == "larger")


def _rows(option: str, topics: list[str], ctx: Context, queries: list[str]) -> list[tuple]:
    """(predicate, value, node, role, on topic, node's classes) for every literal of
    ``option`` itself (node and role are the option) and of every node ``option`` fills a role
    of. The query run is appended to ``queries``."""
    meta = ", ".join(f"<{p}>" for p in sorted(META_PREDICATES))
    touch = ("BIND(false AS ?on)" if not topics else
             "BIND(EXISTS { VALUES ?t { " + _values(topics) + " } "
             "{ ?f ?q ?t } UNION { ?t ?q ?f } } AS ?on)")
    query = f"""SELECT ?p ?v ?f ?r ?on (GROUP_CONCAT(DISTINCT STR(?c); separator=" ") AS ?cs)
WHERE {{
  {{ <{option}> ?p ?v . BIND(<{option}> AS ?f) BIND(<{option}> AS ?r) BIND(false AS ?on) }}
  UNION {{ ?f ?r <{option}> . ?f ?p ?v . FILTER(?r NOT IN ({meta})) {touch} }}
  FILTER(isLiteral(?v) && ?p NOT IN ({meta}))
  OPTIONAL {{ ?f a ?c FILTER(isIRI(?c)) }}
}} GROUP BY ?p ?v ?f ?r ?on"""
    out = []
    queries.append(query)
    for row in ctx.kg.query(query, timeout=QUERY_TIMEOUT, limit=ROWS).rows:
        v = row["v"]
        if isinstance(v, Literal):
            classes = tuple(sorted(str(row.get("cs") or "").split()))
            out.append((str(row["p"]), v, str(row["f"]), str(row["r"]),
                        bool(row.get("on") is not None and row["on"].toPython() is True), classes))
    return out


def _closest(rows: list[list[tuple]], texts: list[str], ctx: Context) -> list[list[tuple]]:
    """Each option's rows on the nodes whose class reads most like the question's words ("the
    *partnership* with X", "its *hiring* of Y"): of the classes both options have nodes of,
    where they share one, so that like is compared with like; else of each option's own. The
    rows as they are where no word tells."""
    if not texts:
        return rows
    w = ctx.vectors(texts)

    def best_of(classes: set) -> set:
        order = sorted(classes)
        sims = (w @ ctx.vectors([ctx.label(c) for c in order]).T).max(axis=0)
        return {c for c, x in zip(order, sims) if x == sims.max()}

    shared = set.intersection(*({c for r in rs for c in r[5]} for rs in rows))
    out = []
    for rs in rows:
        own = {c for r in rs for c in r[5]}
        if not own:
            out.append(rs)
            continue
        keep = best_of(shared or own)
        out.append([r for r in rs if keep & set(r[5])])
    return out


def _number(v: Literal) -> float | None:
    try:
        return float(str(v))
    except ValueError:
        return None


def _date(v: Literal) -> str | None:
    text = str(v)
    return text if text[:4].isdigit() else None


def compare(linked: Linked, ctx: Context) -> Answer | None:
    """The option the question asks for, with the values compared as evidence, or None."""
    c = comparison(linked)
    if c is None:
        return None
    topics = [m.iri for m in linked.mentions if m.iri not in {o.iri for o in c.options}]
    value_of = _number if c.kind == "number" else _date
    # The question's words other than the names and the comparative: what is compared.
    inside = {i for m in linked.mentions for i in range(m.start, m.end)}
    texts = [linked.question.words[i] for i in content_positions(linked, c.options[0])
             if i not in inside and linked.question.words[i] not in LEXICON["comparatives"]]
    per_option, queries, found = [], [], []
    for option in c.options:
        try:
            rows = [r for r in _rows(option.iri, topics, ctx, queries)
                    if _kind(str(r[1].datatype or "")) == c.kind]
        except GraphError:
            return None        # a store that cannot run the query: no comparison, the rules'
                               # answer or an abstention follows
        if any(r[4] for r in rows):
            rows = [r for r in rows if r[4]]      # nodes that touch the topic, where any do
        found.append(rows)
    for rows in _closest(found, texts, ctx):
        by_pred: dict[str, list] = {}
        for p, v, f, r, _, _ in rows:
            x = value_of(v)
            if x is not None:
                by_pred.setdefault(p, []).append((x, v, f, r))
        per_option.append(by_pred)
    common = sorted(set(per_option[0]) & set(per_option[1]))
    if not common:
        return None
    # The relation both options have that reads most like those words.
    if texts and all(p in ctx.predicate_words for p in common):
        w = ctx.vectors(texts)
        sims = [float((w @ ctx.predicate_vectors(p).T).max()) for p in common]
    else:
        sims = [0.0] * len(common)
    top = max(sims)
    winners = set()
    picked = None
    for p, s in zip(common, sims):
        if s < top:
            continue
        best = [(max if c.larger else min)(per_option[k][p], key=lambda t: t[0])
                for k in (0, 1)]
        if best[0][0] == best[1][0]:
            return None                              # a tie is not an answer
        win = 0 if (best[0][0] > best[1][0]) == c.larger else 1
        winners.add(win)
        picked = picked or (p, best, win)
    if len(winners) != 1:
        return None
    p, best, win = picked
    return _answer(c, p, best, win, ctx, queries)


def _shown(value: tuple) -> str:
    """A figure with thousands separators (as stated, to its last digit); a date as stated."""
    x, v = value[0], value[1]
    if isinstance(x, float):
        return f"{x:,.0f}" if x.is_integer() else f"{x:,}"
    return str(v)


def _answer(c: Comparison, p: str, best, win: int, ctx: Context,
            queries: list[str]) -> Answer:
    winner, loser = c.options[win], c.options[1 - win]
    pred = {"iri": p, "label": ctx.predicate_words.get(p, (p,))[0]}
    evidence = []
    for k in (win, 1 - win):
        _, v, f, _r = best[k]
        sources = ctx.kg.provenance(f, p, v)
        src = sources[0].to_dict() if sources else None
        if src:
            src.pop("tier", None)
        node = {"iri": f, "label": ctx.label(f)}
        value = {"value": str(v), "label": str(v)}
        evidence.append(Evidence(subject=node, predicate=pred, object=value,
                                 statement=f"{c.options[k].label}: {node['label']} — "
                                           f"{pred['label']} — {v}." + according_to(src, ctx),
                                 source=src))
    word = "larger" if c.kind == "number" else "later"
    if not c.larger:
        word = "smaller" if c.kind == "number" else "earlier"
    text = (f"{winner.label}: its {pred['label']} ({_shown(best[win])}) is {word} than "
            f"that of {loser.label} ({_shown(best[1 - win])}).")
    return Answer(answer=text, entities=[{"iri": winner.iri, "label": winner.label},
                                         {"iri": loser.iri, "label": loser.label}],
                  evidence=evidence, confidence=1.0, answers=[{"iri": winner.iri,
                                                               "label": winner.label}],
                  sparql="\n\n".join(f"# {o.label}\n{q}" for o, q in zip(c.options, queries)),
                  kind="comparison")

