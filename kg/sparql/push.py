"""``kg push``: load a build's named graphs into any SPARQL 1.1 store (Graph Store Protocol).

Each named graph is sent with ``PUT <graph-store>?graph=<iri>`` (SPARQL 1.1 Graph Store HTTP
Protocol §5.3, which replaces the graph), so named graphs are kept and a second push replaces,
never duplicates. Standard library only (urllib). When a query endpoint is given, the triples of
every graph are counted back through it, so a store that accepted the request but lost data is an
error rather than a silent success. Known graph-store URLs: Oxigraph ``http://host:port/store``,
Fuseki ``http://host:port/<dataset>/data``, QLever ``http://host:port/`` (with its access token).

Stores behind authentication take HTTP Basic (``user``/``password``) or a Bearer ``token``
(:class:`Credentials`, from options or the ``KG_PUSH_*`` environment variables). Credentials go
only into request headers: they are never printed, logged or put in an error message.

Hardening (issue 16): redirects are refused, so an ``Authorization`` header never follows one to
another origin; a ``user:password@`` in a URL is taken as the credentials and removed from every
URL shown; a remote error body is cut to 300 characters, stripped of control characters and of
anything that looks like an ``Authorization`` value; a timeout is one clear error; and a failure
midway says which graphs the target already holds replaced.
"""
from __future__ import annotations

import base64
import http.client
import json
import os
import re
import urllib.error
import urllib.request
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import quote, unquote, urlencode, urlsplit, urlunsplit

from pyoxigraph import DefaultGraph, RdfFormat

from ..errors import KgError
from ..graph.store import open_store

CONTENT_TYPES = {"application/n-triples": RdfFormat.N_TRIPLES, "text/turtle": RdfFormat.TURTLE}


ENV_USER, ENV_PASSWORD, ENV_TOKEN = "KG_PUSH_USER", "KG_PUSH_PASSWORD", "KG_PUSH_TOKEN"


@dataclass(frozen=True)
class Credentials:
    """How to authenticate to the store: HTTP Basic (user and password) or a Bearer token.

    ``repr`` hides the secrets, so a traceback or a debugger never shows them."""

    user: str | None = None
    password: str | None = field(default=None, repr=False)
    token: str | None = field(default=None, repr=False)

    def __post_init__(self) -> None:
        if self.token and (self.user or self.password):
            raise KgError("give either a user and password (HTTP Basic) or a token (Bearer), not both")
        if self.password and not self.user:
            raise KgError("a password needs a user (--user or KG_PUSH_USER)")

    @classmethod
    def from_options(cls, user: str | None = None, password: str | None = None, token: str | None = None,
                     environ: Mapping[str, str] | None = None) -> Credentials:
        """Options first, then ``KG_PUSH_USER``/``KG_PUSH_PASSWORD``/``KG_PUSH_TOKEN``."""
        env = os.environ if environ is None else environ
        return cls(user or env.get(ENV_USER) or None, password or env.get(ENV_PASSWORD) or None,
                   token or env.get(ENV_TOKEN) or None)

    def headers(self) -> dict[str, str]:
        """The ``Authorization`` header, or none when no credentials are given."""
        if self.token:
            return {"Authorization": f"Bearer {self.token}"}
        if self.user:
            pair = f"{self.user}:{self.password or ''}".encode()
            return {"Authorization": "Basic " + base64.b64encode(pair).decode("ascii")}
        return {}


@dataclass(frozen=True)
class PushedGraph:
    """One graph sent: its IRI (``""`` for the default graph), triples sent, triples found back."""

    graph: str
    triples: int
    status: int
    found: int | None = None


def push(build_dir: Path, graph_store: str, endpoint: str | None = None,
         content_type: str = "application/n-triples", timeout_s: float = 120.0,
         credentials: Credentials | None = None) -> list[PushedGraph]:
    """PUT every graph of a build into a Graph Store Protocol endpoint.

    Args:
        build_dir: the folder ``kg build`` wrote.
        graph_store: the store's Graph Store Protocol URL.
        endpoint: the store's SPARQL query URL; when given, triple counts are checked back.
        content_type: ``application/n-triples`` (default) or ``text/turtle``.
        timeout_s: per-request network timeout.
        credentials: authentication sent with every request (PUT and the count check).

    Returns:
        One record per graph, in IRI order.

    Raises:
        KgError: the store refused a graph, cannot be reached, or holds other counts afterwards.
    """
    if content_type not in CONTENT_TYPES:
        raise KgError(f"unsupported content type {content_type!r}; valid: {', '.join(CONTENT_TYPES)}")
    graph_store, in_url = split_credentials(graph_store)
    if endpoint:
        endpoint, in_endpoint = split_credentials(endpoint)
        in_url = in_url or in_endpoint
    if in_url and credentials and credentials.headers():
        raise KgError("credentials are given both in the URL and as options; give them once")
    auth = (in_url or credentials or Credentials()).headers()
    store = open_store(Path(build_dir))
    graphs = sorted(store.named_graphs(), key=lambda g: g.value)
    pushed = []
    for graph in [*graphs, DefaultGraph()]:
        iri = "" if isinstance(graph, DefaultGraph) else graph.value
        triples = sum(1 for _ in store.quads_for_pattern(None, None, None, graph))
        if not triples and not iri:
            continue
        body = store.dump(format=CONTENT_TYPES[content_type], from_graph=graph)
        target = f"{graph_store}{'&' if '?' in graph_store else '?'}" + (f"graph={quote(iri, safe='')}"
                                                                          if iri else "default")
        try:
            status = _send("PUT", target, body, {"Content-Type": content_type, **auth}, timeout_s)
        except KgError as exc:
            raise KgError(f"{exc}; {_progress(pushed, len(graphs) + 1)}") from None
        pushed.append(PushedGraph(iri, triples, status))
    if endpoint:
        pushed = _check(pushed, endpoint, timeout_s, auth)
    return pushed


