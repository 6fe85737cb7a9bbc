"""Stage 4a: the features of a candidate against its question. Every feature is generic: it
reads the question's words and the graph's own labels, never a particular graph or wording.

Similarities come from the bundled sentence model; lexical overlap from lemmas.
"""

from __future__ import annotations

from itertools import permutations

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
    "weak_word",        # the question word the path reads least like: its best hop similarity
    "weak_word_rank",   # 1 / (1 + relations around the name that read more like that word than
                        # the path does): a reworded relation ("darling") still points to its hop,
                        # a word the graph does not hold ("GPT-9") points nowhere in particular
    "leftover",         # share of question words beyond one per hop
    "phrase_gap",       # |hops - the question's relation phrases|: its content words in runs
                        # cut by the words between them ("X's heir's ethnicity", "the son of the
                        # mother of X": two), runs joined where they spell a relation's name
                        # ("place of birth": one)
)


# Features the confidence model reads but the ranker does not: they compare a question with
# what a reading leaves unexplained, which says how sure to be, not which reading is best.
CONFIDENCE_ONLY = ("leftover", "weak_word", "weak_word_rank")


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


def mention_words(linked: Linked) -> dict:
    """For each mention of ``linked``: the positions of the question's content words left
    around it, those words, and the words joined (what a reading of it is compared with)."""
    words = linked.question.words
    out: dict = {}
    for m in linked.mentions:
        if m not in out:
            pos = content_positions(linked, m)
            wtexts = [words[i] for i in pos]
            out[m] = (pos, wtexts, " ".join(wtexts) or "thing")
    return out


def question_vectors(words: dict, ctx: Context) -> dict:
    """The vectors of every text of ``words`` (what :func:`mention_words` gives), by one pass
    of the model (a new question costs one pass, not one per word group); see
    :meth:`Context.batch_vectors`."""
    texts = set()
    for _, wtexts, content in words.values():
        texts.update(wtexts)
        texts.add(content)
    return ctx.batch_vectors(texts)


def phrase_runs(linked: Linked, pos: list[int], ctx: Context) -> list[list[int]]:
    """The relation phrases the content words at ``pos`` make, as ``[first, last]`` word
    positions: runs of adjacent words, two runs joined where the words from the first to the
    second are the name of a relation of the graph ("place of birth", "chief executive of")."""
    words = linked.question.words
    runs: list[list[int]] = []
    for i in pos:
        if runs and (i == runs[-1][1] + 1
                     or " ".join(words[runs[-1][0]:i + 1]) in ctx.predicate_phrases):
            runs[-1][1] = i
        else:
            runs.append([i, i])
    return runs


def _best_matching(T: np.ndarray):
    """For each candidate, the best one-to-one matching of words to hops in ``T`` (candidates x
    words x hops): its summed similarity and, per candidate, the words it uses (a boolean mask).
    Hops are at most three, so every matching is tried at once."""
    n, W, k = T.shape
    if W >= k:
        combos = np.asarray(list(permutations(range(W), k)), dtype=np.intp)     # C x k words
        vals = T[:, combos, np.arange(k)].sum(axis=2)                            # n x C
        best = vals.argmax(axis=1)
        used = np.zeros((n, W), dtype=bool)
        used[np.arange(n)[:, None], combos[best]] = True
    else:
        combos = np.asarray(list(permutations(range(k), W)), dtype=np.intp)     # C x W hops
        vals = T[:, np.arange(W), combos].sum(axis=2)
        best = vals.argmax(axis=1)
        used = np.ones((n, W), dtype=bool)
    return vals[np.arange(n), best], used


