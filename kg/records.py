"""Selections over a Corpus that commands and notebooks share: documents with status, duties
of an agency, and the flat (duty, party) table a coordination meeting works from."""
from __future__ import annotations

from datetime import date

from .agencies import default_register
from .documents.validity import statuses
from .model import Corpus, Duty, Party
from .output import doc_row, duty_row


def documents(corpus: Corpus, as_of: date | None = None) -> list[dict]:
    st = statuses(corpus.documents, as_of)
    return [doc_row(d, st[d.key]) for d in corpus.documents]


def _matches(party: Party, agency: str, agency_id: str | None) -> bool:
    return party.printed == agency or (agency_id is not None and party.agency_id == agency_id)


def select_duties(corpus: Corpus, agency: str | None = None, role: str = "any", doc: str | None = None,
                  include_text: bool = False) -> list[Duty]:
    """Duties, optionally of one agency (short or full name) in one role, of one document."""
    agency_id = None
    if agency:
        found = default_register().resolve(agency)
        agency_id = found.id if found else None
    out = []
    for d in corpus.duties:
        if (d.stated_in_text and not include_text) or (doc and doc not in (d.doc,)):
            continue
        if agency:
            parties = [p for p in d.parties if _matches(p, agency, agency_id)]
            if not parties or (role != "any" and all(p.role != role for p in parties)):
                continue
        out.append(d)
    return out


def duties(corpus: Corpus, **filters) -> list[dict]:
    return [duty_row(d) for d in select_duties(corpus, **filters)]


EXPORT_COLUMNS = ("doc_number", "doc_title", "provision", "heading", "party", "agency_id", "agency_name",
                  "party_kind", "role", "position", "source_file", "line", "clause_text")


def duty_party_rows(corpus: Corpus, **filters) -> list[dict]:
    """One row per (duty, party), in printed order."""
    register = default_register()
    docs = {d.key: d for d in corpus.documents}
    rows = []
    for duty in select_duties(corpus, **filters):
        doc = docs.get(duty.doc)
        for i, p in enumerate(duty.parties, start=1):
            agency = register.get(p.agency_id) if p.agency_id else None
            rows.append({
                "doc_number": doc.doc_number if doc else duty.doc,
                "doc_title": (doc.attached_title or doc.title) if doc else None,
                "provision": duty.provision, "heading": duty.heading, "party": p.printed,
                "agency_id": p.agency_id, "agency_name": agency.name if agency else None,
                "party_kind": p.kind, "role": p.role, "position": i,
                "source_file": duty.span.source_file, "line": duty.span.start_line,
                "clause_text": duty.span.text.replace("\n", ""),
            })
    return rows
