"""SHACL validation of the built graph against ``ontology/shapes.ttl``, with readable results.

pySHACL validates each named graph of a Dataset on its own, but the shapes check links across
graphs (a duty's lead is an agency of graph/agencies), so the union of all named graphs plus
``kg.ttl`` is validated as one in-memory rdflib graph (pySHACL is fastest on rdflib's Memory
store at our size, pySHACL#184).
"""
from __future__ import annotations

from pathlib import Path

from rdflib import Graph, Node, URIRef
from rdflib.namespace import SH

from ..resources import ontology_file
from .results import ValidationReport, Violation, render, short_iri
from .vocab import KG, PREFIXES

__all__ = ["ValidationReport", "Violation", "render", "short_iri", "validate", "validate_build"]


def shapes_graph(path: Path | None = None) -> Graph:
    """The SHACL shapes (default: the bundled ``ontology/shapes.ttl``)."""
    return Graph().parse(path or ontology_file("shapes.ttl"), format="turtle")


def union_graph(graph: Graph) -> Graph:
    """All triples of a Dataset's named graphs (or a Graph's own) plus kg.ttl, in memory."""
    union = Graph()
    for prefix, namespace in PREFIXES.items():
        union.bind(prefix, namespace)
    quads = getattr(graph, "quads", None)
    if quads is not None:
        union.addN((s, p, o, union) for s, p, o, _ in quads((None, None, None, None)))
    else:
        union.addN((s, p, o, union) for s, p, o in graph)
    union.parse(ontology_file("kg.ttl"), format="turtle")
    return union


def validate(graph: Graph, shapes: Path | None = None) -> ValidationReport:
    """Validate a built dataset (or graph) against the shapes.

    Args:
        graph: the Dataset from ``build_dataset`` or ``store.load``/``load_memory``, or a Graph.
        shapes: a shapes file; default ``ontology/shapes.ttl``.

    Returns:
        A :class:`ValidationReport`; ``conforms`` is False when any result has severity Violation.
    """
    data = union_graph(graph)
    import pyshacl  # 0.15 s to import: only when a command validates

    conforms, results, _ = pyshacl.validate(
        data, shacl_graph=shapes_graph(shapes), inference="none", allow_warnings=True
    )
    violations = sorted(
        (_violation(results, data, r) for r in results.subjects(SH.resultSeverity, None)),
        key=lambda v: (v.where, v.focus, v.path, v.message),
    )
    return ValidationReport(conforms=bool(conforms), violations=violations, triples=len(data))


def _violation(results: Graph, data: Graph, result: Node) -> Violation:
    focus = results.value(result, SH.focusNode)
    message = results.value(result, SH.resultMessage)
    return Violation(
        focus=_short(data, focus),
        path=_short(data, results.value(result, SH.resultPath)),
        message=str(message) if message is not None else "",
        severity=_short(data, results.value(result, SH.resultSeverity)).removeprefix("sh:"),
        value=_short(data, results.value(result, SH.value)),
        where=_where(data, focus),
    )


def _short(data: Graph, node: Node | None) -> str:
    if node is None:
        return ""
    return short_iri(str(node)) if isinstance(node, URIRef) else str(node)


def _where(data: Graph, focus: Node | None) -> str:
    if focus is None:
        return ""
    source, line = data.value(focus, KG.sourceFile), data.value(focus, KG.startLine)
    return f"{source}:{line}" if source is not None else ""


def validate_build(build_dir: Path, fast: bool = False) -> ValidationReport:
    """Validate the graph of a build folder (read from its Oxigraph store).

    Args:
        build_dir: a folder written by ``kg build``.
        fast: run the compiled SPARQL checks (:mod:`kg.graph.checking`) on the store instead of
            pySHACL over an in-memory rdflib copy.
    """
    from .store import load_memory, open_store

    if fast:
        from .checking import check_store

        return check_store(open_store(Path(build_dir)))
    return validate(load_memory(Path(build_dir)))
