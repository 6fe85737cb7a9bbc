"""Fit the QA pipeline's ranking weights and calibrate its confidence.

    python scripts/fit_ranker.py [--graph FILE ...] [--questions FILE ...] [-o qa/pipeline/weights.json]

``make fit-ranker`` runs it as the shipped weights were fitted (about 10 minutes on 2 cores).

Training data, none of it a benchmark's questions:
- questions generated from each graph's own labels (``qa/pipeline/synth.py``): the embedded
  graph and every ``--graph`` given (a user's graph, or a benchmark's *graph*); half of the
  relation words are swapped for English nouns the model puts near them (from lemminflect's
  dictionary), so that the fit does not learn that questions use the graph's own words;
- the project's own question sets about the embedded graph (``--questions``), labelled weakly:
  a candidate is right when its answers contain an expected answer.

The model is a conditional logit over each question's candidates (L2-regularised, fitted with
L-BFGS). A fifth of the questions is held out: the top candidate's probability is calibrated
on it by isotonic regression, and the threshold below which the pipeline does not answer is
the lowest one that keeps wrong answers among those given under ``--risk`` there.
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
from kgqa.qa.pipeline.context import Context  # noqa: E402
from kgqa.qa.pipeline.execute import answer_set  # noqa: E402
from kgqa.qa.pipeline.features import NAMES, featurize  # noqa: E402
from kgqa.qa.pipeline.link import link  # noqa: E402
from kgqa.qa.pipeline.parse import parse  # noqa: E402
from kgqa.qa.pipeline.rank import Weights  # noqa: E402
from kgqa.qa.pipeline.synth import english_nouns, generate, is_gold, near_words  # noqa: E402
from kgqa.qa.pipeline.text import fold  # noqa: E402

MAX_CANDIDATES = 400   # per question, the rest sampled away (a bound on the fit's memory)


def labelled_synthetic(ctx: Context, n: int, seed: int, rng: random.Random, near=None):
    out = []
    for s in generate(ctx, n, seed, near):
        linked = link(parse(s.question), ctx)
        graphs = candidates(linked, ctx)
        gold_graph = next((g for g in graphs if is_gold(g, s)), None)
        if gold_graph is None:
            continue
        gold = answer_set(gold_graph, ctx, limit=200)
        y = []
        for g in graphs:
            same = is_gold(g, s) or (g.size == gold_graph.size and g.aggregate == s.aggregate
                                     and g.topic == s.topic and answer_set(g, ctx, limit=200) == gold)
            y.append(1.0 if same else 0.0)
        out.append(_sample(linked, graphs, y, ctx, rng, s.question))
    return out


def labelled_natural(ctx: Context, path: Path, rng: random.Random, w: np.ndarray, top: int = 60):
    """The project's questions, weakly labelled: of the candidates the synthetic-only fit ranks
    highest (hard negatives), those whose answers contain an expected answer are right."""
    out = []
    for item in load_questions(path):
        if not item.get("answerable", True) or item.get("history"):
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
        want = list(item.get("expected", []))
        y = []
        for g in graphs:
            got = answer_set(g, ctx, limit=200) if g.size <= 200 else set()
            if g.aggregate == "count":
                got = {str(g.size)}
            labels = {fold(ctx.label(a)) if a.startswith("http") else fold(a) for a in got}
            y.append(1.0 if any((e in got) or (fold(e) in labels) for e in want) else 0.0)
        if any(y):
            out.append(_sample(linked, graphs, y, ctx, rng, item["question"]))
    return out


def _sample(linked, graphs, y, ctx, rng, text):
    idx = list(range(len(graphs)))
    if len(idx) > MAX_CANDIDATES:
        pos = [i for i in idx if y[i]]
        neg = [i for i in idx if not y[i]]
        idx = pos + rng.sample(neg, max(0, MAX_CANDIDATES - len(pos)))
    graphs = [graphs[i] for i in idx]
    return text, featurize(linked, graphs, ctx), np.asarray([y[i] for i in idx], np.float32)


def nll(w, data, l2):
    total, grad = 0.0, np.zeros_like(w)
    for _, X, y in data:
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
    """The top candidate's probability and whether it is right. As at run time, the top's
    probability is summed with that of the candidates giving the same answers; here the
    labels stand for answer sets: a right top gathers every right candidate."""
    probs, right = [], []
    for _, X, y in data:
        s = X @ w
        e = np.exp(s - s.max())
        p = e / e.sum()
        i = int(np.argmax(s))
        ok = bool(y[i] > 0)
        probs.append(float(p[y > 0].sum()) if ok else float(p[i]))
        right.append(ok)
    return np.asarray(probs), np.asarray(right)


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
        got = labelled_synthetic(ctx, args.per_graph, seed=len(sources), rng=rng, near=near)
        sources[name] = len(got)
        data += got
        print(f"{name}: {len(got)} generated questions in {time.time() - t0:.0f} s", flush=True)
    w = minimize(nll, np.zeros(len(NAMES)), args=(data, args.l2), jac=True, method="L-BFGS-B").x
    for qpath in args.questions:
        t0 = time.time()
        got = labelled_natural(contexts["embedded"], Path(qpath), rng, w)
        sources[Path(qpath).name] = len(got)
        data += got
        print(f"{qpath}: {len(got)} questions in {time.time() - t0:.0f} s", flush=True)
    rng.shuffle(data)
    cut = len(data) // 5
    held, train = data[:cut], data[cut:]
    res = minimize(nll, w, args=(train, args.l2), jac=True, method="L-BFGS-B")
    w = res.x
    p, right = top_stats(w, held)
    from sklearn.isotonic import IsotonicRegression

    iso = IsotonicRegression(out_of_bounds="clip", y_min=0.0, y_max=1.0).fit(p, right.astype(float))
    knots = sorted(set(zip(np.round(iso.X_thresholds_, 4), np.round(iso.y_thresholds_, 4))))
    cal = np.interp(p, [k[0] for k in knots], [k[1] for k in knots])
    threshold = 1.0
    for t in sorted(set(cal)):
        answered = cal >= t
        if answered.any() and (~right[answered]).sum() / len(held) <= args.risk:
            threshold = float(t)
            break
    weights = Weights(names=NAMES, w=w.astype(np.float32), threshold=threshold,
                      calibration=tuple(knots),
                      about={"questions": sources, "train": len(train), "held_out": len(held),
                             "held_out_top1": round(float(right.mean()), 4),
                             "risk": args.risk, "l2": args.l2})
    Path(args.out).write_text(weights.to_json() + "\n", "utf-8")
    print(f"held-out top-1 {right.mean():.3f} over {len(held)}; threshold {threshold:.3f}")
    for n, x in sorted(zip(NAMES, w), key=lambda t: -abs(t[1])):
        print(f"  {n:<16} {x:+.3f}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
