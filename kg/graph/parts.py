"""The graph of a corpus in parts: one N-Quads part per named graph.

A document's graph is made from that document's records alone (its metadata, provisions,
duties, indicators and entities) and from which of the documents it cites the corpus holds (see
``BuildContext.document_ref``). So each part is built on its own: in worker processes, and, when
a build folder keeps a :class:`PartCache`, only when its records changed since the last build. The
digest of a part's inputs (the records as corpus.json writes them, or else pickled; the cited keys
the corpus holds; kg's code and data) is its cache key: equal digests mean equal records, hence
equal bytes. The shared graphs (ontology, register, derived aggregates) are made in this process.
With a cache, a part stays in its cache file and :class:`Parts` reads it when asked, so a build
never holds its whole graph in memory.

Parts are joined in graph-IRI order, each quad once per graph, which is what
:meth:`kg.graph.quads.QuadSink.quads` gives for the whole corpus in one sink: the same bytes.
"""
from __future__ import annotations

import hashlib
import pickle
from collections import Counter
from collections.abc import Iterator, Mapping
from itertools import chain
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


class Parts(Mapping[str, bytes]):
    """Named graph → N-Quads, in graph-IRI order, each held in memory or read from its cache file
    when asked for: a part written to the build's cache stays on disk, so a build's memory does
    not grow with its graph (issue 16), and each consumer (graph.nq, the store update, the
    shape checks) reads one part at a time."""

    def __init__(self, where: dict[str, bytes | Path]) -> None:
        self._where = dict(sorted(where.items()))

    def __getitem__(self, name: str) -> bytes:
        found = self._where[name]
        return found if isinstance(found, bytes) else found.read_bytes()

    def __iter__(self) -> Iterator[str]:
        return iter(self._where)

    def __len__(self) -> int:
        return len(self._where)

    def file(self, name: str) -> Path | None:
        """The cache file holding the part, or None when it is held in memory."""
        found = self._where[name]
        return None if isinstance(found, bytes) else found

    def in_memory(self) -> list[str]:
        """The graphs held in memory rather than read from a file."""
        return [name for name, found in self._where.items() if isinstance(found, bytes)]


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


def part_digest(records: Records, cited: list[str], salt: bytes, recorded: str | None = None) -> str:
    """The cache key of a document's part: equal digests, equal records.

    ``recorded`` is the digest of the records as corpus.json writes them (kg.corpus_io.save_corpus,
    lossless), which a build has already; without it the records are pickled (lossless too). Pickling
    in this process is what a build avoids: pickle caches each string's UTF-8 form inside the string
    (CPython's PyUnicode_AsUTF8AndSize), which grew a 10 MB text's build by ~60 MB of record text."""
    digest = hashlib.sha256(salt)
    if recorded is not None:
        digest.update(b"recorded\0" + recorded.encode() + b"\0" + "\0".join(cited).encode())
    else:
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
    return sink.take(name)


def shared_parts(register: Any, derived: bytes | None = None) -> dict[str, bytes]:
    """graph/ontology, graph/agencies and, when given and not empty, graph/derived
    (:func:`derived_part`)."""
    sink = QuadSink()
    _load_file(sink, iris.ONTOLOGY_GRAPH, ontology_file("kg.ttl"))
    _load_file(sink, iris.AGENCIES_GRAPH, register_file(register))
    parts = {name: sink.nquads(name) for name in sink.names()}
    if derived:
        parts[str(iris.DERIVED_GRAPH)] = derived
    return dict(sorted(parts.items()))


def derived_part(corpus: Corpus) -> bytes:
    """graph/derived: aggregates over the whole corpus (coordination pairs, ranks, listings)."""
    sink = QuadSink()
    add_derived(sink.graph(iris.DERIVED_GRAPH), corpus)
    return sink.take(str(iris.DERIVED_GRAPH)) if sink.names() else b""


def graph_parts(corpus: Corpus, register: Any = None, workers: int = 1,
                cache: Any = None, recorded: dict[str, str] | None = None, derived: bytes | None = None) -> Parts:
    """Every named graph of the corpus as N-Quads, in graph-IRI order.

    Args:
        corpus: the extracted records (numbered here if made by hand).
        register: the agency register; default the bundled one.
        workers: processes building document parts (kg.parallel decides when to fork); this
            process makes the shared graphs meanwhile.
        cache: a :class:`kg.cache.PartCache`; parts whose digest it holds are not built again.
        recorded: document key → digest of its records' corpus.json lines (save_corpus), for the
            cache keys; a document without one is keyed by its pickled records.
        derived: graph/derived (:func:`derived_part`) when the caller made it already.

    Raises:
        KgError: a fact names a document the corpus lacks, or an agency id the register lacks.
    """
    if register is None:
        from ..agencies import default_register

        register = default_register()
    ensure_numbered(corpus)
    documents = document_records(corpus)
    doc_keys = frozenset(key for key, _ in documents)
    built = _build_all(documents, register, doc_keys, workers, cache, recorded or {})
    first = next(built, None)  # the workers have their tasks: make the shared graphs meanwhile
    reuse = cache is not None and cache.folder.is_dir()  # graph/derived may be the last build's
    if derived is None and not reuse:
        derived = derived_part(corpus)
    parts = shared_parts(register, None if reuse else derived)
    where: dict[str, bytes | Path] = dict(parts)
    digests = []
    for (key, records), (digest, data) in zip(documents, chain([first], built) if documents else [], strict=True):
        digests.append(digest)
        if data is None and (found := cache.locate(digest)) is not None:  # the previous build has it
            where[str(iris.doc_graph(key))] = found
            continue
        if data is None:  # gone since the worker looked: build it here
            data = build_part(key, records, register, doc_keys)
        where[str(iris.doc_graph(key))] = _kept(cache, digest, data)
    if cache is not None:  # graph/derived depends on the records of every document: on all their digests
        key = hashlib.sha256(cache.salt + b"derived" + "".join(digests).encode()).hexdigest()
        found = cache.locate(key) if reuse else None
        if found is None:
            data = derived if derived is not None else derived_part(corpus)
            found = _kept(cache, key, data)
        where.pop(str(iris.DERIVED_GRAPH), None)
        if found and not (isinstance(found, Path) and found.stat().st_size == 0):  # a corpus without duties
            where[str(iris.DERIVED_GRAPH)] = found
    return Parts(where)


def _kept(cache: Any, key: str | None, data: bytes) -> bytes | Path:
    """A new part, put into the cache when there is one: then its file, where the cache wrote it."""
    if cache is None or key is None:
        return data
    cache.put(key, data)
    return cache.locate(key) or data


_JOB: tuple[list[tuple[str, Records]], Any, frozenset[str], Any, dict[str, str]] | None = None
"""The documents a pool of forked workers builds: set before the pool forks, so the workers
inherit the records instead of receiving them pickled."""


def _build_all(documents: list[tuple[str, Records]], register: Any, doc_keys: frozenset[str],
               workers: int, cache: Any, recorded: dict[str, str]) -> Iterator[tuple[str | None, bytes | None]]:
    global _JOB
    _JOB = (documents, register, doc_keys, cache, recorded)
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
    documents, register, doc_keys, cache, recorded = _JOB
    key, records = documents[i]
    try:
        if cache is None:
            return None, build_part(key, records, register, doc_keys)
        digest = part_digest(records, cited_in_corpus(records, doc_keys), cache.salt, recorded.get(key))
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


def joined(parts: Mapping[str, bytes]) -> bytes:
    """The whole graph as N-Quads (the parts in order)."""
    return b"".join(parts.values())
