"""Duties stated in running text, beyond the bracketed responsibility clauses.

Forms (the subject must resolve to a registered agency or be a known collective such as
各区发展改革委; otherwise nothing is recorded — a subject is never guessed):

* "市科委是专项主管部门，主要职责是：…"      → competent-authority (lead)
* "由市科委牵头召开各部门联络员会议"           → lead
* "市发展改革委会同有关部门另行制定"           → lead, "有关部门" co-responsible
* "各区发展改革委负责受理和初审…"               → responsible (lead)

Text inside brackets is left to :mod:`kg.facts.clauses`, which reads "（由A会同B负责）".
"""
from __future__ import annotations

import re

from ..documents.doctext import DocumentText
from ..model import Duty, Party, Problem
from ..provisions.tree import innermost
from .parties import split_parties, to_party

# (form id, role_text, pattern). The subject is found by _subject() on the text before the match.
FORMS: tuple[tuple[str, str, re.Pattern], ...] = (
    ("competent", "competent-authority",
     re.compile(r"是(?P<obj>[^，。；:：]{0,24}?)(?:主管部门|主管单位|业务主管部门)[，,]?(?:主要职责是|主要负责)?[:：]?"
                r"(?P<duty>[^。；]*)")),
    ("led-by", "lead", re.compile(r"牵头(?P<duty>[^。；，,]{2,60})")),
    ("with", "lead", re.compile(r"会同(?P<co>[^，。；]{2,30}?)"
                                r"(?P<duty>(?:另行)?(?:制定|负责|组织|开展|推进|研究|做好|建立)[^。；]{0,60})")),
    ("responsible", "responsible", re.compile(r"负责(?P<duty>[^。；]{2,80})")),
)
_STOPS = "，。；;,:：\n（()）、“”"
_PREFIX = re.compile(r"^(?:由|并由|应由|请|经|其中|同时)")
_SPACE = re.compile(r"\s")


def find_textual_duties(doc: DocumentText, register) -> tuple[list[Duty], list[Problem]]:
    """Duties stated in running text of the document, each with agency, role and duty text.

    Returns:
        (duties, problems): Duty records with ``stated_in_text=True``, ``form="stated-in-text"``, ``label=""`` and
        ``role_text`` one of competent-authority, lead, responsible; sorted by line.
    """
    cleaned, start, end, located, doc_key = doc.cleaned, doc.start, doc.end, doc.provisions, doc.key
    text = cleaned.text
    found: list[Duty] = []
    taken: set[int] = set()
    for _, role_text, pattern in FORMS:
        for m in pattern.finditer(text, start, end):
            if m.start() in taken or _in_brackets(text, m.start(), start):
                continue
            subject_start, subject = _subject(text, m.start(), start, register)
            if subject is None:
                continue
            parties = [subject] + _co_parties(m, register)
            duty_text = _SPACE.sub("", m.group("duty")).strip("，,：:;；") or _SPACE.sub("", m.group(0))
            prov = innermost(located, m.start())
            found.append(Duty(doc=doc_key, provision=prov.path if prov else "", heading=prov.heading if prov else "",
                              label="", raw=duty_text, parties=parties, form="stated-in-text",
                              span=cleaned.span(subject_start, m.end()), text=prov.text if prov else "",
                              stated_in_text=True, role_text=role_text))
            taken.update(range(subject_start, m.end()))
    found.sort(key=lambda d: (d.span.start_line, d.span.text))
    return found, []


def _subject(text: str, pos: int, floor: int, register) -> tuple[int, Party | None]:
    """The longest run before ``pos`` (back to a stop) that is a registered agency or a collective."""
    left = pos
    while left > floor and pos - left < 30 and text[left - 1] not in _STOPS:
        left -= 1
    run = text[left:pos]
    for k in range(len(run)):
        prefix = _PREFIX.match(run[k:])
        skip = k + (prefix.end() if prefix else 0)
        name = _SPACE.sub("", run[skip:])
        if len(name) < 2:
            break
        party = to_party(name, register, "lead")
        if party.agency_id or party.kind == "district-collective":
            return left + skip, party
    return pos, None


def _co_parties(m: re.Match, register) -> list[Party]:
    if "co" not in m.groupdict() or not m.group("co"):
        return []
    try:
        names = split_parties(m.group("co"), register)
    except ValueError:
        return []
    return [to_party(n, register, "co") for n in names]


def _in_brackets(text: str, pos: int, floor: int) -> bool:
    line_start = max(floor, text.rfind("\n", floor, pos) + 1)
    before = text[line_start:pos]
    return before.count("（") + before.count("(") > before.count("）") + before.count(")")
