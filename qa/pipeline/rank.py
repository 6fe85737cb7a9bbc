"""Stage 4b: candidates ranked by learned weights; the score is a probability.

The model is a conditional logit: ``p(c | question) = softmax(w . f(c))`` over the question's
candidates, fitted by ``scripts/fit_ranker.py`` (see there for the data) and shipped as
``weights.json``, with the confidence model (``confidence.py``) that turns the best reading
into the probability of a right answer, and the abstention threshold chosen with it on
cross-fitted readings; none is set by hand.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from .confidence import Confidence
from .features import NAMES, featurize
from .types import Linked, QueryGraph, Scored

WEIGHTS_FILE = Path(__file__).with_name("weights.json")


@dataclass(frozen=True)
class Weights:
    names: tuple[str, ...]
    w: np.ndarray
    threshold: float = 0.5
    about: dict | None = None
    confidence: Confidence | None = None

    @classmethod
    def load(cls, path: Path = WEIGHTS_FILE) -> "Weights":
        if not path.is_file():
            return cls.default()
        d = json.loads(path.read_text("utf-8"))
        if tuple(d["names"]) != NAMES:
            raise ValueError(f"{path}: its features {d['names']} are not this code's {NAMES}; "
                             "refit with scripts/fit_ranker.py")
        return cls(names=tuple(d["names"]), w=np.asarray(d["weights"], np.float32),
                   threshold=float(d.get("threshold", 0.5)),
                   about=d.get("about"),
                   confidence=Confidence.from_dict(d["confidence"]) if d.get("confidence") else None)

    @classmethod
    def default(cls) -> "Weights":
        """Before any fit: every feature weighs the same (used only to bootstrap a fit)."""
        return cls(names=NAMES, w=np.ones(len(NAMES), np.float32))

    def answer_probability(self, pooled: float, features, words: int) -> float:
        """The probability that the best reading (of pooled probability ``pooled`` and these
        features, for a question of ``words`` content words) answers right: the confidence
        model's, else (before any fit) ``pooled`` itself."""
        if self.confidence is not None:
            return self.confidence(pooled, features, words)
        return float(pooled)

    def to_json(self) -> str:
        return json.dumps({"names": list(self.names), "weights": [round(float(x), 6) for x in self.w],
                           "threshold": self.threshold,
                           "about": self.about or {},
                           "confidence": self.confidence.to_dict() if self.confidence else None},
                          indent=1)


def softmax(scores: np.ndarray) -> np.ndarray:
    z = scores - scores.max()
    e = np.exp(z)
    return e / e.sum()


def rank(linked: Linked, graphs: list[QueryGraph], ctx, weights: Weights | None = None,
         top: int | None = None) -> list[Scored]:
    """The candidates best first (by score, then fewer hops, then their order), each with
    its probability among all of them; only the first ``top`` when given (a hub's name has
    thousands of readings, and a reading object for each cost more than scoring them)."""
    weights = weights or ctx.weights
    if not graphs:
        return []
    X = featurize(linked, graphs, ctx)
    scores = X @ weights.w
    probs = softmax(scores)
    hops = np.fromiter((len(g.hops) for g in graphs), np.int64, len(graphs))
    order = np.lexsort((np.arange(len(graphs)), hops, -scores))[:top]
    return [Scored(graphs[i], tuple(X[i].tolist()), float(scores[i]), float(probs[i]))
            for i in order.tolist()]
