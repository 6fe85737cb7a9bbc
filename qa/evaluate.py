"""Run a question set against an engine and report accuracy per kind, abstention and latency.

The file is JSON Lines, one question per line::

    {"question": "...", "kind": "factoid", "answerable": true,
     "expected": ["Sam Altman", "https://kgqa.dev/id/SamAltman"],   # any one suffices
     "expected_all": ["..."],                                       # optional: all needed
     "history": [{"role": "user", "content": "..."}]}               # optional

An answerable question is correct when the engine does not abstain and one expected string
appears in the answer text (case and punctuation folded) or one expected IRI is among the
answer's entities or evidence; ``"yes"``/``"no"`` must open the answer. An unanswerable question
is correct when the engine abstains.
"""

from __future__ import annotations

import json
import statistics
import time
from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import Path

from .errors import QuestionSetError
from .normalize import fold


@dataclass
class EvalReport:
    rows: list[dict] = field(default_factory=list)

    def _by_kind(self) -> dict[str, list[dict]]:
        out: dict[str, list[dict]] = defaultdict(list)
        for r in self.rows:
            out[r["kind"]].append(r)
        return dict(sorted(out.items()))

    def to_dict(self) -> dict:
        rows = self.rows
        answerable = [r for r in rows if r["answerable"]]
        unanswerable = [r for r in rows if not r["answerable"]]
        lat = sorted(r["ms"] for r in rows) or [0.0]
        return {
            "questions": len(rows),
            "accuracy": _ratio(sum(r["correct"] for r in rows), len(rows)),
            "per_kind": {k: {"n": len(v), "accuracy": _ratio(sum(r["correct"] for r in v), len(v))}
                         for k, v in self._by_kind().items()},
            "abstention_accuracy": _ratio(sum(r["abstained"] for r in unanswerable),
                                          len(unanswerable)),
            "false_abstention_rate": _ratio(sum(r["abstained"] for r in answerable),
                                            len(answerable)),
            # Of all questions: answered right, abstained on, and answered wrong (an answer to
            # an unanswerable question is wrong too). Wrong costs more than an abstention.
            "right": _ratio(sum(r["correct"] for r in rows), len(rows)),
            "abstained": _ratio(sum(r["abstained"] and not r["correct"] for r in rows), len(rows)),
            "wrong": _ratio(sum(not r["abstained"] and not r["correct"] for r in rows), len(rows)),
            "calibration": _calibration(rows),
            "latency_ms": {"p50": round(statistics.median(lat), 2),
                           "p95": round(lat[min(len(lat) - 1, int(0.95 * len(lat)))], 2),
                           "max": round(lat[-1], 2)},
            "failures": [{"question": r["question"], "kind": r["kind"], "got": r["answer"][:200]}
                         for r in rows if not r["correct"]],
        }

    def table(self) -> str:
        d = self.to_dict()
        lines = [f"{'kind':<14} {'n':>4} {'accuracy':>9}", "-" * 29]
        for k, v in d["per_kind"].items():
            lines.append(f"{k:<14} {v['n']:>4} {v['accuracy']:>9.1%}")
        lines.append("-" * 29)
        lines.append(f"{'all':<14} {d['questions']:>4} {d['accuracy']:>9.1%}")
        lines.append(f"abstention accuracy (unanswerable abstained): {d['abstention_accuracy']:.1%}")
        lines.append(f"false-abstention rate (answerable abstained):  "
                     f"{d['false_abstention_rate']:.1%}")
        lines.append(f"right {d['right']:.1%}, abstained {d['abstained']:.1%}, "
                     f"wrong {d['wrong']:.1%}")
        if d["calibration"]:
            lines.append("calibration (confidence bin: answered, right):")
            for b in d["calibration"]:
                lines.append(f"  {b['bin']:<9} {b['n']:>4} {b['right']:>7.1%}")
        lat = d["latency_ms"]
        lines.append(f"latency ms: p50 {lat['p50']}, p95 {lat['p95']}, max {lat['max']}")
        if d["failures"]:
            lines.append("failures:")
            for f in d["failures"]:
                lines.append(f"  [{f['kind']}] {f['question']}\n      -> {f['got']}")
        return "\n".join(lines)


def _calibration(rows: list[dict]) -> list[dict]:
    """Answered questions by stated confidence, with the share right in each bin: a
    calibrated engine's 0.8 is right about 8 times in 10."""
    out = []
    edges = [0.0, 0.2, 0.4, 0.6, 0.8, 1.01]
    answered = [r for r in rows if not r["abstained"] and "confidence" in r]
    for lo, hi in zip(edges, edges[1:]):
        got = [r for r in answered if lo <= r["confidence"] < hi]
        if got:
            out.append({"bin": f"{lo:.1f}-{min(hi, 1.0):.1f}", "n": len(got),
                        "right": _ratio(sum(r["correct"] for r in got), len(got))})
    return out


def _ratio(a: int, b: int) -> float:
    return round(a / b, 4) if b else 1.0


def load_questions(path: str | Path) -> list[dict]:
    """Read a JSON Lines question file; raises :class:`QuestionSetError` (a ValueError) naming
    the bad line."""
    out = []
    for n, line in enumerate(Path(path).read_text("utf-8").splitlines(), 1):
        line = line.strip()
        if not line or line.startswith("#"):
            continue
        try:
            item = json.loads(line)
        except json.JSONDecodeError as exc:
            raise QuestionSetError(f"{path}, line {n}: not valid JSON ({exc.msg})") from exc
        if not isinstance(item, dict) or not isinstance(item.get("question"), str):
            raise QuestionSetError(f"{path}, line {n}: expected an object with a 'question' string")
        out.append(item)
    return out


