"""The screen of kg.graph.checking.check_parts: a group's N-Quads text, read without a store, proves
most checks find nothing in the group, and only the others run as SPARQL on its store.

A screen that errs the wrong way would drop violations silently, so (beside tests/test_graph_parts.py,
where a graph broken in every way at once gives check_parts exactly what check_store and pySHACL
give): every check SPARQL finds violated in a group of that graph must be flagged by the screen,
each value test must hold only for values SPARQL accepts, a conforming corpus must run no SPARQL,
and groups the screen cannot read (a blank node, an rdfs:subClassOf, an odd spacing) must be
checked in full.
"""
from __future__ import annotations

import pyoxigraph as ox
import pytest
from test_graph import KEY, OTHER, ROLE, corpus
from test_graph_parts import _parts_of
from test_graph_parts import broken as _broken_fixture

import kg.graph.checking as checking
from kg.graph import iris
from kg.graph.building import build_dataset
from kg.graph.checking import check_nquads, check_parts
from kg.graph.parts import graph_parts, joined
from kg.graph.quads import dataset_quads
from kg.graph.shapes import compile_shapes
from kg.graph.vocab import KG, RDF, RDFS

XSD = "http://www.w3.org/2001/XMLSchema#"
broken = _broken_fixture  # test_graph_parts' graph broken in every way at once


def _group_stores(quads: list[ox.Quad]):
    """Each group's (facts, store) as check_parts makes them, one document graph a group."""
    parts = _parts_of(quads)
    ontology = parts[str(iris.ONTOLOGY_GRAPH)]
    checks, closures, members = checking._compiled(ontology, None)
    for names in checking._groups(parts):
        texts = [(str(iris.ONTOLOGY_GRAPH), ontology)] + [(name, parts[name]) for name in names]
        store = ox.Store()
        for _, data in texts:
            store.load(data, format=ox.RdfFormat.N_QUADS)
        yield checking._facts(texts, checking._predicates(checks)), store, closures, members


def test_the_screen_flags_every_check_sparql_finds_violated(broken, monkeypatch) -> None:
    monkeypatch.setattr(checking, "GROUP_SIZE", 1)
    flagged = passed = 0
    for facts, store, closures, members in _group_stores(broken):
        assert facts is not None
        for check in compile_shapes():
            found = checking._run(store, checking._expand(store, check, closures))
            screened = checking._may_violate(check, facts, members)
            assert screened or not found, (check.component, check.shape, found)
            flagged, passed = flagged + bool(found), passed + (not screened)
    assert flagged > 20 and passed > 100  # violations found, and most checks spared


SAMPLES = ['"x"', '""', '"a"@zh', '"lead"', '"co"', '"lead"@en', '"explicit"', '"x"^^<{xsd}string>',
           '"a\\"b\\n"', '"1"^^<{xsd}integer>', '"01"^^<{xsd}integer>', '"+1"^^<{xsd}integer>',
           '"0"^^<{xsd}integer>', '"-1"^^<{xsd}integer>', '"7"^^<{xsd}int>', '"1.5"^^<{xsd}decimal>',
           '"abc"^^<{xsd}integer>', '"2024-01-01"^^<{xsd}date>', '"2024-01-01"', '"true"^^<{xsd}boolean>',
           '<http://example.org/a>', '<urn:a>']
"""Values as N-Quads texts, conforming and not, canonical and not."""


@pytest.mark.parametrize("component", sorted(checking._TESTS))
def test_a_value_the_screen_passes_passes_the_sparql_check(component: str) -> None:
    ontology = graph_ontology()
    checks, closures, _ = checking._compiled(ontology, None)
    samples = [s.format(xsd=XSD) for s in SAMPLES]
    tested = 0
    for check in (c for c in checks if c.component == component):
        lines = []
        for i, sample in enumerate(samples):
            focus = f"<urn:focus:{i}>"
            lines.append(f"{focus} <{RDF.type}> <{check.targets[0]}> <urn:g> .")
            lines.append(f"{focus} <{check.path}> {sample} <urn:g> .")
        store = ox.Store()
        store.load(ontology, format=ox.RdfFormat.N_QUADS)
        store.load("\n".join(lines).encode(), format=ox.RdfFormat.N_QUADS)
        failed = {v.focus for v in checking._run(store, checking._expand(store, check, closures))}
        for i, sample in enumerate(samples):
            if checking._TESTS[component](check.argument, sample.encode()):
                tested += 1
                assert f"urn:focus:{i}" not in failed, (check.shape, sample)
    assert tested  # the screen proves some values here, or it would spare no check


