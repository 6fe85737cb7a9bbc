"""How two entities are connected: the facts that link them directly, else short paths."""

from __future__ import annotations


from . import compose
from .answer import Answer
from .linking import Linked
from .paths import connect
from .descriptions import entity_refs


class ConnectionAnswerer:
    """Answers how two entities are connected. Mixed into :class:`~kgqa.qa.engine.QAEngine`."""

    def _connection(self, a: str, b: str, q: str, linked: Linked) -> Answer:
        fb = self._fb
        direct, paths = connect(fb, a, b)
        evs, parts = [], []
        if direct:
            for f in direct[:4]:
                ev, st = compose.evidence(fb, f)
                evs.append(ev)
                parts.append(st)
            head = f"{fb.label(a)} and {fb.label(b)} are directly linked."
        elif paths:
            path_texts = []
            for path in paths[:3]:
                middle = [fb.label(n) for n in path.nodes[1:-1]]
                path_texts.append(" and ".join(middle) if middle else "")
                for f in path.facts:
                    ev, st = compose.evidence(fb, f)
                    if st not in parts:
                        evs.append(ev)
                        parts.append(st)
            head = (f"{fb.label(a)} is connected to {fb.label(b)} through "
                    f"{compose.join(path_texts)}.")
        else:
            return Answer(answer=f"The graph records no connection between {fb.label(a)} and "
                                 f"{fb.label(b)} within three steps.",
                          entities=entity_refs(fb, [a, b]), evidence=[], confidence=0.5,
                          abstained=True, kind="connection")
        return Answer(answer=" ".join([head] + parts), entities=entity_refs(fb, [a, b]),
                      evidence=evs, confidence=0.85, sparql=None, kind="connection")
