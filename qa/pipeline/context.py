"""One read-only snapshot per graph version: what every stage of a request reads.

Built by SPARQL through ``KnowledgeGraph.query`` (so it works on ``memory``, ``oxigraph:`` and
``sparql:`` stores): the label index for linking, the predicates with their words, the classes
and which predicates are bookkeeping rather than facts. Stages never read anything else.
"""

from __future__ import annotations

import threading
from collections import defaultdict
from dataclasses import dataclass, field

import numpy as np

from kgqa.graph.knowledge_graph import (ALT_PREDICATES, COMMENT_PREDICATES, LABEL_PREDICATES,
                                        RDF, RDFS, SKOS, SOURCE_PREDICATES, KGQA)

from .text import fold, lemma, lemma_set, local_name

# Predicates that describe a resource or its record keeping, not a relation a question walks.
META_PREDICATES = frozenset(
    (RDF + "type", RDF + "subject", RDF + "predicate", RDF + "object", RDFS + "subClassOf",
     RDFS + "subPropertyOf", RDFS + "domain", RDFS + "range", RDFS + "seeAlso",
     "http://www.w3.org/2002/07/owl#sameAs", KGQA + "status", SKOS + "note",
     "http://schema.org/url", "https://schema.org/url")
    + LABEL_PREDICATES + ALT_PREDICATES + COMMENT_PREDICATES + SOURCE_PREDICATES)


def _values(iris) -> str:
    return " ".join(f"<{i}>" for i in iris)


@dataclass
class Context:
    """The snapshot a request reads. Fields are filled once in :meth:`build` and not changed
    after, except the embedding caches, which only memoise pure functions of their keys."""

    kg: object
    embedder: object
    weights: object
    version: object = None
    labels: dict[str, list[tuple[str, str]]] = field(default_factory=dict)  # folded -> (iri, label)
    label_of: dict[str, str] = field(default_factory=dict)
    predicate_words: dict[str, tuple[str, ...]] = field(default_factory=dict)  # label + alts
    predicate_lemmas: dict[str, frozenset] = field(default_factory=dict)
    not_topics: frozenset = frozenset()
    class_names: dict[str, frozenset] = field(default_factory=dict)  # lemma of a label -> classes
    fact_classes: frozenset = frozenset()   # classes of n-ary fact nodes (crossed, not answers)
    max_label_words: int = 1
    _pred_vec: dict[str, np.ndarray] = field(default_factory=dict)
    paths: dict = field(default_factory=dict)   # topic -> its relation paths (candidates.py)
    _vec: dict[str, np.ndarray] = field(default_factory=dict)
    _vec_lock: threading.Lock = field(default_factory=threading.Lock)

    @classmethod
    def build(cls, kg, embedder, weights, timeout: float = 30.0) -> "Context":
        ctx = cls(kg=kg, embedder=embedder, weights=weights, version=getattr(kg, "version", 0))
        q = lambda s: kg.query(s, timeout=timeout, limit=10_000_000).rows  # noqa: E731
        labels = defaultdict(list)
        for row in q(f"SELECT ?s ?l WHERE {{ VALUES ?p {{ {_values(LABEL_PREDICATES + ALT_PREDICATES)} }} "
                     f"?s ?p ?l FILTER(isLiteral(?l)) }}"):
            iri, text = str(row["s"]), str(row["l"])
            key = fold(text)
            if key and (iri, text) not in labels[key]:
                labels[key].append((iri, text))
        # In content order, not the store's: linking takes the first few of a name's resources.
        labels = defaultdict(list, {k: sorted(v) for k, v in sorted(labels.items())})
        main = {}   # a resource's label: by LABEL_PREDICATES' order, then the least text
        for row in q(f"SELECT ?s ?p ?l WHERE {{ VALUES ?p {{ {_values(LABEL_PREDICATES)} }} ?s ?p ?l }}"):
            s, rank = str(row["s"]), (LABEL_PREDICATES.index(str(row["p"])), str(row["l"]))
            if s not in main or rank < main[s]:
                main[s] = rank
        main = {s: text for s, (_, text) in sorted(main.items())}
        predicates = {str(r["p"]) for r in q("SELECT DISTINCT ?p WHERE { ?s ?p ?o }")}
        classes = {str(r["c"]) for r in q("SELECT DISTINCT ?c WHERE { ?s a ?c }")}
        words = defaultdict(list)
        for p in sorted(predicates - META_PREDICATES):
            names = [main[p]] if p in main else [local_name(p)]
            words[p] = names
        for key, pairs in labels.items():
            for iri, text in pairs:
                if iri in words and text not in words[iri]:
                    words[iri].append(text)
        ctx.labels = dict(labels)
        ctx.label_of = main
        ctx.predicate_words = {p: tuple(ws) for p, ws in words.items()}
        ctx.predicate_lemmas = {p: frozenset().union(*(lemma_set(w) for w in ws))
                                for p, ws in ctx.predicate_words.items()}
        ctx.not_topics = frozenset(predicates | classes)
        names = defaultdict(set)
        for key, pairs in labels.items():
            for iri, _ in pairs:
                if iri in classes:
                    names[" ".join(lemma(w) for w in key.split())].add(iri)
        ctx.class_names = {k: frozenset(v) for k, v in names.items()}
        ctx.fact_classes = frozenset(
            {str(r["c"]) for r in q(f"SELECT ?c WHERE {{ ?c <{RDFS}subClassOf>* <{KGQA}Fact> }}")}
            | {RDF + "Statement"})
        ctx.max_label_words = max((len(k.split()) for k in labels), default=1)
        if embedder is not None:
            # Every predicate's names in one batch, in a fixed order: the same graph always
            # gets the same vectors.
            names = [(p, n) for p in sorted(ctx.predicate_words) for n in ctx.predicate_words[p][:4]]
            vecs = embedder.encode([n for _, n in names]) if names else np.zeros((0, 1))
            grouped = defaultdict(list)
            for (p, _), v in zip(names, vecs):
                grouped[p].append(v)
            ctx._pred_vec = {p: np.stack(vs) for p, vs in grouped.items()}
        return ctx

    def predicate_vectors(self, predicate: str) -> np.ndarray:
        """Unit vectors of a predicate's label and first aliases (label first)."""
        return self._pred_vec[predicate]

    def label(self, iri: str) -> str:
        return self.label_of.get(iri) or local_name(iri)

    def vectors(self, texts: list[str]) -> np.ndarray:
        """Unit vectors of ``texts``, each encoded once per snapshot."""
        missing = [t for t in dict.fromkeys(texts) if t not in self._vec]
        if missing:
            # One forward pass for a question's new words (~10 ms each on their own). A vector
            # may then differ from the same text encoded alone in its last bits (padding), far
            # below anything the features resolve.
            got = self.embedder.encode(missing, batch_size=max(1, len(missing))) \
                if len(missing) > 1 else self.embedder.encode_queries(missing)
            with self._vec_lock:
                for t, v in zip(missing, got):
                    self._vec[t] = v
        return np.stack([self._vec[t] for t in texts]) if texts else np.zeros((0, 384), np.float32)
