"""The ``kgqa`` command line: a thin adapter over kgqa.graph, kgqa.qa and kgqa.service.

Every command takes ``--graph FILE`` (repeatable) and ``--store SPEC``; the other flags come from
the settings table (kgqa.settings.SETTINGS), and each has a ``KGQA_*`` environment variable.
Every kgqa error (:class:`kgqa.errors.KgqaError`) ends the command with exit status 1 (2 for
usage) and no traceback: one ``error: message`` line on stderr, or, for a command run with
``--json``, ``{"error": {"code": ..., "message": ...}}`` on stdout, where the results would go.
"""

from __future__ import annotations

import json
import logging
import os
import sys
from pathlib import Path

import click

from .errors import KgqaError
from .graph import KnowledgeGraph
from .settings import SETTINGS, Settings

_BY_NAME = {s.name: s for s in SETTINGS}


def setting_option(name: str, **extra):
    """A click option generated from the settings table (flag, help, type)."""
    s = _BY_NAME[name]
    if s.type is bool:
        return click.option(s.flag, name, is_flag=True, default=None, help=s.help, **extra)
    if s.type is tuple:
        return click.option(s.flag, name, multiple=True, type=click.Path(dir_okay=False),
                            help=s.help, **extra)
    return click.option(s.flag, name, type=s.type, default=None, show_default=False,
                        help=f"{s.help} [default: {s.default}]", **extra)


def graph_options(fn):
    for name in reversed(("graph", "store", "query_timeout", "result_limit")):
        fn = setting_option(name)(fn)
    return fn


def make_settings(**values) -> Settings:
    return Settings.from_mapping({k: v for k, v in values.items() if k in _BY_NAME},
                                 environ=os.environ)


_JSON_ERRORS = "kgqa.json_errors"  # ctx.meta key: the command runs with --json


def _remember_json(ctx: click.Context, _param, value: bool) -> bool:
    if value:
        ctx.meta[_JSON_ERRORS] = True  # meta is shared with the group's context
    return value


def json_option(help: str):
    """``--json``: results as JSON, and errors as ``{"error": {"code", "message"}}`` too."""
    return click.option("--json", "as_json", is_flag=True, is_eager=True, help=help,
                        callback=_remember_json)


def report_error(code: str, message: str) -> None:
    """Print one error the way the running command prints its results (JSON or a line)."""
    ctx = click.get_current_context(silent=True)
    if ctx is not None and ctx.meta.get(_JSON_ERRORS):
        click.echo(json.dumps({"error": {"code": code, "message": message}}, ensure_ascii=False))
    else:
        click.echo(f"error: {message}", err=True)


def fail(message: str, exit_code: int = 1, code: str = "bad_input"):
    report_error(code, message)
    sys.exit(exit_code)


class _Group(click.Group):
    """Turns the project's errors into one readable line (or JSON) and a non-zero exit."""

    def invoke(self, ctx):
        try:
            return super().invoke(ctx)
        except KgqaError as exc:
            fail(exc.message, code=exc.code)
        except ValueError as exc:  # a library's own complaint about the input
            fail(str(exc))


@click.group(cls=_Group)
@click.version_option(package_name="kgqa")
def main():
    """kgqa: sourced answers and a SPARQL 1.1 endpoint over RDF knowledge graphs."""


@main.command()
@click.argument("files", nargs=-1, type=click.Path(dir_okay=False))
@click.option("--shapes", multiple=True, type=click.Path(dir_okay=False),
              help="SHACL shapes file(s); default: the embedded kgqa shapes.")
@graph_options
def validate(files, shapes, **opts):
    """Validate FILES (or the configured graph) against SHACL shapes."""
    from . import ontology

    settings = make_settings(**opts)
    kg = (KnowledgeGraph.load(files, store=settings.store) if files
          else KnowledgeGraph.from_settings(settings))
    report = kg.validate(shapes or [ontology.SHAPES])
    click.echo(report.text)
    sys.exit(0 if report.conforms else 1)


