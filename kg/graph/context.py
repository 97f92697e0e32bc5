"""State shared by the term builders while one dataset is built.

The context owns the few decisions every builder needs the same way: which named graph a
document's triples go to, how a party becomes an agent IRI, how a cited document becomes an IRI,
and the per-provision clause counters that give duties their stable numbers.
"""
from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from rdflib import URIRef

from ..errors import KgError
from ..model import Party, Span
from . import iris
from .quads import GraphWriter, QuadSink, text
from .vocab import DCT, ELI, KG, ORG, PROV, RDF, RDFS, SKOS, kind_term

DOC_NUMBER = re.compile(r"^\S+〔\d{4}〕\d+号$")
"""A normalised document number (沪府办发〔2024〕8号). Document keys are these numbers, so a cited
number names the cited document's IRI even when that document is not in the corpus."""


def put(g: GraphWriter, subject: URIRef, predicate: URIRef, value: Any) -> None:
    """Add one triple unless the value is missing (None or empty string); plain values become
    typed literals (:func:`kg.graph.quads.literal`)."""
    if value is None or value == "":
        return
    if isinstance(value, URIRef):
        g.add((subject, predicate, value))
    else:
        g.put(subject, predicate, value)


def provenance(g: GraphWriter, subject: URIRef, span: Span, with_text: bool = True) -> None:
    """Link a fact to the file, lines and exact printed text it was read from."""
    source = iris.source(span.source_file)
    if source not in g.described:  # the same two quads for every fact of a file: written once
        g.described.add(source)
        g.add((source, RDF.type, PROV.Entity))
        g.put(source, RDFS.label, span.source_file)
    g.add((subject, PROV.wasDerivedFrom, source))
    put(g, subject, KG.sourceFile, span.source_file)
    put(g, subject, KG.startLine, span.start_line)
    put(g, subject, KG.endLine, span.end_line)
    put(g, subject, KG.page, span.page)
    if with_text:
        put(g, subject, KG.sourceText, span.text)


def agent_iri(party: Party) -> URIRef:
    """The agent a party names: the register agency when resolved, else ``party/<name>``."""
    return iris.agency(party.agency_id) if party.agency_id else iris.party(party.printed)


@dataclass
class BuildContext:
    """What the builders share while filling one :class:`QuadSink`."""

    sink: QuadSink
    register: Any = None
    doc_keys: frozenset[str] = frozenset()
    _counters: Counter = field(default_factory=Counter)
    _provisions: set[tuple[str, str]] = field(default_factory=set)

    def graph(self, doc_key: str, where: str | None = None) -> GraphWriter:
        """The named graph of a corpus document; a fact of an unknown document is an error."""
        if doc_key not in self.doc_keys:
            raise KgError(f"fact refers to document {doc_key!r}, which the corpus does not hold", where)
        return self.sink.graph(iris.doc_graph(doc_key))

    def number(self, *key: str) -> int:
        """The next 1-based number within ``key`` (e.g. one provision's clauses)."""
        self._counters[key] += 1
        return self._counters[key]

    def agent(self, g: GraphWriter, party: Party, where: str | None = None) -> URIRef:
        """The agent IRI of a party; unresolved parties get their label and kind in ``g``."""
        if party.agency_id:
            self._check_agency(party.agency_id, where)
            node = iris.agency(party.agency_id)
            found = self.register.get(party.agency_id) if self.register is not None else None
            if getattr(found, "inferred", False):  # not in graph/agencies: its minimal description here
                g.add((node, RDF.type, ORG.Organization))
                g.put(node, DCT.identifier, found.id)
                g.add((node, SKOS.prefLabel, text(found.name, "zh")))
                g.add((node, KG.agencyKind, KG[found.kind]))
                g.put(node, KG.jurisdiction, found.jurisdiction)
                g.put(node, KG.nameInferred, True)
            return node
        node = iris.party(party.printed)
        if (node, party.kind) not in g.described:  # a party named in many clauses: described once
            g.described.add((node, party.kind))
            g.add((node, RDF.type, KG.UnresolvedParty))
            g.add((node, SKOS.prefLabel, text(iris.normalise_name(party.printed), "zh")))
            g.add((node, KG.agencyKind, kind_term(party.kind)))
        return node

    def named_agent(self, g: GraphWriter, name: str, on: date | None = None, where: str | None = None) -> URIRef:
        """An agent from a full printed name (issuers): the register's answer, else a party."""
        agency_id = _resolve_id(self.register, name, on)
        if agency_id:
            return iris.agency(agency_id)
        return self.agent(g, Party(printed=name, kind="unknown"), where)

    def document_ref(self, ref: str) -> URIRef | None:
        """The IRI of a cited document when the citation is a key or a document number."""
        if ref in self.doc_keys or DOC_NUMBER.match(ref):
            return iris.document(ref)
        return None

    def provision(self, g: GraphWriter, doc_key: str, path: str, heading: str = "") -> URIRef:
        """The provision node, created minimally when no Provision record declared it."""
        node = iris.provision(doc_key, path)
        if (doc_key, path) not in self._provisions:
            self._provisions.add((doc_key, path))
            doc = iris.document(doc_key)
            g.add((node, RDF.type, KG.Provision))
            g.add((node, RDF.type, ELI.LegalResourceSubdivision))
            g.put(node, KG.path, path)
            g.add((node, KG.inDocument, doc))
            g.add((node, ELI.is_part_of, doc))
            put(g, node, KG.level, "" if path else "body")
            put(g, node, KG.heading, heading if path else "")
        return node

    def declare_provision(self, doc_key: str, path: str) -> bool:
        """Mark a provision as built; False when the document already declared that path."""
        if (doc_key, path) in self._provisions:
            return False
        self._provisions.add((doc_key, path))
        return True

    def _check_agency(self, agency_id: str, where: str | None) -> None:
        if self.register is None:
            return
        try:
            found = self.register.get(agency_id)
        except KeyError:
            found = None
        if found is None:
            raise KgError(f"agency id {agency_id!r} is not in the agency register", where)


def _resolve_id(register: Any, name: str, on: date | None) -> str | None:
    """Ask the register for an agency id; anything but a clear answer means unresolved."""
    if register is None:
        return None
    answer = register.resolve(name, on=on)
    if isinstance(answer, str):
        return answer or None
    agency_id = getattr(answer, "id", None) or getattr(answer, "agency_id", None)
    return agency_id if isinstance(agency_id, str) and agency_id else None


def where(span: Span) -> str:
    """``file:line`` for error messages."""
    return f"{span.source_file}:{span.start_line}"


__all__ = ["BuildContext", "agent_iri", "provenance", "put", "where"]
