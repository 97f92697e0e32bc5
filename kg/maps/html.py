"""networkx graph → one self-contained HTML file that opens offline from a file:// URL.

:func:`page_items` turns every node and edge into the object vis-network draws, exactly the
objects a ``pyvis.network.Network`` would hold after ``add_node``/``add_edge`` (pyvis is the model:
:func:`pyvis_network` fills one from the same items, and the tests check the page against it),
and :func:`render_html` writes them, packed (:mod:`kg.maps.packing`), into ``PAGE``. pyvis itself
is not on the page path: its ``add_edge`` looks both ends up in a list of every node id, which on
5,112 agencies and 6,000 page edges (bench/bench_maps.py --scale 71) cost a second, and importing
it pulls in IPython and Jinja. pyvis 0.3.2's own renderers were never used (WestHealth/pyvis#228,
#229):

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

Two pyvis traps shaped the items. ``Network.set_options`` deletes every space of its JSON
string, values included (our CJK font face ``"Noto Sans CJK SC"`` would become
``NotoSansCJKSC``), so options are a dict assigned to ``Network.options``. An undirected
``Network`` compares each new edge with every edge already added (quadratic: 30,000 edges) and
drops a reversed pair, so the model is always ``directed`` and each edge states its arrows
(``""`` for none, which vis-network reads as none).

Positions come from :mod:`kg.maps.layout` (seeded, so a map is the same on every run); vis-network's
physics never runs (about 1,500 nodes took minutes to settle, pyvis#204). The page's script
(``assets/kg-map.js``) maps the visible nodes onto the screen at scale 1, so a font size is a
pixel size, and sets ``window.__kgReady`` and ``window.__kgLabelPx`` after the first draw.
The page itself (toolbar, legend, panel) is :mod:`kg.maps.page`.
"""
from __future__ import annotations

import json

import networkx as nx

from . import packing, page, styles
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
    # the strongest ``limit``, ties in graph order, kept in graph order: every edge above the
    # ``limit``-th count, then the first ones at it (no per-edge sort key: 40,000 edges, bench)
    counts = [attrs.get("shared_duties", 0) for _, _, attrs in edges]
    cut = sorted(counts, reverse=True)[limit - 1]
    room = limit - sum(1 for n in counts if n > cut)
    chosen = []
    for edge, n in zip(edges, counts, strict=True):
        if n > cut:
            chosen.append(edge)
        elif n == cut and room > 0:
            chosen.append(edge)
            room -= 1
    return chosen


def page_items(graph: nx.Graph, positions: dict, edges: list[tuple] | None = None) -> tuple[list, list]:
    """The nodes and edges a page draws, as vis-network objects (what pyvis would hold).

    Args:
        graph: a map graph; only ``NODE_KEYS`` and ``EDGE_KEYS`` attributes reach vis-network.
        positions: node → (x, y), as made by :func:`layout`.
        edges: the edges to carry, default all (see :func:`page_edges`).

    Returns:
        ``(nodes, edges)``: node ids as strings, positions rounded to 0.1, sizes to 0.01; an edge
        between agencies is drawn from the one that leads, with its arrows stated.
    """
    nodes = [_node_item(node, attrs, positions[node]) for node, attrs in graph.nodes(data=True)]
    chosen = graph.edges(data=True) if edges is None else edges
    return nodes, [_edge_item(graph, index, a, b, attrs) for index, (a, b, attrs) in enumerate(chosen)]


def _node_item(node, attrs: dict, position) -> dict:
    """One node as pyvis's ``add_node`` stores it: label defaults to the id, shape to a dot, colour
    to pyvis's blue."""
    item = {k: attrs[k] for k in NODE_KEYS if k in attrs}
    if isinstance(item.get("size"), float):
        item["size"] = round(item["size"], 2)  # a pixel size: 13.535533905932738 said nothing more
    node_id = str(node)
    item.update(x=round(float(position[0]), 1), y=round(float(position[1]), 1), id=node_id,
                label=item.get("label") or node_id, shape=item.get("shape", "dot"))
    item.setdefault("color", PYVIS_COLOR)
    return item


PYVIS_COLOR = "#97c2fc"  # pyvis's add_node default


def _edge_item(graph: nx.Graph, index: int, a, b, attrs: dict) -> dict:
    if attrs.get("lead_from") == b:  # an undirected pair drawn from the agency that leads
        a, b = b, a
    item = {k: attrs[k] for k in EDGE_KEYS if k in attrs}
    item.setdefault("arrows", _arrows(graph, attrs))
    item.update({"id": f"e{index}", "from": str(a), "to": str(b)})
    return item


def pyvis_network(graph: nx.Graph, positions: dict, edges: list[tuple] | None = None):
    """The map as a ``pyvis.network.Network`` (for notebooks and the tests): the same nodes, edges
    and options as the page, added through pyvis's own ``add_node``/``add_edge``."""
    from pyvis.network import Network  # imports IPython and Jinja: only when asked for

    net = Network(directed=True)  # why always directed: see the module docstring
    nodes, items = page_items(graph, positions, edges)
    for node in nodes:
        options = {k: v for k, v in node.items() if k != "id"}
        net.add_node(node["id"], **options)
    for edge in items:
        options = {k: v for k, v in edge.items() if k not in ("from", "to")}
        net.add_edge(edge["from"], edge["to"], **options)
    net.options = vis_options(graph.number_of_nodes())
    return net


def _arrows(graph: nx.Graph, attrs: dict) -> str:
    """Duty → agency edges of directed maps point at the agency; other edges have no arrow."""
    return "to" if graph.is_directed() and attrs.get("role") in ("lead", "co") else ""


def network_data(net) -> tuple[dict, dict]:
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
    nodes, items = page_items(graph, layout(graph, seed), edges)
    options = vis_options(graph.number_of_nodes())
    return page.render_page(graph, title, {"nodes": nodes, "edges": items}, options, vis_network_js())


def raw_block(html_text: str, block: str) -> str:
    """The JSON text of one data block of a page, as written."""
    start = html_text.index(f'<script type="application/json" id="{block}">')
    start = html_text.index(">", start) + 1
    return html_text[start: html_text.index("</script>", start)]


def embedded_data(html_text: str, block: str = "kg-data") -> dict:
    """A data block of a page made by :func:`render_html`, unpacked as the page script unpacks it:
    ``kg-data`` (``{"nodes", "edges"}``, the vis-network objects), ``kg-meta`` (duty table,
    document validity, settings) or ``kg-options`` (for tests, notebooks)."""
    value = json.loads(raw_block(html_text, block))
    if block == "kg-data":
        return packing.unpack_page(value)
    if block == "kg-meta":
        return page.unpack_meta(value, json.loads(raw_block(html_text, "kg-data"))["strings"])
    return value
