"""Running the SPARQL app as a network server: waitress, signals, a clean stop.

Why waitress: the app is WSGI and stays WSGI (``--get`` and the tests call it in-process), and
waitress is a pure-Python production WSGI server (Pylons project, no C extension, Linux, macOS
and Windows alike) that has the knobs the stdlib ``wsgiref`` server lacked (issue 16): a listen
backlog, a cap on open connections (more wait in the backlog instead of being refused), a
timeout for silent connections, a request-body cap, IPv6, and a fixed thread pool. Uvicorn would
need the app rewritten for ASGI for no gain: every request blocks on a query worker anyway.
Load: ``bench/bench_load.py`` (100 clients × 20 requests on loopback).
"""
from __future__ import annotations

import signal
import sys
import threading
from typing import Any, Protocol


class SparqlApp(Protocol):
    """What is served: kg.sparql.server.SparqlApp, named by its shape so that this module does not
    import the server module that imports it."""

    settings: Any
    pool: Any

    def __call__(self, environ: dict, start_response: Any) -> Any: ...


class HttpServer:
    """A bound waitress server: ``serve_forever``, ``shutdown``, ``server_close``, ``server_port``."""

    def __init__(self, app: SparqlApp, host: str, port: int):
        from waitress.server import create_server

        s = app.settings
        self._server = create_server(
            app, listen=f"{_bracketed(host)}:{port}", threads=int(s["threads"]),
            backlog=int(s["backlog"]), connection_limit=int(s["connection_limit"]),
            channel_timeout=int(s["channel_timeout_s"]), max_request_body_size=int(s["max_query_bytes"]) + 4096,
            ident="kg", expose_tracebacks=False, clear_untrusted_proxy_headers=True)
        self.server_port = self._server.effective_port
        self._stopped = threading.Event()

    def serve_forever(self) -> None:
        try:
            self._server.run()
        except (OSError, ValueError):  # the sockets were closed by shutdown()
            if not self._stopped.is_set():
                raise

    def shutdown(self) -> None:
        self._stopped.set()
        self._server.close()

    def server_close(self) -> None:
        if not self._stopped.is_set():
            self.shutdown()


def _bracketed(host: str) -> str:
    return f"[{host}]" if ":" in host and not host.startswith("[") else host


def make_http_server(app: SparqlApp, host: str = "127.0.0.1", port: int = 8000) -> HttpServer:
    """A server for ``app`` bound to ``host``:``port`` (0: a free port), not yet serving."""
    return HttpServer(app, host, port)


def serve(app: SparqlApp, host: str = "127.0.0.1", port: int = 8000) -> None:
    """Serve until Ctrl-C or SIGTERM, then stop the workers; SIGHUP switches to a new build."""
    try:
        server = make_http_server(app, host, port)
    except OSError as exc:
        app.pool.close()
        from ..errors import KgError

        raise KgError(f"cannot listen on {_bracketed(host)}:{port}: {exc.strerror or exc}") from None

    def stop(signum: int, frame: object) -> None:
        raise KeyboardInterrupt

    signal.signal(signal.SIGTERM, stop)
    if hasattr(signal, "SIGHUP"):
        signal.signal(signal.SIGHUP, lambda *_: threading.Thread(target=app.pool.refresh, daemon=True).start())
    try:  # from here on a signal at any moment ends in the clean stop below
        print(f"kg SPARQL endpoint on http://{_bracketed(host)}:{server.server_port}/sparql (read-only; "
              f"build {app.pool.health()['build']}); Ctrl-C stops it", file=sys.stderr, flush=True)
        server.serve_forever()
    except KeyboardInterrupt:
        print("kg SPARQL endpoint stopped", file=sys.stderr)
    finally:
        server.server_close()
        app.pool.close()
