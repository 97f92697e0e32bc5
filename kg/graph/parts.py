"""The graph of a corpus in parts: one N-Quads part per named graph.

A document's graph is made from that document's records alone (its metadata, provisions,
duties, indicators and entities) and from which of the documents it cites the corpus holds (see
``BuildContext.document_ref``). So each part is built on its own: in worker processes, and, when
a build folder keeps a :class:`PartCache`, only when its records changed since the last build. The
digest of a part's inputs (the pickled records, the cited keys the corpus holds, kg's code and
data) is its cache key: equal digests mean equal records, hence equal bytes. The shared graphs
(ontology, register, derived aggregates) are made in this process on every build.

Parts are joined in graph-IRI order, each quad once per graph, which is what
:meth:`kg.graph.quads.QuadSink.quads` gives for the whole corpus in one sink: the same bytes.
"""
from __future__ import annotations

import hashlib
import pickle
from collections import Counter
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pyoxigraph as ox

from ..errors import KgError
from ..model import Corpus
from ..numbering import ensure_numbered
from ..parallel import map_files
from ..resources import ontology_file
from . import iris
from .context import BuildContext
from .derived import add_derived
from .quads import QuadSink
from .terms import BUILDERS

Records = list[Any]


def document_records(corpus: Corpus) -> list[tuple[str, Records]]:
    """Each document's key with its records in build order (document, duties by provision and line,
    indicators by line, entities as listed), in corpus order.

    Raises:
        KgError: document keys repeat, or a fact names a document the corpus lacks.
    """
    keys = Counter(doc.key for doc in corpus.documents)
    duplicates = sorted(k for k, n in keys.items() if n > 1)
    if duplicates:
        raise KgError(f"document keys occur more than once: {', '.join(duplicates)}")
    records: dict[str, Records] = {doc.key: [doc] for doc in corpus.documents}
    facts = [*sorted(corpus.duties, key=lambda d: (d.doc, d.provision, d.span.start_line)),
             *sorted(corpus.indicators, key=lambda i: (i.doc, i.span.start_line)), *corpus.entities]
    for fact in facts:
        found = records.get(fact.doc)
        if found is None:
            raise KgError(f"fact refers to document {fact.doc!r}, which the corpus does not hold",
                          f"{fact.span.source_file}:{fact.span.start_line}")
        found.append(fact)
    return list(records.items())


def cited_in_corpus(records: Records, doc_keys: frozenset[str]) -> list[str]:
    """The documents a document cites that the corpus holds: its graph names them by IRI."""
    doc = records[0]
    refs = [*doc.supersedes, *doc.basis, *([doc.interprets] if doc.interprets else [])]
    return sorted({ref for ref in refs if ref in doc_keys})


def part_digest(records: Records, cited: list[str], salt: bytes) -> str:
    """The cache key of a document's part: equal digests, equal records (pickle is lossless)."""
    digest = hashlib.sha256(salt)
    digest.update(pickle.dumps((records, cited), protocol=pickle.HIGHEST_PROTOCOL))
    return digest.hexdigest()


def build_part(key: str, records: Records, register: Any, doc_keys: frozenset[str]) -> bytes:
    """The N-Quads of one document's named graph."""
    sink = QuadSink()
    ctx = BuildContext(sink=sink, register=register, doc_keys=doc_keys)
    for record in records:
        BUILDERS[type(record)](ctx, record)
    name = str(iris.doc_graph(key))
    stray = [n for n in sink.names() if n != name]
    if stray:  # a builder wrote outside its document's graph: the part would not be independent
        raise KgError(f"building document {key!r} wrote to other graphs: {', '.join(stray)}")
    return sink.nquads(name)


def shared_parts(corpus: Corpus, register: Any, derived: bool = True) -> dict[str, bytes]:
    """graph/ontology, graph/agencies and (unless ``derived`` is False) graph/derived."""
    sink = QuadSink()
    _load_file(sink, iris.ONTOLOGY_GRAPH, ontology_file("kg.ttl"))
    _load_file(sink, iris.AGENCIES_GRAPH, register_file(register))
    parts = {name: sink.nquads(name) for name in sink.names()}
    if derived and (data := derived_part(corpus)):
        parts[str(iris.DERIVED_GRAPH)] = data
    return dict(sorted(parts.items()))


