"""Documents over time: which supersedes, abolishes, interprets or is based on which.

Nodes are documents coloured by their validity status on a date. References that name a document
outside the corpus (a national law in 依据, an older plan by title) become grey ``ref:`` nodes,
so the relation is shown rather than dropped.
"""
from __future__ import annotations

from datetime import date

import networkx as nx

from ..model import Corpus, Document
from . import network, styles


def build(corpus: Corpus, as_of: date | None = None, doc: str | None = None) -> nx.DiGraph:
    """Build the lifecycle graph.

    Args:
        corpus: extracted records.
        as_of: the date statuses are computed for (today when omitted).
        doc: keep only the documents connected to this one.

    Returns:
        A directed graph; edges point from the acting document to the one it acts on.
    """
    as_of = as_of or date.today()
    index = reference_index(corpus.documents)
    graph = nx.DiGraph(kind="lifecycle", title=f"文件效力 Lifecycle · {as_of.isoformat()}",
                       as_of=as_of.isoformat())
    states = statuses(corpus.documents, as_of)
    for d in corpus.documents:
        graph.add_node(network.doc_node(d.key), **_document_attrs(d, states[d.key]))
    for d in corpus.documents:
        for relation, source, target in _relations(d):
            _add_relation(graph, index, relation, source, target)
    if doc is not None:
        found = network.check_doc(corpus, doc)
        start = network.doc_node(found.key if found else doc)
        keep = nx.node_connected_component(graph.to_undirected(as_view=True), start)
        graph = graph.subgraph(keep).copy()
    graph.graph["legend"] = _legend(graph)
    return graph


def _normal(text: str) -> str:
    return "".join(text.split()).strip("《》")


def reference_index(documents: list[Document]) -> dict[str, str]:
    """Every way a document can be referred to (key, number, titles) → its key."""
    index: dict[str, str] = {}
    for d in documents:
        for form in (d.key, d.doc_number, d.title, d.attached_title):
            if form:
                index.setdefault(_normal(form), d.key)
    return index


def _relations(d: Document) -> list[tuple[str, str, str]]:
    """(relation, acting reference, acted-on reference) for one document's metadata."""
    rows = [("supersedes", d.key, ref) for ref in d.supersedes]
    rows += [("interprets", d.key, d.interprets)] if d.interprets else []
    rows += [("based-on", d.key, ref) for ref in d.basis]
    rows += [("abolishes", d.abolished_by, d.key)] if d.abolished_by else []
    return rows


def _node_for(graph: nx.DiGraph, index: dict[str, str], reference: str) -> str:
    key = index.get(_normal(reference))
    if key is not None:
        return network.doc_node(key)
    node = f"ref:{_normal(reference)}"
    if node not in graph:
        color, _ = styles.STATUSES["outside-corpus"]
        graph.add_node(node, node_type="external-document", label=network.truncate(reference, 16),
                       title=f"{reference}\n（语料外 outside the corpus）", shape="box",
                       color=color, size=20, status="outside-corpus")
    return node


def _add_relation(graph: nx.DiGraph, index: dict[str, str], relation: str, source: str,
                  target: str) -> None:
    a, b = _node_for(graph, index, source), _node_for(graph, index, target)
    if graph.has_edge(a, b):  # two relations between one pair: keep both names
        graph.edges[a, b]["relation"] += f",{relation}"
        graph.edges[a, b]["title"] += f"\n{styles.RELATIONS[relation][1]}"
        return
    color, label = styles.RELATIONS[relation]
    graph.add_edge(a, b, relation=relation, color=color, width=2.0, arrows="to",
                   dashes=relation == "based-on", title=label)


def _document_attrs(d: Document, state: str) -> dict:
    color, state_label = styles.STATUSES.get(state, styles.STATUSES["unknown"])
    dates = [f"{name}: {value.isoformat()}" for name, value in
             (("签发 signed", d.signed_date), ("施行 effective", d.effective_from),
              ("有效期至 expires", d.expires_on)) if value]
    lines = [x for x in (d.title, d.attached_title, d.doc_number, d.kind) if x] + dates
    lines += [f"状态 status: {state_label}", f"来源 source: {d.source_file}:{d.start_line}"]
    return {"node_type": "document", "label": network.doc_label(d, d.key), "shape": "box",
            "color": color, "size": 25, "status": state, "doc": d.key, "title": "\n".join(lines),
            "signed_date": d.signed_date.isoformat() if d.signed_date else ""}


def statuses(documents: list[Document], as_of: date) -> dict[str, str]:
    """Document key → validity status, from kg.documents.validity, or a fallback without it."""
    try:
        from ..documents.validity import statuses as validity_statuses
    except ImportError:
        docs = {d.key: d for d in documents}
        return {d.key: fallback_status(d, as_of, docs) for d in documents}
    return validity_statuses(documents, as_of)


def fallback_status(d: Document, as_of: date, docs: dict[str, Document]) -> str:
    """Status from the document's own dates and an abolishing document in the corpus."""
    abolisher = docs.get(d.abolished_by) if d.abolished_by else None
    if abolisher is not None:
        when = abolisher.effective_from or abolisher.signed_date
        if when is None or when <= as_of:
            return "abolished"
    start = d.effective_from or d.signed_date
    if start is not None and as_of < start:
        return "not-yet-in-force"
    if d.expires_on is not None and as_of > d.expires_on:
        return "expired"
    return "in-force" if start is not None else "unknown"


def _legend(graph: nx.DiGraph) -> list[dict]:
    states = {a.get("status") for _, a in graph.nodes(data=True)}
    relations = {r for _, _, rel in graph.edges(data="relation") for r in rel.split(",")}
    legend = [{"label": label, "color": color, "shape": "dot"}
              for state, (color, label) in styles.STATUSES.items() if state in states]
    legend += [{"label": label, "color": color, "shape": "dash" if rel == "based-on" else "line"}
               for rel, (color, label) in styles.RELATIONS.items() if rel in relations]
    return legend
