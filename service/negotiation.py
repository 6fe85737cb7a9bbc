"""Choosing a result format from an HTTP ``Accept`` header.

The graph layer names formats with short keys (``json``, ``xml``, ``csv``, ``tsv`` for
SELECT/ASK results; ``turtle``, ``nt``, ``jsonld``, ``xml`` for RDF); this module maps media
types onto those keys and honours q-values (RFC 9110, section 12.5.1).
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Format:
    """One way of writing a result: the graph layer's key and the media types it answers to.

    The first media type is the one we send in ``Content-Type``; the others are aliases that
    clients use in ``Accept`` (SPARQLWrapper asks for ``application/json``, for example).
    """

    key: str
    media_types: tuple[str, ...]

    @property
    def content_type(self) -> str:
        return self.media_types[0]


# Server preference order: the first entry is the default when Accept allows anything.
RESULT_FORMATS: tuple[Format, ...] = (
    Format("json", ("application/sparql-results+json", "application/json")),
    Format("xml", ("application/sparql-results+xml", "application/xml", "text/xml")),
    Format("csv", ("text/csv",)),
    Format("tsv", ("text/tab-separated-values",)),
)
# The SPARQL 1.1 CSV/TSV formats only define tables, so ASK answers in JSON or XML.
BOOLEAN_FORMATS: tuple[Format, ...] = RESULT_FORMATS[:2]
RDF_FORMATS: tuple[Format, ...] = (
    Format("turtle", ("text/turtle", "application/turtle", "application/x-turtle")),
    Format("nt", ("application/n-triples", "text/plain")),
    Format("jsonld", ("application/ld+json",)),
    Format("xml", ("application/rdf+xml",)),
)

def formats_for(kind: str) -> tuple[Format, ...]:
    """The formats a result of ``kind`` ("select", "ask", "construct") can be written in."""
    if kind == "select":
        return RESULT_FORMATS
    if kind == "ask":
        return BOOLEAN_FORMATS
    return RDF_FORMATS


@dataclass(frozen=True)
class _Range:
    type: str
    subtype: str
    q: float

    def specificity(self, media_type: str) -> int:
        """How specifically this range matches ``media_type``: 2 exact, 1 ``type/*``, 0 ``*/*``,
        -1 no match."""
        mtype, _, msub = media_type.partition("/")
        if self.type == "*" and self.subtype == "*":
            return 0
        if self.type == mtype and self.subtype == "*":
            return 1
        if self.type == mtype and self.subtype == msub:
            return 2
        return -1


def _parse_accept(header: str) -> list[_Range]:
    ranges = []
    for part in header.split(","):
        part = part.strip()
        if not part:
            continue
        media, *params = (p.strip() for p in part.split(";"))
        mtype, _, msub = media.lower().partition("/")
        if not msub:
            # A bare "*" is sent by some old clients and means "anything".
            mtype, msub = ("*", "*") if mtype == "*" else (mtype, "")
        q = 1.0
        for param in params:
            name, _, value = param.partition("=")
            if name.strip().lower() == "q":
                try:
                    q = min(max(float(value.strip()), 0.0), 1.0)
                except ValueError:
                    q = 0.0  # an unreadable q-value should not win the negotiation
        if msub:
            ranges.append(_Range(mtype, msub, q))
    return ranges


def _quality(ranges: list[_Range], fmt: Format) -> float:
    """The q-value the client gives ``fmt``: the most specific range matching any of its types."""
    best_spec, best_q = -1, 0.0
    for i, media_type in enumerate(fmt.media_types):
        for r in ranges:
            spec = r.specificity(media_type)
            if i > 0 and spec < 2:
                continue  # aliases answer only when named: text/* must not pick text/xml
            if spec > best_spec or (spec == best_spec and spec >= 0 and r.q > best_q):
                best_spec, best_q = spec, r.q
    return best_q if best_spec >= 0 else 0.0


def negotiate(accept: str | None, offered: tuple[Format, ...]) -> Format | None:
    """Pick the format the client prefers among ``offered``; ``None`` when none is acceptable.

    A missing or empty ``Accept`` accepts anything, so the first offered format (the server's
    default) is chosen. Ties in q-value go to the server's order.
    """
    if accept is None or not accept.strip():
        return offered[0]
    ranges = _parse_accept(accept)
    if not ranges:
        return offered[0]
    best, best_q = None, 0.0
    for fmt in offered:
        q = _quality(ranges, fmt)
        if q > best_q:
            best, best_q = fmt, q
    return best


def prefers_html(accept: str | None, offered: tuple[Format, ...]) -> bool:
    """True when ``Accept`` names ``text/html`` itself and ranks it above every format in
    ``offered``: a browser's navigation does, a machine client (no Accept, ``*/*``, or an
    explicit RDF type at least as high) does not."""
    if not accept:
        return False
    ranges = _parse_accept(accept)
    html_q = max((r.q for r in ranges if (r.type, r.subtype) == ("text", "html")), default=0.0)
    return html_q > 0 and all(html_q > _quality(ranges, fmt) for fmt in offered)


def by_key_or_media_type(name: str, offered: tuple[Format, ...]) -> Format | None:
    """Resolve an explicit ``format=`` request parameter (a key like ``csv`` or a media type)."""
    name = name.strip().lower()
    for fmt in offered:
        if name == fmt.key or name in fmt.media_types:
            return fmt
    return None


def content_type_header(fmt: Format) -> str:
    """``Content-Type`` value for ``fmt``, with a charset on every textual type."""
    return f"{fmt.content_type}; charset=utf-8"


def describe(offered: tuple[Format, ...]) -> str:
    """A short human list of the media types in ``offered`` for 406 messages."""
    return ", ".join(f.content_type for f in offered)
