"""Turning facts into evidence records, attributed sentences and reproducing SPARQL queries.

SPARQL here is built only from IRIs the engine resolved (written with rdflib's ``n3()``, which
escapes them) and from literals it parsed; question text is never spliced into a query.
"""

from __future__ import annotations

from rdflib import Literal, URIRef
from rdflib.namespace import RDF, RDFS

from .answer import Evidence
from .facts import KGQA, Fact, FactBase, format_amount, is_node, literal_kind, provenance

# Statuses whose facts must say who reported them.
ATTRIBUTED_STATUSES = {"reported", "speculation", "estimated", "claimed", "alleged", "rumoured"}
# Sentence-opening words that are not names, lower-cased after "According to X, ".
_LEADING_WORDS = frozenset("The A An It This There In On From After Before Under By During Since "
                           "Until Late Earlier Later When As At For With Both Any Some One "
                           "Another If Once".split())
_STATUS_RANK = {"confirmed": 0, "estimated": 1, "reported": 2, "speculation": 3}


def node_ref(fb: FactBase, value) -> dict:
    if is_node(value):
        return {"iri": value, "label": fb.label(value)}
    return {"value": str(value), "label": fb.label(value)}


def _tier_key(fb: FactBase, src: str | None) -> tuple:
    meta = fb.source_meta.get(src or "", {})
    return (str(meta.get("tier", "T9")), str(meta.get("date", "")))


def best_source(fb: FactBase, fact: Fact) -> tuple[dict | None, str | None]:
    """The most reliable source of ``fact`` as an evidence dict, and the status label."""
    prov = provenance(fb, fact)
    if not prov:
        return None, None
    src, status = sorted(prov, key=lambda sp: _tier_key(fb, sp[0]))[0]
    status_label = fb.label(status).lower() if status else None
    if src is None:
        return None, status_label
    meta = fb.source_meta.get(src, {})
    publisher = meta.get("publisher")
    date = meta.get("date")
    return {
        "iri": src if not src.startswith("_:") else None,
        "title": meta.get("title") or fb.labels.get(src) or fb.label(src),
        "publisher": fb.label(publisher) if publisher is not None else None,
        "date": str(date) if date is not None else None,
        "url": meta.get("url"),
        "status": status_label,
    }, status_label


def attribution(fb: FactBase, fact: Fact, source: dict | None, status: str | None) -> str | None:
    """Who to credit in the sentence, for reported, estimated or speculative facts and claims."""
    claimant = None
    if fact.kind == "node":
        for p, v in fact.roles:
            if p == KGQA + "claimant" and is_node(v):
                claimant = fb.label(v)
                break
    if claimant:
        return claimant
    if status in ATTRIBUTED_STATUSES and source and source.get("publisher"):
        return source["publisher"]
    return None


def sentence(fb: FactBase, fact: Fact, who: str | None) -> str:
    text = fact.text.strip()
    if who and who.lower() not in text.lower()[:80]:
        first, _, rest = text.partition(" ")
        if first in _LEADING_WORDS:
            text = first.lower() + " " + rest
        text = f"According to {who}, {text}"
    return text


def evidence(fb: FactBase, fact: Fact, focus_pred: str | None = None,
             focus_value=None) -> tuple[Evidence, str]:
    """An evidence record for ``fact`` and its attributed sentence."""
    source, status = best_source(fb, fact)
    who = attribution(fb, fact, source, status)
    statement = sentence(fb, fact, who)
    if fact.kind == "triple":
        ev = Evidence(subject=node_ref(fb, fact.subject),
                      predicate={"iri": fact.predicate, "label": fb.pred_label(fact.predicate)},
                      object=node_ref(fb, fact.object), statement=statement, source=source)
        return ev, statement
    pred, value = focus_pred, focus_value
    if pred is None or value is None:
        types = sorted(fb.types.get(fact.node, ()))
        pred, value = str(RDF.type), (types[0] if types else None)
        if value is None:
            pred, value = str(RDFS.label), Literal(fact.text)
    subject = {"iri": fact.node if not fact.node.startswith("_:") else None,
               "label": fb.labels.get(fact.node) or fact.text}
    ev = Evidence(subject=subject, predicate={"iri": pred, "label": fb.pred_label(pred)},
                  object=node_ref(fb, value), statement=statement, source=source)
    return ev, statement


