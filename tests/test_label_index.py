"""The label index (graph/label_index.py): names of a store in SQLite, persisted beside an
``oxigraph:`` store or in the cache folder for a ``sparql:`` one, trusted only while it matches
the store, and brought up to date by updates made through kgqa. Real stores throughout."""

from __future__ import annotations

import json
import subprocess
import sys
import time

import pytest

from kgqa import ontology
from kgqa.graph import KnowledgeGraph
from kgqa.graph import label_index as li
from kgqa.graph.factory import open_store
from kgqa.graph.knowledge_graph import ALT_PREDICATES, LABEL_PREDICATES, rdf_format
from kgqa.graph.label_index import LabelIndex, fold
from kgqa.settings import Settings

ID = "https://kgqa.dev/id/"


def _names_by_sparql(kg) -> set[tuple[str, str]]:
    """Every (IRI, name) the graph holds, by one SPARQL query: what the index must hold."""
    values = " ".join(f"<{p}>" for p in LABEL_PREDICATES + ALT_PREDICATES)
    rows = kg.query(f"SELECT ?s ?l WHERE {{ VALUES ?p {{ {values} }} ?s ?p ?l "
                    "FILTER(isLiteral(?l) && isIRI(?s)) }", limit=None).rows
    return {(str(r["s"]), str(r["l"])) for r in rows if fold(str(r["l"]))}


def _index_names(index) -> set[tuple[str, str]]:
    return {(iri, text) for iri, text, _ in index.rows() if not iri.startswith("_:")}


def test_holds_every_name_of_the_graph_with_its_folded_key(kg):
    index = kg.label_index()
    assert _index_names(index) == _names_by_sparql(kg)
    for iri, text, key in index.rows():
        assert key == fold(text)


def test_looks_up_folded_names_and_main_labels(kg):
    index = kg.label_index()
    some = sorted(_names_by_sparql(kg))[::50]
    for iri, text in some:
        assert (iri, text) in index.lookup(fold(text))
        # the main label is one of the resource's names, and the first of labels()
        assert index.labels(iri)[0] == index.label(iri)
        assert text in index.labels(iri)


def test_knows_what_each_labelled_resource_is(kg):
    index = kg.label_index()
    classes = {str(r["c"]) for r in kg.query("SELECT DISTINCT ?c WHERE { ?s a ?c }",
                                             limit=None).rows}
    predicates = {str(r["p"]) for r in kg.query("SELECT DISTINCT ?p WHERE { ?s ?p ?o }",
                                                limit=None).rows}
    assert index.classes == classes
    assert index.predicates == predicates
    for iri, _, _ in index.rows():
        kind = index.kind(iri)
        if iri in predicates:
            assert kind == "predicate"
        elif iri in classes:
            assert kind == "class"
        elif kg.is_fact(iri):
            assert kind == "fact"
    # autocomplete offers entities only: no class, property, fact node or source
    entities = {e.iri for e in kg.entities()}
    assert {i for i, _, _ in index.rows(("entity",))} == entities


@pytest.mark.parametrize("typed", ["OpenAI", "openai", "Sam Altm", "Micrsoft", "nadella"])
def test_search_on_a_large_index_agrees_with_the_full_scan(kg, monkeypatch, typed):
    """A large index searches candidates from its b-tree and trigram table instead of scoring
    every name; on the embedded graph both ways must give the same best hits."""
    index = kg.label_index()
    full = index.search(typed, limit=3)
    monkeypatch.setattr(li, "SEARCH_SCAN", 0)
    monkeypatch.setattr(li, "SMALL", 0)
    assert index.search(typed, limit=3)[:1] == full[:1]
    assert full, f"nothing found for {typed!r}"


def test_similar_keys_of_a_large_index_find_a_misspelled_name(kg, monkeypatch):
    index = kg.label_index()
    monkeypatch.setattr(li, "SMALL", 0)
    assert "microsoft" in index.similar_keys("micrsoft")
    assert "satya nadella" in index.similar_keys("satya nadela")


# ---- persisted beside an on-disk store, trusted only while current ----------------------------


def test_an_on_disk_store_keeps_its_index_and_reuses_it(tmp_path):
    settings = Settings(store=f"oxigraph:{tmp_path / 'db'}", cache_dir=str(tmp_path / "cache"))
    kg = KnowledgeGraph.from_settings(settings)
    path = kg.label_index_path()
    assert path == tmp_path / "db" / "kgqa-labels.sqlite"
    built = kg.label_index()
    assert built.path == path and path.is_file()
    before = _index_names(built)
    kg.close()
    del kg
    again = KnowledgeGraph.from_settings(settings)
    calls = []
    reused = again.label_index(progress=lambda *a: calls.append(a))
    assert calls == []                       # opened, not rebuilt
    assert _index_names(reused) == before
    again.close()


def test_a_stale_or_unfinished_index_is_rebuilt_not_trusted(tmp_path):
    kg = KnowledgeGraph.from_settings(Settings(store=f"oxigraph:{tmp_path / 'db'}"))
    path = kg.label_index_path()
    kg.label_index()
    spec = kg.store.spec
    count = str(kg.triple_count())
    assert LabelIndex.open(path, store=spec, fingerprint=count) is not None
    assert LabelIndex.open(path, store=spec, fingerprint="1") is None      # other content
    assert LabelIndex.open(path, store="oxigraph:/else", fingerprint=count) is None
    li.mark_dirty(path)                                                   # a change began
    assert LabelIndex.open(path, store=spec, fingerprint=count) is None
    path.write_bytes(b"not a database")
    assert LabelIndex.open(path, store=spec, fingerprint=count) is None
    kg.close()


