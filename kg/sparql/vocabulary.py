"""The vocabulary sheet: kg's terms with their Chinese and English labels, and example questions.

Writing a first query took a new user ten minutes of reading ``ontology/kg.ttl`` (issue 19). The
sheet is read from that file, so it cannot drift from the ontology; ``kg serve`` shows it at
``/vocabulary`` and the README's cheat-sheet is generated from it by cog (checked in the tests).
The example questions are run by the tests, so they stay answerable.
"""
from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache

from rdflib import OWL, RDF, RDFS, SKOS, Graph, Literal, URIRef

from ..graph.vocab import PREFIXES
from ..resources import ontology_file

CORE = ("kg:Duty", "kg:Provision", "kg:PartyRole", "kg:inDocument", "kg:provision", "kg:path", "kg:heading",
        "kg:clauseText", "kg:lead", "kg:coResponsible", "kg:party", "kg:agent", "kg:role", "kg:position",
        "kg:printedName", "kg:statedInText", "kg:deadline", "kg:expiresOn", "kg:agencyKind")
"""The terms most first questions need, for the README's cheat-sheet."""
REGISTER_TERMS = (
    ("skos:prefLabel", "datatype", "全称", "an agency's official name (@zh, @en)"),
    ("skos:altLabel", "datatype", "简称", "an agency's short form: \"市科委\"@zh"),
)

# ELI terms are not in kg.ttl; kg uses these, with the meaning kg gives them.
ELI_TERMS = (
    ("eli:LegalResource", "class", "政策文件", "a policy document"),
    ("eli:id_local", "datatype", "文号", "document number (沪府办发〔2024〕8号)"),
    ("eli:title", "datatype", "标题", "document title"),
    ("eli:date_document", "datatype", "成文日期", "day signed"),
    ("eli:first_date_entry_in_force", "datatype", "施行日期", "day in force"),
    ("eli:repeals", "object", "废止", "this document abolishes that one"),
)


@dataclass(frozen=True)
class Term:
    """One row of the sheet."""

    term: str  # prefixed name, kg:Duty
    kind: str  # class | object | datatype | concept
    zh: str
    en: str
    comment: str = ""


@dataclass(frozen=True)
class Example:
    """A question in words and the SPARQL that answers it (prefixes predeclared by kg)."""

    question: str
    sparql: str


EXAMPLES = (
    Example("Which duties does 市科委 lead, in which document and provision? 市科委牵头哪些任务？",
            'SELECT ?number ?path ?heading WHERE {\n'
            '  ?duty kg:lead ?agency ; kg:inDocument ?doc ; kg:provision ?p .\n'
            '  ?agency skos:altLabel "市科委"@zh .\n'
            '  ?p kg:path ?path .  OPTIONAL { ?duty kg:heading ?heading }\n'
            '  OPTIONAL { ?doc eli:id_local ?number }\n'
            '} ORDER BY ?number ?path'),
    Example("With whom does 市科委 share duties most often? 市科委与哪些单位协同最多？",
            'SELECT ?partnerName (COUNT(DISTINCT ?duty) AS ?shared) WHERE {\n'
            '  ?agency skos:altLabel "市科委"@zh .\n'
            '  ?duty kg:party [ kg:agent ?agency ] , [ kg:agent ?partner ] .\n'
            '  FILTER(?partner != ?agency)  ?partner skos:prefLabel ?partnerName .\n'
            '  FILTER(lang(?partnerName) = "zh")\n'
            '} GROUP BY ?partnerName ORDER BY DESC(?shared) LIMIT 10'),
    Example("Which documents are in force on 2025-01-01? 2025年1月1日有效的文件有哪些？",
            'SELECT ?number ?title ?from WHERE {\n'
            '  ?doc a eli:LegalResource ; eli:title ?title ; eli:first_date_entry_in_force ?from .\n'
            '  OPTIONAL { ?doc eli:id_local ?number }\n'
            '  OPTIONAL { ?doc kg:expiresOn ?to }\n'
            '  FILTER(?from <= "2025-01-01"^^xsd:date && (!BOUND(?to) || ?to >= "2025-01-01"^^xsd:date))\n'
            '} ORDER BY ?from'),
)

_KINDS = ((OWL.Class, "class"), (OWL.ObjectProperty, "object"), (OWL.DatatypeProperty, "datatype"),
          (SKOS.Concept, "concept"))


def _label(graph: Graph, subject: URIRef, lang: str) -> str:
    return next((str(o) for o in graph.objects(subject, RDFS.label)
                 if isinstance(o, Literal) and o.language == lang), "")


def _prefixed(iri: URIRef) -> str:
    for prefix, ns in PREFIXES.items():
        if str(iri).startswith(ns):
            return f"{prefix}:{str(iri)[len(ns):]}"
    return str(iri)


@lru_cache(maxsize=1)
def vocabulary() -> tuple[Term, ...]:
    """kg's classes, properties and agency kinds from ``ontology/kg.ttl``, then the ELI terms kg uses."""
    graph = Graph().parse(ontology_file("kg.ttl"), format="turtle")
    terms = []
    for rdf_type, kind in _KINDS:
        for s in sorted(set(graph.subjects(RDF.type, rdf_type)), key=str):
            comment = next((str(o) for o in graph.objects(s, RDFS.comment)), "")
            terms.append(Term(_prefixed(s), kind, _label(graph, s, "zh"), _label(graph, s, "en"), comment))
    terms += [Term(t, k, zh, en) for t, k, zh, en in ELI_TERMS + REGISTER_TERMS]
    return tuple(terms)


def cheat_sheet() -> str:
    """The README's Markdown cheat-sheet: the core terms, the ELI and register terms, then the examples."""
    extra = {t for t, *_ in ELI_TERMS + REGISTER_TERMS}
    lines = ["| term | 中文 | English |", "|---|---|---|"]
    lines += [f"| `{t.term}` | {t.zh} | {t.en} |" for t in vocabulary() if t.term in CORE or t.term in extra]
    for i, ex in enumerate(EXAMPLES, start=1):
        lines += ["", f"{i}. {ex.question}", "", "   ```sparql", *(f"   {x}" for x in ex.sparql.splitlines()),
                  "   ```"]
    return "\n".join(lines)
