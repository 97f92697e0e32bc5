"""Corpus records → an RDF dataset with one named graph per source document.

Named graphs (see :mod:`kg.graph.iris`):

- ``graph/<doc key>``: the document, its provisions, duties, indicators and the entities it names;
- ``graph/agencies``: the agency register (``ontology/agencies.ttl``);
- ``graph/ontology``: ``ontology/kg.ttl``, so queries can fetch labels of kg terms;
- ``graph/derived``: build-time aggregates (coordination pairs, counts, title citations).

Every IRI is minted from the fact's own stable key, so rebuilding, or adding other documents,
leaves a document's graph unchanged.
"""
from __future__ import annotations

from collections import Counter
from pathlib import Path
from typing import Any

import pyoxigraph as ox
from rdflib import Dataset

from ..errors import KgError
from ..model import Corpus
from ..numbering import ensure_numbered
from ..resources import ontology_file
from . import iris
from .context import BuildContext
from .derived import add_derived
from .quads import QuadSink, to_dataset
from .terms import BUILDERS
from .vocab import PREFIXES


def build_quads(corpus: Corpus, register: Any = None) -> list[ox.Quad]:
    """Build the graph of a corpus as pyoxigraph quads (the form ``kg build`` writes).

    Args:
        corpus: the extracted records.
        register: the agency register (``kg.agencies.Register``); its source file fills
            ``graph/agencies`` and it checks every ``Party.agency_id``. Default: the bundled one.

    Returns:
        Every quad once, graph by graph (IRI order), each graph in build order: the same corpus
        always gives the same list, which the writers keep (byte-identical files).

    Raises:
        KgError: a fact names a document the corpus lacks, or an agency id the register lacks.
    """
    if register is None:
        from ..agencies import default_register

        register = default_register()
    ensure_numbered(corpus)
    sink = QuadSink()
    _load_file(sink, iris.ONTOLOGY_GRAPH, ontology_file("kg.ttl"))
    _load_file(sink, iris.AGENCIES_GRAPH, _register_file(register))
    keys = Counter(doc.key for doc in corpus.documents)
    duplicates = sorted(k for k, n in keys.items() if n > 1)
    if duplicates:
        raise KgError(f"document keys occur more than once: {', '.join(duplicates)}")
    ctx = BuildContext(sink=sink, register=register, doc_keys=frozenset(keys))
    for record in _records(corpus):
        BUILDERS[type(record)](ctx, record)
    add_derived(sink.graph(iris.DERIVED_GRAPH), corpus)
    return sink.quads()


def build_dataset(corpus: Corpus, register: Any = None) -> Dataset:
    """The graph of :func:`build_quads` as an in-memory rdflib Dataset (union default graph),
    for tests, notebooks and graph edits; ``kg build`` itself never goes through rdflib."""
    return to_dataset(build_quads(corpus, register), PREFIXES)


def _records(corpus: Corpus):
    """Records in build order. Duties go by document, provision and line (stable within ties),
    which fixes each clause's number within its provision."""
    yield from corpus.documents
    yield from sorted(corpus.duties, key=lambda d: (d.doc, d.provision, d.span.start_line))
    yield from sorted(corpus.indicators, key=lambda i: (i.doc, i.span.start_line))
    yield from corpus.entities


def _register_file(register: Any) -> Path:
    source = Path(getattr(register, "source", "") or "")
    return source if source.is_file() else ontology_file("agencies.ttl")


def _load_file(sink: QuadSink, graph: str, path: Path) -> None:
    try:
        sink.extend(graph, ox.parse(path=path, format=ox.RdfFormat.TURTLE))
    except (SyntaxError, OSError) as exc:
        raise KgError(f"cannot parse: {exc}", str(path)) from exc
