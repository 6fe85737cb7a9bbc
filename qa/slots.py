"""Answer slots: which values of a matched fact answer the question (who, where, when, how
much, how many), chosen by the question word, the types of the values and role labels."""

from __future__ import annotations


from .normalize import stem, tokens
from .facts import Fact, FactBase, is_node, literal_kind
from .intent import Intent


AGENT_HINTS = ("person", "people", "organisation", "organization", "company", "agent", "lab",
               "firm", "researcher", "funder", "investor", "outlet", "regulator", "university")
_MEASURES = ("amount", "valuation", "price", "value", "cost", "percent", "share")
PLACE_HINTS = ("place", "city", "country", "location", "region", "town")
_START = ("start", "begin", "become", "became", "join", "appoint", "named", "hire", "found",
          "launch", "take", "took", "get", "got")
_END = ("end", "leave", "left", "quit", "step", "remove", "fire", "ous", "give", "gave", "exit",
        "stop", "resign", "until")


class SlotPicker:
    """Picks the values of a fact that answer the question.

    A mixin of :class:`~kgqa.qa.engine.QAEngine`: it uses the engine's facts, ranker
    and linker (``self._fb``, ``self._rank``, ...).
    """

    def _is_agent(self, v) -> bool:
        types = self._fb.all_types(v)
        words = " ".join(self._fb.label(t).lower() for t in types)
        return any(h in words for h in AGENT_HINTS) or any(
            t.endswith(("Person", "Organization", "Agent")) for t in types)

    def _is_place(self, v) -> bool:
        words = " ".join(self._fb.label(t).lower() for t in self._fb.all_types(v))
        return any(h in words for h in PLACE_HINTS)

    def _role_named(self, pred: str, terms: list[str]) -> bool:
        """Does a relation word name this role ("valued" and "valuation")?"""
        fb = self._fb
        words = {stem(w) for n in [fb.pred_label(pred)] + list(fb.alts.get(pred, ()))
                 for w in tokens(n)}
        return any(stem(t) in words for t in terms)

    def _slots(self, fact: Fact, anchors: list[str], intent: Intent, terms: list[str],
               classes: list[str]) -> list[tuple[str, object]]:
        """The (predicate, value) pairs of ``fact`` that answer the question."""
        fb = self._fb
        if fact.kind == "triple":
            if fact.subject in anchors and fact.object not in anchors:
                pairs = [(fact.predicate, fact.object)]
            elif is_node(fact.object) and fact.object in anchors and fact.subject not in anchors:
                pairs = [(fact.predicate, fact.subject)]
            else:
                pairs = [(fact.predicate, fact.object)]
        else:
            pairs = [(p, v) for p, v in fact.roles if v not in anchors
                     and not (is_node(v) and v in fb.fact_nodes)]
        wh = intent.wh
        ents = [(p, v) for p, v in pairs if is_node(v)]
        lits = [(p, v) for p, v in pairs if not is_node(v)]
        term_stems = {t[:5] for t in terms}

        def by_role(cands):
            # A role the question's words name, by its label or alt labels ("wrote": the
            # role "written by", alt "wrote").
            hit = [(p, v) for p, v in cands
                   if {w[:5] for w in fb.pred_label(p).lower().split()} & term_stems
                   or self._role_named(p, terms)]
            return hit or cands

        if wh == "when" or intent.kind == "date":
            dates = [(p, v) for p, v in lits if literal_kind(v) == "date"]
            return pick_date(fb, dates, list(terms) + list(intent.words))
        if wh in ("how much",) or intent.kind == "amount":
            nums = [(p, v) for p, v in lits if literal_kind(v) == "number"]
            return by_role(nums)[:1] if nums else []
        if intent.kind == "count":
            # Money and shares are amounts, not counts of things.
            nums = [(p, v) for p, v in lits if literal_kind(v) == "number" and not any(
                w in fb.pred_label(p).lower() for w in _MEASURES)]
            hit = [(p, v) for p, v in nums
                   if {w[:5] for w in fb.pred_label(p).lower().split()} & term_stems]
            if hit:
                return hit[:1]
            if nums and intent.counted != "class":
                # A role named like a count ("count", "number of") answers "how many" first.
                nums.sort(key=lambda pv: not any(w in fb.pred_label(pv[0]).lower()
                                                 for w in ("count", "number", "total")))
                # "How many employees signed": a figure the fact states, not its parties.
                return nums[:1]
            return [] if intent.quantity else ents
        if wh == "who":
            agents = [(p, v) for p, v in ents if self._is_agent(v)]
            return by_role(agents or ents)
        if wh == "where":
            places = [(p, v) for p, v in ents if self._is_place(v)]
            return places or ents
        if classes:
            # "Which university ...": a value of the kind named, before any figure.
            typed = [(p, v) for p, v in ents if set(classes) & fb.all_types(v)]
            if typed:
                return typed
        named_figures = [(p, v) for p, v in lits if literal_kind(v) != "text"
                         and self._role_named(p, terms)]
        if named_figures:
            return named_figures[:1]   # "what was X valued at": the valuation, not the parties
        if ents:
            return by_role(ents)
        texts = [(p, v) for p, v in lits if literal_kind(v) == "text"]
        if texts and all(len(str(v).split()) <= 2 for _, v in texts) and by_role(texts) == texts:
            # Only qualifiers ("about", "USD") beside the question's own names: what the fact
            # says is the answer, not its qualifiers.
            return [(None, None)]
        return by_role(texts) if texts else lits


def fact_date(fb: FactBase, fact: Fact) -> str | None:
    for p, v in fact.roles:
        if not is_node(v) and literal_kind(v) == "date" and "end" not in fb.pred_label(p):
            return str(v)
    return None


def pick_date(fb: FactBase, dates: list, terms: list[str]) -> list:
    if len(dates) <= 1:
        return dates
    words = " ".join(terms)
    want = "end" if any(w in words for w in _END) else "start" if any(
        w in words for w in _START) else ""
    if want:
        hit = [(p, v) for p, v in dates if want in fb.pred_label(p).lower()]
        if hit:
            return hit[:1]
    plain = [(p, v) for p, v in dates if "end" not in fb.pred_label(p).lower()]
    return (plain or dates)[:1]