def status_of(fb: FactBase, fact: Fact) -> str | None:
    return best_source(fb, fact)[1]


def confidence_for(fb: FactBase, facts: list[Fact], match: float) -> float:
    """Confidence from how well the relation matched and how firm the facts' sources are."""
    if not facts:
        return 0.0
    ranks = [_STATUS_RANK.get(status_of(fb, f) or "confirmed", 1) for f in facts]
    firm = 1.0 - 0.1 * min(ranks)
    return round(max(0.05, min(0.99, (0.45 + 0.5 * min(1.0, match)) * firm)), 3)


# ---------------------------------------------------------------------- values


def money(fact: Fact, fb: FactBase, pred: str, value) -> str:
    currency = ""
    qualifier = ""
    for p, v in fact.roles if fact.kind == "node" else ():
        label = fb.pred_label(p).lower()
        if label == "currency" and not is_node(v):
            currency = str(v)
        elif "qualifier" in label and not is_node(v):
            qualifier = str(v)
    try:
        number = float(value.toPython())
    except (TypeError, ValueError, AttributeError):
        return str(value)
    label = fb.pred_label(pred).lower()
    if "percent" in label:
        text = f"{number:g}%"
    elif currency or label in ("amount", "valuation", "price", "value", "cost"):
        text = format_amount(number, currency)
    else:
        text = fb.label(value)
    if qualifier and qualifier.lower() not in ("exactly", "exact"):
        text = f"{qualifier} {text}"
    return text


def value_text(fb: FactBase, fact: Fact, pred: str | None, value) -> str:
    if is_node(value):
        return fb.label(value)
    if literal_kind(value) == "number" and pred:
        return money(fact, fb, pred, value)
    return fb.label(value)


def join(items: list[str]) -> str:
    items = list(dict.fromkeys(i for i in items if i))
    if not items:
        return ""
    if len(items) == 1:
        return items[0]
    return ", ".join(items[:-1]) + " and " + items[-1]


# ---------------------------------------------------------------------- SPARQL


def _term(value) -> str:
    if isinstance(value, Literal):
        return value.n3()
    return URIRef(value).n3()


def sparql_select(fb: FactBase, fact: Fact, anchor: str | None, answer_pred: str | None,
                  count: bool = False) -> str | None:
    """A query returning the answer slot of facts shaped like ``fact`` around ``anchor``."""
    head = "SELECT (COUNT(DISTINCT ?answer) AS ?count)" if count else "SELECT DISTINCT ?answer"
    if fact.kind == "triple":
        if anchor == fact.subject:
            body = f"{_term(fact.subject)} {_term(fact.predicate)} ?answer ."
        elif anchor == fact.object:
            body = f"?answer {_term(fact.predicate)} {_term(fact.object)} ."
        else:
            return None
        return f"{head} WHERE {{ {body} }}"
    if fact.node.startswith("_:") or not answer_pred:
        return None
    lines = []
    types = sorted(fb.types.get(fact.node, ()))
    if types:
        lines.append(f"?fact a {_term(types[0])} .")
    if anchor:
        role = next((p for p, v in fact.roles if v == anchor), None)
        if role is None:
            return None
        lines.append(f"?fact {_term(role)} {_term(anchor)} .")
    lines.append(f"?fact {_term(answer_pred)} ?answer .")
    return f"{head} WHERE {{ " + " ".join(lines) + " }"


def sparql_ask(fb: FactBase, fact: Fact, a: str, b: str) -> str | None:
    if fact.kind == "triple":
        return f"ASK {{ {_term(fact.subject)} {_term(fact.predicate)} {_term(fact.object)} }}"
    if fact.node.startswith("_:"):
        return None
    ra = next((p for p, v in fact.roles if v == a), None)
    rb = next((p for p, v in fact.roles if v == b), None)
    if not ra or not rb:
        return None
    types = sorted(fb.types.get(fact.node, ()))
    typing = f"?fact a {_term(types[0])} . " if types else ""
    return f"ASK {{ {typing}?fact {_term(ra)} {_term(a)} ; {_term(rb)} {_term(b)} . }}"


def sparql_describe(iri: str) -> str:
    return f"SELECT ?p ?o WHERE {{ {_term(iri)} ?p ?o }}"
