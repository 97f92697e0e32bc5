"""Writing a built dataset to files and to an Oxigraph store, and reading it back.

Every file is byte-identical across runs: N-Triples and N-Quads are sorted lines; Turtle comes
from rdflib's serializer, which sorts subjects, predicates, objects and prefixes; TriG is written
graph by graph in IRI order (rdflib's own TriG serializer follows the store's set order, which
changes with Python's hash seed); JSON-LD arrays are sorted. The on-disk Oxigraph store is deleted
and bulk-loaded anew on every build: its format may change between versions (rebuild, never
migrate — see PITFALLS.md).
"""
from __future__ import annotations

import json
import shutil
from collections.abc import Iterable
from pathlib import Path
from typing import Any

import pyoxigraph
from oxrdflib.store import OxigraphStore
from rdflib import Dataset, Graph, URIRef

from ..errors import BuildNotFound, KgError
from .vocab import PREFIXES

STORE_DIR = "store"
FORMATS = ("trig", "ttl", "nt")


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
    unknown = sorted(set(formats) - set(WRITERS))
    if unknown:
        raise ValueError(f"unknown graph formats {unknown}; valid: {', '.join(WRITERS)}")
    nquads = sorted_nquads(dataset)
    written = {}
    for fmt in formats:
        path = out_dir / f"graph.{fmt}"
        path.write_bytes(WRITERS[fmt](dataset, nquads))
        written[fmt] = path
    if jsonld:
        written["jsonld"] = out_dir / "graph.jsonld"
        written["jsonld"].write_bytes(_jsonld(dataset))
    written[STORE_DIR] = write_store(nquads, out_dir / STORE_DIR)
    return written


def sorted_nquads(dataset: Dataset) -> bytes:
    """Every quad of the named graphs as N-Quads, one per line, sorted and unique."""
    text = dataset.serialize(format="nquads", encoding="utf-8").decode("utf-8")
    return _sorted_lines(text.splitlines())


def _sorted_lines(lines: Iterable[str]) -> bytes:
    unique = sorted({line for line in lines if line.strip()})
    return "".join(line + "\n" for line in unique).encode("utf-8")


def _union(dataset: Dataset) -> Graph:
    union = Graph()
    for prefix, namespace in dataset.namespaces():
        union.bind(prefix, namespace, replace=True)
    union.addN((s, p, o, union) for s, p, o, _ in dataset.quads((None, None, None, None)))
    return union


def _nt(dataset: Dataset, nquads: bytes) -> bytes:
    return _sorted_lines(_union(dataset).serialize(format="nt", encoding="utf-8").decode().splitlines())


def _ttl(dataset: Dataset, nquads: bytes) -> bytes:
    return _union(dataset).serialize(format="turtle", encoding="utf-8")


def _trig(dataset: Dataset, nquads: bytes) -> bytes:
    """TriG as prefixes, then each named graph's sorted Turtle body in graph-IRI order."""
    prefixes: set[str] = set()
    blocks = []
    for graph in sorted(dataset.graphs(), key=lambda g: str(g.identifier)):
        if len(graph) == 0:
            continue
        for prefix, namespace in dataset.namespaces():
            graph.bind(prefix, namespace, replace=True)
        lines = graph.serialize(format="turtle").splitlines()
        prefixes.update(line for line in lines if line.startswith("@prefix"))
        body = "\n".join("    " + line if line else "" for line in lines if not line.startswith("@prefix"))
        blocks.append(f"<{graph.identifier}> {{\n{body.strip(chr(10))}\n}}\n")
    return ("\n".join(sorted(prefixes)) + "\n\n" + "\n".join(blocks)).encode("utf-8")


def _jsonld(dataset: Dataset) -> bytes:
    data = json.loads(dataset.serialize(format="json-ld", context=dict(PREFIXES)))
    return json.dumps(_sorted_json(data), ensure_ascii=False, indent=1, sort_keys=True).encode("utf-8")


def _sorted_json(value: Any) -> Any:
    """JSON-LD arrays are unordered (no @list here), so sort them for stable output."""
    if isinstance(value, dict):
        return {k: _sorted_json(v) for k, v in value.items()}
    if isinstance(value, list):
        items = [_sorted_json(v) for v in value]
        return sorted(items, key=lambda v: json.dumps(v, ensure_ascii=False, sort_keys=True))
    return value


WRITERS = {"trig": _trig, "ttl": _ttl, "nt": _nt}
"""Format name → writer of the file's bytes."""


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
    """The build's Oxigraph store, read-only, for fast SPARQL (``store.query(q, use_default_graph_as_union=True)``)."""
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
