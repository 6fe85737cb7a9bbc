"""Validity periods of facts, read from their date-typed roles (start/end/date), for "as of" checks."""

from __future__ import annotations

from datetime import date

from .facts import Fact, FactBase, is_node, literal_kind

_START_WORDS = ("start", "from", "since", "begin")
_END_WORDS = ("end", "until", "to", "till", "expir")


def to_date(lexical: str, end: bool = False) -> date | None:
    """'2024', '2024-07', '2024-07-10' (or a dateTime) as a date; the period's last day if ``end``."""
    s = lexical.strip()[:10]
    try:
        parts = [int(x) for x in s.split("-") if x]
    except ValueError:
        return None
    try:
        if len(parts) == 1:
            return date(parts[0], 12, 31) if end else date(parts[0], 1, 1)
        if len(parts) == 2:
            import calendar
            last = calendar.monthrange(parts[0], parts[1])[1]
            return date(parts[0], parts[1], last if end else 1)
        return date(parts[0], parts[1], parts[2])
    except ValueError:
        return None


def fact_periods(fb: FactBase, fact: Fact) -> list[tuple]:
    """Every validity period of a fact. A direct triple takes those of the fact nodes that back
    it (nodes linking both ends): "X ceoOf Y" held over each of X's dated CEO positions at Y."""
    if fact.kind == "node":
        span = fact_period(fb, fact)
        return [span] if span else []
    if not is_node(fact.object):
        return []
    spans = []
    for fid in fb.by_entity.get(fact.subject, ()):
        other = fb.facts.get(fid)
        if other is not None and other.kind == "node" and fact.object in other.entities:
            span = fact_period(fb, other)
            if span and (span[0] is None or span[1] is None or span[0] != span[1]):
                spans.append(span)
    return spans


def fact_period(fb: FactBase, fact: Fact) -> tuple[date | None, date | None] | None:
    """(start, end) of a fact node; end None while it holds; None when it carries no dates.

    A fact with a single ``date`` is a point: (date, date) over the date's own granularity.
    """
    if fact.kind != "node":
        return None
    start = end = point = None
    for p, v in fact.roles:
        if is_node(v) or literal_kind(v) != "date":
            continue
        label = fb.pred_label(p).lower()
        if any(w in label for w in _START_WORDS):
            start = to_date(str(v))
        elif any(label.startswith(w) or f" {w}" in label for w in _END_WORDS):
            end = to_date(str(v), end=True)
        else:
            point = (to_date(str(v)), to_date(str(v), end=True))
    if start or end:
        return start, end
    return point


def overlaps(span: tuple, period: tuple[date, date]) -> bool:
    start, end = span
    lo, hi = period
    if start is not None and start > hi:
        return False
    if end is not None and end < lo:
        return False
    return True


def period_text(span) -> str:
    if not span:
        return "no dates recorded"
    start, end = span
    if start and end and start == end:
        return f"on {start.isoformat()}"
    if start and end:
        return f"from {start.isoformat()} to {end.isoformat()}"
    if start:
        return f"since {start.isoformat()}"
    return f"until {end.isoformat()}"
