"""networkx graph → one self-contained HTML file that opens offline from a file:// URL.

pyvis is the model, our template is the renderer. :func:`pyvis_network` puts every node and edge
into a ``pyvis.network.Network`` (``add_node``/``add_edge``) with its options, and
:func:`render_html` takes the data back out with ``Network.get_network_data()`` and feeds it to
``PAGE``. pyvis 0.3.2's own renderers are not used (its CDN and encoding traps, WestHealth/pyvis#228, #229):

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

Positions come from :mod:`kg.maps.layout` (seeded, so a map is the same on every run); vis-network's
physics never runs (about 1,500 nodes took minutes to settle, pyvis#204). The page's script
(``assets/kg-map.js``) maps the visible nodes onto the screen at scale 1, so a font size is a
pixel size, and sets ``window.__kgReady`` and ``window.__kgLabelPx`` after the first draw.
The page itself (toolbar, legend, panel) is :mod:`kg.maps.page`.
"""
from __future__ import annotations

import json

import networkx as nx
from pyvis.network import Network

from . import page, styles
from .layout import SEED, layout
from .page import script_json  # noqa: F401 - re-exported: tests and notebooks read pages with it

# Node attributes passed on to the page; the rest (counts, examples) stay in the networkx graph.
NODE_KEYS = ("label", "title", "color", "size", "shape", "borderWidth", "shapeProperties", "node_type",
             "kind", "jur", "name", "summary", "duties", "rank", "search", "doc", "parent")
EDGE_KEYS = ("title", "color", "width", "dashes", "arrows", "duties", "role")
LARGE_GRAPH = 1000  # above this edges hide while dragging


def vis_network_js() -> str:
    """The bundled vis-network standalone build (it injects its own CSS)."""
    return page.asset("vis-network.min.js")


PAGE_EDGE_LIMIT = 6000  # edges a page carries: on 5,000 agencies / 40,000 edges (bench/bench_maps.py
# --scale 71) pyvis's add_edge alone took 10 s and vis-network's DataSet another 10 s, and no
# screen shows more than a few thousand edges legibly; the graph and its GEXF keep them all.


def page_edges(graph: nx.Graph, limit: int = PAGE_EDGE_LIMIT) -> list[tuple]:
    """The edges a page draws: all of them, or the ``limit`` strongest (most shared duties)."""
    edges = list(graph.edges(data=True))
    if len(edges) <= limit:
        return edges
    order = sorted(range(len(edges)), key=lambda i: (-edges[i][2].get("shared_duties", 0), i))
    return [edges[i] for i in sorted(order[:limit])]


def pyvis_network(graph: nx.Graph, positions: dict, edges: list[tuple] | None = None) -> Network:
    """The pyvis model of a map: nodes at their positions (ids as strings), edges, options.

    Args:
        graph: a map graph; only ``NODE_KEYS`` and ``EDGE_KEYS`` attributes reach vis-network.
        positions: node → (x, y), as made by :func:`layout`.
        edges: the edges to carry, default all (see :func:`page_edges`).

    Returns:
        A ``pyvis.network.Network`` whose nodes, edges and options are the page's data.
    """
    net = Network(directed=True)  # why always directed: see the module docstring
    for node, attrs in graph.nodes(data=True):
        x, y = positions[node]
        net.add_node(str(node), **{k: attrs[k] for k in NODE_KEYS if k in attrs},
                     x=round(float(x), 1), y=round(float(y), 1))
    for index, (a, b, attrs) in enumerate(graph.edges(data=True) if edges is None else edges):
        if attrs.get("lead_from") == b:  # an undirected pair drawn from the agency that leads
            a, b = b, a
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
    """vis-network options: CJK font face, no physics, straight edges, cheaper drawing when large."""
    return {
        "autoResize": True,
        "layout": {"improvedLayout": False, "randomSeed": SEED},
        "nodes": {"font": {"face": styles.CJK_FONT_FACE, "size": 12}, "borderWidth": 1},
        "edges": {"smooth": False, "color": {"inherit": False},
                  "arrows": {"to": {"scaleFactor": 0.45}, "from": {"scaleFactor": 0.45}},
                  "selectionWidth": 2},
        "physics": {"enabled": False},
        "interaction": {"hover": True, "tooltipDelay": 200, "hideEdgesOnDrag": n_nodes > LARGE_GRAPH,
                        "navigationButtons": False, "keyboard": False},
    }


def render_html(graph: nx.Graph, title: str | None = None, seed: int = SEED) -> str:
    """Render a map graph as one offline HTML page.

    Args:
        graph: a graph from one of the map builders (``graph.graph`` holds title, legend, the duty
            table and how the page should treat it, see :func:`kg.maps.page.page_meta`).
        title: page title; defaults to ``graph.graph["title"]``.
        seed: layout seed.

    Returns:
        The HTML text; write it as UTF-8.
    """
    title = title or graph.graph.get("title") or "kg map"
    edges = page_edges(graph)
    graph.graph["page_note"] = (
        f"页面显示最强的 {len(edges)} / {graph.number_of_edges()} 条连线 the page carries the "
        f"{len(edges)} strongest of {graph.number_of_edges()} edges; GEXF has all"
        if len(edges) < graph.number_of_edges() else "")
    data, options = network_data(pyvis_network(graph, layout(graph, seed), edges))
    return page.render_page(graph, title, data, options, vis_network_js())


def embedded_data(page: str, block: str = "kg-data") -> dict:
    """A JSON block of a page made by :func:`render_html`: ``kg-data`` (nodes and edges) or
    ``kg-options`` (for tests, notebooks)."""
    start = page.index(f'<script type="application/json" id="{block}">')
    start = page.index(">", start) + 1
    return json.loads(page[start: page.index("</script>", start)])
