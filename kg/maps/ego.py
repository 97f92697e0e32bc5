"""One agency's map as an ego network: the agency in the middle, the agencies it shares duties
with around it, grouped by kind, each joined by one edge weighted by their shared duties.

Where does one agency sit? The ring answers it: who it works with, how much, and who leads.
Duties are aggregated into the edges (click one for the list); the agency's own duties, also
those it carries alone, are in the centre's panel. The duties are kg.records.select_duties, the
same selection as ``kg duties AGENCY``.
"""
from __future__ import annotations

import networkx as nx

from ..errors import InputError
from ..model import Corpus
from . import collab, network, styles
from .layout import ring

RING_SPLIT = 14  # above this many partners, alternate partners sit on an inner ring
NOTES = ["中心 = 所选单位 centre = the agency", "环上按类别分组 partners grouped by kind",
         "线宽 = 共同职责数 width = shared duties", "箭头 牵头 → 配合 arrow = lead → co-responsible",
         "点击连线查看共同职责 click a line for the shared duties"]


def build(corpus: Corpus, agency: str | None = None, doc: str | None = None) -> nx.Graph:
    """Build the ego map of one agency.

    Args:
        corpus: extracted records.
        agency: register id, short form or full name (required).
        doc: keep only this document's duties.

    Returns:
        An undirected graph; the centre node has ``centre=True``; every node has a ``pos``.
    """
    if not agency:
        raise InputError("the agency map needs an agency: --agency NAME", where="kg map agency")
    centre = network.find_agency(corpus, agency)
    duties = network.select_duties(corpus, doc=doc, agency=agency, agency_key=centre)
    table = network.DutyTable(corpus)
    tallies = network.tally_agencies(duties)
    name = tallies[centre].name if centre in tallies else agency
    graph = nx.Graph(kind="agency", title=f"单位 Agency · {name}", strip=False, notes=NOTES)
    if centre in tallies:
        graph.add_node(centre, **network.agency_attrs(centre, tallies[centre]), duties=[])
    for duty in duties:
        index = table.add(duty)
        roles = network.duty_roles(duty)
        if centre not in roles:
            continue
        graph.nodes[centre]["duties"].append([index, roles[centre][1]])
        for partner, (_, role) in roles.items():
            if partner == centre:
                continue
            if partner not in graph:
                graph.add_node(partner, **network.agency_attrs(partner, tallies[partner]), duties=[],
                               leads={})
            graph.nodes[partner]["duties"].append([index, role])
            _share(graph, centre, partner, roles, index)
    _style(graph, centre)
    _add_funds(graph, corpus, centre)
    table.attach(graph, corpus)
    graph.graph["legend"] = network.kind_legend(graph)
    return graph


FUNDS_RING = 1.45  # funds and programmes the centre administers sit outside the partners' ring


def _add_funds(graph: nx.Graph, corpus: Corpus, centre: str) -> None:
    """The funds and programmes the centre administers (kg:administers) and what they fund (kg:funds),
    on an outer ring, so a meeting sees the money an agency answers for beside its partners."""
    administered = {}
    for e in corpus.entities:
        if any(network.agency_id(p) == centre for p in e.administered_by):
            administered.setdefault(f"entity:{e.kind}:{e.id}", []).append(e)
    if not administered or centre not in graph:
        return
    positions = ring(sorted(administered), FUNDS_RING)
    for node, mentions in sorted(administered.items()):
        kind = mentions[0].kind if mentions[0].kind in styles.NODE_TYPES else "programme"
        shape, color, label = styles.NODE_TYPES[kind]
        graph.add_node(node, node_type=kind, label=network.truncate(mentions[0].name, 12), shape=shape,
                       color=color, size=16, title=f"{mentions[0].name}\n{label}", duties=[], pos=positions[node],
                       rank=0, kind=kind)
        graph.add_edge(centre, node, role="administers", color=color, width=2.0, dashes=False, arrows="to",
                       title=f"{graph.nodes[centre]['label']} 主管 administers {mentions[0].name}")
        purposes = dict.fromkeys(f.target for e in mentions for f in e.funds)
        x, y = positions[node]
        for k, target in enumerate(purposes):
            shape, color, label = styles.NODE_TYPES["purpose"]
            leaf = f"{node}:funds:{k}"
            graph.add_node(leaf, node_type="purpose", label=network.truncate(target, 10), shape=shape,
                           color=color, size=8, title=f"{target}\n{label}", duties=[], rank=0, kind="purpose",
                           pos=(x * 1.25 + 0.08 * k, y * 1.25 + 0.08 * k))
            graph.add_edge(node, leaf, role="funds", color=color, width=1.0, dashes=True, arrows="to",
                           title=f"{mentions[0].name} 资助 funds {target}")


def _share(graph: nx.Graph, centre: str, partner: str, roles: dict, index: int) -> None:
    if not graph.has_edge(centre, partner):
        graph.add_edge(centre, partner, shared_duties=0, duties=[], leads={centre: 0, partner: 0})
    attrs = graph.edges[centre, partner]
    attrs["shared_duties"] += 1
    lead_c, lead_p = roles[centre][1] == "lead", roles[partner][1] == "lead"
    if lead_c != lead_p:
        attrs["leads"][centre if lead_c else partner] += 1
    attrs["duties"].append([index, lead_c != lead_p])


def _style(graph: nx.Graph, centre: str) -> None:
    """Edges as in the collaboration map; partners on a ring by kind, then by shared duties."""
    if centre not in graph:
        return
    kinds = list(styles.AGENCY_KINDS)
    for _, partner, attrs in graph.edges(centre, data=True):
        leads = attrs.pop("leads")
        shared = attrs["shared_duties"]
        leader = max(sorted(leads), key=lambda k: leads[k]) if any(leads.values()) else None
        attrs.update(weight=shared, width=collab.edge_width(shared), color="#8a96a3",
                     lead_from=leader or "", dashes=leader is None,
                     arrows="to, from" if leader and all(leads.values()) else ("to" if leader else ""),
                     title=f"{graph.nodes[centre]['label']} — {graph.nodes[partner]['label']}："
                           f"{shared} 项共同职责 shared duties")
        graph.nodes[partner].update(rank=shared, shared=shared)
        graph.nodes[partner].pop("leads", None)
    partners = sorted((n for n in graph if n != centre),
                      key=lambda n: (kinds.index(graph.nodes[n]["kind"]) if graph.nodes[n]["kind"] in kinds
                                     else len(kinds), -graph.nodes[n]["shared"], n))
    positions = ring(partners, 1.0)
    for i, node in enumerate(partners):
        x, y = positions[node]
        scale = 0.72 if len(partners) > RING_SPLIT and i % 2 else 1.0
        graph.nodes[node]["pos"] = (x * scale, y * scale)
    graph.nodes[centre].update(centre=True, pos=(0.0, 0.0), size=34, borderWidth=4, rank=10_000)
