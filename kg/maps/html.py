"""networkx graph → one self-contained HTML file that opens offline from a file:// URL.

pyvis is the model, our template is the renderer. :func:`pyvis_network` puts every node and edge
into a ``pyvis.network.Network`` (``add_node``/``add_edge``) with its options, and
:func:`render_html` takes the data back out with ``Network.get_network_data()`` and feeds it to
``PAGE``. pyvis 0.3.2's own renderers are not used (/work/shared/PITFALLS.md):

- ``write_html``/``generate_html`` load vis-network or Bootstrap from a CDN in every mode
  (pyvis#228, #229), so no page they make opens offline; ``PAGE`` inlines vis-network's
  standalone build instead (kg/maps/assets).
- ``write_html`` writes without an encoding (breaks on Windows) and copies ``lib/`` into the
  current directory; we return text that callers write as UTF-8.
- ``select_menu`` garbles CJK (pyvis#246) and ``filter_menu`` shares its template: neither is used.
- pyvis's template puts ``title`` strings into the page where vis-network may read them as HTML.
  Here every text that came from a document travels as JSON data inside a
  ``<script type="application/json">`` block with ``<``, ``>`` and ``&`` escaped, so no printed
  text can close the script; tooltips are plain strings, which vis-network 9 shows with
  ``innerText``; the legend is escaped HTML.

Two pyvis traps are avoided in how the model is filled. ``Network.set_options`` deletes every
space of its JSON string, values included (our CJK font face ``"Noto Sans CJK SC"`` would become
``NotoSansCJKSC``), so the options dict is assigned to ``Network.options``, which
``get_network_data`` also accepts. An undirected ``Network`` compares each new edge with every
edge already added (quadratic: 30,000 edges) and drops a reversed pair, so the network is always
``directed`` and each edge states its arrows (``""`` for none, which vis-network reads as none).
``add_edge`` still looks both ends up in a list: on 6,000 nodes / 33,000 edges (bench/bench_maps.py
--scale 50) rendering went from 0.6 s to 2.3 s, the price of keeping pyvis as the model.

Positions are computed here (seeded, so a map is the same on every run) and vis-network's physics
runs a bounded number of iterations from them, then is switched off: with physics left on, about
1,500 nodes took minutes to settle (pyvis#204). Above ``PHYSICS_LIMIT`` nodes physics never
starts. ``window.__kgReady`` is set after the first draw once physics has stopped, for tests and
benchmarks.
"""
from __future__ import annotations

import html as html_lib
import json
import math
from functools import lru_cache
from importlib import resources

import networkx as nx
from pyvis.network import Network

from . import styles

SEED = 7
# Node attributes passed on to vis-network; the rest (counts, ids) stay in the networkx graph.
NODE_KEYS = ("label", "title", "color", "size", "shape", "borderWidth")
EDGE_KEYS = ("title", "color", "width", "dashes", "arrows")
SMALL_COMPONENT = 500  # above this a component is laid out in rings, not by spring forces
LARGE_GRAPH = 1000  # above this straight edges and fewer physics iterations
# Above this, no physics at all: on 6,000 nodes / 33,000 edges one barnesHut iteration cost
# ~0.3 s in headless chromium (bench/bench_maps.py), so the Python positions are final.
PHYSICS_LIMIT = 3000


@lru_cache(maxsize=1)
def vis_network_js() -> str:
    """The bundled vis-network standalone build (it injects its own CSS)."""
    return resources.files("kg.maps").joinpath("assets/vis-network.min.js").read_text("utf-8")


def script_json(value) -> str:
    """JSON safe inside a <script> element: ``<``, ``>`` and ``&`` become \\u escapes."""
    text = json.dumps(value, ensure_ascii=False, separators=(",", ":"))
    return (text.replace("&", "\\u0026").replace("<", "\\u003c").replace(">", "\\u003e")
            .replace("\u2028", "\\u2028").replace("\u2029", "\\u2029"))


