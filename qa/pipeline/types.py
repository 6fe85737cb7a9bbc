"""The frozen values passed between the pipeline's stages.

``parse -> Question -> link -> Linked -> candidates -> [QueryGraph] -> rank -> [Scored]
-> execute -> Result -> compose -> Answer``. Each stage is a pure function of its input and the
request's :class:`~kgqa.qa.pipeline.context.Context`.
"""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass(frozen=True)
class Question:
    text: str                      # the question as asked, after follow-up resolution
    words: tuple[str, ...]         # folded words
    lemmas: tuple[str, ...]        # one lemma per word
    wh: str                        # the question word's role: agent, thing, time, place, ...
    kind: str                      # lookup | count | boolean | reason | manner
    resolved_from: str = ""        # the previous turn's text when this is a follow-up
    answer_type: int = -1          # the word naming the kind of answer ("how many *people*",
                                   # "which *country*"), or -1


@dataclass(frozen=True)
class Mention:
    start: int                     # word span [start, end) in Question.words
    end: int
    iri: str
    label: str
    score: float                   # 1.0 exact label; lower for a fuzzy match


@dataclass(frozen=True)
class Linked:
    question: Question
    mentions: tuple[Mention, ...]  # best first


@dataclass(frozen=True)
class Hop:
    predicate: str
    inverse: bool = False          # walked object -> subject


@dataclass(frozen=True)
class QueryGraph:
    """A candidate reading of the question: from ``topic`` along ``hops`` to the answer."""

    topic: str
    mention: Mention
    hops: tuple[Hop, ...]
    aggregate: str = ""            # "" or "count"
    size: int = 0                  # number of distinct answers the graph gives
    sample_kind: str = ""          # what one answer is: iri, date, number or literal
    returns_topic: bool = False    # one of the answers is the topic itself

    def sparql(self, form: str = "", bound: int | None = None) -> str:
        """The query this candidate runs: IRIs only, never question text. ``form`` is
        ``answers`` (distinct answers), ``count`` or ``walk`` (every hop's node per row);
        by default ``count`` for a count candidate, else ``answers``. With ``bound``, the walk
        is cut at that many rows before answers are taken from it (a hub's neighbourhood then
        costs ``bound`` rows, not all of them); the query shown to users has no bound."""
        form = form or ("count" if self.aggregate == "count" else "answers")
        lines, prev = [], f"<{self.topic}>"
        for i, hop in enumerate(self.hops):
            nxt = "?answer" if i == len(self.hops) - 1 else f"?x{i + 1}"
            s, o = (nxt, prev) if hop.inverse else (prev, nxt)
            lines.append(f"  {s} <{hop.predicate}> {o} .")
            prev = nxt
        body = "\n".join(lines)
        if bound is not None:
            body = f"  {{ SELECT * WHERE {{\n{body}\n  }} LIMIT {int(bound)} }}"
        if form == "count":
            return f"SELECT (COUNT(DISTINCT ?answer) AS ?count) WHERE {{\n{body}\n}}"
        if form == "walk":
            names = " ".join(f"?x{i}" for i in range(1, len(self.hops))) + " ?answer"
            return f"SELECT {names.strip()} WHERE {{\n{body}\n}}"
        return f"SELECT DISTINCT ?answer WHERE {{\n{body}\n}}"


@dataclass(frozen=True)
class Scored:
    graph: QueryGraph
    features: tuple[float, ...]
    score: float                   # w . features
    probability: float = 0.0       # softmax over the question's candidates


@dataclass(frozen=True)
class Result:
    scored: Scored
    answers: tuple[dict, ...]      # {"iri","label"} or {"value","datatype","label"}
    paths: tuple[tuple, ...] = field(default=())   # (topic, x1, ..., answer) rows behind them
