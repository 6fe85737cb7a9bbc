"""A lexical index of the graph's names: labels and aliases in SQLite, with an FTS5 trigram table.

The QA linker and autocomplete look names up here instead of holding every label of the graph in
Python, so a graph of tens of millions of triples costs a file on disk and a few megabytes of
page cache, not gigabytes of dicts. One index describes one version of one store:

* a **memory** store gets an in-memory database, rebuilt when the graph changes (milliseconds
  for the embedded graph);
* an **oxigraph:PATH** store gets ``PATH.labels.sqlite`` beside it;
* a **sparql:URL** store gets ``CACHE_DIR/labels/<hash of the URL>.sqlite``.

A persisted index records the store it was built from and a fingerprint of its content (the
triple count); it is used only when both match, and never after kgqa has changed the store
since (an update marks it ``dirty`` before it commits). ``kgqa index`` builds it with a progress
bar; ``kgqa serve`` builds it when it is missing or stale.

Rows are read from the store by SPARQL (paged for a remote endpoint), so any store can be
indexed. What each labelled IRI is (an entity, a class, a property, a fact node, a source) is
kept beside its names: linking skips classes and properties, autocomplete offers entities only.
"""

from __future__ import annotations

import logging
import os
import re
import sqlite3
import threading
import time
import unicodedata
from pathlib import Path
from typing import Callable, Iterable, Iterator

log = logging.getLogger(__name__)

FORMAT = 2
PAGE = 10_000            # rows per request to a remote endpoint (Virtuoso's default row cap)
BATCH = 5_000            # rows per SQLite insert
SMALL = 50_000           # up to this many names, fuzzy matching scans them all
SEARCH_SCAN = 5_000      # up to this many, a search scores every name (18k take ~45 ms)
POSTINGS = 20_000        # trigram rows a fuzzy lookup reads at most
CANDIDATES = 500         # names a search scores at most per way of matching

RDF = "http://www.w3.org/1999/02/22-rdf-syntax-ns#"
RDFS = "http://www.w3.org/2000/01/rdf-schema#"
OWL = "http://www.w3.org/2002/07/owl#"

_NON_WORD = re.compile(r"[^0-9a-z]+")

#: kinds of labelled resources, in the order one wins over the next
KINDS = ("predicate", "class", "schema", "fact", "source", "entity")

Progress = Callable[[str, int, int | None], None]   # (stage, rows done, rows expected)


def fold(text: str) -> str:
    """Case, accents and punctuation folded away: ``"Mecklenburg-Strelitz's"`` reads
    ``"mecklenburg strelitz s"``. Names and questions are compared in this form."""
    text = unicodedata.normalize("NFKD", text)
    text = "".join(c for c in text if not unicodedata.combining(c)).casefold()
    return " ".join(_NON_WORD.sub(" ", text).split())


def _values(iris: Iterable[str]) -> str:
    return " ".join(f"<{i}>" for i in iris)


def _term(t) -> str:
    """A pyoxigraph term as the string the QA layer uses for it (an IRI, or ``_:id``)."""
    import pyoxigraph as ox

    if isinstance(t, ox.BlankNode):
        return "_:" + t.value
    return t.value