def layout(graph: nx.Graph, seed: int = SEED) -> dict:
    """Seeded positions: each connected component laid out alone, components packed on a grid.

    Laying out components separately keeps the cost near the sum of squared component sizes
    instead of the square of the whole graph, and stops small islands flying off.
    """
    undirected = graph.to_undirected(as_view=True) if graph.is_directed() else graph
    components = sorted(nx.connected_components(undirected), key=lambda c: (-len(c), min(map(str, c))))
    positions: dict = {}
    cells = [(_component_layout(graph.subgraph(c), seed), len(c)) for c in components]
    cursor_x = cursor_y = row_height = 0.0
    radii = [90 * math.sqrt(n) + 40 for _, n in cells]
    row_width = max(math.sqrt(sum(n for _, n in cells)) * 120, 3.2 * max(radii, default=0), 600)
    for (pos, _), radius in zip(cells, radii, strict=True):
        if cursor_x + 2 * radius > row_width and cursor_x > 0:
            cursor_x, cursor_y, row_height = 0.0, cursor_y + row_height, 0.0
        for node, (x, y) in pos.items():
            positions[node] = (cursor_x + radius + x * radius * 0.9, cursor_y + radius + y * radius * 0.9)
        cursor_x += 2 * radius
        row_height = max(row_height, 2 * radius)
    return positions


def _component_layout(component: nx.Graph, seed: int) -> dict:
    nodes = sorted(component.nodes, key=str)
    if len(nodes) == 1:
        return {nodes[0]: (0.0, 0.0)}
    ordered = nx.Graph()
    ordered.add_nodes_from(nodes)
    ordered.add_edges_from((a, b) for a, b in component.edges)
    if len(nodes) <= SMALL_COMPONENT:
        return nx.spring_layout(ordered, seed=seed, iterations=50)
    return _shell_by_distance(ordered)


def _shell_by_distance(component: nx.Graph) -> dict:
    """Rings of breadth-first distance from the best-connected node: linear time.

    spring_layout took 55 s on one 6,000-node component (bench/bench_maps.py); rings cost
    nothing, and vis-network's bounded physics run then loosens them.
    """
    hub = max(component.nodes, key=lambda n: (component.degree(n), str(n)))
    layers: dict[int, list] = {}
    for node, distance in nx.single_source_shortest_path_length(component, hub).items():
        layers.setdefault(distance, []).append(node)
    shells = [sorted(layers[d], key=str) for d in sorted(layers)]
    return nx.shell_layout(component, nlist=shells)


def pyvis_network(graph: nx.Graph, positions: dict) -> Network:
    """The pyvis model of a map: nodes at their positions (ids as strings), edges, options.

    Args:
        graph: a map graph; only ``NODE_KEYS`` and ``EDGE_KEYS`` attributes reach vis-network.
        positions: node → (x, y), as made by :func:`layout`.

    Returns:
        A ``pyvis.network.Network`` whose nodes, edges and options are the page's data.
    """
    net = Network(directed=True)  # why always directed: see the module docstring
    for node, attrs in graph.nodes(data=True):
        x, y = positions[node]
        net.add_node(str(node), **{k: attrs[k] for k in NODE_KEYS if k in attrs},
                     x=round(x, 1), y=round(y, 1))
    for index, (a, b, attrs) in enumerate(graph.edges(data=True)):
        item = {k: attrs[k] for k in EDGE_KEYS if k in attrs}
        item.setdefault("arrows", _arrows(graph, attrs))
        net.add_edge(str(a), str(b), id=f"e{index}", **item)
    net.options = vis_options(graph.number_of_nodes())
    return net


def _arrows(graph: nx.Graph, attrs: dict) -> str:
    """Duty → agency edges of directed maps point at the agency; other edges have no arrow."""
    return "to" if graph.is_directed() and attrs.get("role") in ("lead", "co") else ""


def network_data(net: Network) -> tuple[dict, dict]:
    """The ``{"nodes", "edges"}`` data and the options dict held by a pyvis ``Network``."""
    nodes, edges, _heading, _height, _width, options = net.get_network_data()
    return {"nodes": nodes, "edges": edges}, json.loads(options)


def vis_options(n_nodes: int) -> dict:
    """vis-network options: CJK font face, bounded stabilisation, cheaper drawing when large."""
    large = n_nodes > LARGE_GRAPH
    return {
        "autoResize": True,
        "layout": {"improvedLayout": False, "randomSeed": SEED},
        "nodes": {"font": {"face": styles.CJK_FONT_FACE, "size": 14}, "borderWidth": 1},
        "edges": {"smooth": False if large else {"type": "continuous"},
                  "color": {"inherit": False}},
        "physics": {
            "enabled": n_nodes <= PHYSICS_LIMIT, "solver": "barnesHut",
            "barnesHut": {"gravitationalConstant": -3000, "springLength": 160, "avoidOverlap": 0.5},
            "stabilization": {"enabled": True, "iterations": _iterations(n_nodes),
                              "updateInterval": 25, "fit": True},
        },
        "interaction": {"hover": True, "tooltipDelay": 150, "hideEdgesOnDrag": large},
    }


