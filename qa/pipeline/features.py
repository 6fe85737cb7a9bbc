"""Stage 4a: the features of a candidate against its question. Every feature is generic: it
reads the question's words and the graph's own labels, never a particular graph or wording.

Similarities come from the bundled sentence model; lexical overlap from lemmas.
"""

from __future__ import annotations

import math

import numpy as np

from .context import Context
from .text import is_stop, lemma
from .types import Linked, QueryGraph

NAMES = (
    "sim_path",         # question content vs the path (the mean of its hops' vectors)
    "sim_last",         # question content vs the last hop, whose values are the answer
    "cover_question",   # mean over question words of their best relation similarity
    "cover_path",       # mean over hops of their best question-word similarity
    "min_path",         # the hop least mentioned
    "lex_path",         # share of hops with a lemma in the question
    "lex_question",     # share of question words that are a lemma of some hop
    "order",            # hops nearer the name are mentioned nearer the name
    "hops1", "hops2", "hops3",
    "inverse",          # share of hops walked object -> subject
    "log_size",         # log(1 + number of answers)
    "single",           # exactly one answer
    "mention_len",      # words of the name / words of the question
    "mention_fuzzy",    # 1 - the name's match score
    "mention_first",    # the name is the longest one linked
    "literal_time",     # the question asks when, and the answer is a date
    "literal_other",    # the answer is a literal, and the question does not ask when
    "count",            # a count candidate (the question asks how many)
    "unexplained",      # question words no hop explains (best similarity low), as a share
    "assigned",         # question words matched one-to-one to hops: summed similarity over
                        # max(words, hops), so a word or a hop left over costs
    "missed",           # question words left out of that matching, each weighed by how
                        # much it reads like some relation met around the name
    "returns_topic",    # the path can lead back to the name it starts from
    "length_gap",       # |hops - how many question words read like relations| (a soft count:
                        # each word weighs its best similarity to a relation met around the name)
)


def content_positions(linked: Linked, mention) -> list[int]:
    q = linked.question
    inside = set()
    for m in linked.mentions:
        if m.iri == mention.iri or not (m.end <= mention.start or m.start >= mention.end):
            inside.update(range(m.start, m.end))
    inside.update(range(mention.start, mention.end))
    # The word naming the kind of answer ("which *company* owns X") is not a relation word.
    return [i for i, w in enumerate(q.words)
            if i not in inside and i != q.answer_type and not is_stop(w) and not w.isdigit()]


def _matching(sims: np.ndarray):
    """The best one-to-one matching of question words (rows) to hops (columns)."""
    from scipy.optimize import linear_sum_assignment

    return linear_sum_assignment(-sims)


def _assigned(sims: np.ndarray) -> float:
    rows, cols = _matching(sims)
    return float(sims[rows, cols].sum())


def featurize(linked: Linked, graphs: list[QueryGraph], ctx: Context) -> np.ndarray:
    """One row of :data:`NAMES` per candidate."""
    q = linked.question
    rows = np.zeros((len(graphs), len(NAMES)), dtype=np.float32)
    if not graphs:
        return rows
    by_mention: dict = {}
    preds = sorted({h.predicate for g in graphs for h in g.hops})
    pred_mat = np.concatenate([ctx.predicate_vectors(p) for p in preds])
    longest = max(m.end - m.start for m in linked.mentions)
    for gi, g in enumerate(graphs):
        m = g.mention
        if m not in by_mention:
            pos = content_positions(linked, m)
            wtexts = [q.words[i] for i in pos]
            content = " ".join(wtexts) or "thing"
            wvec = ctx.vectors(wtexts) if wtexts else None
            relw = (wvec @ pred_mat.T).max(axis=1) if wvec is not None else None
            by_mention[m] = (pos, wtexts, content, ctx.vectors([content])[0], wvec,
                             {q.lemmas[i] for i in pos}, relw)
        pos, wtexts, content, cvec, wvec, qlemmas, relw = by_mention[m]
        k = len(g.hops)
        hv_all = [ctx.predicate_vectors(h.predicate) for h in g.hops]
        path_vec = np.sum([v[0] for v in hv_all], axis=0)
        path_vec = path_vec / (np.linalg.norm(path_vec) or 1.0)
        f = rows[gi]
        f[0] = float(path_vec @ cvec)
        f[1] = float(hv_all[-1][0] @ cvec)
        if wvec is not None:
            # best similarity of each (question word, hop), over the hop's label and aliases
            sims = np.zeros((len(wtexts), k), dtype=np.float32)
            for j, hv in enumerate(hv_all):
                sims[:, j] = (wvec @ hv.T).max(axis=1)
            best_w = sims.max(axis=1)
            f[2] = float(best_w.mean())
            f[3] = float(sims.max(axis=0).mean())
            f[4] = float(sims.max(axis=0).min())
            f[20] = float((best_w < 0.5).mean())
            f[21] = _assigned(sims) / max(len(wtexts), k)
            if k >= 2:
                centre = (m.start + m.end) / 2
                dist = [abs(pos[int(sims[:, j].argmax())] - centre) for j in range(k)]
                f[7] = sum(dist[j] <= dist[j + 1] for j in range(k - 1)) / (k - 1)
            else:
                f[7] = 1.0
        hop_lemmas = [ctx.predicate_lemmas[h.predicate] for h in g.hops]
        f[5] = sum(bool(hl & qlemmas) for hl in hop_lemmas) / k
        all_hl = frozenset().union(*hop_lemmas)
        f[6] = (sum(lemma(w) in all_hl for w in wtexts) / len(wtexts)) if wtexts else 0.0
        f[8 + min(k, 3) - 1] = 1.0
        f[11] = sum(h.inverse for h in g.hops) / k
        f[12] = math.log1p(g.size)
        f[13] = 1.0 if g.size == 1 else 0.0
        f[14] = (m.end - m.start) / max(1, len(q.words))
        f[15] = 1.0 - m.score
        f[16] = 1.0 if (m.end - m.start) == longest else 0.0
        sample = getattr(g, "sample_kind", "")
        f[17] = 1.0 if q.wh == "time" and sample == "date" else 0.0
        f[18] = 1.0 if sample in ("literal", "number") and q.wh != "time" else 0.0
        f[19] = 1.0 if g.aggregate == "count" else 0.0
        if wvec is not None and len(wtexts) > k:
            rows_, _ = _matching(sims)
            left = [i for i in range(len(wtexts)) if i not in set(rows_)]
            f[22] = float(relw[left].sum()) / len(wtexts)
        f[23] = 1.0 if g.returns_topic else 0.0
        if relw is not None:
            f[24] = abs(k - float(relw.sum()))
    return rows
