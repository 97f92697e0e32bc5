"""Issue 16: the "read-only" endpoint fetched any URL named in a SERVICE clause (pyoxigraph sends
the request itself), so anyone who could query it could make the host send HTTP requests.
SERVICE is now refused before the query reaches a worker."""
from __future__ import annotations

import pytest

from kg.sparql.guard import SERVICE_REFUSED, refusal


@pytest.mark.parametrize("query", [
    "SELECT * { SERVICE <http://169.254.169.254/latest/meta-data/> { ?s ?p ?o } }",
    "SELECT * { service silent <http://127.0.0.1:6379/> { ?s ?p ?o } }",
    "SELECT * { \\u0053ERVICE <http://10.0.0.1/> { ?s ?p ?o } }",  # \u escapes are undone before parsing
])
def test_service_is_refused(query: str) -> None:
    assert refusal(query) == SERVICE_REFUSED
    assert refusal(query, allow_service=True) is None
