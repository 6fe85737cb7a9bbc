"""The kgqa command as a user runs it: a real subprocess, real files, real exit codes."""

from __future__ import annotations

import csv
import io
import json
import subprocess
import sys
from pathlib import Path

import pytest
import rdflib

KGQA = [str(Path(sys.executable).with_name("kgqa"))]


def run(*args, stdin: str | None = None, timeout: float = 120):
    return subprocess.run(KGQA + list(args), input=stdin, capture_output=True, text=True,
                          timeout=timeout)


@pytest.fixture()
def tiny(tmp_path) -> Path:
    path = tmp_path / "tiny.ttl"
    path.write_text('@prefix ex: <http://example.org/> .\n'
                    '@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .\n'
                    'ex:a rdfs:label "Alpha" ; ex:knows ex:b .\nex:b rdfs:label "Beta" .\n')
    return path


def test_sparql_csv_and_json(tiny):
    q = "SELECT ?l WHERE { ?s <http://www.w3.org/2000/01/rdf-schema#label> ?l } ORDER BY ?l"
    out = run("sparql", q, "--graph", str(tiny), "--format", "csv")
    assert out.returncode == 0, out.stderr
    assert [r["l"] for r in csv.DictReader(io.StringIO(out.stdout))] == ["Alpha", "Beta"]
    out = run("sparql", q, "--graph", str(tiny), "--format", "json")
    assert [b["l"]["value"] for b in json.loads(out.stdout)["results"]["bindings"]] == ["Alpha", "Beta"]


def test_sparql_from_file_and_construct_as_turtle(tiny, tmp_path):
    qfile = tmp_path / "q.rq"
    qfile.write_text("CONSTRUCT { ?s ?p ?o } WHERE { ?s ?p ?o }")
    out = run("sparql", f"@{qfile}", "--graph", str(tiny), "--format", "turtle")
    assert out.returncode == 0, out.stderr
    assert len(rdflib.Graph().parse(data=out.stdout, format="turtle")) == 3


def test_turtle_error_gives_file_line_column(tmp_path):
    bad = tmp_path / "bad.ttl"
    bad.write_text("<http://x/a> <http://x/b> <http://x/c> .\n<http://x/a> <http://x/b> .\n")
    out = run("stats", "--graph", str(bad))
    assert out.returncode == 1
    assert "bad.ttl, line 2, column" in out.stderr


def test_sparql_error_gives_position(tiny):
    out = run("sparql", "SELECT * WHERE { ?s ?p }", "--graph", str(tiny))
    assert out.returncode == 1 and "line 1, column" in out.stderr


def test_updates_are_refused_on_the_read_path(tiny):
    out = run("sparql", "DELETE WHERE { ?s ?p ?o }", "--graph", str(tiny))
    assert out.returncode == 1 and "update" in out.stderr


def test_export_round_trips(tiny, tmp_path):
    target = tmp_path / "out.nt"
    out = run("export", "--graph", str(tiny), "--format", "nt", "-o", str(target))
    assert out.returncode == 0, out.stderr
    assert len(rdflib.Graph().parse(target, format="nt")) == 3


def test_validate_default_graph_conforms():
    out = run("validate")
    assert out.returncode == 0, out.stdout + out.stderr
    assert "conforms" in out.stdout


def test_validate_reports_violations_readably(tmp_path):
    shapes = tmp_path / "shapes.ttl"
    shapes.write_text("@prefix sh: <http://www.w3.org/ns/shacl#> .\n"
                      "@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .\n"
                      "<http://x/S> a sh:NodeShape ; sh:targetSubjectsOf <http://x/p> ;\n"
                      "  sh:property [ sh:path rdfs:label ; sh:minCount 1 ;\n"
                      "                sh:message \"give it a label\" ] .\n")
    data = tmp_path / "d.ttl"
    data.write_text("<http://x/a> <http://x/p> <http://x/b> .\n")
    out = run("validate", str(data), "--shapes", str(shapes))
    assert out.returncode == 1
    assert "give it a label" in out.stdout and "http://x/a" in out.stdout


def test_stats_json(tiny):
    out = run("stats", "--graph", str(tiny), "--json")
    assert json.loads(out.stdout)["triples"] == 3


def test_unknown_store_is_a_usage_error(tiny):
    out = run("stats", "--store", "mongo:x")
    assert out.returncode == 1 and "oxigraph:PATH" in out.stderr


ANSWER_KEYS = {"answer", "entities", "evidence", "confidence", "abstained", "sparql", "timings",
               "answers"}


def test_ask_reads_questions_from_stdin_one_json_answer_per_line(tmp_path):
    questions = ["Who is the CEO of Microsoft?", "What is the capital of France?", "",
                 "When was Sam Altman removed as OpenAI's CEO?"]
    out = run("ask", "-", "--json", "--cache-dir", str(tmp_path / "cache"),
              stdin="\n".join(questions) + "\n", timeout=300)
    assert out.returncode == 0, out.stderr
    answers = [json.loads(line) for line in out.stdout.splitlines()]
    assert len(answers) == 3  # blank lines are skipped, order is kept
    assert all(set(a) == ANSWER_KEYS for a in answers)
    assert not answers[0]["abstained"] and answers[1]["abstained"]


def test_ask_too_long_question_is_a_clear_error():
    out = run("ask", "x" * 50, "--max-question-chars", "10")
    assert out.returncode == 1 and "max_question_chars" in out.stderr
