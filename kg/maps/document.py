"""One document's map: document → provisions → duties → agencies.

Provisions are nested by their number path ("二.(一).1" sits under "二.(一)" under "二"), so
the map reads like the document's outline. Duty → agency edges carry the party's role: lead
solid and thick, co-responsible dashed.
"""
from __future__ import annotations

import networkx as nx

from ..errors import InputError
from ..model import Corpus, Duty
from . import network, styles


def build(corpus: Corpus, doc: str | None = None) -> nx.DiGraph:
    """Build the map of one document.

    Args:
        corpus: extracted records.
        doc: the document key or number (required).

    Returns:
        A directed graph rooted at ``doc:<key>``.
    """
    if not doc:
        raise InputError("the document map needs a document: --doc KEY", where="kg map document")
    found = network.check_doc(corpus, doc)
    key = found.key if found else doc
    docs = network.documents_by_key(corpus)
    duties = network.select_duties(corpus, doc=key)
    graph = nx.DiGraph(kind="document", title=f"文件 Document · {network.doc_label(found, key)}")
    root = network.doc_node(key)
    graph.add_node(root, **network.document_attrs(found, key, len(duties)))
    headings = {p.path: p.heading for p in (found.provisions if found else [])}
    tallies = network.tally_agencies(duties)
    for index, duty in enumerate(duties):
        parent = _add_provision_chain(graph, root, key, duty, headings)
        network.add_duty(graph, parent, duty, index, docs, tallies)
    graph.graph["legend"] = (network.node_type_legend(["document", "provision", "duty"])
                             + network.kind_legend(graph) + network.role_legend())
    return graph


def provision_paths(path: str) -> list[str]:
    """Every ancestor path of a provision path and the path itself: "二.(一).1" → 二, 二.(一), 二.(一).1."""
    parts = [p for p in path.split(".") if p]
    return [".".join(parts[: i + 1]) for i in range(len(parts))]


def _add_provision_chain(graph: nx.DiGraph, root: str, key: str, duty: Duty,
                         headings: dict[str, str]) -> str:
    """Add the provision nodes from the document down to the duty's provision; return the last."""
    shape, color, _ = styles.NODE_TYPES["provision"]
    parent = root
    for path in provision_paths(duty.provision):
        node = f"prov:{key}:{path}"
        if node not in graph:
            heading = headings.get(path) or (duty.heading if path == duty.provision else "")
            graph.add_node(node, node_type="provision", label=network.truncate(f"{path} {heading}", 16),
                           shape=shape, color=color, size=14, title=f"{path} {heading}".strip(),
                           provision=path)
            graph.add_edge(parent, node, role="contains", **styles.CONTAINS_EDGE)
        parent = node
    return parent
