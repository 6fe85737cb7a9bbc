"""Stage 2: names in the question linked to graph resources through the label index.

Exact folded labels first, longest spans first (looked up in the graph's label index); then,
where no label matched, a fuzzy match (rapidfuzz) of spans against the index's names. Classes and predicates are not
topics.
"""

from __future__ import annotations

from dataclasses import replace

from rapidfuzz import fuzz, process

from .context import Context
from .text import is_stop
from .types import Linked, Mention, Question

MAX_MENTIONS = 4


def link(question: Question, ctx: Context) -> Linked:
    kind = question.lemmas[question.answer_type] if question.answer_type >= 0 else ""
    if kind and kind not in ctx.class_names and \
            any(kind in lemmas for lemmas in ctx.predicate_lemmas.values()):
        # "what *gender* is X's parent": the word after the cue names no class of this graph
        # but a relation of it, so it is a relation asked for, and stays a content word.
        question = replace(question, answer_type=-1)
    ws = question.words
    found: list[Mention] = []
    taken: set[int] = set()
    longest = min(ctx.max_label_words, len(ws))
    for n in range(longest, 0, -1):
        for i in range(0, len(ws) - n + 1):
            span = range(i, i + n)
            if any(j in taken for j in span):
                continue
            key = " ".join(ws[i:i + n])
            if n == 1 and is_stop(key):
                continue
            pairs = [p for p in ctx.lookup(key) if p[0] not in ctx.not_topics]
            if not pairs:
                continue
            for iri, label in pairs[:3]:
                found.append(Mention(i, i + n, iri, label, 1.0))
            taken.update(span)
    if not found:
        found = _fuzzy(ws, ctx)
    # Longer names first: "frederica of mecklenburg strelitz" before "strelitz".
    found.sort(key=lambda m: (-(m.end - m.start) * m.score, m.start))
    return Linked(question=question, mentions=tuple(found[:MAX_MENTIONS]))


def _fuzzy(ws: tuple[str, ...], ctx: Context) -> list[Mention]:
    out: list[Mention] = []
    for n in range(min(5, len(ws)), 1, -1):
        for i in range(0, len(ws) - n + 1):
            span = " ".join(ws[i:i + n])
            if all(is_stop(w) for w in ws[i:i + n]):
                continue
            # Every name on a small graph; on a large one, those sharing the most three-letter
            # pieces with the span (the label index's trigram table).
            keys = ctx.names.similar_keys(span)
            hit = process.extractOne(span, keys, scorer=fuzz.ratio, score_cutoff=88)
            if hit:
                for iri, label in ctx.lookup(hit[0])[:2]:
                    if iri not in ctx.not_topics:
                        out.append(Mention(i, i + n, iri, label, hit[1] / 100))
        if out:
            break
    return out
