"""The Gradio web UI: chat with sourced answers, entity explorer, SPARQL console, graph stats.

:func:`build_ui` returns a ``gr.Blocks``; :func:`kgqa.service.app.create_app` mounts it at ``/``
beside ``/sparql`` and ``/api``. Nothing is built at import time. The UI only calls the
:class:`~kgqa.graph.KnowledgeGraph` and the QA engine; everything here is layout and formatting.

Every string that reaches the page is escaped here, whether a person typed it or it came from the
graph (RDF files are user input too): chat messages go through :func:`_md_text`, HTML through
:func:`html.escape`.
"""

from __future__ import annotations

import html
import re
import tempfile
import time
from pathlib import Path
from typing import Any

import gradio as gr
from rdflib import BNode, URIRef

from kgqa.examples import (_PREFIXES, EXAMPLE_QUERIES, EXAMPLE_QUESTIONS,  # noqa: F401
                           entities_by_degree, most_connected_entity, ui_examples)
from kgqa.graph import GraphError, KnowledgeGraph
from kgqa.graph.knowledge_graph import SOURCE_PREDICATES
from kgqa.qa.errors import QuestionError
from kgqa.graph.entity_view import entity_view
from kgqa.settings import Settings
from kgqa.ui_subgraph import (GRAPH_CSS, GRAPH_JS, answer_graph, neighbourhood_graph,
                               subgraph_svg)

MAX_EVIDENCE_SHOWN = 8

_SHORT = {"https://kgqa.dev/id/": "kg:", "https://kgqa.dev/ontology#": "kgqa:",
          "http://www.w3.org/2000/01/rdf-schema#": "rdfs:",
          "http://www.w3.org/1999/02/22-rdf-syntax-ns#": "rdf:",
          "http://purl.org/dc/terms/": "dcterms:", "http://www.w3.org/2002/07/owl#": "owl:"}
_SCHEMA_NS = ("http://www.w3.org/2002/07/owl#", "http://www.w3.org/2000/01/rdf-schema#",
              "http://www.w3.org/1999/02/22-rdf-syntax-ns#")
_MD_SPECIAL = re.compile(r"([\\`*_{}\[\]()#+!|~$-])")


# ---- escaping and small formatters ---------------------------------------------------------------

def _md_text(text: Any) -> str:
    """``text`` shown literally inside Markdown: HTML escaped, Markdown punctuation neutralised."""
    return _MD_SPECIAL.sub(r"\\\1", html.escape(str(text), quote=False))


def _clip(text: str, limit: int) -> str:
    """``text`` cut at a word boundary to about ``limit`` characters."""
    if len(text) <= limit:
        return text
    return text[:limit].rsplit(" ", 1)[0].rstrip(",;:") + "…"


def _link(title: str, url: str | None) -> str:
    if not url or not re.match(r"https?://", url):
        return _md_text(title)
    return f"[{_md_text(title)}](<{html.escape(url)}>)"


def _short(value: str) -> str:
    for ns, prefix in _SHORT.items():
        if value.startswith(ns):
            return prefix + value[len(ns):]
    return value


def cell_text(term: Any) -> str:
    if term is None:
        return ""
    if isinstance(term, URIRef):
        return _short(str(term))
    if isinstance(term, BNode):
        return f"_:{term}"
    return str(term)


def _status_badge(status: str | None) -> str:
    return (status or "status unknown").lower()


def _source_md(src: dict | None) -> str:
    """One source as Markdown lines: title (linked), publisher, date, tier, status."""
    if not src:
        return "_The graph names no source for this fact._"
    parts = [f"**Source:** {_link(src.get('title') or src.get('iri') or 'untitled', src.get('url'))}"]
    meta = [_md_text(v) for v in (src.get("publisher"), src.get("date")) if v]
    if src.get("tier"):
        meta.append(f"tier {_md_text(src['tier'])}")
    if meta:
        parts.append(" · ".join(meta))
    parts.append(f"**Status:** {_status_badge(src.get('status'))}")
    return "  \n".join(parts)


# ---- chat -----------------------------------------------------------------------------------------