class LabelIndex:
    """Names of one store version. Thread-safe for reads; built once, never changed after."""

    def __init__(self, conn: sqlite3.Connection, path: Path | None = None):
        self._conn = conn
        self._lock = threading.Lock()
        self.path = path
        self.meta = dict(self._rows("SELECT key, value FROM meta"))
        self._terms: dict[str, frozenset[str]] = {}
        for kind, iri in self._rows("SELECT kind, iri FROM terms"):
            self._terms.setdefault(kind, set()).add(iri)
        self._terms = {k: frozenset(v) for k, v in self._terms.items()}
        self.size = int(self.meta.get("rows", 0))
        self.max_words = int(self.meta.get("max_words", 1))
        self._keys: list[str] | None = None
        self._gram_cache: dict[str, tuple[int, ...]] = {}

    # ---- reading --------------------------------------------------------------------------

    def _rows(self, sql: str, args: tuple = ()) -> list[tuple]:
        with self._lock:
            return self._conn.execute(sql, args).fetchall()

    @property
    def predicates(self) -> frozenset[str]:
        """Every predicate the store uses."""
        return self._terms.get("predicate", frozenset())

    @property
    def classes(self) -> frozenset[str]:
        """Every class something is an instance of."""
        return self._terms.get("class", frozenset())

    @property
    def fact_classes(self) -> frozenset[str]:
        """Classes of n-ary fact nodes (kgqa:Fact and its subclasses, rdf:Statement)."""
        return self._terms.get("fact_class", frozenset())

    def lookup(self, key: str) -> list[tuple[str, str]]:
        """``(iri, label)`` of every name whose folded form is ``key``, in a fixed order."""
        return self._rows("SELECT iri, text FROM names WHERE key = ? ORDER BY iri, text", (key,))

    def label(self, iri: str) -> str | None:
        """The resource's main label (rdfs:label first, English or untagged first)."""
        got = self._rows("SELECT text FROM names WHERE iri = ? AND main = 1", (iri,))
        return got[0][0] if got else None

    def labels(self, iri: str) -> list[str]:
        """The main label, then every other name of the resource."""
        return [t for t, in self._rows(
            "SELECT text FROM names WHERE iri = ? ORDER BY main DESC, rank, text", (iri,))]

    def names_of(self, iris: Iterable[str]) -> dict[str, list[str]]:
        """:meth:`labels` of several resources in one query."""
        iris = list(dict.fromkeys(iris))
        out: dict[str, list[str]] = {i: [] for i in iris}
        for iri, text in self._rows_of(iris, "SELECT iri, text FROM names WHERE iri IN ({}) "
                                             "ORDER BY iri, main DESC, rank, text"):
            if text not in out[iri]:
                out[iri].append(text)
        return out

    def types_of(self, iris: Iterable[str]) -> dict[str, set[str]]:
        """The classes each of ``iris`` is an instance of (as indexed), in one query."""
        iris = list(dict.fromkeys(iris))
        out: dict[str, set[str]] = {i: set() for i in iris}
        for iri, t in self._rows_of(iris, "SELECT iri, type FROM types WHERE iri IN ({})"):
            out[iri].add(t)
        return out

    def comments_of(self, iris: Iterable[str]) -> dict[str, str]:
        """The comment of each of ``iris`` that has one (the least text of its comments)."""
        return dict(self._rows_of(dict.fromkeys(iris),
                                  "SELECT iri, text FROM comments WHERE iri IN ({})"))

    def _rows_of(self, iris: Iterable[str], sql: str) -> Iterator[tuple]:
        """The rows of ``sql`` (its ``{}`` the place of the IN list) for ``iris``, 500 at a
        time (SQLite's limit on bound parameters is 999 on older builds)."""
        iris = list(iris)
        for chunk in range(0, len(iris), 500):
            part = tuple(iris[chunk:chunk + 500])
            yield from self._rows(sql.format(",".join("?" * len(part))), part)

    def kind(self, iri: str) -> str | None:
        got = self._rows("SELECT kind FROM names WHERE iri = ? LIMIT 1", (iri,))
        return got[0][0] if got else None

    def keys(self) -> list[str]:
        """Every distinct folded name (only for small indexes: kept in memory once read)."""
        if self._keys is None:
            self._keys = [k for k, in self._rows("SELECT DISTINCT key FROM names ORDER BY key")]
        return self._keys

    def rows(self, kinds: Iterable[str] | None = None) -> Iterator[tuple[str, str, str]]:
        """``(iri, label, key)`` of every name (of the given kinds), in a fixed order."""
        if kinds is None:
            yield from self._rows("SELECT iri, text, key FROM names ORDER BY iri, text")
        else:
            kinds = tuple(kinds)
            marks = ",".join("?" * len(kinds))
            yield from self._rows(f"SELECT iri, text, key FROM names WHERE kind IN ({marks}) "
                                  "ORDER BY iri, text", kinds)

    def similar_keys(self, text: str, limit: int = 200) -> list[str]:
        """Folded names that may be a misspelling of ``text``, for a fuzzy matcher to score.

        All names on a small index. On a large one, the names sharing the most three-letter
        pieces with ``text``, read from the FTS5 trigram table rarest piece first, so a common
        piece ("ion") costs no more than :data:`POSTINGS` rows.
        """
        key = fold(text)
        if self.size <= SMALL:
            return self.keys()
        grams = sorted({key[i:i + 3] for i in range(len(key) - 2)} - {""})
        grams = [g for g in grams if " " not in g]
        if not grams:
            return []
        marks = ",".join("?" * len(grams))
        df = dict(self._rows(f"SELECT term, doc FROM names_vocab WHERE term IN ({marks})",
                             tuple(grams)))
        counts: dict[int, int] = {}
        budget = POSTINGS
        for g in sorted((g for g in grams if g in df), key=lambda g: (df[g], g)):
            if df[g] > budget:
                break
            budget -= df[g]
            for rowid in self._postings(g):
                counts[rowid] = counts.get(rowid, 0) + 1
        if not counts:
            return []
        # The names sharing the most pieces, then closest in length (Jaccard of the pieces):
        # "microsoft" before a sentence that mentions Microsoft.
        most = max(counts.values())
        pool = sorted((r for r in counts if counts[r] >= most - 1),
                      key=lambda r: (-counts[r], r))[:2000]
        keys = {}
        for chunk in range(0, len(pool), 500):
            part = pool[chunk:chunk + 500]
            marks = ",".join("?" * len(part))
            keys.update(self._rows(f"SELECT id, key FROM names WHERE id IN ({marks})",
                                   tuple(part)))
        n = len(grams)

        def jaccard(r: int) -> float:
            shared = counts[r]
            return shared / (n + max(len(keys[r]) - 2, 1) - shared)

        ranked = sorted(keys, key=lambda r: (-jaccard(r), keys[r]))
        return sorted(dict.fromkeys(keys[r] for r in ranked))[:limit] if len(ranked) <= limit \
            else sorted(dict.fromkeys(keys[r] for r in ranked[:limit]))

    def _postings(self, gram: str) -> tuple[int, ...]:
        """Row ids of the names holding the three letters ``gram`` (the spans of one question
        share most of theirs, so the last few hundred are kept)."""
        got = self._gram_cache.get(gram)
        if got is None:
            got = tuple(r for r, in self._rows(
                "SELECT rowid FROM names_fts WHERE names_fts MATCH ?",
                ('"' + gram.replace('"', '""') + '"',)))
            if len(self._gram_cache) >= 512:
                self._gram_cache.pop(next(iter(self._gram_cache)))
            self._gram_cache[gram] = got
        return got

    def search(self, text: str, limit: int = 10,
               kinds: tuple[str, ...] = ("entity",)) -> list[tuple[str, float]]:
        """``(iri, score)`` of resources named like ``text``, best first: an exact name 1.0, a
        name that starts with it 0.9, one that contains it 0.75, else 0.7 × rapidfuzz's WRatio
        (kept from 0.45). Meant for autocomplete."""
        needle = " ".join(text.casefold().split())
        key = fold(text)
        if not needle or not key:
            return []
        marks = ",".join("?" * len(kinds))
        if self.size <= SEARCH_SCAN:
            rows = self._rows(f"SELECT iri, text FROM names WHERE kind IN ({marks})", kinds)
            best = _scored(needle, rows)
        else:
            # Candidates by the b-tree (exact and prefix of the folded name) and the trigram
            # table (substrings); names sharing pieces with a misspelling only when those give
            # too few. A bounded set either way.
            upper = key[:-1] + chr(ord(key[-1]) + 1)
            rows = self._rows(f"SELECT iri, text FROM names WHERE key >= ? AND key < ? AND "
                              f"kind IN ({marks}) LIMIT ?", (key, upper, *kinds, CANDIDATES))
            if len(key) >= 3 and len(rows) < CANDIDATES:
                rows += self._rows(
                    f"SELECT n.iri, n.text FROM names_fts f JOIN names n ON n.id = f.rowid "
                    f"WHERE names_fts MATCH ? AND n.kind IN ({marks}) LIMIT ?",
                    ('"' + key.replace('"', '""') + '"', *kinds, CANDIDATES))
            best = _scored(needle, rows)
            if sum(s >= 0.75 for s in best.values()) < limit:
                similar = self.similar_keys(key, limit=100)
                if similar:
                    km = ",".join("?" * len(similar))
                    best.update({i: s for i, s in _scored(needle, self._rows(
                        f"SELECT iri, text FROM names WHERE key IN ({km}) AND kind IN ({marks})",
                        (*similar, *kinds))).items() if s > best.get(i, 0.0)})
        hits = sorted(((iri, s) for iri, s in best.items() if s >= 0.45),
                      key=lambda h: (-h[1], h[0]))
        if len(hits) > limit:
            # Ties at the cut are broken by label, as the list is shown: labels of those only.
            floor = hits[limit - 1][1]
            hits = [h for h in hits if h[1] >= floor]
        labels = self.names_of(iri for iri, _ in hits)
        hits.sort(key=lambda h: (-h[1], (labels[h[0]] or [h[0]])[0], h[0]))
        return hits[:limit]

    def close(self) -> None:
        with self._lock:
            self._conn.close()

    # ---- building -------------------------------------------------------------------------

    @classmethod
    def open(cls, path: Path, *, store: str, fingerprint: str) -> "LabelIndex | None":
        """The index at ``path`` if it was built from ``store`` at ``fingerprint`` and finished;
        else ``None`` (a stale, dirty, unfinished or unreadable index is never trusted)."""
        path = Path(path)
        if not path.is_file():
            return None
        try:
            conn = sqlite3.connect(f"file:{path}?mode=ro", uri=True, check_same_thread=False)
            meta = dict(conn.execute("SELECT key, value FROM meta").fetchall())
        except sqlite3.Error as exc:
            log.warning("the label index at %s is unreadable (%s); rebuilding", path, exc)
            return None
        want = {"format": str(FORMAT), "store": store, "fingerprint": fingerprint,
                "complete": "1"}
        if any(meta.get(k) != v for k, v in want.items()) or meta.get("dirty") == "1":
            conn.close()
            log.info("the label index at %s is stale; rebuilding", path)
            return None
        return cls(conn, path)

    @classmethod
    def build(cls, kg, path: Path | None = None, *, fingerprint: str = "",
              progress: Progress | None = None) -> "LabelIndex":
        """Read every name of ``kg``'s store into a new index: in memory (``path=None``), or
        into ``path``, written to a temporary file first and moved into place when complete."""
        from .knowledge_graph import ALT_PREDICATES, KGQA, LABEL_PREDICATES, SCHEMA_TYPES, \
            SOURCE_TYPES

        t0 = time.perf_counter()
        tmp = None
        if path is None:
            conn = sqlite3.connect(":memory:", check_same_thread=False)
        else:
            path = Path(path)
            path.parent.mkdir(parents=True, exist_ok=True)
            tmp = path.with_name(f".{path.name}.{os.getpid()}.tmp")
            tmp.unlink(missing_ok=True)
            conn = sqlite3.connect(tmp, check_same_thread=False)
            conn.execute("PRAGMA journal_mode=OFF")
            conn.execute("PRAGMA synchronous=OFF")
        conn.executescript("""
            CREATE TABLE meta(key TEXT PRIMARY KEY, value TEXT);
            CREATE TABLE terms(kind TEXT, iri TEXT);
            CREATE TABLE names(id INTEGER PRIMARY KEY, iri TEXT NOT NULL, text TEXT NOT NULL,
                               key TEXT NOT NULL, rank INTEGER NOT NULL, main INTEGER DEFAULT 0,
                               kind TEXT DEFAULT 'entity');
            CREATE TABLE typed(iri TEXT, kind TEXT);
            CREATE TABLE types(iri TEXT NOT NULL, type TEXT NOT NULL);
            CREATE TABLE comments(iri TEXT NOT NULL, text TEXT NOT NULL);
        """)
        report = progress or (lambda stage, done, total: None)
        # rank: the label predicates in their order of preference, English or untagged before
        # other languages; aliases after every label.
        preds = list(LABEL_PREDICATES) + list(ALT_PREDICATES)
        vals = _values(preds)
        total = _count(kg, f"VALUES ?p {{ {vals} }} ?s ?p ?l FILTER(isLiteral(?l))")
        done = 0
        report("names", 0, total)
        buf = []
        for s, p, lit in _select(kg, ("s", "p", "l"),
                                 f"VALUES ?p {{ {vals} }} ?s ?p ?l FILTER(isLiteral(?l))"):
            text = lit.value
            key = fold(text)
            if not key:
                continue
            lang = getattr(lit, "language", None) or ""
            rank = preds.index(p.value) * 2 + (0 if not lang or lang.startswith("en") else 1)
            if p.value in ALT_PREDICATES:
                rank += 100
            buf.append((_term(s), text, key, rank))
            if len(buf) >= BATCH:
                conn.executemany("INSERT INTO names(iri, text, key, rank) VALUES (?,?,?,?)", buf)
                done += len(buf)
                buf = []
                report("names", done, total)
        if buf:
            conn.executemany("INSERT INTO names(iri, text, key, rank) VALUES (?,?,?,?)", buf)
            done += len(buf)
        report("names", done, total)
        # One row per (iri, text): the same name under two predicates is one name, ranked as
        # the better of the two.
        conn.executescript("""
            DELETE FROM names WHERE id NOT IN (SELECT id FROM (SELECT id, row_number() OVER (
                PARTITION BY iri, text ORDER BY rank, id) AS n FROM names) WHERE n = 1);
            UPDATE names SET main = 1 WHERE id IN (
                SELECT id FROM (SELECT id, rank, row_number() OVER (
                    PARTITION BY iri ORDER BY rank, text) AS n FROM names) WHERE n = 1 AND rank < 100);
        """)
        # What each labelled resource is.
        report("kinds", 0, None)
        fact_classes = {r[0].value for r in _select(
            kg, ("c",), f"?c <{RDFS}subClassOf>* <{KGQA}Fact>")} | {RDF + "Statement"}
        predicates = {r[0].value for r in _select(kg, ("p",), "?s ?p ?o", distinct=True)}
        classes = {r[0].value for r in _select(kg, ("c",), "?s a ?c", distinct=True)
                   if not r[0].value.startswith("_:")}
        conn.executemany("INSERT INTO terms VALUES (?, ?)",
                         [("predicate", p) for p in sorted(predicates)]
                         + [("class", c) for c in sorted(classes)]
                         + [("fact_class", c) for c in sorted(fact_classes)])
        conn.executemany("INSERT INTO typed VALUES (?, ?)",
                         [(p, "predicate") for p in predicates] + [(c, "class") for c in classes])
        # Every typed resource's types (kept for the named ones: autocomplete shows them), and
        # from them what each is.
        _stream(conn, "INSERT INTO types VALUES (?, ?)",
                ((_term(s), t.value) for s, t in _select(kg, ("s", "t"), "?s a ?t FILTER(isIRI(?t))")))
        for kind, types in (("schema", SCHEMA_TYPES), ("fact", fact_classes),
                            ("source", SOURCE_TYPES)):
            marks = ",".join("?" * len(types))
            conn.execute(f"INSERT INTO typed SELECT iri, ? FROM types WHERE type IN ({marks})",
                         (kind, *sorted(types)))
        # A named resource's comment (the least text over the comment predicates).
        from .knowledge_graph import COMMENT_PREDICATES
        _stream(conn, "INSERT INTO comments VALUES (?, ?)",
                ((_term(s), c.value) for s, c in _select(
                    kg, ("s", "c"), f"VALUES ?p {{ {_values(COMMENT_PREDICATES)} }} ?s ?p ?c "
                    "FILTER(isLiteral(?c))")))
        order = " ".join(f"WHEN '{k}' THEN {i}" for i, k in enumerate(KINDS))
        conn.executescript(f"""
            CREATE INDEX names_iri ON names(iri);
            DELETE FROM types WHERE iri NOT IN (SELECT iri FROM names);
            CREATE INDEX types_iri ON types(iri);
            DELETE FROM comments WHERE iri NOT IN (SELECT iri FROM names);
            DELETE FROM comments WHERE rowid NOT IN (SELECT rowid FROM (SELECT rowid,
                row_number() OVER (PARTITION BY iri ORDER BY text) AS n FROM comments) WHERE n = 1);
            CREATE INDEX comments_iri ON comments(iri);
            CREATE INDEX typed_iri ON typed(iri);
            UPDATE names SET kind = (SELECT t.kind FROM typed t WHERE t.iri = names.iri
                                     ORDER BY CASE t.kind {order} END LIMIT 1)
                WHERE iri IN (SELECT iri FROM typed);
            DROP TABLE typed;
            CREATE INDEX names_key ON names(key);
        """)
        report("search table", 0, None)
        conn.executescript("""
            CREATE VIRTUAL TABLE names_fts USING fts5(key, content='names', content_rowid='id',
                                                      tokenize='trigram');
            INSERT INTO names_fts(names_fts) VALUES ('rebuild');
            CREATE VIRTUAL TABLE names_vocab USING fts5vocab(names_fts, row);
        """)
        rows, max_words = conn.execute(
            "SELECT COUNT(*), MAX(LENGTH(key) - LENGTH(REPLACE(key, ' ', '')) + 1) FROM names"
        ).fetchone()
        meta = {"format": str(FORMAT), "store": kg.store.spec, "fingerprint": fingerprint,
                "rows": str(rows), "max_words": str(max_words or 1),
                "built_s": f"{time.perf_counter() - t0:.2f}", "complete": "1", "dirty": "0"}
        conn.executemany("INSERT INTO meta VALUES (?, ?)", sorted(meta.items()))
        conn.commit()
        report("done", rows, rows)
        if path is None:
            return cls(conn)
        conn.close()
        os.replace(tmp, path)
        return cls(sqlite3.connect(f"file:{path}?mode=ro", uri=True, check_same_thread=False),
                   path)


