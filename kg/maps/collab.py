"""Inter-agency collaboration map: who shares duties with whom, who leads whom, how much each carries.

Nodes are agencies sized by workload (lead duties count twice, co-responsible once); an edge
joins two agencies named in the same responsibility clause, its width the number of clauses they
share, its arrow pointing from the agency that leads those duties to the co-responsible one
(dashed when neither leads: both are co-responsible). Colour is the agency kind, or the
greedy-modularity community with ``color="community"``.

A dense map opens on its core: the page first shows only edges with at least ``core_k`` shared
duties, ``core_k`` chosen from the data so that about ``EDGE_BUDGET`` edges remain; a slider and
"show more" bring the rest back.
"""
from __future__ import annotations

from functools import lru_cache

import networkx as nx

from ..errors import InputError
from ..model import Corpus
from . import network, styles

EXAMPLES_PER_EDGE = 5
COLOR_MODES = ("kind", "community")
LARGE_GRAPH = 1000  # above this many agencies edge tooltips carry no examples (page size, bench)
EDGE_BUDGET = 120  # edges a 1280×720 screen shows legibly with ~40 agencies (bundled corpus)
NOTES = ["大小 = 工作量（牵头×2 + 配合）size = workload", "线宽 = 共同职责数 width = shared duties",
         "箭头 牵头 → 配合 arrow = lead → co-responsible", "虚线 = 均为配合 dashed = both co-responsible",
         "点击单位或连线查看职责 click an agency or a line for its duties"]


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
        An undirected graph; edge attribute ``shared_duties`` counts the shared clauses,
        ``lead_from`` names the agency that leads most of them, ``duties`` indexes them.
    """
    if color not in COLOR_MODES:
        raise InputError(f"unknown colour mode {color!r}; use one of {', '.join(COLOR_MODES)}")
    if min_shared < 1:
        raise InputError(f"min_shared must be at least 1, got {min_shared}")
    duties = network.select_duties(corpus, doc=doc, agency=agency)
    table = network.DutyTable(corpus)
    graph = nx.Graph(kind="collaboration", title=_title(doc, agency, min_shared), weighted=True,
                     strip=True, notes=NOTES)
    roles = [network.duty_roles(duty) for duty in duties]  # once per duty: tally and pairs read them
    for key, tally in network.tally_roles(roles).items():
        graph.add_node(key, **network.agency_attrs(key, tally), duties=[])
    for (a, b), (shared, leads) in _shared_pairs(graph, duties, roles, table).items():
        graph.add_edge(a, b, shared_duties=len(shared), examples=[], duties=shared, leads=leads)
    _apply_min_shared(graph, min_shared)
    examples = graph.number_of_nodes() <= LARGE_GRAPH  # a big map's tooltips stay short; clicks list all
    labels = dict(graph.nodes(data="label"))
    for a, b, attrs in graph.edges(data=True):
        if examples:
            attrs["examples"] = _examples(attrs["duties"], table)
        _style_edge(labels, a, b, attrs, examples)
    _colour(graph, color)
    table.attach(graph, corpus)
    graph.graph["max_shared"] = max((n for _, _, n in graph.edges(data="shared_duties")), default=1)
    graph.graph["core_k"] = core_threshold(graph)
    return graph


def _shared_pairs(graph: nx.Graph, duties: list, duty_roles: list[dict], table: network.DutyTable) -> dict:
    """(a, b) with a < b → ([[duty index, led], …], {a: leads, b: leads}) for every two agencies
    named in one clause, in the order pairs are first met; each agency's node gets its duties.

    One pass over plain dicts: looking each pair up in the networkx graph (``has_edge``,
    ``edges[a, b]``) took most of the 145,000 pair visits of a 5,000-agency map.
    """
    pairs: dict[tuple[str, str], tuple[list, dict]] = {}
    node_duties = {key: attrs["duties"] for key, attrs in graph.nodes(data=True)}
    for duty, roles in zip(duties, duty_roles, strict=True):
        index = table.add(duty)
        for key, (_, role) in roles.items():
            node_duties[key].append([index, role])
        ranked = sorted(roles)
        for i, a in enumerate(ranked):
            lead_a = roles[a][1] == "lead"
            for b in ranked[i + 1:]:
                pair = pairs.get((a, b))
                if pair is None:
                    pair = pairs[a, b] = ([], {a: 0, b: 0})
                led = lead_a != (roles[b][1] == "lead")
                if led:
                    pair[1][a if lead_a else b] += 1
                pair[0].append([index, led])
    return pairs


def _examples(shared: list, table: network.DutyTable) -> list[str]:
    """The tooltip's first shared duties: where each is printed and its heading."""
    return [f"{network.duty_source(table.duties[index], table.docs)} "
            f"{network.truncate(table.duties[index].heading, 40)}".strip()
            for index, _ in shared[:EXAMPLES_PER_EDGE]]


def core_threshold(graph: nx.Graph, budget: int = EDGE_BUDGET) -> int:
    """The least k such that at most ``budget`` edges have k or more shared duties (1 when sparse)."""
    counts = sorted((n for _, _, n in graph.edges(data="shared_duties")), reverse=True)
    if len(counts) <= budget:
        return 1
    return counts[budget] + 1


def _title(doc: str | None, agency: str | None, min_shared: int) -> str:
    parts = ["部门协同网络 Collaboration"]
    parts += [f"文件 {doc}"] if doc else []
    parts += [f"单位 {agency}"] if agency else []
    parts += [f"≥{min_shared} 项共同职责"] if min_shared > 1 else []
    return " · ".join(parts)


def _apply_min_shared(graph: nx.Graph, min_shared: int) -> None:
    if min_shared <= 1:
        return  # every edge is made of one shared duty or more
    weak = [(a, b) for a, b, n in graph.edges(data="shared_duties") if n < min_shared]
    graph.remove_edges_from(weak)
    if min_shared > 1:
        graph.remove_nodes_from([n for n in list(graph.nodes) if graph.degree(n) == 0])


def _style_edge(labels: dict, a: str, b: str, attrs: dict, examples: bool = True) -> None:
    """An edge's width, arrows, dashes and tooltip (``labels``: node → label, read once for the
    40,000 edges of a 5,000-agency map instead of a node view look-up per end)."""
    shared = attrs["shared_duties"]
    more = shared - len(attrs["examples"]) if examples else 0
    leads = attrs.pop("leads")
    leader = _leader(leads)
    lines = [f"{labels[a]} — {labels[b]}：{shared} 项共同职责 shared duties"]
    if leader:
        other = b if leader == a else a
        lines.append(f"{labels[leader]} 牵头 leads {leads[leader]}，"
                     f"{labels[other]} 牵头 leads {leads[other]}")
    lines += (attrs["examples"] if examples else []) + ([f"… 另有 {more} 项 more"] if more > 0 else [])
    both = leader is not None and all(leads.values())
    attrs.update(weight=shared, width=edge_width(shared), color="#8a96a3", title="\n".join(lines),
                 lead_from=leader or "", dashes=leader is None,
                 arrows="to, from" if both else ("to" if leader else ""))


def _leader(leads: dict[str, int]) -> str | None:
    """The agency that leads the most of a pair's duties (the first by id on a tie), None when
    neither leads any."""
    if not any(leads.values()):
        return None
    return max(sorted(leads), key=lambda k: leads[k])


@lru_cache(maxsize=4096)
def edge_width(shared: int) -> float:
    """Line width by shared duties: square-root growth, capped so heavy pairs do not hide others."""
    return round(min(1 + 1.1 * shared ** 0.5, 8.0), 2)


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
