"""``kg query``, ``kg serve`` and ``kg push``: SPARQL over a build."""
from __future__ import annotations

import sys
from pathlib import Path

import click

from ..output import render
from ..sparql.settings import defaults

# The library modules are imported in the command bodies: `kg query` needs neither the server
# nor the push client, and `kg --help` needs none of them.

_BUILD_DIR = click.option("--build-dir", type=click.Path(path_type=Path), default=Path("build"),
                          show_default=True, help="Build folder written by `kg build`.")
_SETTING = defaults()


def _params(pairs: tuple[str, ...]) -> dict[str, str]:
    bad = [p for p in pairs if "=" not in p]
    if bad:
        raise click.BadParameter(f"expected key=value, got {bad[0]!r}", param_hint="--param")
    return dict(p.split("=", 1) for p in pairs)


@click.command()
@click.argument("query", required=False)
@click.option("--file", "file", type=click.Path(exists=True, dir_okay=False, path_type=Path),
              help="Read the query from a .rq file.")
@click.option("--param", "-p", "params", multiple=True, metavar="KEY=VALUE",
              help="A parameter of the query (repeatable), e.g. -p agency=市科委.")
@click.option("--format", "fmt", type=click.Choice(["table", "csv", "tsv", "json"]), default="table",
              show_default=True, help="Output format.")
@click.option("--list", "list_", is_flag=True, help="List the stored queries and their parameters.")
@click.option("--allow-service", is_flag=True, help="Allow SERVICE (federated queries send requests to other hosts).")
@_BUILD_DIR
def query(query: str | None, file: Path | None, params: tuple[str, ...], fmt: str, list_: bool,
          allow_service: bool, build_dir: Path) -> None:
    """Run a stored query by NAME, a .rq file or SPARQL text on the build's graph."""
    from ..sparql.catalogue import catalogue_rows
    from ..sparql.running import run_query

    if list_:
        click.echo(render(catalogue_rows(), fmt))
        return
    if bool(query) == bool(file):
        raise click.UsageError("give a query NAME or text, or --file (and not both); see kg query --list")
    rows = run_query(str(file) if file else query, build_dir, allow_service, **_params(params))
    click.echo(render(rows, fmt))
    if not rows:
        click.echo(f"no rows from offset {rows.offset} on" if rows.offset else "the query matched nothing (no rows)",
                   err=True)
    elif rows.more:
        click.echo(more_rows_hint(rows.offset, len(rows)), err=True)


def more_rows_hint(offset: int, shown: int) -> str:
    """What a page says when more rows follow: which rows it holds and how to ask for the next."""
    return (f"rows {offset + 1}–{offset + shown} shown; more rows exist: add -p offset={offset + shown} "
            "for the next page, or -p limit=0 for every row")


@click.command()
@click.option("--host", default="127.0.0.1", show_default=True, help="Interface to listen on (loopback).")
@click.option("--port", default=8000, show_default=True, help="Port to listen on.")
@click.option("--timeout-ms", type=int, default=_SETTING["time_limit_ms"], show_default=True,
              help="Time limit of one query in ms (503 beyond).")
@click.option("--max-rows", type=int, default=_SETTING["max_rows"], show_default=True,
              help="Most rows in one answer (413 beyond; never truncated silently).")
@click.option("--workers", type=int, default=_SETTING["workers"], show_default=True,
              help="Worker processes answering queries.")
@click.option("--in-memory/--on-disk", default=_SETTING["in_memory"], show_default=True,
              help="Copy the store into memory in each worker (faster joins) or read it on disk.")
@click.option("--cors-origin", default="", help="Send Access-Control-Allow-Origin with this value (default: none).")
@click.option("--worker-memory-mb", type=int, default=_SETTING["worker_memory_mb"], show_default=True,
              help="Memory one query may take in its worker (503 beyond); 0: no limit.")
@click.option("--max-answer-bytes", type=int, default=_SETTING["max_answer_bytes"], show_default=True,
              help="Largest answer in bytes (413 beyond; never truncated silently).")
@click.option("--allow-service", is_flag=True,
              help="Allow SERVICE: queries could then make this server send requests to any host.")
@click.option("--get", "get_path", metavar="PATH",
              help="Answer one GET request (e.g. '/sparql?query=…'), print it and exit.")
@_BUILD_DIR
def serve(host: str, port: int, timeout_ms: int, max_rows: int, workers: int, in_memory: bool,
          cors_origin: str, worker_memory_mb: int, max_answer_bytes: int, allow_service: bool,
          get_path: str | None, build_dir: Path) -> None:
    """Serve the build's graph as a read-only SPARQL 1.1 endpoint at /sparql."""
    from ..sparql.server import get, open_app
    from ..sparql.server import serve as serve_build

    settings = {"time_limit_ms": timeout_ms, "max_rows": max_rows, "workers": workers,
                "in_memory": in_memory, "cors_origin": cors_origin, "worker_memory_mb": worker_memory_mb,
                "max_answer_bytes": max_answer_bytes, "allow_service": allow_service}
    if not get_path:
        serve_build(build_dir, host, port, **settings)
        return
    app = open_app(build_dir, host=host, **{**settings, "workers": 1, "reload_check_s": 0})
    try:
        status, _, body = get(app, get_path)
    finally:
        app.pool.close()
    click.echo(body.decode("utf-8"), nl=False)
    if status >= 400:
        sys.exit(1)


@click.command()
@click.option("--endpoint", help="The store's SPARQL query URL: triple counts are checked back through it.")
@click.option("--graph-store", help="The store's Graph Store Protocol URL (Oxigraph: …/store; Fuseki: …/ds/data).")
@click.option("--content-type", type=click.Choice(["application/n-triples", "text/turtle"]),
              default="application/n-triples", show_default=True, help="Format of the uploaded graphs.")
@click.option("--user", help="User name for HTTP Basic authentication [env KG_PUSH_USER].")
@click.option("--password", help="Password for HTTP Basic authentication [env KG_PUSH_PASSWORD]; prefer the "
                                 "variable, which stays out of the shell history.")
@click.option("--token", help="Bearer token [env KG_PUSH_TOKEN]; prefer the variable.")
@click.option("--timeout", "timeout_s", type=click.FloatRange(min=0, min_open=True), default=120.0,
              show_default=True, help="Seconds to wait for each answer of the store.")
@_BUILD_DIR
def push(endpoint: str | None, graph_store: str | None, content_type: str, user: str | None,
         password: str | None, token: str | None, timeout_s: float, build_dir: Path) -> None:
    """Load the build's named graphs into a SPARQL 1.1 store (Graph Store Protocol PUT)."""
    from ..sparql.push import Credentials
    from ..sparql.push import push as push_graphs

    if not (graph_store or endpoint):
        raise click.UsageError("give --graph-store URL (and --endpoint URL to check the counts)")
    credentials = Credentials.from_options(user, password, token)
    pushed = push_graphs(build_dir, graph_store or endpoint, endpoint, content_type, timeout_s=timeout_s,
                         credentials=credentials)
    click.echo(render([p.__dict__ for p in pushed], "table"))


COMMANDS = [query, serve, push]
