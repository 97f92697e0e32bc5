"""Selections over a Corpus that commands, maps and notebooks share: documents with status, the
duties of an agency, and the flat (duty, party) table a coordination meeting works from.

:func:`select_duties` is the one implementation of "duties of an agency": names go through
:mod:`kg.resolver`, so a typo fails with a suggestion instead of selecting nothing, and an agency
printed twice in one clause counts once, lead winning, as in the maps and the stored queries.
Duties stated only in running text (``stated_in_text``) are left out unless ``include_text``:
they are what makes 50 labelled duties of 市科委 into the 53 the stored queries count (issue 19).
"""
from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from .agencies import default_register
from .documents.validity import statuses
from .model import Corpus, Duty, Party
from .output import doc_row, duty_row
from .resolver import AgencyRef, DocRef, resolve_agency, resolve_document
from .titles import short_titles, task_text

ROLES = ("lead", "co", "any")
ROLE_ZH = {"lead": "牵头", "co": "配合"}
IN_FORCE = ("in-force", "unknown")  # --as-of keeps documents in force, and those whose dates are unknown


def documents(corpus: Corpus, as_of: date | None = None) -> list[dict]:
    st = statuses(corpus.documents, as_of)
    return [doc_row(d, st[d.key]) for d in corpus.documents]


def agency_role(duty: Duty, agency: AgencyRef) -> str | None:
    """'lead' or 'co' when ``agency`` is a party of ``duty`` (printed twice: lead wins), else None."""
    roles = {p.role for p in duty.parties if agency.matches(p)}
    return ("lead" if "lead" in roles else "co") if roles else None


@dataclass
class DutySelection:
    """Duties chosen by agency, role, document and date, and what was left out and why."""

    duties: list[Duty]
    agency: AgencyRef | None = None
    doc: DocRef | None = None
    role: str = "any"
    include_text: bool = False
    as_of: date | None = None
    in_text_left_out: int = 0
    not_in_force: list[str] = field(default_factory=list)

    def summary(self) -> str:
        """One line for stderr: how many duties, of which kind; for an empty answer, why."""
        more = (f"; {self.in_text_left_out} more stated in running text (--include-text adds them; "
                f"the stored queries and maps count them)" if self.in_text_left_out else "")
        if not self.duties:
            return self._nothing() + more
        text = sum(d.stated_in_text for d in self.duties)
        kinds = f"{len(self.duties) - text} labelled, {text} stated in running text" if text else "all labelled"
        return f"{len(self.duties)} duties{self._scope()} ({kinds}){more}"

    def _scope(self) -> str:
        of = f" of {self.agency.short}" if self.agency else ""
        role = {"lead": " as lead", "co": " as co-responsible"}.get(self.role, "") if self.agency else ""
        where = f" in {self.doc.label}" if self.doc else ""
        return of + role + where + (f" in force on {self.as_of.isoformat()}" if self.as_of else "")

    def _nothing(self) -> str:
        where = f" in {self.doc.label}" if self.doc else ""
        when = f" in force on {self.as_of.isoformat()}" if self.as_of else ""
        if self.agency is None:
            return f"no duty{where}{when}" if (where or when) else "the build has no duty"
        verb = {"lead": "leads no duty", "co": "is co-responsible for no duty"}.get(self.role, "has no duty")
        return f"{self.agency.short} {verb}{where}{when}"


def duty_selection(corpus: Corpus, agency: str | AgencyRef | None = None, role: str = "any",
                   doc: str | DocRef | None = None, include_text: bool = False,
                   as_of: date | None = None) -> DutySelection:
    """Duties of ``agency`` in ``role``, of document ``doc``, of documents in force on ``as_of``.

    Raises:
        InputError: an unknown agency or document (with suggestions), or a role not in ROLES.
    """
    if role not in ROLES:
        from .errors import InputError
        raise InputError(f"no role {role!r}; valid: {', '.join(ROLES)}")
    ref = resolve_agency(agency, corpus) if isinstance(agency, str) else agency
    doc_ref = resolve_document(doc, corpus) if isinstance(doc, str) else doc
    keep_docs = None
    if as_of is not None:
        st = statuses(corpus.documents, as_of)
        keep_docs = {k for k, s in st.items() if s in IN_FORCE}
    chosen, left_out = [], 0
    for d in corpus.duties:
        if (doc_ref and d.doc != doc_ref.key) or (keep_docs is not None and d.doc not in keep_docs):
            continue
        if ref is not None:
            found = agency_role(d, ref)
            if found is None or (role != "any" and found != role):
                continue
        if d.stated_in_text and not include_text:
            left_out += 1
            continue
        chosen.append(d)
    return DutySelection(chosen, ref, doc_ref, role, include_text, as_of, left_out)


