"""Aggregates materialised at build time into ``graph/derived``.

Grouping over every duty at query time is slow (rdflib#2181; even Oxigraph takes seconds at
100k duties, and it does not push a bound parameter into a grouping sub-query), so what the maps
and catalogue queries aggregate is computed once here: coordination pairs, per-agent totals,
per (agent, document) workloads, each clause's parties as printed (no GROUP_CONCAT, whose order
SPARQL leaves open), each agent's duties and the indicators as ordered lists (rdf:Seq, so that a
page of a stored query is a lookup per row; SPARQL's LIMIT takes no parameter), one display
name per agent (a label read through the union default graph repeats once per document graph),
replaced agencies' current successors, indicators' leads and programmes' documents and amounts
as joined texts, with one kg:Responsibility per (programme, agency). Nodes
are added in sorted key order and derived IRIs are digests of stable keys, so builds stay
byte-identical. Title citations are also resolved here, against the whole corpus, so that a
document's own named graph never depends on which other documents were read with it.
"""
from __future__ import annotations

import hashlib
import re
from collections import Counter
from collections.abc import Iterable
from itertools import combinations

from rdflib import URIRef

from ..model import Corpus, Document, Duty, Entity, Indicator, Party
from . import iris
from .context import agent_iri, put
from .quads import GraphWriter, text
from .vocab import BASE, ELI, KG, RDF

_TITLE_NOISE = re.compile(r"[\s《》〈〉]")
_SEPARATOR = "、"  # as parties are printed in a clause
_AMOUNT_SEPARATOR = "；"


def add_derived(g: GraphWriter, corpus: Corpus) -> None:
    """Fill ``g`` (the graph/derived named graph) from the whole corpus, in a fixed order."""
    shared, totals = add_coordination(g, corpus.duties)
    names = add_display_names(g, corpus)
    add_pair_list(g, shared, names)
    add_successors(g, corpus.duties)
    add_indicator_texts(g, corpus, names)
    add_entity_listings(g, corpus, names)
    numbered = number_duties(corpus.duties)
    add_duty_texts(g, numbered)
    numbers = {d.key: d.doc_number for d in corpus.documents}
    add_workloads(g, numbered, totals, numbers)
    add_duty_lists(g, numbered, numbers)
    add_indicator_lists(g, corpus.indicators, numbers)
    add_title_links(g, corpus.documents)
    add_in_force_from(g, corpus.documents)


def number_duties(duties: Iterable[Duty]) -> list[tuple[URIRef, Duty]]:
    """Each duty with its IRI, from the number set once on the record (kg.numbering), in
    (document, provision, number) order."""
    return [(iris.duty(d.doc, d.provision, d.number), d)
            for d in sorted(duties, key=lambda d: (d.doc, d.provision, d.number))]


def add_duty_texts(g: GraphWriter, numbered: list[tuple[URIRef, Duty]]) -> None:
    """kg:partiesText, kg:leadText and kg:coText: the printed names in printed order, joined
    with 、, so that a document's duties (joint leads included) are listed one row each, without
    GROUP_CONCAT (whose order SPARQL leaves open)."""
    for node, duty in sorted(numbered, key=lambda item: str(item[0])):
        put(g, node, KG.partiesText, _SEPARATOR.join(p.printed for p in duty.parties))
        put(g, node, KG.leadText, _SEPARATOR.join(p.printed for p in duty.leads))
        put(g, node, KG.coText, _SEPARATOR.join(p.printed for p in duty.parties if p.role == "co"))


_ROLE_SLOT = {"lead": 0, "co": 1}


def add_workloads(g: GraphWriter, numbered: list[tuple[URIRef, Duty]], totals: dict[URIRef, tuple[int, int]],
                  numbers: dict[str, str | None]) -> None:
    """A kg:Workload per (agent, document): how many clauses of the document name the agent as
    lead and as co-responsible party (one count per printed party, as the party roles are); and
    kg:WorkloadLists (rdf:Seq) in the order agency-workload lists them (the agent's totals, the
    agent, its lead count, document number, document): every workload's and each agent's."""
    counts: dict[tuple[URIRef, str], list[int]] = {}  # (agent, document) → [lead, co] party roles
    for _, duty in numbered:
        for party in duty.parties:
            key = (agent_iri(party), duty.doc)
            found = counts.get(key)
            if found is None:
                found = counts[key] = [0, 0]
            if party.role in _ROLE_SLOT:
                found[_ROLE_SLOT[party.role]] += 1
    texts = {agent: str(agent) for agent, _ in counts}  # each agent's IRI as a plain str, once
    order = []
    for (agent, doc_key), (lead, co) in sorted(counts.items(), key=lambda item: (texts[item[0][0]], item[0][1])):
        agent_text = texts[agent]
        node, document = _derived_iri("workload", agent_text, doc_key), iris.document(doc_key)
        g.add((node, RDF.type, KG.Workload))
        g.add((node, KG.forAgent, agent))
        g.add((node, KG.inDocument, document))
        g.put(node, KG.leadCount, lead)
        g.put(node, KG.coCount, co)
        lead_total, co_total = totals.get(agent, (0, 0))
        number = numbers.get(doc_key)
        order.append(((-lead_total, -co_total, agent_text, -lead, bool(number), number or "", str(document)),
                      agent_text, f"<{node}>"))
    lists: dict[str, list[str]] = {}
    for _, agent, member in sorted(order):
        lists.setdefault(f"{BASE}derived", []).append(member)
        lists.setdefault(agent, []).append(member)
    for scope, members in sorted(lists.items()):
        node = iris.minted(f"{scope}/workload-list")  # the agency-workload query computes this IRI
        g.add((node, RDF.type, KG.WorkloadList))
        _add_members(g, node, members)


