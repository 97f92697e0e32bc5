"""Inter-agency collaboration map: who shares duties with whom, and how much each agency carries.

Nodes are agencies sized by workload (lead duties count twice, co-responsible once); an edge
joins two agencies named in the same responsibility clause, weighted by how many clauses they
share. Colour is the agency kind, or the greedy-modularity community with ``color="community"``.
"""
from __future__ import annotations

from itertools import combinations

import networkx as nx

from ..errors import InputError
from ..model import Corpus
from . import network, styles

EXAMPLES_PER_EDGE = 5
COLOR_MODES = ("kind", "community")


def build(corpus: Corpus, doc: str | None = None, agency: str | None = None,
          min_shared: int = 1, color: str = "kind") -> nx.Graph:
    """Build the collaboration graph.

    Args:
        corpus: extracted records.
        doc: keep only duties of this document (key or number).
        agency: keep only duties that name this agency (id, short form or full name).
        min_shared: drop edges with fewer shared duties; above 1, agencies left alone go too.
        color: ``"kind"`` (agency kind) or ``"community"`` (greedy modularity communities).

    Returns:
        An undirected graph; edge attribute ``shared_duties`` counts the shared clauses.
    """
    if color not in COLOR_MODES:
        raise InputError(f"unknown colour mode {color!r}; use one of {', '.join(COLOR_MODES)}")
    if min_shared < 1:
        raise InputError(f"min_shared must be at least 1, got {min_shared}")
    docs = network.documents_by_key(corpus)
    duties = network.select_duties(corpus, doc=doc, agency=agency)
    graph = nx.Graph(kind="collaboration", title=_title(doc, agency, min_shared))
    for key, tally in network.tally_agencies(duties).items():
        graph.add_node(key, **network.agency_attrs(key, tally))
    for duty in duties:
        for a, b in combinations(sorted(network.duty_roles(duty)), 2):
            _count_shared(graph, a, b, network.truncate(duty.heading, 40),
                          network.duty_source(duty, docs))
    _apply_min_shared(graph, min_shared)
    for a, b, attrs in graph.edges(data=True):
        _style_edge(graph, a, b, attrs)
    _colour(graph, color)
    return graph


def _title(doc: str | None, agency: str | None, min_shared: int) -> str:
    parts = ["部门协同网络 Collaboration"]
    parts += [f"文件 {doc}"] if doc else []
    parts += [f"单位 {agency}"] if agency else []
    parts += [f"≥{min_shared} 项共同职责"] if min_shared > 1 else []
    return " · ".join(parts)


def _count_shared(graph: nx.Graph, a: str, b: str, heading: str, source: str) -> None:
    if not graph.has_edge(a, b):
        graph.add_edge(a, b, shared_duties=0, examples=[])
    attrs = graph.edges[a, b]
    attrs["shared_duties"] += 1
    if len(attrs["examples"]) < EXAMPLES_PER_EDGE:
        attrs["examples"].append(f"{source} {heading}".strip())


def _apply_min_shared(graph: nx.Graph, min_shared: int) -> None:
    weak = [(a, b) for a, b, n in graph.edges(data="shared_duties") if n < min_shared]
    graph.remove_edges_from(weak)
    if min_shared > 1:
        graph.remove_nodes_from([n for n in list(graph.nodes) if graph.degree(n) == 0])


def _style_edge(graph: nx.Graph, a: str, b: str, attrs: dict) -> None:
    shared = attrs["shared_duties"]
    more = shared - len(attrs["examples"])
    lines = [f"{graph.nodes[a]['label']} — {graph.nodes[b]['label']}：{shared} 项共同职责 shared duties"]
    lines += attrs["examples"] + ([f"… 另有 {more} 项 more"] if more > 0 else [])
    attrs.update(weight=shared, width=1 + 1.5 * shared ** 0.5, color="#9aa5b1",
                 title="\n".join(lines))


def _colour(graph: nx.Graph, mode: str) -> None:
    if mode == "kind":
        graph.graph["legend"] = network.kind_legend(graph)
        return
    communities = nx.community.greedy_modularity_communities(graph, weight="weight") if graph else []
    legend = []
    for index, members in enumerate(communities):
        color = styles.COMMUNITY_PALETTE[index % len(styles.COMMUNITY_PALETTE)]
        for node in members:
            graph.nodes[node].update(community=index, color=color)
        legend.append({"label": f"社群 community {index + 1} ({len(members)})", "color": color,
                       "shape": "dot"})
    graph.graph["legend"] = legend
