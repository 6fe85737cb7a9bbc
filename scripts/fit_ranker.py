"""Fit the QA pipeline's ranking weights and calibrate its confidence.

    python scripts/fit_ranker.py [--graph FILE ...] [--questions FILE ...] [-o qa/pipeline/weights.json]

``make fit-ranker`` runs it as the shipped weights were fitted (about 2 minutes on 2 cores).

Training data, none of it a benchmark's questions:
- questions generated from each graph's own labels (``qa/pipeline/synth.py``): the embedded
  graph and every ``--graph`` given (a user's graph, or a benchmark's *graph*); half of the
  relation words are swapped for English nouns the model puts near them (from lemminflect's
  dictionary), so that the fit does not learn that questions use the graph's own words;
- the project's own question sets about the embedded graph (``--questions``), labelled weakly:
  a candidate is right when its answers contain an expected answer.

The ranker is a conditional logit over each question's candidates (L2-regularised, fitted
with L-BFGS-B), with sign constraints on the features that can only speak for a reading (what
it shares with the question) or only against it (what it leaves unexplained).

Abstention is a second model (``qa/pipeline/confidence.py``): a logistic regression over the
best reading's pooled probability and its fit to the question's words, fitted on readings
ranked by a ranker that never saw their question (five-fold cross-fitting), with questions
the graph cannot answer among them: a fifth of the generated questions with a relation word
swapped for a random English noun, and the project's questions marked unanswerable. The
threshold is the lowest whose wrong answers stay under ``--risk`` of all those questions.
``make fit-ranker`` uses 0.10: in the engine the alternative to a pipeline answer is mostly
the first design's answer, not an abstention.
"""

from __future__ import annotations

import argparse
import random
import time
from pathlib import Path

import numpy as np
from scipy.optimize import minimize

ROOT = Path(__file__).resolve().parents[1]

from kgqa.graph import KnowledgeGraph  # noqa: E402
from kgqa.qa.embeddings import Embedder  # noqa: E402
from kgqa.qa.evaluate import load_questions  # noqa: E402
from kgqa.qa.pipeline.candidates import candidates  # noqa: E402
from kgqa.qa.pipeline.confidence import INPUTS, Confidence, inputs  # noqa: E402
from kgqa.qa.pipeline.context import Context  # noqa: E402
from kgqa.qa.pipeline.execute import answer_set  # noqa: E402
from kgqa.qa.pipeline.features import CONFIDENCE_ONLY, NAMES, content_positions, featurize  # noqa: E402
from kgqa.qa.pipeline.link import link  # noqa: E402
from kgqa.qa.pipeline.parse import parse  # noqa: E402
from kgqa.qa.pipeline.rank import Weights  # noqa: E402
from kgqa.qa.pipeline.synth import english_nouns, generate, is_gold, near_words  # noqa: E402
from kgqa.qa.pipeline.text import fold  # noqa: E402

MAX_CANDIDATES = 400   # per question, the rest sampled away (a bound on the fit's memory)


def _item(text, linked, graphs, y, ctx, rng, name):
    text, X, y, graphs = _sample(linked, graphs, y, ctx, rng, text)
    per_mention = {}
    words = np.asarray([per_mention.setdefault(g.mention, len(content_positions(linked, g.mention)))
                        for g in graphs])
    return {"text": text, "X": X, "y": y, "graphs": graphs, "ctx": name, "source": name,
            "words": words}


def labelled_synthetic(ctx: Context, name: str, n: int, seed: int, rng: random.Random,
                       near=None, vocabulary=(), unanswerable: float = 0.2):
    """Generated questions with their right readings; and, for a share ``unanswerable`` of
    them, the same question with one relation word swapped for a random English noun: a
    question the graph cannot answer, whose every reading is wrong."""
    out = []
    for s in generate(ctx, n, seed, near):
        text = s.question
        swap = vocabulary and rng.random() < unanswerable
        if swap:
            text = _unanswerable(s, ctx, rng, vocabulary)
            if text is None:
                continue
        linked = link(parse(text), ctx)
        graphs = candidates(linked, ctx)
        if not graphs:
            continue
        if swap:
            out.append(_item(text, linked, graphs, [0.0] * len(graphs), ctx, rng, name))
            continue
        gold_graph = next((g for g in graphs if is_gold(g, s)), None)
        if gold_graph is None:
            continue
        gold = answer_set(gold_graph, ctx, limit=200)
        y = []
        for g in graphs:
            same = is_gold(g, s) or (g.size == gold_graph.size and g.aggregate == s.aggregate
                                     and g.topic == s.topic and answer_set(g, ctx, limit=200) == gold)
            y.append(1.0 if same else 0.0)
        out.append(_item(text, linked, graphs, y, ctx, rng, name))
    return out


