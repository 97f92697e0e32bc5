"""A gazette issue → the documents it contains.

A document head is a title (lines ending in a genre word), optionally a dated note
"（2021年5月21日）", a document number line and an addressee line "各区人民政府，…：". A policy
interpretation starts at its own title "《…》的政策解读". A notice that issues (印发) or forwards
(转发) a plan carries the plan inside it: one document with both titles.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field

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
    metadata: dict[str, str] = field(default_factory=dict)  # a portal's 发文字号, 发文机关, 成文日期 …
    order: Line | None = None  # "上海市人民政府令 第16号"
    head_found: bool = True  # False: no head qualified, the whole file is one document


def split(cleaned: Cleaned) -> list[DocSlice]:
    """The documents of a file; a file whose text has no qualifying head is one document."""
    lines = _lines(cleaned.text)
    heads = _heads(lines)
    if not heads:
        return [_headless(lines)] if any(ln.text.strip() for ln in lines) else []
    slices = []
    for n, (first, core) in enumerate(heads):
        last = heads[n + 1][0] if n + 1 < len(heads) else len(lines)
        slices.append(_slice(lines, first, core, last))
    return slices


def _headless(lines: list[Line]) -> DocSlice:
    """The whole file as one document: its first non-empty line is the title if it reads as one."""
    first = next(i for i, ln in enumerate(lines) if ln.text.strip())
    title = [lines[first]] if _title_like(lines[first].text.strip()) else []
    meta = _metadata(lines, first)[0]
    return DocSlice(start=lines[first].start, end=lines[-1].end, lines=lines[first:], title=title, number=None,
                    dated=None, addressee=None, interpretation=False, metadata=meta, head_found=False)


def _metadata_title(lines: list[Line], after: int, stop: int, meta: dict[str, str]) -> list[Line]:
    """A portal copy's title: the title lines after its metadata block, else its 标题 field."""
    found = []
    for ln in lines[after:stop]:
        if P.NUMBER_LINE.match(ln.text) or P.ORDER_LINE.match(ln.text) or P.ADDRESSEE.match(ln.text):
            break
        if not _title_like(ln.text):
            break
        found.append(ln)
    if found:
        return found
    value = meta.get("标题") or meta.get("名称")
    return [Line(0, 0, value)] if value else []


def _metadata(lines: list[Line], i: int) -> tuple[dict[str, str], int]:
    """The portal metadata block starting at line i (fields by name) and the index after it."""
    out: dict[str, str] = {}
    j = i
    while j < len(lines) and (m := P.METADATA.match(lines[j].text)):
        out[re.sub(r"\s", "", m.group("field"))] = m.group("value").strip()
        j += 1
    return out, j


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
        if core == "metadata":
            _, after = _metadata(lines, i)
            nxt = next((j for j in range(after, min(after + 8, len(lines))) if _core_at(lines, j)), None)
            heads.append((i, nxt if nxt is not None else i))
            i = _skip_head(lines, nxt) if nxt is not None else after
            continue
        floor = heads[-1][1] + 1 if heads else 0
        first = _order_start(lines, i, floor) if core == "order" else _title_start(lines, i, floor)
        heads.append((first, i))
        i = _skip_head(lines, i)
    return heads


def _core_at(lines: list[Line], i: int) -> str | None:
    t = lines[i].text
    if P.INTERPRETATION.match(t) and len(t) < 90:
        return "interpretation"
    if P.NUMBER_LINE.match(t):
        return "number"
    if P.ORDER_LINE.match(t) and i > 0 and (P.ORG_LINE.match(lines[i - 1].text) or "令" in t
                                             or lines[i - 1].text.endswith("令")):
        return "order"
    if P.METADATA.match(t) and len(_metadata(lines, i)[0]) >= 2:
        return "metadata"
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


def _order_start(lines: list[Line], core: int, floor: int) -> int:
    """A government order's head: its title lines, then the series line (上海市人民政府令), then 第N号."""
    j = core - 1 if core - 1 >= floor and lines[core - 1].text.endswith("令") else core
    k = j
    while k - 1 >= floor and k > j - 3 and _title_like(lines[k - 1].text):
        k -= 1
    return k


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
    if number is None and any(P.ORDER_LINE.match(ln.text) for ln in lines[first:core + 1]):
        title = [ln for ln in title if not ln.text.endswith("令")]  # the order's series, not its title
    meta, after = _metadata(lines, first)
    order = next((ln for ln in lines[first:min(core + 3, last)] if P.ORDER_LINE.match(ln.text)), None)
    if meta:
        title = _metadata_title(lines, after, max(core, after + 3), meta)
    body = lines[first:last]
    return DocSlice(start=lines[first].start, end=lines[last - 1].end, lines=body, title=title,
                    number=number, dated=dated, addressee=addressee, interpretation=interpretation,
                    metadata=meta, order=order)
