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
        lat = d["latency_ms"]
        lines.append(f"latency ms: p50 {lat['p50']}, p95 {lat['p95']}, max {lat['max']}")
        if d["failures"]:
            lines.append("failures:")
            for f in d["failures"]:
                lines.append(f"  [{f['kind']}] {f['question']}\n      -> {f['got']}")
        return "\n".join(lines)


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
        })
    return report
