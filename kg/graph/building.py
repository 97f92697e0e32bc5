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

from typing import Any

import pyoxigraph as ox
from rdflib import Dataset

from ..model import Corpus
from .parts import graph_parts, joined
from .quads import to_dataset
from .vocab import PREFIXES


def build_quads(corpus: Corpus, register: Any = None) -> list[ox.Quad]:
    """Build the graph of a corpus as pyoxigraph quads (for tests, notebooks and
    :func:`kg.graph.store.write_build`; ``kg build`` writes the N-Quads parts of
    :func:`kg.graph.parts.graph_parts` directly).

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
    return list(ox.parse(joined(graph_parts(corpus, register)), format=ox.RdfFormat.N_QUADS))


def build_dataset(corpus: Corpus, register: Any = None) -> Dataset:
    """The graph of :func:`build_quads` as an in-memory rdflib Dataset (union default graph),
    for tests, notebooks and graph edits; ``kg build`` itself never goes through rdflib."""
    return to_dataset(build_quads(corpus, register), PREFIXES)
