"""The graph in parts (kg.graph.parts) and its checks group by group (kg.graph.checking.check_parts):
the same bytes as one sink for the whole corpus, the same violations as a check of the union."""
from __future__ import annotations

import sys
from collections import defaultdict
from datetime import date
from decimal import Decimal

import pyoxigraph as ox
import pytest
from rdflib import Literal, URIRef
from test_graph import BROKEN, FIRST, KEY, OTHER, PAIR, ROLE, _results, corpus
from test_graph import bundled as _bundled_fixture

import kg.graph.checking
from kg.graph import iris
from kg.graph.building import build_dataset
from kg.graph.checking import check_parts, check_quads
from kg.graph.parts import graph_parts, joined
from kg.graph.quads import dataset_quads, literal, literal_text
from kg.graph.shapes import compile_shapes
from kg.graph.store import sorted_nquads
from kg.graph.validation import validate
from kg.graph.vocab import KG, RDF

bundled = _bundled_fixture


def test_literal_text_is_what_pyoxigraph_writes() -> None:
    values = ["市科委", 'say "hi"', "back\\slash", "tab\tline\nend\r", "\x01\x7f\ufffe\uffff", "", "x" * 3,
              0, 7, -3, True, False, 1.5, Decimal("17.80"), date(2024, 6, 13), "\u2028 \ufeff"]
    for value in values:
        assert literal_text(value) == str(literal(value)), repr(value)


def test_literal_text_escapes_every_code_point_as_pyoxigraph_does() -> None:
    points = [c for c in range(0x110000) if not 0xD800 <= c <= 0xDFFF]
    for start in range(0, len(points), 4096):
        chunk = "".join(map(chr, points[start:start + 4096]))
        assert literal_text(chunk) == str(ox.Literal(chunk)), hex(points[start])


def _one_sink(corpus) -> bytes:
    """The whole corpus through one QuadSink and one BuildContext (how the graph was built before
    it was built in parts): the reference the parts must equal."""
    from kg.agencies import default_register
    from kg.graph.context import BuildContext
    from kg.graph.derived import add_derived
    from kg.graph.parts import document_records, register_file
    from kg.graph.quads import QuadSink
    from kg.graph.terms import BUILDERS
    from kg.resources import ontology_file

    register, sink = default_register(), QuadSink()
    sink.extend(iris.ONTOLOGY_GRAPH, ox.parse(path=ontology_file("kg.ttl"), format=ox.RdfFormat.TURTLE))
    sink.extend(iris.AGENCIES_GRAPH, ox.parse(path=register_file(register), format=ox.RdfFormat.TURTLE))
    documents = document_records(corpus)
    ctx = BuildContext(sink=sink, register=register, doc_keys=frozenset(key for key, _ in documents))
    for _, records in documents:
        for record in records:
            BUILDERS[type(record)](ctx, record)
    add_derived(sink.graph(iris.DERIVED_GRAPH), corpus)
    return b"".join(sink.nquads(name) for name in sink.names())


def test_a_build_keys_its_parts_without_pickling_records_and_keeps_them_on_disk(tmp_path) -> None:
    """Pickling a string caches its UTF-8 form inside it (CPython), which grew a 10 MB text's build
    by ~60 MB, and parts held in memory grew it by the size of the graph (issue 16): a build keys
    document parts by the digests of their corpus.json lines and reads them back from the cache."""
    from kg.cache import PartCache
    from kg.corpus_io import save_corpus
    from kg.pipeline import extract

    corpus = extract()  # fresh records: the module's fixture may have been pickled by other tests
    texts = [d.span.text for d in corpus.duties if not d.span.text.isascii()]
    sizes = [sys.getsizeof(t) for t in texts]
    recorded: dict[str, str] = {}
    save_corpus(corpus, tmp_path, recorded)
    assert sorted(recorded) == sorted(d.key for d in corpus.documents)
    parts = graph_parts(corpus, workers=1, cache=PartCache(tmp_path / "no-previous", into=tmp_path),
                        recorded=recorded)
    assert [sys.getsizeof(t) for t in texts] == sizes  # no UTF-8 copy was cached in them
    assert parts.in_memory() == [n for n in parts if n in (str(iris.ONTOLOGY_GRAPH), str(iris.AGENCIES_GRAPH))]
    assert joined(parts) == joined(graph_parts(corpus))


def test_parts_hold_the_graph_of_the_whole_corpus(bundled) -> None:
    parts = graph_parts(bundled)
    assert joined(parts) == _one_sink(bundled)  # documents built apart give the graph built together
    assert list(parts) == sorted(parts)
    quads = list(ox.parse(joined(parts), format=ox.RdfFormat.N_QUADS))
    assert set(parts) == {q.graph_name.value for q in quads}
    assert sorted_nquads(quads) == sorted_nquads(build_dataset(bundled))  # the rdflib view holds the same


def test_parts_built_by_workers_are_the_same_bytes(bundled) -> None:
    assert joined(graph_parts(bundled, workers=2)) == joined(graph_parts(bundled, workers=1))


def _parts_of(quads) -> dict[str, bytes]:
    graphs = defaultdict(list)
    for q in quads:
        graphs[q.graph_name.value].append(q)
    return {name: ox.serialize(qs, format=ox.RdfFormat.N_QUADS) for name, qs in sorted(graphs.items())}


def _pair_shares_no_duty(ds) -> None:
    """BROKEN's breakage of a coordination pair, made where kg describes pairs (graph/derived):
    BROKEN's own moves the value into a document's graph, which no build does."""
    ds.remove((PAIR, KG.sharedDuties, None, None))
    ds.graph(iris.DERIVED_GRAPH).add((PAIR, KG.sharedDuties, Literal(0)))


