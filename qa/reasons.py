"""Why-questions: the matched fact with the claims, issues and reasons linked to it."""

from __future__ import annotations


from . import compose
from .answer import Answer
from .facts import Fact, is_node
from .intent import Intent
from .linking import Linked
from .descriptions import entity_refs


class ReasonAnswerer:
    """Answers why-questions from facts and the reasons linked to them.

    A mixin of :class:`~kgqa.qa.engine.QAEngine`: it uses the engine's facts, ranker
    and linker (``self._fb``, ``self._rank``, ...).
    """

    def _why(self, q: str, linked: Linked, intent: Intent, anchors: list[str]) -> Answer:
        fb = self._fb
        facts = self._candidates(anchors)
        ranked, terms = self._rank(q, linked, intent, facts, anchors, force_dense=True)
        for s in ranked:
            if self._supported(s, terms) and self._gives_reason(s.fact):
                s.score += 0.5   # a why-question is answered by a fact that states a reason
        ranked.sort(key=lambda s: (-s.score, s.fact.id))
        if not ranked or not self._supported(ranked[0], terms):
            return self._abstain_known(anchors, q, linked, terms=terms, near=ranked[:1])
        top = ranked[0].fact
        # Reasons: facts that point at the matched fact (claims, issues, stated reasons) and
        # facts it points at, then other strong matches.
        related: list[Fact] = []
        node = top.node if top.kind == "node" else None
        if node:
            for fid in fb.by_entity.get(node, ()):
                if fid != top.id:
                    related.append(fb.facts[fid])
            for _, v in top.roles:
                if is_node(v) and v in fb.facts:
                    related.append(fb.facts[v])
        chosen = [top] + related[:6]
        chosen += [s.fact for s in ranked[1:4] if self._supported(s, terms)
                   and s.fact not in chosen and s.score >= 0.6 * ranked[0].score]
        evs, sts = [], []
        for f in chosen[:8]:
            ev, st = compose.evidence(fb, f)
            evs.append(ev)
            sts.append(st)
        return Answer(answer=" ".join(dict.fromkeys(sts)), entities=entity_refs(fb, anchors),
                      evidence=evs,
                      confidence=compose.confidence_for(fb, chosen, ranked[0].score),
                      sparql=None, kind="why")

    def _gives_reason(self, fact: Fact) -> bool:
        """Does the graph's wording mark this fact as a reason ("stated reason", "reason for",
        a class named for reasons or causes)?"""
        fb = self._fb
        names = [fb.pred_label(p) for p, _ in fact.roles] if fact.kind == "node" else \
            [fb.pred_label(fact.predicate)]
        if fact.kind == "node":
            names += [fb.label(t) for t in fb.all_types(fact.node)]
        return any(w in n.lower() for n in names for w in ("reason", "cause", "motive"))
