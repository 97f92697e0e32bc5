"""ontology/shapes.ttl compiled into SPARQL checks, for the fast build-time checker.

pySHACL needs the graph in rdflib (seconds at 20k triples, minutes at 1M), so ``kg build`` runs
the SHACL Core constraints that shapes.ttl uses as SPARQL on the Oxigraph store instead; pySHACL
stays the reference (``kg validate``, tests/test_graph.py compares the two). The shapes file stays
the single source of truth: a constraint this compiler does not know fails loudly
(:class:`UnsupportedShape`), never silently passes.

Supported: node shapes with ``sh:targetClass`` (with rdfs:subClassOf), ``sh:property``, ``sh:or``
of property shapes with ``sh:minCount 1``, ``sh:message``, ``sh:severity``; property shapes with an
IRI ``sh:path`` and ``sh:minCount``, ``sh:maxCount``, ``sh:datatype``, ``sh:class``,
``sh:nodeKind``, ``sh:in``, ``sh:minInclusive``, ``sh:minLength``.
"""
from __future__ import annotations

from dataclasses import dataclass, replace
from functools import lru_cache
from pathlib import Path
from typing import Any

from rdflib import RDF, RDFS, Graph, Literal, Node, URIRef
from rdflib.collection import Collection
from rdflib.namespace import SH

from ..errors import KgError
from ..resources import ontology_file
from .quads import from_rdflib


class UnsupportedShape(KgError):
    """shapes.ttl uses a SHACL feature the fast checker cannot compile."""


@dataclass(frozen=True)
class Check:
    """One compiled constraint: a SELECT whose rows (?focus, optional ?value) are violations."""

    shape: str
    path: str  # the property IRI, "" for a node-level constraint
    message: str
    severity: str
    sparql: str
    component: str  # the SHACL constraint, e.g. "count", for debugging
    reports_value: bool = True  # rows carry ?value (all but the count checks, as in pySHACL)
    target: str = ""  # the class IRI of an sh:class check
    targets: tuple[str, ...] = ()  # the node shape's sh:targetClass IRIs (their subclasses too)
    argument: Any = None
    """The constraint's parameter in Python, for kg.graph.checking's screen of a group without a
    store: (min, max) of a count, the paths of an sh:or, the datatype IRI, the sh:nodeKind IRI, the
    N-Triples texts of sh:in, the sh:minInclusive number (None: not an integer), the minLength."""


NODE_KEYS = {SH.targetClass, SH.property, SH["or"], SH.message, SH.severity}
PROPERTY_KEYS = {SH.path, SH.minCount, SH.maxCount, SH.datatype, SH["class"], SH.nodeKind, SH["in"],
                 SH.minInclusive, SH.minLength, SH.message, SH.severity, SH.name, SH.description}
NODE_KINDS = {
    SH.IRI: "isIRI({v})", SH.BlankNode: "isBlank({v})", SH.Literal: "isLiteral({v})",
    SH.BlankNodeOrIRI: "(isIRI({v}) || isBlank({v}))", SH.IRIOrLiteral: "(isIRI({v}) || isLiteral({v}))",
    SH.BlankNodeOrLiteral: "(isBlank({v}) || isLiteral({v}))",
}

FOCUS = "{{ SELECT DISTINCT ?focus WHERE {{ VALUES ?class {{ {classes} }} ?focus a ?class }} }}"
"""Focus nodes of a node shape; each ⟪C⟫ stands for C and its subclasses, found in the data by
:func:`kg.graph.checking.check_store` (a property path per focus node was 10x slower)."""


def subclasses(iri: str) -> str:
    """The placeholder for a class and its subclasses (see :data:`FOCUS`)."""
    return f"⟪{iri}⟫"



@lru_cache(maxsize=4)
def compile_shapes(path: Path | None = None) -> tuple[Check, ...]:
    """Every check of a shapes file (default ``ontology/shapes.ttl``)."""
    path = Path(path or ontology_file("shapes.ttl"))
    g = Graph().parse(path, format="turtle")
    checks: list[Check] = []
    for shape in sorted(set(g.subjects(RDF.type, SH.NodeShape)), key=str):
        checks += _node_shape(g, shape, str(path))
    return tuple(checks)


