"""The stored query catalogue: ``queries/*.rq`` files read into :class:`StoredQuery` records.

A stored query is data with a schema (as datasette's canned queries): the file's leading comment
lines carry its title, description and parameters, and the rest is plain SPARQL 1.1 that runs
unchanged in any store the graph is pushed to::

    # title: Duties an agency leads or shares
    # description: One row per duty …
    # param: agency (agency, required) – the agency, short or full name (市科委)
    # param: on (date, today) – the day validity is judged on
    # values: agency
    # page: 100 by member

A parameter's default is a value, ``required``, ``any`` (the variable stays free, so the query
ranges over every value) or, for dates, ``today``. Parameters are bound as RDF terms by
:mod:`kg.sparql.binding`, never pasted into the text, so every parameter variable must be in the
query's projection (pyoxigraph substitutes only projected variables). A ``# values:`` line names
the parameters bound in a VALUES block instead, where that is faster (measured per query). A
``# page:`` line makes the answer come a page at a time: the query takes ``limit`` (that many rows
by default; 0 for every row) and ``offset`` (see :class:`kg.sparql.stored.Paging`).
"""
from __future__ import annotations

import re
from functools import lru_cache
from pathlib import Path

from ..errors import QueryError
from ..resources import queries_dir
from .stored import ANY, LIMIT, OFFSET, PARAM_TYPES, REQUIRED, Paging, Param, StoredQuery

__all__ = ["ANY", "REQUIRED", "Param", "StoredQuery", "catalogue", "parse_text", "stored_query"]

_HEADER = re.compile(r"^#\s*(?P<key>title|description|param|values|page)\s*:\s*(?P<value>.*?)\s*$")
_PAGE = re.compile(r"^(?P<rows>\d+)(?:\s+by\s+(?P<by>[A-Za-z_]\w*))?$")
_PARAM = re.compile(
    r"^(?P<name>[A-Za-z_][A-Za-z0-9_]*)\s*\((?P<type>[a-z|]+)\s*,\s*(?P<default>[^)]*?)\s*\)"
    r"\s*[–—-]\s*(?P<help>.+)$"
)


def parse_stored_query(path: Path) -> StoredQuery:
    """Read one ``.rq`` file of the catalogue; it must have a title."""
    query = parse_text(path.read_text(encoding="utf-8"), name=path.stem, path=path)
    if not query.title:
        raise QueryError("stored query has no '# title:' line", str(path))
    return query


def parse_text(text: str, name: str = "query", path: Path | None = None) -> StoredQuery:
    """A query from its text; header comments, when present, declare its parameters."""
    fields: dict[str, list[str]] = {"title": [], "description": [], "param": [], "values": [], "page": []}
    for line in text.splitlines():
        if not line.startswith("#"):
            break
        match = _HEADER.match(line)
        if match:
            fields[match["key"]].append(match["value"])
    where = str(path or name)
    params = tuple(_param(value, where) for value in fields["param"])
    paging = _paging(fields["page"], params, where)
    return StoredQuery(
        name=name,
        title=(fields["title"] or [""])[0],
        description=" ".join(fields["description"]),
        params=params + (_page_params(paging.rows) if paging else ()),
        text=text,
        path=path,
        values=tuple(_values(fields["values"], fields["param"], where)),
        paging=paging,
    )


def _paging(lines: list[str], params: tuple[Param, ...], where: str) -> Paging | None:
    """``# page: 100 [by member]``: how the answer pages; None without the line."""
    if not lines:
        return None
    match = _PAGE.match(lines[-1])
    if not match or int(match["rows"]) < 1:
        raise QueryError(f"cannot read '# page: {lines[-1]}'; expected '# page: ROWS [by VARIABLE] "
                         "' with ROWS ≥ 1", where)
    if {p.name for p in params} & {LIMIT, OFFSET}:
        raise QueryError("a paged query declares no limit or offset parameter itself: '# page:' adds them", where)
    return Paging(int(match["rows"]), match["by"])


def _page_params(rows: int) -> tuple[Param, ...]:
    """The parameters a paged query takes: its page size and where the page starts."""
    return (Param(LIMIT, "integer", str(rows), f"rows per page (default {rows}); 0: every row"),
            Param(OFFSET, "integer", "0", "rows to skip: the next page starts at offset + limit"))


def _values(lines: list[str], params: list[str], where: str) -> list[str]:
    """``# values: a, b``: parameters bound in a VALUES block, where that drives the plan
    (:func:`kg.sparql.binding.place`); each must be a declared parameter."""
    names = [n.strip() for line in lines for n in line.split(",") if n.strip()]
    declared = {m["name"] for m in map(_PARAM.match, params) if m}
    unknown = [n for n in names if n not in declared]
    if unknown:
        raise QueryError(f"'# values:' names {', '.join(unknown)}, which are not parameters", where)
    return names


def _param(value: str, where: str) -> Param:
    match = _PARAM.match(value)
    if not match:
        raise QueryError(f"cannot read parameter line {value!r}; expected 'name (type, default) – meaning'", where)
    if match["type"] not in PARAM_TYPES and "|" not in match["type"]:  # "lead|co": one of these words
        raise QueryError(f"parameter {match['name']!r} has unknown type {match['type']!r}; "
                         f"valid: {', '.join(PARAM_TYPES)}", where)
    return Param(match["name"], match["type"], match["default"], match["help"])


def catalogue(folder: Path | None = None) -> list[StoredQuery]:
    """Every stored query, sorted by name.

    Args:
        folder: a folder of ``.rq`` files; default: the bundled ``kg/sparql/queries``.
    """
    return list(_load(Path(folder or queries_dir())))


@lru_cache(maxsize=4)
def _load(folder: Path) -> tuple[StoredQuery, ...]:
    return tuple(parse_stored_query(p) for p in sorted(folder.glob("*.rq")))


def stored_query(name: str, folder: Path | None = None) -> StoredQuery:
    """The stored query called ``name``; an unknown name fails listing the catalogue."""
    queries = {q.name: q for q in catalogue(folder)}
    try:
        return queries[name]
    except KeyError:
        raise QueryError(f"no stored query {name!r}; the catalogue has: {', '.join(queries)}") from None


def looks_like_name(text: str) -> bool:
    """True for a catalogue name (``agency-duties``) rather than SPARQL text."""
    return re.fullmatch(r"[a-z0-9][a-z0-9_-]*", text.strip()) is not None


def catalogue_rows(folder: Path | None = None) -> list[dict]:
    """The catalogue as rows for ``kg query --list``: name, title, parameters."""
    return [{"name": q.name, "title": q.title,
             "params": ", ".join(f"{p.name} ({p.type}, {p.default})" for p in q.params)}
            for q in catalogue(folder)]
