"""QAEngine: answer a question from the graph alone, with evidence, sources and abstention.

``QAEngine(kg, settings).ask(question, history=None) -> Answer``. The engine reads the graph
once into a :class:`~kgqa.qa.facts.FactBase` (rebuilt when the graph changes), links entities,
detects the question kind, ranks facts and composes an answer whose every sentence comes from
an evidence fact. The embedding model and vector index load on first need only: questions the
graph's own words settle are answered without them.
"""

from __future__ import annotations

import threading
import time
from datetime import date

from kgqa.settings import Settings

from . import compose
from .answer import Answer, Evidence
from .embeddings import Embedder
from .errors import QuestionError
from .facts import Fact, FactBase, is_node, literal_kind
from .followups import resolve
from .index import VectorIndex
from .intent import Intent, detect
from .linking import Linked, Linker
from .normalize import clean
from .retrieval import Ranker, Scored
from .temporal import fact_period, fact_periods, overlaps, period_text

MAX_INDEXED_FACTS = 100_000
SUPPORT_LEXICAL = 0.3
SUPPORT_DENSE = 0.5
DENSE_MARGIN = 0.15
AGENT_HINTS = ("person", "people", "organisation", "organization", "company", "agent", "lab",
               "firm", "researcher", "funder", "investor", "outlet", "regulator", "university")
PLACE_HINTS = ("place", "city", "country", "location", "region", "town")