def _node_shape(g: Graph, shape: Node, where: str) -> list[Check]:
    _only(g, shape, NODE_KEYS, where)
    classes = sorted(g.objects(shape, SH.targetClass), key=str)
    if not classes:
        raise UnsupportedShape(f"{_n(shape)} has no sh:targetClass (other targets are not supported)", where)
    focus = FOCUS.format(classes=" ".join(subclasses(c) for c in classes))
    severity = _severity(g, shape)
    checks = []
    for members in g.objects(shape, SH["or"]):
        alternatives = list(Collection(g, members))
        ors = " || ".join(_exists(g, m, where) for m in alternatives)
        checks.append(Check(_n(shape), "", _message(g, shape, "no alternative of sh:or holds"), severity,
                            f"SELECT DISTINCT ?focus (?focus AS ?value) WHERE {{ {focus} FILTER(!({ors})) }}", "or",
                            argument=tuple(_path(g, m, where) for m in alternatives)))
    for prop in g.objects(shape, SH.property):
        checks += _property_shape(g, prop, focus, where)
    return [replace(check, targets=tuple(map(str, classes))) for check in checks]


def _exists(g: Graph, member: Node, where: str) -> str:
    """An sh:or member as a SPARQL condition on ?focus (property shapes with sh:minCount 1 only)."""
    keys = set(g.predicates(member, None)) - {RDF.type, RDFS.comment}
    if keys != {SH.path, SH.minCount} or int(g.value(member, SH.minCount)) != 1:
        raise UnsupportedShape(f"sh:or member {_n(member)}: only [ sh:path P ; sh:minCount 1 ] is supported", where)
    return f"EXISTS {{ ?focus <{_path(g, member, where)}> ?any }}"


def _property_shape(g: Graph, prop: Node, focus: str, where: str) -> list[Check]:
    _only(g, prop, PROPERTY_KEYS, where)
    path = _path(g, prop, where)
    severity, name = _severity(g, prop), f"{_n(prop)} ({_n(URIRef(path))})"
    checks = []
    low, high = g.value(prop, SH.minCount), g.value(prop, SH.maxCount)
    if low is not None or high is not None:
        n = "COUNT(DISTINCT ?v)"  # HAVING cannot see the SELECT's alias (SPARQL 1.1 §18.2.4.1)
        having = " || ".join(([f"{n} < {int(low)}"] if low is not None else [])
                             + ([f"{n} > {int(high)}"] if high is not None else []))
        sparql = (f"SELECT ?focus ({n} AS ?n) WHERE {{ {focus} OPTIONAL {{ ?focus <{path}> ?v }} }} "
                  f"GROUP BY ?focus HAVING ({having})")
        bounds = f"{int(low) if low is not None else 0}..{int(high) if high is not None else '*'}"
        checks.append(Check(name, path, _message(g, prop, f"needs {bounds} values of {_n(URIRef(path))}"),
                            severity, sparql, "count", reports_value=False,
                            argument=(_int(low), _int(high))))
    cls = g.value(prop, SH["class"])
    for key, (condition, default) in _value_conditions(g, prop, where).items():
        sparql = f"SELECT DISTINCT ?focus ?value WHERE {{ {focus} ?focus <{path}> ?value . FILTER(!({condition})) }}"
        checks.append(Check(name, path, _message(g, prop, default), severity, sparql, key,
                            target=str(cls) if key == "class" else "", argument=_argument(g, prop, key)))
    return checks


def _int(value: Node | None) -> int | None:
    return int(value) if value is not None else None


