"""Query parameters → RDF terms, bound by substitution and never pasted into the query text.

Each parameter type is a function from the text a user typed (``--param agency=市科委``) to a
pyoxigraph term. ``TYPES`` is the registry: a ``.rq`` header naming another type fails when the
catalogue loads, listing these. Agencies are resolved through the agency register, so short
forms (市科委), full names (上海市科学技术委员会), register ids (sh-stcsm) and IRIs all work.
"""
from __future__ import annotations

import difflib
import re
import unicodedata
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from datetime import date
from decimal import Decimal, InvalidOperation
from functools import lru_cache

from pyoxigraph import Literal, NamedNode, Variable

from ..errors import QueryError
from ..graph.names import BASE, RDF, XSD, agency_iri, document_iri
from .stored import ANY, LIMIT, OFFSET, PARAM_TYPES, StoredQuery

Term = NamedNode | Literal


def _iri(text: str) -> NamedNode:
    if not re.fullmatch(r"[a-z][a-z0-9+.-]*:[^\s<>\"{}|\\^`]+", text):
        raise ValueError("not an absolute IRI")
    return NamedNode(text)


def _agency(text: str) -> NamedNode:
    """A register agency by short form, full name, id or IRI (:mod:`kg.resolver`); an unknown one
    fails naming the nearest registered names."""
    if text.startswith(BASE):
        return NamedNode(text)
    known = unambiguous_names().get(_key(text))
    if known is not None:
        return NamedNode(agency_iri(known))
    from ..errors import InputError
    from ..resolver import resolve_agency

    try:
        found = resolve_agency(text)
    except InputError as exc:
        raise ValueError(str(exc).replace(f"no agency {text.strip()!r}",
                                          f"agency {text!r} is not in the agency register")) from None
    if found.id is None:
        raise ValueError(f"agency {text!r} is not in the agency register")
    return NamedNode(agency_iri(found.id))


def _key(text: str) -> str:
    return re.sub(r"\s+", "", unicodedata.normalize("NFKC", text))


@lru_cache(maxsize=1)
def unambiguous_names() -> dict[str, str]:
    """Register names (zh labels, short forms, ids) that name exactly one agency → its id.

    Read from ontology/agencies.ttl with pyoxigraph in ~10 ms, so that a query for 市科委 does
    not wait 0.6 s for the whole register (rdflib, history, jurisdictions); the resolver still
    decides every other name. tests/test_sparql_catalogue.py checks both agree on each name.
    """
    from pyoxigraph import RdfFormat, parse

    from ..resources import ontology_file

    triples = list(parse(path=str(ontology_file("agencies.ttl")), format=RdfFormat.TURTLE))
    ids = {t.subject.value: t.object.value for t in triples if t.predicate.value == _IDENTIFIER}
    names: dict[str, set[str]] = {}
    for t in triples:
        if t.subject.value in ids and t.predicate.value in _LABELS and isinstance(t.object, Literal) \
                and t.object.language == "zh":
            names.setdefault(_key(t.object.value), set()).add(ids[t.subject.value])
    for agency_id in ids.values():
        names.setdefault(_key(agency_id), set()).add(agency_id)
    return {name: next(iter(found)) for name, found in names.items() if len(found) == 1}


_IDENTIFIER = "http://purl.org/dc/terms/identifier"
_LABELS = {"http://www.w3.org/2004/02/skos/core#prefLabel", "http://www.w3.org/2004/02/skos/core#altLabel"}


def _document(text: str) -> NamedNode:
    """A document by key or number; 沪府办发[2024]8号, 【】, （） and 〔〕 are the same number."""
    if text.startswith(BASE):
        return NamedNode(text)
    from ..resolver import normalise_doc_number

    return NamedNode(document_iri(normalise_doc_number(text) or text.strip()))


def _date(text: str) -> Literal:
    day = date.today() if text == "today" else date.fromisoformat(text)
    return Literal(day.isoformat(), datatype=NamedNode(XSD + "date"))


def _integer(text: str) -> Literal:
    return Literal(str(int(text)), datatype=NamedNode(XSD + "integer"))


def _decimal(text: str) -> Literal:
    try:
        return Literal(str(Decimal(text)), datatype=NamedNode(XSD + "decimal"))
    except InvalidOperation:
        raise ValueError("not a decimal number") from None


def _string(text: str) -> Literal:
    return Literal(text)


TYPES: dict[str, Callable[[str], Term]] = {
    "agency": _agency,
    "document": _document,
    "date": _date,
    "integer": _integer,
    "decimal": _decimal,
    "string": _string,
    "iri": _iri,
}
"""Parameter type → converter from text to an RDF term."""
assert tuple(TYPES) == PARAM_TYPES, "kg.sparql.stored.PARAM_TYPES and the converters here must agree"


def bind(query: StoredQuery, given: Mapping[str, object]) -> dict[Variable, Term]:
    """The substitutions for a stored query: given values, then defaults; ``any`` stays free.

    Raises:
        QueryError: an unknown parameter, a missing required one, or a value of the wrong type.
    """
    for name in given:
        query.param(name)  # fails listing the valid names
    bound: dict[Variable, Term] = {}
    for param in query.params:
        value = given.get(param.name)
        text = param.default if value is None else str(value)
        if value is None and param.required:
            raise QueryError(f"query {query.name!r} needs parameter {param.name!r} ({param.help})")
        if value is None and text == ANY:
            continue
        bound[Variable(param.name)] = convert(param.type, text, param.name)
    return bound