def _stream(conn: sqlite3.Connection, sql: str, rows: Iterable[tuple]) -> None:
    batch = []
    for row in rows:
        batch.append(row)
        if len(batch) >= BATCH:
            conn.executemany(sql, batch)
            batch = []
    conn.executemany(sql, batch)


def _scored(needle: str, rows: list[tuple[str, str]]) -> dict[str, float]:
    """The best score of each IRI over its names in ``rows`` (see :meth:`LabelIndex.search`)."""
    from rapidfuzz import fuzz, process

    best: dict[str, float] = {}
    if not rows:
        return best
    hays = [name.casefold() for _, name in rows]
    fuzzy = process.cdist([needle], hays, scorer=fuzz.WRatio)[0]
    for (iri, _), hay, wr in zip(rows, hays, fuzzy):
        if hay == needle:
            score = 1.0
        elif hay.startswith(needle):
            score = 0.9
        elif needle in hay:
            score = 0.75
        else:
            score = float(wr) / 100 * 0.7
        if score > best.get(iri, 0.0):
            best[iri] = score
    return best


class ProgressBar:
    """A :data:`Progress` callback drawn by tqdm: to a terminal (``kgqa index``), or as a log
    line every ``every`` seconds (``kgqa serve``, whose log may be a file)."""

    def __init__(self, logger: logging.Logger | None = None, every: float = 5.0):
        self.logger = logger
        self.every = every
        self.bar = None
        self.stage = ""

    def write(self, text: str) -> None:   # tqdm's file, when logging
        text = text.strip("\r\n ")
        if text and self.logger is not None:
            self.logger.info("label index: %s", text)

    def flush(self) -> None:
        pass

    def __call__(self, stage: str, done: int, total: int | None) -> None:
        from tqdm import tqdm

        if stage != self.stage:
            self.close()
            self.stage = stage
            if stage == "done":
                return
            kwargs = dict(desc=f"label index: {stage}" if self.logger is None else stage,
                          total=total, unit=" names" if stage == "names" else " steps",
                          unit_scale=True, dynamic_ncols=self.logger is None)
            if total is None:   # a step without a count: its name and the time it takes
                kwargs["bar_format"] = "{desc} ({elapsed})"
            if self.logger is not None:
                kwargs.update(file=self, mininterval=self.every, ascii=True, ncols=80)
            self.bar = tqdm(**kwargs)
        if self.bar is not None and done > self.bar.n:
            self.bar.update(done - self.bar.n)

    def close(self) -> None:
        if self.bar is not None:
            self.bar.close()
            self.bar = None


