"""Quads as pyoxigraph terms: the sink the term builders write into, literals, and conversion to
and from rdflib.

The build emits pyoxigraph terms directly: through rdflib, the bundled corpus (22k triples) took
0.77 s to build and 0.99 s to write, and 1,000 documents (~1M triples) took minutes. rdflib
stays at the edges: :func:`to_dataset` for tests and notebooks, :func:`from_rdflib` for graphs
edited in rdflib.
"""
from __future__ import annotations

import re
from collections.abc import Iterable
from datetime import date, datetime
from decimal import Decimal
from typing import Any

import pyoxigraph as ox
import rdflib

from .vocab import XSD

_DATATYPES = {name: ox.NamedNode(str(XSD[name])) for name in ("boolean", "integer", "decimal", "date", "string")}

_INTEGER = str(_DATATYPES["integer"])

Term = ox.NamedNode | ox.BlankNode | ox.Literal


def literal(value: Any) -> ox.Literal:
    """A typed literal: bool → xsd:boolean, int → xsd:integer, float and Decimal → xsd:decimal,
    date → xsd:date, str → xsd:string (lexical forms as rdflib writes them)."""
    if isinstance(value, bool):
        return ox.Literal("true" if value else "false", datatype=_DATATYPES["boolean"])
    if isinstance(value, int):
        return ox.Literal(str(value), datatype=_DATATYPES["integer"])
    if isinstance(value, str):
        return ox.Literal(value)
    if isinstance(value, float):
        value = Decimal(repr(value))
    if isinstance(value, Decimal):
        return ox.Literal(format(value, "f"), datatype=_DATATYPES["decimal"])
    if isinstance(value, date) and not isinstance(value, datetime):
        return ox.Literal(value.isoformat(), datatype=_DATATYPES["date"])
    raise TypeError(f"no literal mapping for {type(value).__name__}: {value!r}")


def text(value: str, language: str) -> ox.Literal:
    """A language-tagged string (``"养老床位"@zh``)."""
    return ox.Literal(value, language=language)


_UNSAFE = re.compile("[\x00-\x1f\x7f\"\\\\\ufffe\uffff]")
"""Characters N-Triples escapes (Oxigraph's choice among them): a string holding none is written
as it is."""
_ESCAPES = {**{c: f"\\u{c:04X}" for c in (*range(0x20), 0x7F, 0xFFFE, 0xFFFF)},
            0x08: "\\b", 0x09: "\\t", 0x0A: "\\n", 0x0C: "\\f", 0x0D: "\\r", 0x22: '\\"', 0x5C: "\\\\"}
"""How Oxigraph escapes them (tests/test_graph_parts.py compares every code point). Escaped here
rather than by ``str(ox.Literal(value))``: handing a str to pyoxigraph caches its UTF-8 form inside
the string for as long as it lives (CPython's PyUnicode_AsUTF8AndSize), which grew a build by the
size of its multi-line record texts (issue 16)."""


def literal_text(value: Any) -> str:
    """:func:`literal` as N-Triples text, without building the pyoxigraph term: a str is
    ``"…"``, other values ``"…"^^<datatype>``; the same bytes as ``str(literal(value))``."""
    if isinstance(value, str):
        return f'"{value.translate(_ESCAPES)}"' if _UNSAFE.search(value) else f'"{value}"'
    if isinstance(value, ox.Literal):
        return term_text(value)
    if isinstance(value, int) and not isinstance(value, bool):
        return f'"{value}"^^{_INTEGER}'
    return str(literal(value))


def term_text(term: ox.Literal | ox.BlankNode | ox.NamedNode) -> str:
    """A pyoxigraph term as N-Triples text (what ``str(term)`` gives, faster for plain strings)."""
    if isinstance(term, ox.Literal) and not term.language and term.datatype == _DATATYPES["string"]:
        return literal_text(term.value)
    return str(term)


class QuadSink:
    """Collects the quads of one build as N-Quads lines, one list per named graph.

    IRIs (rdflib URIRefs or plain strings) are validated by making a :class:`pyoxigraph.NamedNode`
    once each and kept as their N-Triples text: writing text directly is 3x faster than building
    a pyoxigraph Quad per triple, and the lines are what the files and the store loader take.
    """

    def __init__(self) -> None:
        self._nodes: dict[str, str] = {}
        self._graphs: dict[str, GraphWriter] = {}

    def names(self) -> list[str]:
        """The named graphs, in IRI order (the order of graph.nq)."""
        return sorted(self._graphs)

    def nquads(self, name: str) -> bytes:
        """One graph's N-Quads, each quad once, in the order first added: deterministic for a
        given corpus without sorting a million lines, and a document's graph depends on that
        document alone. Lines are encoded one by one: one string of a whole graph holding any
        CJK character takes 2 bytes for every character, the IRIs too (a third of a build's peak)."""
        return b"".join([line.encode("utf-8") for line in dict.fromkeys(self._graphs[name].lines)])

    def take(self, name: str) -> bytes:
        """:meth:`nquads`, emptying the graph as it goes, so that its lines and their bytes are not
        all held at once (graph/derived of a 10 MB text: 30 MB of N-Quads, 100 MB of lines)."""
        lines = self._graphs.pop(name).lines
        unique = dict.fromkeys(lines)
        lines.clear()
        encoded = [line.encode("utf-8") for line in unique]
        unique.clear()
        return b"".join(encoded)

    def quads(self) -> list[ox.Quad]:
        """Every quad once, graph by graph in IRI order, as pyoxigraph quads."""
        data = b"".join(self.nquads(name) for name in self.names())
        return list(ox.parse(data, format=ox.RdfFormat.N_QUADS))

    def node(self, iri: str | ox.NamedNode) -> str:
        """The N-Triples text of an IRI (``<…>``), validated once."""
        return _node_text(self._nodes, iri)

    def graph(self, name: str) -> GraphWriter:
        """The writer of one named graph (the same object for the same name)."""
        name = str(name)  # a URIRef is never equal to its str: one key per graph
        writer = self._graphs.get(name)
        if writer is None:
            writer = self._graphs[name] = GraphWriter(self, self.node(name))
        return writer

    def extend(self, graph: str, triples: Iterable[ox.Triple | ox.Quad]) -> None:
        """Add parsed triples to a named graph."""
        writer = self.graph(graph)
        writer.lines.extend(f"{t.subject} {t.predicate} {term_text(t.object)} {writer.name} .\n" for t in triples)