class QAEngine:
    """Question answering over one :class:`~kgqa.graph.KnowledgeGraph`."""

    def __init__(self, kg, settings: Settings | None = None):
        self.kg = kg
        self.settings = settings or Settings()
        self.embedder = Embedder(self.settings.model, self.settings.device)
        self._lock = threading.RLock()
        self._version = None
        self._fb: FactBase | None = None
        self._index: VectorIndex | None = None
        self.last_build: dict[str, float] = {}
        self._local = threading.local()  # per-request timing, safe under a thread pool

    # ------------------------------------------------------------------ lazy state

    def _state(self) -> tuple[FactBase, Linker, Ranker]:
        version = getattr(self.kg, "version", 0)
        if self._fb is None or version != self._version:
            with self._lock:
                if self._fb is None or version != self._version:
                    t0 = time.perf_counter()
                    fb = FactBase(self.kg.triples())
                    self._linker = Linker(fb)
                    self._ranker = Ranker(fb)
                    self._fb, self._version, self._index = fb, version, None
                    self.last_build["facts_s"] = time.perf_counter() - t0
        return self._fb, self._linker, self._ranker

    def index(self) -> VectorIndex:
        """The vector index over verbalised facts (loaded from the cache or built)."""
        fb, _, _ = self._state()
        if self._index is None:
            with self._lock:
                if self._index is None:
                    facts = list(fb.facts.values())
                    if len(facts) > MAX_INDEXED_FACTS:
                        # Large graphs: entities and fact nodes only, not every triple.
                        ids = [f.id for f in facts if f.kind == "node"]
                        texts = [fb.facts[i].text for i in ids]
                        ids += sorted(fb.entities)
                        texts += [self._entity_text(fb, e) for e in sorted(fb.entities)]
                    else:
                        ids = [f.id for f in facts]
                        texts = [f.text for f in facts]
                    t0 = time.perf_counter()
                    self._index = VectorIndex.build(
                        ids, texts, self.embedder, content_hash=self.kg.content_hash(),
                        cache_dir=self.settings.resolved_cache_dir,
                        ann_threshold=self.settings.ann_threshold)
                    self.last_build["index_s"] = time.perf_counter() - t0
        return self._index

    @staticmethod
    def _entity_text(fb: FactBase, e: str) -> str:
        comment = fb.comments.get(e, "")
        return f"{fb.label(e)}. {comment}".strip()

    def warm(self) -> "QAEngine":
        """Build everything now (facts, model, index) instead of on first need."""
        self._state()
        self.index()
        return self

    # ------------------------------------------------------------------ public API

    def ask(self, question: str, history: list[dict] | None = None) -> Answer:
        """Answer ``question``; ``history`` is a list of ``{"role", "content"}`` chat messages.

        Raises :class:`QuestionError` (400) for an empty or non-text question and (413) for one
        longer than ``settings.max_question_chars``. Any other text is answered or abstained on.
        """
        t0 = time.perf_counter()
        if not isinstance(question, str):
            raise QuestionError("question must be text", status=400)
        limit = self.settings.max_question_chars
        if len(question) > limit:
            raise QuestionError(f"question is {len(question)} characters long; the limit is "
                                f"{limit} (setting max_question_chars)", status=413)
        text = clean(question)
        if not text:
            raise QuestionError("question is empty: type a question about the graph", status=400)
        fb, linker, ranker = self._state()
        t1 = time.perf_counter()
        resolved, context = resolve(text, history or [], linker)
        linked = linker.link(resolved)
        intent = detect(resolved)
        t2 = time.perf_counter()
        self._local.dense_ms = 0.0
        answer = self._answer(resolved, linked, intent, context, depth=0)
        t3 = time.perf_counter()
        answer.resolved_question = resolved
        answer.timings = {"total_ms": (t3 - t0) * 1000, "prepare_ms": (t1 - t0) * 1000,
                          "link_ms": (t2 - t1) * 1000, "answer_ms": (t3 - t2) * 1000,
                          "embed_ms": self._local.dense_ms}
        return answer

    # ------------------------------------------------------------------ dispatch

    def _answer(self, q: str, linked: Linked, intent: Intent, context: dict, depth: int) -> Answer:
        fb = self._fb
        if intent.nested and depth < 2:
            got = self._multihop(q, linked, intent, context, depth)
            if got is not None:
                return got
        anchors = [m.iri for m in linked.anchors]
        if not anchors:
            return self._no_anchor(q, linked, intent)
        if linked.unknown and intent.kind != "describe":
            # The question names something the graph does not know: any answer would be about
            # something else.
            return self._abstain_known(anchors, q, linked)
        if intent.kind == "connection" and len(anchors) >= 2:
            return self._connection(anchors[0], anchors[1], q, linked)
        if intent.kind == "describe" and len(anchors) == 1 and \
                not self._ranker.relation_terms(linked, self._extra_skip(linked, intent)):
            return self._describe(anchors[0])
        if intent.kind == "boolean":
            return self._boolean(q, linked, intent, anchors)
        if intent.kind == "why":
            return self._why(q, linked, intent, anchors)
        return self._lookup(q, linked, intent, anchors, context)

    def _extra_skip(self, linked: Linked, intent: Intent) -> set[int]:
        """Token positions of the date and amount, which are constraints, not relation words."""
        skip = set()
        extra = " ".join(filter(None, [intent.period_text])).lower().split()
        for i, t in enumerate(linked.tokens):
            if t in extra or t[:1].isdigit():
                skip.add(i)
        return skip

    # ------------------------------------------------------------------ candidates

    def _candidates(self, anchors: list[str]) -> list[Fact]:
        fb = self._fb
        seen: dict[str, Fact] = {}
        for a in anchors:
            for fid in fb.by_entity.get(a, ()):
                seen.setdefault(fid, fb.facts[fid])
        return list(seen.values())

    def _dense(self, q: str, facts: list[Fact]) -> dict[str, float]:
        t0 = time.perf_counter()
        index = self.index()
        vec = self.embedder.encode_queries([q])[0]
        got = index.scores([f.id for f in facts], vec)
        self._local.dense_ms += (time.perf_counter() - t0) * 1000
        return got

    def _rank(self, q: str, linked: Linked, intent: Intent, facts: list[Fact], anchors: list[str],
              force_dense: bool = False) -> tuple[list[Scored], list[str]]:
        terms = self._ranker.relation_terms(linked, self._extra_skip(linked, intent))
        constraints = [m.iri for m in linked.entities if m.iri not in anchors]
        classes = [m.iri for m in linked.classes]
        ranked = self._ranker.rank(facts, terms, anchors=anchors, constraints=constraints,
                                   classes=classes)
        # Words alone settle it only when one fact clearly leads; ties go to the model.
        decisive = ranked and ranked[0].lexical >= 0.5 and (
            len(ranked) == 1 or ranked[0].score - ranked[1].score >= 0.15)
        if facts and (force_dense or not decisive):
            dense = self._dense(q, facts)
            ranked = self._ranker.rank(facts, terms, anchors=anchors, constraints=constraints,
                                       classes=classes, dense=dense)
            values = sorted(dense.values())
            baseline = values[len(values) // 2] if len(values) >= 4 else 0.45
            for s in ranked:
                s.baseline = baseline
        if intent.amount or len(anchors) >= 2:
            for s in ranked:
                s.score += self._shape_bonus(s.fact, intent, anchors)
            ranked.sort(key=lambda s: (-s.score, s.fact.id))
        return ranked, terms

    def _shape_bonus(self, fact: Fact, intent: Intent, anchors: list[str]) -> float:
        """Facts carrying the amount the question names; facts naming the question's entities
        in the same order (who relies on whom)."""
        fb = self._fb
        bonus = 0.0
        if intent.amount and fact.kind == "node":
            for _, v in fact.roles:
                if not is_node(v) and literal_kind(v) == "number":
                    try:
                        x = float(v.toPython())
                    except (TypeError, ValueError):
                        continue
                    if x and abs(x - intent.amount) / max(x, intent.amount) <= 0.1:
                        bonus += 0.6
                        break
        if len(anchors) >= 2:
            text = fact.text.lower()
            pos = [text.find(fb.label(a).lower()) for a in anchors[:2]]
            if fact.kind == "triple" and is_node(fact.object):
                pos = [0 if fact.subject == anchors[0] else 1,
                       0 if fact.subject == anchors[1] else 1]
            if pos[0] >= 0 and pos[1] >= 0 and pos[0] != pos[1]:
                bonus += 0.2 if pos[0] < pos[1] else 0.0
        return bonus

    def _supported(self, s: Scored, terms: list[str]) -> bool:
        """Does the fact express the question's relation (not just mention its entities)?"""
        if not terms:
            return True
        if s.lexical >= SUPPORT_LEXICAL:
            return True
        # Every fact about an entity resembles a question naming it; only a fact that stands
        # out from its neighbours' similarity counts as matching by meaning.
        return s.dense is not None and s.dense >= SUPPORT_DENSE and \
            s.dense - s.baseline >= DENSE_MARGIN

    # ------------------------------------------------------------------ slots

    def _is_agent(self, v) -> bool:
        types = self._fb.all_types(v)
        words = " ".join(self._fb.label(t).lower() for t in types)
        return any(h in words for h in AGENT_HINTS) or any(
            t.endswith(("Person", "Organization", "Agent")) for t in types)

    def _is_place(self, v) -> bool:
        words = " ".join(self._fb.label(t).lower() for t in self._fb.all_types(v))
        return any(h in words for h in PLACE_HINTS)

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
            hit = [(p, v) for p, v in cands
                   if {w[:5] for w in fb.pred_label(p).lower().split()} & term_stems]
            return hit or cands

        if wh == "when" or intent.kind == "date":
            dates = [(p, v) for p, v in lits if literal_kind(v) == "date"]
            return _pick_date(fb, dates, terms)
        if wh in ("how much",) or intent.kind == "amount":
            nums = [(p, v) for p, v in lits if literal_kind(v) == "number"]
            return by_role(nums)[:1] if nums else []
        if intent.kind == "count":
            nums = [(p, v) for p, v in lits if literal_kind(v) == "number"]
            hit = [(p, v) for p, v in nums
                   if {w[:5] for w in fb.pred_label(p).lower().split()} & term_stems]
            return hit[:1] if hit else ents
        if wh == "who":
            agents = [(p, v) for p, v in ents if self._is_agent(v)]
            return by_role(agents or ents)
        if wh == "where":
            places = [(p, v) for p, v in ents if self._is_place(v)]
            return places or ents
        if classes:
            typed = [(p, v) for p, v in ents if set(classes) & fb.all_types(v)]
            if typed:
                return typed
        if ents:
            return by_role(ents)
        texts = [(p, v) for p, v in lits if literal_kind(v) == "text"]
        return by_role(texts) if texts else lits

    # ------------------------------------------------------------------ kinds

    def _lookup(self, q: str, linked: Linked, intent: Intent, anchors: list[str],
                context: dict) -> Answer:
        fb = self._fb
        facts = self._candidates(anchors)
        if not facts:
            return self._abstain_known(anchors, q, linked, reason="no facts")
        ranked, terms = self._rank(q, linked, intent, facts, anchors,
                                   force_dense=intent.kind in ("list",) and not linked.classes)
        ranked = self._temporal_filter(ranked, intent)
        ranked = self._demote_ended(ranked, intent, terms)
        if not ranked or not self._supported(ranked[0], terms):
            return self._abstain_known(anchors, q, linked, terms=terms, near=ranked[:1])
        classes = [m.iri for m in linked.classes]
        top = ranked[0]
        exclude = set(anchors) | (context.get("exclude", set()) if intent.other else set())
        asked = " " + " ".join(linked.tokens) + " "

        def values(s: Scored):
            out = []
            for p, v in self._slots(s.fact, anchors, intent, terms, classes):
                if is_node(v) and (v in exclude or f" {_folded(fb.label(v))} " in asked):
                    continue  # the answer is never something the question already names
                out.append((s.fact, p, v))
            return out

        # Facts of one shape (same predicate, or same fact class with the question's entities
        # in the same roles) answer together; the best-scoring shape that yields values wins.
        groups: dict[tuple, list[Scored]] = {}
        if intent.kind == "count" and "times" in linked.tokens:
            ranked = [s for s in ranked if s.fact.kind == "node"] or ranked  # count occurrences
        for s in ranked:
            if s.score < 0.6 * top.score or not self._supported(s, terms):
                continue
            groups.setdefault(self._shape(s.fact, anchors), []).append(s)
        want_agent = intent.wh == "who"
        results: list[tuple[Fact, str, object]] = []
        many = False
        for strict in ((True, False) if want_agent else (False,)):
            for group in groups.values():
                head = group[0]
                if intent.kind == "count" and not classes and head.lexical < 0.8 \
                        and not any(literal_kind(v) == "number" for _, v in head.fact.roles
                                    if not is_node(v)):
                    continue  # counting needs the thing counted to be named by the graph
                many = intent.kind in ("list", "count") or bool(
                    head.fact.kind == "node" and classes
                    and set(classes) & fb.all_types(head.fact.node))
                members = [g for g in group if g.score >= head.score * (0.6 if many else 0.9)]
                if not many:
                    members = self._prefer_current(members, intent)[:3]
                got = [r for g in members[:25] for r in values(g)]
                if strict:
                    got = [r for r in got if is_node(r[2]) and self._is_agent(r[2])]
                if got:
                    results = got
                    top = head
                    break
            if results:
                break
        if not results:
            return self._abstain_known(anchors, q, linked, terms=terms, near=ranked[:1])
        as_statements = bool(many and intent.kind not in ("list", "count"))
        return self._compose_values(intent, results, top.score, anchors, linked, as_statements)

    def _compose_values(self, intent: Intent, results, match: float, anchors, linked,
                        as_statements: bool = False) -> Answer:
        fb = self._fb
        values, evidence, statements, facts = [], [], [], []
        seen_facts = set()
        for fact, p, v in results:
            text = compose.value_text(fb, fact, p, v)
            if intent.kind in ("amount", "date") and fact.kind == "node":
                when = _fact_date(fb, fact) if intent.kind == "amount" else None
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
            numeric = [v for _, _, v in results if not is_node(v)]
            if "times" in linked.tokens:
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

    @staticmethod
    def _shape(fact: Fact, anchors: list[str]) -> tuple:
        if fact.kind == "triple":
            return ("t", fact.predicate, fact.subject in anchors)
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
        ranked, terms = self._rank(q, linked, intent, facts, [a, b])
        relation = " ".join(terms) or "relation"
        supported = [s for s in ranked if self._supported(s, terms)]
        if supported:
            # Only facts about as relevant as the best one speak to the question.
            supported = [s for s in supported if s.score >= 0.75 * supported[0].score]
        la, lb = fb.label(a), fb.label(b)
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
                    entities=_ents(fb, [a, b]), evidence=[ev],
                    confidence=compose.confidence_for(fb, [f], outside[0].lexical),
                    sparql=compose.sparql_ask(fb, f, a, b), kind="boolean")
            supported = in_period
        if supported:
            best = supported[:3]
            evs, sts = zip(*(compose.evidence(fb, s.fact) for s in best))
            when = f" As of {intent.period_text}, the fact was in force." if intent.period else ""
            return Answer(answer="Yes. " + " ".join(sts) + when, entities=_ents(fb, [a, b]),
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
                ev = _describe_evidence(fb, e)
                if ev:
                    evidence.append(ev)
        return Answer(answer=f"No, the graph records no {relation} between {la} and {lb}."
                             + extra,
                      entities=_ents(fb, [a, b]), evidence=evidence, confidence=0.6,
                      sparql=None, kind="boolean")

    def _lookup_boolean_single(self, q, linked, intent, anchors) -> Answer:
        """"Is X a Y?" / "Did X <verb>?" with one entity: check its facts for the relation."""
        fb = self._fb
        facts = self._candidates(anchors)
        ranked, terms = self._rank(q, linked, intent, facts, anchors)
        ranked = self._temporal_filter(ranked, intent)
        classes = [m.iri for m in linked.classes]
        if classes and set(classes) & fb.all_types(anchors[0]):
            ev = _describe_evidence(fb, anchors[0])
            return Answer(answer=f"Yes. {fb.label(anchors[0])} is a "
                                 f"{fb.label(classes[0])}.",
                          entities=_ents(fb, anchors), evidence=[ev] if ev else [],
                          confidence=0.8, kind="boolean")
        if ranked and self._supported(ranked[0], terms) and terms:
            ev, st = compose.evidence(fb, ranked[0].fact)
            return Answer(answer="Yes. " + st, entities=_ents(fb, anchors), evidence=[ev],
                          confidence=compose.confidence_for(fb, [ranked[0].fact],
                                                            ranked[0].score), kind="boolean")
        return self._abstain_known(anchors, q, linked, terms=terms, near=ranked[:1])

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
        return Answer(answer=" ".join(sts), entities=_ents(fb, anchors), evidence=evs,
                      confidence=compose.confidence_for(fb, chosen, ranked[0].score),
                      sparql=None, kind="why")

    def _describe(self, e: str) -> Answer:
        fb = self._fb
        ev = _describe_evidence(fb, e)
        kinds = [fb.label(t) for t in sorted(fb.types.get(e, ()))]
        comment = fb.comments.get(e)
        if comment:
            text = f"{fb.label(e)}: {comment}"
        elif kinds:
            text = f"{fb.label(e)} is a {kinds[0]}."
        else:
            text = f"{fb.label(e)} is in the graph."
        return Answer(answer=text, entities=_ents(fb, [e]), evidence=[ev] if ev else [],
                      confidence=0.9 if comment else 0.6,
                      sparql=compose.sparql_describe(e), kind="describe")

    def _connection(self, a: str, b: str, q: str, linked: Linked) -> Answer:
        from .paths import connect
        fb = self._fb
        direct, paths = connect(fb, a, b)
        evs, parts = [], []
        if direct:
            for f in direct[:4]:
                ev, st = compose.evidence(fb, f)
                evs.append(ev)
                parts.append(st)
            head = f"{fb.label(a)} and {fb.label(b)} are directly linked."
        elif paths:
            path_texts = []
            for path in paths[:3]:
                middle = [fb.label(n) for n in path.nodes[1:-1]]
                path_texts.append(" and ".join(middle) if middle else "")
                for f in path.facts:
                    ev, st = compose.evidence(fb, f)
                    if st not in parts:
                        evs.append(ev)
                        parts.append(st)
            head = (f"{fb.label(a)} is connected to {fb.label(b)} through "
                    f"{compose.join(path_texts)}.")
        else:
            return Answer(answer=f"The graph records no connection between {fb.label(a)} and "
                                 f"{fb.label(b)} within three steps.",
                          entities=_ents(fb, [a, b]), evidence=[], confidence=0.5,
                          abstained=True, kind="connection")
        return Answer(answer=" ".join([head] + parts), entities=_ents(fb, [a, b]),
                      evidence=evs, confidence=0.85, sparql=None, kind="connection")

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
            return None
        outer.answer = outer.answer + f" ({bridge['label']} is the {noun}: " + \
            " ".join(e.statement for e in inner.evidence[:1]) + ")"
        outer.evidence = outer.evidence + inner.evidence[:2]
        outer.entities = outer.entities + [bridge]
        outer.confidence = round(min(outer.confidence, inner.confidence), 3)
        outer.kind = "multihop"
        return outer

    # ------------------------------------------------------------------ abstention

    def _no_anchor(self, q: str, linked: Linked, intent: Intent) -> Answer:
        fb = self._fb
        if linked.classes and intent.kind in ("list", "count", "factoid"):
            members = sorted(e for e in fb.entities
                             if set(m.iri for m in linked.classes) & fb.all_types(e))
            terms = self._ranker.relation_terms(linked, self._extra_skip(linked, intent))
            if members and not terms:
                evs = [_type_evidence(fb, e, linked.classes[0].iri) for e in members[:25]]
                labels = [fb.label(e) for e in members]
                n = len(members)
                first = f"{n}: " if intent.kind == "count" else ""
                return Answer(answer=f"{first}{compose.join(labels[:25])}.",
                              entities=_ents(fb, members[:25]), evidence=evs, confidence=0.8,
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
                return Answer(answer=st, entities=_ents(fb, sorted(f.entities)), evidence=[ev],
                              confidence=round(min(0.9, hits[0][1]), 3), kind=intent.kind)
        return self._abstain_unknown(linked, [])

    def _suggest(self, anchors: list[str], q: str) -> tuple[list[str], list[str]]:
        fb = self._fb
        if anchors:
            near = []
            for f in self._candidates(anchors[:1]):
                near += [e for e in f.entities if e not in anchors]
            near = list(dict.fromkeys(near))[:4]
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
        what = " ".join(terms) if terms else "that"
        names = compose.join([fb.label(a) for a in anchors])
        text = f"The graph does not say {what} for {names}." if terms else \
            f"The graph has no facts that answer this about {names}."
        if linked.unknown:
            text += f" It has no entity named {compose.join(linked.unknown)}."
        ents, qs = self._suggest(anchors, q)
        if ents:
            text += f" It does cover {names} in relation to {compose.join(ents)}."
        if qs:
            text += " You could ask: " + " ".join(f'"{x}"' for x in qs)
        return Answer(answer=text, entities=_ents(fb, anchors), evidence=[], confidence=0.0,
                      abstained=True, sparql=None, kind="abstain")

    def _abstain_unknown(self, linked: Linked, anchors: list[str]) -> Answer:
        fb = self._fb
        if linked.unknown:
            text = f"The graph has no information about {compose.join(linked.unknown)}."
        else:
            text = "The graph has no facts that answer this question."
        ents, qs = self._suggest(anchors, " ".join(linked.raw))
        if ents:
            text += f" It covers entities such as {compose.join(ents)}."
        if qs:
            text += " You could ask: " + " ".join(f'"{x}"' for x in qs)
        return Answer(answer=text, entities=_ents(fb, anchors), evidence=[], confidence=0.0,
                      abstained=True, sparql=None, kind="abstain")


# ---------------------------------------------------------------------- helpers


def _folded(text: str) -> str:
    from .normalize import fold
    return fold(text)


def _ents(fb: FactBase, iris) -> list[dict]:
    return [{"iri": i, "label": fb.label(i)} for i in dict.fromkeys(iris)]


def _describe_evidence(fb: FactBase, e: str) -> Evidence | None:
    from rdflib.namespace import RDFS
    comment = fb.comments.get(e)
    if not comment:
        return None
    fact = Fact(id=e, kind="triple", subject=e, predicate=str(RDFS.comment), object=None,
                entities=frozenset((e,)), text=comment)
    source, _ = compose.best_source(fb, fact)
    return Evidence(subject={"iri": e, "label": fb.label(e)},
                    predicate={"iri": str(RDFS.comment), "label": "comment"},
                    object={"value": comment, "label": comment}, statement=comment,
                    source=source)


def _type_evidence(fb: FactBase, e: str, cls: str) -> Evidence:
    from rdflib.namespace import RDF
    return Evidence(subject={"iri": e, "label": fb.label(e)},
                    predicate={"iri": str(RDF.type), "label": "type"},
                    object={"iri": cls, "label": fb.label(cls)},
                    statement=f"{fb.label(e)} is a {fb.label(cls)}.", source=None)


def _fact_date(fb: FactBase, fact: Fact) -> str | None:
    for p, v in fact.roles:
        if not is_node(v) and literal_kind(v) == "date" and "end" not in fb.pred_label(p):
            return str(v)
    return None


_START = ("start", "begin", "become", "became", "join", "appoint", "named", "hire", "found",
          "launch", "take", "took", "get", "got")
_END = ("end", "leave", "left", "quit", "step", "remove", "fire", "ous", "give", "gave", "exit",
        "stop", "resign", "until")


def _pick_date(fb: FactBase, dates: list, terms: list[str]) -> list:
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
