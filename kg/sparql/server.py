"""A read-only SPARQL 1.1 Protocol endpoint over a build, as a WSGI app.

The app is plain WSGI (a few routes need no framework, and it is called in-process by
``kg serve --get`` and the tests); :mod:`kg.sparql.serving` runs it under waitress. Routes:

- ``GET /`` — a query page listing the stored queries (every catalogue text HTML-escaped);
- ``GET|POST /sparql`` — SPARQL 1.1 Protocol query (``query=`` urlencoded, or a body of type
  ``application/sparql-query``); results by content negotiation or ``format=json|xml|csv|tsv``;
- ``GET /query/<name>?param=value`` — a stored query with its parameters bound as RDF terms; a
  paged one answers ``limit`` rows from ``offset`` and, when more rows follow, links the next page
  in a ``Link: <…&offset=…>; rel="next"`` header (RFC 8288);
- ``GET /health`` — JSON: workers ready, and the id of the build they serve.

Routes are a table (:data:`ROUTES`, exact paths, and :data:`PREFIX_ROUTES`), so another module
adds pages by adding entries. Before any route, the Host header must name the bound host or
localhost (421 otherwise): a page on another site that rebinds its DNS name to 127.0.0.1 must not
reach the endpoint (issue 16). ``SERVICE`` and ``FROM`` are refused (:mod:`kg.sparql.guard`).

Updates (``update=``, ``application/sparql-update``) are refused with 403: the store is the
build's output, rebuilt by ``kg build``. No CORS header unless ``cors_origin`` is set. Queries run
in worker processes with a time limit (:mod:`kg.sparql.workers`).
"""
from __future__ import annotations

import html
import io
import json
from collections.abc import Callable, Iterable
from dataclasses import replace
from pathlib import Path
from urllib.parse import parse_qs, quote, urlencode, urlsplit
from wsgiref.util import setup_testing_defaults

from ..errors import KgError
from ..graph.store import STORE_DIR
from .answering import Answer, Request, error, plain_bindings
from .binding import prepare
from .catalogue import StoredQuery, catalogue, stored_query
from .guard import refusal
from .settings import SETTINGS, resolve
from .workers import QueryPool

StartResponse = Callable[[str, list[tuple[str, str]]], object]
_REASONS = {200: "OK", 400: "Bad Request", 403: "Forbidden", 404: "Not Found", 405: "Method Not Allowed",
            406: "Not Acceptable", 413: "Content Too Large", 415: "Unsupported Media Type",
            421: "Misdirected Request", 500: "Internal Server Error", 503: "Service Unavailable"}
LOCAL_HOSTS = frozenset({"localhost", "127.0.0.1", "::1"})
WILDCARD_HOSTS = frozenset({"", "0.0.0.0", "::"})
_UPDATE_REFUSED = ("this endpoint is read-only: SPARQL Update is refused. The graph is the output "
                   "of `kg build`; change the inputs and rebuild, or `kg push` it to a store you can write.")


