"""One read-only snapshot per graph version: what every stage of a request reads.

Built from the graph's label index (``KnowledgeGraph.label_index()``, read by SPARQL from any
store: ``memory``, ``oxigraph:`` or ``sparql:``): the names for linking, the predicates with
their words, the classes and which predicates are bookkeeping rather than facts. Stages read
this and the store (by bounded SPARQL queries), nothing else.
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
#: the same, as the list a SPARQL ``FILTER(?p NOT IN (...))`` takes
META_IN = ", ".join(f"<{p}>" for p in sorted(META_PREDICATES))


#: rows of a walk read at most before its answers are taken: on a graph read whole (the largest
#: walks of the embedded graph's best-connected names are about 110k rows), and on a large one
WALK, BOUNDED_WALK = 200_000, 20_000
#: sets of texts whose vectors a snapshot keeps (:meth:`Context.batch_vectors`): one a question
BATCHES_CACHED = 4096


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
    names: object = None          # the graph's LabelIndex (kgqa.graph.label_index)
    predicate_words: dict[str, tuple[str, ...]] = field(default_factory=dict)  # label + alts
    predicate_lemmas: dict[str, frozenset] = field(default_factory=dict)
    predicate_phrases: frozenset = frozenset()   # folded names of two words or more
    not_topics: frozenset = frozenset()
    class_names: dict[str, frozenset] = field(default_factory=dict)  # lemma of a label -> classes
    fact_classes: frozenset = frozenset()   # classes of n-ary fact nodes (crossed, not answers)
    max_label_words: int = 1
    bounded: bool = False         # a graph too large to walk whole (kg.bounded)
    walk_limit: int = 200_000     # rows of a walk read at most before its answers are taken
    _pred_vec: dict[str, np.ndarray] = field(default_factory=dict)
    paths: dict = field(default_factory=dict)   # topic -> its relation paths (candidates.py)
    _vec: dict[str, np.ndarray] = field(default_factory=dict)
    _vec_lock: threading.Lock = field(default_factory=threading.Lock)
    _batches: dict = field(default_factory=dict)   # sorted texts -> {text: vector}
    _label: dict[str, str] = field(default_factory=dict)

    @classmethod
    def build(cls, kg, embedder, weights, timeout: float = 30.0) -> "Context":
        """Read from the graph's label index (built or loaded by ``kg.label_index()``): its
        names, predicates and classes. Nothing here grows with the number of triples beyond
        the vocabulary (predicates and classes) and the caches."""
        with kg.reading():
            version = getattr(kg, "version", 0)
            names = kg.label_index()
        bounded = bool(getattr(kg, "bounded", False))
        ctx = cls(kg=kg, embedder=embedder, weights=weights, version=version, names=names,
                  bounded=bounded, walk_limit=BOUNDED_WALK if bounded else WALK)
        predicates, classes = names.predicates, names.classes
        of = names.names_of(sorted((predicates - META_PREDICATES) | classes))
        ctx.predicate_words = {p: tuple(of[p] or [local_name(p)])
                               for p in sorted(predicates - META_PREDICATES)}
        ctx.predicate_lemmas = {p: frozenset().union(*(lemma_set(w) for w in ws))
                                for p, ws in ctx.predicate_words.items()}
        ctx.predicate_phrases = frozenset(
            f for ws in ctx.predicate_words.values() for f in map(fold, ws) if " " in f)
        ctx.not_topics = frozenset(predicates | classes)
        by_name = defaultdict(set)
        for c in sorted(classes):
            for text in of[c]:
                key = fold(text)
                if key:
                    by_name[" ".join(lemma(w) for w in key.split())].add(c)
        ctx.class_names = {k: frozenset(v) for k, v in by_name.items()}
        ctx.fact_classes = names.fact_classes
        ctx.max_label_words = names.max_words
        if embedder is not None:
            # Every predicate's names in one batch, in a fixed order: the same graph always
            # gets the same vectors.
            pairs = [(p, n) for p in sorted(ctx.predicate_words) for n in ctx.predicate_words[p][:4]]
            vecs = embedder.encode([n for _, n in pairs]) if pairs else np.zeros((0, 1))
            grouped = defaultdict(list)
            for (p, _), v in zip(pairs, vecs):
                grouped[p].append(v)
            ctx._pred_vec = {p: np.stack(vs) for p, vs in grouped.items()}
        return ctx

    def lookup(self, key: str) -> list[tuple[str, str]]:
        """``(iri, label)`` of the names whose folded form is ``key`` (topics and not)."""
        return self.names.lookup(key)

    def predicate_vectors(self, predicate: str) -> np.ndarray:
        """Unit vectors of a predicate's label and first aliases (label first)."""
        return self._pred_vec[predicate]

    def label(self, iri: str) -> str:
        got = self._label.get(iri)
        if got is None:
            got = self.names.label(iri) or local_name(iri)
            if len(self._label) < 100_000:
                self._label[iri] = got
        return got

    def batch_vectors(self, texts) -> dict[str, np.ndarray]:
        """``{text: unit vector}`` for ``texts``, by one forward pass over all of them, kept per
        set of texts. A vector differs in its last bits with what it is batched with
        (padding), so a set is always encoded together and in one order: a question's vectors
        are the same whatever was asked before it."""
        key = tuple(sorted(set(texts)))
        got = self._batches.get(key)
        if got is None:
            vecs = self.embedder.encode_together(list(key)) if key else ()
            got = dict(zip(key, vecs))
            with self._vec_lock:
                if len(self._batches) >= BATCHES_CACHED:
                    self._batches.pop(next(iter(self._batches)), None)
                self._batches[key] = got
        return got

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
