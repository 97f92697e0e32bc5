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

from rdflib import Dataset

from ..errors import KgError
from ..model import Corpus
from ..resources import ontology_file
from . import iris
from .context import BuildContext
from .derived import add_derived
from .terms import BUILDERS
from .vocab import PREFIXES


def new_dataset() -> Dataset:
    """An empty in-memory dataset with kg's prefixes bound; queries see the union of graphs."""
    ds = Dataset(default_union=True)
    for prefix, namespace in PREFIXES.items():
        ds.bind(prefix, namespace, replace=True)
    return ds


def build_dataset(corpus: Corpus, register: Any = None) -> Dataset:
    """Build the dataset for a corpus.

    Args:
        corpus: the extracted records.
        register: the agency register (``kg.agencies.Register``); its source file fills
            ``graph/agencies`` and it checks every ``Party.agency_id``. Default: the bundled one.

    Returns:
        An in-memory :class:`rdflib.Dataset`.

    Raises:
        KgError: a fact names a document the corpus lacks, or an agency id the register lacks.
    """
    if register is None:
        from ..agencies import default_register

        register = default_register()
    ds = new_dataset()
    _load_file(ds, iris.ONTOLOGY_GRAPH, ontology_file("kg.ttl"))
    _load_file(ds, iris.AGENCIES_GRAPH, _register_file(register))
    keys = Counter(doc.key for doc in corpus.documents)
    duplicates = sorted(k for k, n in keys.items() if n > 1)
    if duplicates:
        raise KgError(f"document keys occur more than once: {', '.join(duplicates)}")
    ctx = BuildContext(dataset=ds, register=register, doc_keys=frozenset(keys))
    for record in _records(corpus):
        BUILDERS[type(record)](ctx, record)
    add_derived(ds.graph(iris.DERIVED_GRAPH), corpus)
    return ds


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


def _load_file(ds: Dataset, graph: Any, path: Path) -> None:
    try:
        ds.graph(graph).parse(path, format="turtle")
    except Exception as exc:  # rdflib raises several unrelated parser exception types
        raise KgError(f"cannot parse: {exc}", str(path)) from exc