class SparqlApp:
    """The WSGI application; ``pool`` runs queries, ``settings`` come from :mod:`.settings`."""

    def __init__(self, pool: QueryPool, settings: dict, queries: list[StoredQuery] | None = None,
                 host: str = "127.0.0.1"):
        self.pool = pool
        self.settings = settings
        self.queries = queries if queries is not None else catalogue()
        self.host = host

    def __call__(self, environ: dict, start_response: StartResponse) -> Iterable[bytes]:
        path = environ.get("PATH_INFO", "/")
        result = self.misdirected(environ)
        if result is None:
            route = ROUTES.get(path)
            prefix = next((p for p in PREFIX_ROUTES if path.startswith(p)), None)
            if route is not None:
                result = route(self, environ)
            elif prefix is not None:
                result = PREFIX_ROUTES[prefix](self, path.removeprefix(prefix), environ)
            else:
                result = error(404, f"no such page: {path}; try / or /sparql")
        headers = [("Content-Type", result.content_type), ("Content-Length", str(len(result.body))),
                   ("X-Content-Type-Options", "nosniff"), ("Cache-Control", "no-store"), *result.headers]
        if self.settings["cors_origin"]:
            headers.append(("Access-Control-Allow-Origin", str(self.settings["cors_origin"])))
        start_response(f"{result.status} {_REASONS.get(result.status, '')}", headers)
        return [result.body]

    def misdirected(self, environ: dict) -> Answer | None:
        """421 when the Host header names neither the bound host nor localhost (DNS rebinding)."""
        host = _hostname(environ.get("HTTP_HOST", ""))
        if not host or self.host in WILDCARD_HOSTS or host in LOCAL_HOSTS or host == self.host.strip("[]"):
            return None
        return error(421, f"this endpoint answers requests for {self.host} or localhost, not {host!r}")

    def home(self, environ: dict) -> Answer:
        return Answer(200, "text/html; charset=utf-8", self.page().encode("utf-8"))

    def health(self, environ: dict) -> Answer:
        """Workers ready and the build they serve; 503 while none is ready."""
        state = self.pool.health()
        state["status"] = "ok" if state["ready_workers"] else "starting"
        body = json.dumps(state).encode("utf-8") + b"\n"
        return Answer(200 if state["ready_workers"] else 503, "application/json", body)

    def protocol(self, environ: dict) -> Answer:
        """SPARQL 1.1 Protocol §2.1: query via GET, POST urlencoded or POST direct."""
        method = environ.get("REQUEST_METHOD", "GET")
        form = parse_qs(environ.get("QUERY_STRING", ""), keep_blank_values=True)
        if method == "POST":
            ctype = environ.get("CONTENT_TYPE", "").split(";")[0].strip().lower()
            length = _content_length(environ)
            if length is None:
                return error(400, "Content-Length must be a non-negative whole number of bytes")
            if length > int(self.settings["max_query_bytes"]):
                return error(413, f"query larger than {self.settings['max_query_bytes']} bytes")
            body = environ["wsgi.input"].read(length) if length else b""
            if ctype == "application/sparql-update":
                return error(403, _UPDATE_REFUSED)
            if ctype == "application/x-www-form-urlencoded":
                form.update(parse_qs(body.decode("utf-8", "replace"), keep_blank_values=True))
            elif ctype == "application/sparql-query":
                form["query"] = [body.decode("utf-8", "replace")]
            else:
                return error(415, f"unsupported content type {ctype!r}; use application/sparql-query "
                                  "or application/x-www-form-urlencoded")
        elif method not in ("GET", "HEAD"):
            return error(405, f"method {method} not allowed; use GET or POST")
        if "update" in form:
            return error(403, _UPDATE_REFUSED)
        for unsupported in ("default-graph-uri", "named-graph-uri"):
            if unsupported in form:
                return error(400, f"{unsupported} is not supported: the default graph is the union of "
                                  "all named graphs; use GRAPH <iri> { … } in the query")
        queries = form.get("query", [])
        if len(queries) != 1 or not queries[0].strip():
            return error(400, "give exactly one non-empty query= parameter (SPARQL 1.1 Protocol)")
        if len(queries[0].encode("utf-8")) > int(self.settings["max_query_bytes"]):
            return error(413, f"query larger than {self.settings['max_query_bytes']} bytes")
        refused = refusal(queries[0], allow_service=bool(self.settings["allow_service"]))
        if refused:
            return error(400, refused)
        return self._run(queries[0], (), environ, form)

    def stored(self, name: str, environ: dict) -> Answer:
        """A catalogue query by name, parameters from the query string; a page links the next."""
        form = parse_qs(environ.get("QUERY_STRING", ""), keep_blank_values=True)
        given = {k: v[-1] for k, v in form.items() if k != "format"}
        try:
            query = stored_query(name)
            ready = prepare(query, given)
        except KgError as exc:
            return error(400, str(exc))
        result = self._run(ready.text, plain_bindings(ready.substitutions), environ, form, ready.limit)
        if not result.more:
            return result
        target = next_page(f"/query/{quote(name)}", form, ready.offset + ready.limit)
        return replace(result, headers=(*result.headers, ("Link", f'<{target}>; rel="next"')))

    def _run(self, text: str, bindings: tuple, environ: dict, form: dict, page: int = 0) -> Answer:
        request = Request(text=text, bindings=bindings, accept=environ.get("HTTP_ACCEPT"),
                          format=(form.get("format") or [None])[-1], max_rows=int(self.settings["max_rows"]),
                          max_bytes=int(self.settings["max_answer_bytes"]), page=page)
        return self.pool.run(request)

    def page(self) -> str:
        """The browser page: a query form, the stored queries and the settings, all escaped."""
        esc = html.escape
        items = []
        for q in self.queries:
            params = "".join(f"<li><code>{esc(p.name)}</code> ({esc(p.type)}, {esc(p.default)}) – "
                             f"{esc(p.help)}</li>" for p in q.params)
            items.append(f'<li><a href="/query/{esc(q.name)}?format=json"><b>{esc(q.name)}</b></a> – '
                         f"{esc(q.title)}<br><small>{esc(q.description)}</small><ul>{params}</ul>"
                         f"<details><summary>SPARQL</summary><pre>{esc(q.text)}</pre></details></li>")
        settings = "".join(f"<li><code>{esc(s.name)}</code> = {esc(str(self.settings[s.name]))} – "
                           f"{esc(s.help)}</li>" for s in SETTINGS)
        return (
            "<!doctype html><html lang=\"zh\"><head><meta charset=\"utf-8\"><title>kg SPARQL</title></head>"
            "<body><h1>kg SPARQL endpoint (read-only)</h1>"
            "<form action=\"/sparql\" method=\"get\"><textarea name=\"query\" rows=\"10\" cols=\"100\">"
            "SELECT * WHERE { ?s ?p ?o } LIMIT 10</textarea><br>"
            "<select name=\"format\"><option>json</option><option>xml</option><option>csv</option>"
            "<option>tsv</option></select> <button>Run</button></form>"
            "<p>The default graph is the union of all named graphs. Stored queries run at "
            "<code>/query/&lt;name&gt;?param=value</code>.</p>"
            f"<h2>Stored queries</h2><ul>{''.join(items)}</ul><h2>Settings</h2><ul>{settings}</ul>"
            "</body></html>"
        )