@main.command()
@json_option("Print JSON instead of a table.")
@graph_options
def stats(as_json, **opts):
    """Counts of triples, entities, facts, sources and classes."""
    kg = KnowledgeGraph.from_settings(make_settings(**opts))
    st = kg.stats()
    if as_json:
        click.echo(json.dumps(st, indent=2))
        return
    for key in ("triples", "entities", "facts", "sources", "store"):
        click.echo(f"{key:<10} {st[key]}")
    click.echo("classes:")
    for c in st["classes"][:20]:
        click.echo(f"  {c['count']:>6}  {c['label']}")


@main.command()
@click.argument("query")
@click.option("--format", "fmt", default="table",
              type=click.Choice(["table", "json", "xml", "csv", "tsv", "turtle", "nt", "jsonld"]),
              help="Output format (turtle/nt/jsonld for CONSTRUCT and DESCRIBE).")
@graph_options
def sparql(query, fmt, **opts):
    """Run a read-only SPARQL QUERY (or @FILE to read it from a file)."""
    if query.startswith("@"):
        path = Path(query[1:])
        if not path.is_file():
            fail(f"query file not found: {path}", code="file_not_found")
        query = path.read_text()
    kg = KnowledgeGraph.from_settings(make_settings(**opts))
    res = kg.query(query)
    if fmt == "table":
        click.echo(res.to_table())
        return
    try:
        sys.stdout.buffer.write(res.serialize(fmt))
    except KgqaError as exc:  # --format does not fit the query form: a usage error
        fail(exc.message, 2, exc.code)
    if res.truncated:
        click.echo(f"warning: result cut at {kg.result_limit} rows (--result-limit)", err=True)


@main.command()
@click.option("--format", "fmt", default="turtle",
              type=click.Choice(["turtle", "nt", "nquads", "trig", "jsonld", "xml"]))
@click.option("--output", "-o", type=click.Path(dir_okay=False), help="Write here, not stdout.")
@graph_options
def export(fmt, output, **opts):
    """Write the whole graph in an RDF format."""
    kg = KnowledgeGraph.from_settings(make_settings(**opts))
    data = kg.export(fmt)
    if output:
        Path(output).write_bytes(data)
    else:
        sys.stdout.buffer.write(data)


@main.command()
@click.argument("question")
@json_option("Print the Answer as JSON.")
@click.option("--explain", is_flag=True,
              help="Print every stage as JSON: the parse, the links with scores, the top 5 "
                   "candidates with their score breakdown and SPARQL, and who answered.")
@graph_options
@setting_option("model")
@setting_option("device")
@setting_option("cache_dir")
@setting_option("max_question_chars")
def ask(question, as_json, explain, **opts):
    """Answer QUESTION from the graph; '-' reads one question per line from stdin."""
    from .qa import QAEngine

    settings = make_settings(**opts)
    engine = QAEngine(KnowledgeGraph.from_settings(settings), settings)
    questions = sys.stdin if question == "-" else [question]
    failed = False
    for line in questions:
        line = line.rstrip("\n")
        if question == "-" and not line.strip():
            continue
        try:
            if explain:
                click.echo(json.dumps(engine.explain(line), indent=2, ensure_ascii=False))
                continue
            ans = engine.ask(line)
        except KgqaError as exc:  # one bad line of a batch does not stop the others
            failed = True
            report_error(exc.code, exc.message)
            continue
        if as_json:
            click.echo(json.dumps(ans.to_dict(), ensure_ascii=False))
        else:
            click.echo(_render_answer(ans.to_dict()))
    sys.exit(1 if failed and question != "-" else 0)


def _render_answer(ans: dict) -> str:
    lines = [ans["answer"], ""]
    if ans["evidence"]:
        lines.append("Evidence:")
        for ev in ans["evidence"]:
            src = ev.get("source") or {}
            cite = ", ".join(x for x in (src.get("publisher"), src.get("title"), src.get("date"))
                             if x)
            status = f" [{src['status']}]" if src.get("status") else ""
            lines.append(f"  - {ev['statement']}" + (f"  ({cite}){status}" if cite else ""))
    lines.append(f"confidence: {ans['confidence']:.2f}")
    return "\n".join(lines)


