"""Interactive pictures of small subgraphs for the web UI: an inline SVG plus a little script.

No CDN and no JS library: networkx lays the nodes out (seeded, so a picture is stable), the SVG
carries ``<title>`` tooltips, and :data:`GRAPH_JS` (run by ``gr.HTML(js_on_load=...)``) adds zoom,
pan, node dragging and click-to-highlight. Every label is escaped: graph data is input too.
"""

from __future__ import annotations

import html
import itertools
import math

import networkx as nx

from kgqa.graph import KnowledgeGraph

MAX_GRAPH_NODES = 30
# Marker ids must be unique on the page: a marker inside a hidden tab does not render elsewhere.
_SVG_IDS = itertools.count(1)


# One script per graph component, run once when it mounts; it listens on the component's root, so
# it keeps working when a new SVG replaces the old one. Wheel zooms, dragging the background pans,
# dragging a node moves it with its edges, clicking a node highlights its neighbours and fires
# `node_click` (the explorer opens that entity), double-click resets the view.
GRAPH_JS = r"""
const ns = (svg) => svg;
let drag = null;
const pt = (svg, ev) => { const p = svg.createSVGPoint(); p.x = ev.clientX; p.y = ev.clientY;
  return p.matrixTransform(svg.getScreenCTM().inverse()); };
const curve = (e, svg) => {
  const a = svg.querySelector(`.kg-node[data-id="${e.dataset.s}"]`);
  const b = svg.querySelector(`.kg-node[data-id="${e.dataset.t}"]`);
  if (!a || !b) return;
  const x1 = +a.dataset.x, y1 = +a.dataset.y, x2 = +b.dataset.x, y2 = +b.dataset.y, k = +e.dataset.k;
  const dx = x2 - x1, dy = y2 - y1, len = Math.hypot(dx, dy) || 1;
  const cx = (x1 + x2) / 2 - dy / len * k, cy = (y1 + y2) / 2 + dx / len * k;
  e.querySelector('path').setAttribute('d', `M${x1},${y1} Q${cx},${cy} ${x2},${y2}`);
  const t = e.querySelector('text');
  t.setAttribute('x', (x1 + 2 * cx + x2) / 4); t.setAttribute('y', (y1 + 2 * cy + y2) / 4);
};
element.addEventListener('mousedown', (ev) => {
  const svg = ev.target.closest('svg.kg-graph'); if (!svg) return;
  const node = ev.target.closest('.kg-node');
  const vb = svg.viewBox.baseVal;
  drag = {svg, node, moved: false, x0: ev.clientX, y0: ev.clientY,
          vb: [vb.x, vb.y, vb.width, vb.height]};
  ev.preventDefault();
});
window.addEventListener('mousemove', (ev) => {
  if (!drag) return;
  if (Math.abs(ev.clientX - drag.x0) + Math.abs(ev.clientY - drag.y0) > 3) drag.moved = true;
  const svg = drag.svg;
  if (drag.node) {
    const p = pt(svg, ev), n = drag.node;
    n.dataset.x = p.x; n.dataset.y = p.y; n.setAttribute('transform', `translate(${p.x},${p.y})`);
    svg.querySelectorAll(`.kg-edge[data-s="${n.dataset.id}"], .kg-edge[data-t="${n.dataset.id}"]`)
       .forEach((e) => curve(e, svg));
  } else {
    const s = drag.vb[2] / svg.clientWidth;
    svg.setAttribute('viewBox', [drag.vb[0] - (ev.clientX - drag.x0) * s,
      drag.vb[1] - (ev.clientY - drag.y0) * s, drag.vb[2], drag.vb[3]].join(' '));
  }
});
window.addEventListener('mouseup', () => {
  if (drag && !drag.moved && drag.node) {
    const svg = drag.svg, id = drag.node.dataset.id, on = !drag.node.classList.contains('kg-hl');
    svg.querySelectorAll('.kg-hl').forEach((x) => x.classList.remove('kg-hl'));
    svg.classList.toggle('kg-focus', on);
    if (on) {
      drag.node.classList.add('kg-hl');
      svg.querySelectorAll(`.kg-edge[data-s="${id}"], .kg-edge[data-t="${id}"]`).forEach((e) => {
        e.classList.add('kg-hl');
        [e.dataset.s, e.dataset.t].forEach((m) =>
          svg.querySelector(`.kg-node[data-id="${m}"]`).classList.add('kg-hl'));
      });
      if (drag.node.dataset.iri) trigger('node_click', {iri: drag.node.dataset.iri});
    }
  }
  drag = null;
});
element.addEventListener('wheel', (ev) => {
  const svg = ev.target.closest('svg.kg-graph'); if (!svg) return;
  ev.preventDefault();
  const p = pt(svg, ev), vb = svg.viewBox.baseVal, f = ev.deltaY > 0 ? 1.15 : 1 / 1.15;
  svg.setAttribute('viewBox', [p.x - (p.x - vb.x) * f, p.y - (p.y - vb.y) * f,
                               vb.width * f, vb.height * f].join(' '));
}, {passive: false});
element.addEventListener('dblclick', (ev) => {
  const svg = ev.target.closest('svg.kg-graph');
  if (svg) svg.setAttribute('viewBox', svg.dataset.home);
});
"""