def mark_dirty(path: Path) -> None:
    """Say in the index at ``path`` that the store is about to change (before the commit): a
    process that stops before the rebuild then never trusts it."""
    path = Path(path)
    if not path.is_file():
        return
    try:
        conn = sqlite3.connect(path)
        with conn:
            conn.execute("INSERT OR REPLACE INTO meta VALUES ('dirty', '1')")
        conn.close()
    except sqlite3.Error as exc:   # unreadable: it will not be trusted anyway
        log.warning("could not mark the label index at %s stale: %s", path, exc)


def _count(kg, where: str) -> int | None:
    try:
        res = kg.store.query(f"SELECT (COUNT(*) AS ?n) WHERE {{ {where} }}")
        for sol in res:
            return int(sol["n"].value)
    except Exception as exc:   # a count is for the progress bar only
        log.info("could not count the rows to index: %s", exc)
    return None


def _select(kg, variables: tuple[str, ...], where: str, *,
            distinct: bool = False) -> Iterator[tuple]:
    """Solutions of ``SELECT vars WHERE { where }`` as tuples of pyoxigraph terms, streamed: a
    store in this process yields them as it finds them; a remote endpoint is read in pages of
    :data:`PAGE` (LIMIT/OFFSET, without ORDER BY, which would sort everything for each page:
    Oxigraph and Virtuoso give one order for an unchanged dataset)."""
    head = ("SELECT DISTINCT " if distinct else "SELECT ") + " ".join(f"?{v}" for v in variables)
    sparql = f"{head} WHERE {{ {where} }}"
    store = kg.store
    if store.in_process:
        for sol in store.query(sparql):
            yield tuple(sol[v] for v in variables)
        return
    offset = 0
    while True:
        page = list(store.query(f"{sparql} LIMIT {PAGE} OFFSET {offset}"))
        for sol in page:
            yield tuple(sol[v] for v in variables)
        if len(page) < PAGE:
            return
        offset += PAGE
