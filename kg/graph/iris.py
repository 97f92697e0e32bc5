"""IRIs minted from the stable keys of facts: no counters, no run order.

Every data IRI is ``BASE`` + path segments, each segment the UTF-8 percent-encoding of a key
(``urllib.parse.quote`` with an empty safe set, so ``/`` inside a key is encoded too). IRIs are
therefore ASCII, deterministic, and depend only on the fact's own key:

=========================================  ===============================================
``doc/<key>``                              a document (key = normalised document number)
``doc/<key>/provision/<path>``             a provision (``-`` for the document body)
``doc/<key>/duty/<path>/<n>``              the n-th clause (1-based) of that provision
``doc/<key>/duty/<path>/<n>/party/<i>``    the i-th printed party of that clause
``doc/<key>/indicator/<table>/<name>``     an indicator (``~2`` … for a repeated name)
``agency/<id>``                            a register agency (ontology/agencies.ttl)
``party/<name>``                           an unresolved or collective party, NFKC, no spaces
``entity/<kind>/<key>``                    a programme, fund or platform
``source/<file name>``                     an input file
``doctype/<kind>``                         a document genre (通知, 方案 …)
``graph/<doc key>``                        the named graph of one document
``graph/agencies|derived|ontology``        the register, build-time aggregates, kg.ttl
=========================================  ===============================================
"""
from __future__ import annotations

import hashlib
import re
import unicodedata
from functools import lru_cache

from rdflib import URIRef

from .names import segment
from .vocab import BASE

BODY_SEGMENT = "-"
"""Path segment of the pseudo-provision holding duties outside any numbered provision.
No printed numbering path is a lone hyphen, so it cannot collide with a real provision."""

_SPACE = re.compile(r"\s+")


def minted(iri: str) -> URIRef:
    """A URIRef of an IRI kg made itself (BASE and percent-encoded keys, or a digest), without
    rdflib's character-by-character check: making 37k of them cost 0.6 s of graph/derived at 1,000
    documents, and every IRI is validated anyway, once, when written (kg.graph.quads.QuadSink)."""
    return _new(URIRef, iri)


_new = str.__new__


def _iri(*keys: str) -> URIRef:
    return minted(BASE + "/".join(segment(k) for k in keys))


def _path_segment(path: str) -> str:
    return segment(path) if path else BODY_SEGMENT


@lru_cache(maxsize=1 << 16)  # the same few keys in every fact of a document
def document(key: str) -> URIRef:
    return _iri("doc", key)


def provision(doc_key: str, path: str) -> URIRef:
    """The provision at numbering ``path`` ("二.(一).1"); ``""`` is the document body."""
    return minted(f"{document(doc_key)}/provision/{_path_segment(path)}")


def duty(doc_key: str, path: str, n: int) -> URIRef:
    """The ``n``-th (1-based, printed order) clause of a provision."""
    if n < 1:
        raise ValueError(f"duty number must be 1-based, got {n}")
    return minted(f"{document(doc_key)}/duty/{_path_segment(path)}/{n}")


def party_role(duty_iri: URIRef, position: int) -> URIRef:
    """The party printed at ``position`` (1-based) of a duty."""
    return minted(f"{duty_iri}/party/{position}")


def indicator(doc_key: str, table: str, name: str, n: int = 1) -> URIRef:
    """An indicator by table caption and name; ``n`` > 1 only when a name repeats in a table."""
    suffix = "" if n == 1 else f"~{n}"
    return minted(f"{document(doc_key)}/indicator/{segment(table or 'text')}/{segment(name)}{suffix}")


@lru_cache(maxsize=1 << 16)  # the same few keys in every fact of a document
def agency(agency_id: str) -> URIRef:
    return _iri("agency", agency_id)


def normalise_name(printed: str) -> str:
    """The key of an unresolved party: NFKC with all whitespace removed."""
    return _SPACE.sub("", unicodedata.normalize("NFKC", printed))


@lru_cache(maxsize=1 << 16)  # the same few keys in every fact of a document
def party(printed: str) -> URIRef:
    """An unresolved or collective party (各区政府, 相关企业) by its normalised printed name."""
    return _iri("party", normalise_name(printed))


def entity(kind: str, key: str) -> URIRef:
    return _iri("entity", kind, key)


def amount(entity_iri: URIRef, doc_key: str, path: str, n: int) -> URIRef:
    """The ``n``-th amount stated for an entity in one provision of one document."""
    return minted(f"{entity_iri}/amount/{segment(doc_key)}/{_path_segment(path)}/{n}")


def funding(entity_iri: URIRef, doc_key: str, n: int) -> URIRef:
    """The ``n``-th thing an entity is said to fund in one document (a kg:FundedPurpose)."""
    return minted(f"{entity_iri}/funds/{segment(doc_key)}/{n}")


def funding_amount(funding_iri: URIRef, n: int) -> URIRef:
    """The ``n``-th amount printed with what a fund supports."""
    return minted(f"{funding_iri}/amount/{n}")


@lru_cache(maxsize=1 << 16)  # the same few keys in every fact of a document
def source(file_name: str) -> URIRef:
    return _iri("source", file_name)


@lru_cache(maxsize=1 << 16)  # the same few keys in every fact of a document
def doctype(kind: str) -> URIRef:
    return _iri("doctype", kind)


@lru_cache(maxsize=1 << 16)  # the same few keys in every fact of a document
def doc_graph(doc_key: str) -> URIRef:
    """The named graph holding one document's triples."""
    return _iri("graph", doc_key)


AGENCIES_GRAPH = minted(BASE + "graph/agencies")
DERIVED_GRAPH = minted(BASE + "graph/derived")
ONTOLOGY_GRAPH = minted(BASE + "graph/ontology")


def pair(a: URIRef, b: URIRef) -> URIRef:
    """A coordination pair of two agents, order-free: a short digest of the two sorted IRIs."""
    first, second = sorted((str(a), str(b)))
    digest = hashlib.sha1(f"{first} {second}".encode()).hexdigest()[:16]
    return minted(f"{BASE}derived/pair/{digest}")
