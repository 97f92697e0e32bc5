"""The fast build-time checker: the compiled shapes (:mod:`kg.graph.shapes`) run as SPARQL on an
Oxigraph store, giving the same :class:`~kg.graph.validation.Violation` records as pySHACL.

It checks the union of all named graphs of the store, which holds ``kg.ttl`` in graph/ontology
(the subclass links and kg:AgencyKind concepts the shapes rely on): the data pySHACL sees.

``kg build`` checks its graph part group by part group (:func:`check_parts`), and screens each
group first: read from its N-Quads text in Python, without a store, the group's triples of the
checked predicates prove most checks find nothing there (:func:`_may_violate`), and only the
others run as SPARQL on a store of the group. A conforming group loads no store at all: at 1,000
documents the checks cost 10 CPU-seconds as stores and queries, 3 as a screen.
"""
from __future__ import annotations

import hashlib
import pickle
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field, replace
from functools import lru_cache
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
    violations.sort(key=_order)
    conforms = not any(v.severity == "Violation" for v in violations)
    count = triples if triples is not None else _count(store)
    return ValidationReport(conforms=conforms, violations=violations, triples=count)


def _order(v: Violation) -> tuple[str, ...]:
    """Violations' order: pySHACL's (kg.graph.validation.validate), then value and severity, so
    that two checks of one property shape with one message (a count and a datatype) come in the
    same order whichever way they were found: check_parts gathers them in a set."""
    return v.where, v.focus, v.path, v.message, v.value, v.severity


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
    from ``cache`` (kg.cache.CheckCache). Each group is screened before any SPARQL runs (see
    :func:`_check_nth`). tests/test_graph_parts.py compares the result with :func:`check_store` of
    the whole union, tests/test_checks_merged.py the screen with SPARQL. ``digests`` (graph →
    sha256 of its bytes, as kg.graph.writing has them for its index) spare hashing the parts
    again for the cache keys, and ``quads`` (their number of lines) counting them. Parts are read
    one group at a time (a part may be a file: kg.graph.parts.Parts).
    """
    ontology = parts.get(str(iris.ONTOLOGY_GRAPH), b"")
    groups = _groups(parts)
    if cache is not None and digests is None:
        digests = {name: hashlib.sha256(data).hexdigest() for name, data in parts.items()}
    keys = [_group_key(digests, names, cache.salt) if cache is not None else None for names in groups]
    found = {i: result for i, key in enumerate(keys)
             if key and (data := cache.get(key)) is not None and (result := _cached_result(data)) is not None}
    todo = [i for i in range(len(groups)) if i not in found]
    global _JOB
    checks, closures, members = _compiled(ontology, shapes)
    _JOB = _Job(parts, ontology, [groups[i] for i in todo], checks, closures, members, _predicates(checks))
    try:
        results = map_files(_check_nth, list(range(len(todo))), workers)
        for i, result in zip(todo, results, strict=True):
            found[i] = result
            if cache is not None:
                cache.put(keys[i], pickle.dumps(result, protocol=pickle.HIGHEST_PROTOCOL))
    finally:
        _JOB = None
    kept = {hit for i in range(len(groups)) for hit in found[i][0]}
    kept |= {(n, v) for i in range(len(groups)) for n, v, value, classes in found[i][1]
             if not _typed(parts, value, classes)}
    violations = sorted((v for _, v in kept), key=_order)  # once per check, as check_store has them
    conforms = not any(v.severity == "Violation" for v in violations)
    if quads is None:
        quads = sum(data.count(b"\n") for data in parts.values())
    return ValidationReport(conforms=conforms, violations=violations, quads=quads)


def _cached_result(data: bytes) -> Found | None:
    """A group's results from the check cache; None (checked again) for an entry that does not
    unpickle into them: a damaged cache must cost a check, not the build."""
    try:
        result = pickle.loads(data)
    except Exception:  # noqa: BLE001 - any damage (truncated, garbage, another version) is a miss
        return None
    ok = isinstance(result, tuple) and len(result) == 2 and all(isinstance(r, list) for r in result)
    return result if ok else None


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


@dataclass(frozen=True)
class _Job:
    """What a pool of forked workers checks (inherited at the fork, not pickled)."""

    parts: Mapping[str, bytes]
    ontology: bytes  # graph/ontology's N-Quads, loaded with every group
    groups: list[list[str]]  # the names of each group's parts
    checks: tuple[Check, ...]
    closures: dict[str, str]  # class IRI → it and its subclasses in graph/ontology, as _expand has them
    members: dict[str, frozenset[bytes]]  # the same as sets of N-Triples IRIs, for the screen
    predicates: frozenset[bytes]  # the predicates the screen reads (see _predicates)


_JOB: _Job | None = None


def _compiled(ontology: bytes, shapes: Path | None) -> tuple[tuple[Check, ...], dict[str, str],
                                                           dict[str, frozenset[bytes]]]:
    """The checks and the subclass closures of the classes they name, computed once here rather
    than in each group's store: they depend on graph/ontology alone as long as a group adds no
    rdfs:subClassOf (a group that does finds its own, see :func:`_check_nth`)."""
    checks = compile_shapes(shapes)
    store = ox.Store()
    store.load(ontology, format=ox.RdfFormat.N_QUADS, lenient=True)
    closures: dict[str, str] = {}
    for iri in {iri for check in checks for iri in (*check.targets, check.target) if iri}:
        _closure(store, iri, closures)  # every ⟪C⟫ of the checks: their targets and sh:class
    return checks, closures, {iri: frozenset(text.encode().split(b" ")) for iri, text in closures.items()}


Found = tuple[list[tuple[int, Violation]], list[tuple[int, Violation, str, list[str]]]]
"""A group's violations, each with the number of its check (two checks may find one record, a
datatype and a minInclusive on one value: check_store lists it twice), and apart its class
violations of IRI values, each with the value and the classes that would satisfy it."""


def _check_nth(i: int) -> Found:
    """Group ``i``'s violations, class violations of IRI values apart (:data:`Found`), which
    :func:`check_parts` confirms across all parts.

    The group is screened first (:func:`_may_violate`): only the checks its facts may violate
    run as SPARQL, on a store of the group loaded only when there is one. In a conforming build
    there is none, and loading a group's store cost as much as all its queries together.
    """
    job = _JOB
    names = job.groups[i]
    facts = _facts([(str(iris.ONTOLOGY_GRAPH), job.ontology)] + [(name, job.parts[name]) for name in names],
                   job.predicates)
    if facts is None:  # not screened: every check, with the subclasses this group's store gives
        suspects, closures = list(enumerate(job.checks)), {}
    else:
        suspects = [(n, check) for n, check in enumerate(job.checks) if _may_violate(check, facts, job.members)]
        closures = job.closures
    if not suspects:
        return [], []
    store = ox.Store()
    store.load(job.ontology, format=ox.RdfFormat.N_QUADS, lenient=True)
    for name in names:
        store.load(job.parts[name], format=ox.RdfFormat.N_QUADS, lenient=True)
    return _run_group(store, suspects, closures)


def _run_group(store: ox.Store, checks: list[tuple[int, Check]], closures: dict[str, str]) -> Found:
    """The numbered checks' violations on a group's store, class violations of IRI values apart."""
    sure, unsure = [], []
    for n, check in checks:
        expanded = _expand(store, check, closures)
        for violation, value in _run_raw(store, expanded):
            if check.component == "class" and isinstance(value, ox.NamedNode):
                classes = closures[check.target].removeprefix("<").removesuffix(">").split("> <")
                unsure.append((n, violation, value.value, classes))
            else:
                sure.append((n, violation))
    return sure, unsure


# ---------------------------------------------------------------- the screen

_SUBCLASS_OF, _TYPE_TEXT = f"<{RDFS.subClassOf}>".encode(), _TYPE.encode()


@dataclass
class _Facts:
    """A group's triples of the predicates the checks look at, as N-Quads texts of their terms:
    what :func:`_may_violate` needs to prove a check finds nothing here."""

    first: dict[bytes, dict[bytes, bytes]]  # predicate → subject → one of its values
    more: dict[bytes, dict[bytes, set[bytes]]]  # predicate → subject → its values, if two or more
    types: dict[bytes, set[bytes]]  # class → the subjects typed so
    _typed: dict[tuple[str, ...], set[bytes]] = field(default_factory=dict)
    _values: dict[tuple[str, tuple[str, ...]], set[bytes]] = field(default_factory=dict)

    def values(self, path: str) -> tuple[dict[bytes, bytes], dict[bytes, set[bytes]]]:
        key = f"<{path}>".encode()
        return self.first[key], self.more[key]

    def typed(self, classes: tuple[str, ...], members: dict[str, frozenset[bytes]]) -> set[bytes]:
        """The subjects typed with one of ``classes`` or their subclasses (``members``), once
        for the several checks of a shape."""
        found = self._typed.get(classes)
        if found is None:
            names = frozenset().union(*(members[c] for c in classes))
            found = self._typed[classes] = set().union(*(self.types.get(c, ()) for c in names))
        return found

    def focus_values(self, path: str, targets: tuple[str, ...], focus: set[bytes]) -> set[bytes]:
        """:func:`_focus_values`, once for the several value checks of a property shape."""
        found = self._values.get((path, targets))
        if found is None:
            found = self._values[path, targets] = _focus_values(self, path, focus)
        return found


class _Unscreened(Exception):
    """A group whose text the screen does not read as it reads its own (see :func:`_facts`)."""


def _facts(parts: list[tuple[str, bytes]], predicates: frozenset[bytes]) -> _Facts | None:
    """The facts of a group's parts, read from their N-Quads text without a store.

    None, and the group is checked in full, when a part is not N-Quads as pyoxigraph writes them
    (one space between terms, each line in the part's graph, each term spelled one way), a part
    other than graph/ontology has an rdfs:subClassOf (the closures are graph/ontology's), or a
    blank node could be two nodes in the store, which keeps each part's blank nodes apart while
    their text joins them: a typed one (a focus node, or a class check's value), or a second value
    of a subject's property (a count).
    """
    first: dict[bytes, dict[bytes, bytes]] = {p: {} for p in predicates | {_SUBCLASS_OF}}
    more: dict[bytes, dict[bytes, set[bytes]]] = {p: {} for p in predicates | {_SUBCLASS_OF}}
    links = 0
    try:
        for n, (name, data) in enumerate(parts):
            lines = data.split(b"\n")
            if not lines[-1]:
                lines.pop()
            _index(lines, f" <{name}> .".encode(), first, more)
            if n == 0:
                links = _links(first[_SUBCLASS_OF], more[_SUBCLASS_OF])
    except (ValueError, IndexError, _Unscreened):  # a line of fewer than three terms, or as above
        return None
    if _links(first[_SUBCLASS_OF], more[_SUBCLASS_OF]) != links:  # a link graph/ontology lacks
        return None
    types: dict[bytes, set[bytes]] = {}
    for subject, cls in first[_TYPE_TEXT].items():
        types.setdefault(cls, set()).add(subject)
    for subject, classes in more[_TYPE_TEXT].items():
        for cls in classes:
            types.setdefault(cls, set()).add(subject)
    if any(subject[0] == _BLANK for subject in first[_TYPE_TEXT]):
        return None
    return _Facts(first, more, types)


def _links(first: dict[bytes, bytes], more: dict[bytes, set[bytes]]) -> int:
    """The number of distinct (subject, value) pairs of one predicate."""
    return len(first) + sum(len(values) - 1 for values in more.values())


def _index(lines: list[bytes], suffix: bytes, first: dict[bytes, dict[bytes, bytes]],
           more: dict[bytes, dict[bytes, set[bytes]]]) -> None:
    """Add the triples of a part's ``lines`` (each ending with its graph, ``suffix``) to ``first``
    and ``more``, for the predicates they hold. The screen's hot loop, a split and a look-up a
    line, kept to the fewest steps (a plain loop: a list of the split lines first cost twice as
    much; each test of a blank node here cost a tenth of the screen).

    Raises:
        _Unscreened: a checked triple in another graph than the part's, or a blank node as a
            subject's second value.
        ValueError, IndexError: a line of fewer than three terms, or two spaces between terms.
    """
    get, cut = first.get, -len(suffix)
    for line in lines:
        subject, predicate, value = line.split(b" ", 2)
        known = get(predicate)
        if known is None:
            if predicate[0] != _IRI:
                raise _Unscreened(line)
            continue
        if not value.endswith(suffix):
            raise _Unscreened(line)
        value = value[:cut]
        seen = known.setdefault(subject, value)
        if seen is not value:
            if value[0] == _BLANK:
                raise _Unscreened(line)
            if seen != value:
                more[predicate].setdefault(subject, {seen}).add(value)


_BLANK, _IRI = ord("_"), ord("<")  # the first bytes of blank nodes' and IRIs' N-Quads texts


def _predicates(checks: tuple[Check, ...]) -> frozenset[bytes]:
    """The predicates the screen reads: the checks' paths, those of sh:or, rdf:type."""
    paths = {check.path for check in checks if check.path}
    paths.update(path for check in checks if check.component == "or" for path in check.argument)
    return frozenset({_TYPE_TEXT} | {f"<{path}>".encode() for path in paths})


def _may_violate(check: Check, facts: _Facts, members: dict[str, frozenset[bytes]]) -> bool:
    """Whether ``check`` may find a violation in the group of ``facts``; False only when it cannot:
    each test below errs towards True (it then runs as SPARQL, which has the last word)."""
    focus = facts.typed(check.targets, members)
    if not focus:
        return False
    if check.component == "count":
        return _count_may_fail(check, facts, focus)
    if check.component == "or":
        return bool(focus.difference(*(facts.values(path)[0].keys() for path in check.argument)))
    values = facts.focus_values(check.path, check.targets, focus)
    if check.component == "class":
        return not values <= facts.typed((check.target,), members)
    test = _TESTS.get(check.component)
    return test is None or not all(test(check.argument, value) for value in values)


def _count_may_fail(check: Check, facts: _Facts, focus: set[bytes]) -> bool:
    """Whether a focus node may have too few or too many values. Values are counted by their text
    (a term spelled two ways would count twice): exact for "at least one", an upper bound else."""
    low, high = check.argument
    first, more = facts.values(check.path)
    if low and (low > 1 or not first.keys() >= focus):
        return True
    if high is None:
        return False
    if high == 0:
        return not first.keys().isdisjoint(focus)
    return any(len(more[node]) > high for node in more.keys() & focus)


def _focus_values(facts: _Facts, path: str, focus: set[bytes]) -> set[bytes]:
    """The distinct values of ``path`` on the focus nodes (all its values when only focus nodes
    have it, the common case, found without a loop in Python)."""
    first, more = facts.values(path)
    if first.keys() <= focus:
        values = set(first.values())
        return values.union(*more.values())
    values = {first[node] for node in first.keys() & focus}
    return values.union(*(more[node] for node in more.keys() & focus))


_XSD_STRING = "http://www.w3.org/2001/XMLSchema#string"
_XSD_INTEGER = b'"^^<http://www.w3.org/2001/XMLSchema#integer>'
_DIGITS = re.compile(rb'"([0-9]+)"')
_SH = "http://www.w3.org/ns/shacl#"
_KINDS = {f"{_SH}IRI": b"<", f"{_SH}BlankNode": b"_", f"{_SH}Literal": b'"', f"{_SH}BlankNodeOrIRI": b"_<",
          f"{_SH}IRIOrLiteral": b'<"', f"{_SH}BlankNodeOrLiteral": b'_"'}
"""sh:nodeKind → the first bytes of the N-Quads terms of that kind."""


def _datatype_ok(datatype: str, value: bytes) -> bool:
    """A literal of ``datatype`` (pyoxigraph writes xsd:string literals without ^^)."""
    if value[:1] != b'"':
        return False
    if datatype == _XSD_STRING:
        return len(value) >= 2 and value[-1:] == b'"'
    tail = f'"^^<{datatype}>'.encode()
    return len(value) > len(tail) and value.endswith(tail)


def _node_kind_ok(kind: str, value: bytes) -> bool:
    """Of node kind ``kind``, told by the term's first byte."""
    return bool(value) and value[0] in _KINDS.get(kind, b"")


def _in_ok(allowed: frozenset[str], value: bytes) -> bool:
    """One of the ``allowed`` terms, spelled as pyoxigraph spells it."""
    return value in _encoded(allowed)


@lru_cache(maxsize=16)
def _encoded(texts: frozenset[str]) -> frozenset[bytes]:
    return frozenset(text.encode() for text in texts)


def _min_inclusive_ok(low: int | None, value: bytes) -> bool:
    """An xsd:integer written with digits alone, at least ``low`` (None: a bound not an integer)."""
    if low is None or not value.endswith(_XSD_INTEGER):
        return False
    digits = _DIGITS.fullmatch(value, 0, len(value) - len(_XSD_INTEGER) + 1)
    return digits is not None and int(digits.group(1)) >= low


def _min_length_ok(length: int, value: bytes) -> bool:
    """A literal or IRI at least ``length`` characters long. Only a bound of one character is
    proven here (any text of one byte or more has one character, escaped or not); above, a text
    is left to SPARQL."""
    if value[:1] == b'"':
        text = value[1:value.rindex(b'"')]
    elif value[:1] == b"<":
        text = value[1:-1]
    else:
        return False
    return length <= 0 or (length == 1 and len(text) >= 1)


_TESTS = {"datatype": _datatype_ok, "nodeKind": _node_kind_ok, "in": _in_ok, "minInclusive": _min_inclusive_ok,
          "minLength": _min_length_ok}
"""Value constraint → whether a value (its N-Quads text) surely meets it; False when unsure."""


_PLACEHOLDER = re.compile(r"⟪([^⟫]+)⟫")


def _expand(store: ox.Store, check: Check, closures: dict[str, str]) -> Check:
    """Replace each ⟪C⟫ by C and its subclasses in this store (rdfs:subClassOf*), as IRIs."""
    return replace(check, sparql=_PLACEHOLDER.sub(lambda m: _closure(store, m.group(1), closures), check.sparql))


def _closure(store: ox.Store, iri: str, closures: dict[str, str]) -> str:
    """``<C> <D> …``: the class and its subclasses in this store, once per dict of ``closures``."""
    if iri not in closures:
        rows = store.query(f"SELECT DISTINCT ?c WHERE {{ ?c <{RDFS.subClassOf}>* <{iri}> }}",
                           use_default_graph_as_union=True)
        closures[iri] = " ".join(sorted({f"<{iri}>"} | {str(row["c"]) for row in rows}))
    return closures[iri]


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
