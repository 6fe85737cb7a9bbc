"""The ``kgqa`` command line: a thin adapter over kgqa.graph, kgqa.qa and kgqa.service.

Every command takes ``--graph FILE`` (repeatable) and ``--store SPEC``; the other flags come from
the settings table (kgqa.settings.SETTINGS), and each has a ``KGQA_*`` environment variable.
Errors print one line naming what to fix and exit non-zero (1 for bad input, 2 for usage).
"""

from __future__ import annotations

import json
import logging
import os
import sys
from pathlib import Path

import click

from .graph import GraphError, KnowledgeGraph
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


def fail(message: str, code: int = 1):
    click.echo(f"error: {message}", err=True)
    sys.exit(code)


class _Group(click.Group):
    """Turns the project's errors into one readable line and a non-zero exit."""

    def invoke(self, ctx):
        try:
            return super().invoke(ctx)
        except GraphError as exc:
            fail(exc.message)
        except ValueError as exc:
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
@click.option("--json", "as_json", is_flag=True, help="Print JSON instead of a table.")
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
            fail(f"query file not found: {path}")
        query = path.read_text()
    kg = KnowledgeGraph.from_settings(make_settings(**opts))
    res = kg.query(query)
    if fmt == "table":
        click.echo(res.to_table())
        return
    try:
        sys.stdout.buffer.write(res.serialize(fmt))
    except ValueError as exc:
        fail(str(exc), 2)
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
@click.option("--json", "as_json", is_flag=True, help="Print the Answer as JSON.")
@graph_options
@setting_option("model")
@setting_option("device")
@setting_option("cache_dir")
@setting_option("max_question_chars")
def ask(question, as_json, **opts):
    """Answer QUESTION from the graph; '-' reads one question per line from stdin."""
    from .qa import QAEngine, QuestionError

    settings = make_settings(**opts)
    engine = QAEngine(KnowledgeGraph.from_settings(settings), settings)
    questions = sys.stdin if question == "-" else [question]
    failed = False
    for line in questions:
        line = line.rstrip("\n")
        if question == "-" and not line.strip():
            continue
        try:
            ans = engine.ask(line)
        except QuestionError as exc:
            failed = True
            if as_json:
                click.echo(json.dumps({"error": {"code": exc.code, "message": str(exc)}}))
            else:
                click.echo(f"error: {exc}", err=True)
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
@click.option("--json", "as_json", is_flag=True, help="Print the report as JSON.")
@graph_options
@setting_option("model")
@setting_option("device")
@setting_option("cache_dir")
def eval_cmd(file, as_json, **opts):
    """Score the QA engine on a question set (JSON Lines) and print accuracy per kind."""
    from .qa import QAEngine
    from .qa.evaluate import evaluate

    settings = make_settings(**opts)
    # Load the model and index first so the latency columns time answers, not start-up.
    engine = QAEngine(KnowledgeGraph.from_settings(settings), settings).warm()
    report = evaluate(engine, file)
    click.echo(json.dumps(report.to_dict(), indent=2) if as_json else report.table())


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
        fail("--allow-update needs --update-token (or KGQA_UPDATE_TOKEN): updates must carry it")
    # The server's own messages (the "ready" line once the warm-up question is answered) in
    # uvicorn's style; other libraries' loggers are left as they are.
    handler = logging.StreamHandler()
    handler.setFormatter(logging.Formatter("%(levelname)s:     %(message)s"))
    logging.getLogger("kgqa").addHandler(handler)
    logging.getLogger("kgqa").setLevel(settings.log_level.upper())
    app = create_app(settings)
    click.echo(startup_banner(settings))
    uvicorn.run(app, host=settings.host, port=settings.port, log_level=settings.log_level)


if __name__ == "__main__":
    main()