def answer_messages(answer: dict) -> list[dict]:
    """The chat messages for one answer: the text with its confidence, then one collapsible
    block per piece of evidence (fact statement, source, date, link, status)."""
    conf = answer.get("confidence", 0.0)
    text = _md_text(answer["answer"])
    if answer.get("abstained"):
        text += "\n\n_The graph does not hold enough to answer this with confidence._"
    text += f"\n\n<sub>Confidence: {conf:.0%}</sub>"
    messages = [{"role": "assistant", "content": text}]
    evidence = answer.get("evidence", [])
    for ev in evidence[:MAX_EVIDENCE_SHOWN]:
        src = ev.get("source")
        status = _status_badge(src.get("status") if src else None)
        messages.append({
            "role": "assistant",
            "content": f"{_md_text(ev['statement'])}\n\n{_source_md(src)}",
            "metadata": {"title": f"Source ({status}): {_md_text(_clip(ev['statement'], 110))}",
                         "status": "done"},
        })
    if len(evidence) > MAX_EVIDENCE_SHOWN:
        messages.append({"role": "assistant", "content":
                         f"_…and {len(evidence) - MAX_EVIDENCE_SHOWN} more facts "
                         "(see the SPARQL tab or the JSON API)._"})
    return messages


def _details(kg: KnowledgeGraph, answers: list[dict], index: int | None):
    """Side panel for the chosen answer: confidence, timing, graph picture."""
    if index is None or not answers:
        return ("_Ask a question: the graph behind the answer appears here._",
                subgraph_svg({}, []))
    answer = answers[index]
    total = answer.get("timings", {}).get("total_ms")
    timing = f" · answered in {total:.0f} ms" if total is not None else ""
    head = (f"**Answer {index + 1} of {len(answers)}** · confidence "
            f"**{answer.get('confidence', 0):.0%}**{timing} · {len(answer.get('evidence', []))} "
            "facts")
    return head, answer_graph(kg, answer)


# ---- SPARQL ---------------------------------------------------------------------------------------

def pretty_sparql(query: str) -> str:
    """A one-line query broken into indented lines for the editor.

    Only braces and `` . `` outside string literals are touched (IRIs cannot hold braces), so
    the query means the same; queries that already have line breaks are returned unchanged.
    """
    if "\n" in query.strip():
        return query
    out, depth, quote, i = [], 0, None, 0
    while i < len(query):
        ch = query[i]
        if quote:
            out.append(ch)
            if ch == "\\":
                out.append(query[i + 1:i + 2])
                i += 1
            elif ch == quote:
                quote = None
        elif ch in "\"'":
            quote = ch
            out.append(ch)
        elif ch == "{":
            depth += 1
            out.append("{\n" + "  " * depth)
        elif ch == "}":
            depth = max(0, depth - 1)
            while out and not out[-1].strip():
                out.pop()
            if out:
                out[-1] = out[-1].rstrip()
            out.append("\n" + "  " * depth + "}")
        elif ch == "." and query[i - 1:i] == " " and query[i + 1:i + 2] == " ":
            out.append(".\n" + "  " * depth)
        else:
            if ch == " " and out and out[-1].endswith(("\n", " ")):
                i += 1
                continue  # no runs of spaces after a break we inserted
            out.append(ch)
        i += 1
    return "".join(out)


def run_sparql(kg: KnowledgeGraph, query: str, out_dir: Path):
    """Run ``query``; returns (status Markdown, table update, CSV path, JSON path)."""
    started = time.perf_counter()
    try:
        res = kg.query(query)
    except GraphError as exc:
        msg = f"**The query failed** ({type(exc).__name__}):\n\n```\n{exc}\n```"
        return msg, gr.update(value=[], headers=["(no result)"]), None, None
    ms = (time.perf_counter() - started) * 1000
    stamp = f"{int(time.time() * 1000)}"
    if res.kind == "select":
        headers = list(res.variables) or ["(no variables)"]
        rows = [[cell_text(r.get(v)) for v in res.variables] for r in res.rows]
        files = (("csv", "csv"), ("json", "srj.json"))
    elif res.kind == "ask":
        headers, rows = ["boolean"], [[str(res.boolean).lower()]]
        files = (("csv", "csv"), ("json", "srj.json"))
    else:
        headers = ["subject", "predicate", "object"]
        rows = [[cell_text(t) for t in triple] for triple in res.triples]
        files = (("nt", "nt"), ("jsonld", "jsonld"))
    paths = []
    for fmt, ext in files:
        path = out_dir / f"result-{stamp}.{ext}"
        path.write_bytes(res.serialize(fmt))
        paths.append(str(path))
    note = " (cut at the row limit)" if res.truncated else ""
    noun = "row" if len(rows) == 1 else "rows"
    status = f"{res.kind.upper()}: **{len(rows)}** {noun}{note} in {ms:.0f} ms"
    return status, gr.update(value=rows or [["" for _ in headers]], headers=headers), *paths