GRAPH_CSS = """
svg.kg-graph { width: 100%; height: 420px; background: var(--block-background-fill);
  border: 1px solid var(--border-color-primary); border-radius: 8px; cursor: grab;
  user-select: none; font-family: var(--font); }
.kg-node circle { fill: #6c8ebf; stroke: #fff; stroke-width: 1.5px; cursor: pointer; }
.kg-node.fact circle { fill: #d6b656; }
.kg-node.literal circle { fill: #aaa; }
.kg-node.focus circle { fill: #d9534f; }
.kg-node text { font-size: 13px; fill: var(--body-text-color); paint-order: stroke;
  stroke: var(--block-background-fill); stroke-width: 3px; pointer-events: none; }
.kg-edge path { fill: none; stroke: #999; stroke-width: 1.3px; }
.kg-edge text { font-size: 11px; fill: #777; text-anchor: middle; paint-order: stroke;
  stroke: var(--block-background-fill); stroke-width: 3px; }
.kg-node:hover circle { stroke: #333; stroke-width: 2.5px; }
.kg-edge:hover path { stroke: #333; stroke-width: 2.5px; }
svg.kg-focus .kg-node:not(.kg-hl), svg.kg-focus .kg-edge:not(.kg-hl) { opacity: 0.2; }
.kg-empty { padding: 1em; color: var(--body-text-color-subdued); }
"""


def subgraph_svg(nodes: dict[str, dict], edges: list[tuple[str, str, str]],
                 focus: set[str] = frozenset()) -> str:
    """An SVG picture of a small graph.

    ``nodes`` maps a node id to ``{"label", "iri"?, "kind"?}`` (kind: entity, fact, literal);
    ``edges`` are ``(source id, target id, label)``. Positions come from a seeded spring layout so
    the same answer always draws the same picture.
    """
    if not nodes:
        return "<div class='kg-empty'>Nothing to draw yet.</div>"
    g = nx.MultiDiGraph()
    g.add_nodes_from(nodes)
    g.add_edges_from((s, t) for s, t, _ in edges)
    width, height = 520.0, 420.0
    # Kamada-Kawai spreads the star shapes answers make (one hub, many facts) far better than a
    # spring layout, and is deterministic. It needs scipy, which sentence-transformers requires.
    pos = (nx.kamada_kawai_layout(nx.Graph(g)) if len(nodes) > 2
           else nx.spring_layout(nx.Graph(g), seed=7))
    xs, ys = [p[0] for p in pos.values()], [p[1] for p in pos.values()]
    span_x, span_y = (max(xs) - min(xs)) or 1.0, (max(ys) - min(ys)) or 1.0

    def place(n):
        x, y = pos[n]
        return (40 + (x - min(xs)) / span_x * (width - 150), 40 + (y - min(ys)) / span_y * (height - 80))

    ids = {n: f"n{i}" for i, n in enumerate(nodes)}
    xy = {n: place(n) for n in nodes}
    arrow = f"kg-arrow-{next(_SVG_IDS)}"
    out = [f'<svg class="kg-graph" role="img" aria-label="graph of {len(nodes)} nodes" '
           f'viewBox="0 0 {width:g} {height:g}" data-home="0 0 {width:g} {height:g}" '
           'xmlns="http://www.w3.org/2000/svg">',
           f'<defs><marker id="{arrow}" viewBox="0 0 10 10" refX="19" refY="5" markerWidth="7" '
           'markerHeight="7" orient="auto-start-reverse"><path d="M0,0 L10,5 L0,10 z" '
           'fill="#999"/></marker></defs>']
    seen: dict[tuple, int] = {}
    for s, t, label in edges:
        pair = tuple(sorted((s, t)))
        k_index = seen.get(pair, 0)
        seen[pair] = k_index + 1
        # Parallel edges between one pair bend apart so each label stays readable.
        k = (k_index + 1) // 2 * 28 * (1 if k_index % 2 else -1) if k_index else 0
        if s != pair[0]:
            k = -k
        (x1, y1), (x2, y2) = xy[s], xy[t]
        dx, dy = x2 - x1, y2 - y1
        length = math.hypot(dx, dy) or 1.0
        cx, cy = (x1 + x2) / 2 - dy / length * k, (y1 + y2) / 2 + dx / length * k
        lbl = html.escape(label)
        out.append(
            f'<g class="kg-edge" data-s="{ids[s]}" data-t="{ids[t]}" data-k="{k}">'
            f'<title>{html.escape(nodes[s]["label"])} — {lbl} → {html.escape(nodes[t]["label"])}'
            f'</title><path d="M{x1:.1f},{y1:.1f} Q{cx:.1f},{cy:.1f} {x2:.1f},{y2:.1f}" '
            f'marker-end="url(#{arrow})"/><text x="{(x1 + 2 * cx + x2) / 4:.1f}" '
            f'y="{(y1 + 2 * cy + y2) / 4:.1f}">{lbl}</text></g>')
    for n, info in nodes.items():
        x, y = xy[n]
        label = info["label"]
        limit = 24 if info.get("kind") == "fact" else 32  # facts are sentences; hover for all
        short = label if len(label) <= limit else label[:limit - 1] + "…"
        kind = info.get("kind", "entity") + (" focus" if n in focus else "")
        iri = info.get("iri")
        iri_attr = f' data-iri="{html.escape(iri)}"' if iri else ""
        tip = html.escape(label + (f"\n{iri}" if iri else ""))
        out.append(f'<g class="kg-node {kind}" data-id="{ids[n]}" data-x="{x:.1f}" data-y="{y:.1f}"'
                   f'{iri_attr} transform="translate({x:.1f},{y:.1f})"><title>{tip}</title>'
                   f'<circle r="{9 if kind.startswith("entity") else 7}"/>'
                   f'<text x="12" y="4">{html.escape(short)}</text></g>')
    out.append("</svg>")
    return "".join(out)


