"""The browsable side of ``kg serve``: HTML pages in the manner of datasette, beside the protocol.

Routes (GET or HEAD only; every page read-only, escaped, with no script and nothing fetched from
elsewhere, so it works offline):

- ``/catalogue`` — every stored query with a form for its parameters;
- ``/html/query/<name>?param=…`` — a stored query's answer as an HTML table, with CSV/JSON links
  to the same answer at ``/query/<name>``; ``/html/sparql?query=…`` the same for any query;
- ``/agencies``, ``/agency/<name>`` — an agency's duties as lead and co, partners, documents, map;
- ``/docs``, ``/doc/<key>`` — a document's provisions and duties;
- ``/map/agency/<name>`` — the agency's map (vis-network, inline and offline);
- ``/vocabulary`` — the vocabulary sheet and example questions.

:func:`install` adds these routes to the server's route tables; :func:`answer` serves one path
without a server (tests, other WSGI apps).
"""
from __future__ import annotations

import json
from collections.abc import Callable
from functools import lru_cache
from urllib.parse import parse_qs, quote, unquote, urlencode

from ..errors import KgError
from .answering import Answer, Request, plain_bindings
from .binding import prepare
from .catalogue import StoredQuery, stored_query
from .html import error_page, esc, link, page, table, value_html
from .vocabulary import EXAMPLES, vocabulary

Handler = Callable[[object, str, dict], Answer]


def answer(app, path: str, environ: dict) -> Answer | None:
    """The HTML page for ``path``, or None when the path is not a page (the server handles it)."""
    for prefix, handler in _routes().items():
        if path == prefix or (prefix.endswith("/") and path.startswith(prefix)):
            return _guarded(handler, app, path[len(prefix):], environ)
    return None


def install(routes: dict, prefix_routes: dict) -> None:
    """Add the pages to the server's route tables (exact path → (app, environ); prefix → (app, rest, environ))."""
    for prefix, handler in _routes().items():
        if prefix.endswith("/"):
            prefix_routes[prefix] = lambda app, rest, environ, h=handler: _guarded(h, app, rest, environ)
        else:
            routes[prefix] = lambda app, environ, h=handler: _guarded(h, app, "", environ)


def _guarded(handler: Handler, app, rest: str, environ: dict) -> Answer:
    """Read-only (GET and HEAD), the rest of the path decoded, a KgError as an escaped error page."""
    if environ.get("REQUEST_METHOD", "GET") not in ("GET", "HEAD"):
        return error_page(405, "these pages are read-only: use GET")
    try:
        return handler(app, path_text(rest), environ)
    except KgError as exc:
        return error_page(404 if str(exc).startswith("no ") else 400, str(exc))


@lru_cache(maxsize=1)
def _routes() -> dict[str, Handler]:
    from . import record_pages

    return {"/catalogue": catalogue_page, "/html/query/": query_page, "/html/sparql": sparql_page,
            "/vocabulary": vocabulary_page, "/agencies": record_pages.agencies_page,
            "/agency/": record_pages.agency_page, "/docs": record_pages.docs_page,
            "/doc/": record_pages.doc_page, "/map/agency/": record_pages.map_page}


def path_text(rest: str) -> str:
    """A path as text: WSGI servers decode the URL's bytes as Latin-1 (PEP 3333), in-process calls
    pass it still percent-encoded; both become the UTF-8 text the user typed (市科委)."""
    try:
        rest = rest.encode("latin-1").decode("utf-8")
    except (UnicodeEncodeError, UnicodeDecodeError):
        pass
    return unquote(rest)


def _form(environ: dict) -> dict[str, str]:
    return {k: v[-1] for k, v in parse_qs(environ.get("QUERY_STRING", ""), keep_blank_values=True).items()}


# ---- the catalogue and stored queries ---------------------------------------------------------


def _param_input(p) -> str:
    kind = "date" if p.type == "date" else "number" if p.type in ("integer", "decimal") else "text"
    hint = "" if p.required else f"default: {p.default}"
    required = " required" if p.required else ""
    return (f'<p><label for="{esc(p.name)}">{esc(p.name)}</label> <input type="{kind}" id="{esc(p.name)}" '
            f'name="{esc(p.name)}" placeholder="{esc(hint, quote=True)}"{required}> '
            f'<span class="muted">{esc(p.type)} – {esc(p.help)}</span></p>')


def query_form(q: StoredQuery) -> str:
    """A form that runs the stored query with its parameters and shows an HTML table."""
    inputs = "".join(_param_input(p) for p in q.params)
    return (f'<form class="query" id="q-{esc(q.name)}" action="/html/query/{quote(q.name)}" method="get">'
            f'<h2>{esc(q.title)} <small class="muted">{esc(q.name)}</small></h2>'
            f"<p>{esc(q.description)}</p>{inputs}<button type=\"submit\">运行 Run</button>"
            f"<details><summary>SPARQL</summary><pre>{esc(q.text)}</pre></details></form>")


