"""What a query may not ask of the store: federation (``SERVICE``) and its own dataset (``FROM``).

pyoxigraph evaluates ``SERVICE <url> { … }`` by sending an HTTP request to ``url`` and offers no
switch to turn that off, so a "read-only" endpoint would fetch any URL for anyone who asks,
including addresses on the host's own network (issue 16). ``FROM``/``FROM NAMED`` replace the
default graph (the union of every named graph) and were silently ignored by the protocol layer,
like ``default-graph-uri``. Both are found here by a small SPARQL tokenizer that skips strings,
IRIs, comments and prefixed names, after the ``\\u`` escapes that SPARQL 1.1 §19.2 applies
before parsing (``\\u0053ERVICE`` is ``SERVICE`` to the parser).
"""
from __future__ import annotations

import re

_ESCAPE = re.compile(r"\\u([0-9A-Fa-f]{4})|\\U([0-9A-Fa-f]{8})")
_TOKEN = re.compile(
    r"""(?P<skip>'''.*?'''|\"\"\".*?\"\"\"|'(?:[^'\\\n]|\\.)*'|"(?:[^"\\\n]|\\.)*"|<[^<>"{}|^`\\\x00-\x20]*>|\#[^\n]*)"""
    r"""|(?P<var>[?$][\w]+)|(?P<word>[A-Za-z_][\w.-]*(?::[\w.:%-]*)?|:[\w.:%-]*)""",
    re.DOTALL)

SERVICE_REFUSED = ("federated queries are disabled: SERVICE would make this server send requests to "
                   "other hosts (start it with --allow-service to permit them)")
FROM_REFUSED = ("FROM and FROM NAMED are not supported: the default graph is the union of all named "
                "graphs; use GRAPH <iri> { … } in the query")


def keywords(query: str) -> list[str]:
    """The query's keywords in upper case, without strings, IRIs, comments, variables and prefixed names."""
    text = _ESCAPE.sub(lambda m: chr(int(m[1] or m[2], 16)), query)
    return [m["word"].upper() for m in _TOKEN.finditer(text) if m["word"] and ":" not in m["word"]]


def refusal(query: str, allow_service: bool = False) -> str | None:
    """Why ``query`` is refused, or None when it may run."""
    words = set(keywords(query))
    if "SERVICE" in words and not allow_service:
        return SERVICE_REFUSED
    if "FROM" in words:
        return FROM_REFUSED
    return None
