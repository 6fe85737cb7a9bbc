"""How a question's words are read, beyond its clauses (``clauses.py``): politeness and
contractions, two questions in one, the subject after an auxiliary, the words naming the kind
of answer, names left out ("apart from X"), the voice of its verb, what "how many" counts and
descriptions by any kind the graph has. Generic English only; no names of any graph."""

from __future__ import annotations

import re

from .intent import COMMAND
from .linking import AUXILIARIES, Linked
from .normalize import IRREGULAR_PAST, stem
from .retrieval import FILLER


# Contractions typed without an apostrophe.
_CONTRACTIONS = {"whats": "what is", "whos": "who is", "wheres": "where is",
                 "hows": "how is", "whens": "when is", "whys": "why is"}
_CONTRACTED = re.compile(r"\b(?:" + "|".join(_CONTRACTIONS) + r")\b", re.I)
# "I'd like to know which ...", "Can you tell me who ...": politeness around the question.
_PREAMBLE = re.compile(
    r"^\s*(?:(?:hi|hello|hey|ok|okay|so|please)[,!.]?\s+)*"
    r"(?:i['’]?d like to know|i would like to know|i want to know|i wonder|i['’]m wondering|"
    r"(?:can|could|would) you (?:please )?(?:tell me|say|find out|check)|please tell me|"
    r"do you know|tell me)\s*[,:]?\s+(?=(?:who|whom|whose|what|which|when|where|why|how|if|"
    r"whether)\b)", re.I)


def unwrap(text: str) -> str:
    """The question without politeness around it and with contractions spelled out."""
    text = _PREAMBLE.sub("", text) or text
    return _CONTRACTED.sub(lambda m: _CONTRACTIONS[m.group(0).lower()], text)


_TWO_QUESTIONS = re.compile(
    r"^(?P<a>(?:who|whom|what|which|when|where|why|how|did|does|do|is|are|was|were|has|have)\b"
    r".+?)\s*,?\s+and\s+(?P<b>(?:who|whom|what|which|when|where|why|how)\b.+)$", re.I)


def two_questions(text: str) -> tuple[str, str] | None:
    """"What is X and who sells it?" -> ("What is X?", "who sells it?"); else None."""
    m = _TWO_QUESTIONS.match(text)
    if not m or len(m.group("b").split()) < 2:
        return None
    return m.group("a").rstrip(" ,") + "?", m.group("b")


def described_kind(text: str, linked: Linked) -> tuple[int, str, str] | None:
    """"the orchestra that X directs", "the orchestra Dev Ramaswamy plays in": a kind the graph
    has (any class, not only the nouns intent.py knows), then a relative clause or a name:
    a description standing for an entity, as (char offset, noun, clause)."""
    for m in linked.classes:
        got = re.search(r"\b(?:the|a|an)\s+" + re.escape(m.text) +
                        r"\s+(?P<clause>(?:that|which|who|whom|whose)\b.+|[A-Z].+)$", text)
        command = COMMAND.match(text)
        if command and got and got.start() <= command.end():
            return None   # "Name the companies that ..." asks for that list itself
        if got and (got.start() > 0 or re.search(r"\b(?:which|what|whom)\b", got.group("clause"))):
            return got.start(), m.text.lower(), got.group("clause")
    return None


def excluded(linked: Linked) -> set[str]:
    """Names after "apart from", "besides", "except", "other than", "aside from"."""
    toks = linked.tokens
    out = set()
    for m in linked.entities:
        k = m.start
        while k > 0 and toks[k - 1] in ("the", "a", "an"):
            k -= 1
        before = toks[max(0, k - 2):k]
        if before[-1:] in (["besides"], ["except"]) or before in (
                ["apart", "from"], ["other", "than"], ["aside", "from"], ["except", "for"]):
            out.add(m.iri)
    return out


def _participle(word: str) -> bool:
    return word.endswith(("ed", "en")) or word in IRREGULAR_PAST


