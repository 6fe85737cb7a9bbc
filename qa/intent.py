"""Question kind detection from generic English wording (no entity names, no canned questions).

:func:`detect` returns an :class:`Intent`: the kind (``factoid``, ``list``, ``boolean``,
``count``, ``amount``, ``date``, ``connection``, ``why``, ``describe``), plus constraints read
from the wording: a date or period ("as of August 2024", "in 2023"), a money amount ("$13B"),
and a nested description ("the company X invested in") that makes the question multi-hop.
"""

from __future__ import annotations

import calendar
import re
from dataclasses import dataclass
from datetime import date

from .clauses import leading_clause, subordinate_spans, subordinate_tokens

MONTHS = {m.lower(): i for i, m in enumerate(calendar.month_name) if m}
MONTHS.update({m.lower(): i for i, m in enumerate(calendar.month_abbr) if m})
MONTHS["sept"] = 9

_MONTH_RE = "|".join(sorted(MONTHS, key=len, reverse=True))
_DATE_PATTERNS = [
    # 2024-08-15, 2024-08
    (re.compile(r"\b(\d{4})-(\d{1,2})(?:-(\d{1,2}))?\b"), "iso"),
    # 15 August 2024, August 15, 2024
    (re.compile(rf"\b(\d{{1,2}})(?:st|nd|rd|th)?\s+({_MONTH_RE})\.?,?\s+(\d{{4}})\b", re.I), "dmy"),
    (re.compile(rf"\b({_MONTH_RE})\.?\s+(\d{{1,2}})(?:st|nd|rd|th)?,?\s+(\d{{4}})\b", re.I), "mdy"),
    # August 2024
    (re.compile(rf"\b({_MONTH_RE})\.?,?\s+(\d{{4}})\b", re.I), "my"),
    # 2024
    (re.compile(r"\b(1[89]\d{2}|20\d{2})\b"), "y"),
]

_AMOUNT = re.compile(
    r"(?P<cur>[$€£])?\s?(?P<num>\d+(?:[.,]\d+)?)\s?(?P<scale>trillion|billion|million|thousand|"
    r"bn|tn|b|m|k)?\b\s?(?P<cur2>dollars|usd|euros?|eur|pounds|gbp)?", re.I)
_SCALES = {"trillion": 1e12, "tn": 1e12, "billion": 1e9, "bn": 1e9, "b": 1e9, "million": 1e6,
           "m": 1e6, "thousand": 1e3, "k": 1e3}

# "the company (that) X invested in", "the person who leads X": a description standing for an
# entity, resolved first (multi-hop).
_NESTED = re.compile(
    r"\b(?:the|a|an)\s+(?P<noun>(?:[a-z]+\s){0,2}?(?:company|companies|firm|organi[sz]ation|"
    r"lab|startup|person|people|man|woman|investor|model|product|platform|cloud|university|"
    r"institution|city|place|one|entity|outlet|regulator|group|team|funder|researcher|"
    r"venture|project|business|agency|body|unit|division|subsidiary|maker|developer|service|"
    r"guy|executive|boss|start-?up|assistant|tool|app|chatbot|browser|engine|thing))\s+"
    r"(?P<clause>(?:that|which|who|whom|whose)?\s*.+)$", re.I)


_WH_LATER = re.compile(r"\b(?:which|what|whom)\b", re.I)


@dataclass
class Intent:
    kind: str
    wh: str = ""                         # who, what, which, when, where, how much, how many, ...
    period: tuple[date, date] | None = None
    period_text: str = ""
    as_of: bool = False                  # "as of", "at", "on", "in" with a date: a point in time
    amount: float | None = None
    nested: tuple[int, str, str] | None = None   # (char offset, noun, clause)
    other: bool = False                  # "which other ...": exclude what was already named
    negated: bool = False
    quantity: bool = False               # "how many <resource>": only a stated figure answers
    words: tuple = ()                    # the question's folded words (set by the engine)
    counted: str = ""                    # what "how many <word>" names: "class", "entity" or ""
    subordinate: frozenset = frozenset()  # token positions outside the main clause


