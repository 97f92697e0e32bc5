"""Responsibility clauses of a document → :class:`~kg.model.Duty` records.

Where the genre prints a clause: a bracket at the end of an item or in mid-paragraph (several
per paragraph, full- or half-width brackets), a labelled line after the item
(``责任单位：A牵头，B、C按职责分工负责``), a clause on its own line (``A牵头，B、C配合。``), and a
table cell (:mod:`kg.facts.table_duties`). What a clause says is read by the grammar
(:mod:`kg.facts.clause_reading`, ``clause_grammar.toml``); a bracket or line that holds a label,
or a role word and a name of agency shape, and does not read as a clause is an
``unparsed-clause`` problem with its line and text, never dropped silently.
"""
from __future__ import annotations

import re
from dataclasses import dataclass

from ..documents.doctext import DocumentText
from ..model import Duty, Party, Problem
from ..provisions.markers import MARKER_START
from .clause_reading import NoLead, NotAClause, PartyMaker, Reading, read_clause
from .deadlines import is_deadline, last_day, limits_in
from .grammar import Grammar, grammar
from .parties import to_party

_OPEN, _CLOSE = "(（", ")）"
_MAX_CLAUSE = 400  # characters: a bracket longer than this is prose
_MAX_LINE = 80  # characters: an unbracketed clause on its own line is short, one sentence
_SPACE = re.compile(r"\s")
_LIST_SEPARATOR = re.compile(r"[、，,]")
_PIECE_SEPARATOR = re.compile(r"[、，,；;。：:（）()]")
_OPEN_LIST = re.compile(r"(?<=[^、，,；;])等$")
_OPENING = re.compile(r"[(（]")  # where a bracket may open a clause: the scan jumps from one to the next
_NESTING = re.compile(r"[(（)）\n]")  # what _closing looks at inside a bracket


@dataclass
class _Found:
    """A place in the text that holds (or may hold) a clause."""

    first: int  # offset of the opening bracket or the label
    stop: int  # offset just past the closing bracket or the line's last character
    content: str  # the clause text
    labelled: bool
    form: str  # bracket | line


def find_duties(doc: DocumentText, register) -> tuple[list[Duty], list[Problem]]:
    """Duties and problems of one document's responsibility clauses, in printed order."""
    g = grammar()
    duties: list[Duty] = []
    problems: list[Problem] = []
    previous_end = doc.start
    make = party_maker(doc, register)
    rule = g.first_listed.search(doc.text, doc.start, doc.end)  # also printed outside any clause
    for found in _places(doc, g, problems):
        if rule and rule.start() < found.first:
            doc.rules.setdefault("lead", "document-rule")
        try:
            reading = read_clause(found.content, make, doc.rules, default=_bare_list_role(found, make))
        except NoLead:
            problems.append(_leaderless(doc, found))
            continue
        except NotAClause as e:
            if _deadline_after(duties, found, previous_end, g):
                continue
            if found.labelled or _candidate(found.content, register, g):
                problems.append(_unparsed(doc, found, str(e)))
            continue
        _note_rules(doc, reading, found, problems)
        duties.append(_duty(doc, found, reading, previous_end))
        previous_end = found.stop
    duties.sort(key=lambda d: d.span.start_line)  # stable: printed order within a line
    return duties, problems


def party_maker(doc: DocumentText, register) -> PartyMaker:
    """Parties of this document: resolved in its jurisdiction, as of its signing date."""
    return lambda name, role: to_party(name, register, role, doc.document.signed_date, doc.jurisdiction)


def first_clause_parties(text: str, start: int, end: int, register=None) -> list[Party]:
    """Parties, with roles, of the first bracketed labelled clause in text[start:end].

    For facts that borrow the agencies of the clause closing their provision (a programme's or a
    fund's responsible agencies), read with the same grammar as the duties themselves.
    """
    g = grammar()
    for m in g.label.finditer(text, start, end):
        opened = _bracket_before(text, m.start(), start)
        close = _closing(text, m.end(), end) if opened is not None else None
        if close is None:
            continue
        try:
            return read_clause(text[m.start():close], lambda n, r: to_party(n, register, r)).parties
        except NotAClause:
            return []
    return []


# ---- where clauses are printed ----------------------------------------------------------------


def _places(doc: DocumentText, g: Grammar, problems: list[Problem]) -> list[_Found]:
    out = _brackets(doc, g, problems)
    taken = [(f.first, f.stop) for f in out]
    out += [f for f in _lines(doc, g) if not any(a <= f.first < b for a, b in taken)]
    out.sort(key=lambda f: f.first)
    return out