def select_duties(corpus: Corpus, agency: str | AgencyRef | None = None, role: str = "any",
                  doc: str | DocRef | None = None, include_text: bool = False,
                  as_of: date | None = None) -> list[Duty]:
    """Duties, optionally of one agency (short form, full name, id or IRI) in one role, of one
    document (number in any brackets, title or part of it), of documents in force on a day."""
    return duty_selection(corpus, agency, role, doc, include_text, as_of).duties


def leads(duty: Duty) -> list[Party]:
    """The lead parties; ``Duty.leads`` when the model has it (several leads), else the first lead."""
    found = getattr(duty, "leads", None)
    if found is not None:
        return list(found)
    return [duty.lead] if duty.lead else []


def role_word(party: Party) -> str:
    """The printed role word (牵头, 配合, 负责 …) when the model keeps it, else kg's own word."""
    return getattr(party, "role_word", None) or ROLE_ZH.get(party.role, party.role)


def deadline(duty: Duty) -> str | None:
    """The deadline as an ISO date when known, else as printed, else None."""
    day = getattr(duty, "deadline", None)
    if day:
        return day.isoformat() if isinstance(day, date) else str(day)
    return getattr(duty, "deadline_text", None) or None


def task_rows(corpus: Corpus, selection: DutySelection) -> list[dict]:
    """The task-first rows of ``kg duties``: the duty_row fields plus title, task, role, partners."""
    titles = short_titles(corpus.documents)
    rows = []
    for d in selection.duties:
        mine = [p for p in d.parties if selection.agency.matches(p)] if selection.agency else leads(d)
        role = agency_role(d, selection.agency) if selection.agency else None
        rows.append({**duty_row(d), "doc_title": titles.get(d.doc, d.doc), "task": task_text(d),
                     "role": ROLE_ZH.get(role), "role_word": (role_word(next(p for p in mine if p.role == role))
                                                              if role else None),
                     "leads": [p.printed for p in leads(d)],
                     "partners": [p.printed for p in d.parties if all(p is not m for m in mine)],
                     "due": deadline(d), "how": "text" if d.stated_in_text else "labelled"})
    return rows


def duties(corpus: Corpus, **filters) -> list[dict]:
    """Rows of :func:`select_duties` with the task-first fields (JSON contract: duty_row fields kept)."""
    return task_rows(corpus, duty_selection(corpus, **filters))


EXPORT_COLUMNS = ("doc_number", "doc_title", "status", "provision", "heading", "task", "party", "agency_id",
                  "agency_name", "party_kind", "role", "role_word", "position", "partners", "deadline", "how",
                  "source_file", "line", "clause_text")


def duty_party_rows(corpus: Corpus, only_agency: bool = False, **filters) -> list[dict]:
    """One row per (duty, party), in printed order, of the duties :func:`duty_selection` chooses.

    Args:
        only_agency: with an ``agency`` filter, only that agency's own rows (one per duty, its
            partners in a column), as a meeting sheet wants; otherwise every party of those duties.
        **filters: agency, role, doc, include_text, as_of.
    """
    register = default_register()
    docs = {d.key: d for d in corpus.documents}
    selection = duty_selection(corpus, **filters)
    st = statuses(corpus.documents, selection.as_of)
    rows = []
    for duty in selection.duties:
        doc = docs.get(duty.doc)
        for i, p in enumerate(duty.parties, start=1):
            if only_agency and selection.agency and not selection.agency.matches(p):
                continue
            if not selection.agency and selection.role != "any" and p.role != selection.role:
                continue
            agency = register.get(p.agency_id) if p.agency_id in register else None
            rows.append({
                "doc_number": (doc.doc_number or doc.key) if doc else duty.doc,
                "doc_title": (doc.attached_title or doc.title) if doc else None,
                "status": st.get(duty.doc), "provision": duty.provision, "heading": duty.heading,
                "task": task_text(duty), "party": p.printed, "agency_id": p.agency_id,
                "agency_name": agency.name if agency else None, "party_kind": p.kind, "role": p.role,
                "role_word": role_word(p), "position": i,
                "partners": [q.printed for q in duty.parties if q is not p],
                "deadline": deadline(duty), "how": "text" if duty.stated_in_text else "labelled",
                "source_file": duty.span.source_file, "line": duty.span.start_line,
                "clause_text": " ".join(duty.span.text.split()),
            })
    return rows