def answer_type(linked: Linked) -> set[int]:
    """Positions of the words after "which"/"what" that name the kind of answer wanted, not
    the relation: "which VC firm led X" (vc, firm), "which journalists wrote the FT story"
    (journalists). They run up to an auxiliary, or up to the verb before the first name."""
    toks = linked.tokens
    start = 1
    if len(toks) > 2 and toks[0] in ("name", "list") and toks[1] in ("the", "all", "every"):
        # "Name the directors who stepped off ...": the kind runs up to the relative pronoun.
        for j in range(2, min(len(toks), 6)):
            if toks[j] in ("who", "that", "which", "whom"):
                return set(range(2, j))
        return set()
    if not toks or toks[0] not in ("which", "what"):
        return set()
    names = {m.start for m in linked.mentions if m.kind == "entity"}
    for j in range(start, min(len(toks), 5)):
        if toks[j] in AUXILIARIES:
            return set(range(1, j))
        if j in names:
            # "which VC firm led openai": the word before the name is the verb.
            return set(range(1, j - 1)) if j - 1 > 1 and toks[j - 1] not in FILLER else set()
    return set()


def voice(linked: Linked, anchors: list[str], terms: list[str]
           ) -> list[tuple[str, str, bool, str]]:
    """For each relation word and the entity named nearest before (else after) it: (stem,
    entity, whether the entity is the verb's agent, the word after the verb). "What has X
    built?": X before the verb, nothing after: the agent. "Who built X?" or "What was X built
    by?": not the agent."""
    toks = linked.tokens
    spans = [m for m in linked.anchors if m.iri in anchors]
    out = []
    for i, t in enumerate(toks):
        if t not in terms:
            continue
        after = toks[i + 1] if i + 1 < len(toks) else ""
        before = [m for m in spans if m.end <= i]
        later = [m for m in spans if m.start > i]
        if before:
            out.append((stem(t), before[-1].iri, after != "by", after))
        elif later:
            out.append((stem(t), later[0].iri, False, after))
    return out


def counted(linked: Linked) -> str:
    """What "how many <word>" counts: "class" (a kind of entity: count them), "entity" (a thing
    such as a resource, "how many GPUs": only a figure the graph states answers) or ""."""
    m = counted_mention(linked)
    return m.kind if m is not None else ""


def subject_first(linked: Linked, question: str, subordinate: frozenset = frozenset()
                   ) -> tuple[list[str], list[str]]:
    """Anchors in question order, main clause first (a name in "when X did Y, ..." only places
    the question), except that a name qualifying a kind ("Microsoft products",
    "OpenAI's rivals" is not one: a possessive names the subject) goes last: it narrows the
    answer rather than being what the question is about. Returns (anchors, modifiers)."""
    anchors = sorted(linked.anchors, key=lambda m: m.start in subordinate)
    # In "how much Azure capacity has OpenAI committed", the name right after the auxiliary is
    # the verb's subject: what the question is about, ahead of a name that qualifies a noun.
    toks = linked.tokens
    subject = next((m for m in anchors[1:] if m.start > 0 and m.start not in subordinate
                    and toks[m.start - 1] in AUXILIARIES
                    and anchors[0].end < len(toks) and toks[anchors[0].end] not in AUXILIARIES
                    # "have" is the auxiliary of "has X committed", the verb of "have X's tech"
                    and (toks[m.start - 1] not in ("has", "have", "had") or (
                        m.end < len(toks) and _participle(toks[m.end])))), None)
    if subject is not None and anchors[0].start not in subordinate and \
            linked.tokens[anchors[0].start - 1:anchors[0].start] != ["did"]:
        anchors = [subject] + [m for m in anchors if m is not subject]
    kinds = {m.start for m in linked.classes}
    modifiers = [m for m in anchors if m.end in kinds and not re.search(
        re.escape(m.text) + r"['’]s?\b", question)]
    if len(anchors) < 2 or not modifiers:
        return [m.iri for m in anchors], []
    return [m.iri for m in anchors if m not in modifiers] + [m.iri for m in modifiers], \
        [m.iri for m in modifiers]


def counted_mention(linked: Linked):
    """The mention "how many" counts, if the graph names it: the word after "how many", or a
    kind a few words on ("how many in-house models"), never the name after the verb ("how
    many people founded Anthropic")."""
    toks = linked.tokens
    for i in range(len(toks) - 2):
        if toks[i] == "how" and toks[i + 1] == "many":
            for j in range(i + 2, min(i + 5, len(toks))):
                if toks[j] in AUXILIARIES:
                    break
                m = next((m for m in linked.mentions if m.start <= j < m.end), None)
                if m is not None:
                    return m if j == i + 2 or m.kind == "class" else None
            return None
    return None
