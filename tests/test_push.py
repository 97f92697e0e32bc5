"""``kg push`` into a real Oxigraph server on loopback, then the graph queried back."""
from __future__ import annotations

import shutil
import socket
import subprocess
import time
import urllib.request
from pathlib import Path

import pytest
from SPARQLWrapper import JSON, SPARQLWrapper

from kg.cli import cli
from kg.errors import KgError
from kg.sparql.push import push

pytestmark = pytest.mark.server


@pytest.fixture(scope="session")
def graph_build(build_dir, corpus, tmp_path_factory) -> Path:
    """The build's store when `kg build` writes it, else one written here from the same corpus."""
    if (build_dir / "store").is_dir():
        return build_dir
    from kg.graph.building import build_dataset
    from kg.graph.store import write_build

    out = tmp_path_factory.mktemp("sparql-build")
    write_build(build_dataset(corpus), out, formats=())
    return out


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