def test_an_update_through_kgqa_brings_the_index_up_to_date(tmp_path):
    kg = KnowledgeGraph.from_settings(Settings(store=f"oxigraph:{tmp_path / 'db'}"))
    assert kg.label_index().lookup("a brand new name") == []
    kg.update(f'INSERT DATA {{ <{ID}OpenAI> <http://www.w3.org/2004/02/skos/core#altLabel> '
              '"A brand new name" }', validate=False)
    assert (f"{ID}OpenAI", "A brand new name") in kg.label_index().lookup("a brand new name")
    kg.update(f'DELETE DATA {{ <{ID}OpenAI> <http://www.w3.org/2004/02/skos/core#altLabel> '
              '"A brand new name" }', validate=False)
    assert kg.label_index().lookup("a brand new name") == []
    # and a process that opens the store afterwards trusts the index on disk
    path, count = kg.label_index_path(), str(kg.triple_count())
    kg.close()
    reopened = LabelIndex.open(path, store=f"oxigraph:{tmp_path / 'db'}", fingerprint=count)
    assert reopened is not None and reopened.lookup("a brand new name") == []


def test_a_large_index_is_refreshed_in_the_background_after_an_update(tmp_path, monkeypatch):
    import kgqa.graph.knowledge_graph as kgmod

    monkeypatch.setattr(kgmod, "SMALL_INDEX", 0)   # every index counts as large
    kg = KnowledgeGraph.from_settings(Settings(store=f"oxigraph:{tmp_path / 'db'}"))
    kg.label_index()
    kg.update(f'INSERT DATA {{ <{ID}OpenAI> <http://www.w3.org/2004/02/skos/core#altLabel> '
              '"Refreshed later" }', validate=False)
    kg.label_index()          # the previous index answers while the new one is built
    deadline = time.monotonic() + 60
    while not kg.label_index().lookup("refreshed later"):
        assert time.monotonic() < deadline, "the index was not refreshed within 60 s"
        time.sleep(0.1)
    kg.close()


# ---- a remote store: read in pages, kept in the cache folder ---------------------------------


def test_a_remote_store_is_indexed_in_pages_into_the_cache_folder(oxigraph_server, tmp_path,
                                                                  monkeypatch, kg):
    store = open_store(f"sparql:{oxigraph_server}/query")
    if len(store) == 0:
        for path in ontology.DEFAULT_GRAPH_FILES:
            store.load(path.read_bytes(), rdf_format(path), source=str(path))
    remote = KnowledgeGraph(store, index_dir=tmp_path)
    monkeypatch.setattr(li, "PAGE", 97)    # many pages, a short last one
    index = remote.label_index()
    assert index.path is not None and index.path.parent == tmp_path / "labels"
    assert _index_names(index) == _index_names(kg.label_index())
    assert index.classes == kg.label_index().classes
    # another process (or a restart) with the same endpoint and content reuses it
    again = KnowledgeGraph(open_store(f"sparql:{oxigraph_server}/query"), index_dir=tmp_path)
    calls = []
    again.label_index(progress=lambda *a: calls.append(a))
    assert calls == []


# ---- kgqa index ---------------------------------------------------------------------------------


def _cli(*args, cwd):
    return subprocess.run([sys.executable, "-c", "from kgqa.cli import main; main()", *args],
                          capture_output=True, text=True, timeout=300, cwd=cwd)


def test_kgqa_index_builds_then_reuses_the_index_of_an_on_disk_store(tmp_path):
    store = f"oxigraph:{tmp_path / 'db'}"
    first = _cli("index", "--store", store, "--json", cwd=tmp_path)
    assert first.returncode == 0, first.stderr
    built = json.loads(first.stdout.strip().splitlines()[-1])
    assert built["built"] is True and built["names"] > 100
    assert built["path"] == str(tmp_path / "db" / "kgqa-labels.sqlite")
    assert "names" in first.stderr          # the progress bar
    second = _cli("index", "--store", store, "--json", cwd=tmp_path)
    assert json.loads(second.stdout.strip().splitlines()[-1])["built"] is False
    forced = _cli("index", "--store", store, "--rebuild", cwd=tmp_path)
    assert forced.returncode == 0 and "label index built" in forced.stdout


def test_kgqa_index_names_an_unreachable_store_without_a_traceback(tmp_path):
    got = _cli("index", "--store", "sparql:http://127.0.0.1:9/query", cwd=tmp_path)
    assert got.returncode == 1
    assert got.stderr.startswith("error:") and "Traceback" not in got.stderr


def test_keeps_each_named_resources_types_and_comment(kg):
    """Autocomplete shows types and a comment without asking the store: the index holds them."""
    index = kg.label_index()
    entities = sorted(kg.entities(), key=lambda e: e.iri)[::25]
    types = index.types_of(e.iri for e in entities)
    comments = index.comments_of(e.iri for e in entities)
    for e in entities:
        assert types[e.iri] == kg.types(e.iri)
        held = {str(r["c"]) for r in kg.query(
            f"SELECT ?c WHERE {{ <{e.iri}> <http://www.w3.org/2000/01/rdf-schema#comment> ?c }}",
            limit=None).rows}
        assert (comments.get(e.iri) in held) if held else e.iri not in comments
