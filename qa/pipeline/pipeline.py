"""The stages put together, over one :class:`Context` snapshot per request.

``Pipeline(kg, embedder).run(text, history) -> Trace``: every stage's value, the answer (or
``None`` where the question is of a kind this pipeline leaves to others), and for
``--explain`` a readable account of each stage.
"""

from __future__ import annotations

import threading
import time
from dataclasses import dataclass, field

import numpy as np

from kgqa.qa.answer import Answer

from .candidates import candidates
from .compare import compare, comparison
from .compose import compose
from .context import Context
from .execute import answer_set, execute
from .features import NAMES, content_positions, mention_words, question_vectors
from .link import link
from .parse import parse
from .rank import Weights, rank
from .text import LEXICON
from .types import Linked, Question, Scored


@dataclass
class Trace:
    question: Question
    linked: Linked | None = None
    ranked: list[Scored] = field(default_factory=list)
    answer: Answer | None = None
    deferred: str = ""          # why another answerer should take it, when it should
    context: Context | None = None   # the snapshot the stages read
    timings: dict[str, float] = field(default_factory=dict)

    def explain(self, weights: Weights, top: int = 5) -> dict:
        q = self.question
        out = {"parse": {"words": list(q.words), "lemmas": list(q.lemmas), "wh": q.wh,
                         "kind": q.kind},
               "links": [{"label": m.label, "iri": m.iri, "span": [m.start, m.end],
                          "score": round(m.score, 3)}
                         for m in (self.linked.mentions if self.linked else ())],
               "candidates": [], "deferred": self.deferred,
               "timings_ms": {k: round(v, 2) for k, v in self.timings.items()}}
        for s in self.ranked[:top]:
            parts = {n: round(float(v) * float(w), 3)
                     for n, v, w in zip(NAMES, s.features, weights.w) if v}
            out["candidates"].append({"probability": round(s.probability, 4),
                                      "score": round(s.score, 3), "size": s.graph.size,
                                      "breakdown": parts, "sparql": s.graph.sparql()})
        return out


def weakest_word(linked: Linked, best: Scored, ctx: Context) -> str:
    """The content word of the question that the hops of ``best`` read least like (what an
    abstention names: "GPT-9", "share price"), or ``""`` where there is none."""
    words = mention_words(linked)
    _, wtexts, _ = words[best.graph.mention]
    if not wtexts:
        return ""
    hops = np.concatenate([ctx.predicate_vectors(h.predicate) for h in best.graph.hops])
    vec = question_vectors(words, ctx)
    sims = (np.stack([vec[t] for t in wtexts]) @ hops.T).max(axis=1)
    return wtexts[int(np.argmin(sims))]


def answer_class(q: Question, ctx: Context) -> frozenset:
    """The graph's classes the answer-type word names ("which *journalists*"), if any."""
    if q.answer_type < 0:
        return frozenset()
    return ctx.class_names.get(q.lemmas[q.answer_type], frozenset())


def of_class(best: Scored, classes: frozenset, ctx: Context) -> bool:
    """Is some answer of ``best`` an instance of one of ``classes`` (or of a subclass)?"""
    body = best.graph.sparql("answers", bound=ctx.walk_limit).split("{", 1)[1].rsplit("}", 1)[0]
    values = ", ".join(f"<{c}>" for c in sorted(classes))
    # FILTER(IN), not VALUES: with VALUES Oxigraph walks from the classes (every instance of
    # Company on a large graph: 0.6 s on 10M triples), with a filter from the answers (1 ms).
    ask = (f"ASK {{ {body} ?answer a ?t . ?t <http://www.w3.org/2000/01/rdf-schema#subClassOf>* ?c "
           f". FILTER(?c IN ({values})) }}")
    return bool(ctx.kg.query(ask, timeout=5).boolean)


def _fact_like(item: dict) -> bool:
    """An answer that is itself a fact (a blank node, or a node labelled by a sentence), as
    the rules' fact base reads them: it is a hop to cross, not an answer to give."""
    if "iri" not in item:
        return False
    label = item["label"]
    return item["iri"].startswith("_:") or (label.endswith(".") and len(label.split()) >= 5)


SAME_ANSWER_READINGS = 10   # readings compared with the best for the same answers


def unmatched_hop(linked: Linked, best: Scored, ctx: Context) -> str:
    """A hop of ``best`` left without a content word of its own (each word standing for one hop
    at most): the label of its predicate, or ``""``. A reading that walks more relations than
    the question names walks one nobody asked about."""
    hops = best.graph.hops
    pos = content_positions(linked, best.graph.mention)
    if len(pos) < len(hops):
        return ctx.predicate_words[hops[len(pos)].predicate][0]
    return ""


