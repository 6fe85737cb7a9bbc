"""Lookup answers (factoid, list, count, amount, date): rank the facts around the question's
entities, keep those that state the asked relation, group them by shape and read the answer
slots, preferring facts in force (no end date) unless the question names a time."""

from __future__ import annotations


from rdflib.namespace import OWL

from . import compose
from .answer import Answer
from .facts import Fact, is_node, literal_kind
from .intent import Intent
from .linking import Linked
from .retrieval import Scored
from .temporal import fact_periods, overlaps
from .normalize import fold, stem
from .slots import AGENT_HINTS, fact_date
from .wording import counted_mention


class LookupAnswerer:
    """Answers questions whose answer is a value or a set of values.

    A mixin of :class:`~kgqa.qa.engine.QAEngine`: it uses the engine's facts, ranker
    and linker (``self._fb``, ``self._rank``, ...).
    """

    def _lookup(self, q: str, linked: Linked, intent: Intent, anchors: list[str],
                context: dict) -> Answer:
        fb = self._fb
        facts = self._candidates(anchors)
        if len(anchors) >= 2:
            # The first-named entity is what the question is about: "did Apple invest in
            # OpenAI" must not be answered with someone else's investment in OpenAI. Facts
            # joining both rank higher (see Ranker.rank).
            # A part named after the subject ("Microsoft AI" of "Microsoft") stands for it too.
            head = fold(fb.label(anchors[0]))
            about = {anchors[0]} | {a for a in anchors[1:]
                                    if f" {head} " in f" {fold(fb.label(a))} "}
            facts = [f for f in facts if about & self._touched(f)]
        facts = self._of_classes(facts, linked)
        if not facts:
            return self._abstain_known(anchors, q, linked, reason="no facts")
        ranked, terms = self._rank(q, linked, intent, facts, anchors,
                                   force_dense=intent.kind in ("list",) and not linked.classes)
        ranked = self._temporal_filter(ranked, intent)
        # "before/after <name>" asks about a time relative to that name's fact: roles that
        # ended are then as good as current ones (see _ordered_around).
        pivoted = any(m.start > 0 and linked.tokens[m.start - 1] in ("before", "after")
                      for m in linked.entities)
        if not pivoted:
            ranked = self._demote_ended(ranked, intent, terms)
        # The leading fact must state the asked relation; one the model merely finds close
        # (it shares the question's names) gives way to the next that does.
        top = next((s for i, s in enumerate(ranked[:5]) if self._supported(s, terms)
                    and (i == 0 or self._supported_strongly(s))), None)
        if top is None:
            return self._abstain_known(anchors, q, linked, terms=terms, near=ranked[:1])
        classes = [m.iri for m in linked.classes]
        exclude = set(anchors) | (context.get("exclude", set()) if intent.other else set())
        named = {m.iri for m in linked.mentions if m.kind == "entity"}

        score = {s.fact.id: s for s in ranked}

        found: dict[str, list] = {}   # values() per fact: the bar, the groups and their members ask

        def values(s: Scored):
            got = found.get(s.fact.id)
            if got is None:
                got = found[s.fact.id] = _values(s)
            return got

        def _values(s: Scored):
            out = []
            order = [s.fact]
            if intent.kind == "date":
                order += self._backing(s.fact, score)
            elif intent.kind == "count" and intent.counted != "class":
                # A figure reported about the fact comes before counting the fact's parties.
                order = [f for f in self._about(s.fact)
                         if any(literal_kind(v) == "number" for _, v in f.roles
                                if not is_node(v))] + order
            for fact in order:
                for p, v in self._slots(fact, anchors, intent, terms, classes):
                    if is_node(v) and (v in exclude or v in named):
                        continue  # the answer is never something the question already names
                    out.append((fact, p, v))
                if out:
                    break
            return out

        # Facts of one shape (same predicate, or same fact class with the question's entities
        # in the same roles) answer together; the best-scoring shape that yields values wins.
        groups: dict[tuple, list[Scored]] = {}
        # "How many times ...", "how many issues ..." (a kind of fact, not of entity): each
        # fact of the shape is one.
        counted = counted_mention(linked) if intent.kind == "count" else None
        occurrences = intent.kind == "count" and ("times" in linked.tokens or bool(
            counted is not None and counted.kind == "class" and counted.iri in fb.fact_classes))
        if occurrences:
            ranked = [s for s in ranked if s.fact.kind == "node"] or ranked  # count occurrences
        # The bar is set by the best fact that can answer: one whose every value the question
        # already names ("who replaced X as CEO": the fact about X) cannot.
        bar = next((s for s in ranked[:10] if self._supported(s, terms) and values(s)
                    and (s is top or pivoted or self._supported_strongly(s))), top)
        for s in ranked:
            if s.score < 0.6 * bar.score or not self._supported(s, terms):
                continue
            groups.setdefault(self._shape(s.fact, anchors), []).append(s)
        # "How many people/companies ...": counting agents, which the values' types can check.
        counts_agents = intent.kind == "count" and _counted_word(linked.tokens) in AGENT_NOUNS
        want_agent = intent.wh == "who" or counts_agents
        results: list[tuple[Fact, str, object]] = []
        many = False
        # "What models ...": values of the kind named first, when any fact yields one.
        want_types = [c for c in classes if c not in fb.fact_classes]
        for strict in ((True, False) if want_agent or want_types else (False,)):
            for group in groups.values():
                # A fact whose every value the question already names cannot answer; the
                # group is led by the best one that can ("principal conductor before Lena
                # Voss": Lena Voss's own appointment leads no answer).
                if not occurrences:
                    group = [g for g in group if values(g)] or group
                head = group[0]
                if intent.kind == "count" and not classes and head.lexical < 0.8 \
                        and not counts_agents \
                        and not any(literal_kind(v) == "number" for _, v in head.fact.roles
                                    if not is_node(v)):
                    continue  # counting needs the thing counted to be named by the graph
                many = intent.kind in ("list", "count") or bool(
                    head.fact.kind == "node" and classes
                    and set(classes) & fb.all_types(head.fact.node))
                # Facts of one shape state the same relation; which of them the model finds
                # closer to the question mostly reflects names, so keep every equal match.
                members = [g for g in group if g.score >= head.score * (0.6 if many else 0.9)
                           or (head.fact.kind == "triple" and g.lexical >= head.lexical - 1e-6)]
                if not many:
                    members = (members if pivoted else self._prefer_current(members, intent))[:3]
                if occurrences:
                    # "How many times": each fact of the shape is one occurrence; a running
                    # total restates earlier ones and is not another.
                    got = [(g.fact, None, None) for g in members[:25]
                           if not _is_aggregate(g.fact)]
                else:
                    got = [r for g in members[:25] for r in values(g)]
                if strict and want_agent:
                    got = [r for r in got if is_node(r[2]) and self._is_agent(r[2])]
                if strict and want_types:
                    got = [r for r in got if is_node(r[2]) and want_types[0] in fb.all_types(r[2])]
                if got:
                    results = got
                    top = head
                    break
            if results:
                break
        results = self._ordered_around(results, linked, anchors, ranked)
        modifiers = set(context.get("modifiers", ()))
        if modifiers:
            # "Microsoft products": values the graph links to Microsoft, when there are any.
            linked_to = [r for r in results if is_node(r[2]) and any(
                modifiers & fb.facts[fid].entities for fid in fb.by_entity.get(r[2], ()))]
            results = linked_to or results
        if not results:
            return self._abstain_known(anchors, q, linked, terms=terms, near=ranked[:1])
        if intent.kind == "count" and _asks_headcount(linked.tokens) and not any(
                v is not None and not is_node(v) for _, _, v in results):
            # "How many employees does X have?" asks for a headcount; the people the graph
            # happens to name are not one.
            named = list(dict.fromkeys(v for _, _, v in results if is_node(v)))
            answer = self._abstain_known(anchors, q, linked)
            answer.answer = (f"The graph holds no headcount for {fb.label(anchors[0])}. It names "
                             f"{len(named)} of its people: "
                             f"{compose.join([fb.label(v) for v in named[:10]])}.")
            return answer
        as_statements = bool(many and intent.kind not in ("list", "count", "date", "amount")) \
            or (intent.kind != "count" and all(v is None for _, _, v in results))
        # (Active role names only: "held over" names the party leverage is held over, which
        # "what leverage does X hold" does not ask for.)
        stems = {stem(t) for t in terms}
        role_asked = top.fact.kind == "node" and any(
            is_node(v) and v not in anchors and stems & self._ranker.active_role_words(p)
            for p, v in top.fact.roles)
        if role_asked and intent.kind not in ("count",):
            as_statements = False   # "who wrote the story": the role's values, not the story
        elif intent.kind == "list" and intent.wh in ("what", "which") \
                and top.fact.kind == "node" and classes and classes[0] in fb.fact_classes \
                and classes[0] in fb.all_types(top.fact.node):
            as_statements = True   # "what are the issues": the issue facts themselves
        return self._compose_values(intent, results, top.score, anchors, linked, as_statements,
                                    occurrences)

    def _ordered_around(self, results, linked: Linked, anchors: list[str], ranked) -> list:
        """"Who was X's conductor before Lena Voss?": keep the values whose facts ended by the
        time the named person's matching fact began (after: began once it had), nearest
        first. Without dates to compare, the results stay as they are."""
        fb = self._fb
        toks = linked.tokens
        for m in linked.entities:
            if m.start == 0 or toks[m.start - 1] not in ("before", "after"):
                continue
            before = toks[m.start - 1] == "before"
            own = next((s.fact for s in ranked if s.fact.kind == "node"
                        and m.iri in self._touched(s.fact) and fact_periods(fb, s.fact)), None)
            if own is None:
                return results
            pivot = fact_periods(fb, own)[0][0]
            if pivot is None:
                return results
            kept = []
            for r in results:
                spans = fact_periods(fb, r[0])
                if not spans or r[0] is own:
                    continue
                start, end = spans[0]
                if before and (end or start) is not None and (end or start) <= pivot:
                    kept.append((end or start, r))
                elif not before and start is not None and start >= pivot:
                    kept.append((start, r))
            if kept:
                kept.sort(key=lambda x: x[0], reverse=before)   # the nearest first
                return [r for _, r in kept]
            return results
        return results

    def _backing(self, fact: Fact, ranked: dict) -> list[Fact]:
        """Fact nodes behind a direct triple (linking both its ends), where its dates live:
        those that match the question themselves, best first."""
        fb = self._fb
        if fact.kind != "triple" or not is_node(fact.object):
            return []
        # Only a node that states the asked relation itself backs the triple: another event
        # between the same two (a reinstatement, not the founding) has another date.
        got = [ranked[fid] for fid in fb.by_entity.get(fact.subject, ())
               if fid in ranked and fb.facts[fid].kind == "node"
               and fact.object in fb.facts[fid].entities
               and self._supported_strongly(ranked[fid])]
        return [s.fact for s in sorted(got, key=lambda s: -s.score)]

    def _about(self, fact: Fact) -> list[Fact]:
        """Facts about a fact node (claims that report a figure about an event): where a count
        lives when the event itself states none."""
        fb = self._fb
        if fact.kind != "node":
            return []
        return [fb.facts[fid] for fid in fb.by_entity.get(fact.node, ())
                if fid != fact.id and fb.facts[fid].kind == "node"
                and any(v == fact.node for _, v in fb.facts[fid].roles)]

    def _compose_values(self, intent: Intent, results, match: float, anchors, linked,
                        as_statements: bool = False, occurrences: bool = False) -> Answer:
        fb = self._fb
        values, evidence, statements, facts = [], [], [], []
        seen_facts = set()
        for fact, p, v in results:
            text = compose.value_text(fb, fact, p, v) if v is not None else ""
            if intent.kind in ("amount", "date") and fact.kind == "node":
                when = fact_date(fb, fact) if intent.kind == "amount" else None
                if when:
                    text = f"{text} ({when})"
            values.append(text)
            if fact.id not in seen_facts:
                seen_facts.add(fact.id)
                ev, st = compose.evidence(fb, fact, p, v)
                evidence.append(ev)
                statements.append(st)
                facts.append(fact)
        values = list(dict.fromkeys(values))
        ent_vals = list(dict.fromkeys(v for _, _, v in results if is_node(v)))
        if intent.kind == "count":
            numeric = [v for _, _, v in results if v is not None and not is_node(v)]
            if occurrences:
                n = len({f.id for f, _, _ in results})
                first = f"{n}."
            elif numeric and not ent_vals:
                first = f"{compose.value_text(fb, results[0][0], results[0][1], numeric[0])}."
            else:
                first = f"{len(ent_vals)}: {compose.join([fb.label(v) for v in ent_vals])}."
        else:
            first = compose.join(values) + "."
            first = first[:1].upper() + first[1:]
        if as_statements:
            first = statements[0]
            statements = statements[1:]
        text = " ".join([first] + statements[:6])
        fact0, p0, _ = results[0]
        anchor = next((a for a in anchors if a in fact0.entities or fact0.kind == "node"), None)
        sparql = compose.sparql_select(fb, fact0, anchor, p0, count=intent.kind == "count")
        entities = [{"iri": v, "label": fb.label(v)} for v in ent_vals] + \
            [{"iri": a, "label": fb.label(a)} for a in anchors if a not in ent_vals]
        return Answer(answer=text, entities=entities, evidence=evidence,
                      confidence=compose.confidence_for(fb, facts, match), abstained=False,
                      sparql=sparql, kind=intent.kind)

    def _temporal_filter(self, ranked: list[Scored], intent: Intent) -> list[Scored]:
        if not intent.period:
            return ranked
        kept = []
        for s in ranked:
            spans = fact_periods(self._fb, s.fact)
            if not spans or any(overlaps(span, intent.period) for span in spans):
                kept.append(s)
        return kept

    def _shape(self, fact: Fact, anchors: list[str]) -> tuple:
        if fact.kind == "triple":
            # A symmetric relation reads the same both ways: one shape for either direction.
            symmetric = str(OWL.SymmetricProperty) in self._fb.types.get(fact.predicate, ())
            return ("t", fact.predicate, None if symmetric else fact.subject in anchors)
        types = sorted(fact.types)
        roles = tuple(sorted(p for p, v in fact.roles if v in anchors))
        return ("n", types[0] if types else "", roles)

    def _demote_ended(self, ranked: list[Scored], intent: Intent, terms) -> list[Scored]:
        """Without a date in the question, roles that have ended rank below ones still held."""
        if intent.period or not ranked:
            return ranked
        top = [s for s in ranked[:40] if self._supported(s, terms)]
        spans = {s.fact.id: [x for x in fact_periods(self._fb, s.fact) if x[0] != x[1]]
                 for s in top}
        if not any(any(x[1] is None and x[0] is not None for x in sp) for sp in spans.values()):
            return ranked
        for s in top:
            sp = spans[s.fact.id]
            if sp and all(x[1] is not None for x in sp):
                s.score -= 0.3
        ranked.sort(key=lambda s: (-s.score, s.fact.id))
        return ranked

    def _prefer_current(self, chosen: list[Scored], intent: Intent) -> list[Scored]:
        """Without a date in the question, a role that has ended yields to one that has not."""
        if intent.period or len(chosen) < 2:
            return chosen
        def spans(s):
            return [x for x in fact_periods(self._fb, s.fact) if x[0] != x[1]]
        open_ended = [s for s in chosen if any(x[1] is None and x[0] is not None
                                               for x in spans(s))]
        ended = [s for s in chosen if spans(s) and all(x[1] is not None for x in spans(s))]
        if open_ended and ended:
            return [s for s in chosen if s not in ended]
        return chosen