def is_correct(item: dict, answer) -> bool:
    answerable = item.get("answerable", True)
    if not answerable:
        return bool(answer.abstained)
    if answer.abstained:
        return False
    text = fold(answer.answer)
    iris = {e["iri"] for e in answer.entities}
    for ev in answer.evidence:
        for part in (ev.subject, ev.object):
            if part.get("iri"):
                iris.add(part["iri"])

    def hit(expected: str) -> bool:
        if expected.startswith(("http://", "https://", "urn:")):
            return expected in iris
        want = fold(expected)
        if want in ("yes", "no"):
            return text.split()[:1] == [want]
        return f" {want} " in f" {text} "

    expected = item.get("expected") or []
    expected_all = item.get("expected_all") or []
    if expected and not any(hit(e) for e in expected):
        return False
    return all(hit(e) for e in expected_all)


def evaluate(engine, path: str | Path) -> EvalReport:
    """Ask every question in ``path`` and score the answers."""
    report = EvalReport()
    for item in load_questions(path):
        t0 = time.perf_counter()
        answer = engine.ask(item["question"], item.get("history"))
        ms = (time.perf_counter() - t0) * 1000
        report.rows.append({
            "question": item["question"], "kind": item.get("kind", "unknown"),
            "answerable": bool(item.get("answerable", True)), "abstained": bool(answer.abstained),
            "correct": is_correct(item, answer), "ms": ms, "answer": answer.answer,
            "confidence": float(answer.confidence),
        })
    return report


# ---- benchmark format: {"question", "answers", "hops"?} ----------------------------------------

def is_benchmark(items: list[dict]) -> bool:
    """A benchmark file gives gold ``answers`` (a set) rather than ``expected`` strings."""
    return bool(items) and all("answers" in i and "expected" not in i for i in items[:20])


@dataclass
class BenchmarkReport:
    rows: list[dict] = field(default_factory=list)

    def to_dict(self) -> dict:
        def summary(rows):
            n = len(rows)
            return {"n": n,
                    "hits@1": _ratio(sum(r["hit"] for r in rows), n),
                    "f1": round(sum(r["f1"] for r in rows) / n, 4) if n else 0.0,
                    "abstained": _ratio(sum(r["abstained"] for r in rows), n),
                    "wrong": _ratio(sum(not r["hit"] and not r["abstained"] for r in rows), n),
                    "calibration": _calibration([dict(r, correct=r["hit"]) for r in rows])}
        by_hops: dict = defaultdict(list)
        for r in self.rows:
            by_hops[r["hops"]].append(r)
        lat = sorted(r["ms"] for r in self.rows) or [0.0]
        return {"all": summary(self.rows),
                "per_hops": {str(k): summary(v) for k, v in sorted(by_hops.items(), key=str)},
                "latency_ms": {"p50": round(statistics.median(lat), 2),
                               "p95": round(lat[min(len(lat) - 1, int(0.95 * len(lat)))], 2)},
                "failures": [{"question": r["question"], "got": r["got"], "gold": r["gold"]}
                             for r in self.rows if not r["hit"]][:50]}

    def table(self) -> str:
        d = self.to_dict()
        lines = [f"{'hops':<6} {'n':>5} {'hits@1':>7} {'F1':>6} {'abstain':>8} {'wrong':>6}",
                 "-" * 43]
        for k, v in list(d["per_hops"].items()) + [("all", d["all"])]:
            lines.append(f"{k:<6} {v['n']:>5} {v['hits@1']:>7.1%} {v['f1']:>6.3f} "
                         f"{v['abstained']:>8.1%} {v['wrong']:>6.1%}")
        lat = d["latency_ms"]
        lines.append(f"latency ms: p50 {lat['p50']}, p95 {lat['p95']}")
        return "\n".join(lines)


def _answer_labels(answer) -> list[str]:
    items = getattr(answer, "answers", None) or []
    return [fold(a.get("label") or a.get("value") or "") for a in items]


def evaluate_benchmark(engine, items: list[dict]) -> BenchmarkReport:
    """Hits@1 (the first answer item is a gold answer), answer-set F1 and abstention, per hop
    count. The topic entity is not given: the engine finds it."""
    report = BenchmarkReport()
    for item in items:
        t0 = time.perf_counter()
        answer = engine.ask(item["question"])
        ms = (time.perf_counter() - t0) * 1000
        gold = {fold(a) for a in item["answers"]}
        got = [] if answer.abstained else _answer_labels(answer)
        hit = bool(got) and got[0] in gold
        common = len(set(got) & gold)
        f1 = 2 * common / (len(set(got)) + len(gold)) if got and gold else 0.0
        report.rows.append({"question": item["question"], "hops": item.get("hops", "?"),
                            "hit": hit, "f1": f1, "abstained": bool(answer.abstained),
                            "confidence": float(answer.confidence),
                            "ms": ms, "got": got[:5], "gold": sorted(gold)[:5]})
    return report


def sample(items: list[dict], n: int | None, seed: int = 0) -> list[dict]:
    """A fixed, seeded sample of ``n`` items (all of them when ``n`` is None or larger)."""
    import random

    if not n or n >= len(items):
        return items
    return random.Random(seed).sample(items, n)
