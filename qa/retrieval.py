"""The ranker: which facts around the linked entities answer the question's relation.

It combines three signals: lexical overlap between the question's relation words and a fact's
own words (predicate, class and role labels, literal values, the fact's sentence), with a small
table of generic English near-synonyms; dense similarity between the question and the fact's
sentence (sentence-transformers, only when words alone are not decisive); and graph structure
(facts touching several of the question's entities, or an entity or class it names, rank higher).
"""

from __future__ import annotations

from dataclasses import dataclass

from .facts import Fact, FactBase, is_node, literal_kind
from .linking import QUESTION_WORDS, STOPWORDS, Linked
from .normalize import IRREGULAR_PAST, stem, tokens

# Generic English near-synonyms for relation words (no names, no domain answers).
_GROUPS = [
    "lead leader run head ceo chief executive boss president rector chair helm manage",
    "invest investment investor fund funding funder back money capital finance financing "
    "grant award pour commit commitment put raise round bankroll",
    "own owner ownership stake share parent acquire acquisition subsidiary belong piece portion",
    "compete competitor competition rival rivalry vie",
    "rely reliance depend dependency dependent dependence need provider supply supplier",
    "leverage power bargaining advantage influence clout",
    "found founder cofounder co establish set form",
    "work employ employee employer staff job hire hired join",
    "board director seat observer",
    "job post position role title appointment appoint",
    "locate location base headquarters hq city country located",
    "build develop developer make maker create",
    "integrate integration embed power built use used using",
    "partner partnership ally alliance collaborate collaboration tie",
    "diversify diversification hedge hedging spread lessen",
    "walk abandon leave quit exit pull step resign depart",
    "close conclude end finish",
    "talk negotiate negotiation deal discuss discussion",
    "issue sticking dispute disagreement point contention contentious",
    "review investigate investigation probe scrutiny regulator inquiry look examine watchdog",
    "price cost fee charge sell sold",
    "buy purchase procure",
    "contract agree agreement sign commit commitment pledge obligation",
    "give gave relinquish surrender drop forgo",
    "license licence licensed exclusive right",
    "remove oust ouster fire sack dismiss boot",
    "return reinstate reinstatement",
    "replace replacement succeed successor succession substitute",
    "value valuation worth",
    "rename renamed rebrand brand",
    "announce announcement unveil launch release",
    "premiere premiered debut perform performance",
    "award prize present presented confer",
    "when date day year time",
    "student enrol enrolment",
]
SYNONYMS: dict[str, frozenset[str]] = {}
for _g in _GROUPS:
    _stems = frozenset(stem(w) for w in _g.split())
    for _s in _stems:
        SYNONYMS[_s] = SYNONYMS.get(_s, frozenset()) | _stems

# Words that carry no relation meaning in a question.
FILLER = STOPWORDS | QUESTION_WORDS | frozenset(
    "graph record records say says know known mention mentions according might may get got "
    "ever exactly currently current now today still actually really times "
    # Time connectives place the question in time; they name no relation.
    "after before since until till during "
    "if whether unless "
    # Chat openers and hedges.
    "ok okay well hmm hey hi thanks thank please too against "
    # "Who else ... apart from X": the other-marker, not a relation.
    "else apart besides except aside willing just thing stuff "
    # Ordering modifiers place a fact among others of its kind; they name no relation.
    "earlier earliest original originally initial initially previous previously prior "
    "latest recent recently".split())
GENERIC_CLASSES = ("fact", "entity", "thing", "resource", "event", "activity", "agent")


@dataclass
class Scored:
    fact: Fact
    score: float
    lexical: float
    dense: float | None
    matched: tuple[str, ...]
    baseline: float = 0.3   # typical dense similarity of the candidates (median)
    relation: float = 0.0   # how well the fact's relation names match the question's relation
    # (lexical, relation, matched, number of terms) for the main clause's relation words alone,
    # when a subordinate clause adds others; None otherwise.
    main: tuple | None = None