# ---- explore --------------------------------------------------------------------------------------

def entity_choices(kg: KnowledgeGraph) -> list[tuple[str, str]]:
    """(shown label, IRI) for every entity, for the explorer's autocomplete.

    The best-connected entities come first: the dropdown filters by substring and keeps this
    order, so typing "open" offers the organisation before a document that mentions it.
    """
    out = []
    for ent in entities_by_degree(kg):
        alts = [a for a in ent.alt_labels if a != ent.label][:3]
        out.append((ent.label + (f" ({', '.join(alts)})" if alts else ""), ent.iri))
    return out


def resolve_entity(kg: KnowledgeGraph, text: str | None) -> str | None:
    """An IRI from the autocomplete: the chosen IRI, or the best match for typed text."""
    if not text:
        return None
    if text.startswith(("http://", "https://", "urn:")):
        return text
    hits = kg.search_entities(text, limit=1)
    return hits[0][0].iri if hits else None


def explore(kg: KnowledgeGraph, text: str | None):
    """(header, facts rows, timeline Markdown, neighbours Markdown, graph SVG) for an entity."""
    iri = resolve_entity(kg, text)
    view = entity_view(kg, iri) if iri else None
    if view is None:
        msg = f"No entity matches {_md_text(text)!s}; try another name." if text else \
            "_Pick an entity to see its facts._"
        return msg, [], "", "", subgraph_svg({}, [])
    types = ", ".join(_md_text(t["label"]) for t in view["types"]) or "untyped"
    header = [f"## {_md_text(view['label'])}", f"_{types}_ · `{html.escape(iri)}`"]
    if view["alt_labels"]:
        header.append("Also called: " + ", ".join(_md_text(a) for a in view["alt_labels"]))
    if view["comment"]:
        header.append(_md_text(view["comment"]))

    rows = []
    for fact in view["facts"]:
        if fact["predicate"].get("iri") in SOURCE_PREDICATES:
            continue  # provenance shows in the source columns, not as a fact of its own
        src = fact["sources"][0] if fact["sources"] else None
        rows.append([view["label"], fact["predicate"]["label"], fact["object"]["label"],
                     *_source_cells(src)])
    for m in view["mentions"]:
        subject = m["subject"]
        # An n-ary fact node's label is the fact in words; its own sources back it.
        if subject.get("iri") and kg.is_fact(subject["iri"]):
            srcs = kg.provenance(subject["iri"])
            src = srcs[0].to_dict() if srcs else None
            rows.append([subject["label"], m["predicate"]["label"], view["label"],
                         *_source_cells(src)])
        else:
            srcs = kg.provenance(URIRef(subject["iri"]), URIRef(m["predicate"]["iri"]),
                                 URIRef(iri)) if subject.get("iri") else []
            rows.append([subject["label"], m["predicate"]["label"], view["label"],
                         *_source_cells(srcs[0].to_dict() if srcs else None)])

    # Only fact nodes are events; a dated source that mentions the entity is not.
    # A date note ("decided late on ...") is not a date: keep values that start with a year.
    events, seen = [], set()
    for e in view["events"]:
        node = e["node"].get("iri")
        if node and node not in seen and kg.is_fact(node) and re.match(r"-?\d{4}", e["date"]):
            seen.add(node)  # one line per fact, even when it names the entity in two roles
            events.append(e)
    timeline = "\n".join(f"- **{_md_text(e['date'])}**: {_md_text(e['node']['label'])} "
                         f"<sub>({_md_text(e['predicate'])})</sub>" for e in events)
    svg, near = neighbourhood_graph(kg, iri)
    neighbours = ", ".join(f"{_md_text(label)} <sub>({_md_text(rel)})</sub>" for label, rel in near)
    return ("\n\n".join(header), rows, timeline or "_No dated events mention this entity._",
            neighbours or "_No neighbours._", svg)


def _source_cells(src: dict | None) -> list[str]:
    if not src:
        return ["", "", "", ""]
    title = src.get("title") or src.get("iri") or ""
    url = src.get("url")
    # The table renders this column as Markdown, so a link is clickable; the title is escaped.
    linked = _link(title, url if url and re.match(r"https?://\S+$", url) else None)
    return [_status_badge(src.get("status")), linked, src.get("publisher") or "",
            src.get("date") or ""]


