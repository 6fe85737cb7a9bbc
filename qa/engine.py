"""QAEngine: answer a question from the graph alone, with evidence, sources and abstention.

``QAEngine(kg, settings).ask(question, history=None) -> Answer``. The engine reads the graph
once into a :class:`~kgqa.qa.facts.FactBase` (rebuilt when the graph changes), links entities,
detects the question kind, ranks facts and composes an answer whose every sentence comes from
an evidence fact. The embedding model and vector index load on first need only: questions the
graph's own words settle are answered without them.

One question reads one :class:`_Snapshot` (facts, linker, ranker and index of one graph
version) from start to end: an update committing meanwhile publishes a new snapshot for the
next question and never changes the one in use.
"""

from __future__ import annotations

import re
import threading
import time
from contextlib import nullcontext


from kgqa.ontology import DEFAULT_INDEX
from kgqa.settings import Settings

from .answer import Answer
from .embeddings import Embedder
from .errors import QuestionError
from .facts import Fact, FactBase, is_node, literal_kind
from .followups import resolve
from .index import VectorIndex
from .intent import Intent, detect
from .linking import AUXILIARIES as _AUXILIARIES, QUESTION_WORDS, Linked, Linker
from .normalize import clean, fold
from .retrieval import Ranker, Scored
from .abstention import AbstentionAnswerer
from .boolean import BooleanAnswerer
from .connections import ConnectionAnswerer
from .descriptions import DescriptionAnswerer
from .lookup import LookupAnswerer
from .multihop import MultihopAnswerer
from .reasons import ReasonAnswerer
from .slots import SlotPicker
from .pipeline import Pipeline
from .pipeline.pipeline import unmatched_hop
from . import wording

MAX_INDEXED_FACTS = 100_000
WARM_FACT_WORDS_LIMIT = 20_000
REL_PREFIX = "relation name: "   # index ids of relation names, apart from fact ids
RELATION_MATCH = 0.55            # relation similarity that alone makes a fact an answer
RELATION_NEAR = 0.45             # ... and that a fact the model finds close to the question needs
SUPPORT_LEXICAL = 0.3
SUPPORT_STRONG = 0.75            # the fact's own words carry every relation word
SUPPORT_SENTENCE = 0.69          # ... as written in its sentence (0.7 each, not synonyms)
RELATION_WEAK = 0.3              # a partial word match also needs a related relation name
SUPPORT_DENSE = 0.5
DENSE_MARGIN = 0.15


class _Snapshot:
    """The engine's read model of one graph version; never changed once published (the index
    is filled in on first need, from this snapshot's own facts)."""

    __slots__ = ("version", "fb", "linker", "ranker", "index")

    def __init__(self, version, fb: FactBase):
        self.version, self.fb = version, fb
        self.linker, self.ranker = Linker(fb), Ranker(fb)
        self.index: VectorIndex | None = None


