"""One document's map as its outline: document → chapters → items → agencies, collapsible.

Provisions are nested by their number path ("二.(一).1" sits under "二.(一)" under "二") and laid
out left to right, one column per level, so the map reads like the document's table of contents;
the agencies stand in the last column, each beside the provisions that task it. A provision's
duties are aggregated into one edge per agency, styled by the agency's role there (lead solid
and thick, co-responsible dashed). Clicking a provision lists its duties; the panel's button (or
a double click) folds its subtree.
"""
from __future__ import annotations

import networkx as nx

from ..errors import InputError
from ..model import Corpus, Duty
from . import network, styles

NOTES = ["列 = 层级：文件 → 章 → 条 → 单位 columns = outline levels",
         "实线粗 = 牵头，虚线 = 配合 solid = lead, dashed = co-responsible",
         "线宽 = 职责数 width = duties", "点击条款查看职责，双击折叠 click: duties, double click: fold"]


def build(corpus: Corpus, doc: str | None = None) -> nx.DiGraph:
    """Build the map of one document.

    Args:
        corpus: extracted records.
        doc: the document key or number (required).

    Returns:
        A directed graph rooted at ``doc:<key>``; every node has a ``pos`` (outline layout).
    """
    if not doc:
        raise InputError("the document map needs a document: --doc KEY", where="kg map document")
    found = network.check_doc(corpus, doc)
    key = found.key if found else doc
    duties = network.select_duties(corpus, doc=key)
    table = network.DutyTable(corpus)
    graph = nx.DiGraph(kind="document", title=f"文件 Document · {network.doc_label(found, key)}",
                       strip=False, lock_x=True, notes=NOTES)
    root = network.doc_node(key)
    graph.add_node(root, **network.document_attrs(found, key, len(duties)), rank=10_000)
    headings = {p.path: p.heading for p in (found.provisions if found else [])}
    tallies = network.tally_agencies(duties)
    for duty in duties:
        index = table.add(duty)
        graph.nodes[root].setdefault("duties", []).append([index, ""])  # the panel lists them all
        leaf = _add_provision_chain(graph, root, key, duty, headings, index)
        for agency, (party, role) in network.duty_roles(duty).items():
            if agency not in graph:
                attrs = network.agency_attrs(agency, tallies[agency])
                attrs.update(size=min(6 + 1.5 * attrs["workload"] ** 0.5, 16), rank=1000 + attrs["workload"])
                graph.add_node(agency, **attrs, duties=[])
            graph.nodes[agency]["duties"].append([index, role])
            _add_role_duty(graph, leaf, agency, role, index, party.printed)
    _outline_positions(graph, root)
    table.attach(graph, corpus)
    graph.graph["legend"] = (network.node_type_legend(["document", "provision"])
                             + network.kind_legend(graph) + network.role_legend())
    return graph


def provision_paths(path: str) -> list[str]:
    """Every ancestor path of a provision path and the path itself: "二.(一).1" → 二, 二.(一), 二.(一).1."""
    parts = [p for p in path.split(".") if p]
    return [".".join(parts[: i + 1]) for i in range(len(parts))]


def _add_provision_chain(graph: nx.DiGraph, root: str, key: str, duty: Duty,
                         headings: dict[str, str], index: int) -> str:
    """Add the provision nodes from the document down to the duty's provision; return the last."""
    shape, color, _ = styles.NODE_TYPES["provision"]
    parent = root
    for depth, path in enumerate(provision_paths(duty.provision), start=1):
        node = f"prov:{key}:{path}"
        if node not in graph:
            heading = headings.get(path) or (duty.heading if path == duty.provision else "")
            # chapters are boxes; deeper provisions dots, whose labels may hide where crowded
            graph.add_node(node, node_type="provision", label=network.truncate(f"{path} {heading}", 14),
                           name=f"{path} {heading}".strip(), shape="box" if depth == 1 else "dot",
                           color=color if depth == 1 else "#9ecae1", size=14 if depth == 1 else 6,
                           title=f"{path} {heading}".strip(), provision=path, parent=parent,
                           depth=depth, duties=[], rank=2000 if depth == 1 else 0)
            graph.add_edge(parent, node, role="contains", **styles.CONTAINS_EDGE)
        graph.nodes[node]["duties"].append([index, ""])
        graph.nodes[node]["rank"] += 1
        parent = node
    return parent


def _add_role_duty(graph: nx.DiGraph, provision: str, agency: str, role: str, index: int,
                   printed: str) -> None:
    """One provision → agency edge per pair, carrying every duty of the pair; lead wins the style."""
    if not graph.has_edge(provision, agency):
        network.add_role_edge(graph, provision, agency, role, duties=[], title="")
    attrs = graph.edges[provision, agency]
    attrs["duties"].append([index, role == "lead"])
    if role == "lead" and attrs["role"] != "lead":
        attrs.update(role="lead", **{k: styles.ROLE_EDGES["lead"][k] for k in ("width", "dashes", "color")})
    n = len(attrs["duties"])
    attrs["title"] = f"{printed}：{attrs['role']} · {n} 项职责 duties"
    attrs["width"] = styles.ROLE_EDGES[attrs["role"]]["width"] + 0.5 * (n - 1)


def _outline_positions(graph: nx.DiGraph, root: str) -> None:
    """Columns by depth, rows by outline order; agencies in a last column, in the order of the
    provisions that task them (the mean row of their provisions), spread evenly."""
    rows: dict[str, float] = {}
    counter = iter(range(1_000_000))

    def place(node: str) -> float:
        # insertion order is document order: provisions are added as their duties are met
        children = [c for c in graph.successors(node) if graph.nodes[c].get("node_type") == "provision"]
        rows[node] = (sum(place(c) for c in children) / len(children)) if children else next(counter)
        return rows[node]

    place(root)
    depth = max((a.get("depth", 0) for _, a in graph.nodes(data=True)), default=0)
    for node, row in rows.items():
        graph.nodes[node]["pos"] = (graph.nodes[node].get("depth", 0) * 1.0, row)
    agencies = [n for n, a in graph.nodes(data=True) if a.get("node_type") == "agency"]
    mean_row = {a: sum(rows[p] for p in graph.predecessors(a)) / graph.in_degree(a) for a in agencies}
    span = max(rows.values(), default=0)
    ordered = sorted(agencies, key=lambda a: (mean_row[a], a))
    for i, agency in enumerate(ordered):
        y = span * i / (len(ordered) - 1) if len(ordered) > 1 else span / 2
        graph.nodes[agency]["pos"] = (depth + 1.4 + 0.7 * (i % 2), y)  # two staggered columns