def _argument(g: Graph, prop: Node, key: str) -> Any:
    """A value constraint's parameter as :attr:`Check.argument` holds it."""
    if key == "datatype":
        return str(g.value(prop, SH.datatype))
    if key == "nodeKind":
        return str(g.value(prop, SH.nodeKind))
    if key == "in":
        return frozenset(str(from_rdflib(t)) for t in Collection(g, g.value(prop, SH["in"])))
    if key == "minInclusive":
        low = g.value(prop, SH.minInclusive)
        return low.value if isinstance(low, Literal) and type(low.value) is int else None
    if key == "minLength":
        return int(g.value(prop, SH.minLength))
    return None


def _value_conditions(g: Graph, prop: Node, where: str) -> dict[str, tuple[str, str]]:
    """Constraint name → (SPARQL condition a conforming ?value meets, default message)."""
    v, out = "?value", {}
    if (dt := g.value(prop, SH.datatype)) is not None:
        out["datatype"] = (f"isLiteral({v}) && datatype({v}) = <{dt}>", f"value is not a literal of {_n(dt)}")
    if (cls := g.value(prop, SH["class"])) is not None:
        out["class"] = (f"EXISTS {{ VALUES ?type {{ {subclasses(cls)} }} {v} a ?type }}", f"value is not a {_n(cls)}")
    if (kind := g.value(prop, SH.nodeKind)) is not None:
        if kind not in NODE_KINDS:
            raise UnsupportedShape(f"{_n(prop)}: sh:nodeKind {_n(kind)} is not supported", where)
        out["nodeKind"] = (NODE_KINDS[kind].format(v=v), f"value is not of node kind {_n(kind)}")
    if (members := g.value(prop, SH["in"])) is not None:
        allowed = list(Collection(g, members))
        terms = " || ".join(f"sameTerm({v}, {_sparql_term(t)})" for t in allowed)
        out["in"] = (terms or "false", f"value is not one of {', '.join(map(str, allowed))}")
    if (low := g.value(prop, SH.minInclusive)) is not None:
        out["minInclusive"] = (f"COALESCE({v} >= {_sparql_term(low)}, false)", f"value is not >= {low}")
    if (length := g.value(prop, SH.minLength)) is not None:
        out["minLength"] = (f"COALESCE(!isBlank({v}) && STRLEN(STR({v})) >= {int(length)}, false)",
                            f"value is shorter than {length}")
    return out


def _sparql_term(term: Node) -> str:
    if isinstance(term, URIRef):
        return f"<{term}>"
    if isinstance(term, Literal):
        return term.n3()
    raise UnsupportedShape(f"blank node {term} in a constraint value")


def _path(g: Graph, shape: Node, where: str) -> str:
    path = g.value(shape, SH.path)
    if not isinstance(path, URIRef):
        raise UnsupportedShape(f"{_n(shape)}: only a single IRI sh:path is supported, not {path!r}", where)
    return str(path)


def _only(g: Graph, shape: Node, allowed: set[URIRef], where: str) -> None:
    """Fail on any SHACL term outside ``allowed`` (rdf:type, rdfs:comment and the like pass)."""
    unknown = sorted(str(p) for p in set(g.predicates(shape, None)) - allowed if str(p).startswith(str(SH)))
    if unknown:
        valid = ", ".join(sorted(_n(k) for k in allowed))
        raise UnsupportedShape(f"{_n(shape)} uses {', '.join(map(_n, map(URIRef, unknown)))}, which the fast "
                               f"checker does not compile; supported: {valid}", where)


def _severity(g: Graph, shape: Node) -> str:
    return _n(g.value(shape, SH.severity) or SH.Violation).removeprefix("sh:")


def _message(g: Graph, shape: Node, default: str) -> str:
    message = g.value(shape, SH.message)
    return str(message) if message is not None else default


def _n(node: Node) -> str:
    """A short name for messages: sh:/kg: prefixes, else the IRI, else the blank node's id."""
    text = str(node)
    for prefix, ns in (("sh:", str(SH)), ("kgs:", "https://w3id.org/kg-cn/shapes#"),
                       ("kg:", "https://w3id.org/kg-cn/ontology#")):
        if text.startswith(ns):
            return prefix + text[len(ns):]
    return text if isinstance(node, URIRef) else f"[{text}]"
