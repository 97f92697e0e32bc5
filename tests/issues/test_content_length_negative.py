"""Issue 16: a POST with ``Content-Length: -1`` or a non-number was read as an empty body and
answered as a missing query; it is a malformed request and gets 400 saying so."""
from __future__ import annotations

import io

import pytest

from kg.sparql.server import SparqlApp


class _NoPool:
    def run(self, request):  # pragma: no cover - never reached
        raise AssertionError("a malformed request reached the pool")


@pytest.mark.parametrize("length", ["-1", "abc", "1.5", " 12x"])
def test_bad_content_length_is_400(length: str) -> None:
    app = SparqlApp(_NoPool(), {"max_query_bytes": 1000, "cors_origin": "", "allow_service": False}, queries=[])
    environ = {"REQUEST_METHOD": "POST", "PATH_INFO": "/sparql", "CONTENT_TYPE": "application/sparql-query",
               "CONTENT_LENGTH": length, "wsgi.input": io.BytesIO(b"ASK {}"), "HTTP_HOST": "127.0.0.1"}
    seen = {}
    body = b"".join(app(environ, lambda status, headers: seen.update(status=status)))
    assert seen["status"].startswith("400") and b"Content-Length" in body