def _period(kind: str, g: tuple) -> tuple[date, date] | None:
    try:
        if kind == "iso":
            y, m = int(g[0]), int(g[1])
            if g[2]:
                d = date(y, m, int(g[2]))
                return d, d
            return date(y, m, 1), date(y, m, calendar.monthrange(y, m)[1])
        if kind == "dmy":
            d = date(int(g[2]), MONTHS[g[1].lower()], int(g[0]))
            return d, d
        if kind == "mdy":
            d = date(int(g[2]), MONTHS[g[0].lower()], int(g[1]))
            return d, d
        if kind == "my":
            y, m = int(g[1]), MONTHS[g[0].lower()]
            return date(y, m, 1), date(y, m, calendar.monthrange(y, m)[1])
        if kind == "y":
            y = int(g[0])
            return date(y, 1, 1), date(y, 12, 31)
    except (ValueError, KeyError):
        return None
    return None


def find_period(text: str) -> tuple[tuple[date, date] | None, str]:
    for pattern, kind in _DATE_PATTERNS:
        m = pattern.search(text)
        if m:
            got = _period(kind, m.groups())
            if got:
                return got, m.group(0)
    return None, ""


def find_amount(text: str) -> float | None:
    """A money amount written with a currency sign or a scale word ("$13B", "15 million")."""
    for m in _AMOUNT.finditer(text):
        if not (m.group("cur") or m.group("scale") or m.group("cur2")):
            continue
        num = m.group("num").replace(",", "")
        try:
            value = float(num)
        except ValueError:
            continue
        scale = (m.group("scale") or "").lower()
        if scale in ("b", "m", "k") and not m.group("cur"):
            continue  # "4b" alone is too ambiguous without a currency sign
        return value * _SCALES.get(scale, 1.0)
    return None


_WH = [
    ("how many", r"\bhow many\b|\bnumber of\b|\bcount\b"),
    ("how much", r"\bhow much\b|\bwhat (?:amount|sum|price|valuation)\b|\bhow big\b|\bhow large\b"),
    ("when", r"\bwhen\b|\bwhat (?:date|year|month|day)\b|\bwhich (?:date|year|month|day)\b|"
             r"\bsince when\b|\bhow long ago\b"),
    ("where", r"\bwhere\b"),
    ("why", r"\bwhy\b|\bwhat (?:reasons?|made|caused|drove|led)\b|\bfor what reason\b"),
    ("who", r"\bwho(?:m|se)?\b"),
    ("which", r"\bwhich\b|\bname (?:the|all|every)\b|\blist\b"),
    ("what", r"\bwhat\b|\btell me\b|\bdescribe\b|\bexplain\b"),
    ("how", r"\bhow\b"),
]
_CONNECTION = re.compile(
    r"\bhow (?:is|are|was|were)\b.+\b(?:connected|linked|related|tied)\b|"
    r"\b(?:relationship|relation|connection|link|ties)s? (?:between|of)\b|"
    r"\bwhat (?:connects|links|ties)\b|\bconnected to\b|\blinked to\b|\brelated to\b|"
    r"\bhow (?:do|does|did)\b.+\b(?:relate|connect|link|tie)s? (?:to|with)\b", re.I)
COMMAND = re.compile(r"^\s*(?:please\s+)?(?:name|list|show(?:\s+me)?|give(?:\s+me)?|tell\s+me)\s+"
                      r"(?:all\s+(?:of\s+)?)?", re.I)
_BOOLEAN = re.compile(r"^(?:did|does|do|is|are|was|were|has|have|had|can|could|will|would)\b", re.I)
_LIST_HINT = re.compile(r"\blist\b|\ball\b|\bname (?:the|all)\b|\bwho (?:are|were|have been)\b|"
                        r"\beveryone\b|\bover the years\b", re.I)
_PLURAL_AFTER_WH = re.compile(r"\b(?:which|what)\s+(?:other\s+)?(\w+)(?:\s(\w+))?", re.I)
_AUX = frozenset("does is was has his this its as us".split())


