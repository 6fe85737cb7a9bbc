"""Follow-up questions: pronouns and elliptical questions resolved from the chat history.

"What about Microsoft?" after "What leverage does OpenAI hold?" becomes "What leverage does
Microsoft hold?"; "Which other companies has it invested in?" after a question about Microsoft
and Mistral AI becomes "... has Microsoft invested in?" and excludes the entities already named.
"""

from __future__ import annotations

import re
from typing import Callable

from .intent import find_period
from .linking import Linker
from .normalize import clean

_ELLIPTIC = re.compile(r"^\s*(?:and\s+)?(?:what|how)\s+about\s+(?P<rest>.+?)\s*[?.!]*\s*$|"
                       r"^\s*and\s+(?P<rest2>.+?)\s*\?\s*$", re.I)
_PRONOUN = re.compile(r"\b(it|its|they|them|their|he|him|his|she|her|there|"
                      r"(?:this|that|these|those) (?P<noun>[a-z]+)|"
                      r"the (?P<org>company|firm|organi[sz]ation|startup|lab))\b", re.I)
_EVENT = re.compile(r"^\s*(when|where|why)\b.*\b(?:it|that|this)\s+(?:happen|occur|take place)",
                    re.I)
_PERSON = {"he", "him", "his", "she", "her"}
# A question that is only a question word: "How much?", "And when?", "why, then?"
_BARE_WH = re.compile(r"^\s*(?:and|so|ok|okay|then)?[\s,]*(?P<wh>how much|how many|when|where|why|"
                      r"since when|what year|which year)(?:\s+(?:then|exactly|was that|is that))?"
                      r"\s*[?.!]*\s*$", re.I)
_WH_START = re.compile(r"^\s*(?:how much|how many \w+|when|where|why|who|what|which)\b\s*", re.I)


def _user_turns(history: list[dict]) -> list[str]:
    out = []
    for m in history or []:
        if isinstance(m, dict) and m.get("role") == "user" and isinstance(m.get("content"), str):
            out.append(clean(m["content"]))
    return out


def _last_assistant(history: list[dict]) -> str:
    for m in reversed(history or []):
        if isinstance(m, dict) and m.get("role") == "assistant" and isinstance(m.get("content"), str):
            return clean(m["content"])[:300]
    return ""


def resolve(question: str, history: list[dict], linker: Linker,
            answer_of: Callable[[str], list[str]] | None = None) -> tuple[str, dict]:
    """Return ``(self-contained question, context)``; context["exclude"] holds earlier entities.

    ``answer_of(question)`` gives the IRIs an answer to an earlier question is about; it is
    asked only when a follow-up points at that answer ("who runs that company?") and the
    history holds no assistant turn to read them from.
    """
    previous = ""
    for turn in _user_turns(history)[-6:]:
        previous = _resolve_one(turn, previous, "", linker, None)
    resolved = _resolve_one(question, previous, _last_assistant(history), linker, answer_of)
    exclude = set()
    if previous:
        exclude = {m.iri for m in linker.link(previous).entities}
    return resolved, {"previous": previous, "exclude": exclude}


