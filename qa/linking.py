"""Entity linking: find the graph's entities and classes named in a question.

Matching runs over every entity's ``rdfs:label`` and ``skos:altLabel`` after folding case,
accents, punctuation and possessives; then, for what is left, acronyms ("CMA" for "Competition
and Markets Authority"), abbreviations written as a letter subsequence ("MSFT"), and typos
(rapidfuzz ratio). Ambiguous names go to the entity with the most facts.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass

from rapidfuzz import fuzz, process

from .facts import FactBase
from .normalize import possessive_ends, raw_tokens, stem

STOPWORDS = frozenset("""
a an the of in on at to for from by with about as into over under and or but not no nor
is are was were be been being am do does did done doing have has had having will would shall
should can could may might must it its it's they them their theirs he him his she her hers we
us our you your i me my this that these those there here then than so such what which who whom
whose when where why how much many any some all each every other others another same more most
less least very also just only still yet ever again both either neither one ones s t
""".split())

# Words that ask rather than name: never linked on their own, never treated as unknown names.
QUESTION_WORDS = frozenset("""
what which who whom whose when where why how did does do is are was were has have had can
could would should tell list name give show according between connected related relationship
yes no please versus vs
""".split())

# Verbs that only carry tense or voice: never a cue for the role of the entity after them.
AUXILIARIES = frozenset("is are was were be been being has have had do does did will would "
                        "can could should may might must".split())

MAX_ALIAS_TOKENS = 8
# Words after which a word is a verb, not a noun: "did he report to", "to fund".
_VERB_CONTEXT = frozenset("i you he she it we they to did does do will would can could "
                          "should must may might".split())
_PREPOSITIONS = frozenset("to on in at for from with by about into over of".split())
# Common-noun abbreviations of English business writing ("a VC firm", "the MOU"): typed in
# capitals, but not names the graph is missing.
_COMMON_ACRONYMS = frozenset("""vc vcs mou mous ipo ipos ceo ceos cfo cto coo evp svp vp ai agi
llm llms gpu gpus cpu api apis ip hq pbc nda rd faq pr saas usd eur gbp ev esg tv pc""".split())
_CALENDAR = frozenset("""january february march april may june july august september october november
december jan feb mar apr jun jul aug sep sept oct nov dec monday tuesday wednesday thursday friday
saturday sunday""".split())


@dataclass
class Mention:
    """A span of the question linked to a graph node."""

    iri: str
    label: str
    start: int            # token index
    end: int              # token index, exclusive
    text: str             # the words as typed
    score: float          # 1.0 exact, less for fuzzy or abbreviation matches
    kind: str = "entity"  # "entity" or "class"
    weak: bool = False    # a lower-case common-noun entity ("compute"): a constraint, not an anchor


@dataclass
class Linked:
    mentions: list[Mention]
    tokens: list[str]          # folded tokens
    raw: list[str]             # tokens as typed
    unknown: list[str]         # capitalised words that name nothing in the graph

    @property
    def entities(self) -> list[Mention]:
        return [m for m in self.mentions if m.kind == "entity"]

    @property
    def anchors(self) -> list[Mention]:
        strong = [m for m in self.entities if not m.weak]
        return strong or self.entities

    @property
    def classes(self) -> list[Mention]:
        return [m for m in self.mentions if m.kind == "class"]

    def covered(self) -> set[int]:
        return {i for m in self.mentions for i in range(m.start, m.end)}


def _plurals(words: str) -> list[str]:
    head, _, last = words.rpartition(" ")
    if last.endswith("y") and len(last) > 2 and last[-2] not in "aeiou":
        forms = [last[:-1] + "ies"]
    elif last.endswith(("s", "x", "ch", "sh")):
        forms = [last + "es"]
    else:
        forms = [last + "s"]
    return [(head + " " + f).strip() for f in forms]


def _fold_label(label: str) -> str:
    return " ".join(t.casefold() for t in raw_tokens(label))


def _acronym(label: str) -> str | None:
    words = [w for w in raw_tokens(label) if w.casefold() not in ("and", "of", "the", "for", "&")]
    if len(words) < 2 or not all(w[:1].isupper() or w[:1].isdigit() for w in words):
        return None
    return "".join(w[0] for w in words).casefold()


class Linker:
    """Links question text to entities (``fb.entities``) and to classes that entities instantiate."""

    def __init__(self, fb: FactBase):
        self.fb = fb
        self.alias: dict[str, set[str]] = defaultdict(set)
        self.class_alias: dict[str, set[str]] = defaultdict(set)
        self.acronyms: dict[str, set[str]] = defaultdict(set)
        self.degree: dict[str, int] = {e: len(fb.by_entity.get(e, ())) for e in fb.entities}
        self.weak: set[str] = set()
        for e in fb.entities:
            names = [fb.labels.get(e, "")] + list(fb.alts.get(e, ()))
            names = [n for n in names if n]
            # Common nouns ("compute", "models and IP") start lower-case; names do not
            # ("eBay" is one word with capitals, so it stays a name).
            if names and names[0][:1].islower() and (names[0] == names[0].lower()
                                                     or " " in names[0]):
                self.weak.add(e)
            for n in names:
                folded = _fold_label(n)
                if folded:
                    self.alias[folded].add(e)
                acr = _acronym(n)
                if acr and len(acr) >= 2:
                    self.acronyms[acr].add(e)
        # Partial names: "Vellmarsh Symphony" for "Vellmarsh Symphony Orchestra", "Golden
        # Lyre" for "Golden Lyre Award". A label's leading words (two or more) stand for it
        # when no other name is spelled so and only this entity's label starts so.
        starts: dict[str, set[str]] = defaultdict(set)
        for e in fb.entities - self.weak:
            words = _fold_label(fb.labels.get(e, "")).split()
            for k in range(1, len(words)):
                if words[k - 1] not in STOPWORDS:
                    starts[" ".join(words[:k])].add(e)
        self.partial = {p: iris for p, iris in starts.items()
                        if len(iris) == 1 and p not in self.alias}
        used_classes = {t for e in fb.entities | fb.fact_nodes for t in fb.types.get(e, ())}
        used_classes |= {sup for c in list(used_classes) for sup in fb.class_closure(c)}
        for c in used_classes:
            for n in [fb.labels.get(c, "")] + list(fb.alts.get(c, ())):
                folded = _fold_label(n)
                if folded and folded not in STOPWORDS:
                    self.class_alias[folded].add(c)
                    for pl in _plurals(folded):
                        self.class_alias[pl].add(c)
        self.max_len = min(MAX_ALIAS_TOKENS, max((len(a.split()) for a in self.alias), default=1))
        # Typos are only looked for among proper names, compared with the typed words.
        self._fuzzy_choices = sorted(a for a, iris in self.alias.items()
                                     if len(a) >= 4 and not iris <= self.weak)
        vocab: set[str] = set()
        for node in fb.schema_nodes:
            vocab.update(_fold_label(fb.labels.get(node, "")).split())
            vocab.update(_fold_label(fb.comments.get(node, "")).split())
        self.vocabulary = vocab
        self.vocab_stems = {stem(w) for w in vocab}
        # Words the graph's own sentences use ("Baltic" in a tour's label): a capitalised word
        # among them is not a name the graph lacks, even when no entity is called so.
        self.text_words = {w for node in fb.fact_nodes | fb.entities
                           for x in (fb.labels.get(node, ""), fb.comments.get(node, ""))
                           for w in _fold_label(x).split()}

    # ------------------------------------------------------------------ helpers

    def best(self, iris: set[str]) -> str:
        return max(sorted(iris), key=lambda e: self.degree.get(e, 0))

    def _mention(self, iri: str, start: int, end: int, raw: list[str], score: float,
                 kind: str = "entity") -> Mention:
        label = self.fb.label(iri)
        return Mention(iri=iri, label=label, start=start, end=end, text=" ".join(raw[start:end]),
                       score=score, kind=kind, weak=kind == "entity" and iri in self.weak)

    # ------------------------------------------------------------------ linking

    def link(self, text: str) -> Linked:
        raw = raw_tokens(text)
        toks = [t.casefold() for t in raw]
        used = [False] * len(toks)
        mentions: list[Mention] = []
        # "Microsoft's AI tie-ups" is not "Microsoft AI": no name runs across a possessive.
        owners = possessive_ends(text)

        def free(i: int, j: int) -> bool:
            return not any(used[i:j])

        def take(m: Mention) -> None:
            mentions.append(m)
            for k in range(m.start, m.end):
                used[k] = True

        # 1. exact label / alias matches, longest first; at one length, spans that do not
        # start with a stopword first ("the Northbank Philharmonic" is the label, not the
        # alias "the Northbank" and a stray word).
        for n in range(min(self.max_len, len(toks)), 0, -1):
            order = sorted(range(len(toks) - n + 1), key=lambda i: (toks[i] in STOPWORDS, i))
            for i in order:
                if not free(i, i + n) or any(k in owners for k in range(i, i + n - 1)):
                    continue
                span = " ".join(toks[i:i + n])
                if n == 1 and span in STOPWORDS and not raw[i].isupper():
                    continue
                iris = self.alias.get(span)
                if not iris and span in self.partial and \
                        (n >= 2 or raw[i][:1].isupper() and span not in self.vocabulary
                         and span not in QUESTION_WORDS):
                    # A partial name; one word only as a capitalised name ("Riverside", not
                    # "golden").
                    e = self.best(self.partial[span])
                    end = i + n
                    if end < len(toks) and raw[end][:1].isupper():
                        # The next capitalised word must go on with this label (a typo of its
                        # next word: "Vellmarsh Symphony Orchesra"), else it starts another name.
                        words = _fold_label(self.fb.label(e)).split()
                        if not free(end, end + 1) or fuzz.ratio(toks[end], words[n]) < 80:
                            continue
                        end += 1
                    take(self._mention(e, i, end, raw, 0.9))
                    continue
                if not iris and span.endswith("s") and len(span) > 4:
                    # A possessive typed without its apostrophe: "microsofts rivals".
                    iris = {e for e in self.alias.get(span[:-1], ()) if e not in self.weak}
                if iris:
                    take(self._mention(self.best(iris), i, i + n, raw, 1.0))
                    continue
                classes = self.class_alias.get(span)
                if classes and n == 1 and i > 0 and toks[i - 1] in _VERB_CONTEXT:
                    continue   # "did he report to": a verb spelled like a class ("report")
                if classes and not (n == 1 and span in QUESTION_WORDS):
                    take(self._mention(sorted(classes)[0], i, i + n, raw, 1.0, kind="class"))
        # 2. acronyms and letter-subsequence abbreviations, typed in capitals
        for i, word in enumerate(raw):
            if used[i] or len(word) < 2 or not word.isupper() or not word.isalpha() \
                    or toks[i] in self.vocabulary or toks[i] in STOPWORDS:
                continue
            iris = self.acronyms.get(word.casefold())
            if iris:
                take(self._mention(self.best(iris), i, i + 1, raw, 0.9))
                continue
            if len(word) >= 4:
                hits = self._subsequence(word.casefold())
                if hits:
                    take(self._mention(self.best(hits), i, i + 1, raw, 0.8))
        # 3. typos in what is left
        for n in range(min(5, self.max_len, len(toks)), 0, -1):
            for i in range(len(toks) - n + 1):
                if not free(i, i + n):
                    continue
                words = toks[i:i + n]
                if any(w in STOPWORDS or w in QUESTION_WORDS for w in (words[0], words[-1])):
                    continue
                span = " ".join(words)
                if len(span) < 5 or (n == 1 and (span in self.vocabulary
                                                 or stem(span) in self.vocab_stems)):
                    continue
                hit = process.extractOne(span, self._fuzzy_choices, scorer=fuzz.ratio,
                                         score_cutoff=84 if len(span) >= 8 else 88)
                # A typo keeps its first letter; one word also its second ("bring" is not
                # "Bing", "microsft" is "Microsoft").
                if hit and n > 1 and len(hit[0].split()) == n and any(
                        fuzz.ratio(a, b) < 75 for a, b in zip(words, hit[0].split())):
                    hit = None   # "microsft see" is not "Microsoft Edge": every word must be close
                if hit and hit[0][0] == span[0] and (n > 1 or hit[0][:2] == span[:2]):
                    take(self._mention(self.best(self.alias[hit[0]]), i, i + n, raw,
                                       hit[1] / 100.0))
        mentions.sort(key=lambda m: m.start)
        mentions = self._qualifiers_merged(mentions)
        mentions = self._typo_tails(mentions, raw, toks, used)
        # "does Suleyman report to": a one-word class right after an auxiliary and a name,
        # before a preposition or at the end, is that name's verb.
        ends = {m.end for m in mentions if m.kind == "entity" and m.start > 0
                and toks[m.start - 1] in _VERB_CONTEXT}
        mentions = [m for m in mentions if not (
            m.kind == "class" and m.end - m.start == 1 and m.start in ends
            and (m.end == len(toks) or toks[m.end] in _PREPOSITIONS))]
        unknown = self._unknown(raw, toks, used)
        return Linked(mentions=mentions, tokens=toks, raw=raw, unknown=unknown)

    def _typo_tails(self, mentions: list[Mention], raw: list[str], toks: list[str],
                    used: list[bool]) -> list[Mention]:
        """"Vellmarsh Symphony Orchesra": a capitalised word right after a name that is a typo
        of the next word of its label extends the name."""
        out = []
        for m in mentions:
            j = m.end
            if m.kind == "entity" and j < len(toks) and not used[j] and raw[j][:1].isupper():
                words = _fold_label(self.fb.label(m.iri)).split()
                have = toks[m.start:m.end]
                if words[:len(have)] == have and len(words) > len(have) and \
                        fuzz.ratio(toks[j], words[len(have)]) >= 80:
                    used[j] = True
                    m = Mention(iri=m.iri, label=m.label, start=m.start, end=j + 1,
                                text=f"{m.text} {raw[j]}", score=min(m.score, 0.9),
                                kind=m.kind, weak=m.weak)
            out.append(m)
        return out

    def _qualifiers_merged(self, mentions: list[Mention]) -> list[Mention]:
        """"the UK CMA": a name directly before another whose own label repeats it ("UK
        Competition and Markets Authority") is part of that name, not a second entity."""
        out: list[Mention] = []
        for m in mentions:
            prev = out[-1] if out else None
            if prev is not None and prev.kind == "entity" and m.kind == "entity" and \
                    prev.end == m.start and prev.iri != m.iri:
                words = f" {' '.join(w.casefold() for w in raw_tokens(prev.text))} "
                names = [self.fb.label(m.iri)] + list(self.fb.alts.get(m.iri, ()))
                if any(words in f" {' '.join(t.casefold() for t in raw_tokens(n))} "
                       for n in names):
                    out[-1] = Mention(iri=m.iri, label=m.label, start=prev.start, end=m.end,
                                      text=f"{prev.text} {m.text}", score=m.score, kind=m.kind,
                                      weak=m.weak)
                    continue
            out.append(m)
        return out

    def _subsequence(self, letters: str) -> set[str]:
        hits: set[str] = set()
        for alias, iris in self.alias.items():
            if alias[:1] != letters[:1] or iris <= self.weak:
                continue
            word = alias.split()[0]
            it = iter(word)
            if all(ch in it for ch in letters):
                hits |= iris
        return hits

    def _unknown(self, raw: list[str], toks: list[str], used: list[bool]) -> list[str]:
        """Capitalised or non-Latin words not linked: names the graph does not know."""
        out: list[str] = []
        for i, word in enumerate(raw):
            if used[i] or toks[i] in STOPWORDS or toks[i] in QUESTION_WORDS:
                continue
            if toks[i] in self.vocabulary or any(c.isdigit() for c in word) or toks[i] in _CALENDAR \
                    or toks[i] in _COMMON_ACRONYMS or toks[i] in self.text_words:
                continue
            first = i == 0
            if (word[:1].isupper() and not first) or (word.isupper() and len(word) > 1) \
                    or not word.isascii():
                out.append(word)
        return out
