"""Abstaining: say what the graph lacks and suggest nearby entities and questions; and answers to
questions that name no entity (a kind of entity, or a search of the facts by meaning)."""

from __future__ import annotations

import time
from collections import Counter


from . import compose
from .answer import Answer
from .intent import Intent
from .linking import Linked
from .descriptions import entity_refs, type_evidence


class AbstentionAnswerer:
    """Answers with what the graph lacks, or from a kind of entity or a search by meaning.

    A mixin of :class:`~kgqa.qa.engine.QAEngine`: it uses the engine's facts, ranker
    and linker (``self._fb``, ``self._rank``, ...).
    """

    def _no_anchor(self, q: str, linked: Linked, intent: Intent) -> Answer:
        fb = self._fb
        if linked.classes and intent.kind in ("list", "count", "factoid"):
            members = sorted(e for e in fb.entities
                             if set(m.iri for m in linked.classes) & fb.all_types(e))
            terms = self._ranker.relation_terms(linked, self._extra_skip(linked, intent))
            if members and not terms:
                evs = [type_evidence(fb, e, linked.classes[0].iri) for e in members[:25]]
                labels = [fb.label(e) for e in members]
                n = len(members)
                first = f"{n}: " if intent.kind == "count" else ""
                return Answer(answer=f"{first}{compose.join(labels[:25])}.",
                              entities=entity_refs(fb, members[:25]), evidence=evs, confidence=0.8,
                              sparql="SELECT DISTINCT ?answer WHERE { ?answer a "
                                     f"{compose._term(linked.classes[0].iri)} }}",
                              kind=intent.kind)
        if not linked.unknown and fb.facts:
            # No entity named: search the facts by meaning.
            index = self.index()
            t0 = time.perf_counter()
            vec = self.embedder.encode_queries([q])[0]
            self._local.dense_ms += (time.perf_counter() - t0) * 1000
            hits = [(fid, s) for fid, s in index.search(vec, 5) if fid in fb.facts]
            if hits and hits[0][1] >= 0.62:
                f = fb.facts[hits[0][0]]
                ev, st = compose.evidence(fb, f)
                return Answer(answer=st, entities=entity_refs(fb, sorted(f.entities)),
                              evidence=[ev],
                              confidence=round(min(0.9, hits[0][1]), 3), kind=intent.kind)
        return self._abstain_unknown(linked, [])

    def _suggest(self, anchors: list[str], q: str) -> tuple[list[str], list[str]]:
        fb = self._fb
        if anchors:
            # The entities sharing most facts with the subject, the same on every run.
            shared = Counter(e for f in self._candidates(anchors[:1]) for e in f.entities
                             if e not in anchors)
            near = sorted(shared, key=lambda e: (-shared[e], fb.label(e), e))[:4]
        else:
            try:
                index = self.index()
                vec = self.embedder.encode_queries([q])[0]
                near = []
                for fid, _ in index.search(vec, 8):
                    f = fb.facts.get(fid)
                    if f is not None:
                        near += sorted(f.entities)
                    elif fid in fb.entities:
                        near.append(fid)
                near = list(dict.fromkeys(near))[:4]
            except Exception:  # suggestions are a courtesy; never fail the answer for them
                near = []
            if not near:
                near = sorted(fb.entities, key=lambda e: -len(fb.by_entity.get(e, ())))[:4]
        questions = []
        if anchors:
            a = fb.label(anchors[0])
            questions.append(f"What is {a}?")
            if near:
                questions.append(f"How is {a} connected to {fb.label(near[0])}?")
        else:
            for e in near[:2]:
                questions.append(f"What is {fb.label(e)}?")
        return [fb.label(e) for e in near], questions

    def _abstain_known(self, anchors: list[str], q: str, linked: Linked, terms=(), near=(),
                       reason: str = "") -> Answer:
        fb = self._fb
        names = compose.join([fb.label(a) for a in anchors])
        text = f"The graph has no facts that answer this about {names}"
        text += f" (looked for: {' '.join(terms)})." if terms else "."
        if linked.unknown:
            text += f" It has no entity named {compose.join(linked.unknown)}."
        return self._abstention(text, anchors, q, f"It does cover {names} in relation to")

    def _abstain_unknown(self, linked: Linked, anchors: list[str]) -> Answer:
        if linked.unknown:
            text = f"The graph has no information about {compose.join(linked.unknown)}."
        else:
            text = "The graph has no facts that answer this question."
        return self._abstention(text, anchors, " ".join(linked.raw),
                                "It covers entities such as")

    def _abstention(self, text: str, anchors: list[str], query: str, lead: str) -> Answer:
        """An abstaining answer: ``text``, then nearby entities and questions to try instead."""
        ents, qs = self._suggest(anchors, query)
        if ents:
            text += f" {lead} {compose.join(ents)}."
        if qs:
            text += " You could ask: " + " ".join(f'"{x}"' for x in qs)
        return Answer(answer=text, entities=entity_refs(self._fb, anchors), evidence=[],
                      confidence=0.0, abstained=True, sparql=None, kind="abstain")