class QAEngine(LookupAnswerer, BooleanAnswerer, ReasonAnswerer, ConnectionAnswerer,
               MultihopAnswerer, DescriptionAnswerer, AbstentionAnswerer, SlotPicker):
    """Question answering over one :class:`~kgqa.graph.KnowledgeGraph`.

    This class holds the shared state (facts, linker, ranker, vector index) and the dispatch;
    each kind of answer lives in its own module (``lookup``, ``boolean``, ``reasons``, ...).
    """

    def __init__(self, kg, settings: Settings | None = None):
        self.kg = kg
        self.settings = settings or Settings()
        self.embedder = Embedder(self.settings.model, self.settings.device)
        self._lock = threading.RLock()
        self._latest: _Snapshot | None = None
        self.last_build: dict[str, float] = {}
        self._local = threading.local()  # per-request snapshot and timing, safe in a pool
        # The second design (qa/pipeline): candidate query graphs from the store, ranked by
        # learned weights. It answers when its calibrated confidence clears the threshold
        # fitted with its weights; the rule-based answerers below take the rest until the
        # pipeline covers every kind of question.
        self.pipeline = Pipeline(kg, self.embedder)

    def _snapshot(self) -> _Snapshot:
        """The snapshot of the question being answered on this thread, else the latest."""
        return getattr(self._local, "snap", None) or self._current()

    def _current(self) -> _Snapshot:
        """The latest snapshot, built from the graph when its version changed."""
        snap = self._latest
        if snap is None or snap.version != getattr(self.kg, "version", 0):
            with self._lock:
                snap = self._latest
                if snap is None or snap.version != getattr(self.kg, "version", 0):
                    t0 = time.perf_counter()
                    reading = getattr(self.kg, "reading", nullcontext)
                    with reading():  # the version and its triples (one store snapshot)
                        version, triples = getattr(self.kg, "version", 0), self.kg.triples()
                    snap = _Snapshot(version, FactBase(triples))
                    self._latest = snap
                    self.last_build["facts_s"] = time.perf_counter() - t0
        return snap

    # The answerers read these; within a question they all resolve to its one snapshot.
    @property
    def _fb(self) -> FactBase:
        return self._snapshot().fb

    @property
    def _linker(self) -> Linker:
        return self._snapshot().linker

    @property
    def _ranker(self) -> Ranker:
        return self._snapshot().ranker

    @property
    def _index(self) -> VectorIndex | None:
        return self._snapshot().index

    @_index.setter
    def _index(self, index: VectorIndex | None) -> None:
        self._snapshot().index = index

    def _state(self) -> tuple[FactBase, Linker, Ranker]:
        snap = self._snapshot()
        return snap.fb, snap.linker, snap.ranker

    def index_items(self) -> tuple[list[str], list[str]]:
        """The ids and texts the vector index holds: every fact (entities and fact nodes only on
        large graphs) and every relation name."""
        fb, _, ranker = self._state()
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
        names = ranker.all_relation_names()
        ids += [REL_PREFIX + n for n in names]
        texts += names
        return ids, texts

    def index(self) -> VectorIndex:
        """The vector index over verbalised facts (from the cache, the shipped seed, or built)."""
        snap = self._snapshot()
        if snap.index is None:
            with self._lock:
                if snap.index is None:
                    ids, texts = self.index_items()
                    t0 = time.perf_counter()
                    content_hash, cache_dir = self._cache_key(snap)
                    snap.index = VectorIndex.build(
                        ids, texts, self.embedder, content_hash=content_hash,
                        cache_dir=cache_dir, ann_threshold=self.settings.ann_threshold,
                        seed_dir=DEFAULT_INDEX if DEFAULT_INDEX.is_dir() else None)
                    self.last_build["index_s"] = time.perf_counter() - t0
        return snap.index

    def _cache_key(self, snap: _Snapshot):
        """The graph's content hash for ``snap``'s version and the cache folder; a snapshot the
        graph has moved past cannot be hashed any more, so its index is built uncached."""
        def current() -> bool:
            return getattr(self.kg, "version", 0) == snap.version
        if current():
            content_hash = self.kg.content_hash()
            if current():   # versions only grow: the hash was read at snap's version
                return content_hash, self.settings.resolved_cache_dir
        return "", None

    @staticmethod
    def _entity_text(fb: FactBase, e: str) -> str:
        comment = fb.comments.get(e, "")
        return f"{fb.label(e)}. {comment}".strip()

    def warm(self) -> "QAEngine":
        """Build everything now (facts, model, index) instead of on first need."""
        self.kg.label_index_logged()   # built or loaded here, with progress in the log
        if self.kg.bounded:
            # A graph too large to read whole: the label index and the pipeline's vocabulary
            # are all there is to build.
            self.pipeline.context()
            self.embedder.encode_queries(["warm-up"])
            return self
        self.index()
        self.pipeline.context()
        fb, ranker = self._fb, self._ranker
        if len(fb.facts) <= WARM_FACT_WORDS_LIMIT:
            # Each fact's words are cut on first use; doing it here keeps a server's first
            # questions at warm speed (~1 ms a fact; a larger graph pays per question instead).
            for fact in fb.facts.values():
                ranker.fact_words(fact)
        # The first call into the model pays one-off setup (kernels, tokenizer); pay it here.
        self.embedder.encode_queries(["warm-up"])
        return self

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
            raise QuestionError("question is empty: type a question about the graph", status=400,
                                code="empty_question")
        text = wording.unwrap(text)
        if self.kg.bounded:
            return self._ask_bounded(text, history, t0)
        if getattr(self._local, "snap", None) is not None:
            # A question asked while answering one (the halves of a compound question, a
            # follow-up's earlier answer) reads the same snapshot.
            return self._ask(text, history, t0)
        self._local.snap = self._current()
        try:
            return self._ask(text, history, t0)
        finally:
            self._local.snap = None

    def _ask(self, text: str, history: list[dict] | None, t0: float) -> Answer:
        linker = self._linker
        parts = wording.two_questions(text)
        if parts and not getattr(self._local, "in_compound", False):
            return self._compound(parts, history, t0)
        reading = getattr(self.kg, "reading", nullcontext)   # the pipeline sees one version
        with reading():
            compared = self.pipeline.compare(text, history)
        if compared is not None:
            # "Which of two ...": both options' values along one relation, compared.
            compared.resolved_question = text
            compared.timings = {"total_ms": (time.perf_counter() - t0) * 1000}
            return compared
        trace = None
        if self.pipeline.could_chain(text, history):
            with reading():
                trace = self.pipeline.run(text, history)
            if self._pipeline_answers(trace) and self._chains(trace):
                # A confident reading that chains relations: composition is what the pipeline
                # adds, and the rules' answers do not chain.
                return self._from_pipeline(trace, text, t0)
        answer = self._ask_rules(text, history, t0, linker)
        if answer.abstained:
            if trace is None:
                with reading():
                    trace = self.pipeline.run(text, history)
            if self._pipeline_answers(trace):
                # The rules found nothing they trust; a confident reading of the graph answers.
                return self._from_pipeline(trace, text, t0)
        return answer

    def _ask_bounded(self, text: str, history: list[dict] | None, t0: float) -> Answer:
        """A graph too large to read whole (``kg.bounded``): the pipeline alone, which reads
        the label index and bounded SPARQL queries. Below its confidence threshold it
        abstains, saying why, rather than fall back to the rules (they read every triple)."""
        reading = getattr(self.kg, "reading", nullcontext)
        with reading():
            trace = self.pipeline.run(text, history)
        if self._pipeline_answers(trace):
            return self._from_pipeline(trace, text, t0)
        why = trace.deferred or "no reading of it is confident enough"
        answer = Answer(answer=f"The graph does not say, as far as I can tell ({why}).",
                        abstained=True, confidence=trace.answer.confidence if trace.answer else 0.0,
                        entities=[{"iri": m.iri, "label": m.label}
                                  for m in (trace.linked.mentions if trace.linked else ())],
                        kind="path", resolved_question=text)
        answer.timings = dict(trace.timings, total_ms=(time.perf_counter() - t0) * 1000)
        return answer

    @staticmethod
    def _chains(trace) -> bool:
        """The best reading walks two or more hops, each asked about by some word of the
        question, to something other than where it started."""
        best = trace.ranked[0]
        if len(best.graph.hops) < 2 or unmatched_hop(trace.linked, best, trace.context):
            return False
        topic = best.graph.topic
        return any(a.get("iri") != topic for a in trace.answer.answers)

    def _from_pipeline(self, trace, text: str, t0: float) -> Answer:
        answer = trace.answer
        answer.resolved_question = text
        answer.timings = dict(trace.timings, total_ms=(time.perf_counter() - t0) * 1000)
        return answer

    def _ask_rules(self, text: str, history, t0: float, linker) -> Answer:
        """The first design's answerers (the rules of engine.py and its mixins)."""
        t1 = time.perf_counter()
        resolved, context = resolve(text, history or [], linker, self._answer_entities)
        linked = linker.link(resolved)
        intent = detect(resolved)
        if intent.subordinate:
            # "... under the October 2025 agreement": a kind named in a subordinate clause
            # places the question; it is not the kind of fact asked for.
            linked.mentions = [m for m in linked.mentions
                               if not (m.kind == "class" and m.start in intent.subordinate)]
        if not intent.wh and intent.kind in ("factoid", "describe") and \
                resolved.rstrip().endswith("?") and len(linked.anchors) >= 2:
            # "msft put money into mistral too?": a statement asked as a question is yes/no.
            intent.kind = "boolean"
        if intent.nested is None and intent.kind not in ("boolean", "connection"):
            intent.nested = wording.described_kind(resolved, linked)
        intent.counted = wording.counted(linked)
        intent.words = tuple(linked.tokens)
        intent.quantity = intent.counted == "entity"
        t2 = time.perf_counter()
        self._local.dense_ms = 0.0
        answer = self._answer(resolved, linked, intent, context, depth=0)
        t3 = time.perf_counter()
        answer.resolved_question = resolved
        if not answer.answers and not answer.abstained:
            asked = f" {fold(resolved)} "
            answer.answers = [dict(e) for e in answer.entities
                              if f" {fold(e['label'])} " not in asked]
        answer.timings = {"total_ms": (t3 - t0) * 1000, "prepare_ms": (t1 - t0) * 1000,
                          "link_ms": (t2 - t1) * 1000, "answer_ms": (t3 - t2) * 1000,
                          "embed_ms": self._local.dense_ms}
        return answer

    def _pipeline_answers(self, trace) -> bool:
        a = trace.answer
        return a is not None and not a.abstained and \
            a.confidence >= self.pipeline.weights.threshold

    def explain(self, question: str, history: list[dict] | None = None) -> dict:
        """Every stage of the pipeline for ``question`` (parse, links, the top candidates with
        their score breakdown and SPARQL), and which answerer gave the answer."""
        answer = self.ask(question, history)
        text = wording.unwrap(clean(question))
        trace = self.pipeline.run(text, history)
        out = trace.explain(self.pipeline.weights)
        out["threshold"] = self.pipeline.weights.threshold
        out["answered_by"] = {"path": "pipeline", "comparison": "pipeline (comparison)"}.get(
            answer.kind, "rules")
        compared = self.pipeline.comparison_of(text, history)
        if compared is not None:
            out["comparison"] = compared
        out["answer"] = answer.to_dict()
        return out

    def _compound(self, parts: tuple[str, str], history, t0: float) -> Answer:
        """"What is X and who sells it?": each question answered in turn (the second with the
        first as its history, so "it" is X), then one answer with both."""
        self._local.in_compound = True
        try:
            first = self.ask(parts[0], history)
            second = self.ask(parts[1], list(history or []) + [
                {"role": "user", "content": parts[0]},
                {"role": "assistant", "content": first.answer}])
        finally:
            self._local.in_compound = False
        answered = [a for a in (first, second) if not a.abstained]
        missing = [a for a in (first, second) if a.abstained]
        if not answered:
            text, answered = first.answer, [first]
        else:
            text = " ".join(a.answer for a in answered)
            if missing:
                # Say which half the graph cannot answer, in its first sentence.
                text += " " + missing[0].answer.split(". ")[0].rstrip(".") + "."
        timings = {k: first.timings.get(k, 0.0) + second.timings.get(k, 0.0)
                   for k in first.timings}
        timings["total_ms"] = (time.perf_counter() - t0) * 1000
        return Answer(answer=text,
                      entities=list({e["iri"]: e for a in answered for e in a.entities}.values()),
                      evidence=[e for a in answered for e in a.evidence],
                      confidence=min(a.confidence for a in answered),
                      abstained=not any(not a.abstained for a in (first, second)),
                      sparql=answered[0].sparql, kind=answered[0].kind,
                      resolved_question=" / ".join(a.resolved_question for a in (first, second)),
                      timings=timings)

    def _answer_entities(self, question: str) -> list[str]:
        """The IRIs an answer to ``question`` (asked without history) is about, values first."""
        answer = self.ask(question)
        return [] if answer.abstained else [e["iri"] for e in answer.entities]

    def _answer(self, q: str, linked: Linked, intent: Intent, context: dict, depth: int) -> Answer:
        if intent.nested and depth < 2:
            got = self._multihop(q, linked, intent, context, depth)
            if got is not None:
                return got
        if depth == 0:
            got = self._possessive_chain(q, context, depth)
            if got is not None:
                return got
        anchors, modifiers = wording.subject_first(linked, q, intent.subordinate)
        excluded = wording.excluded(linked)
        if excluded and len(anchors) > len(excluded & set(anchors)):
            # "Who else invested in OpenAI apart from Microsoft?": Microsoft is left out of the
            # answer, not asked about.
            anchors = [a for a in anchors if a not in excluded]
            context = dict(context, exclude=set(context.get("exclude", set())) | excluded)
            intent.other = True
        demote = [a for a in anchors if a in context.get("demote", ())]
        if demote and len(anchors) > len(demote):
            # A name qualifying a description's noun ("the Microsoft division that built X")
            # narrows the answer; the description is about X.
            anchors = [a for a in anchors if a not in demote] + demote
            modifiers = list(dict.fromkeys(modifiers + demote))
        context = dict(context, modifiers=modifiers)
        if not anchors:
            return self._no_anchor(q, linked, intent)
        if linked.unknown:
            # The question names something the graph does not know: any answer would be about
            # something else.
            return self._abstain_known(anchors, q, linked)
        if intent.kind == "connection" and len(anchors) >= 2:
            return self._connection(anchors[0], anchors[1], q, linked)
        if intent.kind in ("describe", "factoid") and len(anchors) == 1 and \
                intent.wh in ("", "what", "who") and not linked.classes and \
                not self._ranker.relation_terms(linked, self._extra_skip(linked, intent)):
            # Only a name ("microsoft's ceo?" is an alias of a person): describe it.
            return self._describe(anchors[0])
        if intent.kind == "describe":
            # "Who are X's rivals?" names a relation: a lookup, plural when the verb is.
            intent.kind = "list" if re.match(r"^(?:who|what) (?:are|were)\b", q.lower()) \
                else "factoid"
        if intent.kind == "boolean":
            return self._boolean(q, linked, intent, anchors)
        if intent.kind == "why":
            return self._why(q, linked, intent, anchors)
        got = self._lookup(q, linked, intent, anchors, context)
        first = next((m for m in linked.anchors if m.iri == anchors[0]), None)
        if got.abstained and len(anchors) >= 2 and intent.kind in ("factoid", "list") and \
                first is not None and first.start > 0 and \
                linked.tokens[first.start - 1] not in _AUXILIARIES | QUESTION_WORDS:
            # "Who replaced X as Y's CEO": the first name is the verb's object, and the answer
            # is a fact about the second. Try the question about the next name.
            again = self._lookup(q, linked, intent, anchors[1:] + anchors[:1], context)
            if not again.abstained:
                return again
        return got

    def _extra_skip(self, linked: Linked, intent: Intent) -> set[int]:
        """Token positions of the date and amount, which are constraints, not relation words."""
        skip = set()
        extra = " ".join(filter(None, [intent.period_text])).lower().split()
        if intent.wh == "when":
            extra += ["year", "date", "day", "month"]   # "what year": the question word
        if intent.kind == "why":
            # "What reasons are given for ...": the words that ask for the reason.
            extra += ["reason", "reasons", "given", "cause", "causes", "explain", "explains",
                      "behind"]
        for i, t in enumerate(linked.tokens):
            if t in extra or t[:1].isdigit():
                skip.add(i)
        return skip

    def _main_terms(self, linked: Linked, intent: Intent, terms: list[str]) -> list[str]:
        """The relation words of the main clause alone, without the words that only say what
        kind of answer is wanted ("which VC firm led ..."), when those add others; else
        ``terms``."""
        aside = set(intent.subordinate) | wording.answer_type(linked)
        if not aside:
            return terms
        return self._ranker.relation_terms(linked, self._extra_skip(linked, intent) | aside)

    def _candidates(self, anchors: list[str]) -> list[Fact]:
        fb = self._fb
        seen: dict[str, Fact] = {}
        for a in anchors:
            for fid in fb.by_entity.get(a, ()):
                seen.setdefault(fid, fb.facts[fid])
        return list(seen.values())

    def _of_classes(self, facts: list[Fact], linked: Linked) -> list[Fact]:
        """When the question names a kind of fact ("what leverage", "what stake"), facts of
        that kind are the answer's candidates, if there are any."""
        fb = self._fb
        # The first kind named is the head ("the issues in the negotiations" asks for issues).
        for m in linked.classes:
            typed = [f for f in facts if f.kind == "node" and m.iri in fb.all_types(f.node)]
            if typed:
                return typed
        return facts

    def _touched(self, fact: Fact) -> set[str]:
        if fact.kind == "node":
            return set(fact.entities) | {v for _, v in fact.roles if is_node(v)}
        return set(fact.entities)

    def _dense(self, q: str, facts: list[Fact]) -> dict[str, float]:
        t0 = time.perf_counter()
        index = self.index()
        vec = self.embedder.encode_queries([q])[0]
        got = index.scores([f.id for f in facts], vec)
        self._local.dense_ms += (time.perf_counter() - t0) * 1000
        return got

    def _rank(self, q: str, linked: Linked, intent: Intent, facts: list[Fact], anchors: list[str],
              force_dense: bool = False, with_classes: bool = False
              ) -> tuple[list[Scored], list[str]]:
        terms = self._ranker.relation_terms(linked, self._extra_skip(linked, intent),
                                            with_classes)
        # A name only in a subordinate clause ("once the deal to bring Altman back was
        # struck") narrows the answer like a constraint; it does not make facts about it
        # the answer.
        aside = {m.iri for m in linked.anchors if m.start in intent.subordinate} - {
            m.iri for m in linked.anchors if m.start not in intent.subordinate}
        if aside and len(anchors) > len(aside):
            anchors = [a for a in anchors if a not in aside]
        constraints = [m.iri for m in linked.entities if m.iri not in anchors]
        classes = [m.iri for m in linked.classes]
        # The model compares the question's relation phrase with the facts' relation names only
        # when some word of it is not among those names already (each encode costs ~15 ms).
        exact = terms and any(self._ranker.structural_match(f, terms) >= 1.0 for f in facts)
        relsim = {} if exact else self._relsim(terms, facts, q)
        cues = {m.iri: linked.tokens[m.start - 1] for m in linked.entities
                if m.start > 0 and m.iri in anchors
                and linked.tokens[m.start - 1] not in _AUXILIARIES}
        voice = wording.voice(linked, anchors, terms)
        ranked = self._ranker.rank(facts, terms, anchors=anchors, constraints=constraints,
                                   classes=classes, relsim=relsim, cues=cues, voice=voice)
        # Words alone settle it only when one fact clearly leads; ties go to the model.
        decisive = ranked and ranked[0].lexical >= 0.5 and (
            len(ranked) == 1 or ranked[0].score - ranked[1].score >= 0.15)
        if facts and (force_dense or not decisive):
            dense = self._dense(q, facts)
            ranked = self._ranker.rank(facts, terms, anchors=anchors, constraints=constraints,
                                       classes=classes, dense=dense, relsim=relsim,
                                       cues=cues, voice=voice)
            values = sorted(dense.values())
            baseline = values[len(values) // 2] if len(values) >= 4 else 0.45
            for s in ranked:
                s.baseline = baseline
        if classes:
            # A fact of the kind the question names ("what leverage") states the asked relation.
            for s in ranked:
                if s.fact.kind == "node" and set(classes) & self._fb.all_types(s.fact.node):
                    s.relation = 1.0
        if intent.amount or len(anchors) >= 2 or intent.kind in ("date", "amount"):
            for s in ranked:
                s.score += self._shape_bonus(s.fact, intent, anchors)
            ranked.sort(key=lambda s: (-s.score, s.fact.id))
        main = self._main_terms(linked, intent, terms)
        if not main and terms and ranked:
            # The main clause names no relation beyond its question word ("how much did A
            # give B under the 2021 programme?"): the kind of answer is the relation.
            for s in ranked:
                s.main = (1.0, 1.0, (), 0)
        elif main != terms and ranked:
            # A subordinate clause's words narrow the ranking; the main clause's alone may
            # state the relation ("... during the 2023 turmoil" names no relation). Words
            # only: the relation names' similarity to the whole phrase stands for the model.
            for s in ranked:
                lex, matched = self._ranker.lexical(s.fact, main)
                rel = max(self._ranker.structural_match(s.fact, main), s.relation)
                s.main = (lex, rel, matched, len(main))
            if not any(self._supported(s, terms) for s in ranked[:5]):
                # Only then is the main clause's own phrase worth a pass of the model.
                near = self._relsim(main, facts, q)
                for s in ranked:
                    lex, rel, matched, n = s.main
                    s.main = (lex, max([rel] + [near.get(x, 0.0) for x in
                                                self._ranker.relation_names(s.fact)]), matched, n)
        return ranked, terms

    def _relsim(self, terms: list[str], facts: list[Fact], q: str) -> dict[str, float]:
        """Cosine between the question's relation phrase and each relation name of ``facts``."""
        if not terms or not facts:
            return {}
        t0 = time.perf_counter()
        names = {n for f in facts for n in self._ranker.relation_names(f)}
        vec = self.embedder.encode_queries([" ".join(terms)])[0]
        got = self.index().scores([REL_PREFIX + n for n in names], vec)
        self._local.dense_ms += (time.perf_counter() - t0) * 1000
        return {k[len(REL_PREFIX):]: v for k, v in got.items()}

    def _shape_bonus(self, fact: Fact, intent: Intent, anchors: list[str]) -> float:
        """Facts carrying the amount the question names; dated facts for a when-question;
        facts joining the question's entities, best in the same order (who relies on whom)."""
        fb = self._fb
        bonus = 0.0
        if intent.kind == "date" and fact.kind == "node" and any(
                not is_node(v) and literal_kind(v) == "date" for _, v in fact.roles):
            bonus += 0.3   # a when-question is answered by a fact that carries a date
        if intent.kind == "amount" and fact.kind == "node" and any(
                not is_node(v) and literal_kind(v) == "number" for _, v in fact.roles):
            bonus += 0.3   # ... and a how-much question by one that carries a figure
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
            if intent.kind in ("date", "amount") and set(anchors) <= self._touched(fact):
                # "When did A set up B": the event joining both, not a dated fact about one.
                # (In who/what questions the second name is often only a time marker.)
                bonus += 0.2
            text = fact.text.lower()
            pos = [text.find(fb.label(a).lower()) for a in anchors[:2]]
            if fact.kind == "triple" and is_node(fact.object):
                pos = [0 if fact.subject == anchors[0] else 1,
                       0 if fact.subject == anchors[1] else 1]
            if pos[0] >= 0 and pos[1] >= 0 and pos[0] != pos[1]:
                bonus += 0.2 if pos[0] < pos[1] else 0.0
            if intent.kind == "amount" and fact.kind == "node" and pos[0] >= 0:
                # An amount is read from the sentence: one that names the question's subject
                # states the subject's figure, not a total it merely took part in.
                bonus += 0.2
        return bonus

    @staticmethod
    def _supported_strongly(s: Scored) -> bool:
        """The fact's relation names or own words carry the question's (main) relation."""
        return any(rel >= RELATION_MATCH or lex >= SUPPORT_STRONG
                   for lex, rel in [(s.lexical, s.relation)] + ([s.main[:2]] if s.main else []))

    def _supported(self, s: Scored, terms: list[str]) -> bool:
        """Does the fact express the question's relation (not just mention its entities)?"""
        if not terms:
            return True
        if _states(s, s.lexical, s.relation, s.matched, len(terms)):
            return True
        # The main clause alone, when a subordinate clause added words (see _rank).
        return s.main is not None and _states(s, *s.main)


def _states(s: Scored, lexical: float, relation: float, matched: tuple, n_terms: int) -> bool:
    """Do a fact's word and relation-name matches (for ``n_terms`` relation words) state it?"""
    if relation >= RELATION_MATCH or lexical >= SUPPORT_STRONG:
        return True
    if n_terms >= 2 and len(matched) == n_terms and lexical >= SUPPORT_SENTENCE:
        return True   # the fact's sentence carries the whole relation phrase
    if lexical >= SUPPORT_LEXICAL and relation >= RELATION_WEAK:
        return True
    # Every fact about an entity resembles a question naming it; only a fact that stands
    # out from its neighbours' similarity counts as matching by meaning.
    return s.dense is not None and s.dense >= SUPPORT_DENSE and \
        s.dense - s.baseline >= DENSE_MARGIN and relation >= RELATION_NEAR
