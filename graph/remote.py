"""A remote SPARQL 1.1 endpoint as a store (``sparql:URL``).

Queries go out with the SPARQL 1.1 Protocol as URL-encoded POST (``query=...``), the one form
every endpoint implements (Virtuoso 7 never answers a direct POST of application/sparql-query),
and come back as SPARQL JSON results or N-Triples, parsed by pyoxigraph. What endpoints write
differently is made the same as a local store's before the layers above see it: typed literals
get the lexical form Oxigraph holds (Virtuoso writes ``true`` as ``"1"``, the double 1E3 as
``"1000.0"``), and blank node labels become ones pyoxigraph accepts (Virtuoso's JSON has
``nodeID://b10001``). A result the endpoint cut at its own row limit is an error, not a short
answer. Updates go to the update URL: the same URL, or, for endpoints that split them
(Oxigraph's ``/query`` and ``/update``), the sibling ``/update`` path. Loading sends
``INSERT DATA`` in chunks that never split the triples of one blank node, which any endpoint
that accepts updates understands; a chunk with blank nodes goes as ``INSERT {...} WHERE {}``,
since Virtuoso refuses blank nodes in ``INSERT DATA``.
"""

from __future__ import annotations

import functools
import io
import json
import re
from urllib.parse import urlencode

import httpx
import pyoxigraph as ox

from .errors import GraphError, QueryError, StoreUnavailable
from .sparql import query_form
from .store import Store, iter_chunks, parse_error

XSD = "http://www.w3.org/2001/XMLSchema#"
#: a graph name no store holds triples in, for the empty half of a query's dataset
NO_GRAPH = "urn:kgqa:no-graph"
#: the most triples one load request carries (more when one blank node's triples need it)
LOAD_CHUNK = 5000


