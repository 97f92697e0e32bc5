"""Documents over time, as a timeline: which supersedes, abolishes, interprets or is based on which.

x is the order of signing (else effective) dates with a tick where each year begins, one lane per
issuer; the page draws the year axis and the lane names. Nodes are documents coloured by their
validity status on a date; expired and abolished ones also have a dashed border and say so under
their number. References that name a document outside the corpus (a national law in 依据, an
older plan by title) become grey ``ref:`` nodes in the last lane, so the relation is shown
rather than dropped.
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
    timeline_positions(graph, corpus.documents)
    graph.graph.update(legend=_legend(graph), strip=False, lock_x=True, docs=network.doc_validity(corpus),
                       notes=["横轴 = 签发日期 x = signing date", "每行一个发文机关 one lane per issuer",
                              "虚线边框 = 已过期/已废止 dashed border = expired or abolished"])
    return graph


OUTSIDE_LANE = "语料外 outside the corpus"
UNDATED = "日期不明 undated"


def _day(d: Document | None) -> date | None:
    return (d.signed_date or d.effective_from) if d else None


TIMELINE_GAP = 3.5  # documents a label spans on a 1280 px screen: closer ones in a lane take a new row


def timeline_positions(graph: nx.DiGraph, documents: list[Document]) -> None:
    """x = the document's place in date order (undated first), y = its issuer's lane.

    The axis is ordinal, with a tick where each year begins: the corpus's documents come in
    bursts (a dozen in two months of 2024, none in 2022), and on a linear axis a burst is one
    unreadable pile. Within a lane, documents closer than a label's width take the next row;
    references outside the corpus share the last lane, under the first document citing them.
    """
    docs = {network.doc_node(d.key): d for d in documents}
    ordered = sorted((n for n in graph if n in docs), key=lambda n: (str(_day(docs[n]) or ""), n))
    rank = {n: float(i) for i, n in enumerate(ordered)}
    lanes: dict[str, list] = {}
    for node in ordered:
        d = docs[node]
        lanes.setdefault(d.issuers[0] if d.issuers else "其他 other", []).append((node, rank[node]))
    outside = [n for n in graph if n not in docs]
    citing = {n: min((rank[p] for p in graph.predecessors(n) if p in rank), default=0.0) for n in outside}
    if outside:  # one row, spread evenly over the axis in the order of the citing documents
        outside.sort(key=lambda n: (citing[n], n))
        last = max(len(ordered) - 1, 1)
        lanes[OUTSIDE_LANE] = [(n, last * i / max(len(outside) - 1, 1)) for i, n in enumerate(outside)]
    top, lane_rows = 0.0, []
    for lane, members in lanes.items():
        ends: list[float] = []
        for node, x in members:
            gap = 0 if lane == OUTSIDE_LANE else TIMELINE_GAP
            row = next((i for i, end in enumerate(ends) if x - end >= gap), None)
            if row is None:
                row = len(ends)
                ends.append(x)
            ends[row] = x
            graph.nodes[node]["pos"] = (x, top + row)
        lane_rows.append([top + (len(ends) - 1) / 2, network.truncate(lane, 12)])
        top += len(ends) + 0.6
    ticks, year = [], None
    for node in ordered:
        day = _day(docs[node])
        label = str(day.year) if day else UNDATED
        if label != year:
            ticks.append([rank[node] - 0.5, label])
            year = label
    graph.graph["axis"] = {"ticks": ticks, "lanes": lane_rows,
                           "min": min((graph.nodes[n]["pos"][0] for n in graph), default=0)}


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
                       title=f"{reference}\n（语料外 outside the corpus）", shape="dot",
                       color=color, size=6, status="outside-corpus", rank=0, name=reference,
                       search=[reference])
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
    ended = state in ("expired", "abolished")
    label = network.doc_label(d, d.key) + (f"\n{state_label.split()[0]}" if ended else "")
    return {"node_type": "document", "label": label, "shape": "box", "name": d.title or label,
            "summary": "\n".join(lines[1:]), "search": [x for x in (d.doc_number, d.title, d.key) if x],
            "shapeProperties": {"borderDashes": [6, 4] if ended else False}, "borderWidth": 2 if ended else 1,
            "color": color, "size": 25, "status": state, "doc": d.key, "title": "\n".join(lines),
            "rank": 10 + len(d.supersedes) + len(d.basis) + bool(d.interprets) + bool(d.abolished_by),
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
