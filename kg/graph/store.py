"""Writing a built graph to files and to an Oxigraph store, and reading it back.

Every file is byte-identical across runs: the quads are sorted (graph, then N-Quads text) and
handed to Oxigraph's serializers, which keep input order. (rdflib's own TriG serializer follows
its store's set order, which changes with Python's hash seed.) The on-disk Oxigraph store is
deleted and bulk-loaded anew on every build: its format may change between versions (rebuild,
never migrate — see PITFALLS.md).
"""
from __future__ import annotations

import shutil
from collections.abc import Iterable
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pyoxigraph
from oxrdflib.store import OxigraphStore
from rdflib import Dataset, Graph, URIRef

from ..errors import BuildNotFound, KgError
from .quads import dataset_quads, sorted_unique, to_dataset
from .vocab import BASE, PREFIXES

STORE_DIR = "store"
FORMATS = ("trig", "ttl", "nt", "nq")
SERIALISATION_PREFIXES = {**PREFIXES, "agency": BASE + "agency/"}


def write_build(
    graph: Dataset | Iterable[pyoxigraph.Quad], out_dir: Path, formats: Iterable[str] = FORMATS,
    jsonld: bool = False,
) -> dict[str, Path]:
    """Write ``graph.<fmt>`` files and the Oxigraph store into ``out_dir``.

    Args:
        graph: quads from :func:`kg.graph.building.build_quads`, or an rdflib Dataset
            (``build_dataset``, possibly edited).
        out_dir: the build folder (created if missing).
        formats: any of ``trig`` and ``nq`` (named graphs), ``ttl`` and ``nt`` (union of all graphs).
        jsonld: also write ``graph.jsonld`` (named graphs).

    Returns:
        Output name (format or ``store``) → path written.
    """
    return write_outputs(graph, out_dir, formats, jsonld)[0]


def write_outputs(
    graph: Dataset | Iterable[pyoxigraph.Quad], out_dir: Path, formats: Iterable[str] = FORMATS,
    jsonld: bool = False,
) -> tuple[dict[str, Path], int | None]:
    """:func:`write_build`, also returning the count of distinct triples of the union of all
    graphs when a union format was written (else None), which the build-time checker reports.

    Quads from ``build_quads`` are written in their given order (already unique and fixed);
    a Dataset's are sorted. The store is bulk-loaded from the N-Quads bytes in a second thread
    (Oxigraph releases the GIL while loading) while the other files are serialised.
    """
    out_dir = Path(out_dir)
    out_dir.mkdir(parents=True, exist_ok=True)
    formats = list(formats) + (["jsonld"] if jsonld else [])
    unknown = sorted(set(formats) - set(WRITERS))
    if unknown:
        raise ValueError(f"unknown graph formats {unknown}; valid: {', '.join(WRITERS)}")
    quads = sorted_unique(dataset_quads(graph)) if isinstance(graph, Dataset) else list(graph)
    nquads = _serialise(quads, pyoxigraph.RdfFormat.N_QUADS)
    with ThreadPoolExecutor(max_workers=1) as pool:
        loading = pool.submit(write_store, nquads, out_dir / STORE_DIR)
        written, triples = _write_files(quads, nquads, out_dir, formats)
        written[STORE_DIR] = loading.result()
    return written, triples


def _write_files(
    quads: list[pyoxigraph.Quad], nquads: bytes, out_dir: Path, formats: list[str]
) -> tuple[dict[str, Path], int | None]:
    of_union = any(WRITERS[f][1] for f in formats)
    ntriples = union_ntriples(nquads) if of_union else b""
    written = {}
    for fmt in formats:
        rdf_format, of_union = WRITERS[fmt]
        written[fmt] = out_dir / f"graph.{fmt}"
        if fmt == "nq":
            data = nquads
        elif fmt == "nt":
            data = ntriples
        elif of_union:
            data = _serialise(pyoxigraph.parse(ntriples, format=pyoxigraph.RdfFormat.N_TRIPLES), rdf_format)
        else:
            data = _serialise(quads, rdf_format)
        written[fmt].write_bytes(data)
    return written, ntriples.count(b"\n") if of_union else None


def sorted_nquads(graph: Dataset | Iterable[pyoxigraph.Quad]) -> bytes:
    """Every quad of the named graphs as N-Quads, sorted (graph first) and unique."""
    quads = dataset_quads(graph) if isinstance(graph, Dataset) else graph
    return _serialise(sorted_unique(quads), pyoxigraph.RdfFormat.N_QUADS)


def union_ntriples(nquads: bytes) -> bytes:
    """The union of all named graphs as N-Triples, each triple once, in first-seen order: every
    N-Quads line without its last term, the graph IRI (which holds no space). Done on bytes
    because converting ~1M quads to triple objects and back costs seconds."""
    lines = (line[: line.rindex(b" <")] + b" .\n" for line in nquads.splitlines() if line)
    return b"".join(dict.fromkeys(lines))


def _serialise(items: Iterable, fmt: pyoxigraph.RdfFormat) -> bytes:
    return pyoxigraph.serialize(items, format=fmt, prefixes=SERIALISATION_PREFIXES)


WRITERS: dict[str, tuple[pyoxigraph.RdfFormat, bool]] = {
    "trig": (pyoxigraph.RdfFormat.TRIG, False),
    "nq": (pyoxigraph.RdfFormat.N_QUADS, False),
    "ttl": (pyoxigraph.RdfFormat.TURTLE, True),
    "nt": (pyoxigraph.RdfFormat.N_TRIPLES, True),
    "jsonld": (pyoxigraph.RdfFormat.JSON_LD, False),
}
"""Format name (and file suffix) → (serialisation, whether it holds the union of all graphs
rather than the named graphs)."""


def write_store(nquads: bytes, path: Path) -> Path:
    """(Re)create the on-disk Oxigraph store at ``path`` from N-Quads (bulk load)."""
    if path.exists():
        shutil.rmtree(path)
    store = pyoxigraph.Store(str(path))
    store.bulk_load(nquads, format=pyoxigraph.RdfFormat.N_QUADS)
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
    return to_dataset(open_store(build_dir), PREFIXES)
