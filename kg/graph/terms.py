"""Term builders: one function per record type, each writing its triples into its document's graph.

``BUILDERS`` maps a record type to its builder; :func:`kg.graph.building.build_dataset` walks the
corpus through it, so a new record type is a new entry, never a branch in one long function.
"""
from __future__ import annotations

from collections.abc import Callable
from typing import Any

from rdflib import URIRef

from ..model import Document, Duty, Entity, Indicator, Provision
from . import iris
from .context import BuildContext, provenance, put, where
from .quads import GraphWriter, literal, text
from .vocab import DCT, ELI, KG, NOT_IN_FORCE, RDF, SKOS

ENTITY_CLASSES: dict[str, URIRef] = {
    "programme": KG.Programme,
    "fund": KG.Fund,
    "platform": KG.Platform,
}
"""``Entity.kind`` → class."""

ROLES = ("lead", "co")
"""``Party.role`` values; shapes.ttl repeats them as sh:in."""

LEAD_RULES = ("explicit", "first-listed", "document-rule", "table-column", "single")
"""``Duty.rule`` values (how the leads were decided); shapes.ttl repeats them as sh:in."""


def add_document(ctx: BuildContext, doc: Document) -> None:
    """The document: ELI metadata, issuers, citations, dates, then its provisions."""
    g = ctx.graph(doc.key, where(doc.span))
    s = iris.document(doc.key)
    g.add((s, RDF.type, ELI.LegalResource))
    put(g, s, DCT.identifier, doc.key)
    put(g, s, ELI.id_local, doc.doc_number)
    put(g, s, ELI.title, doc.title)
    put(g, s, KG.attachedTitle, doc.attached_title)
    if doc.english_title:
        g.add((s, KG.englishTitle, text(doc.english_title, "en")))
    if doc.kind:
        g.add((s, ELI.type_document, iris.doctype(doc.kind)))
        g.add((iris.doctype(doc.kind), RDF.type, SKOS.Concept))
        g.add((iris.doctype(doc.kind), SKOS.prefLabel, text(doc.kind, "zh")))
    _add_dates(g, s, doc)
    for name in doc.issuers:
        g.add((s, ELI.passed_by, ctx.named_agent(g, name, doc.signed_date, where(doc.span))))
        put(g, s, KG.issuerName, name)
    _add_citations(ctx, g, s, doc)
    provenance(g, s, doc.span, with_text=False)
    for provision in doc.provisions:
        add_provision(ctx, g, doc.key, provision)


def _add_dates(g: GraphWriter, s: URIRef, doc: Document) -> None:
    put(g, s, ELI.date_document, doc.signed_date)
    put(g, s, ELI.first_date_entry_in_force, doc.effective_from)
    put(g, s, KG.expiresOn, doc.expires_on)
    put(g, s, ELI.date_no_longer_in_force, doc.expires_on)
    if doc.abolished_by:
        g.add((s, ELI.repealed_by, iris.document(doc.abolished_by)))
        g.add((s, ELI.in_force, NOT_IN_FORCE))
        put(g, s, KG.status, "abolished")


def _add_citations(ctx: BuildContext, g: GraphWriter, s: URIRef, doc: Document) -> None:
    """Cited documents: an IRI when cited by key or number, else the printed title.

    Titles are matched to corpus documents only in graph/derived, so that a document's own graph
    never changes when another document is added to the corpus.
    """
    cited = [(ELI.repeals, KG.repealsTitle, ref) for ref in doc.supersedes]
    cited += [(ELI.based_on, KG.basisTitle, ref) for ref in doc.basis]
    if doc.interprets:
        cited.append((KG.interprets, KG.interpretsTitle, doc.interprets))
    for by_iri, by_title, ref in cited:
        target = ctx.document_ref(ref)
        g.add((s, by_iri, target) if target else (s, by_title, literal(ref)))


def add_provision(ctx: BuildContext, g: GraphWriter, doc_key: str, p: Provision) -> None:
    """A numbered provision, part of its parent provision (or of the document at the top)."""
    s = iris.provision(doc_key, p.path)
    if not ctx.declare_provision(doc_key, p.path):
        raise ValueError(f"{where(p.span)}: provision {p.path!r} of {doc_key} appears twice")
    doc = iris.document(doc_key)
    g.add((s, RDF.type, KG.Provision))
    g.add((s, RDF.type, ELI.LegalResourceSubdivision))
    g.put(s, KG.path, p.path)
    g.add((s, KG.inDocument, doc))
    parent = p.path.rsplit(".", 1)[0] if "." in p.path else ""
    g.add((s, ELI.is_part_of, iris.provision(doc_key, parent) if parent else doc))
    put(g, s, KG.marker, p.marker)
    put(g, s, KG.level, p.level)
    put(g, s, KG.heading, p.heading)
    provenance(g, s, p.span, with_text=False)