def _plural_target(body: str) -> bool:
    m = _PLURAL_AFTER_WH.search(body)
    if not m:
        return False
    for w in m.groups():
        if w and w not in _AUX and w.endswith("s") and not w.endswith("ss") and len(w) > 3:
            return True
        if w in _AUX:
            return False
    return False
_DESCRIBE = re.compile(r"^(?:what|who) (?:is|are|was|were) (?:an? |the )?[^ ]+(?: [^ ]+){0,4}\??$|"
                       r"^(?:tell me about|describe|what do you know about|what does the graph "
                       r"say about)\b", re.I)
_AS_OF = re.compile(r"\b(?:as of|as at|at the (?:time|end|start) of|on|in|during|by|at)\s*$", re.I)


def detect(question: str) -> Intent:
    """Classify ``question`` (already cleaned) into a kind with its constraints."""
    q = question.strip()
    lead = leading_clause(q)
    if lead:
        # "When X took over Y, who did he report to?": the kind is the main clause's; the
        # leading clause only places it (its date stays a constraint).
        intent = detect(q[lead:])
        period, period_text = find_period(q)
        if intent.period is None and period is not None:
            intent.period, intent.period_text = period, period_text
        if intent.nested:
            offset, noun, clause = intent.nested
            intent.nested = (offset + lead, noun, clause)
        intent.subordinate = subordinate_tokens(q)
        return intent
    lower = q.lower()
    # Leading "As of <date>," and similar move the date out of the way of the kind detection.
    period, period_text = find_period(q)
    as_of = False
    if period_text:
        before = lower[: lower.find(period_text.lower())]
        as_of = bool(_AS_OF.search(before)) or before.strip() == ""
    body = lower
    if period_text and as_of:
        body = re.sub(r"^\s*(?:as of|as at|in|on|at|by|during)\s+" + re.escape(period_text.lower())
                      + r"\s*,?\s*", "", lower)
    # The earliest question word decides ("Who was named CEO when ..." asks who); at the same
    # position the more specific pattern wins ("what year" is a when-question).
    wh, first = "", len(body) + 1
    for name, pattern in _WH:
        m = re.search(pattern, body)
        if m and m.start() < first:
            wh, first = name, m.start()
    amount = find_amount(q)
    other = bool(re.search(r"\bother\b|\belse\b|\bbesides\b|\bapart from\b", lower))
    negated = bool(re.search(r"\bnot\b|n't\b|\bnever\b", lower))
    nested = None
    m = _NESTED.search(q)
    command = COMMAND.match(q)
    if m and any(a <= m.start() < b for a, b in subordinate_spans(q)):
        m = None   # "Codex, the model that powered X, was ...": an apposition, not the subject
    if m and not _BOOLEAN.match(body) and (m.start() > 0 or _WH_LATER.search(q[m.end("noun"):])) \
            and not (command and m.start() == command.end()):
        # (At the very start only when a question word follows: "the guy who replaced X ran
        # which company?")
        # ("Name the companies that compete with X" asks for that list: nothing nested.)
        nested = (m.start(), m.group("noun").lower(), m.group("clause"))
    if _CONNECTION.search(body) and wh not in ("who", "when", "how many", "how much"):
        kind = "connection"
    elif _BOOLEAN.match(body):
        kind = "boolean"
    elif wh == "how many":
        kind = "count"
    elif wh == "how much":
        kind = "amount"
    elif wh == "when":
        kind = "date"
    elif wh == "why":
        kind = "why"
    elif _DESCRIBE.match(body.rstrip(" ?.!")) and not nested:
        kind = "describe"
    elif wh in ("which", "what", "who") and (_LIST_HINT.search(body) or _plural_target(body)):
        kind = "list"
    else:
        kind = "factoid"
    return Intent(kind=kind, wh=wh, period=period, period_text=period_text, as_of=as_of,
                  amount=amount, nested=nested, other=other, negated=negated,
                  subordinate=subordinate_tokens(q))
