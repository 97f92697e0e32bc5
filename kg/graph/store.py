"""Writing a built dataset to files and to an Oxigraph store, and reading it back.

Every file is byte-identical across runs: the quads are sorted (graph, subject, predicate,
object) and handed to Oxigraph's serializers, which keep input order. (rdflib's own TriG
serializer follows its store's set order, which changes with Python's hash seed.) The on-disk
Oxigraph store is deleted and bulk-loaded anew on every build: its format may change between
versions (rebuild, never migrate — see PITFALLS.md).
"""
from __future__ import annotations

import shutil
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import Any

import pyoxigraph
from oxrdflib.store import OxigraphStore
from rdflib import XSD, BNode, Dataset, Graph, Literal, Node, URIRef

from ..errors import BuildNotFound, KgError
from .vocab import BASE, PREFIXES

STORE_DIR = "store"
FORMATS = ("trig", "ttl", "nt")
SERIALISATION_PREFIXES = {**PREFIXES, "agency": BASE + "agency/"}


def write_build(
    dataset: Dataset, out_dir: Path, formats: Iterable[str] = FORMATS, jsonld: bool = False
) -> dict[str, Path]:
    """Write ``graph.<fmt>`` files and the Oxigraph store into ``out_dir``.

    Args:
        dataset: the dataset from :func:`kg.graph.building.build_dataset`.
        out_dir: the build folder (created if missing).
        formats: any of ``trig`` (named graphs), ``ttl`` and ``nt`` (union of all graphs).
        jsonld: also write ``graph.jsonld`` (named graphs).

    Returns:
        Output name (format or ``store``) → path written.
    """
    out_dir = Path(out_dir)
    out_dir.mkdir(parents=True, exist_ok=True)
    formats = list(formats) + (["jsonld"] if jsonld else [])
    unknown = sorted(set(formats) - set(WRITERS))
    if unknown:
        raise ValueError(f"unknown graph formats {unknown}; valid: {', '.join(WRITERS)}")
    quads = _sorted_quads(dataset)
    written = {}
    for fmt in formats:
        written[fmt] = out_dir / f"graph.{fmt}"
        written[fmt].write_bytes(WRITERS[fmt](quads))
    written[STORE_DIR] = write_store(_serialise(quads, pyoxigraph.RdfFormat.N_QUADS), out_dir / STORE_DIR)
    return written


def sorted_nquads(dataset: Dataset) -> bytes:
    """Every quad of the named graphs as N-Quads, sorted (graph first) and unique."""
    return _serialise(_sorted_quads(dataset), pyoxigraph.RdfFormat.N_QUADS)


def _sorted_quads(dataset: Dataset) -> list[pyoxigraph.Quad]:
    """Quads ordered by graph, then by their N-Quads text: Oxigraph's serializers keep input
    order, so sorted input gives byte-identical output (and is ~15x faster than rdflib's)."""
    quads = {
        pyoxigraph.Quad(_ox(s), _ox(p), _ox(o), _ox(g.identifier if isinstance(g, Graph) else g))
        for s, p, o, g in dataset.quads((None, None, None, None))
    }
    return sorted(quads, key=lambda q: (str(q.graph_name), str(q)))


def _ox(term: Node) -> Any:
    """rdflib term → pyoxigraph term (kg mints no blank nodes, but the register could)."""
    if isinstance(term, URIRef):
        return pyoxigraph.NamedNode(str(term))
    if isinstance(term, BNode):
        return pyoxigraph.BlankNode(str(term))
    if isinstance(term, Literal):
        if term.language:
            return pyoxigraph.Literal(str(term), language=term.language)
        datatype = term.datatype or XSD.string
        return pyoxigraph.Literal(str(term), datatype=pyoxigraph.NamedNode(str(datatype)))
    raise TypeError(f"cannot store RDF term {term!r}")