def add_duty(ctx: BuildContext, duty: Duty) -> None:
    """A clause, numbered within its provision, with its parties in printed order: one kg:lead
    per lead party (joint leads), the printed role words, the lead rule and the time limit
    (kg:deadlineText as printed, kg:deadline as an xsd:date when it names a day)."""
    at = where(duty.span)
    g = ctx.graph(duty.doc, at)
    s = iris.duty(duty.doc, duty.provision, duty.number)
    provision = ctx.provision(g, duty.doc, duty.provision, duty.heading)
    g.add((s, RDF.type, KG.Duty))
    g.add((s, KG.provision, provision))
    g.add((provision, KG.duty, s))
    g.add((s, KG.inDocument, iris.document(duty.doc)))
    put(g, s, KG.heading, duty.heading)
    put(g, s, KG.label, duty.label)
    put(g, s, KG.clauseText, duty.raw)
    put(g, s, KG.form, duty.form)
    put(g, s, KG.statedInText, duty.stated_in_text)
    put(g, s, KG.roleText, duty.role_text)
    put(g, s, KG.leadRule, duty.rule)
    put(g, s, KG.deadlineText, duty.deadline_text)
    put(g, s, KG.deadline, duty.deadline)
    for position, party in enumerate(duty.parties, start=1):
        agent = ctx.agent(g, party, at)
        role = iris.party_role(s, position)
        g.add((s, KG.party, role))
        g.add((role, RDF.type, KG.PartyRole))
        put(g, role, KG.position, position)
        put(g, role, KG.role, party.role)
        put(g, role, KG.printedName, party.printed)
        put(g, role, KG.roleWord, party.role_word)
        g.add((role, KG.agent, agent))
        g.add((s, KG.lead if party.role == "lead" else KG.coResponsible, agent))
    provenance(g, s, duty.span)


def add_indicator(ctx: BuildContext, ind: Indicator) -> None:
    """A target; a name repeated within one table gets ``~2``, ``~3`` … in printed order."""
    at = where(ind.span)
    g = ctx.graph(ind.doc, at)
    table = ind.table or "text"
    s = iris.indicator(ind.doc, table, ind.name, ind.number)
    g.add((s, RDF.type, KG.Indicator))
    g.add((s, KG.inDocument, iris.document(ind.doc)))
    if ind.provision:
        g.add((s, KG.provision, ctx.provision(g, ind.doc, ind.provision)))
    g.add((s, SKOS.prefLabel, text(ind.name, "zh")))
    for predicate, value in (
        (KG.indicatorTable, table), (KG.category, ind.category), (KG.unit, ind.unit),
        (KG.target, ind.target), (KG.comparator, ind.comparator), (KG.targetValue, ind.value),
        (KG.targetValueMax, ind.value_max), (KG.targetYear, ind.year),
        (KG.indicatorType, ind.type), (KG.baseline, ind.baseline), (KG.valueUnit, ind.value_unit),
    ):
        put(g, s, predicate, value)
    for party in ind.leads:
        g.add((s, KG.leadAgency, ctx.agent(g, party, at)))
    provenance(g, s, ind.span)


def add_entity(ctx: BuildContext, entity: Entity) -> None:
    """A programme, fund or platform as named in one document, with agencies and amounts."""
    at = where(entity.span)
    g = ctx.graph(entity.doc, at)
    cls = ENTITY_CLASSES.get(entity.kind)
    if cls is None:
        raise ValueError(f"{at}: unknown entity kind {entity.kind!r}; valid: {', '.join(ENTITY_CLASSES)}")
    s, doc = iris.entity(entity.kind, entity.id), iris.document(entity.doc)
    g.add((s, RDF.type, cls))
    g.add((s, SKOS.prefLabel, text(entity.name, "zh")))
    g.add((s, KG.mentionedIn, doc))
    _add_relation(g, s, doc, entity.relation, at)
    for party in entity.agencies:
        g.add((s, KG.responsibleAgency, ctx.agent(g, party, at)))
    for n, amount in enumerate(entity.amounts, start=1):
        _add_amount(g, s, iris.amount(s, entity.doc, entity.provision, n), amount, entity.span, purpose=True)
    _add_funding(ctx, g, s, entity, at)


def _add_amount(g: GraphWriter, owner: URIRef, node: URIRef, amount, span, purpose: bool) -> None:
    """An amount of money stated for an entity or a funded purpose: yuan, text, cap, share."""
    g.add((owner, KG.amount, node))
    g.add((node, RDF.type, KG.Amount))
    put(g, node, KG.amountYuan, amount.yuan)
    put(g, node, KG.amountText, amount.text)
    put(g, node, KG.isCap, amount.cap)
    put(g, node, KG.share, amount.share)
    if purpose:  # a funded purpose names its purpose itself (its label)
        put(g, node, KG.purpose, amount.purpose)
    provenance(g, node, span)


def _add_funding(ctx: BuildContext, g: GraphWriter, s: URIRef, entity: Entity, at: str) -> None:
    """kg:funds (fund → what it supports, with amounts) and kg:administers (agency → fund)."""
    for n, funding in enumerate(entity.funds, start=1):
        node = iris.funding(s, entity.doc, n)
        g.add((s, KG.funds, node))
        g.add((node, RDF.type, KG.FundedPurpose))
        g.add((node, SKOS.prefLabel, text(funding.target, "zh")))
        if funding.target_id and funding.target_kind in ENTITY_CLASSES:
            g.add((s, KG.funds, iris.entity(funding.target_kind, funding.target_id)))
        for k, amount in enumerate(funding.amounts, start=1):
            _add_amount(g, node, iris.funding_amount(node, k), amount, funding.span, purpose=False)
        provenance(g, node, funding.span)
    for party in entity.administered_by:
        g.add((ctx.agent(g, party, at), KG.administers, s))


def _add_relation(g: GraphWriter, s: URIRef, doc: URIRef, relation: str, at: str) -> None:
    if relation == "creates":
        g.add((s, KG.establishedBy, doc))
    elif relation == "funds":
        g.add((doc, KG.funds, s))
    elif relation != "mentions":
        raise ValueError(f"{at}: unknown entity relation {relation!r}; valid: creates, funds, mentions")


BUILDERS: dict[type, Callable[[BuildContext, Any], None]] = {
    Document: add_document,
    Duty: add_duty,
    Indicator: add_indicator,
    Entity: add_entity,
}
"""Record type → builder. Provisions are built with their document."""
