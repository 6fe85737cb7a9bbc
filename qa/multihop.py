"""Multi-hop questions: resolve a description ("the company Microsoft invested $13B in") to an
entity first, then answer the outer question about that entity."""

from __future__ import annotations


from .answer import Answer
from .intent import Intent, detect
from .linking import Linked


class MultihopAnswerer:
    """Resolves an inner description, then answers the outer question.

    A mixin of :class:`~kgqa.qa.engine.QAEngine`: it uses the engine's facts, ranker
    and linker (``self._fb``, ``self._rank``, ...).
    """

    def _multihop(self, q: str, linked: Linked, intent: Intent, context: dict,
                  depth: int) -> Answer | None:
        """Resolve "the <noun> <clause>" to an entity first, then answer the outer question."""
        offset, noun, clause = intent.nested
        inner_q = "which " + noun + " " + clause
        inner_linked = self._linker.link(inner_q)
        inner_intent = detect(inner_q)
        inner_intent.kind, inner_intent.wh, inner_intent.nested = "factoid", "which", None
        inner_intent.period = None
        if not inner_linked.anchors:
            return None
        inner = self._answer(inner_q, inner_linked, inner_intent, context, depth + 1)
        if inner.abstained or not inner.entities:
            return None
        if intent.amount is not None:
            pass
        bridge = inner.entities[0]
        outer_q = q[:offset] + bridge["label"] + "?"
        outer_linked = self._linker.link(outer_q)
        outer_intent = detect(outer_q)
        outer = self._answer(outer_q, outer_linked, outer_intent, context, depth + 1)
        if outer.abstained:
            # The description named something the graph knows; what it lacks is the outer fact.
            outer.answer = f"{bridge['label']} is the {noun} (" + " ".join(
                e.statement for e in inner.evidence[:1]) + "). " + outer.answer
            outer.evidence = inner.evidence[:1]
            outer.entities = outer.entities + [bridge]
            return outer
        outer.answer = outer.answer + f" ({bridge['label']} is the {noun}: " + \
            " ".join(e.statement for e in inner.evidence[:1]) + ")"
        outer.evidence = outer.evidence + inner.evidence[:2]
        outer.entities = outer.entities + [bridge]
        outer.confidence = round(min(outer.confidence, inner.confidence), 3)
        outer.kind = "multihop"
        return outer
