"""An in-memory read model of a graph, built once from ``kg.triples()``, that QA reasons over.

It sorts nodes into entities (things people name), fact nodes (n-ary relations: instances of a
``kgqa:Fact`` subclass, blank nodes, or nodes whose label is a sentence), sources, classes and
properties, and turns every relation into a :class:`Fact`: a direct entity-to-entity or
entity-to-literal triple, or a fact node with its roles. Nothing here is specific to one graph:
it relies on RDF/RDFS/SKOS/Dublin Core conventions and, when present, the ``kgqa:`` ontology.

Nothing here depends on the order the store yields triples in (SPARQL and RDF leave it open):
the triples are read in a canonical order (:func:`term_order`), so every list and dict built from
them (a node's relations, an entity's facts, a fact's sources) is in content order, and a choice
between equals (a node's label) is made by content.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field

from rdflib import BNode, Literal
from rdflib.namespace import DCTERMS, OWL, PROV, RDF, RDFS, SKOS, XSD

from .normalize import humanize

KGQA = "https://kgqa.dev/ontology#"
SCHEMA = ("https://schema.org/", "http://schema.org/")
FOAF = "http://xmlns.com/foaf/0.1/"

LABEL_PREDS = (str(RDFS.label), str(SKOS.prefLabel), SCHEMA[0] + "name", SCHEMA[1] + "name",
               FOAF + "name", str(DCTERMS.title))
ALT_PREDS = (str(SKOS.altLabel), SCHEMA[0] + "alternateName", SCHEMA[1] + "alternateName",
             str(SKOS.hiddenLabel))
COMMENT_PREDS = (str(RDFS.comment), str(SKOS.definition), SCHEMA[0] + "description",
                 SCHEMA[1] + "description", str(DCTERMS.description))
SOURCE_PREDS = (str(DCTERMS.source), str(PROV.wasDerivedFrom))
STATUS_PRED = KGQA + "status"
TYPE = str(RDF.type)
# Predicates that describe resources rather than relate them.
META_PREDS = frozenset(
    LABEL_PREDS + ALT_PREDS + COMMENT_PREDS + SOURCE_PREDS + (
        TYPE, STATUS_PRED, str(RDFS.subClassOf), str(RDFS.subPropertyOf), str(RDFS.domain),
        str(RDFS.range), str(OWL.inverseOf), str(RDFS.seeAlso), str(RDFS.isDefinedBy),
        str(OWL.sameAs), str(OWL.versionInfo), SCHEMA[0] + "url", SCHEMA[1] + "url",
        str(DCTERMS.publisher), str(DCTERMS.date), str(DCTERMS.created), str(DCTERMS.modified),
        KGQA + "reliabilityTier", KGQA + "sourceNote", KGQA + "host", KGQA + "dateNote",
        str(RDF.subject), str(RDF.predicate), str(RDF.object),
    ))
SCHEMA_TYPES = frozenset((str(RDFS.Class), str(OWL.Class), str(RDF.Property),
                          str(OWL.ObjectProperty), str(OWL.DatatypeProperty),
                          str(OWL.AnnotationProperty), str(OWL.Ontology),
                          str(OWL.SymmetricProperty), str(OWL.TransitiveProperty),
                          str(OWL.FunctionalProperty), str(RDF.Statement)))
FACT_CLASS = KGQA + "Fact"
DATE_TYPES = frozenset(str(t) for t in (XSD.date, XSD.dateTime, XSD.gYear, XSD.gYearMonth))
NUMBER_TYPES = frozenset(str(t) for t in (XSD.decimal, XSD.integer, XSD.double, XSD.float,
                                          XSD.int, XSD.long, XSD.nonNegativeInteger,
                                          XSD.positiveInteger))


def key(term) -> str | Literal:
    """IRIs and blank nodes become strings (blank nodes prefixed ``_:``); literals stay."""
    if isinstance(term, Literal):
        return term
    if isinstance(term, BNode):
        return "_:" + str(term)
    return str(term)


def term_order(term) -> tuple:
    """A sort key for an rdflib term, by content alone: IRIs, then blank nodes, then literals
    (by lexical form, datatype and language)."""
    if isinstance(term, Literal):
        return (2, str(term), str(term.datatype or ""), term.language or "")
    return (1 if isinstance(term, BNode) else 0, str(term), "", "")


def triple_order(triple) -> tuple:
    s, p, o = triple
    return term_order(s), str(p), term_order(o)


def is_node(value) -> bool:
    # rdflib's Literal subclasses str, so test for it first.
    return isinstance(value, str) and not isinstance(value, Literal)


def literal_kind(lit: Literal) -> str:
    """``date``, ``number`` or ``text``."""
    dt = str(lit.datatype) if lit.datatype else ""
    if dt in DATE_TYPES:
        return "date"
    if dt in NUMBER_TYPES:
        return "number"
    return "text"


@dataclass
class Fact:
    """A unit of evidence.

    ``kind`` is ``"triple"`` (``subject predicate object``) or ``"node"`` (a fact node ``node``
    with ``roles``: ``(predicate, value)`` pairs, value an IRI string or a Literal).
    """

    id: str
    kind: str
    subject: str = ""
    predicate: str = ""
    object: object = None
    node: str = ""
    types: tuple = ()
    roles: tuple = ()
    text: str = ""
    entities: frozenset = field(default_factory=frozenset)

    def values(self):
        if self.kind == "triple":
            return [(None, self.subject), (self.predicate, self.object)]
        return list(self.roles)


class FactBase:
    """Labels, types, entities and facts of a graph, indexed for lookup by entity."""

    def __init__(self, triples):
        self.labels: dict[str, str] = {}
        self.alts: dict[str, list[str]] = defaultdict(list)
        self.comments: dict[str, str] = {}
        self.types: dict[str, set[str]] = defaultdict(set)
        self.out: dict[str, list[tuple[str, object]]] = defaultdict(list)
        self.inc: dict[str, list[tuple[str, str]]] = defaultdict(list)
        self.superclasses: dict[str, set[str]] = defaultdict(set)
        self.sources: set[str] = set()
        self.source_of: dict[str, list[str]] = defaultdict(list)
        self.status_of: dict[str, str] = {}
        self.source_meta: dict[str, dict[str, object]] = defaultdict(dict)
        schema_nodes: set[str] = set()
        statements: set[str] = set()
        predicates: set[str] = set()
        label_rank: dict[str, tuple] = {}
        comment_rank: dict[str, tuple] = {}
        for s, p, o in sorted(triples, key=triple_order):
            s, p, o = key(s), str(p), key(o)
            if p in LABEL_PREDS:
                if isinstance(o, Literal):
                    lang = o.language or ""
                    # rdfs:label over other names, English or untagged over other languages;
                    # between equals the earlier predicate, then the smaller text
                    rank = (-((p == LABEL_PREDS[0]) * 2 + (lang == "" or lang.startswith("en"))),
                            LABEL_PREDS.index(p), str(o), lang)
                    if s not in label_rank or rank < label_rank[s]:
                        label_rank[s] = rank
                        self.labels[s] = str(o)
                if p == str(DCTERMS.title):
                    self.source_meta[s]["title"] = str(o)
                continue
            if p in ALT_PREDS:
                self.alts[s].append(str(o))
                continue
            if p in COMMENT_PREDS:
                rank = (COMMENT_PREDS.index(p), str(o))   # rdfs:comment first, then by text
                if isinstance(o, Literal) and (s not in comment_rank or rank < comment_rank[s]):
                    comment_rank[s] = rank
                    self.comments[s] = str(o)
                continue
            if p == TYPE:
                self.types[s].add(o)
                if o in SCHEMA_TYPES:
                    schema_nodes.add(s)
                continue
            if p == str(RDFS.subClassOf):
                self.superclasses[s].add(o)
                schema_nodes.update((s, o))
                continue
            if p in SOURCE_PREDS:
                self.source_of[s].append(o)
                self.sources.add(o)
                continue
            if p == STATUS_PRED:
                self.status_of[s] = o
                continue
            if p in (str(RDF.subject), str(RDF.predicate), str(RDF.object)):
                statements.add(s)
                self.out[s].append((p, o))
                continue
            if p == str(DCTERMS.publisher):
                self.source_meta[s]["publisher"] = o
                continue
            if p == str(DCTERMS.date) or p == str(DCTERMS.created):
                self.source_meta[s]["date"] = o
                continue
            if p in (SCHEMA[0] + "url", SCHEMA[1] + "url"):
                self.source_meta[s]["url"] = str(o)
                continue
            if p == KGQA + "reliabilityTier":
                self.source_meta[s]["tier"] = str(o)
                continue
            if p in META_PREDS:
                if p in (str(RDFS.subPropertyOf), str(RDFS.domain), str(RDFS.range)):
                    schema_nodes.add(s)
                continue
            predicates.add(p)
            self.out[s].append((p, o))
            if is_node(o):
                self.inc[o].append((p, s))
        self.statements = statements
        self.statement_index: dict[tuple, list[str]] = defaultdict(list)
        for st in sorted(statements):
            parts = dict(self.out.get(st, ()))
            spo = (parts.get(str(RDF.subject)), parts.get(str(RDF.predicate)),
                   parts.get(str(RDF.object)))
            if all(x is not None for x in spo):
                self.statement_index[(str(spo[0]), str(spo[1]), str(spo[2]))].append(st)
        self.predicates = predicates
        self.schema_nodes = schema_nodes | predicates | {t for ts in self.types.values() for t in ts}
        self._closure: dict[str, frozenset[str]] = {}
        self.statuses = set(self.status_of.values())
        self.fact_nodes: set[str] = set()
        self.entities: set[str] = set()
        self._classify()
        # Classes whose instances are fact nodes ("leverage", "negotiation issue").
        self.fact_classes: set[str] = {c for n in self.fact_nodes for c in self.all_types(n)}
        self.facts: dict[str, Fact] = {}
        self.by_entity: dict[str, list[str]] = defaultdict(list)
        self._build_facts()

    # ------------------------------------------------------------------ classification

    def class_closure(self, cls: str) -> frozenset[str]:
        """``cls`` and all its superclasses."""
        got = self._closure.get(cls)
        if got is None:
            seen, todo = {cls}, [cls]
            while todo:
                for sup in self.superclasses.get(todo.pop(), ()):
                    if sup not in seen:
                        seen.add(sup)
                        todo.append(sup)
            got = self._closure[cls] = frozenset(seen)
        return got

    def all_types(self, node: str) -> set[str]:
        out: set[str] = set()
        for t in self.types.get(node, ()):
            out |= self.class_closure(t)
        return out

    def _looks_like_fact(self, node: str) -> bool:
        if FACT_CLASS in self.all_types(node):
            return True
        if node.startswith("_:") and self.out.get(node):
            return True
        label = self.labels.get(node, "")
        return label.endswith(".") and len(label.split()) >= 5 and len(self.out.get(node, ())) >= 2

    def _classify(self) -> None:
        skip = self.schema_nodes | self.sources | self.statuses | self.statements
        candidates = set(self.labels) | set(self.out) | set(self.inc)
        for node in candidates:
            if node in skip:
                continue
            if self._looks_like_fact(node):
                self.fact_nodes.add(node)
            elif node in self.labels or node in self.alts:
                self.entities.add(node)

    # ------------------------------------------------------------------ facts

    def _build_facts(self) -> None:
        for s, pairs in self.out.items():
            if s in self.fact_nodes:
                roles = tuple((p, o) for p, o in pairs
                              if not is_node(o) or o in self.entities or o in self.fact_nodes)
                ents = frozenset(o for _, o in roles if is_node(o) and o in self.entities)
                fact = Fact(id=s, kind="node", node=s, types=tuple(sorted(self.types.get(s, ()))),
                            roles=roles, entities=ents)
                fact.text = self.verbalize_node(fact)
                self._add(fact)
            elif s in self.entities:
                for p, o in pairs:
                    if is_node(o) and o not in self.entities:
                        continue
                    fid = f"{s} {p} {o if is_node(o) else o.n3()}"
                    ents = frozenset((s, o)) if is_node(o) else frozenset((s,))
                    fact = Fact(id=fid, kind="triple", subject=s, predicate=p, object=o,
                                entities=ents)
                    fact.text = self.verbalize_triple(s, p, o)
                    self._add(fact)

    def _add(self, fact: Fact) -> None:
        if fact.id in self.facts:
            return
        self.facts[fact.id] = fact
        for e in fact.entities:
            self.by_entity[e].append(fact.id)
        if fact.kind == "node":
            # Facts about facts (a negotiation's issues, a claim's subject) stay reachable.
            for _, o in fact.roles:
                if is_node(o) and o in self.fact_nodes:
                    self.by_entity[o].append(fact.id)
            for _, s in self.inc.get(fact.node, ()):
                if s in self.fact_nodes:
                    self.by_entity[s].append(fact.id)

    # ------------------------------------------------------------------ words

    def label(self, node) -> str:
        """The node's label, a literal's lexical form, or a readable IRI local name."""
        if isinstance(node, Literal):
            return format_literal(node)
        got = self.labels.get(node)
        if got:
            return got
        local = node.rstrip("/#").rsplit("#", 1)[-1].rsplit("/", 1)[-1]
        return humanize(local) if not node.startswith("_:") else "an unnamed node"

    def pred_label(self, pred: str) -> str:
        return self.labels.get(pred) or humanize(pred.rstrip("/#").rsplit("#", 1)[-1]
                                                 .rsplit("/", 1)[-1])

    def class_label(self, node: str) -> str:
        types = self.types.get(node, ())
        return self.label(sorted(types)[0]) if types else ""

    def verbalize_triple(self, s: str, p: str, o) -> str:
        if not is_node(o):
            return f"The {self.pred_label(p)} of {self.label(s)} is {self.label(o)}."
        return f"{self.label(s)} {self.pred_label(p)} {self.label(o)}."

    def verbalize_node(self, fact: Fact) -> str:
        label = self.labels.get(fact.node)
        if label and len(label.split()) >= 3:
            return label if label.endswith(".") else label + "."
        parts = [f"{self.pred_label(p)} {self.label(v)}" for p, v in fact.roles]
        head = self.class_label(fact.node) or "fact"
        return f"{head[:1].upper() + head[1:]}: " + "; ".join(parts) + "."

    def entity_types(self, node: str) -> set[str]:
        return self.all_types(node)


def format_literal(lit: Literal) -> str:
    kind = literal_kind(lit)
    if kind == "number":
        try:
            value = float(lit.toPython())
        except (TypeError, ValueError):
            return str(lit)
        return format_number(value)
    return str(lit)


def format_number(value: float) -> str:
    if value.is_integer():
        return f"{int(value):,}"
    return f"{value:,.2f}".rstrip("0").rstrip(".")


def format_amount(value: float, currency: str = "") -> str:
    """'$13 billion', '€15 million', '2,000,000 GBP' style money text."""
    symbols = {"USD": "$", "EUR": "€", "GBP": "£", "JPY": "¥"}
    sym = symbols.get(currency.upper(), "")
    for scale, word in ((1e12, "trillion"), (1e9, "billion"), (1e6, "million")):
        if abs(value) >= scale:
            num = format_number(round(value / scale, 2))
            text = f"{num} {word}"
            break
    else:
        text = format_number(value)
    if sym:
        return sym + text
    return f"{text} {currency}".strip()


def provenance(fb: FactBase, fact: Fact) -> list[tuple[str, str | None]]:
    """``(source IRI, status IRI or None)`` pairs for a fact, most specific first.

    Same order as ``KnowledgeGraph.provenance``: the fact node itself; an ``rdf:Statement``
    reifying the triple; a fact node linking both ends; the subject's own sources.
    """
    if fact.kind == "node":
        status = fb.status_of.get(fact.node)
        return [(s, status) for s in fb.source_of.get(fact.node, ())] or \
            ([(None, status)] if status else [])
    s, p, o = fact.subject, fact.predicate, fact.object
    for stmt in fb.statement_index.get((s, p, str(o)), ()):
        status = fb.status_of.get(stmt)
        got = [(src, status) for src in fb.source_of.get(stmt, ())]
        if got:
            return got
    if is_node(o):
        for fid in fb.by_entity.get(s, ()):
            f = fb.facts.get(fid)
            if f is not None and f.kind == "node" and o in f.entities and fb.source_of.get(f.node):
                status = fb.status_of.get(f.node)
                return [(src, status) for src in fb.source_of[f.node]]
    status = fb.status_of.get(s)
    return [(src, status) for src in fb.source_of.get(s, ())]
