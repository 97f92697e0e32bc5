"""``kg push`` into a real Oxigraph server on loopback, then the graph queried back."""
from __future__ import annotations

import shutil
import socket
import subprocess
import time
import urllib.request

import pytest
from SPARQLWrapper import JSON, SPARQLWrapper

from kg.cli import cli
from kg.errors import KgError
from kg.sparql.push import Credentials, push

pytestmark = pytest.mark.server


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture
def oxigraph(tmp_path):
    if shutil.which("oxigraph") is None:
        pytest.skip("the oxigraph server (pip install oxigraph) is not installed")
    port = free_port()
    process = subprocess.Popen(["oxigraph", "serve", "--location", str(tmp_path / "db"),
                                "--bind", f"127.0.0.1:{port}"],
                               stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    base = f"http://127.0.0.1:{port}"
    for _ in range(100):
        try:
            urllib.request.urlopen(base + "/query?query=ASK%7B%7D", timeout=1)
            break
        except OSError:
            time.sleep(0.1)
    else:
        process.kill()
        pytest.fail("oxigraph serve did not start: " + process.stderr.read().decode())
    yield base
    process.kill()
    process.wait()


def test_push_keeps_named_graphs_and_counts(oxigraph, graph_build):
    pushed = push(graph_build, oxigraph + "/store", oxigraph + "/query")
    assert len(pushed) > 3
    assert all(p.found == p.triples for p in pushed)
    assert any(p.graph == "https://w3id.org/kg-cn/graph/derived" for p in pushed)
    client = SPARQLWrapper(oxigraph + "/query")
    client.setReturnFormat(JSON)
    client.setQuery("""PREFIX kg: <https://w3id.org/kg-cn/ontology#>
        PREFIX eli: <http://data.europa.eu/eli/ontology#>
        SELECT (COUNT(?duty) AS ?n) WHERE { GRAPH ?g {
          ?duty kg:lead <https://w3id.org/kg-cn/agency/sh-stcsm> ; kg:inDocument ?doc .
          ?doc eli:id_local "沪府办发〔2024〕8号" } }""")
    assert client.queryAndConvert()["results"]["bindings"][0]["n"]["value"] == "14"


def test_second_push_replaces(oxigraph, graph_build):
    first = push(graph_build, oxigraph + "/store", oxigraph + "/query", content_type="text/turtle")
    second = push(graph_build, oxigraph + "/store", oxigraph + "/query")
    assert [p.found for p in first] == [p.found for p in second]


def test_cli_push(runner, oxigraph, graph_build):
    result = runner.invoke(cli, ["push", "--graph-store", oxigraph + "/store", "--endpoint",
                                 oxigraph + "/query", "--build-dir", str(graph_build)])
    assert result.exit_code == 0, result.output
    assert "graph/derived" in result.output


def test_unreachable_store_is_a_clear_error(graph_build):
    with pytest.raises(KgError, match="cannot reach the store"):
        push(graph_build, f"http://127.0.0.1:{free_port()}/store")


# ---- authentication ------------------------------------------------------------------------

@pytest.mark.parametrize("options, environ, header", [
    # RFC 7617 §2 example: Aladdin / open sesame
    ({"user": "Aladdin", "password": "open sesame"}, {}, "Basic QWxhZGRpbjpvcGVuIHNlc2FtZQ=="),
    ({}, {"KG_PUSH_USER": "Aladdin", "KG_PUSH_PASSWORD": "open sesame"}, "Basic QWxhZGRpbjpvcGVuIHNlc2FtZQ=="),
    ({"token": "s3cret"}, {}, "Bearer s3cret"),
    ({}, {"KG_PUSH_TOKEN": "s3cret"}, "Bearer s3cret"),
    # an option wins over the environment
    ({"token": "from-option"}, {"KG_PUSH_TOKEN": "from-env"}, "Bearer from-option"),
    ({}, {}, None),
])
def test_authorization_header(options, environ, header):
    headers = Credentials.from_options(**options, environ=environ).headers()
    assert headers.get("Authorization") == header


@pytest.mark.parametrize("options, message", [
    ({"user": "u", "password": "p", "token": "t"}, "not both"),
    ({"password": "p"}, "a password needs a user"),
])
def test_contradictory_credentials_are_errors(options, message):
    with pytest.raises(KgError, match=message):
        Credentials.from_options(**options, environ={})


def test_secrets_stay_out_of_repr():
    text = repr(Credentials("Aladdin", "open sesame"))
    assert "open sesame" not in text and "Aladdin" in text
    assert "s3cret" not in repr(Credentials(token="s3cret"))


def test_push_with_credentials(oxigraph, graph_build):
    # oxigraph serve ignores the Authorization header; the push must still go through unchanged
    pushed = push(graph_build, oxigraph + "/store", oxigraph + "/query",
                  credentials=Credentials("kg", "open sesame"))
    assert all(p.found == p.triples for p in pushed)


def test_cli_push_token_from_environment_is_never_printed(runner, oxigraph, graph_build):
    result = runner.invoke(cli, ["push", "--graph-store", oxigraph + "/store", "--endpoint", oxigraph + "/query",
                                 "--build-dir", str(graph_build)], env={"KG_PUSH_TOKEN": "s3cret-token"})
    assert result.exit_code == 0, result.output
    assert "s3cret-token" not in result.output


def test_refused_push_does_not_print_the_password(graph_build):
    with pytest.raises(KgError) as info:
        push(graph_build, f"http://127.0.0.1:{free_port()}/store", credentials=Credentials("kg", "open sesame"))
    assert "open sesame" not in str(info.value)
