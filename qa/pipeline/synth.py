"""Training questions generated from a graph's own labels, as PathQuestion itself was built:
a random walk of one to three hops from a named resource, put into words by templates over
the walked predicates' labels and altLabels. Any graph a user brings yields such questions
without anyone labelling them, which is what lets the ranker be fitted for graphs it has never
seen (never on a benchmark's own questions).
"""

from __future__ import annotations

import random
from dataclasses import dataclass

import numpy as np

from .candidates import _paths
from .context import Context
from .types import Hop, QueryGraph

TEMPLATES = {
    1: ["what is the {r1} of {e}?", "{e}'s {r1}?", "who is the {r1} of {e}?",
        "which {r1} does {e} have?", "tell me the {r1} of {e}", "what {r1} has {e}?",
        "{r1} of {e}?"],
    2: ["what is the {r2} of the {r1} of {e}?", "what is the {r2} of {e}'s {r1}?",
        "{e}'s {r1}'s {r2}?", "which {r2} does the {r1} of {e} have?",
        "who is the {r2} of {e}'s {r1}?", "the {r2} of {e}'s {r1}?"],
    3: ["what is the {r3} of the {r2} of the {r1} of {e}?", "what is the {r3} of {e}'s {r1}'s {r2}?",
        "{e}'s {r1}'s {r2}'s {r3}?", "which {r3} is the {r2} of {e}'s {r1}?",
        "the {r3} of the {r2} of {e}'s {r1}?"],
}
COUNT_TEMPLATES = ["how many {r1} does {e} have?", "what is the number of {r1} of {e}?",
                   "how many {r2} does the {r1} of {e} have?"]


@dataclass(frozen=True)
class Synthetic:
    question: str
    topic: str
    hops: tuple[Hop, ...]
    aggregate: str = ""


def _words(ctx: Context, hop: Hop, rng: random.Random, near: dict | None) -> str:
    names = ctx.predicate_words[hop.predicate]
    if near and near.get(hop.predicate) and rng.random() < 0.5:
        return rng.choice(near[hop.predicate])
    return rng.choice(names[:4])


def english_nouns() -> list[str]:
    """Common English nouns (lemmas) from lemminflect's dictionary."""
    from lemminflect.core.Lemmatizer import Lemmatizer

    out = set()
    lemmatizer = Lemmatizer()
    lemmatizer.getAllLemmas("word")  # loads its dictionary
    for form, by_pos in lemmatizer.lemma_dict.items():
        for lemma in by_pos.get("NOUN", ()):
            if lemma.isalpha() and lemma.islower() and 3 <= len(lemma) <= 14:
                out.add(lemma)
    return sorted(out)


def near_words(ctx: Context, vocabulary: list[str], vecs: np.ndarray, per: int = 4
               ) -> dict[str, list[str]]:
    """For each predicate, general English words (``vocabulary``, with their unit vectors
    ``vecs``) the model puts near its label but that share
    no lemma with it ("partner" beside "spouse"): synthetic questions worded with them teach
    the ranker that a relation is often named in other words than the graph's."""
    from .text import lemma_set

    out = {}
    for p, names in ctx.predicate_words.items():
        label = names[0]
        if len(label.split()) > 3:
            continue
        q = ctx.predicate_vectors(p)[0]
        sims = vecs @ q
        own = lemma_set(" ".join(names))
        picks = []
        for i in np.argsort(-sims)[:80]:
            w = vocabulary[i]
            if w in own or lemma_set(w) & own or any(w in n or n in w for n in own):
                continue
            picks.append(w)
            if len(picks) >= per:
                break
        out[p] = sorted(picks)   # the order the shipped weights were fitted with
    return out


def generate(ctx: Context, n: int, seed: int = 0, near: dict | None = None) -> list[Synthetic]:
    rng = random.Random(seed)
    topics = sorted({iri for iri, _, _ in ctx.names.rows() if iri not in ctx.not_topics})
    rng.shuffle(topics)
    out: list[Synthetic] = []
    for topic in topics:
        if len(out) >= n:
            break
        paths = _paths(topic, ctx)
        if not paths:
            continue
        by_depth: dict[int, list] = {}
        for hops, size, _, _ in paths:
            if size <= 20:
                by_depth.setdefault(len(hops), []).append(hops)
        if not by_depth:
            continue
        depth = rng.choice(sorted(by_depth))
        hops = rng.choice(by_depth[depth])
        label = ctx.label(topic)
        fill = {"e": label}
        for i, h in enumerate(hops, 1):
            fill[f"r{i}"] = _words(ctx, h, rng, near)
        if depth <= 2 and rng.random() < 0.1:
            template = COUNT_TEMPLATES[2 if depth == 2 else rng.randrange(2)]
            out.append(Synthetic(template.format(**fill), topic, hops, "count"))
        else:
            out.append(Synthetic(rng.choice(TEMPLATES[depth]).format(**fill), topic, hops))
    return out


def is_gold(g: QueryGraph, s: Synthetic) -> bool:
    return g.topic == s.topic and g.hops == s.hops and g.aggregate == s.aggregate
