"""Content negotiation for query answers: the Accept header (or a ``format`` parameter) → format.

SELECT and ASK answers use the SPARQL results formats (JSON, XML, CSV, TSV); CONSTRUCT and
DESCRIBE answers use RDF formats. ``*/*`` (what browsers and most clients send) gets JSON or
Turtle.
"""
from __future__ import annotations

from pyoxigraph import QueryResultsFormat, RdfFormat

RESULTS_FORMATS: dict[str, QueryResultsFormat] = {
    "application/sparql-results+json": QueryResultsFormat.JSON,
    "application/json": QueryResultsFormat.JSON,
    "application/sparql-results+xml": QueryResultsFormat.XML,
    "application/xml": QueryResultsFormat.XML,
    "text/csv": QueryResultsFormat.CSV,
    "text/tab-separated-values": QueryResultsFormat.TSV,
}
GRAPH_FORMATS: dict[str, RdfFormat] = {
    "text/turtle": RdfFormat.TURTLE,
    "application/n-triples": RdfFormat.N_TRIPLES,
    "application/rdf+xml": RdfFormat.RDF_XML,
}
SHORT_NAMES = {"json": "application/sparql-results+json", "xml": "application/sparql-results+xml",
               "csv": "text/csv", "tsv": "text/tab-separated-values", "turtle": "text/turtle",
               "ttl": "text/turtle", "nt": "application/n-triples", "rdfxml": "application/rdf+xml"}


class NotAcceptable(ValueError):
    """No format the client accepts can carry this kind of answer."""


def _ranges(accept: str) -> list[tuple[float, int, str]]:
    """Media ranges by preference: (q, order) sorted, highest q first, then header order."""
    ranges = []
    for order, part in enumerate(accept.split(",")):
        fields = [f.strip() for f in part.split(";")]
        q = 1.0
        for f in fields[1:]:
            if f.startswith("q="):
                try:
                    q = float(f[2:])
                except ValueError:
                    q = 0.0
        if fields[0]:
            ranges.append((-q, order, fields[0].lower()))
    return [(-q, o, r) for q, o, r in sorted(ranges) if q < 0]


def choose(accept: str | None, formats: dict, default: str, format_param: str | None = None) -> str:
    """The media type to answer with, among ``formats``.

    Raises:
        NotAcceptable: nothing in the Accept header (or the ``format`` parameter) fits.
    """
    if format_param:
        media = SHORT_NAMES.get(format_param.lower(), format_param.lower())
        if media not in formats:
            raise NotAcceptable(f"format {format_param!r} cannot carry this answer; "
                                f"valid: {', '.join(k for k, v in SHORT_NAMES.items() if v in formats)}")
        return media
    if not accept:
        return default
    for _, _, media in _ranges(accept):
        if media == "*/*" or (media.endswith("/*") and default.startswith(media[:-1])):
            return default
        if media in formats:
            return media
        if media.endswith("/*"):
            match = next((m for m in formats if m.startswith(media[:-1])), None)
            if match:
                return match
    raise NotAcceptable(f"none of the accepted types ({accept}) can carry this answer; "
                        f"available: {', '.join(formats)}")
