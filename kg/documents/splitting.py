"""A gazette issue → the documents it contains.

A document head is a title (lines ending in a genre word), optionally a dated note
"（2021年5月21日）", a document number line and an addressee line "各区人民政府，…：". A policy
interpretation starts at its own title "《…》的政策解读". A notice that issues (印发) or forwards
(转发) a plan carries the plan inside it: one document with both titles.
"""
from __future__ import annotations

from dataclasses import dataclass

from ..text.cleaning import Cleaned
from . import patterns as P


@dataclass
class Line:
    start: int
    end: int
    text: str


@dataclass
class DocSlice:
    """The cleaned-text range of one document and the line indices of its head parts."""

    start: int
    end: int
    lines: list[Line]
    title: list[Line]
    number: Line | None
    dated: Line | None
    addressee: Line | None
    interpretation: bool


def split(cleaned: Cleaned) -> list[DocSlice]:
    lines = _lines(cleaned.text)
    heads = _heads(lines)
    slices = []
    for n, (first, core) in enumerate(heads):
        last = heads[n + 1][0] if n + 1 < len(heads) else len(lines)
        slices.append(_slice(lines, first, core, last))
    return slices


def _lines(text: str) -> list[Line]:
    out, pos = [], 0
    for t in text.split("\n"):
        out.append(Line(pos, pos + len(t), t))
        pos += len(t) + 1
    return out


def _heads(lines: list[Line]) -> list[tuple[int, int]]:
    """(first line of the head, index of its core line) for each document, in order."""
    heads: list[tuple[int, int]] = []
    i = 0
    while i < len(lines):
        core = _core_at(lines, i)
        if core is None:
            i += 1
            continue
        first = _title_start(lines, i, heads[-1][1] + 1 if heads else 0)
        heads.append((first, i))
        i = _skip_head(lines, i)
    return heads


def _core_at(lines: list[Line], i: int) -> str | None:
    t = lines[i].text
    if P.INTERPRETATION.match(t) and len(t) < 90:
        return "interpretation"
    if P.NUMBER_LINE.match(t):
        return "number"
    if P.ADDRESSEE.match(t) and not _near_number(lines, i):
        return "addressee"
    return None


def _near_number(lines: list[Line], i: int) -> bool:
    """An addressee line right after a number line belongs to that number's head."""
    return any(P.NUMBER_LINE.match(lines[j].text) for j in range(max(0, i - 2), i))


def _skip_head(lines: list[Line], i: int) -> int:
    j = i + 1
    while j < len(lines) and j <= i + 2 and (P.ADDRESSEE.match(lines[j].text)
                                             or P.DATED_NOTE.match(lines[j].text)):
        j += 1
    return j


def _title_start(lines: list[Line], core: int, floor: int) -> int:
    """Walk back from the head's core over a dated note and title lines."""
    j = core
    if P.INTERPRETATION.match(lines[core].text):
        return core
    while j - 1 >= floor and (P.DATED_NOTE.match(lines[j - 1].text) or P.NUMBER_LINE.match(lines[j - 1].text)):
        j -= 1
    k = j
    while k - 1 >= floor and k > j - 4 and _title_like(lines[k - 1].text):
        k -= 1
    while k < j - 1 and P.ORG_LINE.match(lines[k].text):
        k += 1  # a bare issuer name above the title (a cover or the previous signature)
    if k < j and P.genre_of("".join(ln.text for ln in lines[k:j])):
        return k
    return j


def _title_like(t: str) -> bool:
    return 2 <= len(t) <= 90 and not any(c in t for c in "。；;:：") and not P.DATE_LINE.match(t) \
        and not (t.endswith(".") and not t[-2:-1].isdigit())


def _slice(lines: list[Line], first: int, core: int, last: int) -> DocSlice:
    title = [ln for ln in lines[first:core] if not P.DATED_NOTE.match(ln.text)
             and not P.NUMBER_LINE.match(ln.text)]
    number = dated = addressee = None
    interpretation = bool(P.INTERPRETATION.match(lines[core].text))
    if interpretation:
        title = [lines[core]]
    for ln in lines[first:min(core + 3, last)]:
        if number is None and P.NUMBER_LINE.match(ln.text):
            number = ln
        elif dated is None and P.DATED_NOTE.match(ln.text):
            dated = ln
        elif addressee is None and P.ADDRESSEE.match(ln.text):
            addressee = ln
    body = lines[first:last]
    return DocSlice(start=lines[first].start, end=lines[last - 1].end, lines=body, title=title,
                    number=number, dated=dated, addressee=addressee, interpretation=interpretation)
