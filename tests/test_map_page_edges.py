"""The edges a big page carries (issue 17): the ``limit`` strongest by shared duties, ties at the
cut taken in graph order, all in graph order, found without a per-edge sort key."""
from __future__ import annotations

import random

import networkx as nx

from kg.maps.html import page_edges


def _by_sorting(graph: nx.Graph, limit: int) -> list[tuple]:
    """The definition: sort by (most shared, graph order), keep ``limit``, back in graph order."""
    edges = list(graph.edges(data=True))
    order = sorted(range(len(edges)), key=lambda i: (-edges[i][2].get("shared_duties", 0), i))
    return [edges[i] for i in sorted(order[:limit])]


def test_ties_at_the_cut_are_taken_in_graph_order() -> None:
    graph = nx.Graph()
    for i, shared in enumerate([1, 3, 2, 2, 3, 2, 1, 2]):
        graph.add_edge(f"a{i}", f"b{i}", shared_duties=shared)
    kept = page_edges(graph, limit=4)
    assert [a for a, _, _ in kept] == ["a1", "a2", "a3", "a4"]  # both 3s, then the first two 2s


def test_random_graphs_keep_what_sorting_keeps() -> None:
    rng = random.Random(17)
    for _ in range(300):
        graph = nx.Graph()
        for _ in range(rng.randint(0, 80)):
            a, b = rng.randrange(25), rng.randrange(25)
            if a != b:
                graph.add_edge(a, b, **({"shared_duties": rng.randint(1, 5)} if rng.random() < 0.9 else {}))
        limit = rng.randint(1, 50)
        expected = list(graph.edges(data=True)) if graph.number_of_edges() <= limit else _by_sorting(graph, limit)
        assert page_edges(graph, limit) == expected