def catalogue_page(app, rest: str, environ: dict) -> Answer:
    forms = "".join(query_form(q) for q in app.queries)
    free = ('<form class="query" action="/html/sparql" method="get"><h2>SPARQL</h2>'
            '<textarea name="query" rows="6" cols="90">SELECT * WHERE { ?s ?p ?o } LIMIT 10</textarea><br>'
            '<button type="submit">运行 Run</button> <span class="muted">kg\'s prefixes are predeclared; '
            'see the <a href="/vocabulary">vocabulary</a>.</span></form>')
    return page("Stored queries 查询目录", forms + free)


def _results(app, text: str, bindings: tuple, page: int = 0) -> tuple[int, list[str], list[dict], str, bool]:
    """Run through the worker pool as SPARQL JSON: (status, columns, rows, error message, more rows)."""
    got = app.pool.run(Request(text=text, bindings=bindings, format="json",
                               max_rows=int(app.settings["max_rows"]), page=page))
    if got.status != 200:
        return got.status, [], [], got.body.decode("utf-8", "replace"), False
    data = json.loads(got.body)
    if "boolean" in data:
        return 200, ["result"], [{"result": data["boolean"]}], "", False
    columns = data["head"]["vars"]
    rows = [{k: v["value"] for k, v in b.items()} for b in data["results"]["bindings"]]
    return 200, columns, rows, "", got.more


def results_html(app, text: str, bindings: tuple, links: str, page: int = 0,
                 next_page: str = "", offset: int = 0) -> tuple[int, str]:
    """The answer as a table under its row count; a page with more rows after it links ``next_page``."""
    status, columns, rows, message, more = _results(app, text, bindings, page)
    if status != 200:
        return status, f'<p class="error">{esc(message)}</p>'
    shown = [{c: value_html(r.get(c)) for c in columns} for r in rows]
    if more:
        count = (f"<p>rows {offset + 1}–{offset + len(rows)}; more rows exist: "
                 f"{link(next_page, 'next page 下一页')} {links}</p>")
    elif rows and offset:
        count = f"<p>rows {offset + 1}–{offset + len(rows)} {links}</p>"
    elif rows:
        count = f"<p>{len(rows)} rows {links}</p>"
    else:
        count = f"<p>No rows: the query is valid and nothing matches. {links}</p>"
    return 200, count + (table(shown, columns, raw=columns) if rows else "")


def query_page(app, name: str, environ: dict) -> Answer:
    q = stored_query(name)
    given = {k: v for k, v in _form(environ).items() if v != "" and k != "format"}
    ready = prepare(q, given)
    qs = urlencode(given)
    links = (f'· {link(f"/query/{quote(q.name)}?{qs}&format=csv", "CSV")} '
             f'· {link(f"/query/{quote(q.name)}?{qs}&format=json", "JSON")} '
             f'· {link("/catalogue#q-" + q.name, "edit")}')
    following = urlencode({**{k: v for k, v in given.items() if k != "offset"}, "offset": ready.offset + ready.limit})
    status, body = results_html(app, ready.text, plain_bindings(ready.substitutions), links, ready.limit,
                                f"/html/query/{quote(q.name)}?{following}", ready.offset)
    shown = ", ".join(f"{k}={v}" for k, v in given.items())
    return page(f"{q.title}", f"<p class=\"muted\">{esc(q.name)} {esc(shown)}</p>{body}", status=status)


def sparql_page(app, rest: str, environ: dict) -> Answer:
    text = _form(environ).get("query", "").strip()
    if not text:
        return error_page(400, "give a query= parameter")
    qs = urlencode({"query": text})
    links = f'· {link(f"/sparql?{qs}&format=csv", "CSV")} · {link(f"/sparql?{qs}&format=json", "JSON")}'
    status, body = results_html(app, text, (), links)
    return page("SPARQL", f"<pre>{esc(text)}</pre>{body}", status=status)


# ---- the vocabulary sheet ---------------------------------------------------------------------


def vocabulary_page(app, rest: str, environ: dict) -> Answer:
    rows = [t.__dict__ for t in vocabulary()]
    examples = "".join(
        f"<li><p>{esc(ex.question)}</p><pre>{esc(ex.sparql)}</pre>"
        f"<p>{link('/html/sparql?' + urlencode({'query': ex.sparql}), '运行 Run')}</p></li>" for ex in EXAMPLES)
    body = (f"<h2>Example questions 示例</h2><ol>{examples}</ol><h2>Terms 术语</h2>"
            + table(rows, ["term", "zh", "en", "kind", "comment"], ["term", "中文", "English", "kind", "comment"]))
    return page("Vocabulary 词表", body)
