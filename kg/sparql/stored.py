"""What a stored query is: its parameters and their types, shared by the catalogue that reads
``.rq`` files and the binding that turns parameter values into RDF terms (so neither imports the
other)."""
from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from ..errors import QueryError

REQUIRED = "required"
LIMIT, OFFSET = "limit", "offset"  # the paging parameters every ``# page:`` query takes
ANY = "any"
# The parameter types a ``# param:`` line may declare; kg.sparql.binding has a converter for each.
# A type of words joined by | ("lead|co") is a choice: the value must be one of them.
PARAM_TYPES = ("agency", "document", "date", "integer", "decimal", "string", "iri")


@dataclass(frozen=True)
class Param:
    """A query parameter: the SPARQL variable it binds, its type, default and meaning."""

    name: str
    type: str
    default: str
    help: str

    @property
    def required(self) -> bool:
        return self.default == REQUIRED

    @property
    def choices(self) -> tuple[str, ...]:
        """The words a choice parameter takes ("lead|co"); () for the other types."""
        return tuple(self.type.split("|")) if "|" in self.type else ()


@dataclass(frozen=True)
class Paging:
    """How a stored query pages (``# page: 100 by member``).

    ``rows`` is the default page; the ``limit`` and ``offset`` parameters choose another. A
    page is the query with ``LIMIT limit+1 OFFSET offset`` (the extra row says whether more
    exist), or, with ``by``, a VALUES block binding that variable to the list members
    ``rdf:_<offset+1>`` … ``rdf:_<offset+limit+1>`` of a list materialised in graph/derived in
    the answer's order: a page is then one lookup per row, where LIMIT would still fetch and sort
    every row first (the list is read in a fixed order, so pages stay disjoint).
    """

    rows: int
    by: str | None = None


@dataclass(frozen=True)
class StoredQuery:
    """One ``.rq`` file of the catalogue."""

    name: str
    title: str
    description: str
    params: tuple[Param, ...]
    text: str
    path: Path | None = None
    values: tuple[str, ...] = ()  # parameters bound in a VALUES block (``# values: document``)
    paging: Paging | None = None  # ``# page: 100``: answers come a page at a time (limit, offset)

    def param(self, name: str) -> Param:
        """The parameter called ``name``; an unknown name fails listing the valid ones."""
        for p in self.params:
            if p.name == name:
                return p
        valid = ", ".join(p.name for p in self.params) or "none"
        raise QueryError(f"query {self.name!r} has no parameter {name!r}; valid: {valid}")
