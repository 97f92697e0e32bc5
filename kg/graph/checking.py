"""The fast build-time checker: the compiled shapes (:mod:`kg.graph.shapes`) run as SPARQL on an
Oxigraph store, giving the same :class:`~kg.graph.validation.Violation` records as pySHACL.

It checks the union of all named graphs of the store, which holds ``kg.ttl`` in graph/ontology
(the subclass links and kg:AgencyKind concepts the shapes rely on): the data pySHACL sees.
"""
from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import replace
from pathlib import Path

import pyoxigraph as ox

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
    out = []
    for row in store.query(check.sparql, use_default_graph_as_union=True):
        focus = row["focus"]
        value = row["value"] if check.reports_value else None
        out.append(Violation(
            focus=_short(focus), path=short_iri(check.path) if check.path else "", message=check.message,
            severity=check.severity, value=_short(value) if value is not None else "",
            where=_where(store, focus),
        ))
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