ROUTES: dict[str, Callable[[SparqlApp, dict], Answer]] = {
    "/": SparqlApp.home,
    "/sparql": SparqlApp.protocol,
    "/health": SparqlApp.health,
}
"""Exact path → handler; a module adding pages adds entries here."""
PREFIX_ROUTES: dict[str, Callable[[SparqlApp, str, dict], Answer]] = {
    "/query/": SparqlApp.stored,
}
"""Path prefix → handler of the rest of the path."""

from . import pages  # noqa: E402 - the HTML pages (issue 19) add their routes to the tables above

pages.install(ROUTES, PREFIX_ROUTES)


def next_page(path: str, form: dict[str, list[str]], offset: int) -> str:
    """The address of the page after this one: the same parameters, ``offset`` moved on."""
    params = {k: v[-1] for k, v in form.items() if k != "offset"}
    return f"{path}?{urlencode({**params, 'offset': offset})}"


def _content_length(environ: dict) -> int | None:
    """The request's Content-Length (0 when absent), or None when it is negative or not a number."""
    raw = str(environ.get("CONTENT_LENGTH") or "0").strip()
    return int(raw) if raw.isdigit() else None


def _hostname(host: str) -> str:
    """The name in a Host header, without port or IPv6 brackets, lower case."""
    host = host.strip().lower()
    if host.startswith("["):
        return host[1:host.find("]")] if "]" in host else host
    return host.rsplit(":", 1)[0] if host.count(":") == 1 else host


def open_app(build_dir: Path, host: str = "127.0.0.1", **overrides: object) -> SparqlApp:
    """The app over a build's store, its worker pool started (close with ``app.pool.close()``).

    Args:
        build_dir: the folder ``kg build`` wrote (its ``store/`` is served).
        **overrides: settings by name (see :data:`kg.sparql.settings.SETTINGS`).
    """
    settings = resolve(overrides)
    store = Path(build_dir) / STORE_DIR
    if not store.is_dir():
        raise KgError(f"no graph store in {build_dir}; run `kg build` first", str(store))
    try:
        pool = QueryPool(store, workers=int(settings["workers"]), in_memory=bool(settings["in_memory"]),
                         time_limit_ms=int(settings["time_limit_ms"]), memory_mb=int(settings["worker_memory_mb"]),
                         watch_s=float(settings["reload_check_s"]))
    except RuntimeError as exc:
        raise KgError(f"the query workers could not start: {exc}", str(store)) from None
    return SparqlApp(pool, settings, host=host)


def get(app: SparqlApp, target: str, accept: str | None = None,
        headers: dict[str, str] | None = None) -> tuple[int, dict[str, str], bytes]:
    """Call the app in-process with ``GET target`` (``/sparql?query=…``); (status, headers, body)."""
    parts = urlsplit(target)
    environ: dict = {"REQUEST_METHOD": "GET", "PATH_INFO": parts.path or "/", "QUERY_STRING": parts.query}
    if accept:
        environ["HTTP_ACCEPT"] = accept
    for name, value in (headers or {}).items():
        environ["HTTP_" + name.upper().replace("-", "_")] = value
    setup_testing_defaults(environ)
    environ["wsgi.input"] = io.BytesIO(b"")
    captured: dict = {}

    def start_response(status: str, headers: list[tuple[str, str]]) -> None:
        captured["status"], captured["headers"] = int(status.split()[0]), dict(headers)

    body = b"".join(app(environ, start_response))
    return captured["status"], captured["headers"], body


def make_http_server(app: SparqlApp, host: str = "127.0.0.1", port: int = 8000):
    """A waitress server for ``app``, bound but not yet serving (port 0 picks a free port); see
    :mod:`kg.sparql.serving`."""
    from .serving import make_http_server as make

    return make(app, host, port)


def serve(build_dir: Path, host: str = "127.0.0.1", port: int = 8000, **overrides: object) -> None:
    """Serve a build until Ctrl-C or SIGTERM (see :func:`kg.sparql.serving.serve`)."""
    from .serving import serve as run

    run(open_app(build_dir, host=host, **overrides), host, port)
