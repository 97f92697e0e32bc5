"""The fast build-time checker: the compiled shapes (:mod:`kg.graph.shapes`) run as SPARQL on an
Oxigraph store, giving the same :class:`~kg.graph.validation.Violation` records as pySHACL.

It checks the union of all named graphs of the store, which holds ``kg.ttl`` in graph/ontology
(the subclass links and kg:AgencyKind concepts the shapes rely on): the data pySHACL sees.
"""
from __future__ import annotations

import hashlib
import pickle
import re
from collections.abc import Iterable, Mapping
from dataclasses import replace
from pathlib import Path
from typing import Any

import pyoxigraph as ox

from ..parallel import map_files
from . import iris
from .results import ValidationReport, Violation, short_iri
from .shapes import Check, compile_shapes
from .vocab import KG, RDFS


def check_store(store: ox.Store, shapes: Path | None = None, triples: int | None = None) -> ValidationReport:
    """Run every compiled check on ``store`` (union of its named graphs).

    Args:
        store: an Oxigraph store (on disk or in memory).
        shapes: a shapes file; default ``ontology/shapes.ttl``.
        triples: the number of distinct triples, when the caller knows it (counted otherwise).

    Returns:
        A :class:`ValidationReport`, violations sorted as :func:`kg.graph.validation.validate` does.
    """
    checks = compile_shapes(shapes)
    closures: dict[str, str] = {}
    violations = [v for check in checks for v in _run(store, _expand(store, check, closures))]
    violations.sort(key=lambda v: (v.where, v.focus, v.path, v.message))
    conforms = not any(v.severity == "Violation" for v in violations)
    count = triples if triples is not None else _count(store)
    return ValidationReport(conforms=conforms, violations=violations, triples=count)


def check_quads(quads: Iterable[ox.Quad], shapes: Path | None = None) -> ValidationReport:
    """:func:`check_store` over quads loaded into an in-memory store."""
    store = ox.Store()
    store.extend(quads)
    return check_store(store, shapes)


def check_nquads(nquads: bytes, shapes: Path | None = None, triples: int | None = None) -> ValidationReport:
    """:func:`check_store` over N-Quads (already validated, as pyoxigraph writes them) loaded
    into an in-memory store: what ``kg build`` runs. In memory, Oxigraph answers the checks 4x
    faster than on disk; and a store filled by ``load`` is filled and checked in 7 s at 1M
    quads, against 11 s for one filled by ``extend``."""
    store = ox.Store()
    store.load(nquads, format=ox.RdfFormat.N_QUADS, lenient=True)
    return check_store(store, shapes, triples)


def check_parts(parts: Mapping[str, bytes], workers: int = 1, cache: Any = None,
                shapes: Path | None = None, digests: dict[str, str] | None = None,
                quads: int | None = None) -> ValidationReport:
    """:func:`check_store` of the union of the parts, run part group by part group.

    Every node kg mints is described in one named graph (its document's, or a shared graph; only
    graph/derived adds to other graphs' nodes, with predicates no shape constrains), so the union
    violates a count or value constraint exactly where one graph with the ontology (subclasses,
    kg:AgencyKind concepts) does. The one constraint that looks at another node, sh:class, may
    find its value typed in another graph (a duty citing another document): a group's class
    violation stands only when no part types the value so. Groups of document graphs are checked
    in worker processes; a group whose bytes are unchanged since the last build takes its results
    from ``cache`` (kg.cache.CheckCache). tests/test_graph_parts.py compares the result with
    :func:`check_store` of the whole union. ``digests`` (graph → sha256 of its bytes, as
    kg.graph.writing has them for its index) spare hashing the parts again for the cache keys, and
    ``quads`` (their number of lines) counting them. Parts are read one group at a time (a part
    may be a file: kg.graph.parts.Parts).
    """
    ontology = parts.get(str(iris.ONTOLOGY_GRAPH), b"")
    groups = _groups(parts)
    if cache is not None and digests is None:
        digests = {name: hashlib.sha256(data).hexdigest() for name, data in parts.items()}
    keys = [_group_key(digests, names, cache.salt) if cache is not None else None for names in groups]
    found = {i: pickle.loads(data) for i, key in enumerate(keys)
             if key and (data := cache.get(key)) is not None}
    todo = [i for i in range(len(groups)) if i not in found]
    global _JOB
    _JOB = (parts, ontology, [groups[i] for i in todo], shapes)
    try:
        results = map_files(_check_nth, list(range(len(todo))), workers)
        for i, result in zip(todo, results, strict=True):
            found[i] = result
            if cache is not None:
                cache.put(keys[i], pickle.dumps(result, protocol=pickle.HIGHEST_PROTOCOL))
    finally:
        _JOB = None
    kept = {v for i in range(len(groups)) for v in found[i][0]}
    kept |= {v for i in range(len(groups)) for v, value, classes in found[i][1] if not _typed(parts, value, classes)}
    violations = sorted(kept, key=lambda v: (v.where, v.focus, v.path, v.message))
    conforms = not any(v.severity == "Violation" for v in violations)
    if quads is None:
        quads = sum(data.count(b"\n") for data in parts.values())
    return ValidationReport(conforms=conforms, violations=violations, quads=quads)


_TYPE = str(ox.NamedNode("http://www.w3.org/1999/02/22-rdf-syntax-ns#type"))