class Pipeline:
    def __init__(self, kg, embedder, weights: Weights | None = None):
        self.kg = kg
        self.embedder = embedder
        self.weights = weights or Weights.load()
        self._ctx: Context | None = None
        self._lock = threading.Lock()

    def context(self) -> Context:
        """The snapshot for the graph's current version (built once per version)."""
        version = getattr(self.kg, "version", 0)
        ctx = self._ctx
        if ctx is None or ctx.version != version:
            with self._lock:
                ctx = self._ctx
                if ctx is None or ctx.version != version:
                    ctx = Context.build(self.kg, self.embedder, self.weights)
                    self._ctx = ctx
        return ctx

    def could_chain(self, text: str, history: list[dict] | None = None) -> bool:
        """Cheaply (parse and link only): could a reading of two hops, each with a word of its
        own, come out of :meth:`run`? When not, the pipeline is needed only where the rules
        abstain, and the engine asks them first."""
        ctx = self.context()
        question = parse(text, history)
        if question.kind in LEXICON["deferred_kinds"] or question.resolved_from:
            return False
        linked = link(question, ctx)
        return any(len(content_positions(linked, m)) >= 2 for m in linked.mentions)

    def compare(self, text: str, history: list[dict] | None = None) -> Answer | None:
        """The answer to a "which of two" question (see :mod:`.compare`), or None when the
        question is not one or the graph does not settle it."""
        ctx = self.context()
        question = parse(text, history)
        if question.resolved_from or "or" not in question.words:
            return None
        linked = link(question, ctx)
        return compare(linked, ctx) if linked.mentions else None

    def comparison_of(self, text: str, history: list[dict] | None = None) -> dict | None:
        """For ``--explain``: the comparison read from the question (its options, what is
        compared and which way), or None."""
        c = comparison(link(parse(text, history), self.context()))
        if c is None:
            return None
        return {"options": [{"label": o.label, "iri": o.iri, "span": [o.start, o.end]}
                            for o in c.options],
                "compares": c.kind, "answer_has": "the larger value" if c.larger else
                "the smaller value"}

    def run(self, text: str, history: list[dict] | None = None,
            ctx: Context | None = None) -> Trace:
        ctx = ctx or self.context()
        t0 = time.perf_counter()
        question = parse(text, history)
        trace = Trace(question=question, context=ctx)
        if question.kind in LEXICON["deferred_kinds"]:
            trace.deferred = f"a {question.kind} question"
            return trace
        if question.resolved_from:
            trace.deferred = "a follow-up"
            return trace
        t1 = time.perf_counter()
        trace.linked = link(question, ctx)
        t2 = time.perf_counter()
        if not trace.linked.mentions:
            trace.deferred = "no name of the graph in the question"
            return trace
        graphs = candidates(trace.linked, ctx)
        if question.kind == "count" and any(g.sample_kind == "number" for g in graphs):
            # "How many students does X have?" may be a figure the graph states rather than
            # things to count; the rules read stated figures.
            trace.deferred = "a count is asked and the graph states figures here"
            return trace
        t3 = time.perf_counter()
        trace.ranked = rank(trace.linked, graphs, ctx, top=SAME_ANSWER_READINGS)
        t4 = time.perf_counter()
        if not trace.ranked:
            trace.deferred = "no relation path from the names linked"
            return trace
        best = trace.ranked[0]
        if question.wh in ("agent", "place") and best.graph.sample_kind != "iri" \
                and not best.graph.aggregate:
            trace.deferred = f"a {question.wh} is asked and the best reading gives a value"
            return trace
        if question.kind == "amount" and best.graph.sample_kind != "number":
            trace.deferred = "an amount is asked and the best reading gives no figure"
            return trace
        if of_class(best, ctx.fact_classes, ctx):
            # An n-ary fact node is a hop to cross, not an answer: a question whose best
            # reading ends on one asks to describe facts, which the rules' answers put in words.
            trace.deferred = "the best reading ends on fact nodes"
            return trace
        wanted = answer_class(question, ctx)
        if wanted and not of_class(best, wanted, ctx):
            trace.deferred = (f"the question asks for a {question.words[question.answer_type]}, "
                              "and the best reading gives none")
            return trace
        result = execute(best, ctx)
        if any(_fact_like(a) for a in result.answers):
            trace.deferred = "the best reading ends on fact nodes"
            return trace
        # Readings that give the same answers are one answer: its probability is theirs summed
        # (several paths often reach the same values, and split the probability between them).
        alike = [s for s in trace.ranked[1:SAME_ANSWER_READINGS]
                 if s.graph.size == best.graph.size and s.graph.aggregate == best.graph.aggregate]
        target = answer_set(best.graph, ctx) if alike else frozenset()
        pooled = best.probability + sum(s.probability for s in alike
                                        if answer_set(s.graph, ctx) == target)
        words = len(content_positions(trace.linked, best.graph.mention))
        confidence = ctx.weights.answer_probability(pooled, best.features, words)
        trace.answer = compose(result, ctx, confidence)
        if confidence < ctx.weights.threshold:
            # Not sure enough to answer: name the word of the question the reading fits least
            # ("GPT-9", "share price"), where the graph may not hold what is asked.
            word = weakest_word(trace.linked, best, ctx)
            trace.deferred = (f"confidence {confidence:.2f} is below {ctx.weights.threshold:.2f}"
                              + (f"; '{word}' is the word the best reading fits least" if word else ""))
        t5 = time.perf_counter()
        trace.timings = {"parse_ms": (t1 - t0) * 1000, "link_ms": (t2 - t1) * 1000,
                         "candidates_ms": (t3 - t2) * 1000, "rank_ms": (t4 - t3) * 1000,
                         "execute_ms": (t5 - t4) * 1000}
        return trace
