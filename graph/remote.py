"""A remote SPARQL 1.1 endpoint as a store (``sparql:URL``).

Queries go out with the SPARQL 1.1 Protocol as URL-encoded POST (``query=...``), the one form
every endpoint implements (Virtuoso 7 never answers a direct POST of application/sparql-query),
and come back as SPARQL JSON results or N-Triples, parsed by pyoxigraph so the layers above see
the same types as with a local store. Updates go to the update URL: the same URL, or, for endpoints that split them
(Oxigraph's ``/query`` and ``/update``), the sibling ``/update`` path. Loading sends
``INSERT DATA`` in chunks, which any endpoint that accepts updates understands.
"""

from __future__ import annotations

import io
import re
from urllib.parse import urlencode

import httpx
import pyoxigraph as ox

from .errors import GraphError, QueryError, StoreUnavailable
from .sparql import query_form
from .store import Store, iter_chunks, parse_error

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
        form = query_form(sparql)
        graph_form = form in {"CONSTRUCT", "DESCRIBE"}
        accept = "application/n-triples" if graph_form else "application/sparql-results+json"
        resp = self._post(self.url, urlencode(params).encode(),
                          "application/x-www-form-urlencoded", accept)
        if graph_form:
            try:
                triples = [q.triple for q in ox.parse(resp.content, format=ox.RdfFormat.N_TRIPLES)]
            except SyntaxError as exc:
                raise parse_error(exc, self.url) from exc
            return _Triples(triples)
        return ox.parse_query_results(resp.content, format=ox.QueryResultsFormat.JSON)

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
        for chunk in iter_chunks(quads, 5000):
            buf = io.BytesIO()
            ox.serialize(chunk, buf, format=ox.RdfFormat.N_QUADS)
            body = _insert_data(buf.getvalue().decode())
            self._post(self.update_url, body.encode(), "application/sparql-update")

    def quads(self, s=None, p=None, o=None):
        def term(t, var):
            return str(t) if t is not None else var

        # Bound positions are pyoxigraph terms, whose str() is their escaped N-Triples form.
        q = f"SELECT * WHERE {{ {term(s, '?s')} {term(p, '?p')} {term(o, '?o')} }}"
        for sol in self.query(q):
            yield ox.Quad(s or sol["s"], p or sol["p"], o or sol["o"], ox.DefaultGraph())

    def __len__(self):
        res = self.query("SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }")
        for sol in res:
            return int(sol["n"].value)
        return 0

    def dump(self, fmt):
        triples = self.query("CONSTRUCT { ?s ?p ?o } WHERE { ?s ?p ?o }")
        return ox.serialize(list(triples), format=fmt)

    def close(self):
        self._client.close()


def _insert_data(nquads: str) -> str:
    """INSERT DATA for N-Quads lines: default-graph triples plainly, others inside GRAPH."""
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
    parts = plain + [f"GRAPH {g} {{ {' '.join(ts)} }}" for g, ts in graphs.items()]
    return "INSERT DATA { " + "\n".join(parts) + " }"


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