def _typed(parts: Mapping[str, bytes], value: str, classes: list[str]) -> bool:
    """Whether any part states ``value a C`` for one of ``classes`` (N-Quads text search: class
    violations are rare, and only they pay for it)."""
    heads = [f"<{value}> {_TYPE} <{c}> ".encode() for c in classes]
    return any(data.startswith(h) or b"\n" + h in data for data in parts.values() for h in heads)


GROUP_SIZE = 16
"""Document graphs per check group, about: fewer groups cost more per query, more groups re-check
more after a change."""


def _groups(parts: Mapping[str, bytes]) -> list[list[str]]:
    """The parts in check groups: the shared graphs one group each, the document graphs by a hash
    of their name into a power-of-two number of groups (stable while the corpus stays within the
    same power of two, so one changed document re-checks one group)."""
    docs = [n for n in parts if n not in _SHARED]
    count = 1
    while count * 2 * GROUP_SIZE <= len(docs):
        count *= 2
    groups: list[list[str]] = [[] for _ in range(count)]
    for name in docs:
        groups[int.from_bytes(hashlib.sha256(name.encode()).digest()[:4], "big") % count].append(name)
    return [[n] for n in parts if n in _SHARED and n != str(iris.ONTOLOGY_GRAPH)] + [g for g in groups if g]


_SHARED = {str(iris.ONTOLOGY_GRAPH), str(iris.AGENCIES_GRAPH), str(iris.DERIVED_GRAPH)}


def _group_key(digests: dict[str, str], names: list[str], salt: bytes) -> str:
    """A group's cache key: the shapes (in ``salt``), graph/ontology and the group's graphs."""
    digest = hashlib.sha256(salt)
    digest.update(digests.get(str(iris.ONTOLOGY_GRAPH), "").encode())
    for name in names:
        digest.update(name.encode() + b"\0" + digests[name].encode())
    return digest.hexdigest()


_JOB: tuple[Mapping[str, bytes], bytes, list[list[str]], Path | None] | None = None
"""What a pool of forked workers checks (inherited at the fork, not pickled): the parts,
graph/ontology, the names of each group's parts, the shapes."""


def _check_nth(i: int) -> tuple[list[Violation], list[tuple[Violation, str, list[str]]]]:
    """Group ``i``'s violations, and apart its class violations of IRI values (with the value and
    the classes that would satisfy it), which :func:`check_parts` confirms across all parts."""
    parts, ontology, groups, shapes = _JOB
    store = ox.Store()
    store.load(ontology, format=ox.RdfFormat.N_QUADS, lenient=True)
    for name in groups[i]:
        store.load(parts[name], format=ox.RdfFormat.N_QUADS, lenient=True)
    closures: dict[str, str] = {}
    sure, unsure = [], []
    for check in compile_shapes(shapes):
        expanded = _expand(store, check, closures)
        for violation, value in _run_raw(store, expanded):
            if check.component == "class" and isinstance(value, ox.NamedNode):
                classes = closures[check.target].removeprefix("<").removesuffix(">").split("> <")
                unsure.append((violation, value.value, classes))
            else:
                sure.append(violation)
    return sure, unsure


_PLACEHOLDER = re.compile(r"⟪([^⟫]+)⟫")


def _expand(store: ox.Store, check: Check, closures: dict[str, str]) -> Check:
    """Replace each ⟪C⟫ by C and its subclasses in this store (rdfs:subClassOf*), as IRIs."""
    def closure(match: re.Match) -> str:
        iri = match.group(1)
        if iri not in closures:
            rows = store.query(f"SELECT DISTINCT ?c WHERE {{ ?c <{RDFS.subClassOf}>* <{iri}> }}",
                               use_default_graph_as_union=True)
            closures[iri] = " ".join(sorted({f"<{iri}>"} | {str(row["c"]) for row in rows}))
        return closures[iri]

    return replace(check, sparql=_PLACEHOLDER.sub(closure, check.sparql))


def _run(store: ox.Store, check: Check) -> list[Violation]:
    return [violation for violation, _ in _run_raw(store, check)]


def _run_raw(store: ox.Store, check: Check) -> list[tuple[Violation, object]]:
    """The check's violations, each with its value term (None for count checks)."""
    out = []
    for row in store.query(check.sparql, use_default_graph_as_union=True):
        focus = row["focus"]
        value = row["value"] if check.reports_value else None
        out.append((Violation(
            focus=_short(focus), path=short_iri(check.path) if check.path else "", message=check.message,
            severity=check.severity, value=_short(value) if value is not None else "",
            where=_where(store, focus),
        ), value))
    return out


def _short(term: ox.NamedNode | ox.BlankNode | ox.Literal) -> str:
    return short_iri(term.value) if isinstance(term, ox.NamedNode) else term.value


_SOURCE, _LINE = ox.NamedNode(str(KG.sourceFile)), ox.NamedNode(str(KG.startLine))


def _where(store: ox.Store, focus: ox.NamedNode | ox.BlankNode) -> str:
    """``file:line`` of a focus node with provenance (as pySHACL's report is rendered)."""
    if isinstance(focus, ox.Literal):
        return ""
    source = next(iter(store.quads_for_pattern(focus, _SOURCE, None)), None)
    if source is None:
        return ""
    line = next(iter(store.quads_for_pattern(focus, _LINE, None)), None)
    return f"{source.object.value}:{line.object.value if line is not None else None}"


def _count(store: ox.Store) -> int:
    rows = store.query("SELECT (COUNT(*) AS ?n) WHERE { SELECT DISTINCT ?s ?p ?o WHERE { ?s ?p ?o } }",
                       use_default_graph_as_union=True)
    return int(next(iter(rows))["n"].value)