def _union(quads: list[pyoxigraph.Quad]) -> list[pyoxigraph.Triple]:
    return sorted({q.triple for q in quads}, key=str)


def _serialise(items: list, fmt: pyoxigraph.RdfFormat) -> bytes:
    return pyoxigraph.serialize(items, format=fmt, prefixes=SERIALISATION_PREFIXES)


WRITERS: dict[str, Callable[[list[pyoxigraph.Quad]], bytes]] = {
    "trig": lambda quads: _serialise(quads, pyoxigraph.RdfFormat.TRIG),
    "ttl": lambda quads: _serialise(_union(quads), pyoxigraph.RdfFormat.TURTLE),
    "nt": lambda quads: _serialise(_union(quads), pyoxigraph.RdfFormat.N_TRIPLES),
    "jsonld": lambda quads: _serialise(quads, pyoxigraph.RdfFormat.JSON_LD),
}
"""Format name (and file suffix) → writer of the file's bytes from sorted quads."""


def write_store(nquads: bytes, path: Path) -> Path:
    """(Re)create the on-disk Oxigraph store at ``path`` from N-Quads."""
    if path.exists():
        shutil.rmtree(path)
    store = pyoxigraph.Store(str(path))
    store.bulk_load(input=nquads, format=pyoxigraph.RdfFormat.N_QUADS)
    store.flush()
    del store  # releases the store's lock so readers in this process can open it
    return path


def _store_path(build_dir: Path) -> Path:
    path = Path(build_dir) / STORE_DIR
    if not path.is_dir():
        raise BuildNotFound(f"no graph store in {build_dir}; run `kg build` first", str(path))
    return path


def open_store(build_dir: Path) -> pyoxigraph.Store:
    """The build's Oxigraph store, read-only, for fast SPARQL.

    Query the union of all named graphs with ``store.query(q, use_default_graph_as_union=True)``.
    """
    return pyoxigraph.Store.read_only(str(_store_path(build_dir)))


class ReadOnlyOxigraphStore(OxigraphStore):
    """oxrdflib's store over a read-only Oxigraph: rdflib's ``Dataset.graph(iri)`` asks the store
    to add the graph, which a read-only store refuses, so existing graphs are accepted as is."""

    def add_graph(self, graph: Graph) -> None:
        if not self._inner.contains_named_graph(pyoxigraph.NamedNode(str(graph.identifier))):
            raise KgError(f"graph {graph.identifier} is not in this read-only store")

    def add(self, triple, context, quoted=False) -> None:  # noqa: ANN001 - rdflib's signature
        raise KgError("the build's graph store is read-only; rebuild with `kg build` to change it")

    def remove(self, triple, context=None) -> None:  # noqa: ANN001 - rdflib's signature
        raise KgError("the build's graph store is read-only; rebuild with `kg build` to change it")


def load(build_dir: Path) -> Dataset:
    """The build's graph as an rdflib Dataset backed by the Oxigraph store (read-only).

    Iterating, ``ds.query(...)`` and ``ds.graph(iri)`` work as usual; SPARQL runs in Oxigraph.
    The default graph is the union of all named graphs.
    """
    store = ReadOnlyOxigraphStore(store=open_store(build_dir))
    ds = Dataset(store=store, default_union=True)
    for prefix, namespace in PREFIXES.items():
        store.bind(prefix, URIRef(namespace))
    return ds


def load_memory(build_dir: Path) -> Dataset:
    """The build's graph read into an in-memory rdflib Dataset (for pySHACL, which is faster on
    rdflib's Memory store than through oxrdflib — pySHACL#184)."""
    ds = Dataset()
    ds.parse(data=_store_nquads(open_store(build_dir)), format="nquads")
    return ds


def _store_nquads(store: pyoxigraph.Store) -> str:
    """The store's quads as N-Quads text."""
    return store.dump(format=pyoxigraph.RdfFormat.N_QUADS).decode("utf-8")
