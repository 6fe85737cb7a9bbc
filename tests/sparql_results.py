"""Parsers for SPARQL results as they arrive over HTTP, so tests compare meaning, not bytes.

Each parser returns ``(variables, rows)`` for SELECT results, where a row maps a variable to a
``(kind, value)`` pair (kind: "uri", "literal", "bnode"), or a bool for ASK results. CSV loses
the kind of a term, so :func:`parse_csv` gives ``(None, value)`` pairs.
"""

from __future__ import annotations

import csv
import io
import json
import xml.etree.ElementTree as ET

from rdflib import BNode, Literal, URIRef
from rdflib.util import from_n3

SR = "{http://www.w3.org/2005/sparql-results#}"


def term_pair(term) -> tuple[str, str]:
    """An rdflib (or pyoxigraph) term as a ``(kind, value)`` pair."""
    if isinstance(term, URIRef):
        return ("uri", str(term))
    if isinstance(term, Literal):
        return ("literal", str(term))
    if isinstance(term, BNode):
        return ("bnode", "")
    name = type(term).__name__
    if name == "NamedNode":
        return ("uri", term.value)
    if name == "Literal":
        return ("literal", term.value)
    return ("bnode", "")


def parse_json(body: bytes):
    data = json.loads(body)
    if "boolean" in data:
        return data["boolean"]
    variables = data["head"]["vars"]
    rows = []
    for b in data["results"]["bindings"]:
        row = {}
        for var, t in b.items():
            kind = "literal" if t["type"] in ("literal", "typed-literal") else t["type"]
            row[var] = (kind, "" if kind == "bnode" else t["value"])
        rows.append(row)
    return variables, rows


def parse_xml(body: bytes):
    root = ET.fromstring(body)
    boolean = root.find(f"{SR}boolean")
    if boolean is not None:
        return boolean.text.strip() == "true"
    variables = [v.get("name") for v in root.find(f"{SR}head").findall(f"{SR}variable")]
    rows = []
    for result in root.find(f"{SR}results").findall(f"{SR}result"):
        row = {}
        for binding in result.findall(f"{SR}binding"):
            child = binding[0]
            kind = child.tag.replace(SR, "")
            row[binding.get("name")] = (kind, "" if kind == "bnode" else (child.text or ""))
        rows.append(row)
    return variables, rows


def parse_csv(body: bytes):
    reader = csv.reader(io.StringIO(body.decode("utf-8"), newline=""))
    header, *records = list(reader)
    rows = [{v: (None, x) for v, x in zip(header, rec) if x != ""} for rec in records]
    return header, rows


def parse_tsv(body: bytes):
    lines = body.decode("utf-8").split("\n")
    if lines and lines[-1] == "":
        lines.pop()
    header = [h.lstrip("?$") for h in lines[0].split("\t")]
    rows = []
    for line in lines[1:]:
        row = {}
        for var, cell in zip(header, line.split("\t")):
            if not cell:
                continue
            # TSV cells are Turtle terms: <iri>, _:b, "lex"@lang, "lex"^^<dt>, 42, true
            row[var] = term_pair(from_n3(cell))
        rows.append(row)
    return header, rows


def rows_as_set(rows, kinds: bool = True) -> set:
    """Rows as a hashable set, dropping blank-node labels (they differ between serialisations)."""
    return {frozenset((v, t if kinds else (None, t[1])) for v, t in row.items()) for row in rows}


def heavy_query(n: int) -> str:
    """A COUNT over the cross product of three n-row slices: n**3 combinations, no rows until
    the end (about 20 s unstopped for n=500 on the CI machine), whatever the graph holds."""
    part = "{{ SELECT ?{0} WHERE {{ ?{0} ?{0}p ?{0}o }} LIMIT %d }}" % n
    return ("SELECT (COUNT(*) AS ?n) WHERE { " + " ".join(part.format(v) for v in "adg") + " }")