class Ranker:
    def __init__(self, fb: FactBase):
        self.fb = fb
        self._words: dict[str, tuple[frozenset, frozenset]] = {}
        self._names: dict[str, tuple[str, ...]] = {}
        self._name_stems_cache: dict[str, frozenset] = {}
        self._roles: dict[str, tuple[frozenset, frozenset]] = {}
        self._verb_names: dict[str, list] = {}

    # ------------------------------------------------------------------ fact words

    def _name_stems(self, fact: Fact) -> set[str]:
        out: set[str] = set()
        for e in fact.entities:
            for n in [self.fb.labels.get(e, "")] + list(self.fb.alts.get(e, ())):
                out.update(stem(t) for t in tokens(n))
        return out

    def _without_names(self, fact: Fact, texts: list[str]) -> list[str]:
        """``texts`` folded, with the fact's entity names cut out as whole phrases: the word
        "preview" stays in "previewed its models" though a model is named "MAI-1-preview"."""
        names = sorted({" ".join(tokens(n)) for e in fact.entities
                        for n in [self.fb.labels.get(e, "")] + list(self.fb.alts.get(e, ()))
                        if tokens(n)}, key=len, reverse=True)
        out = []
        for x in texts:
            t = f" {' '.join(tokens(x))} "
            for n in names:
                t = t.replace(f" {n} ", "  ")
            out.append(t)
        return out

    def fact_words(self, fact: Fact) -> tuple[frozenset, frozenset]:
        """(structural stems, sentence stems) of a fact, entity names removed."""
        got = self._words.get(fact.id)
        if got is not None:
            return got
        fb = self.fb
        relation: list[str] = []
        structural: list[str] = []
        sentence: list[str] = []
        if fact.kind == "triple":
            relation.append(fb.pred_label(fact.predicate))
            # How the ontology says the relation in words (skos:altLabel): "leads" for "CEO of".
            relation.extend(fb.alts.get(fact.predicate, ()))
            sentence.append(fb.comments.get(fact.predicate, ""))
            if not is_node(fact.object) and literal_kind(fact.object) == "text":
                structural.append(str(fact.object))
        else:
            relation.extend(self._class_names(fact))
            # Role labels ("start date", "holder") say how a fact is shaped, not what it is
            # about; they steer slots and direction (role_match), not the match itself.
            for p, v in fact.roles:
                if not is_node(v) and literal_kind(v) == "text" and len(str(v)) < 200:
                    structural.append(str(v))
                elif is_node(v) and v in fb.entities and v in fb.labels and \
                        fb.labels[v] == fb.labels[v].lower():
                    structural.append(fb.labels[v])  # common-noun entities: "compute"
            sentence.append(fact.text)
        names = self._name_stems(fact)
        # Relation words (predicate, class and role labels) stay even when a name repeats them
        # ("Microsoft CEO" as an alias); names are removed only from values and sentences.
        s1 = frozenset(stem(t) for x in relation for t in _phrased(abbreviate(tokens(x)))) | (
            frozenset(stem(t) for x in self._without_names(fact, structural)
                      for t in _phrased(abbreviate(tokens(x)))) - names)
        s2 = frozenset(stem(t) for x in self._without_names(fact, sentence)
                       for t in _phrased(abbreviate(tokens(x)))) - s1
        got = self._words[fact.id] = (s1 - FILLER_STEMS, s2 - FILLER_STEMS)
        return got

    def _class_names(self, fact: Fact) -> list[str]:
        """The labels and altLabels of a fact node's classes, leaving out generic ones."""
        out: list[str] = []
        for t in self.fb.all_types(fact.node):
            label = self.fb.labels.get(t, "")
            if label and label.lower() not in GENERIC_CLASSES:
                out.append(label)
                out.extend(self.fb.alts.get(t, ()))
        return out

    def relation_names(self, fact: Fact) -> tuple[str, ...]:
        """How the graph names a fact's relation: the predicate's label and altLabels, or the
        fact class's (and superclasses') label and altLabels plus short text values such as a
        role title. These few hundred phrases are embedded once, not per fact."""
        got = self._names.get(fact.id)
        if got is not None:
            return got
        fb = self.fb
        names: list[str] = []
        if fact.kind == "triple":
            names.append(fb.pred_label(fact.predicate))
            names.extend(fb.alts.get(fact.predicate, ()))
        else:
            names.extend(self._class_names(fact))
            for p, v in fact.roles:
                if not is_node(v) and literal_kind(v) == "text" and len(str(v).split()) <= 3:
                    names.append(str(v))
        got = self._names[fact.id] = tuple(dict.fromkeys(n.strip().lower() for n in names
                                                         if n.strip()))
        return got

    def _name_words(self, fact: Fact) -> frozenset:
        got = self._name_stems_cache.get(fact.id)
        if got is None:
            got = self._name_stems_cache[fact.id] = frozenset(
                stem(w) for n in self.relation_names(fact) for w in abbreviate(tokens(n))
            ) - FILLER_STEMS
        return got

    def all_relation_names(self) -> list[str]:
        return sorted({n for f in self.fb.facts.values() for n in self.relation_names(f)})

    def structural_match(self, fact: Fact, terms: list[str]) -> float:
        """Share of the relation words found among the fact's relation names (synonyms 0.8)."""
        if not terms:
            return 0.0
        structural = self._name_words(fact)
        total = 0.0
        for t in terms:
            s = stem(t)
            if s in structural:
                total += 1.0
            elif SYNONYMS.get(s, frozenset()) & structural:
                total += 0.8
        return total / len(terms)

    def role_match(self, fact: Fact, anchors: set[str], terms: list[str]) -> float:
        """1.0 when a relation word names the role a question entity plays in the fact
        ("does X hold" and X is the holder, "X relies on" and X is the dependent), which keeps
        the direction of the relation: leverage X holds, not leverage held over X."""
        # Words the fact's relation names already match say nothing about direction.
        stems = {stem(t) for t in terms} - self._name_words(fact)
        if not stems:
            return 0.0
        for p, v in fact.roles:
            if v in anchors and stems & self._role_names(p)[0]:
                return 1.0
        return 0.0

    def active_role_words(self, pred: str) -> frozenset:
        """Word stems of a role's label and alt labels, passive ones ("held over") left out."""
        return self._role_names(pred)[0]

    def _role_names(self, pred: str) -> tuple[frozenset, frozenset]:
        """(word stems, whole folded names) of a role's label and altLabels, cached."""
        got = self._roles.get(pred)
        if got is None:
            names = [self.fb.pred_label(pred)] + list(self.fb.alts.get(pred, ()))
            # A past participle with its preposition ("held over", "owned by") is passive: the
            # entity in that role undergoes the verb, so the verb's word must not claim it.
            active = [x for x in names if not _passive(tokens(x))]
            got = self._roles[pred] = (
                frozenset(stem(w) for x in active for w in tokens(x)) - FILLER_STEMS,
                frozenset(" ".join(tokens(n)) for n in names))
        return got

    def voice_match(self, fact: Fact, voice: list[tuple[str, str, bool, str]]) -> float:
        """+1 when a triple's relation name puts the question's entity in the role the
        question's voice gives it, -1 when it puts it in the other, else 0.

        ``voice`` holds (verb stem, entity, entity is the verb's agent, word after the verb).
        "What has X built?" (X the agent) matches "Y built by X" and not "X built into Y";
        "Who built X?" matches "X built by Y"."""
        if fact.kind != "triple" or not voice:
            return 0.0
        names = self._verb_names.get(fact.predicate)
        if names is None:
            # (verb stem, words) of each name of the predicate that is a verb and a preposition
            names = self._verb_names[fact.predicate] = [
                (stem(w[0]), w) for w in (tokens(n) for n in [self.fb.pred_label(fact.predicate)]
                                          + list(self.fb.alts.get(fact.predicate, ())))
                if len(w) >= 2 and w[1] in STOPWORDS]
        for verb, entity, agent, after in voice:
            for first, w in names:
                if first != verb or after == w[1]:
                    continue
                if w[1] == "by":   # "built by": the object is the agent
                    agentive = fact.object if agent else fact.subject
                    return 1.0 if entity == agentive else -1.0
                if agent and entity == fact.subject and _passive(w):
                    return -1.0    # "X built into Y": X is what was built, not the builder
        return 0.0

    def cue_match(self, fact: Fact, cues: dict[str, str]) -> float:
        """1.0 when the word just before an entity in the question is the name of the role it
        plays in the fact: "leverage over Microsoft" and Microsoft fills the role "over"."""
        for p, v in fact.roles:
            cue = cues.get(v) if is_node(v) else None
            # The whole role name, not a word of it: "of" is not the role "board of".
            if cue and cue in self._role_names(p)[1]:
                return 1.0
        return 0.0

    # ------------------------------------------------------------------ question words

    @staticmethod
    def relation_terms(linked: Linked, skip: set[int] = frozenset(),
                       with_classes: bool = False) -> list[str]:
        """The question's words that name its relation: not entity mentions, question words or
        ``skip`` positions; class mentions too unless ``with_classes`` ("was X Y's cloud
        provider" asks about the relation a class name spells)."""
        covered = {i for m in linked.mentions if m.kind == "entity" or not with_classes
                   for i in range(m.start, m.end)} | set(skip)
        out = []
        toks = linked.tokens
        covered = set(covered)
        i = 0
        while i < len(toks):
            t = toks[i]
            phrase = _phrasal(toks, i, covered)
            if phrase:
                if phrase[0]:
                    out.append(phrase[0])
                if len(phrase) > 2:
                    covered.add(phrase[2])   # the particle of "give that seat up"
                i += phrase[1]
                continue
            i += 1
            if i - 1 in covered or t in FILLER or t.isdigit() or len(t) < 2:
                continue
            out.append(t)
        return abbreviate(out)

    def lexical(self, fact: Fact, terms: list[str]) -> tuple[float, tuple[str, ...]]:
        if not terms:
            return 0.0, ()
        structural, sentence = self.fact_words(fact)
        total, matched = 0.0, []
        for t in terms:
            s = stem(t)
            syn = SYNONYMS.get(s, frozenset((s,)))
            if s in structural:
                total += 1.0
            elif syn & structural:
                total += 0.8
            elif s in sentence:
                total += 0.7
            elif syn & sentence:
                total += 0.5
            else:
                continue
            matched.append(t)
        return total / len(terms), tuple(matched)

    def rank(self, facts: list[Fact], terms: list[str], *, anchors: list[str],
             constraints: list[str] = (), classes: list[str] = (),
             dense: dict[str, float] | None = None,
             relsim: dict[str, float] | None = None,
             cues: dict[str, str] | None = None,
             voice: list | None = None) -> list[Scored]:
        """Score ``facts``; ``dense`` maps fact id to cosine with the question when computed;
        ``relsim`` maps a relation name to its cosine with the question's relation phrase."""
        out = []
        anchor_set = set(anchors)
        for f in facts:
            lex, matched = self.lexical(f, terms)
            d = dense.get(f.id) if dense else None
            rel = self.structural_match(f, terms)
            near = max([relsim.get(n, 0.0) for n in self.relation_names(f)] or [0.0]) \
                if relsim else 0.0
            rel = max(rel, near)
            # Equal word matches ("board member" and "board chair" for "leads the board") are
            # told apart by how close the relation's name is to the question's relation.
            score = lex + 0.6 * max(0.0, rel - 0.4) + 0.3 * near
            if d is not None:
                score += 0.6 * max(0.0, d - 0.2)
            touched = len(anchor_set & f.entities)
            if f.kind == "node":
                touched += len(anchor_set & {v for _, v in f.roles if is_node(v)} - f.entities)
            score += 0.35 * max(0, touched - 1)
            if f.kind == "node" and (terms or cues):
                score += 1.0 * max(self.role_match(f, anchor_set, terms),
                                   self.cue_match(f, cues or {}))
            if voice and f.kind == "triple":
                score += 0.3 * self.voice_match(f, voice)
            if constraints and set(constraints) & f.entities:
                score += 0.3
            if classes and f.kind == "node" and set(classes) & self.fb.all_types(f.node):
                score += 0.5
            out.append(Scored(f, score, lex, d, matched, relation=rel))
        out.sort(key=lambda s: (-s.score, s.fact.id))
        return out


