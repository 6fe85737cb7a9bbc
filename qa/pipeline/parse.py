"""Stage 1: the question's words, lemmas, question word and kind, decided once."""

from __future__ import annotations

from .text import LEXICON, is_stop, lemma, words
from .types import Question


def parse(text: str, history: list[dict] | None = None) -> Question:
    """Read ``text`` into a :class:`Question`. The kind is one of ``lookup``, ``count``,
    ``amount``, ``boolean``, ``reason`` or ``manner``; the last three are left to other
    answerers."""
    ws = words(text)
    joined = " " + " ".join(ws) + " "
    wh = ""
    for w in ws[:4] if ws else ():
        if w in LEXICON["wh"]:
            wh = LEXICON["wh"][w]
            break
    if wh == "" and ws:
        # "... which nationality is X's couple?": a question word further in still counts.
        wh = next((LEXICON["wh"][w] for w in ws if w in LEXICON["wh"]), "")
    kind = "lookup"
    if any(f" {p} " in joined for p in LEXICON["count_phrases"]):
        kind = "count"
    elif wh == "reason":
        kind = "reason"
    elif any(f" {p} " in joined for p in LEXICON["amount_phrases"]):
        kind = "amount"
    elif wh == "manner":
        kind = "manner"
    elif ws and ws[0] in LEXICON["boolean_starters"]:
        kind = "boolean"
    answer_type = -1
    for cue in LEXICON["answer_type_cues"]:
        # "which country ...", "how many people ...": the noun after the cue names the kind
        # of answer, not a relation.
        n = len(cue.split())
        for i in range(len(ws) - n):
            if " ".join(ws[i:i + n]) == cue:
                after = ws[i + n]
                if not is_stop(after) and after not in LEXICON["auxiliaries"]:
                    answer_type = i + n
                break
        if answer_type >= 0:
            break
    resolved_from = ""
    if history and any(w in LEXICON["followup_pronouns"] for w in ws):
        previous = [m.get("content", "") for m in history if m.get("role") == "user"]
        resolved_from = previous[-1] if previous else ""
    return Question(text=text, words=tuple(ws), lemmas=tuple(lemma(w) for w in ws), wh=wh,
                    kind=kind, resolved_from=resolved_from, answer_type=answer_type)