def _iterations(n_nodes: int) -> int:
    """Stabilisation iterations: fewer as graphs grow, so opening stays within seconds."""
    return 200 if n_nodes <= LARGE_GRAPH else 60


def legend_html(title: str, legend: list[dict], n_nodes: int, n_edges: int) -> str:
    """The legend overlay; every text is HTML-escaped."""
    rows = []
    for entry in legend:
        color = html_lib.escape(entry["color"], quote=True)
        mark = {"dot": f'<span class="kg-dot" style="background:{color}"></span>',
                "line": f'<span class="kg-line" style="border-top:3px solid {color}"></span>',
                "dash": f'<span class="kg-line" style="border-top:2px dashed {color}"></span>'}
        rows.append(f'<div class="kg-row">{mark.get(entry["shape"], mark["dot"])}'
                    f"{html_lib.escape(entry['label'])}</div>")
    return (f'<div id="kg-legend"><div class="kg-title">{html_lib.escape(title)}</div>'
            f'<div class="kg-count">{n_nodes} 节点 nodes · {n_edges} 连线 edges</div>'
            + "".join(rows) + "</div>")


PAGE = """<!DOCTYPE html>
<html lang="zh-CN">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="generator" content="kg.maps">
<title>{title}</title>
<style>
html, body {{ margin: 0; height: 100%; font-family: {font}; background: #ffffff; }}
#kg-network {{ position: absolute; inset: 0; }}
#kg-legend {{ position: absolute; top: 8px; left: 8px; z-index: 10; background: rgba(255,255,255,.92);
  border: 1px solid #ccc; border-radius: 4px; padding: 6px 10px; font-size: 13px; max-width: 22em; }}
#kg-legend .kg-title {{ font-weight: bold; margin-bottom: 2px; }}
#kg-legend .kg-count {{ color: #666; margin-bottom: 4px; }}
#kg-legend .kg-row {{ margin: 2px 0; white-space: nowrap; }}
.kg-dot {{ display: inline-block; width: 11px; height: 11px; border-radius: 50%; margin-right: 6px;
  vertical-align: middle; }}
.kg-line {{ display: inline-block; width: 24px; margin-right: 6px; vertical-align: middle; }}
body div.vis-tooltip {{ white-space: pre-wrap; max-width: 36em; font-family: {font}; font-size: 13px; }}
</style>
</head>
<body>
<div id="kg-network"></div>
{legend}
<script type="application/json" id="kg-data">{data}</script>
<script type="application/json" id="kg-options">{options}</script>
<script>{vis}</script>
<script>
(function () {{
  "use strict";
  var data = JSON.parse(document.getElementById("kg-data").textContent);
  var options = JSON.parse(document.getElementById("kg-options").textContent);
  var container = document.getElementById("kg-network");
  var network = new vis.Network(container, {{}}, options);
  window.__kgNetwork = network;
  function markReady() {{
    network.once("afterDrawing", function () {{
      window.__kgStats = {{ nodes: data.nodes.length, edges: data.edges.length }};
      window.__kgReady = true;
    }});
    network.redraw();
  }}
  network.once("stabilizationIterationsDone", function () {{
    network.setOptions({{ physics: false }});
    markReady();
  }});
  network.setData({{ nodes: new vis.DataSet(data.nodes), edges: new vis.DataSet(data.edges) }});
  if (data.nodes.length === 0 || !options.physics.enabled) {{ markReady(); }}
}})();
</script>
</body>
</html>
"""


def render_html(graph: nx.Graph, title: str | None = None, seed: int = SEED) -> str:
    """Render a map graph as one offline HTML page.

    Args:
        graph: a graph from one of the map builders (``graph.graph`` may hold title and legend).
        title: page title; defaults to ``graph.graph["title"]``.
        seed: layout seed.

    Returns:
        The HTML text; write it as UTF-8.
    """
    title = title or graph.graph.get("title") or "kg map"
    data, options = network_data(pyvis_network(graph, layout(graph, seed)))
    return PAGE.format(
        title=html_lib.escape(title), font=styles.CJK_FONT_FACE,
        legend=legend_html(title, graph.graph.get("legend", []), len(data["nodes"]), len(data["edges"])),
        data=script_json(data), options=script_json(options),
        vis=vis_network_js(),
    )


def embedded_data(page: str, block: str = "kg-data") -> dict:
    """A JSON block of a page made by :func:`render_html`: ``kg-data`` (nodes and edges) or
    ``kg-options`` (for tests, notebooks)."""
    start = page.index(f'<script type="application/json" id="{block}">')
    start = page.index(">", start) + 1
    return json.loads(page[start: page.index("</script>", start)])
