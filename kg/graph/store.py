"""Writing a built graph to files and to an Oxigraph store, and reading it back.

Every file is byte-identical across runs: the quads are sorted (graph, then N-Quads text) and
handed to Oxigraph's serializers, which keep input order. (rdflib's own TriG serializer follows
its store's set order, which changes with Python's hash seed.) The on-disk Oxigraph store is
deleted and bulk-loaded anew on every build: its format may change between versions (rebuild,
never migrate — see PITFALLS.md). A second process loads it from ``graph.nq`` while this one
writes the other files and, in ``kg build``, checks the shapes: the load is the longest step.
"""
from __future__ import annotations

import shutil
import subprocess
import sys
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import TYPE_CHECKING, TypeVar

import pyoxigraph

from ..errors import BuildNotFound, KgError
from .names import BASE, PREFIXES

if TYPE_CHECKING:  # rdflib (0.2 s to import) is not needed to open the store: kg query never imports it
    from rdflib import Dataset

T = TypeVar("T")
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
    jsonld: bool = False, meanwhile: Callable[[bytes, int | None], T] | None = None,
) -> tuple[dict[str, Path], int | None, T | None]:
    """:func:`write_build`, also returning the count of distinct triples of the union of all
    graphs when a union format was written (else None), which the build-time checker reports.

    Quads from ``build_quads`` are written in their given order (already unique and fixed);
    a Dataset's are sorted. The store is bulk-loaded from the N-Quads file by another process
    (the build's longest step: 12 s at 1M quads) while this one serialises the other files and
    then runs ``meanwhile(nquads, triples)`` (the shape checks), whose result is returned last.
    """
    out_dir = Path(out_dir)
    out_dir.mkdir(parents=True, exist_ok=True)
    formats = list(formats) + (["jsonld"] if jsonld else [])
    unknown = sorted(set(formats) - set(WRITERS))
    if unknown:
        raise ValueError(f"unknown graph formats {unknown}; valid: {', '.join(WRITERS)}")
    quads = sorted_unique(dataset_quads(graph)) if _is_dataset(graph) else list(graph)
    nquads = _serialise(quads, pyoxigraph.RdfFormat.N_QUADS)
    source = out_dir / ("graph.nq" if "nq" in formats else ".store.nq")
    source.write_bytes(nquads)
    loading = _start_store(source, out_dir / STORE_DIR)
    try:
        written, triples = _write_files(quads, out_dir, formats)
        result = meanwhile(nquads, triples) if meanwhile is not None else None
    except BaseException:
        loading.kill()
        raise
    finally:
        _, error = loading.communicate()  # the loader reads the source file until it ends
        if source.name != "graph.nq":
            source.unlink()
    written[STORE_DIR] = _loaded(loading.returncode, error, out_dir / STORE_DIR)
    return written, triples, result


_LOADER = ("import sys, pyoxigraph as ox; store = ox.Store(sys.argv[2]); "
           "store.bulk_load(path=sys.argv[1], format=ox.RdfFormat.N_QUADS, lenient=True); store.flush()")
"""The store loader's whole program: pyoxigraph alone starts in 0.15 s, ``kg`` in 0.5 s. A
separate interpreter rather than a fork, because a fork copies RocksDB's thread pools without
their threads when the process has opened a store before (tests, notebooks). ``lenient``
skips re-validating IRIs that pyoxigraph validated when the quads were made (2.5 of 15 s)."""


def _start_store(nquads: Path, path: Path) -> subprocess.Popen:
    if path.exists():
        shutil.rmtree(path)
    return subprocess.Popen([sys.executable, "-c", _LOADER, str(nquads), str(path)],
                            stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)


def _loaded(returncode: int, error: bytes, path: Path) -> Path:
    if returncode != 0:
        lines = error.decode("utf-8", "replace").strip().splitlines()
        raise KgError(f"loading the graph store failed: {lines[-1] if lines else f'exit code {returncode}'}",
                      str(path))
    return path


def _write_files(
    quads: list[pyoxigraph.Quad], out_dir: Path, formats: list[str]
) -> tuple[dict[str, Path], int | None]:
    of_union = any(WRITERS[f][1] for f in formats)
    triples = union_triples(quads) if of_union else []
    written = {}
    for fmt in formats:
        rdf_format, of_union = WRITERS[fmt]
        written[fmt] = out_dir / f"graph.{fmt}"
        if fmt == "nq":
            continue  # written before the store was started
        # straight to the file: the serialisation of a large graph is never held in memory
        pyoxigraph.serialize(triples if of_union else quads, written[fmt], format=rdf_format,
                             prefixes=SERIALISATION_PREFIXES)
    return written, len(triples) if of_union else None


def sorted_nquads(graph: Dataset | Iterable[pyoxigraph.Quad]) -> bytes:
    """Every quad of the named graphs as N-Quads, sorted (graph first) and unique."""
    quads = dataset_quads(graph) if _is_dataset(graph) else graph
    return _serialise(sorted_unique(quads), pyoxigraph.RdfFormat.N_QUADS)


def _is_dataset(graph: object) -> bool:
    """Whether ``graph`` is an rdflib Dataset; one exists only once rdflib has been imported."""
    rdflib = sys.modules.get("rdflib")
    return rdflib is not None and isinstance(graph, rdflib.Dataset)


def dataset_quads(graph: Dataset) -> Iterable[pyoxigraph.Quad]:
    """An rdflib Dataset's quads as pyoxigraph quads (:func:`kg.graph.quads.dataset_quads`)."""
    from .quads import dataset_quads as quads_of

    return quads_of(graph)


def sorted_unique(quads: Iterable[pyoxigraph.Quad]) -> list[pyoxigraph.Quad]:
    """:func:`kg.graph.quads.sorted_unique`, imported when a graph is written."""
    from .quads import sorted_unique as unique

    return unique(quads)


def union_triples(quads: Iterable[pyoxigraph.Quad]) -> list[pyoxigraph.Triple]:
    """The union of all named graphs: each triple once, in first-seen order (1.5x faster than
    cutting the graph off N-Quads lines, and than parsing those N-Triples again for Turtle)."""
    return list(dict.fromkeys(q.triple for q in quads))


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
    path = _store_path(build_dir)
    try:
        return pyoxigraph.Store.read_only(str(path))
    except (OSError, RuntimeError, ValueError) as exc:  # RocksDB: corruption, missing files, a lock
        first = str(exc).strip().splitlines()[0] if str(exc).strip() else type(exc).__name__
        raise KgError(f"the graph store cannot be opened ({first}); rebuild it with `kg build`",
                      str(path)) from None


def load(build_dir: Path) -> Dataset:
    """The build's graph as an rdflib Dataset backed by the Oxigraph store (read-only); see
    :func:`kg.graph.rdflib_view.load` (rdflib's SPARQL machinery is imported only then)."""
    from .rdflib_view import load as load_view

    return load_view(build_dir)


def load_memory(build_dir: Path) -> Dataset:
    """The build's graph read into an in-memory rdflib Dataset (see :mod:`kg.graph.rdflib_view`)."""
    from .rdflib_view import load_memory as load_into_memory

    return load_into_memory(build_dir)
