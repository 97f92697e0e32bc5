"""ontology/kg.ttl and shapes.ttl stay honest: they parse, every kg term is declared once in both
kg.ttl and graph/vocab.py with zh and en labels, and a built graph uses no undeclared term."""
from __future__ import annotations

import pytest
from rdflib import OWL, RDF, RDFS, Graph, Literal, URIRef
from test_graph import corpus  # the hand-made Corpus of tests/test_graph.py

from kg.graph.building import build_dataset
from kg.graph.vocab import KG, KIND_TERMS, REUSED_NAMESPACES, SKOS
from kg.resources import ontology_file

KG_NS = str(KG._NS)


@pytest.fixture(scope="module")
def ontology() -> Graph:
    return Graph().parse(ontology_file("kg.ttl"), format="turtle")


def _declared(ontology: Graph) -> set[URIRef]:
    return {s for s in ontology.subjects(RDF.type, None) if str(s).startswith(KG_NS)}


def _vocab_terms() -> set[URIRef]:
    return {KG[name] for name in KG.__annotations__}


def test_shapes_parse_and_name_only_declared_terms(ontology: Graph) -> None:
    shapes = Graph().parse(ontology_file("shapes.ttl"), format="turtle")
    used = {t for triple in shapes for t in triple if isinstance(t, URIRef) and str(t).startswith(KG_NS)}
    assert used and used <= _declared(ontology)


def test_vocab_mirrors_the_ontology(ontology: Graph) -> None:
    assert _vocab_terms() == _declared(ontology) - {URIRef(KG_NS)}


def test_kind_terms_are_concepts_of_the_scheme(ontology: Graph) -> None:
    for term in KIND_TERMS.values():
        assert (term, SKOS.inScheme, KG.AgencyKind) in ontology


def test_register_kinds_are_declared(ontology: Graph) -> None:
    register = Graph().parse(ontology_file("agencies.ttl"), format="turtle")
    assert set(register.objects(None, KG.agencyKind)) <= _declared(ontology)


@pytest.mark.parametrize("term", sorted(_vocab_terms()), ids=lambda t: t.removeprefix(KG_NS))
def test_every_kg_term_has_zh_and_en_labels_and_a_comment(ontology: Graph, term: URIRef) -> None:
    langs = {label.language for label in ontology.objects(term, RDFS.label) if isinstance(label, Literal)}
    assert {"zh", "en"} <= langs
    assert ontology.value(term, RDFS.comment) is not None


def test_properties_and_classes_are_typed(ontology: Graph) -> None:
    for term in _declared(ontology):
        types = set(ontology.objects(term, RDF.type))
        assert types & {OWL.Class, OWL.ObjectProperty, OWL.DatatypeProperty, SKOS.Concept,
                        SKOS.ConceptScheme}, term


def test_built_graph_uses_only_declared_or_reused_terms(ontology: Graph) -> None:
    ds = build_dataset(corpus())
    declared = _declared(ontology)
    used = {p for _, p, _, _ in ds.quads((None, None, None, None))}
    used |= {o for _, _, o, _ in ds.quads((None, RDF.type, None, None))}
    stray = sorted(t for t in used if not (t in declared or str(t).startswith(REUSED_NAMESPACES)))
    assert stray == []
    assert KG.lead in used and KG.PartyRole in used
