"""Running a query on a build's graph: name or text → bound parameters → rows.

Queries run in Oxigraph over the union of the build's named graphs (the default graph is the
union, as with Fuseki's ``unionDefaultGraph``), with kg's prefixes predeclared so that ad-hoc
queries may omit ``PREFIX`` lines. Stored queries declare their own prefixes, so they run
unchanged in any store ``kg push`` loads.
"""
from __future__ import annotations

import re
from collections.abc import Mapping
from decimal import Decimal
from pathlib import Path

from pyoxigraph import Literal, NamedNode, QueryBoolean, QuerySolutions, Store

from ..errors import QueryError
from ..graph.names import PREFIXES, XSD
from ..graph.store import open_store
from .binding import Prepared, prepare
from .catalogue import StoredQuery, looks_like_name, parse_text, stored_query
from .guard import refusal

_POSITION = re.compile(r"error at (\d+):(\d+)")
_INTEGERS = {XSD + t for t in ("integer", "int", "long", "short", "nonNegativeInteger",
                                   "positiveInteger", "negativeInteger", "nonPositiveInteger")}
_FLOATS = {XSD + "double", XSD + "float"}


def load_query(name_or_text: str, folder: Path | None = None) -> StoredQuery:
    """A catalogue name, a path to a ``.rq`` file, or SPARQL text → a :class:`StoredQuery`."""
    text = name_or_text.strip()
    if text.endswith(".rq") and "\n" not in text and Path(text).is_file():
        path = Path(text)
        return parse_text(path.read_text(encoding="utf-8"), name=path.stem, path=path)
    if looks_like_name(text):
        return stored_query(text, folder)
    return parse_text(name_or_text)


def execute(store: Store, query: StoredQuery, params: Mapping[str, object] | None = None,
            allow_service: bool = False):
    """Run ``query`` with ``params`` bound; returns pyoxigraph's results object.

    A paged query (``# page:``) answers its page and one row more, which says whether more
    rows exist (:func:`page_of` cuts it off).

    ``SERVICE`` (a request to another host) is refused unless ``allow_service``; ``FROM`` always
    (the default graph is the union of the named graphs).

    Raises:
        QueryError: the query does not parse (message with line, column and the line itself),
            a parameter is wrong, or the store fails.
    """
    return run_prepared(store, query, prepared(query, params, allow_service))


def prepared(query: StoredQuery, params: Mapping[str, object] | None = None,
             allow_service: bool = False) -> Prepared:
    """The text, substitutions and page of ``query`` with ``params``; SERVICE and FROM refused."""
    refused = refusal(query.text, allow_service)
    if refused:
        raise QueryError(refused, query.name)
    return prepare(query, params or {})


def run_prepared(store: Store, query: StoredQuery, ready: Prepared):
    """pyoxigraph's results for a prepared query; a malformed one raises :class:`QueryError`."""
    try:
        return store.query(ready.text, use_default_graph_as_union=True, prefixes=PREFIXES,
                           substitutions=ready.substitutions)
    except SyntaxError as exc:
        raise QueryError(describe_syntax_error(str(exc), query.text), query.name) from None
    except (OSError, RuntimeError, ValueError) as exc:
        raise QueryError(str(exc), query.name) from None


class Page(list):
    """The rows of one page of an answer (a list of dicts), and where the next page starts.

    ``more`` is True exactly when rows follow this page; ``next_offset`` is then the ``offset``
    parameter that asks for them. An answer that is not paged is one page with ``more`` False.
    """

    def __init__(self, rows: list[dict], more: bool = False, offset: int = 0) -> None:
        super().__init__(rows)
        self.more = more
        self.offset = offset

    @property
    def next_offset(self) -> int | None:
        return self.offset + len(self) if self.more else None


def page_of(rows_read: list[dict], ready: Prepared) -> Page:
    """The page among the rows read: the probe row beyond ``limit``, when read, means more rows."""
    if not ready.limit or len(rows_read) <= ready.limit:
        return Page(rows_read, False, ready.offset)
    return Page(rows_read[:ready.limit], True, ready.offset)


def describe_syntax_error(message: str, text: str) -> str:
    """The parser's message with the offending line and a caret under the column."""
    match = _POSITION.search(message)
    if not match:
        return f"malformed SPARQL: {message}"
    line_no, column = int(match[1]), int(match[2])
    lines = text.splitlines() or [""]
    line = lines[min(line_no, len(lines)) - 1]
    return f"malformed SPARQL at line {line_no}, column {column}: {message}\n  {line}\n  {' ' * (column - 1)}^"


def python_value(term: object) -> object:
    """An RDF term as a plain value: IRIs as strings, numbers as int/float, booleans, else text."""
    if term is None:
        return None
    if isinstance(term, Literal):
        datatype = term.datatype.value
        if datatype in _INTEGERS:
            return int(term.value)
        if datatype == XSD + "decimal":
            return float(Decimal(term.value))
        if datatype in _FLOATS:
            return float(term.value)
        if datatype == XSD + "boolean":
            return term.value in ("true", "1")
        return term.value
    if isinstance(term, NamedNode):
        return term.value
    return str(term)


def rows(results: object) -> list[dict]:
    """SELECT solutions as dicts (every projected variable a key); ASK as one row; graphs as triples."""
    if isinstance(results, QuerySolutions):
        names = [v.value for v in results.variables]
        return [{n: python_value(s[n]) for n in names} for s in results]
    if isinstance(results, QueryBoolean):
        return [{"result": bool(results)}]
    return [{"subject": python_value(t.subject), "predicate": python_value(t.predicate),
             "object": python_value(t.object)} for t in results]


def run_query(name_or_text: str, build_dir: str | Path = "build", allow_service: bool = False,
              **params: object) -> Page:
    """Run a stored query (by name), a ``.rq`` file or SPARQL text on a build; rows as dicts.

    Args:
        name_or_text: ``"agency-duties"``, ``"my.rq"`` or ``"SELECT …"``.
        build_dir: the folder ``kg build`` wrote.
        **params: parameter values as text or numbers (``agency="市科委"``); a paged stored query
            also takes ``limit`` (its page size by default, 0 for every row) and ``offset``.

    Returns:
        One dict per solution, keyed by variable name: the page asked for, whose ``more`` and
        ``next_offset`` say whether more rows follow and how to ask for them.

    Raises:
        QueryError: unknown query or parameter, bad value, malformed SPARQL.
        BuildNotFound: no graph store in ``build_dir``.
    """
    query = load_query(name_or_text)
    ready = prepared(query, params, allow_service)
    store = open_store(Path(build_dir))
    try:
        return page_of(rows(run_prepared(store, query, ready)), ready)
    except (OSError, RuntimeError, ValueError) as exc:  # evaluation errors surface while iterating
        raise QueryError(f"query failed: {exc}", query.name) from None


def variables(results: object) -> list[str]:
    """Column names of a results object, in projection order."""
    if isinstance(results, QuerySolutions):
        return [v.value for v in results.variables]
    if isinstance(results, QueryBoolean):
        return ["result"]
    return ["subject", "predicate", "object"]


__all__ = ["Page", "describe_syntax_error", "execute", "load_query", "page_of", "prepared", "python_value",
           "rows", "run_prepared", "run_query", "variables"]