FILLER_STEMS = frozenset(stem(w) for w in FILLER)

# English phrasal verbs and idioms whose words alone say something else ("get" and "from" are
# filler; "get from" is reliance), as the one relation word they mean. Generic English only.
_PHRASES = {
    ("get", "from"): "rely", ("gets", "from"): "rely", ("got", "from"): "rely",
    ("receive", "from"): "rely", ("receives", "from"): "rely",
    ("stand", "to", "lose"): "lose", ("stands", "to", "lose"): "lose",
    ("step", "down"): "leave", ("stepped", "down"): "leave", ("step", "off"): "leave",
    ("stepped", "off"): "leave", ("steps", "down"): "leave",
    ("pull", "out"): "leave", ("pulled", "out"): "leave", ("pulls", "out"): "leave",
    ("walk", "away"): "walk", ("walked", "away"): "walk",
    ("wrap", "up"): "close", ("wrapped", "up"): "close", ("wraps", "up"): "close",
    ("put", "out"): "release", ("puts", "out"): "release", ("roll", "out"): "release",
    ("rolled", "out"): "release",
    ("tie", "up"): "partnership", ("tie", "ups"): "partnership",
    ("team", "up"): "partner", ("teamed", "up"): "partner",
    ("took", "over"): "lead", ("take", "over"): "lead",
    ("taken", "over"): "lead", ("takes", "over"): "lead",
    ("in", "charge", "of"): "lead", ("at", "the", "helm", "of"): "lead",
    ("give", "up"): "give", ("gave", "up"): "give", ("giving", "up"): "give",
    ("heading", "up"): "lead", ("head", "up"): "lead", ("heads", "up"): "lead",
    ("broke", "the", "story"): "report", ("broke", "the", "news"): "report",
    ("break", "the", "story"): "report", ("broke", "story"): "report",
    ("end", "up"): "", ("ended", "up"): "", ("signed", "up", "for"): "commit",
    ("signed", "up"): "commit", ("fell", "apart"): "", ("fall", "apart"): "",
    ("give", "out"): "award", ("gives", "out"): "award", ("gave", "out"): "award",
    ("hand", "out"): "award", ("hands", "out"): "award", ("handed", "out"): "award",
    ("first", "performed"): "premiere", ("first", "played"): "premiere",
    ("in", "place", "of"): "replace", ("took", "the", "place", "of"): "replace",
    ("so", "far"): "", ("right", "after"): "", ("in", "house"): "",
}
_PHRASE_LEN = max(len(k) for k in _PHRASES)