def answer_graph(kg: KnowledgeGraph, answer: dict) -> str:
    """The subgraph behind an answer: its evidence triples, or the links around its entities."""
    nodes: dict[str, dict] = {}
    edges: list[tuple[str, str, str]] = []

    def node(ref: dict) -> str:
        if ref.get("iri"):
            key = ref["iri"]
            kind = "fact" if kg.is_fact(key) else "entity"
            nodes.setdefault(key, {"label": ref.get("label") or kg.label(key), "iri": key,
                                   "kind": kind})
        else:
            key = "lit:" + str(ref.get("value"))
            nodes.setdefault(key, {"label": str(ref.get("label") or ref.get("value")),
                                   "kind": "literal"})
        return key

    net = kg.network(around=[r["iri"] for ev in answer.get("evidence", [])
                             for r in (ev["subject"], ev["object"]) if r.get("iri")]
                     + [e["iri"] for e in answer.get("entities", [])])
    for ev in answer.get("evidence", []):
        s, o = node(ev["subject"]), node(ev["object"])
        edge = (s, o, ev["predicate"].get("label") or ev["predicate"].get("iri", ""))
        if edge not in edges:
            edges.append(edge)
        # A fact node's other roles (who holds it, over whom) belong in the picture too.
        if nodes[s]["kind"] == "fact" and s in net:
            for _, t, data in net.out_edges(s, data=True):
                if len(nodes) < MAX_GRAPH_NODES and (s, t, data["label"]) not in edges:
                    node({"iri": t, "label": net.nodes[t]["label"]})
                    edges.append((s, t, data["label"]))
    focus = {e["iri"] for e in answer.get("entities", [])}
    if not edges and focus:
        for iri in focus:
            if iri in net:
                nodes.setdefault(iri, {"label": kg.label(iri), "iri": iri, "kind": "entity"})
                for _, t, data in list(net.out_edges(iri, data=True))[:MAX_GRAPH_NODES // 2]:
                    nodes.setdefault(t, {"label": net.nodes[t]["label"], "iri": t,
                                         "kind": "fact" if net.nodes[t].get("fact") else "entity"})
                    edges.append((iri, t, data["label"]))
    return subgraph_svg(nodes, edges, focus)


def neighbourhood_graph(kg: KnowledgeGraph, iri: str) -> tuple[str, list[tuple[str, str]]]:
    """The entity, the facts and entities one hop away, and through each fact the other parties.

    Returns the SVG and the neighbours as (label, relation) pairs.
    """
    net = kg.network(around=[iri])
    if iri not in net:
        return subgraph_svg({}, []), []
    nodes = {iri: {"label": kg.label(iri), "iri": iri, "kind": "entity"}}
    edges: list[tuple[str, str, str]] = []

    def add(n: str) -> bool:
        if n not in nodes:
            if len(nodes) >= MAX_GRAPH_NODES:
                return False
            nodes[n] = {"label": net.nodes[n]["label"], "iri": n,
                        "kind": "fact" if net.nodes[n].get("fact") else "entity"}
        return True

    hop = [(iri, t, d["label"]) for _, t, d in net.out_edges(iri, data=True)]
    hop += [(s, iri, d["label"]) for s, _, d in net.in_edges(iri, data=True)]
    # Named neighbours first, then facts, so a hub's picture is not all fact nodes.
    hop.sort(key=lambda e: bool(net.nodes[e[0] if e[1] == iri else e[1]].get("fact")))
    for s, t, label in hop:
        if add(s) and add(t):
            edges.append((s, t, label))
    # A fact node alone says little; its other parties complete the picture.
    for fact in [n for n, d in list(nodes.items()) if d["kind"] == "fact"]:
        for _, t, d in net.out_edges(fact, data=True):
            if t != iri and t in nodes:
                edges.append((fact, t, d["label"]))
    relation = {}
    for s, t, label in edges:
        for n in (s, t):
            if n != iri:
                relation.setdefault(n, label)
    neighbours = [(nodes[n]["label"], rel) for n, rel in relation.items()
                  if nodes[n]["kind"] != "fact"]
    return subgraph_svg(nodes, edges, {iri}), neighbours
