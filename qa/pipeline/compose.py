"""Stage 6: the answer text, its answer items, and evidence with sources for every hop."""

from __future__ import annotations

from rdflib import Literal

from kgqa.qa.answer import Answer, Evidence

from .context import Context
from .execute import term_item
from .types import Result

MAX_EVIDENCE = 12


def _join(labels: list[str]) -> str:
    if len(labels) <= 1:
        return "".join(labels)
    return ", ".join(labels[:-1]) + " and " + labels[-1]


def _ref(term, ctx: Context) -> dict:
    item = term_item(term, ctx)
    return item if "iri" in item else {"value": item["value"], "label": item["label"]}


def according_to(src: dict | None, ctx: Context) -> str:
    """" (according to X)" for a fact whose source reports rather than confirms it."""
    if not src or src.get("status") in (None, "", "confirmed") or not src.get("publisher"):
        return ""
    publisher = src["publisher"]
    if publisher.startswith(("http://", "https://")):
        publisher = ctx.label(publisher)
    return f" (according to {publisher})"


def evidence(result: Result, ctx: Context) -> list[Evidence]:
    g = result.scored.graph
    out, seen = [], set()
    for row in result.paths:
        for i, hop in enumerate(g.hops):
            a, b = row[i], row[i + 1]
            s, o = (b, a) if hop.inverse else (a, b)
            key = (str(s), hop.predicate, str(o))
            if key in seen:
                continue
            seen.add(key)
            sources = ctx.kg.provenance(str(s), hop.predicate,
                                        o if isinstance(o, Literal) else str(o))
            src = sources[0].to_dict() if sources else None
            if src:
                src.pop("tier", None)
            s_ref, o_ref = _ref(s, ctx), _ref(o, ctx)
            pred = {"iri": hop.predicate, "label": ctx.predicate_words[hop.predicate][0]}
            statement = f"{s_ref['label']} — {pred['label']} — {o_ref['label']}." + \
                according_to(src, ctx)
            out.append(Evidence(subject=s_ref, predicate=pred, object=o_ref,
                                statement=statement, source=src))
            if len(out) >= MAX_EVIDENCE:
                return out
    return out


def compose(result: Result, ctx: Context, confidence: float) -> Answer:
    g = result.scored.graph
    labels = [a["label"] for a in result.answers]
    path = " → ".join(ctx.predicate_words[h.predicate][0] + (" (of)" if h.inverse else "")
                      for h in g.hops)
    topic = ctx.label(g.topic)
    if g.aggregate == "count":
        text = f"{labels[0]}. (Counted along: {topic} → {path}.)"
    elif not labels:
        text = f"The graph records no {path} for {topic}."
    else:
        shown = labels[:10]
        more = f" and {len(labels) - 10} more" if len(labels) > 10 else ""
        text = f"{_join(shown)}{more}. ({topic} → {path}.)"
    answers = [({"iri": a["iri"], "label": a["label"]} if "iri" in a else
                {"value": a["value"], "datatype": a["datatype"]}) for a in result.answers]
    entities = [{"iri": g.topic, "label": topic}] + [a for a in answers if "iri" in a]
    return Answer(answer=text, entities=entities, evidence=evidence(result, ctx),
                  confidence=confidence,
                  abstained=not labels, sparql=g.sparql(), answers=answers, kind="path")