def _phrased(words: list[str]) -> list[str]:
    """``words`` plus the relation word of each phrase among them ("in place of": replace)."""
    extra = [p[0] for i in range(len(words)) for p in [_phrasal(words, i, set())] if p and p[0]]
    return words + extra


def _phrasal(toks: list[str], i: int, covered: set[int]) -> tuple | None:
    """(the word a phrase at ``toks[i]`` means, its length[, the position of a separated
    particle]), or None."""
    for n in range(_PHRASE_LEN, 1, -1):
        key = tuple(toks[i:i + n])
        if len(key) == n and key in _PHRASES and not covered & set(range(i, i + n)):
            word = _PHRASES[key]
            return (word, n) if word else ("", n)
    # A separable phrasal verb: "give that seat up", "pulled its staff out".
    for j in range(i + 2, min(i + 5, len(toks))):
        key = (toks[i], toks[j])
        if toks[j] in _PARTICLES and key in _PHRASES and _PHRASES[key]:
            return _PHRASES[key], 1, j
    return None


_PARTICLES = frozenset("up out off down away over".split())


def _passive(words: list[str]) -> bool:
    """"held over", "owned by": a past participle followed by a preposition."""
    return len(words) >= 2 and words[1] in STOPWORDS and (
        words[0].endswith("ed") or words[0] in IRREGULAR_PAST)

# Job-title phrases and their usual abbreviations, so "chief executive" meets "CEO".
_ABBREVIATIONS = {("chief", "executive", "officer"): "ceo", ("chief", "executive"): "ceo",
                  ("chief", "technology", "officer"): "cto", ("chief", "financial", "officer"): "cfo",
                  ("executive", "vice", "president"): "evp", ("vice", "president"): "vp"}


def abbreviate(words: list[str]) -> list[str]:
    out, i = [], 0
    while i < len(words):
        for phrase, short in _ABBREVIATIONS.items():
            if tuple(words[i:i + len(phrase)]) == phrase:
                out.append(short)
                i += len(phrase)
                break
        else:
            out.append(words[i])
            i += 1
    return out
