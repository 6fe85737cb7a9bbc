"""Stage 4c: how likely the best reading's answer is right: a probability for abstaining on.

The ranker's softmax says which reading is best *among* a question's readings; it cannot say
that none of them is what was asked ("When will OpenAI release GPT-9?" has a best reading too).
A logistic model over the best reading's pooled probability and its fit to the question's
words (the word it reads least like, whether that word still points to its hop, words left
over) gives the probability that the answer is right. It is fitted by
``scripts/fit_ranker.py`` on readings the ranker never saw in its fit (cross-fitting), with
questions the graph cannot answer among them; the threshold is chosen there too.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from .features import NAMES

# The best reading's features the model reads, beside its pooled probability.
USED = ("weak_word", "weak_word_rank", "leftover", "missed", "unexplained", "assigned",
        "min_path", "mention_fuzzy", "hops1", "hops3", "log_size", "literal_other", "count",
        "sim_path", "cover_question")
INPUTS = ("pooled", "log_pooled", "words") + USED
_AT = [NAMES.index(n) for n in USED]


def inputs(pooled: float, features, words: int) -> np.ndarray:
    """The model's input row for a best reading of probability ``pooled`` of a question with
    ``words`` content words."""
    f = np.asarray(features, np.float64)
    p = min(max(float(pooled), 1e-6), 1.0)
    return np.concatenate([[p, np.log(p), min(words, 8)], f[_AT]])


@dataclass(frozen=True)
class Confidence:
    coef: np.ndarray
    intercept: float
    mean: np.ndarray
    scale: np.ndarray

    def __call__(self, pooled: float, features, words: int) -> float:
        z = (inputs(pooled, features, words) - self.mean) / self.scale
        return float(1.0 / (1.0 + np.exp(-(z @ self.coef + self.intercept))))

    def to_dict(self) -> dict:
        return {"inputs": list(INPUTS), "coef": [round(float(x), 6) for x in self.coef],
                "intercept": round(float(self.intercept), 6),
                "mean": [round(float(x), 6) for x in self.mean],
                "scale": [round(float(x), 6) for x in self.scale]}

    @classmethod
    def from_dict(cls, d: dict) -> "Confidence":
        if tuple(d["inputs"]) != INPUTS:
            raise ValueError(f"the confidence model reads {d['inputs']}, this code gives "
                             f"{list(INPUTS)}: refit with scripts/fit_ranker.py")
        scale = np.asarray(d["scale"], np.float64)
        if (scale <= 0).any():
            raise ValueError("the confidence model has an input of scale 0: refit with "
                             "scripts/fit_ranker.py")
        return cls(np.asarray(d["coef"]), float(d["intercept"]), np.asarray(d["mean"]), scale)
