"""Aggregates materialised at build time into ``graph/derived``.

Grouping over every duty at query time is slow (rdflib#2181; even Oxigraph takes seconds at
100k duties), so the coordination pairs and per-agent counts that the maps and queries need are
computed once here. Title citations are also resolved here, against the whole corpus, so that a
document's own named graph never depends on which other documents were read with it.
"""
from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable
from itertools import combinations

from rdflib import URIRef

from ..model import Corpus, Document, Duty
from . import iris
from .context import agent_iri
from .quads import GraphWriter, literal
from .vocab import ELI, KG, RDF

_TITLE_NOISE = re.compile(r"[\s《》〈〉]")


def add_derived(g: GraphWriter, corpus: Corpus) -> None:
    """Fill ``g`` (the graph/derived named graph) from the whole corpus, in a fixed order."""
    add_coordination(g, corpus.duties)
    add_title_links(g, corpus.documents)


def _agents(duty: Duty) -> tuple[URIRef | None, list[URIRef]]:
    lead = agent_iri(duty.lead) if duty.lead else None
    co = [agent_iri(p) for p in duty.co]
    return lead, co


def add_coordination(g: GraphWriter, duties: Iterable[Duty]) -> None:
    """kg:CoordinationPair for every two agents named in one clause, and per-agent counts."""
    shared: Counter[tuple[URIRef, URIRef]] = Counter()
    led: Counter[tuple[URIRef, URIRef]] = Counter()  # (lead, co)
    leads: Counter[URIRef] = Counter()
    cos: Counter[URIRef] = Counter()
    for duty in duties:
        lead, co = _agents(duty)
        named = sorted({a for a in [lead, *co] if a is not None})
        shared.update(combinations(named, 2))
        if lead is not None:
            leads[lead] += 1
            led.update((lead, c) for c in set(co) if c != lead)
        cos.update(set(co) - {lead})
    for (a, b), count in sorted(shared.items()):
        node = iris.pair(a, b)
        g.add((node, RDF.type, KG.CoordinationPair))
        g.add((node, KG.agentA, a))
        g.add((node, KG.agentB, b))
        g.add((node, KG.sharedDuties, literal(count)))
        g.add((node, KG.aLeadsB, literal(led[(a, b)])))
        g.add((node, KG.bLeadsA, literal(led[(b, a)])))
    for agent in sorted(leads.keys() | cos.keys()):
        g.add((agent, KG.leadCount, literal(leads[agent])))
        g.add((agent, KG.coCount, literal(cos[agent])))


def _title_key(title: str) -> str:
    return _TITLE_NOISE.sub("", title)


def add_title_links(g: GraphWriter, documents: list[Document]) -> None:
    """eli:based_on / eli:repeals / kg:interprets where a cited title names a corpus document."""
    by_title: dict[str, set[str]] = {}
    for doc in documents:
        for title in (doc.title, doc.attached_title):
            if title:
                by_title.setdefault(_title_key(title), set()).add(doc.key)
    for doc in documents:
        cited = [(ELI.based_on, t) for t in doc.basis] + [(ELI.repeals, t) for t in doc.supersedes]
        if doc.interprets:
            cited.append((KG.interprets, doc.interprets))
        for predicate, title in cited:
            keys = by_title.get(_title_key(title), set()) - {doc.key}
            if len(keys) == 1:  # an ambiguous title links nothing rather than a guess
                g.add((iris.document(doc.key), predicate, iris.document(keys.pop())))
