"""The endpoint stays local and behaves as a real server (issue 16): SERVICE refused (a canary
listener on loopback proves no request leaves), Host checked (421), FROM refused, bad
Content-Length 400, 200 simultaneous connections answered, answer byte cap, memory cap, worker
start retried without wedging the pool, workers switching builds together, /health, clean stop
on SIGTERM and Ctrl-C, IPv6 loopback."""
from __future__ import annotations

import http.client
import json
import os
import signal
import socket
import subprocess
import sys
import threading
from pathlib import Path
from urllib.parse import quote

import pytest

from kg.cli import cli
from kg.resources import corpus_dir
from kg.sparql.server import get, make_http_server, open_app

pytestmark = pytest.mark.server
COUNT = "SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }"


def q(text: str, **extra: str) -> str:
    return "/sparql?query=" + quote(text) + "".join(f"&{k}={quote(v)}" for k, v in extra.items())


class Canary:
    """A loopback listener that records every connection made to it."""

    def __init__(self) -> None:
        self.sock = socket.socket()
        self.sock.bind(("127.0.0.1", 0))
        self.sock.listen(16)
        self.sock.settimeout(0.2)
        self.url = f"http://127.0.0.1:{self.sock.getsockname()[1]}/sparql"
        self.hits = 0
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._accept, daemon=True)
        self._thread.start()

    def _accept(self) -> None:
        while not self._stop.is_set():
            try:
                conn, _ = self.sock.accept()
            except (TimeoutError, OSError):
                continue
            self.hits += 1
            conn.close()

    def close(self) -> int:
        self._stop.set()
        self._thread.join()
        self.sock.close()
        return self.hits


@pytest.fixture(scope="module")
def app(graph_build):
    app = open_app(graph_build, workers=2, time_limit_ms=20000, max_rows=1000, reload_check_s=0)
    yield app
    app.pool.close()


@pytest.fixture(scope="module")
def server(app):
    server = make_http_server(app, "127.0.0.1", 0)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    yield server
    server.shutdown()


SERVICES = [
    "SELECT * WHERE { SERVICE <{url}> { ?s ?p ?o } }",
    "SELECT * WHERE { SERVICE SILENT <{url}> { ?s ?p ?o } }",
    "select * { service<{url}>{?s ?p ?o} }",
    "SELECT * WHERE { \\u0053ERVICE <{url}> { ?s ?p ?o } }",
]


@pytest.mark.parametrize("query", SERVICES)
def test_service_is_refused_and_nothing_leaves(app, query: str) -> None:
    canary = Canary()
    status, _, body = get(app, q(query.replace("{url}", canary.url)))
    assert canary.close() == 0
    assert status == 400 and b"federated queries are disabled" in body


def test_the_canary_hears_an_allowed_service(graph_build) -> None:
    """The control: with --allow-service the same query does reach the listener."""
    app = open_app(graph_build, workers=1, allow_service=True, reload_check_s=0, in_memory=False)
    canary = Canary()
    try:
        get(app, q(SERVICES[1].replace("{url}", canary.url)))
    finally:
        app.pool.close()
    assert canary.close() >= 1


def test_kg_query_refuses_service_too(graph_build, runner) -> None:
    canary = Canary()
    result = runner.invoke(cli, ["query", SERVICES[0].replace("{url}", canary.url), "--build-dir", str(graph_build)])
    assert canary.close() == 0
    assert result.exit_code == 2 and "federated queries are disabled" in result.output


@pytest.mark.parametrize("query", ["SELECT * FROM <urn:g> WHERE { ?s ?p ?o }",
                                   "SELECT * FROM NAMED <urn:g> WHERE { GRAPH ?g { ?s ?p ?o } }"])
def test_from_is_refused_like_default_graph_uri(app, query: str) -> None:
    status, _, body = get(app, q(query))
    assert status == 400 and b"FROM and FROM NAMED are not supported" in body


def test_service_in_a_string_or_a_name_is_not_a_keyword(app) -> None:
    status, _, _ = get(app, q('SELECT ?service WHERE { BIND("SERVICE <http://x>" AS ?service) } # SERVICE'))
    assert status == 200


@pytest.mark.parametrize(("host", "status"), [
    ("evil.example", 421), ("evil.example:8000", 421), ("localhost:8000", 200), ("127.0.0.1", 200),
    ("[::1]:8000", 200),
])
def test_host_header_must_be_the_bound_host_or_localhost(app, host: str, status: int) -> None:
    assert get(app, q("ASK {}"), headers={"Host": host})[0] == status


def _raw(server, request: bytes) -> bytes:
    with socket.create_connection(("127.0.0.1", server.server_port), timeout=30) as s:
        s.sendall(request)
        chunks = []
        while chunk := s.recv(65536):
            chunks.append(chunk)
    return b"".join(chunks)


@pytest.mark.parametrize("length", [b"-1", b"abc", b"1e3"])
def test_bad_content_length_is_400(server, length: bytes) -> None:
    answer = _raw(server, b"POST /sparql HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/sparql-query"
                          b"\r\nConnection: close\r\nContent-Length: " + length + b"\r\n\r\nASK {}")
    assert answer.startswith(b"HTTP/1.1 400"), answer[:200]


def test_wrong_host_over_http_is_421(server) -> None:
    answer = _raw(server, b"GET /health HTTP/1.1\r\nHost: rebound.example\r\nConnection: close\r\n\r\n")
    assert answer.startswith(b"HTTP/1.1 421")