def featurize(linked: Linked, graphs: list[QueryGraph], ctx: Context) -> np.ndarray:
    """One row of :data:`NAMES` per candidate, computed for all candidates of a name and a path
    length at once."""
    q = linked.question
    rows = np.zeros((len(graphs), len(NAMES)), dtype=np.float32)
    if not graphs:
        return rows
    preds = sorted({h.predicate for g in graphs for h in g.hops})
    col = {p: i for i, p in enumerate(preds)}
    name_vecs = [ctx.predicate_vectors(p) for p in preds]
    pred_mat = np.concatenate(name_vecs)
    starts = np.cumsum([0] + [len(v) for v in name_vecs[:-1]])
    label_mat = np.stack([v[0] for v in name_vecs])                              # P x d
    longest = max(m.end - m.start for m in linked.mentions)
    groups: dict = {}
    for gi, g in enumerate(graphs):
        groups.setdefault((g.mention, len(g.hops)), []).append(gi)
    per_mention: dict = {}
    texts = mention_words(linked)
    vec = question_vectors(texts, ctx)
    for (m, k), idx in groups.items():
        if m not in per_mention:
            pos, wtexts, content = texts[m]
            wvec = np.stack([vec[t] for t in wtexts]) if wtexts else None
            S = relw = lexw = None
            if wvec is not None:
                # each word's best similarity to each predicate over its label and aliases
                S = np.maximum.reduceat(wvec @ pred_mat.T, starts, axis=1)       # W x P
                relw = S.max(axis=1)
                wl = [lemma(w) for w in wtexts]
                lexw = np.asarray([[x in ctx.predicate_lemmas[p] for p in preds] for x in wl])
            qlemmas = {q.lemmas[i] for i in pos}
            lexp = np.asarray([bool(ctx.predicate_lemmas[p] & qlemmas) for p in preds])
            per_mention[m] = (pos, wtexts, vec[content], S, relw, lexw, lexp,
                              len(phrase_runs(linked, pos, ctx)))
        pos, wtexts, cvec, S, relw, lexw, lexp, runs = per_mention[m]
        H = np.asarray([[col[h.predicate] for h in graphs[i].hops] for i in idx], np.intp)
        F = rows[idx]
        path = label_mat[H].sum(axis=1)
        path /= np.maximum(np.linalg.norm(path, axis=1, keepdims=True), 1e-9)
        F[:, 0] = path @ cvec
        F[:, 1] = label_mat[H[:, -1]] @ cvec
        W = len(wtexts)
        if S is not None:
            T = np.transpose(S[:, H], (1, 0, 2))                                  # n x W x k
            best_w = T.max(axis=2)
            best_h = T.max(axis=1)
            F[:, 2] = best_w.mean(axis=1)
            F[:, 3] = best_h.mean(axis=1)
            F[:, 4] = best_h.min(axis=1)
            F[:, 20] = (best_w < 0.5).mean(axis=1)
            total, used = _best_matching(T)
            F[:, 21] = total / max(W, k)
            if k >= 2:
                centre = (m.start + m.end) / 2
                at = np.asarray(pos)[T.argmax(axis=1)]                            # n x k
                dist = np.abs(at - centre)
                F[:, 7] = (dist[:, :-1] <= dist[:, 1:]).sum(axis=1) / (k - 1)
            else:
                F[:, 7] = 1.0
            if W > k:
                F[:, 22] = (relw[None, :] * ~used).sum(axis=1) / W
            F[:, 24] = abs(k - float(relw.sum()))
            weakest = best_w.argmin(axis=1)
            low = best_w.min(axis=1)
            F[:, 25] = low
            F[:, 26] = 1.0 / (1.0 + (S[weakest] > low[:, None] + 1e-6).sum(axis=1))
            F[:, 27] = max(0, W - k) / W
            F[:, 6] = lexw[:, H].any(axis=2).mean(axis=0)
        else:
            F[:, 25] = 1.0
            F[:, 26] = 1.0
        F[:, 5] = lexp[H].mean(axis=1)
        F[:, 8 + min(k, 3) - 1] = 1.0
        F[:, 28] = abs(k - runs) if runs else 0.0
        F[:, 14] = (m.end - m.start) / max(1, len(q.words))
        F[:, 15] = 1.0 - m.score
        F[:, 16] = 1.0 if (m.end - m.start) == longest else 0.0
        rows[idx] = F
    # What each reading is, apart from the words: its direction, how many answers and of what
    # kind, whether it counts, whether it leads back to its topic.
    n = len(graphs)
    size = np.fromiter((g.size for g in graphs), np.float64, n)
    kind = [g.sample_kind for g in graphs]
    rows[:, 11] = np.fromiter((sum(h.inverse for h in g.hops) / len(g.hops) for g in graphs),
                              np.float64, n)
    rows[:, 12] = np.log1p(size)
    rows[:, 13] = size == 1
    if q.wh == "time":
        rows[:, 17] = np.fromiter((k == "date" for k in kind), bool, n)
    else:
        rows[:, 18] = np.fromiter((k in ("literal", "number") for k in kind), bool, n)
    rows[:, 19] = np.fromiter((g.aggregate == "count" for g in graphs), bool, n)
    rows[:, 23] = np.fromiter((g.returns_topic for g in graphs), bool, n)
    return rows
