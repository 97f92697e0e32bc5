"""Word (.docx) → paragraphs and table rows in body order, with Word's automatic numbers.

Gazette items numbered by Word ("一、", "（一）") carry no number in their text; :class:`_Numbering`
counts them as Word would print them, so the provision markers survive. Legacy .doc/.wps files
are refused by :func:`kg.text.formats.sniff`.
"""
from __future__ import annotations

import io
import re
import zipfile
from collections.abc import Callable, Iterator
from pathlib import Path

from ...errors import InputError
from .common import Extracted, squash

_W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"


def is_docx(data: bytes) -> bool:
    """A zip archive holding ``word/document.xml`` (a .docx under any suffix)."""
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as zf:
            return "word/document.xml" in zf.namelist()
    except zipfile.BadZipFile:
        return False


def read_docx(path: Path, data: bytes) -> Extracted:
    """.docx → paragraphs and table rows in body order, with Word's automatic numbers."""
    import docx

    _refuse_bomb(path, data)
    try:
        document = docx.Document(io.BytesIO(data))
        numbering = _Numbering(document)
        lines = list(_docx_lines(document, numbering))
    except Exception as e:  # python-docx raises BadZipFile, KeyError, XMLSyntaxError, ...
        reason = str(e) or type(e).__name__
        raise InputError(f"is not a readable Word (.docx) file: {reason}", where=str(path)) from e
    return Extracted(text="\n".join(lines), kind="docx")


def _refuse_bomb(path: Path, data: bytes) -> None:
    """Refuse a .docx whose parts inflate past the limits before any XML is parsed: a zip bomb
    (a few KB that inflate to gigabytes) would otherwise exhaust memory in lxml (issue 16)."""
    from ... import limits

    try:
        with zipfile.ZipFile(io.BytesIO(data)) as zf:
            inflated = sum(info.file_size for info in zf.infolist())
    except zipfile.BadZipFile:
        return  # python-docx reports it as an unreadable .docx
    lim = limits.current()
    ratio = inflated / max(len(data), 1)
    if ratio > lim.max_docx_ratio or inflated > lim.max_docx_xml_mb * 2**20:
        raise InputError(f"not read: looks like a zip bomb (its parts inflate to {inflated / 2**20:.0f} MB, "
                         f"{ratio:.0f}× the file's size; the limits are {lim.max_docx_ratio:g}× and "
                         f"{lim.max_docx_xml_mb:g} MB)", where=str(path))


def _docx_lines(document, numbering: _Numbering) -> Iterator[str]:
    for element in document.element.body.iterchildren():
        if element.tag == _W + "p":
            text = _paragraph_text(element).strip()
            if text:
                yield numbering.label(element) + text
        elif element.tag == _W + "tbl":
            above: list[str] = []
            for row in element.iter(_W + "tr"):
                cells = _grid_cells(row, above)
                above = cells
                if any(cells):
                    yield "\t".join(cells)


def _grid_cells(row, above: list[str]) -> list[str]:
    """A row's cells, one per grid column: a cell spanning columns (w:gridSpan) leaves the others
    empty; a vertically merged cell (w:vMerge without "restart") repeats the text above it, as an
    HTML rowspan does (kg.text.formats.html)."""
    out: list[str] = []
    for tc in row.iterchildren(_W + "tc"):
        props = tc.find(_W + "tcPr")
        span = props.find(_W + "gridSpan") if props is not None else None
        merge = props.find(_W + "vMerge") if props is not None else None
        text = squash(_paragraph_text(tc))
        if merge is not None and merge.get(_W + "val") in (None, "continue") and not text:
            text = above[len(out)] if len(out) < len(above) else ""
        try:
            width = max(1, int(span.get(_W + "val"))) if span is not None else 1
        except (TypeError, ValueError):
            width = 1
        out += [text] + [""] * (width - 1)
    return out


def _paragraph_text(element) -> str:
    """Text of w:t runs (inserted text included, deleted text is w:delText and left out)."""
    parts = []
    for node in element.iter(_W + "t", _W + "tab", _W + "br", _W + "cr"):
        parts.append(node.text or "" if node.tag == _W + "t" else
                     "\t" if node.tag == _W + "tab" else "\n")
    return "".join(parts)


def _chinese(n: int) -> str:
    digits = "零一二三四五六七八九"
    if n < 10:
        return digits[n]
    if n < 100:
        tens, units = divmod(n, 10)
        return (digits[tens] if tens > 1 else "") + "十" + (digits[units] if units else "")
    return str(n)


