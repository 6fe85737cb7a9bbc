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
        return Answer(answer=" ".join(sts), entities=entity_refs(fb, anchors), evidence=evs,
                      confidence=compose.confidence_for(fb, chosen, ranked[0].score),
                      sparql=None, kind="why")
