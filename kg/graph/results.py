"""The outcome of a SHACL check, and how it reads: shared by pySHACL validation
(:mod:`kg.graph.validation`) and the compiled checks of the build (:mod:`kg.graph.checking`), so
neither imports the other."""
from __future__ import annotations

from dataclasses import dataclass, field
from urllib.parse import unquote

from rdflib.namespace import SH

from .vocab import PREFIXES


@dataclass(frozen=True)
class Violation:
    """One SHACL result, with its IRIs shortened and decoded for reading."""

    focus: str
    path: str
    message: str
    severity: str  # Violation | Warning | Info
    value: str = ""
    where: str = ""  # source file:line of the focus node, when it has provenance


@dataclass
class ValidationReport:
    """The outcome of :func:`validate`."""

    conforms: bool
    violations: list[Violation] = field(default_factory=list)
    triples: int = 0
    quads: int | None = None  # set instead of triples by the build, which counts statements per graph


def short_iri(iri: str) -> str:
    """A prefixed name where a prefix fits, else the IRI with percent-escapes decoded."""
    if iri.startswith(str(SH)):
        return "sh:" + iri[len(str(SH)):]
    for prefix, namespace in PREFIXES.items():
        if iri.startswith(namespace) and "/" not in iri[len(namespace):]:
            return f"{prefix}:{iri[len(namespace):]}"
    return unquote(iri)


def render(report: ValidationReport) -> str:
    """Readable lines: a summary, then one line per result."""
    if report.conforms and not report.violations:
        size = f"{report.quads} quads" if report.quads is not None else f"{report.triples} triples"
        return f"graph conforms to the shapes ({size})"
    head = (
        f"graph conforms, with {len(report.violations)} warnings" if report.conforms
        else f"graph does not conform: {len(report.violations)} results"
    )
    lines = [head]
    for v in report.violations:
        at = f" [{v.where}]" if v.where else ""
        path = f" {v.path}" if v.path else ""
        value = f" (value: {v.value})" if v.value else ""
        lines.append(f"{v.severity}: {v.message}{value} — {v.focus}{path}{at}")
    return "\n".join(lines)