def add_duty_lists(g: GraphWriter, numbered: list[tuple[URIRef, Duty]], numbers: dict[str, str | None]) -> None:
    """A kg:DutyList (an rdf:Seq) per agent and role ("lead", "co", and "any" for both): its
    party roles as members rdf:_1, rdf:_2 … in the order agency-duties lists them (document
    number, document, line, role, duty). A page of that query is then a VALUES block of member
    properties, one index lookup per row, instead of every party role of the agent fetched and
    sorted (5,290 for 市科委 at 1M quads: 3 s on disk, issue 17)."""
    rows = []
    texts: dict[URIRef, str] = {}  # an agent's IRI as a plain str, made once
    for node, duty in numbered:
        number = numbers.get(duty.doc)
        head = (bool(number), number or "", str(iris.document(duty.doc)), duty.span.start_line)
        duty_text = str(node)
        for position, party in enumerate(duty.parties, start=1):
            agent = agent_iri(party)
            agent_text = texts.get(agent) or texts.setdefault(agent, str(agent))
            rows.append((agent_text, head, party.role, duty_text, position))
    rows.sort()
    lists: dict[tuple[str, str], list[str]] = {}
    for agent, _, role, node, position in rows:
        member = f"<{node}/party/{position}>"  # iris.party_role's IRI: a valid duty IRI and a number
        lists.setdefault((agent, "any"), []).append(member)
        lists.setdefault((agent, role), []).append(member)
    for (agent, role), members in sorted(lists.items()):
        node = _derived_iri("duty-list", agent, role)
        g.add((node, RDF.type, KG.DutyList))
        g.add((node, KG.listedAgent, agent))
        g.put(node, KG.listedRole, role)
        _add_members(g, node, members)


def add_indicator_lists(g: GraphWriter, indicators: Iterable[Indicator], numbers: dict[str, str | None]) -> None:
    """kg:IndicatorLists (rdf:Seq) in the order the indicators query lists them (document number,
    line, name): ``derived/indicator-list`` of every indicator and ``doc/<key>/indicator-list``
    of each document's, so that a page of either is a VALUES block of member properties (one
    lookup a row) rather than 6,302 indicators fetched and sorted at 1M quads."""
    rows = []
    for ind in indicators:
        number = numbers.get(ind.doc)
        node = iris.indicator(ind.doc, ind.table or "text", ind.name, ind.number)
        rows.append((bool(number), number or "", ind.span.start_line, ind.name, f"<{node}>", ind.doc))
    rows.sort()
    lists: dict[str, list[str]] = {}
    for *_, member, doc in rows:
        lists.setdefault(f"{BASE}derived", []).append(member)
        lists.setdefault(str(iris.document(doc)), []).append(member)
    for scope, members in sorted(lists.items()):
        node = iris.minted(f"{scope}/indicator-list")  # the indicators query computes this IRI
        g.add((node, RDF.type, KG.IndicatorList))
        _add_members(g, node, members)


_MEMBER = str(RDF) + "_"


def _add_members(g: GraphWriter, node: URIRef, members: list[str]) -> None:
    """rdf:_1 … rdf:_n from ``node`` to the members (N-Triples IRIs), in their order; written as
    lines, since 87k member IRIs validated one by one were a third of graph/derived's time."""
    head = f"<{node}> <{_MEMBER}"
    tail = f" {g.name} .\n"
    g.lines.extend(f"{head}{n}> {member}{tail}" for n, member in enumerate(members, start=1))