def _unanswerable(s, ctx, rng, vocabulary):
    """``s``'s question with the words of one of its relations replaced by a random noun."""
    hop = rng.choice(s.hops)
    for words in sorted(ctx.predicate_words[hop.predicate], key=len, reverse=True):
        if f" {words}" in f" {s.question}":
            noun = rng.choice(vocabulary)
            if ctx.lookup(noun):
                return None
            return s.question.replace(words, noun, 1)
    return None


def labelled_natural(ctx: Context, path: Path, rng: random.Random, w: np.ndarray, top: int = 60):
    """The project's questions, weakly labelled: of the candidates the synthetic-only fit ranks
    highest (hard negatives), those whose answers contain an expected answer are right. A
    question none of them answers (and one marked unanswerable) is kept with every reading
    wrong: it teaches the confidence model, not the ranker."""
    out = []
    for item in load_questions(path):
        if item.get("history"):
            continue
        q = parse(item["question"])
        if q.kind not in ("lookup", "count", "amount"):
            continue
        linked = link(q, ctx)
        graphs = candidates(linked, ctx)
        if not graphs:
            continue
        X = featurize(linked, graphs, ctx)
        order = np.argsort(-(X @ w))[:top]
        graphs = [graphs[i] for i in order]
        want = list(item.get("expected", [])) if item.get("answerable", True) else []
        y = []
        for g in graphs:
            got = answer_set(g, ctx, limit=200) if g.size <= 200 else set()
            if g.aggregate == "count":
                got = {str(g.size)}
            labels = {fold(ctx.label(a)) if a.startswith("http") else fold(a) for a in got}
            y.append(1.0 if any((e in got) or (fold(e) in labels) for e in want) else 0.0)
        out.append(_item(item["question"], linked, graphs, y, ctx, rng, "embedded"))
    return out


def _sample(linked, graphs, y, ctx, rng, text):
    idx = list(range(len(graphs)))
    if len(idx) > MAX_CANDIDATES:
        pos = [i for i in idx if y[i]]
        neg = [i for i in idx if not y[i]]
        idx = pos + rng.sample(neg, max(0, MAX_CANDIDATES - len(pos)))
    graphs = [graphs[i] for i in idx]
    return text, featurize(linked, graphs, ctx), np.asarray([y[i] for i in idx], np.float32), graphs


POOLED = 10   # readings pooled with the best when they give its answers (as pipeline.py does)


def answer_groups(data, contexts, w, top: int = 30):
    """Which of each question's top readings (by ``w``) give the same answers: an id per
    reading (-1 and below: not compared), for pooling as the pipeline does at run time."""
    for d in data:
        ctx = contexts[d["ctx"]]
        gid = -1 - np.arange(len(d["graphs"]))
        seen = {}
        for i in np.argsort(-(d["X"] @ w))[:top]:
            g = d["graphs"][i]
            key = (g.size, g.aggregate, answer_set(g, ctx, limit=200))
            gid[i] = seen.setdefault(key, len(seen))
        d["gid"] = gid
        del d["graphs"]


def nll(w, data, l2):
    total, grad = 0.0, np.zeros_like(w)
    for d in data:
        X, y = d["X"], d["y"]
        s = X @ w
        s = s - s.max()
        e = np.exp(s)
        p = e / e.sum()
        pos = y > 0
        ppos = p[pos].sum()
        total -= np.log(ppos + 1e-12)
        # d/dw -log sum_pos p = E_p[x] - E_{p|pos}[x]
        grad += X.T @ p - (X[pos].T @ p[pos]) / (ppos + 1e-12)
    total += l2 * float(w @ w)
    grad += 2 * l2 * w
    return total / len(data), grad / len(data)


