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
from .context import META_IN, Context, _values
from .features import content_positions
from .text import LEXICON, local_name
from .types import Linked, Mention

XSD = "http://www.w3.org/2001/XMLSchema#"

QUERY_TIMEOUT = 5.0
ROWS = 5000


@dataclass(frozen=True)
class Comparison:
    options: tuple[Mention, Mention]
    kind: str                    # "number" or "date": what is compared
    larger: bool                 # the answer has the larger value (later date) when True
    years: bool = False          # the options are years ("the 2019 one or the 2021 one"):
                                 # facts of the question's names dated in each are compared


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
    kind, larger = found
    # The options are what stands nearest "or" on either side: names, or years ("Microsoft's
    # 2019 or 2023 investment"); the second of the same sort as the first.
    before = [m for m in linked.mentions if m.end <= at]
    after = [m for m in linked.mentions if m.start > at]
    # A name on both sides ("X's investment in *Y*, or what Z put into *Y*") is what both
    # options are about, not an option.
    both = {m.iri for m in before} & {m.iri for m in after}
    before = [m for m in before if m.iri not in both]
    after = [m for m in after if m.iri not in both]
    years = [i for i, w in enumerate(q.words) if len(w) == 4 and w.isdigit()]
    year_first = any(i < at for i in years) and \
        max(i for i in years if i < at) >= max((m.end - 1 for m in before), default=-1)
    if year_first or not before or not after:
        return _years(linked, at, kind, larger == "larger")
    a = max(before, key=lambda m: (m.end, m.end - m.start))
    b = min(after, key=lambda m: (m.start, -(m.end - m.start)))
    if a.iri == b.iri:
        return None
    return Comparison(options=(a, b), kind=kind, larger=larger == "larger")


def _years(linked: Linked, at: int, kind: str, larger: bool) -> Comparison | None:
    """Years either side of "or", figures compared, and a name of the graph to date facts of
    ("which of Microsoft's investments was larger, the 2019 one or the 2021 one?")."""
    ws = linked.question.words
    year = [i for i, w in enumerate(ws) if len(w) == 4 and w.isdigit()]
    before, after = [i for i in year if i < at], [i for i in year if i > at]
    if kind != "number" or not before or not after or not linked.mentions:
        return None
    a, b = before[-1], after[0]
    if ws[a] == ws[b]:
        return None
    options = tuple(Mention(i, i + 1, "", ws[i], 1.0) for i in (a, b))
    return Comparison(options=options, kind=kind, larger=larger, years=True)


def _rows(option: str, topics: list[str], ctx: Context, queries: list[str]) -> list[tuple]:
    """(predicate, value, node, role, on topic, node's classes) for every literal of
    ``option`` itself (node and role are the option) and of every node ``option`` fills a role
    of. The query run is appended to ``queries``."""
    touch = ("BIND(false AS ?on)" if not topics else
             "BIND(EXISTS { VALUES ?t { " + _values(topics) + " } "
             "{ ?f ?q ?t } UNION { ?t ?q ?f } } AS ?on)")
    query = f"""SELECT ?p ?v ?f ?r ?on (GROUP_CONCAT(DISTINCT STR(?c); separator=" ") AS ?cs)
WHERE {{
  {{ <{option}> ?p ?v . BIND(<{option}> AS ?f) BIND(<{option}> AS ?r) BIND(false AS ?on) }}
  UNION {{ ?f ?r <{option}> . ?f ?p ?v . FILTER(?r NOT IN ({META_IN})) {touch} }}
  FILTER(isLiteral(?v) && ?p NOT IN ({META_IN}))
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


DATE_TYPES = tuple(XSD + t for t in ("date", "dateTime", "gYear", "gYearMonth"))


def _dated_rows(topics: list[str], ctx: Context, queries: list[str]) -> list[tuple]:
    """(predicate, value, node, date, classes) for every literal of the dated nodes that touch
    the most of ``topics`` (by a relation, not a status or a source): the facts of those names,
    with when they were."""
    dates = ", ".join(f"<{t}>" for t in DATE_TYPES)
    query = f"""SELECT ?p ?v ?f ?d (GROUP_CONCAT(DISTINCT STR(?t); separator=" ") AS ?ts)
    (GROUP_CONCAT(DISTINCT STR(?c); separator=" ") AS ?cs)