def _progress(pushed: list[PushedGraph], total: int) -> str:
    """Which graphs the target already holds replaced, for the message of a push that failed midway."""
    if not pushed:
        return "no graph was replaced on the target"
    names = ", ".join(p.graph or "(default graph)" for p in pushed[:5])
    more = f" and {len(pushed) - 5} more" if len(pushed) > 5 else ""
    return (f"{len(pushed)} of about {total} graphs were already replaced on the target ({names}{more}); "
            "push again to replace the rest")


class _NoRedirects(urllib.request.HTTPRedirectHandler):
    """Refuse every redirect: following one would send Authorization (and the graph) elsewhere."""

    def redirect_request(self, req, fp, code, msg, headers, newurl):  # noqa: ANN001, PLR0913 - urllib's API
        raise KgError(f"the store answered {code} redirecting to {redact_url(newurl)}; kg does not follow "
                      "redirects (credentials would go along): give that URL instead", redact_url(req.full_url))


_OPENER = urllib.request.build_opener(_NoRedirects)
_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f]")
_AUTH = re.compile(r"(?im)^(.*?(?:authorization|token|password)\W*).*$")


def clean_detail(raw: bytes, limit: int = 300) -> str:
    """A remote error body fit to print: decoded, credentials redacted, controls removed, cut."""
    text = _AUTH.sub(lambda m: m[1] + "[redacted]", raw[:limit * 4].decode("utf-8", "replace"))
    text = _CONTROL.sub("", text.replace("\r", "")).strip()
    return text[:limit] + ("…" if len(text) > limit else "")


def split_credentials(url: str) -> tuple[str, Credentials | None]:
    """``http://user:pw@host/…`` → (``http://host/…``, the credentials); a URL without them is kept."""
    parts = urlsplit(url)
    if parts.username is None and parts.password is None:
        return url, None
    host = parts.hostname or ""
    host = f"[{host}]" if ":" in host else host
    netloc = host + (f":{parts.port}" if parts.port else "")
    return (urlunsplit(parts._replace(netloc=netloc)),
            Credentials(unquote(parts.username or ""), unquote(parts.password) if parts.password else None))


def redact_url(url: str) -> str:
    """``url`` with any credentials in it removed (for messages)."""
    return split_credentials(url)[0]


def _send(method: str, url: str, body: bytes | None, headers: dict, timeout_s: float) -> int:
    request = urllib.request.Request(url, data=body, method=method, headers=headers)
    try:
        with _OPENER.open(request, timeout=timeout_s) as response:
            return response.status
    except urllib.error.HTTPError as exc:
        raise KgError(f"{method} refused with {exc.code} {exc.reason}: {clean_detail(exc.read())}",
                      redact_url(url)) from None
    except urllib.error.URLError as exc:
        if isinstance(exc.reason, TimeoutError):
            raise KgError(f"the store did not answer within {timeout_s:g} s (--timeout)", redact_url(url)) from None
        raise KgError(f"cannot reach the store: {exc.reason}", redact_url(url)) from None
    except TimeoutError:
        raise KgError(f"the store did not answer within {timeout_s:g} s (--timeout)", redact_url(url)) from None
    except (ConnectionError, http.client.HTTPException) as exc:
        raise KgError(f"the connection to the store failed: {type(exc).__name__}", redact_url(url)) from None


def count_triples(endpoint: str, timeout_s: float = 60.0, headers: Mapping[str, str] | None = None) -> dict[str, int]:
    """Triples per named graph in a remote store, through its SPARQL query endpoint."""
    query = "SELECT ?g (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } } GROUP BY ?g"
    url = f"{endpoint}{'&' if '?' in endpoint else '?'}{urlencode({'query': query})}"
    request = urllib.request.Request(url, headers={"Accept": "application/sparql-results+json",
                                                     **(headers or {})})
    try:
        with _OPENER.open(request, timeout=timeout_s) as response:
            data = json.load(response)
        return {b["g"]["value"]: int(b["n"]["value"]) for b in data["results"]["bindings"]}
    except urllib.error.HTTPError as exc:
        raise KgError(f"cannot count triples back: {exc.code} {exc.reason}: {clean_detail(exc.read())}",
                      redact_url(endpoint)) from None
    except TimeoutError:
        raise KgError(f"cannot count triples back: no answer within {timeout_s:g} s (--timeout)",
                      redact_url(endpoint)) from None
    except (urllib.error.URLError, ValueError, KeyError, TypeError, OSError) as exc:
        reason = getattr(exc, "reason", None) or type(exc).__name__
        raise KgError(f"cannot count triples back: {reason}", redact_url(endpoint)) from None


def _check(pushed: list[PushedGraph], endpoint: str, timeout_s: float,
           headers: Mapping[str, str]) -> list[PushedGraph]:
    found = count_triples(endpoint, timeout_s, headers)
    checked = [PushedGraph(p.graph, p.triples, p.status, found.get(p.graph)) for p in pushed if p.graph]
    wrong = [p for p in checked if p.found != p.triples]
    if wrong:
        listing = "; ".join(f"{p.graph}: sent {p.triples}, found {p.found}" for p in wrong[:5])
        raise KgError(f"{len(wrong)} graphs differ after the push: {listing}", endpoint)
    return checked + [p for p in pushed if not p.graph]
