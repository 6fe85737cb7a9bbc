"""The SPARQL editor a browser gets at ``GET /sparql``: YASGUI, served by the app itself.

The YASGUI bundle (``@zazuko/yasgui``, see ``static/yasgui/LICENSE`` for the version) lives in
``static/yasgui`` and is served under ``/sparql/static``, so the page works offline and calls
nothing but this endpoint: the class and property autocompleters, which ask a web service, are
off, and the endpoint list offers only this endpoint. The page opens on the graph's first example
query (the chat UI's SPARQL tab offers the same ones), lists the others, and starts every new tab
with the graph's prefixes.
"""

from __future__ import annotations

import json
from pathlib import Path

from kgqa.examples import graph_prefixes, ui_examples
from kgqa.graph import KnowledgeGraph

STATIC_DIR = Path(__file__).resolve().parent / "static" / "yasgui"
STARTER_QUERY = "SELECT * WHERE {\n  ?s ?p ?o\n}\nLIMIT 10"


def editor_config(kg: KnowledgeGraph, endpoint: str) -> dict:
    """What the page needs from the graph: the endpoint URL, prefixes, example queries and the
    query a new tab starts with (the prefixes, then :data:`STARTER_QUERY`)."""
    prefixes = graph_prefixes(kg)
    examples = [{"name": name, "query": query} for name, query in ui_examples(kg)[2].items()]
    declared = "".join(f"PREFIX {p}: <{ns}>\n" for p, ns in prefixes.items())
    return {"endpoint": endpoint, "prefixes": prefixes, "examples": examples,
            "new_tab_query": declared + "\n" + STARTER_QUERY}


def editor_page(config: dict, asset_base: str, ui_url: str) -> str:
    """The HTML page; ``config`` from :func:`editor_config`, ``asset_base`` the URL the bundle
    is served under (ending in '/'), ``ui_url`` the chat UI's URL.

    Graph data reaches the page only as JSON inside a ``<script type="application/json">``
    (with ``<`` written as ``\\u003c``, so no label can close the tag) and is put into the page
    with ``textContent``, never as markup.
    """
    data = json.dumps(config, ensure_ascii=False).replace("<", "\\u003c")
    return _PAGE.replace("__ASSETS__", asset_base).replace("__UI__", ui_url) \
                .replace("__CONFIG__", data)


_PAGE = """<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>SPARQL editor · kgqa</title>
<link rel="stylesheet" href="__ASSETS__yasgui.min.css">
<style>
  body { margin: 0; font-family: system-ui, -apple-system, "Segoe UI", sans-serif; color: #1f2937; }
  header { display: flex; flex-wrap: wrap; gap: .5rem 1.25rem; align-items: center;
           padding: .6rem 1rem; border-bottom: 1px solid #e5e7eb; background: #f9fafb; }
  header h1 { font-size: 1.05rem; margin: 0; }
  header select, header button { font: inherit; padding: .2rem .4rem; }
  header a { color: #4338ca; }
  #yasgui { padding: 0 .5rem; }
</style>
</head>
<body>
<header>
  <h1>kgqa · SPARQL editor</h1>
  <label>Example query <select id="kgqa-examples"></select></label>
  <button type="button" id="kgqa-add-prefixes" title="Add the graph's PREFIX declarations to
  this query">Add the graph's prefixes</button>
  <a href="__UI__">Chat UI</a>
</header>
<div id="yasgui"></div>
<script id="kgqa-config" type="application/json">__CONFIG__</script>
<script src="__ASSETS__yasgui.min.js"></script>
<script>
(function () {
  const cfg = JSON.parse(document.getElementById("kgqa-config").textContent);
  Yasgui.Yasqe.defaults.value = cfg.new_tab_query;
  const yasgui = new Yasgui(document.getElementById("yasgui"), {
    requestConfig: { endpoint: cfg.endpoint, method: "POST" },
    copyEndpointOnNewTab: true,
    persistenceId: null,  // always open on this graph's examples, not a stale query
    endpointCatalogueOptions: { getData: () => [{ endpoint: cfg.endpoint }] },
    yasqe: { value: cfg.new_tab_query, autocompleters: ["prefixes", "variables"] },
    // The results table shortens IRIs with the graph's prefixes as well as the query's.
    yasr: { prefixes: cfg.prefixes },
  });
  const select = document.getElementById("kgqa-examples");
  cfg.examples.forEach((ex, i) => {
    const opt = document.createElement("option");
    opt.value = String(i);
    opt.textContent = ex.name;
    select.appendChild(opt);
  });
  const load = (i) => { if (cfg.examples[i]) yasgui.getTab().setQuery(cfg.examples[i].query); };
  select.addEventListener("change", () => load(Number(select.value)));
  document.getElementById("kgqa-add-prefixes").addEventListener("click", () => {
    yasgui.getTab().getYasqe().addPrefixes(cfg.prefixes);
  });
  load(0);
  window.kgqaYasgui = yasgui;
})();
</script>
</body>
</html>
"""
