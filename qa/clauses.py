"""Main and subordinate clauses of a question.

A question asks its relation in the main clause; a subordinate clause ("when the deal was
struck", "during the 2023 turmoil", "if the partnership collapsed"), an apposition between
commas ("Codex, the model that first powered Copilot, was ...") or a parenthesis only places or
narrows it. Their words still reach the ranker through the sentence embedding and their names
and dates stay constraints, but they are not relation words the answer must state.
"""

from __future__ import annotations

import re

from .normalize import raw_tokens

_QUESTION_START = (r"(?:who|whom|whose|what|which|when|where|why|how|did|does|do|is|are|was|"
                   r"were|has|have|had|can|could|will|would|should)\b")
# "When Suleyman took over the unit, who did he report to?": a clause before the question.
_LEADING = re.compile(r"^\s*(?:when|after|before|while|once|since|if|although|though|as|"
                      r"following|given that|back when|at the time)\b[^,?]*,\s*(?=" +
                      _QUESTION_START + ")", re.I)
# A subordinator after the main clause opens a clause that runs to the end (or a comma).
_TRAILING = re.compile(r"\s(?:during|under|without|rather than|instead of|if|because|while|amid|"
                       r"amidst|despite|following|when|once|so that|given that|in the wake of)\s",
                       re.I)
_PAREN = re.compile(r"\([^)]*\)|\[[^\]]*\]")
# ", the model that first powered X," / ", which ...,": an apposition between commas.
_APPOSITION = re.compile(r",\s*(?:(?:the|a|an|which|who|whose|its|their)\b[^,?]*,|"
                         r"(?:the|a|an)\b[^,?]*(?=\?\s*$)|(?:the|a|an)\b[^,?]*$)", re.I)


def leading_clause(question: str) -> int:
    """Where the question proper starts after a leading clause ("When X happened, who ..."),
    or 0."""
    m = _LEADING.match(question)
    return m.end() if m else 0


def subordinate_spans(question: str) -> list[tuple[int, int]]:
    """Character spans of ``question`` outside its main clause."""
    spans: list[tuple[int, int]] = []
    m = _LEADING.match(question)
    if m:
        spans.append((0, m.end()))
    start = m.end() if m else 0
    spans += [(p.start(), p.end()) for p in _PAREN.finditer(question)]
    # (The comma that closes a leading clause opens no apposition.)
    spans += [(a.start(), a.end()) for a in _APPOSITION.finditer(question)
              if a.start() >= start - 2 and not (m and a.start() < start)]
    t = _TRAILING.search(question, start + 1)
    if t and t.start() > start:
        end = question.find(",", t.end())
        spans.append((t.start(), len(question) if end < 0 else end))
    return spans


def subordinate_tokens(question: str) -> frozenset[int]:
    """Positions (in :func:`~kgqa.qa.normalize.raw_tokens` of ``question``) of the words
    outside the main clause."""
    out: set[int] = set()
    for a, b in subordinate_spans(question):
        first = len(raw_tokens(question[:a]))
        last = len(raw_tokens(question[:b]))
        out.update(range(first, last))
    return frozenset(out)
