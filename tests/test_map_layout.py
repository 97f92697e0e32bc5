"""The force layout of a big map (issue 17): many components laid out side by side
(kg.maps.forces) must place every node where networkx's spring layout places it, padded stacks
of unequal components included, and a big map's layout must not depend on the run."""
from __future__ import annotations

import math

import networkx as nx
import pytest

from kg.maps import layout as layouts
from kg.maps.forces import stacked_spring


def _components(sizes: list[int]) -> list[tuple[list, list[tuple]]]:
    """Random connected-ish components of these sizes, weighted, nodes in the layout's order."""
    out = []
    for k, n in enumerate(sizes):
        g = nx.gnm_random_graph(n, 2 * n, seed=k)
        edges = [(f"{k}-{a}", f"{k}-{b}", math.sqrt(1 + (a * b) % 5)) for a, b in g.edges()]
        out.append((sorted({f"{k}-{i}" for i in range(n)}), edges))
    return out


def _networkx(nodes: list, edges: list[tuple], seed: int, iterations: int) -> dict:
    g = nx.Graph()
    g.add_nodes_from(nodes)
    g.add_edges_from((a, b, {"pull": w}) for a, b, w in edges)
    return nx.spring_layout(g, seed=seed, iterations=iterations, weight="pull")


@pytest.mark.parametrize("sizes", [[70] * 6, [100, 90, 41, 40, 12, 9, 5, 2], [3, 300]])
def test_stacked_components_sit_where_spring_layout_puts_them(sizes: list[int]) -> None:
    components = _components(sizes)
    for (nodes, edges), placed in zip(components, stacked_spring(components, seed=7, iterations=30), strict=True):
        expected = _networkx(nodes, edges, 7, 30)
        assert set(placed) == set(nodes)
        assert max(abs(placed[n][i] - expected[n][i]) for n in nodes for i in (0, 1)) < 1e-5


def test_a_big_map_is_laid_out_the_same_every_time() -> None:
    graph = nx.Graph()
    for nodes, edges in _components([70] * 14 + [30] * 5 + [1] * 40):
        graph.add_nodes_from(nodes)
        graph.add_edges_from((a, b, {"weight": round(w * w)}) for a, b, w in edges)
    assert graph.number_of_nodes() > layouts.LARGE_GRAPH
    first = layouts.layout(graph)
    assert layouts.layout(graph.copy()) == first
    assert set(first) == set(graph.nodes)
