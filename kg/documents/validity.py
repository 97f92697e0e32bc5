"""Whether a document is in force on a date: a pure function of its dates and repeals."""
from __future__ import annotations

from datetime import date

from ..model import Document

STATUSES = ("not-yet-in-force", "in-force", "expired", "abolished", "unknown")


def status(doc: Document, as_of: date | None = None, abolished_on: date | None = None) -> str:
    """not-yet-in-force | in-force | expired | abolished | unknown, as of a date (default today).

    A document abolished by another is abolished from the other's effective date
    (``abolished_on``); when that date is unknown, from as soon as the abolishing one exists.
    """
    as_of = as_of or date.today()
    start = doc.effective_from or doc.signed_date
    if doc.abolished_by and (abolished_on is None or abolished_on <= as_of):
        return "abolished"
    if start and as_of < start:
        return "not-yet-in-force"
    if doc.expires_on and as_of > doc.expires_on:
        return "expired"
    if start:
        return "in-force"
    return "unknown"


def statuses(documents: list[Document], as_of: date | None = None) -> dict[str, str]:
    """Status of every document, taking the abolishing document's start date into account."""
    starts = {d.key: d.effective_from or d.signed_date for d in documents}
    return {d.key: status(d, as_of, starts.get(d.abolished_by) if d.abolished_by else None)
            for d in documents}
