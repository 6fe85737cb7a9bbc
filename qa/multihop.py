"""Multi-hop questions: resolve a description ("the company Microsoft invested $13B in", "the
guy who replaced X as CEO", "Microsoft AI's chief scientist") to an entity first, then answer
the outer question about that entity."""

from __future__ import annotations

import re

from .answer import Answer
from .intent import Intent, detect
from .linking import STOPWORDS, Linked

# "Microsoft AI's chief scientist co-founded which company?": a possessive role phrase standing
# for a person or thing, followed by the rest of the question.
_POSSESSIVE_ROLE = re.compile(r"^(?P<owner>.+?)['’]s\s+(?P<role>.+)$")
_STARTS_AS_QUESTION = re.compile(r"^(?:who|whom|whose|what|which|when|where|why|how|did|does|do|"
                                 r"is|are|was|were|has|have|had|can|could|will|would|in|to|from|"
                                 r"for|at|by|on|name|list|tell|give)\b", re.I)
_WH_INSIDE = re.compile(r"\b(?:who|whom|what|which|when|where|how)\b", re.I)


class MultihopAnswerer:
    """Resolves an inner description, then answers the outer question.

    A mixin of :class:`~kgqa.qa.engine.QAEngine`: it uses the engine's facts, ranker
    and linker (``self._fb``, ``self._rank``, ...).
    """

    def _multihop(self, q: str, linked: Linked, intent: Intent, context: dict,
                  depth: int) -> Answer | None:
        """Resolve "the <noun> <clause>" to an entity first, then answer the outer question.

        Where the description ends is not marked ("the start-up that Microsoft put €15M into
        | based"), so the longest clause that resolves and leaves an answerable outer question
        wins."""
        offset, noun, clause = intent.nested
        words = clause.rstrip(" ?.!").split()
        demote = {m.iri for m in self._linker.link(noun).anchors}
        head = q[:offset]
        tried: set[str] = set()
        fallback = None
        for k in range(len(words), 1, -1):
            inner_clause, rest = " ".join(words[:k]), " ".join(words[k:])
            if head.strip() and rest and (
                    len(words) - k > 2 or any(c.isdigit() for c in rest)
                    or rest.split()[0].lower() in STOPWORDS | _SCALES
                    or self._linker.link(rest).entities):
                # Mid-question, the outer question's words after the description are one or
                # two, starting with a word of its own ("based", not "in" or "million").
                break
            after_first = inner_clause.split(maxsplit=1)[1] if " " in inner_clause else ""
            if _WH_INSIDE.search(after_first) or not head.strip() and not _WH_INSIDE.search(rest):
                # The description holds no question word of the outer question, and one at
                # the start of the question must leave the question's word outside it.
                continue
            got = self._describe_target("which " + noun + " " + inner_clause, context, depth,
                                        demote, noun)
            if got is None:
                continue
            inner, bridge = got
            if bridge["iri"] in tried and rest == "":
                continue
            tried.add(bridge["iri"])
            outer = self._outer(head, bridge, rest, context, depth)
            if outer.abstained:
                fallback = fallback or (inner, bridge, outer)
                continue
            return _joined(outer, inner, bridge, "the " + noun)
        if fallback is not None:
            inner, bridge, outer = fallback
            # The description named something the graph knows; what it lacks is the outer fact.
            outer.answer = f"{bridge['label']} is the {noun} (" + " ".join(
                e.statement for e in inner.evidence[:1]) + "). " + outer.answer
            outer.evidence = inner.evidence[:1]
            outer.entities = outer.entities + [bridge]
            return outer
        return None

    def _possessive_chain(self, q: str, context: dict, depth: int) -> Answer | None:
        """"Microsoft AI's chief scientist co-founded which company?": resolve "Microsoft AI's
        chief scientist" first (the longest role phrase that resolves), then ask the rest
        about the result."""
        m = _POSSESSIVE_ROLE.match(q)
        if not m or _STARTS_AS_QUESTION.match(q) or not _WH_INSIDE.search(m.group("role")):
            return None
        owner = m.group("owner")
        if not self._linker.link(owner).anchors:
            return None
        words = m.group("role").rstrip(" ?.!").split()
        for k in range(min(4, len(words) - 1), 0, -1):
            role, rest = " ".join(words[:k]), " ".join(words[k:])
            if _WH_INSIDE.search(role) or _WH_INSIDE.match(rest):
                continue   # the rest must start with its verb: "co-founded which company"
            got = self._describe_target(f"Who is {owner}'s {role}?", context, depth, set(), "")
            if got is None:
                continue
            inner, bridge = got
            outer = self._outer("", bridge, rest, context, depth)
            if not outer.abstained:
                return _joined(outer, inner, bridge, f"{owner}'s {role}")
        return None

    def _describe_target(self, inner_q: str, context: dict, depth: int, demote: set[str],
                         noun: str):
        """(answer, first entity) for a description put as a which-question, or None. The
        entity must be of the kind the noun names, when the graph has that kind ("the lab"),
        and a person for "the guy", "the man", ..."""
        inner_linked = self._linker.link(inner_q)
        if not inner_linked.anchors:
            return None
        inner_intent = detect(inner_q)
        inner_intent.kind, inner_intent.wh, inner_intent.nested = "factoid", "which", None
        inner_intent.period = None
        inner = self._answer(inner_q, inner_linked, inner_intent,
                             dict(context, demote=demote), depth + 1)
        if inner.abstained or not inner.entities:
            return None
        bridge = inner.entities[0]
        head_noun = noun.split()[-1].lower() if noun else ""
        kinds = set(self._linker.class_alias.get(head_noun, ())) or \
            set(self._linker.class_alias.get(head_noun.rstrip("s"), ()))
        types = self._fb.all_types(bridge["iri"])
        if kinds and not kinds & types:
            return None
        if head_noun in _PERSON_NOUNS and not self._is_agent(bridge["iri"]):
            return None
        return inner, bridge

    def _outer(self, head: str, bridge: dict, rest: str, context: dict, depth: int) -> Answer:
        outer_q = f"{head}{bridge['label']} {rest}".strip().rstrip(" ?.!") + "?"
        outer_linked = self._linker.link(outer_q)
        outer_intent = detect(outer_q)
        return self._answer(outer_q, outer_linked, outer_intent, context, depth + 1)


_SCALES = frozenset("thousand million billion trillion bn tn".split())
_PERSON_NOUNS = frozenset("guy man woman person executive boss".split())


def _joined(outer: Answer, inner: Answer, bridge: dict, noun: str) -> Answer:
    outer.answer = outer.answer + f" ({bridge['label']} is {noun}: " + \
        " ".join(e.statement for e in inner.evidence[:1]) + ")"
    outer.evidence = outer.evidence + inner.evidence[:2]
    outer.entities = outer.entities + [bridge]
    outer.confidence = round(min(outer.confidence, inner.confidence), 3)
    outer.kind = "multihop"
    return outer
