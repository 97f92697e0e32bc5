"""``kg push`` against a misbehaving store on loopback (issue 16): a failure midway names what was
already replaced, redirects are refused (Authorization never follows one), credentials in a URL are
used and never printed, remote error bodies are cut, cleaned and redacted, timeouts are one line."""
from __future__ import annotations

import base64
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest

from kg.cli import cli
from kg.errors import KgError
from kg.sparql.push import clean_detail, push, split_credentials

pytestmark = pytest.mark.server


class Store:
    """A fake Graph Store: accepts ``ok_puts`` PUTs, then answers as ``then`` says."""

    def __init__(self, ok_puts: int = 10**6, then: str = "error", redirect_to: str = "") -> None:
        self.ok_puts, self.then, self.redirect_to = ok_puts, then, redirect_to
        self.auth: list[str | None] = []
        self.release = threading.Event()
        store = self

        class Handler(BaseHTTPRequestHandler):
            def log_message(self, *args) -> None:  # quiet
                pass

            def do_PUT(self) -> None:  # noqa: N802 - http.server's API
                self.rfile.read(int(self.headers.get("Content-Length", 0)))
                store.auth.append(self.headers.get("Authorization"))
                if len(store.auth) <= store.ok_puts:
                    self.send_response(204)
                    self.end_headers()
                elif store.then == "redirect":
                    self.send_response(307)
                    self.send_header("Location", store.redirect_to)
                    self.end_headers()
                elif store.then == "hang":
                    store.release.wait(30)
                else:
                    body = (b"\x1b[31mboom\x07\nAuthorization: Basic c2VjcmV0OnNlY3JldA==\n" + b"x" * 5000)
                    self.send_response(500)
                    self.send_header("Content-Length", str(len(body)))
                    self.end_headers()
                    self.wfile.write(body)

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.server.server_port}/store"
        threading.Thread(target=self.server.serve_forever, daemon=True).start()

    def close(self) -> None:
        self.release.set()
        self.server.shutdown()
        self.server.server_close()


@pytest.fixture
def stores():
    made: list[Store] = []

    def make(**kwargs) -> Store:
        made.append(Store(**kwargs))
        return made[-1]
    yield make
    for s in made:
        s.close()


def test_a_failure_midway_says_which_graphs_were_replaced(stores, graph_build) -> None:
    store = stores(ok_puts=3)
    with pytest.raises(KgError) as info:
        push(graph_build, store.url)
    message = str(info.value)
    assert "3 of about" in message and "already replaced on the target" in message
    assert "https://w3id.org/kg-cn/graph/" in message


def test_redirects_are_refused_and_authorization_does_not_follow(stores, graph_build, runner) -> None:
    elsewhere = stores()
    store = stores(ok_puts=0, then="redirect", redirect_to=elsewhere.url)
    result = runner.invoke(cli, ["push", "--graph-store", store.url, "--build-dir", str(graph_build),
                                 "--user", "u", "--password", "hunter2"])
    assert result.exit_code == 2 and "does not follow redirects" in result.output
    assert elsewhere.auth == []  # nothing, and no credentials, reached the other origin
    assert "hunter2" not in result.output and "Traceback" not in result.output


def test_credentials_in_the_url_are_used_and_never_printed(stores, graph_build, runner) -> None:
    store = stores(ok_puts=2)
    url = store.url.replace("http://", "http://alice:s%3Acret@")
    result = runner.invoke(cli, ["push", "--graph-store", url, "--build-dir", str(graph_build)])
    assert result.exit_code == 2
    assert store.auth[0] == "Basic " + base64.b64encode(b"alice:s:cret").decode()
    assert "s%3Acret" not in result.output and "s:cret" not in result.output and "alice" not in result.output


def test_remote_error_bodies_are_cut_cleaned_and_redacted(stores, graph_build, runner) -> None:
    store = stores(ok_puts=0)
    result = runner.invoke(cli, ["push", "--graph-store", store.url, "--build-dir", str(graph_build)])
    assert result.exit_code == 2 and "500" in result.output and "boom" in result.output
    assert "\x1b" not in result.output and "\x07" not in result.output
    assert "c2VjcmV0" not in result.output and "[redacted]" in result.output
    assert "x" * 400 not in result.output


def test_a_timeout_is_one_clear_line(stores, graph_build, runner) -> None:
    store = stores(ok_puts=0, then="hang")
    result = runner.invoke(cli, ["push", "--graph-store", store.url, "--build-dir", str(graph_build),
                                 "--timeout", "0.5"])
    assert result.exit_code == 2 and "did not answer within 0.5 s" in result.output
    assert "Traceback" not in result.output and result.output.count("\n") == 1


@pytest.mark.parametrize(("url", "bare", "user", "password"), [
    ("http://a:b@h:1/s", "http://h:1/s", "a", "b"),
    ("http://a@h/s", "http://h/s", "a", None),
    ("http://h/s", "http://h/s", None, None),
    ("http://u:p%40x@[::1]:7878/store", "http://[::1]:7878/store", "u", "p@x"),
])
def test_split_credentials(url, bare, user, password) -> None:
    found, credentials = split_credentials(url)
    assert found == bare
    assert (credentials.user if credentials else None, credentials.password if credentials else None) == (
        user, password)


def test_clean_detail() -> None:
    assert clean_detail(b"bad\x1b[2J token=abc\nok") == "bad[2J token=[redacted]\nok"