def _brackets(doc: DocumentText, g: Grammar, problems: list[Problem]) -> list[_Found]:
    """Every bracket that holds a label or a role word; a labelled one never closed is reported."""
    text, out, i = doc.text, [], doc.start
    while (opening := _OPENING.search(text, i, doc.end)) is not None:
        i = opening.start()
        close = _closing(text, i + 1, doc.end)
        head = _SPACE.sub("", text[i + 1:i + 40])
        labelled = g.label.match(head) is not None
        if close is None or "\ufffd" in text[i + 1:close]:
            if labelled:
                problems.append(_truncated(doc, i))
            i += 1
            continue
        content = text[i + 1:close]
        flat = _SPACE.sub("", content)
        if labelled or g.any_role_word(flat) or is_deadline(flat) or _closes_item(text, close + 1, doc.end):
            out.append(_Found(i, close + 1, content, labelled, "bracket"))
            i = close + 1
            continue
        i += 1
    return out


def _bare_list_role(found: _Found, make: PartyMaker) -> str:
    """"responsible" for a bracket at an item's end that lists registered bodies only (a bare
    party list, the first listed leading); "" otherwise, so a bracket of examples is no clause."""
    if found.form != "bracket" or found.labelled:
        return ""
    names = _LIST_SEPARATOR.split(_SPACE.sub("", found.content))
    if not names or any(not make(n, "co").agency_id for n in names):
        return ""
    return "responsible"


def _closes_item(text: str, pos: int, end: int) -> bool:
    """A bracket that ends its paragraph: "…完善服务功能。（市科委、市财政局）"."""
    rest = text[pos:min(end, pos + 3)].lstrip(" 。.；;")
    return rest == "" or rest.startswith("\n")


def _lines(doc: DocumentText, g: Grammar) -> list[_Found]:
    """Labelled clauses outside brackets, and short lines that end with a role word.

    A label outside a bracket opens a clause wherever it is printed: at a line start, after a
    sentence or a comma, or glued to the item's heading where line joining met no punctuation
    ("（一）建设平台牵头单位：市科委").
    """
    text, out = doc.text, []
    for m in g.label.finditer(text, doc.start, doc.end):
        if _bracket_before(text, m.start(), doc.start) is None:
            stop = _line_end(text, m.end(), doc.end, g)
            if not out or m.start() >= out[-1].stop:
                out.append(_Found(m.start(), stop, text[m.start():stop], True, "line"))
    pos = doc.start
    for line in text[doc.start:doc.end].split("\n"):
        body = line.strip().rstrip("。.；;")
        if 0 < len(body) <= _MAX_LINE and "。" not in body and g.role_word_at_end(_without_deadline(body)) \
                and not _opens_item(body) and not any(f.first <= pos < f.stop for f in out):
            out.append(_Found(pos, pos + len(line.rstrip()), line.strip(), False, "line"))
        pos += len(line) + 1
    return out


def _without_deadline(body: str) -> str:
    """A line's text without a trailing time limit: "A牵头，B配合，2023年底前完成" ends with 配合."""
    flat = _SPACE.sub("", body)
    head, _, last = flat.rpartition("，")
    return head if head and is_deadline(last) else flat


def _opens_item(line: str) -> bool:
    return MARKER_START.match(line) is not None


def _bracket_before(text: str, pos: int, floor: int) -> int | None:
    j = pos - 1
    while j >= floor and text[j] in " \n":
        j -= 1
    return j if j >= floor and text[j] in _OPEN else None


def _closing(text: str, pos: int, end: int) -> int | None:
    """The bracket closing the one opened before ``pos``, within _MAX_CLAUSE characters and the
    item; None when a new item starts first. Only brackets and line ends are looked at."""
    depth = 0
    for m in _NESTING.finditer(text, pos, min(end, pos + _MAX_CLAUSE, len(text))):
        c, j = m.group(), m.start()
        if c in _OPEN:
            depth += 1
        elif c in _CLOSE:
            if depth == 0:
                return j
            depth -= 1
        elif text[j + 1:j + 2] and _new_item(text, j + 1):
            return None
    return None


def _new_item(text: str, pos: int) -> bool:
    """A numbering marker within the 8 characters from ``pos`` (endpos as the old slice did)."""
    return MARKER_START.match(text, pos, pos + 8) is not None


def _line_end(text: str, pos: int, end: int, g: Grammar) -> int:
    """An unbracketed clause runs to its line end, and on over lines that open with a label
    (牵头单位：A / 配合单位：B printed on two lines); a label alone on its line takes the next."""
    stop = pos
    nl = text.find("\n", pos, end)
    if nl != -1 and not text[pos:nl].strip():
        stop = nl + 1  # "责任单位：" alone on its line (a paragraph of its own): its parties follow
    while True:
        nl = text.find("\n", stop, end)
        stop = nl if nl != -1 else end
        if nl == -1 or not g.label.match(text, nl + 1):
            break
        stop = nl + 1
    return stop - 1 if text[stop - 1:stop] in "。." else stop


