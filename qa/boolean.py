"""Yes/no answers: yes only when a fact states the asked relation between the entities (in force
at the asked time, if any); a grounded "no" when the graph knows both but records no such fact."""

from __future__ import annotations

import re
from dataclasses import replace
from datetime import date


from rdflib.namespace import OWL

from . import compose
from .answer import Answer
from .intent import Intent
from .linking import Linked
from .temporal import fact_periods, overlaps, period_text
from .facts import is_node
from .normalize import stem
from .descriptions import comment_evidence, entity_refs


RELATION_SUPPORT = 0.6           # relation similarity a yes needs
_PRESENT = re.compile(r"\b(?:still|currently|anymore|any longer|these days|nowadays|"
                      r"at present|presently)\b", re.I)


class BooleanAnswerer:
    """Answers yes/no questions. Mixed into :class:`~kgqa.qa.engine.QAEngine`."""

    def _boolean(self, q: str, linked: Linked, intent: Intent, anchors: list[str]) -> Answer:
        fb = self._fb
        if len(anchors) < 2:
            if linked.unknown:
                return self._abstain_unknown(linked, anchors)
            if linked.entities and len(linked.entities) >= 2:
                anchors = [m.iri for m in linked.entities]
            else:
                return self._lookup_boolean_single(q, linked, intent, anchors)
        a, b = anchors[0], anchors[1]
        facts = [f for f in self._candidates([a]) if b in f.entities or
                 (f.kind == "node" and b in {v for _, v in f.roles})]
        typed = self._of_classes(facts, linked)
        named_kind = typed is not facts   # the question names the kind of fact it asks for
        facts = typed
        # Unless the class names a kind of fact, its words are the asked relation.
        ranked, terms = self._rank(q, linked, intent, facts, [a, b],
                                   with_classes=not named_kind)
        relation = fb.label(linked.classes[0].iri) if named_kind else \
            (" ".join(terms) or "relation")
        # A yes needs the asked relation itself, not any link between the two entities.
        supported = [s for s in ranked if self._supported(s, terms)
                     and (named_kind or not terms or s.relation >= RELATION_SUPPORT)]
        # "Did OpenAI invest in Microsoft?" is not answered by Microsoft's investment in OpenAI.
        same = [s for s in supported if self._same_direction(s.fact, a, b, q, terms)]
        reverse = [s for s in supported if s not in same and s.fact.kind == "triple"]
        if reverse and not any(s.fact.kind == "triple" for s in same):
            # The graph states the relation the other way round, and not this way.
            ev, st = compose.evidence(fb, reverse[0].fact)
            return Answer(answer=f"No, the graph records no \"{' '.join(terms)}\" relation "
                                 f"from {fb.label(a)} to {fb.label(b)}; it records the reverse: "
                                 f"{st}", entities=entity_refs(fb, [a, b]), evidence=[ev],
                          confidence=0.6, kind="boolean")
        supported = same
        if supported:
            # Only facts about as relevant as the best one speak to the question.
            supported = [s for s in supported if s.score >= 0.75 * supported[0].score]
        la, lb = fb.label(a), fb.label(b)
        if not intent.period and _PRESENT.search(q):
            # "Is X still sponsoring Y?": asked of today; a relation that ended is a no.
            today = date.today()
            intent = replace(intent, period=(today, today), period_text="today")
        if intent.period and supported:
            in_period, outside = [], []
            # States (a role, a seat) decide "as of" questions; one-day events do not.
            dated = [s for s in supported
                     if any(x[0] != x[1] for x in fact_periods(fb, s.fact))]
            for s in dated or supported:
                spans = fact_periods(fb, s.fact)
                ok = not spans or any(overlaps(x, intent.period) for x in spans)
                (in_period if ok else outside).append(s)
            if not in_period and outside:
                f = outside[0].fact
                ev, st = compose.evidence(fb, f)
                spans = fact_periods(fb, f)
                span = spans[-1] if spans else None
                return Answer(
                    answer=f"No. As of {intent.period_text}, the graph records no {relation} "
                           f"between {la} and {lb} in force: {st} "
                           f"({period_text(span)}).",
                    entities=entity_refs(fb, [a, b]), evidence=[ev],
                    confidence=compose.confidence_for(fb, [f], outside[0].lexical),
                    sparql=compose.sparql_ask(fb, f, a, b), kind="boolean")
            supported = in_period
        if supported:
            best = supported[:3]
            evs, sts = zip(*(compose.evidence(fb, s.fact) for s in best))
            when = "" if not intent.period else \
                " The graph records no end to it." if intent.period_text == "today" else \
                f" As of {intent.period_text}, the fact was in force."
            return Answer(answer="Yes. " + " ".join(sts) + when, entities=entity_refs(fb, [a, b]),
                          evidence=list(evs),
                          confidence=compose.confidence_for(fb, [s.fact for s in best],
                                                            best[0].score),
                          sparql=compose.sparql_ask(fb, best[0].fact, a, b), kind="boolean")
        # Both entities are known but no fact of that kind links them: a grounded "no".
        near = ranked[:1]
        evidence, extra = [], ""
        if near:
            ev, st = compose.evidence(fb, near[0].fact)
            evidence, extra = [ev], f" What it does record between them: {st}"
        else:
            for e in (a, b):
                ev = comment_evidence(fb, e)
                if ev:
                    evidence.append(ev)
        return Answer(answer=f"No, the graph records no \"{relation}\" relation between {la} "
                             f"and {lb}." + extra,
                      entities=entity_refs(fb, [a, b]), evidence=evidence, confidence=0.6,
                      sparql=None, kind="boolean")

    def _same_direction(self, fact, a: str, b: str, q: str, terms: list[str]) -> bool:
        """Does ``fact`` state the relation with ``a`` as the agent (``b`` in a passive question
        such as "was A funded by B")? Symmetric relations read both ways. A predicate labelled
        in the passive ("developed by") has its agent as object."""
        fb = self._fb
        passive = bool(re.search(r"\bby\b", q, re.I))
        agent = b if passive else a
        if fact.kind == "triple":
            if str(OWL.SymmetricProperty) in fb.types.get(fact.predicate, ()):
                return True
            label = fb.pred_label(fact.predicate).lower()
            verb = label.split()[0] if label else ""
            if label.endswith((" to", " from")) or stem(verb) not in {stem(t) for t in terms}:
                return True   # the label does not say who acts ("licensed to"): no judgement
            doer = fact.object if label.endswith(" by") else fact.subject
            return doer == agent or {fact.subject, fact.object} != {a, b}
        # A fact node: the agent's role, not the other's, is the one the verb names
        # (investor vs investee), when a role is named by the question's verb at all.
        doers = {v for p, v in fact.roles if is_node(v) and self._role_named(p, terms)}
        return not doers or agent in doers

    def _lookup_boolean_single(self, q, linked, intent, anchors) -> Answer:
        """"Is X a Y?" / "Did X <verb>?" with one entity: check its facts for the relation."""
        fb = self._fb
        facts = self._candidates(anchors)
        ranked, terms = self._rank(q, linked, intent, facts, anchors)
        ranked = self._temporal_filter(ranked, intent)
        classes = [m.iri for m in linked.classes]
        if classes and set(classes) & fb.all_types(anchors[0]):
            ev = comment_evidence(fb, anchors[0])
            return Answer(answer=f"Yes. {fb.label(anchors[0])} is a "
                                 f"{fb.label(classes[0])}.",
                          entities=entity_refs(fb, anchors), evidence=[ev] if ev else [],
                          confidence=0.8, kind="boolean")
        if ranked and self._supported(ranked[0], terms) and terms:
            ev, st = compose.evidence(fb, ranked[0].fact)
            return Answer(answer="Yes. " + st, entities=entity_refs(fb, anchors), evidence=[ev],
                          confidence=compose.confidence_for(fb, [ranked[0].fact],
                                                            ranked[0].score), kind="boolean")
        return self._abstain_known(anchors, q, linked, terms=terms, near=ranked[:1])