class RemoteStore(Store):
    in_process = False

    def __init__(self, url: str, *, timeout: float = 30.0, update_url: str | None = None):
        if not url.startswith(("http://", "https://")):
            raise GraphError(f"store 'sparql:{url}' needs an http(s) URL, e.g. "
                             "sparql:http://127.0.0.1:7878/query", status=400, code="bad_setting")
        self.url = url
        self.update_url = update_url or (url[: -len("/query")] + "/update"
                                         if url.endswith("/query") else url)
        self.spec = f"sparql:{url}"
        self._client = httpx.Client(timeout=timeout, follow_redirects=True)

    def _post(self, url: str, body: bytes, content_type: str,
              accept: str | None = None) -> httpx.Response:
        headers = {"Content-Type": content_type}
        if accept:
            headers["Accept"] = accept
        try:
            resp = self._client.post(url, content=body, headers=headers)
        except httpx.TimeoutException as exc:
            raise StoreUnavailable(f"the SPARQL endpoint {url} did not answer in time") from exc
        except httpx.HTTPError as exc:
            raise StoreUnavailable(f"cannot reach the SPARQL endpoint {url}: {exc}") from exc
        if resp.status_code == 400:
            raise QueryError(f"the SPARQL endpoint rejected the request: {resp.text.strip()[:500]}")
        if resp.status_code >= 300:
            raise StoreUnavailable(f"the SPARQL endpoint {url} answered {resp.status_code}: "
                                   f"{resp.text.strip()[:300]}")
        return resp

    def query(self, sparql, *, default_graph=None, named_graphs=None, union_default_graph=False,
              base_iri=None):
        # The protocol has no base-IRI parameter: a remote endpoint resolves against its own URL.
        params = [("query", sparql)]
        params += [("default-graph-uri", g.value) for g in default_graph or []
                   if isinstance(g, ox.NamedNode)]
        params += [("named-graph-uri", g.value) for g in named_graphs or []]
        # An empty list asks for no graph there, which the protocol cannot say: endpoints fill
        # a half left unnamed their own way (Virtuoso: its default graph, or every graph as a
        # named one). A graph that holds nothing says it in terms every endpoint follows.
        if default_graph is not None and not default_graph:
            params.append(("default-graph-uri", NO_GRAPH))
        if named_graphs is not None and not named_graphs:
            params.append(("named-graph-uri", NO_GRAPH))
        form = query_form(sparql)
        graph_form = form in {"CONSTRUCT", "DESCRIBE"}
        accept = "application/n-triples" if graph_form else "application/sparql-results+json"
        resp = self._post(self.url, urlencode(params).encode(),
                          "application/x-www-form-urlencoded", accept)
        if graph_form:
            try:
                quads = ox.parse(resp.content, format=ox.RdfFormat.N_TRIPLES)
                triples = [ox.Triple(q.subject, q.predicate, _same_literal(q.object))
                           for q in quads]
            except SyntaxError as exc:
                raise parse_error(exc, self.url) from exc
            return _Triples(triples)
        return self._solutions(resp, ask=form == "ASK")

    def _solutions(self, resp: httpx.Response, *, ask: bool):
        """Parse SPARQL JSON results, written the way a local store would have written them."""
        try:
            doc = json.loads(resp.content)
            bindings = doc["results"]["bindings"] if "results" in doc else []
            columns = doc.get("head", {}).get("vars")
        except (ValueError, TypeError, KeyError, AttributeError) as exc:
            raise self._not_json(resp) from exc
        if ask and columns == ["__ASK_RETVAL"]:
            # Virtuoso with CaseMode 1 (its built-in default) answers ASK as a SELECT of one
            # column: a row holding 1 for true, no row for false.
            doc = {"head": {}, "boolean": any(b.get("__ASK_RETVAL", {}).get("value") not in
                                              (None, "0") for b in bindings)}
            bindings = []
        cap = resp.headers.get("X-SPARQL-MaxRows")
        if cap and cap.isdigit() and len(bindings) >= int(cap):
            raise StoreUnavailable(
                f"the SPARQL endpoint {self.url} stopped this result at its own limit of {cap} "
                "rows, so it may be incomplete: raise that limit (Virtuoso: ResultSetMaxRows in "
                "the [SPARQL] section of virtuoso.ini) or narrow the query",
                code="incomplete_result")
        for binding in bindings:
            for term in binding.values():
                kind = term.get("type")
                if kind == "bnode":
                    term["value"] = _blank_label(term["value"])
                elif kind in {"literal", "typed-literal"} \
                        and term.get("datatype", "").startswith(XSD):
                    same = _same_literal(ox.Literal(term["value"],
                                                    datatype=ox.NamedNode(term["datatype"])))
                    term.update(type="literal", value=same.value, datatype=same.datatype.value)
        try:
            return ox.parse_query_results(json.dumps(doc).encode(),
                                          format=ox.QueryResultsFormat.JSON)
        except SyntaxError as exc:
            raise self._not_json(resp) from exc

    def _not_json(self, resp: httpx.Response) -> StoreUnavailable:
        return StoreUnavailable(f"the SPARQL endpoint {self.url} sent results that are not "
                                f"SPARQL JSON: {resp.text.strip()[:200]}")

    def update(self, sparql, *, base_iri=None):
        self._post(self.update_url, sparql.encode(), "application/sparql-update")

    def load(self, data, fmt, *, base_iri=None, source="<input>", graph=None):
        try:
            quads = list(ox.parse(data, format=fmt, base_iri=base_iri))
            if graph:
                quads = [ox.Quad(q.subject, q.predicate, q.object, ox.NamedNode(graph))
                         for q in quads]
        except SyntaxError as exc:
            raise parse_error(exc, source) from exc
        for chunk in _chunks(quads, LOAD_CHUNK):
            buf = io.BytesIO()
            ox.serialize(chunk, buf, format=ox.RdfFormat.N_QUADS)
            blank = any(isinstance(t, ox.BlankNode) for q in chunk for t in (q.subject, q.object))
            body = _insert_data(buf.getvalue().decode(), template=blank)
            self._post(self.update_url, body.encode(), "application/sparql-update")

    def quads(self, s=None, p=None, o=None):
        # A blank node written in a query is a variable, not the stored node: SPARQL cannot name
        # one across requests. So match any blank node there and keep those whose label (stable
        # within one endpoint) is the one asked for.
        blank = {var: t for var, t in (("s", s), ("o", o)) if isinstance(t, ox.BlankNode)}

        def term(t, var):
            return f"?{var}" if t is None or var in blank else str(t)

        # Bound positions are pyoxigraph terms, whose str() is their escaped N-Triples form.
        where = f"{term(s, 's')} {term(p, 'p')} {term(o, 'o')}"
        where += "".join(f" FILTER(isBlank(?{var}))" for var in blank)
        for sol in self.query(f"SELECT * WHERE {{ {where} }}"):
            if any(sol[var] != t for var, t in blank.items()):
                continue
            yield ox.Quad(s or sol["s"], p or sol["p"], o or sol["o"], ox.DefaultGraph())

    def __len__(self):
        res = self.query("SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }")
        for sol in res:
            return int(sol["n"].value)
        return 0

    # dump() is Store's, through quads(): a SELECT, whose cut at the endpoint's row limit shows
    # (Virtuoso cuts a CONSTRUCT as well, without saying so).

    def close(self):
        self._client.close()


