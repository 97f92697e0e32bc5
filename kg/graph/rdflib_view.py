"""The build's graph through rdflib: a read-only Dataset over the Oxigraph store (oxrdflib), or a
copy in rdflib's memory store. Its own module, because oxrdflib imports rdflib's SPARQL engine
(0.2 s), which ``kg query`` and ``kg serve`` never need: they query Oxigraph directly."""
from __future__ import annotations

from pathlib import Path

import pyoxigraph
from oxrdflib.store import OxigraphStore
from rdflib import Dataset, Graph, URIRef

from ..errors import KgError
from .quads import to_dataset
from .store import open_store
from .vocab import PREFIXES


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
