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
from .normalize import stem, tokens

# Generic English near-synonyms for relation words (no names, no domain answers).
_GROUPS = [
    "lead leader run head ceo chief executive boss president rector chair helm manage director",
    "invest investment investor fund funding funder back stake money capital finance financing "
    "grant award pour commit commitment put",
    "own owner ownership stake share parent acquire acquisition subsidiary belong",
    "compete competitor competition rival rivalry vie",
    "rely reliance depend dependency dependent dependence need provider supply supplier",
    "leverage power bargaining advantage influence clout",
    "found founder cofounder co establish create start",
    "work employ employee employer staff job hire hired join",
    "board director seat observer",
    "locate location base headquarters hq city country located",
    "build develop developer make maker create",
    "integrate integration embed power built",
    "partner partnership ally alliance collaborate collaboration",
    "walk abandon leave quit exit pull",
    "talk negotiate negotiation deal discuss discussion",
    "issue sticking dispute disagreement point",
    "review investigate investigation probe scrutiny regulator inquiry",
    "license licence licensed exclusive right",
    "remove oust ouster fire sack dismiss",
    "return reinstate reinstatement",
    "value valuation worth",
    "rename renamed rebrand brand",
    "announce announcement unveil launch release",
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
    "ever exactly currently current now today still actually really times".split())
GENERIC_CLASSES = ("fact", "entity", "thing", "resource", "event", "activity", "agent")


@dataclass
class Scored:
    fact: Fact
    score: float
    lexical: float
    dense: float | None
    matched: tuple[str, ...]
    baseline: float = 0.3   # typical dense similarity of the candidates (median)


class Ranker:
    def __init__(self, fb: FactBase):
        self.fb = fb
        self._words: dict[str, tuple[frozenset, frozenset]] = {}

    # ------------------------------------------------------------------ fact words

    def _name_stems(self, fact: Fact) -> set[str]:
        out: set[str] = set()
        for e in fact.entities:
            for n in [self.fb.labels.get(e, "")] + list(self.fb.alts.get(e, ())):
                out.update(stem(t) for t in tokens(n))
        return out

    def fact_words(self, fact: Fact) -> tuple[frozenset, frozenset]:
        """(structural stems, sentence stems) of a fact, entity names removed."""
        got = self._words.get(fact.id)
        if got is not None:
            return got
        fb = self.fb
        structural: list[str] = []
        sentence: list[str] = []
        if fact.kind == "triple":
            structural.append(fb.pred_label(fact.predicate))
            sentence.append(fb.comments.get(fact.predicate, ""))
            if not is_node(fact.object) and literal_kind(fact.object) == "text":
                structural.append(str(fact.object))
        else:
            for t in fb.all_types(fact.node):
                label = fb.labels.get(t, "")
                if label and label.lower() not in GENERIC_CLASSES:
                    structural.append(label)
            for p, v in fact.roles:
                structural.append(fb.pred_label(p))
                if not is_node(v) and literal_kind(v) == "text" and len(str(v)) < 200:
                    structural.append(str(v))
                elif is_node(v) and v in fb.entities and v in fb.labels and \
                        fb.labels[v] == fb.labels[v].lower():
                    structural.append(fb.labels[v])  # common-noun entities: "compute"
            sentence.append(fact.text)
        names = self._name_stems(fact)
        s1 = frozenset(stem(t) for x in structural for t in abbreviate(tokens(x))) - names
        s2 = frozenset(stem(t) for x in sentence for t in abbreviate(tokens(x))) - names - s1
        got = self._words[fact.id] = (s1 - FILLER_STEMS, s2 - FILLER_STEMS)
        return got

    # ------------------------------------------------------------------ question words

    @staticmethod
    def relation_terms(linked: Linked, skip: set[int] = frozenset()) -> list[str]:
        covered = linked.covered() | set(skip)
        out = []
        for i, t in enumerate(linked.tokens):
            if i in covered or t in FILLER or t.isdigit() or len(t) < 2:
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
             dense: dict[str, float] | None = None) -> list[Scored]:
        """Score ``facts``; ``dense`` maps fact id to cosine with the question when computed."""
        out = []
        anchor_set = set(anchors)
        for f in facts:
            lex, matched = self.lexical(f, terms)
            d = dense.get(f.id) if dense else None
            score = lex
            if d is not None:
                score += 0.6 * max(0.0, d - 0.2)
            touched = len(anchor_set & f.entities)
            if f.kind == "node":
                touched += len(anchor_set & {v for _, v in f.roles if is_node(v)} - f.entities)
            score += 0.35 * max(0, touched - 1)
            if constraints and set(constraints) & f.entities:
                score += 0.3
            if classes and f.kind == "node" and set(classes) & self.fb.all_types(f.node):
                score += 0.5
            out.append(Scored(f, score, lex, d, matched))
        out.sort(key=lambda s: (-s.score, s.fact.id))
        return out


FILLER_STEMS = frozenset(stem(w) for w in FILLER)

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