def _deadline_after(duties: list[Duty], found: _Found, previous_end: int, g: Grammar) -> bool:
    """A bracket that only gives a time limit, right after a clause: （牵头单位：A）（完成时限：2025年底前）.

    The limit goes to that clause's duty; True when it did.
    """
    flat = _SPACE.sub("", found.content).strip("。；;")
    m = g.label.match(flat)
    value = flat[m.end():] if m and _SPACE.sub("", m.group("label")) in g.deadline_labels else flat
    if not duties or found.first - previous_end > 3 or not is_deadline(value):
        return False
    duties[-1].deadline_text, duties[-1].deadline = value, last_day(value)
    return True


def _candidate(content: str, register, g: Grammar) -> bool:
    """A bracket or line with a role word and a name of agency shape: a clause kg must not lose."""
    flat = _SPACE.sub("", content)
    if not g.any_role_word(flat):
        return False
    for piece in _PIECE_SEPARATOR.split(flat):
        for word in [g.with_word, *(w for w, _ in g.role_words)]:
            piece = piece.split(word)[0]
        piece = piece.lstrip("由请")
        if len(piece) >= 2 and (g.party_shape.search(piece) or to_party(piece, register).agency_id):
            return True
    return False


# ---- records ----------------------------------------------------------------------------------


def _duty(doc: DocumentText, found: _Found, reading: Reading, previous_end: int) -> Duty:
    raw = _SPACE.sub("", found.content)
    m = grammar().label.match(raw)
    raw = (raw[m.end():] if m else raw).rstrip("。.；;")
    raw = _OPEN_LIST.sub("", raw)  # "市科委、市财政局等": the list is open, the parties are not
    prov = doc.provision_at(found.first)
    deadline = reading.deadline_text or _item_deadline(doc, found, prov, previous_end)
    return Duty(doc=doc.key, provision=prov.path if prov else "", heading=prov.heading if prov else "",
                label=reading.label, raw=raw, parties=reading.parties, form=found.form,
                span=doc.span(found.first, found.stop), text=prov.text if prov else "",
                deadline_text=deadline, deadline=last_day(deadline) if deadline else None, rule=reading.rule)


def _item_deadline(doc: DocumentText, found: _Found, prov, previous_end: int) -> str | None:
    """The last time limit printed in the clause's item before the clause (and after the one before)."""
    bounds = doc.provision_range(prov)
    start = max(bounds[0] if bounds else doc.start, previous_end)
    hits = limits_in(doc.text[start:found.first])
    return hits[-1].group(0) if hits else None


def _note_rules(doc: DocumentText, reading: Reading, found: _Found, problems: list[Problem]) -> None:
    """A lead rule applies to the rest of the document; an implicit party is noted once."""
    for key, value in reading.rules.items():
        if doc.rules.get(key):
            continue
        doc.rules[key] = value
        if key == "implicit":
            problems.append(Problem("info", "implicit-party",
                                    f"{doc.key}: '{value}' carries out every later clause without being listed "
                                    "(以下均需…落实，不再列出); it is not added to their parties",
                                    doc.source_file, doc.line(found.first)))


def _unparsed(doc: DocumentText, found: _Found, reason: str) -> Problem:
    printed = doc.span(found.first, found.stop).text.replace("\n", "")
    return Problem("warning", "unparsed-clause",
                   f"{doc.key}: '{printed[:120]}' looks like a responsibility clause but kg cannot read it "
                   f"({reason}); no duty recorded", doc.source_file, doc.line(found.first))


def _leaderless(doc: DocumentText, found: _Found) -> Problem:
    prov = doc.provision_at(found.first)
    printed = doc.span(found.first, found.stop).text.strip()
    return Problem("warning", "clause-without-lead",
                   f"{doc.key} {prov.path if prov else ''}: clause '{printed}' names no lead "
                   "(only co-responsible parties); not taken as a duty", doc.source_file, doc.line(found.first))


def _truncated(doc: DocumentText, pos: int) -> Problem:
    span = doc.span(pos, min(doc.end, pos + 12))
    return Problem("warning", "truncated-clause",
                   f"{doc.key}: responsibility clause '{span.text.strip()}…' has no closing bracket "
                   "(the line is cut off in the source); its parties are not guessed",
                   span.source_file, span.start_line)