_SCRATCH = ox.Store()   # empty; evaluates VALUES to give a literal Oxigraph's lexical form


@functools.lru_cache(maxsize=1 << 16)
def _same_literal(term):
    """``term``, an XSD-typed literal in the lexical form a local Oxigraph store holds for it.

    Endpoints write one value in different ways (Virtuoso: ``"1"`` for true, ``"1000.0"`` for
    the double 1E3, ``"10:00:00.500"``); the layers above show and compare the text, so a remote
    store gives what the memory store would. Other terms come back as they are.
    """
    if not isinstance(term, ox.Literal) or not term.datatype.value.startswith(XSD) \
            or term.datatype.value == XSD + "string":
        return term
    for sol in _SCRATCH.query(f"SELECT ?o WHERE {{ VALUES ?o {{ {term} }} }}"):
        return sol["o"]
    return term


@functools.lru_cache(maxsize=1 << 16)
def _blank_label(label: str) -> str:
    """A blank node label pyoxigraph accepts, the same one for the same label every time.

    Virtuoso's JSON results name blank nodes ``nodeID://b10001`` (its N-Triples ``_:b10001``);
    other labels that are not valid become ``x`` and the hex of their bytes.
    """
    label = label.removeprefix("nodeID://")
    try:
        return ox.BlankNode(label).value
    except ValueError:
        return "x" + label.encode().hex()


def _chunks(quads: list, size: int):
    """``quads`` in chunks of about ``size`` that keep every blank node's quads together.

    Blank node labels hold within one update request only, so the quads that share blank nodes
    (directly or through a chain of them) must go in the same request.
    """
    parent: dict[str, str] = {}

    def root(label: str) -> str:
        while parent.setdefault(label, label) != label:
            parent[label] = parent[parent[label]]
            label = parent[label]
        return label

    plain: list = []
    groups: dict[str, list] = {}
    for q in quads:
        labels = [t.value for t in (q.subject, q.object) if isinstance(t, ox.BlankNode)]
        if not labels:
            plain.append(q)
            continue
        for other in labels[1:]:
            parent[root(other)] = root(labels[0])
        groups.setdefault(labels[0], []).append(q)
    yield from iter_chunks(plain, size)
    merged: dict[str, list] = {}
    for first, group in groups.items():
        merged.setdefault(root(first), []).extend(group)
    chunk = []
    for group in merged.values():
        if chunk and len(chunk) + len(group) > size:
            yield chunk
            chunk = []
        chunk.extend(group)
    if chunk:
        yield chunk


def _insert_data(nquads: str, *, template: bool = False) -> str:
    """INSERT DATA for N-Quads lines: default-graph triples plainly, others inside GRAPH.

    With ``template``, ``INSERT {...} WHERE {}`` instead, which adds the same quads once and,
    unlike INSERT DATA on Virtuoso, takes blank nodes.
    """
    plain, graphs = [], {}
    for line in nquads.splitlines():
        line = line.strip()
        if not line:
            continue
        m = re.match(r"^(.*)\s(<[^>]*>)\s*\.$", line)
        # An N-Quads line with four terms ends in the graph IRI; three-term lines are plain.
        if m and _term_count(m.group(1)) == 3:
            graphs.setdefault(m.group(2), []).append(m.group(1) + " .")
        else:
            plain.append(line)
    parts = "\n".join(plain + [f"GRAPH {g} {{ {' '.join(ts)} }}" for g, ts in graphs.items()])
    return f"INSERT {{ {parts} }} WHERE {{}}" if template else f"INSERT DATA {{ {parts} }}"


def _term_count(text: str) -> int:
    """Count N-Triples terms in ``text`` (IRIs, blank nodes, literals)."""
    return len(re.findall(r'<[^>]*>|_:\S+|"(?:[^"\\]|\\.)*"(?:@[\w-]+|\^\^<[^>]*>)?', text))


class _Triples:
    """A list of triples that behaves like pyoxigraph's QueryTriples for our callers."""

    def __init__(self, triples):
        self._triples = triples

    def __iter__(self):
        return iter(self._triples)

    def serialize(self, output=None, format=ox.RdfFormat.N_TRIPLES):
        return ox.serialize(self._triples, output, format=format)