def derived_part(corpus: Corpus) -> bytes:
    """graph/derived: aggregates over the whole corpus (coordination pairs, ranks, listings)."""
    sink = QuadSink()
    add_derived(sink.graph(iris.DERIVED_GRAPH), corpus)
    return sink.nquads(str(iris.DERIVED_GRAPH)) if sink.names() else b""


def graph_parts(corpus: Corpus, register: Any = None, workers: int = 1,
                cache: Any = None) -> dict[str, bytes]:
    """Every named graph of the corpus as N-Quads, in graph-IRI order.

    Args:
        corpus: the extracted records (numbered here if made by hand).
        register: the agency register; default the bundled one.
        workers: processes building document parts (kg.parallel decides when to fork); this
            process makes the shared graphs meanwhile.
        cache: a :class:`kg.cache.PartCache`; parts whose digest it holds are not built again.

    Raises:
        KgError: a fact names a document the corpus lacks, or an agency id the register lacks.
    """
    if register is None:
        from ..agencies import default_register

        register = default_register()
    ensure_numbered(corpus)
    documents = document_records(corpus)
    doc_keys = frozenset(key for key, _ in documents)
    built = _build_all(documents, register, doc_keys, workers, cache)
    first = next(built, None)  # the workers have their tasks: make the shared graphs meanwhile
    reuse = cache is not None and cache.folder.is_dir()  # graph/derived may be the last build's
    parts = shared_parts(corpus, register, derived=not reuse)
    digests = []
    for (key, records), (digest, data) in zip(documents, [first, *built] if documents else [], strict=True):
        digests.append(digest)
        if data is None:  # the previous build has it
            data = cache.get(digest)
            if data is None:  # gone since the worker looked: build it here
                data = build_part(key, records, register, doc_keys)
                cache.put(digest, data)
        elif cache is not None:
            cache.put(digest, data)
        parts[str(iris.doc_graph(key))] = data
    if cache is not None:  # graph/derived depends on the records of every document: on all their digests
        key = hashlib.sha256(cache.salt + b"derived" + "".join(digests).encode()).hexdigest()
        data = cache.get(key) if reuse else None
        if data is None:
            data = derived_part(corpus) if reuse else parts.get(str(iris.DERIVED_GRAPH), b"")
            cache.put(key, data)
        if data:
            parts[str(iris.DERIVED_GRAPH)] = data
    return dict(sorted(parts.items()))


_JOB: tuple[list[tuple[str, Records]], Any, frozenset[str], Any] | None = None
"""The documents a pool of forked workers builds: set before the pool forks, so the workers
inherit the records instead of receiving them pickled."""


def _build_all(documents: list[tuple[str, Records]], register: Any, doc_keys: frozenset[str],
               workers: int, cache: Any) -> Iterator[tuple[str | None, bytes | None]]:
    global _JOB
    _JOB = (documents, register, doc_keys, cache)
    try:
        for result in map_files(_build_nth, list(range(len(documents))), workers):
            if isinstance(result, Exception):
                raise result
            yield result
    finally:
        _JOB = None


def _build_nth(i: int) -> tuple[str | None, bytes | None] | Exception:
    """Part ``i`` of the current job (in a worker, or in this process): its digest, and its bytes
    unless the cache holds them. An error is returned, so that the parent raises it as it was
    raised rather than as a broken pool."""
    documents, register, doc_keys, cache = _JOB
    key, records = documents[i]
    try:
        if cache is None:
            return None, build_part(key, records, register, doc_keys)
        digest = part_digest(records, cited_in_corpus(records, doc_keys), cache.salt)
        return digest, (None if cache.has(digest) else build_part(key, records, register, doc_keys))
    except Exception as exc:  # noqa: BLE001 - re-raised in the parent (see _build_all)
        return exc


def register_file(register: Any) -> Path:
    """The Turtle file the register was read from (graph/agencies), else the bundled one."""
    source = Path(getattr(register, "source", "") or "")
    return source if source.is_file() else ontology_file("agencies.ttl")


def _load_file(sink: QuadSink, graph: str, path: Path) -> None:
    try:
        sink.extend(graph, ox.parse(path=path, format=ox.RdfFormat.TURTLE))
    except (SyntaxError, OSError) as exc:
        raise KgError(f"cannot parse: {exc}", str(path)) from exc


def joined(parts: dict[str, bytes]) -> bytes:
    """The whole graph as N-Quads (the parts in order)."""
    return b"".join(parts.values())
