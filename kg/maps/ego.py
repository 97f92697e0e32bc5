"""One agency's map: its duties across documents and the agencies it shares them with.

The agency sits in the middle; each of its duties hangs from the document that assigns it, and
links to the agency (solid when it leads, dashed when co-responsible) and to every other party of
the clause, styled by that party's role.
"""
from __future__ import annotations

import networkx as nx

from ..errors import InputError
from ..model import Corpus
from . import network


def build(corpus: Corpus, agency: str | None = None, doc: str | None = None) -> nx.DiGraph:
    """Build the ego map of one agency.

    Args:
        corpus: extracted records.
        agency: register id, short form or full name (required).
        doc: keep only this document's duties.

    Returns:
        A directed graph; the centre node has ``centre=True``.
    """
    if not agency:
        raise InputError("the agency map needs an agency: --agency NAME", where="kg map agency")
    centre = network.find_agency(corpus, agency)
    docs = network.documents_by_key(corpus)
    duties = network.select_duties(corpus, doc=doc, agency=agency)
    tallies = network.tally_agencies(duties)
    graph = nx.DiGraph(kind="agency", title=f"单位 Agency · {tallies[centre].name}" if duties else agency)
    for index, duty in enumerate(duties):
        doc_id = network.doc_node(duty.doc)
        if doc_id not in graph:
            found = docs.get(duty.doc)
            n_duties = sum(d.doc == duty.doc for d in duties)
            graph.add_node(doc_id, **network.document_attrs(found, duty.doc, n_duties))
        network.add_duty(graph, doc_id, duty, index, docs, tallies)
    if centre in graph:
        graph.nodes[centre].update(centre=True, size=40, borderWidth=4)
    graph.graph["legend"] = (network.node_type_legend(["document", "duty"])
                             + network.kind_legend(graph) + network.role_legend())
    return graph
