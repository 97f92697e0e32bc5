"""Namespaces and vocabulary terms: the only place kg spells a term IRI.

``KG`` mirrors ``ontology/kg.ttl`` term for term (tests/test_ontology.py checks both directions),
and ``ELI`` lists the ELI terms kg uses, so a misspelt term fails at import time instead of
producing a silent new predicate. The other vocabularies are rdflib's own namespaces.
"""
from __future__ import annotations

from rdflib import DCTERMS, OWL, PROV, RDF, RDFS, SKOS, XSD, Namespace, URIRef
from rdflib.namespace import ORG, DefinedNamespace

from .names import BASE, PREFIXES

__all__ = [
    "BASE", "DCT", "ELI", "KG", "KIND_TERMS", "NOT_IN_FORCE", "ORG", "OWL", "PREFIXES", "PROV", "RDF",
    "RDFS", "REUSED_NAMESPACES", "SCHEMA", "SKOS", "XSD", "kind_term", "sparql_prologue",
]

# BASE, the root of every data IRI, and PREFIXES are defined once, as plain strings, in
# kg.graph.names (which the query path reads without rdflib)

DCT = DCTERMS
SCHEMA = Namespace("https://schema.org/")
"""schema.org, used by the agency register for founding and dissolution dates."""


class KG(DefinedNamespace):
    """kg's own terms (``ontology/kg.ttl``)."""

    _NS = Namespace("https://w3id.org/kg-cn/ontology#")
    _fail = True

    # classes and agency kinds
    AgencyKind: URIRef
    Amount: URIRef
    FundedPurpose: URIRef
    CentralBranch: URIRef
    CoordinationPair: URIRef
    Workload: URIRef
    DutyList: URIRef
    IndicatorList: URIRef
    PairList: URIRef
    WorkloadList: URIRef
    Responsibility: URIRef
    DistrictCollective: URIRef
    DistrictGovernment: URIRef
    Duty: URIRef
    Fund: URIRef
    Indicator: URIRef
    MunicipalAgency: URIRef
    MunicipalGovernment: URIRef
    NonGovernment: URIRef
    PartyOrgan: URIRef
    PartyRole: URIRef
    Platform: URIRef
    Programme: URIRef
    Provision: URIRef
    PublicInstitution: URIRef
    Unknown: URIRef
    UnresolvedParty: URIRef
    Legislature: URIRef
    ConsultativeBody: URIRef
    JudicialOrgan: URIRef
    CentralGovernment: URIRef
    StateOwnedEnterprise: URIRef
    CentralPartyOrgan: URIRef
    MilitaryOrgan: URIRef
    PeopleOrganisation: URIRef
    ProvincialGovernment: URIRef
    ProvincialAgency: URIRef
    # properties
    aLeadsB: URIRef
    agencyKind: URIRef
    agent: URIRef
    agentA: URIRef
    agentB: URIRef
    amount: URIRef
    amountText: URIRef
    amountYuan: URIRef
    attachedTitle: URIRef
    bLeadsA: URIRef
    baseline: URIRef
    basisTitle: URIRef
    category: URIRef
    clauseText: URIRef
    coCount: URIRef
    coResponsible: URIRef
    comparator: URIRef
    duty: URIRef
    endLine: URIRef
    englishTitle: URIRef
    establishedBy: URIRef
    expiresOn: URIRef
    form: URIRef
    funds: URIRef
    administers: URIRef
    valueUnit: URIRef
    heading: URIRef
    inDocument: URIRef
    indicatorTable: URIRef
    indicatorType: URIRef
    interprets: URIRef
    interpretsTitle: URIRef
    isCap: URIRef
    issuerName: URIRef
    label: URIRef
    lead: URIRef
    leadRule: URIRef
    leadText: URIRef
    roleWord: URIRef
    deadline: URIRef
    deadlineText: URIRef
    leadAgency: URIRef
    leadCount: URIRef
    coText: URIRef
    forAgent: URIRef
    partiesText: URIRef
    listedAgent: URIRef
    inForceFrom: URIRef
    listedRole: URIRef
    displayName: URIRef
    successor: URIRef
    leadsText: URIRef
    entityKind: URIRef
    documentsText: URIRef
    establishedText: URIRef
    amountsText: URIRef
    fundsText: URIRef
    administeredByText: URIRef
    forEntity: URIRef
    level: URIRef
    marker: URIRef
    mentionedIn: URIRef
    page: URIRef
    party: URIRef
    path: URIRef
    position: URIRef
    printedName: URIRef
    jurisdiction: URIRef
    nameInferred: URIRef
    provision: URIRef
    purpose: URIRef
    repealsTitle: URIRef
    responsibleAgency: URIRef
    role: URIRef
    roleText: URIRef
    share: URIRef
    sharedDuties: URIRef
    sourceFile: URIRef
    sourceText: URIRef
    startLine: URIRef
    statedInText: URIRef
    status: URIRef
    target: URIRef
    targetValue: URIRef
    targetValueMax: URIRef
    targetYear: URIRef
    unit: URIRef


class ELI(DefinedNamespace):
    """The European Legislation Identifier terms kg uses for documents and provisions."""

    _NS = Namespace("http://data.europa.eu/eli/ontology#")
    _fail = True
    _extras = ["InForce-inForce", "InForce-notInForce"]

    LegalResource: URIRef
    LegalResourceSubdivision: URIRef
    id_local: URIRef
    title: URIRef
    date_document: URIRef
    first_date_entry_in_force: URIRef
    date_no_longer_in_force: URIRef
    in_force: URIRef
    repeals: URIRef
    repealed_by: URIRef
    based_on: URIRef
    passed_by: URIRef
    is_part_of: URIRef
    type_document: URIRef


NOT_IN_FORCE = ELI["InForce-notInForce"]


def _freeze(namespace: type[DefinedNamespace]) -> None:
    """Make each declared term a plain class attribute: a DefinedNamespace builds a new URIRef on
    every attribute access (0.4 s of 1.3 s per 100k duties in the build); the values are the
    same terms, so rdflib's namespaces may be frozen too."""
    for name in namespace.__annotations__:
        if not name.startswith("_"):
            type.__setattr__(namespace, name, namespace[name])


for _namespace in (KG, ELI, RDF, RDFS, SKOS, PROV, DCTERMS, XSD, ORG, OWL):
    _freeze(_namespace)

KIND_TERMS: dict[str, URIRef] = {
    "municipal": KG.MunicipalAgency,
    "district": KG.DistrictGovernment,
    "district-collective": KG.DistrictCollective,
    "central": KG.CentralBranch,
    "party": KG.PartyOrgan,
    "institution": KG.PublicInstitution,
    "other": KG.NonGovernment,
    "unknown": KG.Unknown,
}
"""``Party.kind`` → kg:AgencyKind individual."""

REUSED_NAMESPACES: tuple[str, ...] = tuple(v for k, v in PREFIXES.items() if k != "kg")
"""Vocabularies kg reuses; any term outside these and KG is a mistake."""


def kind_term(kind: str) -> URIRef:
    """The kg:AgencyKind for a ``Party.kind`` value; unknown values fail listing the valid ones."""
    try:
        return KIND_TERMS[kind]
    except KeyError:
        raise ValueError(f"unknown party kind {kind!r}; valid: {', '.join(KIND_TERMS)}") from None


def sparql_prologue() -> str:
    """``PREFIX`` lines for every namespace in :data:`PREFIXES`."""
    return "".join(f"PREFIX {p}: <{ns}>\n" for p, ns in PREFIXES.items())