_WHERE = re.compile(r"\bWHERE\s*\{", re.IGNORECASE)
_MEMBER = RDF + "_"  # rdf:_1, rdf:_2 …: a list's members
MOST_MEMBERS = 1000
"""The largest page made as a VALUES block of list members; a larger one reads the whole list
with LIMIT and OFFSET (a VALUES block of 10,000 IRIs costs more to parse than it saves)."""


@dataclass(frozen=True)
class Prepared:
    """A stored query ready to run: its text, the substitutions left, and the page it asks for."""

    text: str
    substitutions: dict[Variable, Term]
    limit: int = 0  # rows in the page; 0: the whole answer (not paged)
    offset: int = 0

    @property
    def probe(self) -> int:
        """How many rows to read: one more than the page, which says whether more rows exist."""
        return self.limit + 1 if self.limit else 0


def prepare(query: StoredQuery, given: Mapping[str, object]) -> Prepared:
    """Bind ``given``, place the ``# values:`` parameters and make the page ``# page:`` asks for.

    Raises:
        QueryError: a wrong parameter (see :func:`bind`), or a negative limit or offset.
    """
    bound = bind(query, given)
    limit, offset = _page_bounds(query, bound)
    blocks, tail = [], ""
    paging = query.paging
    if paging is not None and limit:
        by_members = paging.by is not None and limit <= MOST_MEMBERS and _WHERE.search(_body(query.text))
        if by_members:
            members = " ".join(f"<{_MEMBER}{n}>" for n in range(offset + 1, offset + limit + 2))
            blocks.append(f"VALUES ?{paging.by} {{ {members} }}")
        tail = f"\nLIMIT {limit + 1}" + ("" if by_members or not offset else f" OFFSET {offset}") + "\n"
    text, rest = place(query, bound, blocks)
    return Prepared(text + tail, rest, limit, offset)


def _page_bounds(query: StoredQuery, bound: dict[Variable, Term]) -> tuple[int, int]:
    """Take ``limit`` and ``offset`` out of the substitutions: they shape the page, and are not
    variables of the query. (0, 0) for a query that does not page."""
    if query.paging is None:
        return 0, 0
    limit, offset = (int(bound.pop(Variable(name)).value) for name in (LIMIT, OFFSET))
    for name, value in ((LIMIT, limit), (OFFSET, offset)):
        if value < 0:
            raise QueryError(f"parameter {name}={value} must be 0 or more")
    return limit, offset


def place(query: StoredQuery, bound: Mapping[Variable, Term],
          blocks: list[str] | None = None) -> tuple[str, dict[Variable, Term]]:
    """The query text with the parameters named in its ``# values:`` header (and any further
    ``blocks``) as VALUES blocks at the head of the outermost WHERE group, and the substitutions
    left for the others.

    Oxigraph does not start its plan from a substituted variable: document-duties took 52 ms at
    1M triples with ``?document`` substituted and 1.6 ms with the same IRI in a VALUES block
    (issue 17). The block's terms are RDF terms made by :data:`TYPES` (a NamedNode is a
    validated IRI), written in their N-Triples form, so no user text reaches the query.
    """
    rest = dict(bound)
    placed = []
    for name in query.values:
        term = rest.pop(Variable(name), None)
        if term is not None:
            placed.append(f"VALUES ?{name} {{ {term} }}")
    blocks = placed + list(blocks or [])
    match = _WHERE.search(_body(query.text)) if blocks else None
    if match is None:
        return query.text, dict(bound)
    at = len(query.text) - len(_body(query.text)) + match.end()
    return query.text[:at] + " " + " ".join(blocks) + query.text[at:], rest


def _body(text: str) -> str:
    """The text after the leading comment lines (a header may say WHERE)."""
    lines = text.splitlines(keepends=True)
    skip = next((i for i, line in enumerate(lines) if not line.startswith("#")), len(lines))
    return "".join(lines[skip:])


def convert(type_name: str, text: str, name: str = "value") -> Term:
    """One value as an RDF term of ``type_name``; a bad value is a QueryError naming the parameter."""
    if "|" in type_name:
        return _choice(type_name.split("|"), text, name)
    try:
        return TYPES[type_name](text)
    except KeyError:
        raise QueryError(f"unknown parameter type {type_name!r}; valid: {', '.join(TYPES)}") from None
    except ValueError as exc:
        raise QueryError(f"parameter {name}={text!r} is not a valid {type_name}: {exc}") from None


def _choice(words: list[str], text: str, name: str) -> Literal:
    """A choice parameter's value, which must be one of its words ("role=leader": did you mean lead?)."""
    if text in words:
        return Literal(text)
    near = difflib.get_close_matches(text, words, n=1, cutoff=0.3)
    hint = f"; did you mean {near[0]}?" if near else ""
    raise QueryError(f"parameter {name}={text!r} must be one of {', '.join(words)}{hint}")