@main.command(name="eval")
@click.argument("file", type=click.Path(exists=True, dir_okay=False))
@json_option("Print the report as JSON.")
@click.option("--sample", "sample_n", type=click.IntRange(min=1), default=None,
              help="Score a fixed, seeded sample of this many questions of a benchmark file.")
@click.option("--seed", type=int, default=0, show_default=True, help="Seed of --sample.")
@graph_options
@setting_option("model")
@setting_option("device")
@setting_option("cache_dir")
def eval_cmd(file, as_json, sample_n, seed, **opts):
    """Score the QA engine on a question set (JSON Lines) and print accuracy per kind.

    A benchmark file (``{"question", "answers", "hops"}`` per line) is scored by Hits@1,
    answer-set F1, abstention and wrong answers per hop count instead.
    """
    from .qa import QAEngine
    from .qa.evaluate import (evaluate, evaluate_benchmark, is_benchmark, load_questions,
                              sample)

    settings = make_settings(**opts)
    # Load the model and index first so the latency columns time answers, not start-up.
    engine = QAEngine(KnowledgeGraph.from_settings(settings), settings).warm()
    items = load_questions(file)
    if is_benchmark(items):
        report = evaluate_benchmark(engine, sample(items, sample_n, seed))
    else:
        report = evaluate(engine, file)
    click.echo(json.dumps(report.to_dict(), indent=2) if as_json else report.table())


@main.command()
@json_option("Print what was built as JSON.")
@click.option("--rebuild", is_flag=True, help="Build it anew even when the stored one is current.")
@graph_options
@setting_option("cache_dir")
def index(as_json, rebuild, **opts):
    """Build or refresh the label index of the configured store, with a progress bar.

    An oxigraph: store keeps it in its folder, a sparql: store in the cache folder; a memory
    store's is built in memory (so this only times it). `kgqa serve` builds a missing or stale
    one itself before it reports ready.
    """
    import time

    from .graph.label_index import ProgressBar

    kg = KnowledgeGraph.from_settings(make_settings(**opts))
    t0 = time.perf_counter()
    bar = ProgressBar()
    try:
        names = kg.label_index(progress=bar, rebuild=rebuild)
    finally:
        bar.close()
    out = {"store": kg.store.spec, "path": str(names.path) if names.path else None,
           "names": names.size, "triples": kg.triple_count(),
           "built": bar.stage != "", "seconds": round(time.perf_counter() - t0, 2)}
    if as_json:
        click.echo(json.dumps(out))
        return
    how = "built" if out["built"] else "up to date, reused"
    click.echo(f"label index {how}: {out['names']} names of {out['triples']} triples, "
               f"{out['seconds']} s, at {out['path'] or 'memory (a memory store keeps none)'}")


@main.command()
@graph_options
@setting_option("host")
@setting_option("port")
@setting_option("model")
@setting_option("device")
@setting_option("cache_dir")
@setting_option("allow_update")
@setting_option("update_token")
@setting_option("allow_service")
@setting_option("max_question_chars")
@setting_option("max_request_bytes")
@setting_option("log_level")
def serve(**opts):
    """Serve the chat UI, the SPARQL endpoint and the JSON API in one app."""
    import uvicorn

    from .service.app import create_app, startup_banner

    settings = make_settings(**opts)
    if settings.allow_update and not settings.update_token:
        fail("--allow-update needs --update-token (or KGQA_UPDATE_TOKEN): updates must carry it",
             code="bad_setting")
    # The server's own messages (the "ready" line once the warm-up question is answered) in
    # uvicorn's style; other libraries' loggers are left as they are.
    handler = logging.StreamHandler()
    handler.setFormatter(logging.Formatter("%(levelname)s:     %(message)s"))
    logging.getLogger("kgqa").addHandler(handler)
    logging.getLogger("kgqa").setLevel(settings.log_level.upper())
    app = create_app(settings, freeze_heap=True)
    click.echo(startup_banner(settings))
    uvicorn.run(app, host=settings.host, port=settings.port, log_level=settings.log_level)


if __name__ == "__main__":
    main()