GROUPED = [(n, b) for n, b in BROKEN if n != "pair shares no duty"] + [("pair shares no duty", _pair_shares_no_duty)]


@pytest.mark.parametrize("name, breakage", GROUPED, ids=[b[0] for b in GROUPED])
def test_checks_by_group_find_what_the_union_check_finds(name: str, breakage, monkeypatch) -> None:
    monkeypatch.setattr(kg.graph.checking, "GROUP_SIZE", 1)  # each document graph in a group of its own
    ds = build_dataset(corpus(KEY, OTHER))
    breakage(ds)
    quads = dataset_quads(ds)
    whole, grouped = check_quads(quads), check_parts(_parts_of(quads))
    assert not grouped.conforms
    assert _results(grouped) == _results(whole)
    assert {v.where for v in grouped.violations} == {v.where for v in whole.violations}


def test_checks_by_group_of_the_bundled_corpus_conform(bundled) -> None:
    parts = graph_parts(bundled)
    report = check_parts(parts, workers=2)
    assert report.conforms and report.violations == []
    assert report.quads == sum(1 for _ in ox.parse(joined(parts), format=ox.RdfFormat.N_QUADS))


def test_no_graph_constrains_a_node_another_graph_describes(bundled) -> None:
    """What check_parts relies on: a node typed in one graph gets no shape-constrained property in
    another (graph/derived adds only predicates no shape constrains)."""
    from kg.graph.shapes import compile_shapes

    paths = {c.path for c in compile_shapes()} - {""}
    quads = list(ox.parse(joined(graph_parts(bundled)), format=ox.RdfFormat.N_QUADS))
    typed_in = defaultdict(set)
    for q in quads:
        if q.predicate.value == str(RDF.type):
            typed_in[q.subject].add(q.graph_name.value)
    crossing = [q for q in quads if q.predicate.value in paths and q.subject in typed_in
                and q.graph_name.value not in typed_in[q.subject]]
    assert crossing == []


# ---------------------------------------------------------------- every kind of violation at once

COMPONENTS = {"count", "datatype", "class", "nodeKind", "in", "minInclusive", "minLength", "or"}


def _second_role(ds) -> URIRef:
    return next(r for r in ds.subjects(RDF.type, KG.PartyRole) if r != ROLE)


def _other_duty(ds) -> URIRef:
    """A duty of KEY's other than FIRST, for breakages of its own."""
    return next(d for d in ds.graph(iris.doc_graph(KEY)).subjects(RDF.type, KG.Duty) if d != FIRST)


def _more_breakage(ds) -> None:
    """Breakages BROKEN lacks: an empty role word (minLength), a role word with a language tag
    (datatype), a document typed only in another document's graph as a class value (no violation
    in the union), an expiry date that is an IRI, a printed name with escapes (no violation), a
    position as text (two checks, datatype and minInclusive, find one record: listed twice)."""
    graph = ds.graph(iris.doc_graph(KEY))
    second = _second_role(ds)
    graph.remove((second, KG.roleWord, None))
    graph.add((second, KG.roleWord, Literal("")))
    graph.remove((second, KG.position, None))
    graph.add((second, KG.position, Literal("2")))
    duty = _other_duty(ds)
    graph.remove((duty, KG.inDocument, None))
    graph.add((duty, KG.inDocument, iris.document(OTHER)))
    for role in ds.graph(iris.doc_graph(OTHER)).subjects(RDF.type, KG.PartyRole):
        ds.graph(iris.doc_graph(OTHER)).remove((role, KG.printedName, None))
        ds.graph(iris.doc_graph(OTHER)).add((role, KG.printedName, Literal('市"科委"\n\t')))
        ds.graph(iris.doc_graph(OTHER)).add((role, KG.roleWord, Literal("牵头", lang="zh")))
        break
    graph.add((iris.document(KEY), KG.expiresOn, iris.document(OTHER)))


def broken_graph():
    """Two documents' graph broken in every way of GROUPED and _more_breakage at once."""
    ds = build_dataset(corpus(KEY, OTHER))
    for _, breakage in GROUPED:
        breakage(ds)
    _more_breakage(ds)
    return ds


@pytest.fixture(scope="module")
def broken() -> list[ox.Quad]:
    return dataset_quads(broken_graph())


def _components_violated(quads: list[ox.Quad]) -> set[str]:
    """The constraint kinds that find a violation in the union of ``quads``."""
    store = ox.Store()
    store.extend(quads)
    closures: dict[str, str] = {}
    return {check.component for check in compile_shapes()
            if kg.graph.checking._run(store, kg.graph.checking._expand(store, check, closures))}


def test_the_broken_graph_breaks_every_kind_of_constraint(broken) -> None:
    assert _components_violated(broken) == COMPONENTS


@pytest.mark.parametrize("group_size, workers", [(1, 1), (1, 2), (16, 1)])
def test_check_parts_of_a_graph_broken_every_way_finds_exactly_what_the_union_check_finds(
        broken, group_size, workers, monkeypatch) -> None:
    monkeypatch.setattr(kg.graph.checking, "GROUP_SIZE", group_size)
    whole, grouped = check_quads(broken), check_parts(_parts_of(broken), workers=workers)
    assert not grouped.conforms
    assert grouped.violations == whole.violations  # the same records, in the same order
    assert len(whole.violations) >= 25 and len(set(whole.violations)) < len(whole.violations)


def test_check_parts_of_a_graph_broken_every_way_finds_what_pyshacl_finds() -> None:
    ds = broken_graph()
    reference, grouped = validate(ds), check_parts(_parts_of(dataset_quads(ds)))
    assert _results(grouped) == _results(reference)
    assert {v.where for v in grouped.violations} == {v.where for v in reference.violations}
