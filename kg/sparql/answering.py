"""One query request → one HTTP-ready answer, computed inside a worker process.

The answer is built here, next to the store, so that only bytes cross the process boundary and
the row limit is enforced while solutions are read: a result larger than ``max_rows`` stops at
row ``max_rows + 1`` and becomes a 413, never a silently shortened 200. A page of a paged stored
query (``page`` rows) is read with one row more, which is not sent: it only sets ``more``.
"""
from __future__ import annotations

from dataclasses import dataclass, field

import pyoxigraph
from pyoxigraph import (
    Literal,
    NamedNode,
    QueryBoolean,
    QueryResultsFormat,
    QuerySolutions,
    Store,
    Variable,
)

from ..graph.names import PREFIXES
from .negotiation import GRAPH_FORMATS, RESULTS_FORMATS, NotAcceptable, choose
from .running import describe_syntax_error


@dataclass(frozen=True)
class Request:
    """What a worker needs to answer: query text, bound terms (as plain tuples), Accept."""

    text: str
    bindings: tuple[tuple[str, str, str, str], ...] = ()  # (variable, "iri"|"literal", value, datatype)
    accept: str | None = None
    format: str | None = None
    max_rows: int = 10000
    max_bytes: int = 50_000_000
    page: int = 0  # a page's rows: the query reads one more, which sets Answer.more; 0: not paged


@dataclass(frozen=True)
class Answer:
    status: int
    content_type: str
    body: bytes
    headers: tuple[tuple[str, str], ...] = field(default=())
    more: bool = False  # a page with more rows after it (the server links the next page)


def plain_bindings(substitutions: dict) -> tuple[tuple[str, str, str, str], ...]:
    """pyoxigraph substitutions → picklable tuples (pyoxigraph terms do not pickle)."""
    out = []
    for var, term in substitutions.items():
        if isinstance(term, NamedNode):
            out.append((var.value, "iri", term.value, ""))
        else:
            out.append((var.value, "literal", term.value, term.datatype.value))
    return tuple(out)


def _terms(bindings) -> dict:
    return {Variable(name): NamedNode(value) if kind == "iri" else Literal(value, datatype=NamedNode(dt))
            for name, kind, value, dt in bindings}


def error(status: int, message: str) -> Answer:
    return Answer(status, "text/plain; charset=utf-8", (message.rstrip("\n") + "\n").encode("utf-8"))


def answer(store: Store, request: Request) -> Answer:
    """Run the request's query on ``store`` and serialise the answer in the negotiated format."""
    try:
        results = store.query(request.text, use_default_graph_as_union=True, prefixes=PREFIXES,
                              substitutions=_terms(request.bindings))
    except SyntaxError as exc:
        return error(400, describe_syntax_error(str(exc), request.text))
    except (OSError, RuntimeError, ValueError) as exc:
        return error(400, f"query failed: {exc}")
    try:
        if isinstance(results, QueryBoolean):
            media = choose(request.accept, RESULTS_FORMATS, "application/sparql-results+json", request.format)
            return Answer(200, media, results.serialize(format=RESULTS_FORMATS[media]))
        if isinstance(results, QuerySolutions):
            media = choose(request.accept, RESULTS_FORMATS, "application/sparql-results+json", request.format)
            return _capped(_solutions(results, media, request), request.max_bytes)
        media = choose(request.accept, GRAPH_FORMATS, "text/turtle", request.format)
        return _capped(_triples(results, media, request.max_rows), request.max_bytes)
    except NotAcceptable as exc:
        return error(406, str(exc))
    except (OSError, RuntimeError, ValueError) as exc:  # evaluation errors surface while iterating
        return error(400, f"query failed: {exc}")


def _too_large(max_bytes: int) -> Answer:
    return error(413, f"the answer is larger than {max_bytes} bytes (the server's max_answer_bytes); "
                      "select fewer or shorter values, or add a LIMIT (and OFFSET to page)")


def _capped(result: Answer, max_bytes: int) -> Answer:
    return _too_large(max_bytes) if result.status == 200 and len(result.body) > max_bytes else result


def _too_many(max_rows: int) -> Answer:
    return error(413, f"the answer has more than {max_rows} rows (the server's max_rows); "
                      f"add a LIMIT (and OFFSET to page) to the query, or ask a stored query for a "
                      f"smaller page (limit=…, offset=…)")


def _solutions(results: QuerySolutions, media: str, request: Request) -> Answer:
    """Read at most ``max_rows`` solutions (and, for a page, the probe row after it), then let
    pyoxigraph serialise them: they are written as SPARQL TSV (terms in N-Triples syntax, which
    ``str(term)`` gives) and parsed back."""
    names = [v.value for v in results.variables]
    lines = ["\t".join("?" + n for n in names)]
    size, more = 0, False
    for count, solution in enumerate(results, start=1):
        if request.page and count > request.page:
            more = True
            break
        if count > request.max_rows:
            return _too_many(request.max_rows)
        lines.append("\t".join("" if solution[n] is None else str(solution[n]) for n in names))
        size += len(lines[-1])
        if size > request.max_bytes:  # stop reading: the serialised answer is at least this large
            return _too_large(request.max_bytes)
    tsv = ("\n".join(lines) + "\n").encode("utf-8")
    parsed = pyoxigraph.parse_query_results(tsv, QueryResultsFormat.TSV)
    return Answer(200, media, parsed.serialize(format=RESULTS_FORMATS[media]), more=more)


def _triples(results, media: str, max_rows: int) -> Answer:
    triples = []
    for count, triple in enumerate(results, start=1):
        if count > max_rows:
            return _too_many(max_rows)
        triples.append(triple)
    return Answer(200, media, pyoxigraph.serialize(triples, format=GRAPH_FORMATS[media]))