def _roman(n: int) -> str:
    out = ""
    for value, numeral in ((1000, "M"), (900, "CM"), (500, "D"), (400, "CD"), (100, "C"),
                           (90, "XC"), (50, "L"), (40, "XL"), (10, "X"), (9, "IX"), (5, "V"),
                           (4, "IV"), (1, "I")):
        count, n = divmod(n, value)
        out += numeral * count
    return out


# Word's w:numFmt values → how a counter is printed (ECMA-376 §17.18.59); unknown ones: decimal.
NUMBER_FORMATS: dict[str, Callable[[int], str]] = {
    "decimal": str,
    "decimalZero": lambda n: f"{n:02d}",
    "decimalFullWidth": lambda n: str(n).translate({c: c + 0xFEE0 for c in range(48, 58)}),
    "decimalFullWidth2": lambda n: str(n).translate({c: c + 0xFEE0 for c in range(48, 58)}),
    "chineseCounting": _chinese,
    "chineseCountingThousand": _chinese,
    "chineseLegalSimplified": _chinese,
    "ideographTraditional": lambda n: "甲乙丙丁戊己庚辛壬癸"[(n - 1) % 10],
    "decimalEnclosedCircle": lambda n: chr(0x2460 + n - 1) if 1 <= n <= 20 else str(n),
    "decimalEnclosedCircleChinese": lambda n: chr(0x2460 + n - 1) if 1 <= n <= 20 else str(n),
    "lowerLetter": lambda n: chr(96 + (n - 1) % 26 + 1),
    "upperLetter": lambda n: chr(64 + (n - 1) % 26 + 1),
    "lowerRoman": lambda n: _roman(n).lower(),
    "upperRoman": _roman,
    "none": lambda n: "",
}


class _Numbering:
    """Counts Word's automatic list numbers so "一、" and "（一）" appear in the text."""

    def __init__(self, document):
        try:
            self._xml = document.part.numbering_part.element
        except (KeyError, NotImplementedError):
            self._xml = None
        self._styles = document.styles
        self._counters: dict[str, list[int]] = {}

    def label(self, p) -> str:
        """The printed number of paragraph ``p`` ("" when it is not a numbered item)."""
        num_id, level = self._num_pr(p)
        if self._xml is None or num_id in (None, "0"):
            return ""
        abstract = self._xml.xpath(f'./w:num[@w:numId="{num_id}"]/w:abstractNumId/@w:val')
        if not abstract:
            return ""
        levels = self._xml.xpath(f'./w:abstractNum[@w:abstractNumId="{abstract[0]}"]/w:lvl')
        formats = {int(lv.get(_W + "ilvl")): lv for lv in levels}
        if level not in formats:
            return ""
        counters = self._counters.setdefault(abstract[0], [0] * 9)
        for deeper in range(level + 1, 9):
            counters[deeper] = 0
        counters[level] = counters[level] + 1 if counters[level] else _start(formats[level])
        return self._lvl_text(formats, counters, level)

    def _lvl_text(self, formats: dict, counters: list[int], level: int) -> str:
        template = _val(formats[level], "lvlText") or ""
        fmt = _val(formats[level], "numFmt") or "decimal"
        if fmt == "bullet":  # the glyph is often a private-use Symbol character: drop it
            return ""

        def number(match: re.Match) -> str:
            k = int(match.group(1)) - 1
            lvl_fmt = _val(formats[k], "numFmt") if k in formats else "decimal"
            value = counters[k] or (_start(formats[k]) if k in formats else 1)
            return NUMBER_FORMATS.get(lvl_fmt or "decimal", str)(value)

        return re.sub(r"%([1-9])", number, template)

    def _num_pr(self, p) -> tuple[str | None, int]:
        """numId and level from the paragraph, else from its style chain."""
        sources = [p.find(f"{_W}pPr/{_W}numPr")]
        style_id = p.find(f"{_W}pPr/{_W}pStyle")
        style = self._style(style_id.get(_W + "val") if style_id is not None else None)
        while style is not None:
            sources.append(style.element.find(f"{_W}pPr/{_W}numPr"))
            style = style.base_style
        num_id, level = None, None
        for num_pr in (s for s in sources if s is not None):
            num_id = num_id or _val(num_pr, "numId")
            level = level if level is not None else _val(num_pr, "ilvl")
        return num_id, int(level or 0)

    def _style(self, style_id: str | None):
        if style_id is None:
            return None
        return next((s for s in self._styles if s.style_id == style_id), None)


def _val(element, child: str) -> str | None:
    node = element.find(_W + child)
    return None if node is None else node.get(_W + "val")


def _start(level) -> int:
    return int(_val(level, "start") or 1)