def _resolve_one(question: str, previous: str, assistant: str, linker: Linker,
                 answer_of: Callable[[str], list[str]] | None) -> str:
    if not previous:
        return question
    prev = linker.link(previous)
    if not prev.anchors:
        return question
    changed = _new_period(question, previous)
    if changed:
        return changed
    ev = _EVENT.match(question)
    if ev:
        # "When did it happen?": the event is the previous question itself.
        body = re.sub(r"^\s*(?:when|where|why|how)\b\s*", "", previous.rstrip(" ?.!"), flags=re.I)
        return f"{ev.group(1).capitalize()} {body[:1].lower() + body[1:]}?"
    m = _ELLIPTIC.match(question)
    if m and m.group("rest2") and _WH_START.match(m.group("rest2")):
        m = None   # "and who else funds them?" is a question of its own, not "and X?"
    if m:
        rest = m.group("rest") or m.group("rest2") or ""
        new = linker.link(rest)
        if new.anchors:
            target = new.anchors[0]
            old = _same_kind(prev.anchors, target.iri, linker) or prev.anchors[0]
            return _replace(previous, old.text, target.label)
        # "And who runs that company?": no new name; a pronoun may still point back.
    cur = linker.link(question)
    short = _BARE_WH.match(question)
    if short and not cur.anchors:
        # "How much?" after "Did Amazon invest in Anthropic?": the new question word over the
        # previous question's body.
        body = _WH_START.sub("", previous.rstrip(" ?.!"))
        wh = short.group("wh").strip()
        return f"{wh[:1].upper()}{wh[1:].lower()} {body[:1].lower() + body[1:]}?"
    om = _ORDINAL.search(question)
    if om and not cur.anchors:
        # "Where was the first one premiered?": the n-th entity of the previous answer.
        answered = [a for a in _answer_entities(linker, assistant, previous, answer_of)
                    if a not in {m.iri for m in prev.anchors}]
        k = _ORDINALS[om.group(1).lower()]
        if answered and (k < len(answered) or k == -1):
            return question[:om.start()] + linker.fb.label(answered[k]) + question[om.end():]
    # The first pronoun, or "that <noun>" naming a kind the graph holds ("the chief scientist"
    # or "the same day" point at nothing).
    pm = next((p for p in _PRONOUN.finditer(question)
               if not (p.group("noun") or p.group("org"))
               or _kind_of(linker, (p.group("noun") or p.group("org")).lower())), None)
    noun = (pm.group("noun") or pm.group("org") or "").lower() if pm else ""
    if pm and not (cur.anchors and len(cur.anchors) >= 2):
        word = pm.group(1).lower()
        referent = None
        if noun:
            # "that company": the previous answer when one of its entities is of that kind,
            # else the previous question's entity of that kind.
            kind = _kind_of(linker, noun)
            answered = _answer_entities(linker, assistant, previous, answer_of)
            asked = {m.iri for m in prev.anchors}
            for iri in [a for a in answered if a not in asked] + [m.iri for m in prev.anchors]:
                if kind & linker.fb.all_types(iri):
                    return question[:pm.start()] + linker.fb.label(iri) + question[pm.end():]
        if word == "there":
            place = next((m for m in prev.anchors if m.iri not in
                          {c.iri for c in cur.anchors}), None)
            if place is None:
                return question
            return question[:pm.start()] + "at " + place.label + question[pm.end():]
        if word in _PERSON:
            for source in (assistant, previous):
                for ment in linker.link(source).anchors if source else []:
                    if _is_person(linker, ment.iri):
                        referent = ment
                        break
                if referent:
                    break
        if referent is None:
            candidates = [x for x in prev.anchors if x.iri not in {c.iri for c in cur.anchors}]
            referent = candidates[0] if candidates else None
        if referent is not None:
            label = referent.label
            if word in ("its", "their", "his", "her") and word != "her" or word == "her" and \
                    re.search(r"\bher\s+\w+\s+(?:is|was|are|were|do|does|did)\b", question, re.I):
                label += "'s"
            return question[:pm.start()] + label + question[pm.end():]
    return question


_ORDINALS = {"first": 0, "second": 1, "third": 2, "fourth": 3, "last": -1, "former": 0,
             "latter": -1}
_ORDINAL = re.compile(r"\bthe (first|second|third|fourth|last|former|latter)(?: one)?\b(?! time)",
                      re.I)


def _kind_of(linker: Linker, noun: str) -> set[str]:
    """The classes a common noun names ("company"), with their subclasses' instances in mind."""
    return set(linker.class_alias.get(noun, ())) or set(linker.class_alias.get(noun.rstrip("s"), ()))


def _answer_entities(linker: Linker, assistant: str, previous: str,
                     answer_of: Callable[[str], list[str]] | None) -> list[str]:
    """The entities the previous answer named: read from the assistant's turn, or (when the
    history holds none) from answering the previous question again."""
    if assistant:
        return [m.iri for m in linker.link(assistant).anchors]
    if answer_of is not None:
        return list(answer_of(previous))
    return []


def _new_period(question: str, previous: str) -> str:
    """"What about the 2023 one?" after a question about 2019: the previous question with
    the new date in place of the old one (or added to it)."""
    m = _ELLIPTIC.match(question)
    if not m:
        return ""
    rest = (m.group("rest") or m.group("rest2") or "")
    new = find_period(rest)[1]
    if not new or len(rest.split()) > 7:
        return ""
    old = find_period(previous)[1]
    body = previous.rstrip(" ?.!")
    if old:
        return body.replace(old, new, 1) + "?"
    return f"{body} in {new}?"


def _same_kind(mentions, iri: str, linker: Linker):
    fb = linker.fb
    want = set(fb.types.get(iri, ()))
    for m in mentions:
        if want & set(fb.types.get(m.iri, ())):
            return m
    return None


def _is_person(linker: Linker, iri: str) -> bool:
    fb = linker.fb
    words = " ".join(fb.label(t).lower() for t in fb.all_types(iri))
    return "person" in words or any(t.endswith("Person") for t in fb.all_types(iri))


def _replace(text: str, old: str, new: str) -> str:
    idx = text.lower().find(old.lower())
    if idx < 0:
        return text
    return text[:idx] + new + text[idx + len(old):]
