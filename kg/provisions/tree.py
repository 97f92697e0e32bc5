"""A document body → its provisions, each with number path, heading, text and span.

Markers count only at a line start of the cleaned text, and only when they continue a
sequence (1, or one more than the last number of that kind), so a wrapped line that happens
to start with "3." is not taken for an item.
"""
from __future__ import annotations

import re
from bisect import bisect_right
from dataclasses import dataclass

from ..model import Provision
from ..text.cleaning import Cleaned
from .markers import LEVEL, MARKER_START, MARKERS, Marker, cn_number

_FIRST_SENTENCE = re.compile(r"^(.*?)(?:[。:：；;]|(?<!\d)[.．](?!\d)|$)")


@dataclass
class _Open:
    marker: Marker
    label: str
    start: int  # cleaned offset of the marker
    body: int  # cleaned offset after the marker


def provisions(cleaned: Cleaned, start: int, end: int) -> list[Provision]:
    """Every numbered provision between cleaned offsets start and end, in order."""
    return [p for _, _, p in located(cleaned, start, end)]


def located(cleaned: Cleaned, start: int, end: int) -> list[tuple[int, int, Provision]]:
    """Provisions with their cleaned [start, end) offsets, in order."""
    found: list[tuple[int, list[_Open]]] = []
    stack: list[_Open] = []
    last: dict[str, int] = {}
    pos = start
    for line in cleaned.text[start:end].split("\n"):
        hit = _match(line, last)
        if hit:
            marker, num, label, length = hit
            last[marker.name] = num
            while stack and stack[-1].marker.rank >= marker.rank:
                stack.pop()
            stack.append(_Open(marker, label, pos, pos + length))
            found.append((pos, list(stack)))
        pos += len(line) + 1
    out = []
    for i, (pos, chain) in enumerate(found):
        stop = _end_of(found, i, end)
        out.append((pos, stop, _provision(cleaned, chain, stop)))
    return out


def innermost(located_provisions: list[tuple[int, int, Provision]], pos: int) -> Provision | None:
    """The deepest provision whose range holds cleaned offset pos: the last one opened at or before
    ``pos`` (they are in printed order) that still runs at ``pos``, looked for backwards from there."""
    i = bisect_right(located_provisions, pos, key=_start) - 1
    while i >= 0:
        if pos < located_provisions[i][1] + 1:
            return located_provisions[i][2]
        i -= 1
    return None


def _start(located_provision: tuple[int, int, Provision]) -> int:
    return located_provision[0]


def _match(line: str, last: dict[str, int]):
    if MARKER_START.match(line) is None:
        return None  # no marker opens the line: the markers need not be tried one by one
    for marker in MARKERS:
        m = marker.pattern.match(line)
        if not m:
            continue
        num = cn_number(m.group(1))
        follows = num == last.get(marker.name, 0) + 1
        if num is None or (num != 1 and not follows):
            continue
        if line[m.end():m.end() + 1].isdigit() and not (follows and num > 1):
            continue  # "1.5倍": a decimal, unless it continues the sequence ("11.121人才梯队项目")
        return marker, num, marker.fmt.format(m.group(1)), m.end()
    return None


def _end_of(found, i: int, end: int) -> int:
    """A provision runs to the next provision of the same or a higher level."""
    rank = found[i][1][-1].marker.rank
    for pos, chain in found[i + 1:]:
        if chain[-1].marker.rank <= rank:
            return pos - 1
    return end


def path_of(chain: list[_Open]) -> str:
    return ".".join(o.label for o in chain if o.marker.in_path) or chain[-1].label


def _provision(cleaned: Cleaned, chain: list[_Open], end: int) -> Provision:
    top = chain[-1]
    text = cleaned.text[top.body:end].strip()
    return Provision(path=path_of(chain), marker=top.label, level=LEVEL[top.marker.name],
                     heading=heading(text), text=text, span=cleaned.span(top.start, max(end, top.body)))


def heading(text: str) -> str:
    """The item's short lead phrase, else its first 20 characters."""
    first_line = text.split("\n", 1)[0].strip()
    m = _FIRST_SENTENCE.match(first_line)
    lead = m.group(1).strip() if m else ""
    if 0 < len(lead) <= 32:
        return lead
    return _first_characters(text, 20)


_SPACE = re.compile(r"\s")


def _first_characters(text: str, n: int) -> str:
    """The first ``n`` characters of ``text`` without its spaces. A chapter's text holds all its
    items, so only a growing prefix is squeezed, not the whole of it for 20 characters."""
    k = 4 * n
    while True:
        squeezed = _SPACE.sub("", text[:k])
        if len(squeezed) >= n or k >= len(text):
            return squeezed[:n]
        k *= 4