# ---- stats ----------------------------------------------------------------------------------------

_SOURCES_QUERY = _PREFIXES + """
SELECT ?s ?title ?publisher ?date ?url ?tier WHERE {
  ?s a kgqa:Source .
  OPTIONAL { ?s dcterms:title ?title }
  OPTIONAL { ?s dcterms:publisher ?p . OPTIONAL { ?p rdfs:label ?publisher } }
  OPTIONAL { ?s dcterms:date ?date }
  OPTIONAL { ?s <http://schema.org/url> ?url }
  OPTIONAL { ?s kgqa:reliabilityTier ?tier }
} ORDER BY ?tier DESC(?date)"""


def stats_view(kg: KnowledgeGraph):
    """(summary Markdown, class rows, source rows) for the Stats/About tab."""
    st = kg.stats()
    data_classes = [c for c in st["classes"] if not c["iri"] or not c["iri"].startswith(_SCHEMA_NS)]
    relations = [p for p in st["predicates"] if not p["iri"].startswith(_SCHEMA_NS)
                 and p["iri"] not in SOURCE_PREDICATES]
    summary = [
        "## What this graph covers",
        f"**{st['triples']:,}** triples · **{st['entities']:,}** entities · **{st['facts']:,}** "
        f"sourced facts · **{st['sources']:,}** sources · store `{html.escape(st['store'])}`",
        "Loaded from: " + (", ".join(f"`{html.escape(Path(p).name)}`" for p in st["loaded_from"])
                           or "_(nothing)_"),
        "Most used relations: " + ", ".join(f"{_md_text(p['label'])} ({p['count']})"
                                            for p in relations[:15]),
        "Answers come from this graph alone: no language model and no network. Every fact node "
        "carries its sources and a status (confirmed, reported, estimated or speculation).",
    ]
    classes = [[c["label"], c["count"], _short(c["iri"] or "")] for c in data_classes]
    try:
        res = kg.query(_SOURCES_QUERY)
        sources = [[cell_text(r.get("tier")),
                    _link(cell_text(r.get("title")) or cell_text(r.get("s")),
                          cell_text(r.get("url")) or None),
                    cell_text(r.get("publisher")), cell_text(r.get("date"))] for r in res.rows]
    except GraphError:  # e.g. a remote store that refuses the query; the tab still shows counts
        sources = []
    return "\n\n".join(summary), classes, sources


# ---- the Blocks -----------------------------------------------------------------------------------