WHERE {{
  VALUES ?t {{ {_values(topics)} }}
  {{ ?f ?q ?t }} UNION {{ ?t ?q ?f }} FILTER(?q NOT IN ({META_IN}))
  ?f ?dp ?d . FILTER(isLiteral(?d) && DATATYPE(?d) IN ({dates}))
  ?f ?p ?v . FILTER(isLiteral(?v) && ?p NOT IN ({META_IN}))
  OPTIONAL {{ ?f a ?c FILTER(isIRI(?c)) }}
}} GROUP BY ?p ?v ?f ?d"""
    queries.append(query)
    rows = [(str(r["p"]), r["v"], str(r["f"]), str(r["d"]),
             tuple(sorted(str(r.get("cs") or "").split())), len(str(r.get("ts") or "").split()))
            for r in ctx.kg.query(query, timeout=QUERY_TIMEOUT, limit=ROWS).rows
            if isinstance(r["v"], Literal)]
    most = max((r[5] for r in rows), default=0)
    return [r[:5] for r in rows if r[5] == most]


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
    try:
        if c.years:
            dated = _dated_rows(topics, ctx, queries)
            queries = [queries[0], queries[0]]     # one query serves both options
            for option in c.options:
                found.append([(p, v, f, f, True, cs) for p, v, f, d, cs in dated
                              if d[:4] == option.label
                              and _kind(str(v.datatype or "")) == c.kind])
        else:
            for option in c.options:
                rows = [r for r in _rows(option.iri, topics, ctx, queries)
                        if _kind(str(r[1].datatype or "")) == c.kind]
                if any(r[4] for r in rows):
                    rows = [r for r in rows if r[4]]   # nodes that touch the topic, if any do
                found.append(rows)
    except GraphError:
        return None        # a store that cannot run the query: no comparison; the rules'
                           # answer or an abstention follows
    for rows in _closest(found, texts, ctx):
        by_pred: dict[str, list] = {}
        for p, v, f, r, _, _ in rows:
            x = value_of(v)
            if x is not None:
                by_pred.setdefault(p, []).append((x, v, f, r, p))
        per_option.append(by_pred)
    common = sorted(set(per_option[0]) & set(per_option[1]))
    if not common:
        if c.kind != "date" or not all(per_option):
            return None
        # Two events dated by relations of their own ("the partnership" on its date, "the
        # hiring" on its start date): each option's earliest (or latest) date of the nodes
        # chosen for it.
        best = [(max if c.larger else min)((t for ts in per_option[k].values() for t in ts),
                                           key=lambda t: t[0]) for k in (0, 1)]
        if best[0][0] == best[1][0]:
            return None
        win = 0 if (best[0][0] > best[1][0]) == c.larger else 1
        return _answer(c, best, win, ctx, queries)
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
    return _answer(c, best, win, ctx, queries)


def _shown(value: tuple) -> str:
    """A figure with thousands separators (as stated, to its last digit); a date as stated."""
    x, v = value[0], value[1]
    if isinstance(x, float):
        return f"{x:,.0f}" if x.is_integer() else f"{x:,}"
    return str(v)


def _answer(c: Comparison, best, win: int, ctx: Context, queries: list[str]) -> Answer:
    """``best``: per option, (value, literal, node, role, predicate) of the value compared."""
    winner, loser = c.options[win], c.options[1 - win]
    preds = [{"iri": b[4], "label": ctx.predicate_words.get(b[4], (local_name(b[4]),))[0]}
             for b in best]
    evidence = []
    for k in (win, 1 - win):
        _, v, f, _r, p = best[k]
        sources = ctx.kg.provenance(f, p, v)
        src = sources[0].to_dict() if sources else None
        if src:
            src.pop("tier", None)
        node = {"iri": f, "label": ctx.label(f)}
        value = {"value": str(v), "label": str(v)}
        evidence.append(Evidence(subject=node, predicate=preds[k], object=value,
                                 statement=f"{c.options[k].label}: {node['label']} — "
                                           f"{preds[k]['label']} — {v}." + according_to(src, ctx),
                                 source=src))
    word = "larger" if c.kind == "number" else "later"
    if not c.larger:
        word = "smaller" if c.kind == "number" else "earlier"
    pw, pl = preds[win]["label"], preds[1 - win]["label"]
    theirs = "that" if pw == pl else f"the {pl}"
    text = (f"{winner.label}: its {pw} ({_shown(best[win])}) is {word} than "
            f"{theirs} of {loser.label} ({_shown(best[1 - win])}).")
    if c.years:
        entities = [{"iri": f, "label": ctx.label(f)} for f in (best[win][2], best[1 - win][2])]
        item = {"value": winner.label, "datatype": XSD + "gYear"}
    else:
        entities = [{"iri": o.iri, "label": o.label} for o in (winner, loser)]
        item = {"iri": winner.iri, "label": winner.label}
    return Answer(answer=text, entities=entities,
                  evidence=evidence, confidence=1.0, answers=[item],
                  sparql="\n\n".join(f"# {o.label}\n{q}" for o, q in zip(c.options, queries)),
                  kind="comparison")