def top_stats(w, data):
    """Per question: the best reading's pooled probability (its own plus that of the readings
    among the next ones that give the same answers, as at run time), its features, and
    whether it is right."""
    pooled, feats, words, right = [], [], [], []
    for d in data:
        X, y, gid = d["X"], d["y"], d["gid"]
        s = X @ w
        e = np.exp(s - s.max())
        p = e / e.sum()
        order = np.argsort(-s, kind="stable")[:POOLED]
        i = int(order[0])
        alike = [j for j in order[1:] if gid[j] == gid[i] and gid[i] >= 0]
        pooled.append(float(p[i] + p[alike].sum()))
        feats.append(X[i])
        words.append(int(d["words"][i]))
        right.append(bool(y[i] > 0))
    return np.asarray(pooled), np.asarray(feats), np.asarray(words), np.asarray(right)


RANKED = np.asarray([n not in CONFIDENCE_ONLY for n in NAMES], np.float64)
# Signs the weights must have: more of what the question and a reading share can only count
# for the reading, and more left unexplained only against it. Without them, features that say
# nearly the same thing (the mean best match, the one-to-one matching) get opposite weights
# that fit the data and read a plain "mother of the mother" as something else.
FOR = ("sim_path", "sim_last", "cover_question", "cover_path", "min_path", "lex_path",
       "lex_question", "order", "assigned", "literal_time")
AGAINST = ("unexplained", "missed", "length_gap", "mention_fuzzy", "phrase_gap")
BOUNDS = [(0, None) if n in FOR else (None, 0) if n in AGAINST else (None, None) for n in NAMES]


def fit_ranker(data, w0, l2):
    train = [d for d in data if d["y"].any()]

    def loss(w):
        value, grad = nll(w * RANKED, train, l2)
        return value, grad * RANKED

    start = np.clip(w0 * RANKED, [b[0] if b[0] is not None else -np.inf for b in BOUNDS],
                    [b[1] if b[1] is not None else np.inf for b in BOUNDS])
    return minimize(loss, start, jac=True, method="L-BFGS-B", bounds=BOUNDS).x * RANKED