def _derived_iri(kind: str, *keys: str) -> URIRef:
    """``derived/<kind>/<digest>``: a short digest of the keys, which may be long IRIs."""
    digest = hashlib.sha1("\n".join(keys).encode()).hexdigest()[:16]
    return iris.minted(f"{BASE}derived/{kind}/{digest}")


def _agents(duty: Duty) -> tuple[list[URIRef], list[URIRef]]:
    """The duty's lead agents (joint leads: several) and its co-responsible agents."""
    leads = list(dict.fromkeys(agent_iri(p) for p in duty.leads))
    return leads, [agent_iri(p) for p in duty.co]


def add_coordination(g: GraphWriter, duties: Iterable[Duty]
                     ) -> tuple[Counter[tuple[URIRef, URIRef]], dict[URIRef, tuple[int, int]]]:
    """kg:CoordinationPair for every two agents named in one clause, and per-agent counts.

    Each of a duty's joint leads leads each co-responsible party (kg:aLeadsB); two joint leads
    share the duty without either leading the other. Returns the shared-duty count of each pair
    and each agent's (lead, co) totals, which the lists of pairs and workloads are ordered by."""
    shared: Counter[tuple[URIRef, URIRef]] = Counter()
    led: Counter[tuple[URIRef, URIRef]] = Counter()  # (lead, co)
    leads: Counter[URIRef] = Counter()
    cos: Counter[URIRef] = Counter()
    for duty in duties:
        duty_leads, co = _agents(duty)
        named = sorted({*duty_leads, *co})
        shared.update(combinations(named, 2))
        for lead in duty_leads:
            leads[lead] += 1
            led.update((lead, c) for c in set(co) if c not in duty_leads)
        cos.update(set(co) - set(duty_leads))
    for (a, b), count in sorted(shared.items()):
        node = iris.pair(a, b)
        g.add((node, RDF.type, KG.CoordinationPair))
        g.add((node, KG.agentA, a))
        g.add((node, KG.agentB, b))
        g.put(node, KG.sharedDuties, count)
        g.put(node, KG.aLeadsB, led[(a, b)])
        g.put(node, KG.bLeadsA, led[(b, a)])
    totals = {}
    for agent in sorted(leads.keys() | cos.keys()):
        g.put(agent, KG.leadCount, leads[agent])
        g.put(agent, KG.coCount, cos[agent])
        totals[agent] = (leads[agent], cos[agent])
    return shared, totals


def add_pair_list(g: GraphWriter, shared: Counter[tuple[URIRef, URIRef]], names: dict[URIRef, str]) -> None:
    """The kg:PairList (an rdf:Seq) of every coordination pair in the order agency-pairs lists
    them (shared duties, most first, then the two agents' display names and IRIs): a page is a
    lookup a row, and the query's ``min_shared`` filter only cuts the list's tail."""
    order = sorted((-count, names.get(a, ""), names.get(b, ""), str(a), str(b), f"<{iris.pair(a, b)}>")
                   for (a, b), count in shared.items())
    if order:
        node = iris.minted(f"{BASE}derived/pair-list")
        g.add((node, RDF.type, KG.PairList))
        _add_members(g, node, [row[-1] for row in order])


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


# ---- one value per subject: what the union default graph would otherwise repeat --------------

def display_name(party: Party) -> str:
    """The agent's zh name: the register's full name, else the party's normalised printed name
    (its skos:prefLabel, which each document graph naming it repeats)."""
    if party.agency_id:
        from ..agencies import default_register  # the register graph/agencies is read from

        register = default_register()
        if party.agency_id in register:
            return register.get(party.agency_id).name
    return iris.normalise_name(party.printed)


def _parties(corpus: Corpus) -> Iterable[Party]:
    for duty in corpus.duties:
        yield from duty.parties
    for indicator in corpus.indicators:
        yield from indicator.leads
    for entity in corpus.entities:
        yield from entity.agencies


def add_display_names(g: GraphWriter, corpus: Corpus) -> dict[URIRef, str]:
    """kg:displayName, one per agent named anywhere or succeeding a replaced lead: a label lookup
    in the union default graph returns an unresolved party's label once per document graph
    (which forced GROUP BY), and a language filter on the register's labels is slow. Returns them."""
    from ..agencies import default_register

    names: dict[URIRef, str] = {}
    for party in _parties(corpus):
        agent = agent_iri(party)
        if agent not in names:  # the first party naming an agent names it (80k parties, 2k agents)
            names[agent] = display_name(party)
    for bodies in current_successors(corpus.duties).values():
        for body in bodies:
            names.setdefault(iris.agency(body), default_register().get(body).name)
    for agent in sorted(names):
        g.add((agent, KG.displayName, text(names[agent], "zh")))
    return names