def test_200_simultaneous_connections_are_all_answered(server) -> None:
    socks = [socket.create_connection(("127.0.0.1", server.server_port), timeout=60) for _ in range(200)]
    path = q("ASK { ?s ?p ?o }").encode()
    for s in socks:  # all open before any is answered
        s.sendall(b"GET " + path + b" HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n")
    statuses = []
    for s in socks:
        with s:
            data = b""
            while chunk := s.recv(65536):
                data += chunk
            statuses.append(data[:12])
    assert statuses == [b"HTTP/1.1 200"] * 200


def test_health_says_workers_and_build(app, graph_build) -> None:
    status, headers, body = get(app, "/health")
    state = json.loads(body)
    report = json.loads((graph_build / "report.json").read_text(encoding="utf-8"))
    assert status == 200 and state["ready_workers"] == 2 and state["build"] == report["build_id"]


def test_answers_over_the_byte_cap_are_413(graph_build) -> None:
    app = open_app(graph_build, workers=1, max_answer_bytes=2000, reload_check_s=0, in_memory=False)
    try:
        status, _, body = get(app, q("SELECT ?o WHERE { ?s ?p ?o } LIMIT 500"))
    finally:
        app.pool.close()
    assert status == 413 and b"max_answer_bytes" in body


def test_a_query_over_the_worker_memory_cap_is_503(graph_build) -> None:
    app = open_app(graph_build, workers=1, worker_memory_mb=100, time_limit_ms=120000, reload_check_s=0)
    try:
        status, _, body = get(app, q("SELECT ?a ?f WHERE { ?a ?b ?c . ?d ?e ?f } ORDER BY ?a ?f"))
        assert status == 503 and b"memory" in body
        assert app.pool.wait_ready(120)
        assert get(app, q("ASK {}"))[0] == 200
    finally:
        app.pool.close()


def test_a_worker_that_cannot_start_does_not_wedge_the_pool(tmp_path: Path, runner) -> None:
    out = tmp_path / "B"
    runner.invoke(cli, ["build", "--quiet", "--out", str(out), str(corpus_dir() / "004_b94330644b90e9c5.txt")])
    app = open_app(out, workers=1, time_limit_ms=1500, reload_check_s=0)
    try:
        (out / "store").rename(tmp_path / "away")  # the next worker cannot open the store
        runaway = "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i . ?j ?k ?l }"
        assert get(app, q(runaway))[0] == 503  # kills the only worker
        assert get(app, q("ASK {}"))[0] == 503  # answered, not hung: no worker yet
        assert get(app, "/health")[0] == 503
        (tmp_path / "away").rename(out / "store")
        assert app.pool.wait_ready(120), "the pool did not recover once the store was back"
        assert get(app, q("ASK {}"))[0] == 200
    finally:
        app.pool.close()


def test_workers_switch_to_a_new_build_together(tmp_path: Path, runner) -> None:
    out = tmp_path / "B"
    runner.invoke(cli, ["build", "--quiet", "--out", str(out), str(corpus_dir() / "004_b94330644b90e9c5.txt")])
    app = open_app(out, workers=2, reload_check_s=0)
    try:
        before = json.loads(get(app, q(COUNT))[2])["results"]["bindings"][0]["n"]["value"]
        runner.invoke(cli, ["build", "--quiet", "--out", str(out), str(corpus_dir() / "003_3d6e404cec9cf21f.txt")])
        assert app.pool.refresh()
        counts = {json.loads(get(app, q(COUNT))[2])["results"]["bindings"][0]["n"]["value"] for _ in range(6)}
        assert len(counts) == 1 and counts != {before}
        assert json.loads(get(app, "/health")[2])["build"] == json.loads(
            (out / "report.json").read_text(encoding="utf-8"))["build_id"]
    finally:
        app.pool.close()


@pytest.mark.parametrize("how", [signal.SIGTERM, signal.SIGINT])
def test_serve_stops_cleanly(graph_build, how: signal.Signals) -> None:
    child = subprocess.Popen([sys.executable, "-m", "kg", "serve", "--build-dir", str(graph_build),
                              "--port", "0", "--workers", "2"], stderr=subprocess.PIPE, text=True,
                             start_new_session=True)
    try:
        line = child.stderr.readline()
        assert "kg SPARQL endpoint on" in line, line
        os.killpg(child.pid, how)  # as a terminal's Ctrl-C: the server and its workers
        _, err = child.communicate(timeout=60)
    finally:
        try:
            os.killpg(child.pid, signal.SIGKILL)  # whatever is left of the group, if the test failed
        except ProcessLookupError:
            pass
    assert child.returncode == 0 and "Traceback" not in err, err


def _has_ipv6() -> bool:
    try:
        with socket.socket(socket.AF_INET6) as s:
            s.bind(("::1", 0))
        return True
    except OSError:
        return False


def test_ipv6_loopback(app) -> None:
    if not _has_ipv6():
        if os.environ.get("CI") == "true":
            pytest.fail("no IPv6 loopback in CI")
        pytest.skip("this machine has no IPv6 loopback")
    app6 = open_app(Path(app.pool.store_path).parent, host="::1", workers=1, reload_check_s=0)
    server = make_http_server(app6, "::1", 0)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        conn = http.client.HTTPConnection("::1", server.server_port, timeout=30)
        conn.request("GET", q("ASK {}"))
        assert conn.getresponse().status == 200
    finally:
        server.shutdown()
        app6.pool.close()
