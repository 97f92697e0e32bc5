"""kg's namespaces and the IRIs a query parameter names, as plain strings, without rdflib.

``kg query`` must answer within 0.5 s, and importing rdflib takes 0.2 s of it (issue 17), so the
query path (:mod:`kg.sparql.running`, :mod:`kg.sparql.binding`) reads its prefixes and mints
agency and document IRIs here. :data:`BASE` and :data:`PREFIXES` are defined here only
(:mod:`kg.graph.vocab` imports them beside its rdflib terms; ``tests/test_startup.py`` checks they
agree with rdflib's namespaces and that the IRIs minted here are :mod:`kg.graph.iris`'s);
:func:`segment` is the one definition of an IRI path segment, which :mod:`kg.graph.iris` imports.
"""
from __future__ import annotations

from functools import lru_cache
from urllib.parse import quote

BASE = "https://w3id.org/kg-cn/"
XSD = "http://www.w3.org/2001/XMLSchema#"
RDF = "http://www.w3.org/1999/02/22-rdf-syntax-ns#"

PREFIXES: dict[str, str] = {
    "kg": BASE + "ontology#",
    "eli": "http://data.europa.eu/eli/ontology#",
    "org": "http://www.w3.org/ns/org#",
    "prov": "http://www.w3.org/ns/prov#",
    "dct": "http://purl.org/dc/terms/",
    "skos": "http://www.w3.org/2004/02/skos/core#",
    "rdf": RDF,
    "rdfs": "http://www.w3.org/2000/01/rdf-schema#",
    "owl": "http://www.w3.org/2002/07/owl#",
    "xsd": XSD,
    "schema": "https://schema.org/",
}
"""Prefixes bound in every serialisation and usable as a SPARQL prologue (kg.graph.vocab's)."""


@lru_cache(maxsize=1 << 16)  # keys repeat (a document's key in each of its facts); quote() is slow
def segment(key: str) -> str:
    """One IRI path segment for ``key``: UTF-8 percent-encoded, never ``.``/``..``/empty."""
    if not key:
        raise ValueError("an IRI key must not be empty")
    encoded = quote(key, safe="")
    if encoded in (".", ".."):  # dot segments would be removed by IRI resolution
        encoded = encoded.replace(".", "%2E")
    return encoded


def agency_iri(agency_id: str) -> str:
    """A register agency's IRI (``agency/<id>``), as :func:`kg.graph.iris.agency` mints it."""
    return f"{BASE}agency/{segment(agency_id)}"


def document_iri(key: str) -> str:
    """A document's IRI (``doc/<key>``), as :func:`kg.graph.iris.document` mints it."""
    return f"{BASE}doc/{segment(key)}"