def build_ui(kg: KnowledgeGraph, engine: Any, settings: Settings) -> gr.Blocks:
    """The Blocks with the Chat, Explore, SPARQL and About tabs, bound to ``kg`` and ``engine``.

    ``engine.ask(question, history)`` must return an object with ``to_dict()`` (see
    docs/DESIGN.md) and raise :class:`~kgqa.qa.errors.QuestionError` for questions it refuses.
    """
    out_dir = Path(tempfile.mkdtemp(prefix="kgqa-ui-"))
    intro, example_questions, example_queries = ui_examples(kg)

    with gr.Blocks(title="kgqa: questions over a knowledge graph", analytics_enabled=False) as ui:
        gr.Markdown("# kgqa\n" + html.escape(intro))
        history = gr.State([])        # raw {"role","content"} turns for the engine
        answers = gr.State([])        # answer dicts, in order
        msg_answer = gr.State([])     # chat message index -> answer index
        chosen = gr.State(None)       # index of the answer shown in the side panel

        with gr.Tabs(elem_id="kgqa-tabs") as tabs:
            with gr.Tab("Chat", id="chat", elem_id="tab-chat"):
                with gr.Row():
                    with gr.Column(scale=3):
                        chat = gr.Chatbot(elem_id="kgqa-chat", label="Conversation", height=520,
                                          allow_tags=False, buttons=["copy"],
                                          feedback_options=None, latex_delimiters=[],
                                          examples=[{"text": q} for q in example_questions[:3]],
                                          placeholder="Ask a question, or pick an example.")
                        with gr.Row():
                            question = gr.Textbox(elem_id="kgqa-question", show_label=False,
                                                  placeholder="Ask a question and press Enter",
                                                  max_length=settings.max_question_chars,
                                                  scale=5, submit_btn="Ask")
                            clear = gr.Button("New conversation", scale=1, size="sm")
                        gr.Examples(example_questions, inputs=[question], label="Examples")
                    with gr.Column(scale=2):
                        details = gr.Markdown("_Ask a question: the graph behind the answer "
                                              "appears here._", elem_id="kgqa-details")
                        show_sparql = gr.Button("Show SPARQL", elem_id="kgqa-show-sparql",
                                                size="sm", interactive=False)
                        chat_graph = gr.HTML(subgraph_svg({}, []), elem_id="kgqa-answer-graph",
                                             css_template=GRAPH_CSS, js_on_load=GRAPH_JS)
                        gr.Markdown("Drag nodes, scroll to zoom, drag the background to pan, "
                                    "click a node to highlight its links, double-click to "
                                    "reset. Click an answer in the chat to show its graph.",
                                    elem_classes="kgqa-small")

            with gr.Tab("Explore", id="explore", elem_id="tab-explore"):
                with gr.Row():
                    # The tab opens on the best-connected entity rather than an empty page.
                    picker = gr.Dropdown(choices=entity_choices(kg),
                                         value=most_connected_entity(kg),
                                         allow_custom_value=True, filterable=True,
                                         label="Entity", elem_id="kgqa-entity",
                                         info="Type to search names and aliases.", scale=4)
                    look = gr.Button("Show", scale=0, min_width=120)
                ent_header = gr.Markdown("_Pick an entity to see its facts._",
                                         elem_id="kgqa-entity-header")
                gr.Markdown("### Facts")
                ent_facts = gr.Dataframe(
                    headers=["subject", "relation", "object", "status", "source", "publisher",
                             "date"],
                    datatype=["str", "str", "str", "str", "markdown", "str", "str"],
                    interactive=False, wrap=True, elem_id="kgqa-entity-facts", max_height=420,
                    column_widths=["30%", "10%", "14%", "9%", "19%", "10%", "8%"])
                with gr.Row():
                    with gr.Column(scale=3):
                        gr.Markdown("### Neighbours")
                        ent_graph = gr.HTML(subgraph_svg({}, []), elem_id="kgqa-entity-graph",
                                            css_template=GRAPH_CSS, js_on_load=GRAPH_JS)
                        ent_neighbours = gr.Markdown(elem_classes="kgqa-small")
                    with gr.Column(scale=2):
                        gr.Markdown("### Timeline")
                        ent_timeline = gr.Markdown(elem_id="kgqa-entity-timeline",
                                                   max_height=560)

            with gr.Tab("SPARQL", id="sparql", elem_id="tab-sparql"):
                gr.Markdown("Run a query here, or open the full editor (YASGUI: tabs, syntax "
                            "check, autocompletion, charts) at "
                            '<a href="sparql" target="_blank" id="kgqa-yasgui-link">/sparql</a>;'
                            " scripts and other tools use the same URL as their endpoint.",
                            elem_classes="kgqa-small")
                first = next(iter(example_queries))
                example = gr.Dropdown(list(example_queries), value=first, label="Example queries",
                                      elem_id="kgqa-sparql-examples")
                editor = gr.Code(example_queries[first], language="sql", lines=12,
                                 interactive=True, label="SPARQL query (read-only)",
                                 elem_id="kgqa-sparql-editor")
                with gr.Row():
                    run = gr.Button("Run", variant="primary", elem_id="kgqa-sparql-run")
                    dl_csv = gr.DownloadButton("Download CSV", value=None, interactive=False,
                                               elem_id="kgqa-dl-csv")
                    dl_json = gr.DownloadButton("Download JSON", value=None, interactive=False,
                                                elem_id="kgqa-dl-json")
                run_status = gr.Markdown(elem_id="kgqa-sparql-status")
                results = gr.Dataframe(interactive=False, wrap=True, elem_id="kgqa-sparql-results",
                                       max_height=520)

            with gr.Tab("About", id="about", elem_id="tab-about"):
                about = gr.Markdown(elem_id="kgqa-about")
                with gr.Row():
                    with gr.Column():
                        gr.Markdown("### Things by class")
                        classes = gr.Dataframe(headers=["class", "count", "IRI"],
                                               interactive=False, elem_id="kgqa-classes")
                    with gr.Column():
                        gr.Markdown("### Sources")
                        sources = gr.Dataframe(headers=["tier", "title", "publisher", "date"],
                                               datatype=["str", "markdown", "str", "str"],
                                               interactive=False, wrap=True,
                                               elem_id="kgqa-sources")

        # ---- chat events ----
        def respond(text, chat_value, hist, ans, mapping):
            text = (text or "").strip()
            try:
                answer = engine.ask(text, history=list(hist)).to_dict()
            except QuestionError as exc:
                raise gr.Error(exc.message) from None
            # The chat shows the question escaped; the engine gets it exactly as typed.
            new_msgs = [{"role": "user", "content": _md_text(text)}, *answer_messages(answer)]
            chat_value = list(chat_value or []) + new_msgs
            ans = list(ans) + [answer]
            mapping = list(mapping) + [len(ans) - 1] * len(new_msgs)
            hist = list(hist) + [{"role": "user", "content": text},
                                 {"role": "assistant", "content": answer["answer"]}]
            index = len(ans) - 1
            head, svg = _details(kg, ans, index)
            return ("", chat_value, hist, ans, mapping, index, head, svg,
                    gr.update(interactive=bool(answer.get("sparql"))))

        chat_outputs = [question, chat, history, answers, msg_answer, chosen, details, chat_graph,
                        show_sparql]
        question.submit(respond, [question, chat, history, answers, msg_answer], chat_outputs)

        def from_example(evt: gr.SelectData, chat_value, hist, ans, mapping):
            return respond(evt.value["text"], chat_value, hist, ans, mapping)

        chat.example_select(from_example, [chat, history, answers, msg_answer], chat_outputs)

        def pick_answer(evt: gr.SelectData, ans, mapping):
            index = mapping[evt.index] if isinstance(evt.index, int) and evt.index < len(mapping) \
                else (len(ans) - 1 if ans else None)
            head, svg = _details(kg, ans, index)
            has_query = index is not None and bool(ans[index].get("sparql"))
            return index, head, svg, gr.update(interactive=has_query)

        chat.select(pick_answer, [answers, msg_answer], [chosen, details, chat_graph, show_sparql])

        def reset():
            head, svg = _details(kg, [], None)
            return [], [], [], [], None, head, svg, gr.update(interactive=False)

        clear.click(reset, None, [chat, history, answers, msg_answer, chosen, details, chat_graph,
                                  show_sparql])

        def open_sparql(ans, index):
            if index is None or not ans or not ans[index].get("sparql"):
                raise gr.Error("This answer has no SPARQL query to show.")
            return (gr.Tabs(selected="sparql"), pretty_sparql(ans[index]["sparql"]), None,
                    f"The query behind answer {index + 1}. Press **Run** to execute it.")

        show_sparql.click(open_sparql, [answers, chosen], [tabs, editor, example, run_status])

        # ---- explore events ----
        ent_outputs = [ent_header, ent_facts, ent_timeline, ent_neighbours, ent_graph]
        picker.input(lambda v: explore(kg, v), [picker], ent_outputs)
        look.click(lambda v: explore(kg, v), [picker], ent_outputs)

        def open_node(evt: gr.EventData):
            iri = getattr(evt, "iri", None) or (evt._data or {}).get("iri")
            return (gr.update(value=iri), *explore(kg, iri))

        ent_graph.node_click(open_node, None, [picker, *ent_outputs])

        # ---- SPARQL events ----
        example.input(lambda name: example_queries.get(name, ""), [example], [editor])

        def do_run(query):
            status, table, csv_path, json_path = run_sparql(kg, query or "", out_dir)
            return (status, table, gr.update(value=csv_path, interactive=csv_path is not None),
                    gr.update(value=json_path, interactive=json_path is not None))

        run.click(do_run, [editor], [run_status, results, dl_csv, dl_json])

        # ---- on page load: the About tab, and Explore on its opening entity ----
        def on_load():
            return (*stats_view(kg), *explore(kg, most_connected_entity(kg)))

        ui.load(on_load, None, [about, classes, sources, *ent_outputs])
    return ui


if __name__ == "__main__":  # dev convenience: python -m kgqa.ui (the product entry is `kgqa serve`)
    from kgqa.qa import QAEngine

    _settings = Settings()
    _kg = KnowledgeGraph.from_settings(_settings)
    build_ui(_kg, QAEngine(_kg, _settings), _settings).launch(server_name=_settings.host,
                                                              server_port=_settings.port)
