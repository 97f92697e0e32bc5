"""Seeded node positions in layout units; the page maps them onto the screen (kg-map.js).

A map kind that knows its geometry (a document's outline, an agency's ego ring, a timeline)
puts ``pos`` on every node itself; other graphs get a force layout here, one connected
component at a time so the cost stays near the sum of squared component sizes, and isolated
nodes are left for the page to set in a strip aside.
"""
from __future__ import annotations

import math

import networkx as nx

SEED = 7
LARGE_GRAPH = 1000
SMALL_COMPONENT = 500  # above this a component is laid out in rings, not by spring forces


def layout(graph: nx.Graph, seed: int = SEED) -> dict:
    """Node → (x, y): the builder's ``pos`` when every node has one, else a force layout."""
    given = {n: a["pos"] for n, a in graph.nodes(data=True) if "pos" in a}
    if graph.number_of_nodes() and len(given) == graph.number_of_nodes():
        return given
    undirected = graph.to_undirected(as_view=True) if graph.is_directed() else graph
    components = sorted(nx.connected_components(undirected), key=lambda c: (-len(c), min(map(str, c))))
    positions: dict = {}
    # a big map's many small islands are a grid of look-alike shapes: fewer iterations do (bench)
    iterations = 100 if graph.number_of_nodes() <= LARGE_GRAPH else 30
    edge_lists = _component_edges(undirected, components)
    if graph.number_of_nodes() > LARGE_GRAPH:
        laid = _stacked_layouts(components, edge_lists, seed, iterations)
    else:
        laid = [_component_layout(c, edges, seed, iterations) for c, edges in zip(components, edge_lists, strict=True)]
    cells = [(pos, len(c)) for pos, c in zip(laid, components, strict=True)]
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


def _component_edges(graph: nx.Graph, components: list[set]) -> list[list[tuple]]:
    """Each component's edges with their weights, in one pass over the graph: a subgraph view
    per component filtered every edge of the whole graph again (1 s of a 5,000-agency map)."""
    where = {node: i for i, component in enumerate(components) for node in component}
    edges: list[list[tuple]] = [[] for _ in components]
    for a, b, w in graph.edges(data="weight", default=1):
        edges[where[a]].append((a, b, w))
    return edges


def _component_layout(component: set, edges: list[tuple], seed: int, iterations: int = 100) -> dict:
    nodes = sorted(component, key=str)
    if len(nodes) == 1:
        return {nodes[0]: (0.0, 0.0)}
    ordered = nx.Graph()
    ordered.add_nodes_from(nodes)
    # strong ties pull harder, damped by a square root so one heavy pair does not collapse
    ordered.add_edges_from((a, b, {"pull": math.sqrt(w)}) for a, b, w in edges)
    if len(nodes) <= SMALL_COMPONENT:
        return nx.spring_layout(ordered, seed=seed, iterations=iterations, weight="pull")
    return _shell_by_distance(ordered)


def _stacked_layouts(components: list[set], edge_lists: list[list[tuple]], seed: int, iterations: int) -> list[dict]:
    """What :func:`_component_layout` gives each component, the spring layouts of a big map's
    many small components run side by side (:mod:`kg.maps.forces`: 1.0-1.5 s → 0.2 s for
    71 components of 70 agencies, bench/bench_maps.py --scale 71)."""
    from .forces import stacked_spring  # numpy: only a force layout needs it (not an ego ring, a timeline)

    laid: list[dict] = [{} for _ in components]
    springs: list[tuple[int, list, list[tuple]]] = []
    for i, (component, edges) in enumerate(zip(components, edge_lists, strict=True)):
        if len(component) == 1 or len(component) > SMALL_COMPONENT:
            laid[i] = _component_layout(component, edges, seed, iterations)
        else:
            springs.append((i, sorted(component, key=str), [(a, b, math.sqrt(w)) for a, b, w in edges]))
    for (i, _, _), pos in zip(springs, stacked_spring([(n, e) for _, n, e in springs], seed, iterations),
                              strict=True):
        laid[i] = pos
    return laid


def _shell_by_distance(component: nx.Graph) -> dict:
    """Rings of breadth-first distance from the best-connected node: linear time.

    spring_layout took 55 s on one 6,000-node component (bench/bench_maps.py); rings cost nothing.
    """
    hub = max(component.nodes, key=lambda n: (component.degree(n), str(n)))
    layers: dict[int, list] = {}
    for node, distance in nx.single_source_shortest_path_length(component, hub).items():
        layers.setdefault(distance, []).append(node)
    shells = [sorted(layers[d], key=str) for d in sorted(layers)]
    return nx.shell_layout(component, nlist=shells)


def ring(items: list, radius: float, start: float = -math.pi / 2) -> dict:
    """Evenly spaced points on a circle, in the order given (the ego map's partner ring)."""
    n = max(len(items), 1)
    return {item: (radius * math.cos(start + 2 * math.pi * i / n),
                   radius * math.sin(start + 2 * math.pi * i / n)) for i, item in enumerate(items)}