def fit_confidence(pooled, feats, words, right, folds: int = 5, seed: int = 0):
    """The logistic confidence model on out-of-fold readings, and its own out-of-fold
    probabilities (for choosing the threshold on answers it did not see fitted)."""
    from sklearn.linear_model import LogisticRegression
    from sklearn.model_selection import cross_val_predict

    Z = np.stack([inputs(p, f, n) for p, f, n in zip(pooled, feats, words)])
    mean, scale = Z.mean(axis=0), Z.std(axis=0)
    scale[scale < 1e-6] = 1.0   # an input constant in the data carries nothing
    Zs = (Z - mean) / scale
    model = LogisticRegression(C=1.0, max_iter=2000)
    oof = cross_val_predict(model, Zs, right, cv=folds, method="predict_proba")[:, 1]
    model.fit(Zs, right)
    return Confidence(model.coef_[0], float(model.intercept_[0]), mean, scale), oof


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--graph", action="append", default=[], help="another graph to generate questions from")
    ap.add_argument("--questions", action="append", default=[], help="a question set about the embedded graph")
    ap.add_argument("--per-graph", type=int, default=200)
    ap.add_argument("--risk", type=float, default=0.05)
    ap.add_argument("--l2", type=float, default=0.01)
    ap.add_argument("-o", "--out", default=str(ROOT / "qa" / "pipeline" / "weights.json"))
    args = ap.parse_args(argv)
    rng = random.Random(0)
    embedder = Embedder()
    data, sources, contexts = [], {}, {}
    vocabulary = english_nouns()
    vocab_vecs = embedder.encode(vocabulary, batch_size=256)
    print(f"{len(vocabulary)} English nouns for reworded relations", flush=True)
    graphs = [("embedded", None)] + [(Path(g).parent.name or g, g) for g in args.graph]
    for name, path in graphs:
        t0 = time.time()
        kg = KnowledgeGraph.default() if path is None else KnowledgeGraph.load([path])
        ctx = contexts[name] = Context.build(kg, embedder, Weights.default())
        near = near_words(ctx, vocabulary, vocab_vecs)
        got = labelled_synthetic(ctx, name, args.per_graph, seed=len(sources), rng=rng, near=near,
                                 vocabulary=vocabulary)
        sources[name] = len(got)
        data += got
        print(f"{name}: {len(got)} generated questions in {time.time() - t0:.0f} s", flush=True)
    synthetic = list(data)
    w0 = fit_ranker(synthetic, np.zeros(len(NAMES)), args.l2)
    for qpath in args.questions:
        t0 = time.time()
        got = labelled_natural(contexts["embedded"], Path(qpath), rng, w0)
        sources[Path(qpath).name] = len(got)
        for d in got:
            d["source"] = "project sets"
        data += got
        print(f"{qpath}: {len(got)} questions in {time.time() - t0:.0f} s", flush=True)
    t0 = time.time()
    answer_groups(data, contexts, w0)
    print(f"answer sets of the top readings in {time.time() - t0:.0f} s", flush=True)
    rng.shuffle(data)
    # Cross-fitting: each question's best reading comes from a ranker fitted without it, so
    # the confidence model learns from readings as unseen as a user's question.
    folds = 5
    data = [d for k in range(folds) for i, d in enumerate(data) if i % folds == k]
    fold = np.arange(len(data)) * folds // len(data)   # data in fold order, for aligned arrays
    pooled, feats, words, right = [], [], [], []
    for k in range(folds):
        w_k = fit_ranker([d for d, f in zip(data, fold) if f != k], w0, args.l2)
        p, f, n, r = top_stats(w_k, [d for d, f in zip(data, fold) if f == k])
        pooled.append(p), feats.append(f), words.append(n), right.append(r)
    pooled, feats, words, right = map(np.concatenate, (pooled, feats, words, right))
    w = fit_ranker(data, w0, args.l2)
    confidence, oof = fit_confidence(pooled, feats, words, right)
    threshold = 1.0
    for t in sorted(set(np.round(oof, 4))):
        answered = oof >= t
        if answered.any() and (~right[answered]).sum() / len(oof) <= args.risk:
            threshold = float(t)
            break
    answerable = np.asarray([bool(d["y"].any()) for d in data])
    by_source: dict = {}
    for d, r, a in zip(data, right, answerable):
        if a:
            by_source.setdefault(d["source"], []).append(r)
    print("cross-fitted top-1 by source: " + ", ".join(
        f"{k} {np.mean(v):.2f} ({len(v)})" for k, v in sorted(by_source.items())))
    weights = Weights(names=NAMES, w=w.astype(np.float32), threshold=threshold,
                      confidence=confidence,
                      about={"questions": sources, "questions_total": len(data),
                             "unanswerable": int((~answerable).sum()),
                             "cross_fitted_top1": round(float(right[answerable].mean()), 4),
                             "risk": args.risk, "l2": args.l2})
    Path(args.out).write_text(weights.to_json() + "\n", "utf-8")
    answered = oof >= threshold
    print(f"cross-fitted top-1 {right[answerable].mean():.3f} over {answerable.sum()} answerable; "
          f"threshold {threshold:.3f}: answers {answered.mean():.3f}, right {right[answered].sum() / len(oof):.3f}, "
          f"wrong {(~right[answered]).sum() / len(oof):.3f} of {len(oof)}")
    for lo in np.arange(0, 1, 0.1):
        sel = (oof >= lo) & (oof < lo + 0.1)
        if sel.any():
            print(f"  confidence {lo:.1f}-{lo + 0.1:.1f}: {sel.sum():4d} readings, {right[sel].mean():.2f} right")
    for n, x in sorted(zip(NAMES, w), key=lambda t: -abs(t[1])):
        print(f"  {n:<16} {x:+.3f}")
    for n, x in zip(INPUTS, confidence.coef):
        print(f"  confidence {n:<16} {x:+.3f}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
