"""The read-only SPARQL endpoint: in-process (``get``, ``kg serve --get``) and over HTTP with
SPARQLWrapper on a free loopback port."""
from __future__ import annotations

import json
import threading
from urllib.parse import quote

import pytest
from SPARQLWrapper import JSON, POST, SPARQLWrapper

from kg.cli import cli
from kg.sparql.server import get, make_http_server, open_app

pytestmark = pytest.mark.server

STCSM_LEADS_IN_PLAN = """
PREFIX kg: <https://w3id.org/kg-cn/ontology#>
PREFIX eli: <http://data.europa.eu/eli/ontology#>
SELECT (COUNT(?duty) AS ?n) WHERE {
  ?duty kg:lead <https://w3id.org/kg-cn/agency/sh-stcsm> ; kg:inDocument/eli:id_local "沪府办发〔2024〕8号" .
}"""
RUNAWAY = "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i . ?j ?k ?l }"


@pytest.fixture(scope="module")
def app(graph_build):
    app = open_app(graph_build, workers=1, time_limit_ms=2000, max_rows=1000)
    yield app
    app.pool.close()


@pytest.fixture(scope="module")
def endpoint(app):
    server = make_http_server(app, "127.0.0.1", 0)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_port}/sparql"
    server.shutdown()
    server.server_close()


def sparql(endpoint: str, query: str, method: str | None = None) -> SPARQLWrapper:
    client = SPARQLWrapper(endpoint)
    client.setQuery(query)
    client.setReturnFormat(JSON)
    if method:
        client.setMethod(method)
    return client


# ---- over HTTP -------------------------------------------------------------------------------

@pytest.mark.parametrize("method", [None, POST])
def test_select_returns_the_expected_rows(endpoint, method):
    result = sparql(endpoint, STCSM_LEADS_IN_PLAN, method).queryAndConvert()
    assert result["results"]["bindings"][0]["n"]["value"] == "14"  # gold: 市科委 leads 14 duties


def test_update_is_refused(endpoint):
    client = sparql(endpoint, "INSERT DATA { <urn:a> <urn:b> <urn:c> }", POST)
    with pytest.raises(Exception) as info:  # SPARQLWrapper maps 403 to a generic error
        client.query()
    assert "403" in str(info.value) or "read-only" in str(info.value)


def test_runaway_query_is_cut_off(endpoint, app):
    client = sparql(endpoint, RUNAWAY)
    with pytest.raises(Exception) as info:
        client.query()
    assert "503" in str(info.value) or "time limit" in str(info.value)
    # the killed worker is replaced: the next query is answered
    assert app.pool.wait_ready(timeout_s=60)
    assert sparql(endpoint, STCSM_LEADS_IN_PLAN).queryAndConvert()["results"]["bindings"]


# ---- in-process ------------------------------------------------------------------------------

def q(text: str) -> str:
    return "/sparql?query=" + quote(text)


@pytest.mark.parametrize("accept, content_type, start", [
    ("application/sparql-results+json", "application/sparql-results+json", b'{"head":{"vars":["n"]}'),
    ("application/sparql-results+xml", "application/sparql-results+xml", b"<?xml"),
    ("text/csv", "text/csv", b"n\r\n14"),
    ("text/tab-separated-values", "text/tab-separated-values", b"?n\n14"),
    ("text/html,application/xhtml+xml,*/*;q=0.8", "application/sparql-results+json", b'{"head"'),
])
def test_content_negotiation(app, accept, content_type, start):
    status, headers, body = get(app, q(STCSM_LEADS_IN_PLAN), accept=accept)
    assert status == 200
    assert headers["Content-Type"] == content_type
    assert body.startswith(start)
    assert "Access-Control-Allow-Origin" not in headers


@pytest.mark.parametrize("target, status, message", [
    ("/sparql?update=" + quote("DELETE WHERE { ?s ?p ?o }"), 403, b"read-only"),
    (q("SELECT * WHERE { ?s ?p }"), 400, b"line 1, column 25"),
    (q("SELECT * WHERE { ?s ?p ?o }"), 413, b"more than 1000 rows"),
    ("/sparql", 400, b"query="),
    ("/query/agency-duties", 400, b"needs parameter 'agency'"),
    ("/nowhere", 404, b"no such page"),
])
def test_refusals_are_clear(app, target, status, message):
    got, _, body = get(app, target)
    assert got == status
    assert message in body


def test_stored_query_by_name(app):
    status, _, body = get(app, "/query/agency-duties?agency=" + quote("市科委") + "&role=lead&format=json")
    assert status == 200
    rows = json.loads(body)["results"]["bindings"]
    assert sum(1 for r in rows if r.get("number", {}).get("value") == "沪府办发〔2024〕8号") == 14


def test_page_lists_the_catalogue_escaped(app):
    status, headers, body = get(app, "/")
    page = body.decode("utf-8")
    assert status == 200 and headers["Content-Type"].startswith("text/html")
    assert "agency-duties" in page and "Duties an agency leads or shares" in page
    assert "PREFIX kg:  &lt;https://w3id.org/kg-cn/ontology#&gt;" in page
    assert "<https://" not in page


def test_cli_serve_get(runner, graph_build):
    result = runner.invoke(cli, ["serve", "--get", q(STCSM_LEADS_IN_PLAN), "--build-dir", str(graph_build)])
    assert result.exit_code == 0, result.output
    assert json.loads(result.output)["results"]["bindings"][0]["n"]["value"] == "14"


def test_cli_serve_get_update_fails(runner, graph_build):
    result = runner.invoke(cli, ["serve", "--get", "/sparql?update=x", "--build-dir", str(graph_build)])
    assert result.exit_code == 1
    assert "read-only" in result.output