def _name(names: dict[URIRef, str], party: Party) -> str:
    """The party's display name: its agent's, when :func:`add_display_names` named it."""
    found = names.get(agent_iri(party))
    return found if found is not None else display_name(party)


def current_successors(duties: Iterable[Duty]) -> dict[str, list[str]]:
    """Each replaced lead agency (any of a duty's joint leads) and its current bodies: the
    ends of its dct:isReplacedBy chain."""
    from ..agencies import default_register

    register = default_register()
    ids = sorted({p.agency_id for d in duties for p in d.leads if p.agency_id in register})
    found = {i: [b.id for b in register.successors(i) if not b.replaced_by] for i in ids}
    return {i: bodies for i, bodies in found.items() if bodies}


def add_successors(g: GraphWriter, duties: Iterable[Duty]) -> None:
    """kg:successor from each replaced lead agency to its current bodies: a property path joined
    with the duties makes Oxigraph scan every kg:lead of the graph, a direct lookup does not."""
    for agency_id, bodies in current_successors(duties).items():
        for body in bodies:
            g.add((iris.agency(agency_id), KG.successor, iris.agency(body)))


def add_indicator_texts(g: GraphWriter, corpus: Corpus, names: dict[URIRef, str]) -> None:
    """kg:leadsText: an indicator's lead agencies' names in printed order, joined with 、
    (empty when it names none), so that the indicator list needs no GROUP_CONCAT. ``names``:
    each agent's display name (:func:`add_display_names`)."""
    rows = []
    for ind in corpus.indicators:
        node = iris.indicator(ind.doc, ind.table or "text", ind.name, ind.number)
        rows.append((node, _SEPARATOR.join(dict.fromkeys(_name(names, p) for p in ind.leads))))
    for node, leads in sorted(rows, key=lambda row: str(row[0])):
        g.put(node, KG.leadsText, leads)


def add_entity_listings(g: GraphWriter, corpus: Corpus, names: dict[URIRef, str]) -> None:
    """Per programme, fund or platform: its name, kind and the numbers of the documents that
    name, create or fund it and the amounts stated, joined (kg:displayName, kg:entityKind,
    kg:documentsText, kg:establishedText, kg:amountsText, kg:fundsText, kg:administeredByText) and a
    kg:Responsibility node per (entity, responsible or administering agency). Grouping the mentions at
    query time took 4.6 s at 11k rows. ``names``: each agent's display name."""
    numbers = {d.key: d.doc_number for d in corpus.documents}
    by_entity: dict[URIRef, list[Entity]] = {}
    for entity in sorted(corpus.entities, key=lambda e: (e.doc, e.provision, e.span.start_line)):
        by_entity.setdefault(iris.entity(entity.kind, entity.id), []).append(entity)
    for node in sorted(by_entity):
        mentions = by_entity[node]
        agents = sorted({agent_iri(p) for e in mentions for p in e.agencies + e.administered_by})
        if not agents:
            continue
        name, kind = mentions[0].name, mentions[0].kind
        documents = sorted({numbers.get(e.doc) or "" for e in mentions} - {""})
        established = sorted({numbers.get(e.doc) or "" for e in mentions if e.relation == "creates"} - {""})
        amounts = dict.fromkeys(a.text for e in mentions for a in e.amounts if a.text)
        g.add((node, KG.displayName, text(name, "zh")))
        g.put(node, KG.entityKind, kind)
        g.put(node, KG.documentsText, _SEPARATOR.join(documents))
        g.put(node, KG.establishedText, _SEPARATOR.join(established))
        g.put(node, KG.amountsText, _AMOUNT_SEPARATOR.join(amounts))
        funded = dict.fromkeys(f.target for e in mentions for f in e.funds)
        g.put(node, KG.fundsText, _AMOUNT_SEPARATOR.join(funded))
        admins = dict.fromkeys(_name(names, p) for e in mentions for p in e.administered_by)
        g.put(node, KG.administeredByText, _SEPARATOR.join(admins))
        for agent in agents:
            row = _derived_iri("responsibility", str(node), str(agent))
            g.add((row, RDF.type, KG.Responsibility))
            g.add((row, KG.forEntity, node))
            g.add((row, KG.forAgent, agent))


def add_in_force_from(g: GraphWriter, documents: list[Document]) -> None:
    """kg:inForceFrom: the day a corpus document takes effect, else the day it was signed (the
    start documents-in-force judges validity from, as agency-duties computes it), so that it
    reads one value per document from graph/derived instead of two OPTIONALs each."""
    for doc in sorted(documents, key=lambda d: d.key):
        put(g, iris.document(doc.key), KG.inForceFrom, doc.effective_from or doc.signed_date)