AGENT_NOUNS = frozenset(AGENT_HINTS) | {h + "s" for h in AGENT_HINTS} | {"companies"}
_AGGREGATE_WORDS = ("total", "cumulative", "overall", "in all")


def _is_aggregate(fact: Fact) -> bool:
    """A fact that sums others up: a text value of it says "total" or "cumulative"."""
    return fact.kind == "node" and any(
        not is_node(v) and literal_kind(v) == "text" and any(w in str(v).lower()
                                                            for w in _AGGREGATE_WORDS)
        for _, v in fact.roles)


def _counted_word(tokens: list[str]) -> str:
    for i in range(len(tokens) - 2):
        if tokens[i] == "how" and tokens[i + 1] == "many":
            return tokens[i + 2]
    return ""


_WORKFORCE = frozenset("employees employee staff staffers workers personnel headcount people "
                       "workforce".split())


def _asks_headcount(tokens: list[str]) -> bool:
    """"How many employees/staff/people does X have (employ)?", "how many people work at X"."""
    for i in range(len(tokens) - 2):
        if tokens[i] == "how" and tokens[i + 1] == "many" and tokens[i + 2] in _WORKFORCE:
            rest = tokens[i + 3:]
            return any(w in rest for w in ("have", "has", "had", "employ", "employs", "work",
                                            "works", "worked"))
    return False