def _node_text(nodes: dict[str, str], iri: str | ox.NamedNode) -> str:
    found = nodes.get(iri)
    if found is None:
        value = iri.value if isinstance(iri, ox.NamedNode) else str(iri)
        found = nodes[iri] = str(ox.NamedNode(value))  # validates the IRI
    return found


class GraphWriter:
    """One named graph of a :class:`QuadSink`, with rdflib's ``Graph.add((s, p, o))`` shape.

    ``o`` is a pyoxigraph Literal, BlankNode or NamedNode, or an IRI string; plain values go
    through :func:`kg.graph.context.put`, which makes literals.
    """

    __slots__ = ("name", "lines", "described", "_nodes", "_append")

    def __init__(self, sink: QuadSink, name: str) -> None:
        self.name = name
        self.lines: list[str] = []
        self.described: set[Any] = set()  # what builders described once here (a source file, a party)
        # the sink's IRI cache, not the sink: a writer referring back to the sink that holds it made
        # a cycle, and each document's lines waited for the cyclic collector (issue 16)
        self._nodes = sink._nodes
        self._append = self.lines.append

    # The IRI cache is read inline (``nodes.get(x) or _node_text(nodes, x)``): a call per term was
    # a third of building a quad, and a build makes a million.

    def add(self, triple: tuple[Any, Any, Any]) -> None:
        s, p, o = triple
        nodes = self._nodes
        obj = term_text(o) if isinstance(o, _OBJECT_TERMS) else nodes.get(o) or _node_text(nodes, o)
        self._append(f"{nodes.get(s) or _node_text(nodes, s)} {nodes.get(p) or _node_text(nodes, p)} {obj} "
                     f"{self.name} .\n")

    def put(self, s: Any, p: Any, value: Any) -> None:
        """Add ``(s, p, value)`` with a plain value as its typed literal (see :func:`literal`)."""
        nodes = self._nodes
        self._append(f"{nodes.get(s) or _node_text(nodes, s)} {nodes.get(p) or _node_text(nodes, p)} "
                     f"{literal_text(value)} {self.name} .\n")


_OBJECT_TERMS = (ox.Literal, ox.BlankNode)


def sorted_unique(quads: Iterable[ox.Quad]) -> list[ox.Quad]:
    """Quads without repeats, ordered by graph then N-Quads text (for graphs whose order is not
    already fixed, such as an rdflib Dataset's)."""
    return sorted(set(quads), key=lambda q: (q.graph_name.value, str(q)))


# ---------------------------------------------------------------- rdflib at the edges


def to_rdflib(term: Term) -> rdflib.term.Node:
    if isinstance(term, ox.NamedNode):
        return rdflib.URIRef(term.value)
    if isinstance(term, ox.BlankNode):
        return rdflib.BNode(term.value)
    if term.language:
        return rdflib.Literal(term.value, lang=term.language)
    datatype = term.datatype.value
    return rdflib.Literal(term.value, datatype=None if datatype == _XSD_STRING else rdflib.URIRef(datatype))


_XSD_STRING = str(XSD.string)


def to_dataset(quads: Iterable[ox.Quad], prefixes: dict[str, str]) -> rdflib.Dataset:
    """An in-memory rdflib Dataset (union default graph) holding the quads."""
    ds = rdflib.Dataset(default_union=True)
    for prefix, namespace in prefixes.items():
        ds.bind(prefix, namespace, replace=True)
    graphs: dict[str, rdflib.Graph] = {}
    for q in quads:
        g = graphs.get(q.graph_name.value)
        if g is None:
            g = graphs[q.graph_name.value] = ds.graph(rdflib.URIRef(q.graph_name.value))
        g.add((to_rdflib(q.subject), to_rdflib(q.predicate), to_rdflib(q.object)))
    return ds


def from_rdflib(term: rdflib.term.Node) -> Term:
    """rdflib term → pyoxigraph term (kg mints no blank nodes, but an edited graph could)."""
    if isinstance(term, rdflib.URIRef):
        return ox.NamedNode(str(term))
    if isinstance(term, rdflib.BNode):
        return ox.BlankNode(str(term))
    if isinstance(term, rdflib.Literal):
        if term.language:
            return ox.Literal(str(term), language=term.language)
        return ox.Literal(str(term), datatype=ox.NamedNode(str(term.datatype or XSD.string)))
    raise TypeError(f"cannot store RDF term {term!r}")


def dataset_quads(dataset: rdflib.Dataset) -> list[ox.Quad]:
    """The quads of an rdflib Dataset's named graphs as pyoxigraph quads."""
    return [
        ox.Quad(from_rdflib(s), from_rdflib(p), from_rdflib(o),
                from_rdflib(g.identifier if isinstance(g, rdflib.Graph) else g))
        for s, p, o, g in dataset.quads((None, None, None, None))
    ]