def graph_ontology() -> bytes:
    from kg.resources import ontology_file

    quads = [ox.Quad(t.subject, t.predicate, t.object, ox.NamedNode(str(iris.ONTOLOGY_GRAPH)))
             for t in ox.parse(path=ontology_file("kg.ttl"), format=ox.RdfFormat.TURTLE)]
    return ox.serialize(quads, format=ox.RdfFormat.N_QUADS)


def test_a_conforming_corpus_runs_no_sparql_check(bundled, monkeypatch) -> None:
    """The point of the screen: a conforming build loads no group store and runs no query."""
    ran = []
    monkeypatch.setattr(checking, "_run_group", lambda store, checks, closures: ran.append(checks) or ([], []))
    report = check_parts(graph_parts(bundled), workers=1)
    assert report.conforms and ran == []


@pytest.fixture(scope="module")
def bundled():
    from kg.pipeline import extract

    return extract()


def _unscreened(parts: dict[str, bytes]) -> list[str]:
    """The graphs of the groups of ``parts`` the screen does not read."""
    ontology = parts[str(iris.ONTOLOGY_GRAPH)]
    checks, _, _ = checking._compiled(ontology, None)
    return [name for names in checking._groups(parts)
            if checking._facts([(str(iris.ONTOLOGY_GRAPH), ontology)] + [(name, parts[name]) for name in names],
                               checking._predicates(checks)) is None for name in names]


def _graph_of(key: str) -> str:
    return str(iris.doc_graph(key))


def _edited(edit) -> tuple[dict[str, bytes], bytes]:
    """The parts of the two documents' good graph with KEY's part edited, and their union."""
    quads = dataset_quads(build_dataset(corpus(KEY, OTHER)))
    parts = _parts_of(quads)
    parts[_graph_of(KEY)] = edit(parts[_graph_of(KEY)])
    return parts, joined(parts)


def _triple(s: str, p: str, o: str, key: str = KEY) -> bytes:
    return f"{s} <{p}> {o} <{_graph_of(key)}> .\n".encode()


def test_a_group_with_a_subclass_of_its_own_is_checked_in_full(monkeypatch) -> None:
    monkeypatch.setattr(checking, "GROUP_SIZE", 1)
    special = "<urn:kg:SpecialDuty>"
    parts, union = _edited(lambda data: data + _triple(special, RDFS.subClassOf, f"<{KG.Duty}>")
                           + _triple("<urn:kg:duty>", RDF.type, special))
    assert _unscreened(parts) == [_graph_of(KEY)]
    whole, grouped = check_nquads(union), check_parts(parts)
    assert grouped.violations == whole.violations and len(whole.violations) >= 8


def test_a_group_with_a_blank_node_is_checked_in_full(monkeypatch) -> None:
    monkeypatch.setattr(checking, "GROUP_SIZE", 1)
    parts, union = _edited(lambda data: data + _triple("_:role", RDF.type, f"<{KG.PartyRole}>"))
    assert _unscreened(parts) == [_graph_of(KEY)]
    whole, grouped = check_nquads(union), check_parts(parts)

    def unnamed(report) -> list[tuple[str, str, str]]:  # a blank node's id is the store's
        return sorted((v.path, v.message, v.where) for v in report.violations)

    assert unnamed(grouped) == unnamed(whole) and len(whole.violations) == 4


def test_a_group_with_two_spaces_between_terms_is_checked_in_full(monkeypatch) -> None:
    """Two spaces are N-Quads too, but the screen would read the line's predicate as empty and
    miss the second printed name."""
    monkeypatch.setattr(checking, "GROUP_SIZE", 1)
    second = _triple(f"<{ROLE}>", KG.printedName, '"别名"').replace(b"> <", b">  <", 1)
    parts, union = _edited(lambda data: data + second)
    assert _unscreened(parts) == [_graph_of(KEY)]
    whole, grouped = check_nquads(union), check_parts(parts)
    assert grouped.violations == whole.violations and len(whole.violations) == 1


def test_a_blank_value_in_two_parts_of_a_group_is_checked_in_full() -> None:
    """The store keeps each part's blank nodes apart, so a role word _:x in two parts is two role
    words there (a count violation) and one in the text: the screen leaves such a group to SPARQL."""
    parts, _ = _edited(lambda data: data + _triple(f"<{ROLE}>", KG.roleWord, "_:x"))
    parts[_graph_of(OTHER)] += _triple(f"<{ROLE}>", KG.roleWord, "_:x", OTHER)
    assert sorted(_unscreened(parts)) == sorted([_graph_of(KEY), _graph_of(OTHER)])
    found = {(v.path, v.value) for v in check_parts(parts).violations}
    assert ("kg:roleWord", "") in found  # the count, as the store of the group has it
