"""Indicator tables of every layout → :class:`~kg.model.Indicator` rows.

A table is a header row whose cells name the columns (指标 / 2025年目标值 / 属性 / 牵头单位 …,
``indicator_forms.toml``) followed by one row per indicator. Rows come in three layouts:

* TAB-separated lines of the cleaned text: plain-text tables, Word tables and HTML ``<tr>`` rows
  (the readers join cells with TAB);
* space-aligned text (cells apart by two or more spaces): cleaning joins such lines and drops the
  spaces, so these rows are read from the source text, line by line, with their source spans;
* either layout with wrapped rows (a line holding only the overflow of some cells, the name and
  target cells empty) and rows whose leading category cell is left out (a merged cell): the
  overflow is joined to the row above, the category carried down.

Baseline and target columns (2020年基期值 / 2025年目标值, “十三五”目标 / 完成情况): the latest
year is the target, the others baselines. Targets are read by the target grammar (:mod:`.targets`).
"""
from __future__ import annotations

import re
import unicodedata
from bisect import bisect_right
from dataclasses import dataclass

from ..model import Indicator, Problem
from .indicator_common import Context, forms, lead_parties, split_unit
from .targets import parse_target

_SPACE = re.compile(r"\s")
_SPACED = re.compile(r"(?:[ \u3000]{2,}|\t)+")


@dataclass
class Row:
    """One printed row: its cells, its cleaned offset (for the provision) and its source lines."""

    cells: list[str]
    pos: int  # cleaned offset of the row
    first_line: int
    last_line: int
    text: str  # the row as printed


@dataclass
class _Table:
    caption: str
    roles: list[str | None]
    header: list[str]
    year: int | None
    lead_word: str

    def cell(self, cells: list[str], role: str) -> str:
        return cells[self.roles.index(role)].strip() if role in self.roles and self.roles.index(role) < len(cells) \
            else ""


def find_table_indicators(ctx: Context) -> tuple[list[Indicator], list[Problem], list[tuple[int, int]]]:
    """Indicators of every table of the document, the problems met, and the cleaned ranges the
    tables cover (running-text targets are not read there)."""
    found: list[Indicator] = []
    problems: list[Problem] = []
    covered: list[tuple[int, int]] = []
    for caption, block in _tab_blocks(ctx) + _spaced_blocks(ctx):
        table = _header(block[0].cells, caption, ctx)
        if table is None:
            continue
        covered.append((block[0].pos, block[-1].pos + len(block[-1].text) + 1))
        rows, bad = _rows(block[1:], table)
        problems += [_bad_row(r, table, ctx) for r in bad]
        category = None
        for row in rows:
            category = _SPACE.sub("", table.cell(row.cells, "category")) or category
            found.append(_indicator(row, table, category, ctx))
    return found, problems, covered


# ---- layouts ----------------------------------------------------------------------------------


def _tab_blocks(ctx: Context) -> list[tuple[str, list[Row]]]:
    """Runs of TAB lines in the cleaned text, each with the caption printed above it."""
    blocks: list[tuple[str, list[Row]]] = []
    text, pos = ctx.doc.text, ctx.doc.start
    current: list[Row] = []
    recent: list[str] = []
    for line in text[ctx.doc.start:ctx.doc.end].split("\n"):
        if "\t" in line:
            if not current:
                blocks.append((_caption(recent), current))
            span = ctx.doc.span(pos, pos + max(len(line), 1))
            current.append(Row(line.split("\t"), pos, span.start_line, span.end_line, line))
        else:
            current = []
            if line.strip():
                recent = (recent + [line.strip()])[-3:]
        pos += len(line) + 1
    return [(c, b) for c, b in blocks if len(b) > 1]


def _spaced_blocks(ctx: Context) -> list[tuple[str, list[Row]]]:
    """Space-aligned tables of the source text: a header with three or more cells apart by runs of
    spaces, the rows below it until a line that is no row (a blank line ends nothing: PDFs print them)."""
    source = ctx.doc.cleaned.source
    a, b = ctx.doc.cleaned.map.source_range(ctx.doc.start, ctx.doc.end)
    starts = ctx.doc.cleaned.map.line_starts
    blocks: list[tuple[str, list[Row]]] = []
    current: list[Row] | None = None
    columns: list[int] = []
    recent: list[str] = []
    first = bisect_right(starts, a) - 1
    for n in range(first, len(starts)):
        s = starts[n]
        if s >= b:
            break
        line = source.text[s:starts[n + 1] - 1] if n + 1 < len(starts) else source.text[s:]
        if "\t" in line or not line.strip():
            continue
        cells = _spaced_cells(line)
        if current is None:
            if len(cells) >= 3 and _header(cells, "", ctx) is not None:
                current, columns = [], _columns(line)
                blocks.append((_caption(recent), current))
                current.append(_source_row(ctx, s, n, line, cells))
            else:
                recent = (recent + [line.strip()])[-3:]
            continue
        if len(cells) >= 2 or _continues(line, columns):
            current.append(_source_row(ctx, s, n, line, _aligned(line, columns, cells)))
        else:
            current, recent = None, [line.strip()]
    return [(c, blk) for c, blk in blocks if len(blk) > 1]


def _spaced_cells(line: str) -> list[str]:
    """A source line's cells apart by runs of spaces; a line without two spaces in a row (most
    lines of every document) is one cell, found without a split."""
    if "  " not in line and "\u3000" not in line and "\t" not in line:
        return [line.strip()]
    return _SPACED.split(line.strip())


def _width(s: str) -> int:
    return sum(2 if unicodedata.east_asian_width(c) in "WF" else 1 for c in s)


def _columns(line: str) -> list[int]:
    """The display column where each header cell starts."""
    return [_width(line[:m.start()]) for m in re.finditer(r"(?:^|(?<=[ \u3000]{2})|(?<=\t))[^ \u3000\t]", line)]


def _continues(line: str, columns: list[int]) -> bool:
    """One indented cell under a column other than the first: the overflow of a wrapped row."""
    indent = _width(line[:len(line) - len(line.lstrip(" \u3000"))])
    return len(columns) > 1 and indent >= columns[1] - 1


def _aligned(line: str, columns: list[int], cells: list[str]) -> list[str]:
    """Cells placed under the header column they start nearest to (short rows, wrapped rows)."""
    if len(cells) == len(columns):
        return cells
    out = [""] * len(columns)
    for m in re.finditer(r"[^ \u3000\t]+(?:[ \u3000](?![ \u3000])[^ \u3000\t]+)*", line):
        col = _width(line[:m.start()])
        k = min(range(len(columns)), key=lambda i: abs(columns[i] - col))
        out[k] = (out[k] + m.group(0)).strip()
    return out


def _source_row(ctx: Context, src_pos: int, n: int, line: str, cells: list[str]) -> Row:
    m = ctx.doc.cleaned.map
    k = max(bisect_right(m.src, src_pos) - 1, 0)
    pos = m.clean[k] + max(0, src_pos - m.src[k]) if m.clean else ctx.doc.start
    return Row(cells, min(max(pos, ctx.doc.start), ctx.doc.end), n + 1, n + 1, line)


def _caption(recent: list[str]) -> str:
    from .indicator_common import MARKER

    return MARKER.sub("", recent[-1]) if recent else ""


# ---- header and rows --------------------------------------------------------------------------


def _role(cell: str) -> str | None:
    f = forms()
    exact = next((r for r, words in f.columns.items() if cell in words), None)
    if exact:
        return exact
    for role in ("achieved", "lead", "type", "unit"):
        if any(w in cell for w in f.columns[role]):
            return role
    if f.year_header.match(cell) or any(w in cell for w in f.columns["target"]):
        return "target"
    return None


def _header(cells: list[str], caption: str, ctx: Context) -> _Table | None:
    """The table a header row opens, or None when the row is not an indicator table's header."""
    f = forms()
    cells = [_SPACE.sub("", c) for c in cells]
    roles = [_role(c) for c in cells]
    years = []
    for c in cells:
        m = f.year_header.match(c)
        years.append(int(m.group(1)) if m else next((y for name, y in f.periods.items() if name in c), None))
    if "name" not in roles or "target" not in roles:
        return None
    targets = [i for i, r in enumerate(roles) if r == "target"]
    if len(targets) > 1:  # 2020年 | 2025年: the latest year is the target, the others baselines
        last = max(targets, key=lambda i: years[i] or 0)
        for i in targets:
            roles[i] = "target" if i == last else "achieved"
    t = roles.index("target")
    cap_period = next((y for name, y in f.periods.items() if name in caption), None)
    lead = next((c for c, r in zip(cells, roles, strict=True) if r == "lead"), "")
    return _Table(caption, roles, cells, years[t] or cap_period or ctx.period,
                  next((w for w, meaning in f.lead_words.items() if w in lead), ""))


def _rows(rows: list[Row], table: _Table) -> tuple[list[Row], list[Row]]:
    """Rows joined and completed: a repeated header skipped, overflow lines joined to the row above,
    a row short of its leading category cell padded; rows that still do not fit are returned apart."""
    out: list[Row] = []
    bad: list[Row] = []
    n = len(table.roles)
    for row in rows:
        cells = [c.strip() for c in row.cells]
        if [_SPACE.sub("", c) for c in cells] == table.header:
            continue
        if len(cells) < n and table.roles[0] in ("category", "number") and len(cells) >= n - 2 \
                and _fits(cells, table, n):
            cells = [""] * (n - len(cells)) + cells  # a merged category cell printed once
        if len(cells) == n and out and not table.cell(cells, "name") and not table.cell(cells, "target") \
                and any(cells):
            prev = out[-1]
            prev.cells = [a + b for a, b in zip(prev.cells, cells, strict=True)]
            prev.last_line, prev.text = row.last_line, prev.text + "\n" + row.text
            continue
        if len(cells) != n:
            bad.append(row)
            continue
        out.append(Row(cells, row.pos, row.first_line, row.last_line, row.text))
    return out, bad


def _fits(cells: list[str], table: _Table, n: int) -> bool:
    """A short row fits once padded when its number cell then holds a number (序号 1, 2 …), or, in
    a table without numbers, its target cell a quantity and its type cell a type."""
    padded = [""] * (n - len(cells)) + cells
    if not table.cell(padded, "name"):
        return False
    if "number" in table.roles:
        return table.cell(padded, "number").isdigit()
    kind = table.cell(padded, "type")
    return parse_target(table.cell(padded, "target")) is not None and (not kind or kind in forms().types)


def _indicator(row: Row, table: _Table, category: str | None, ctx: Context) -> Indicator:
    name, unit = split_unit(table.cell(row.cells, "name"))
    target = _SPACE.sub("", table.cell(row.cells, "target"))
    unit = _SPACE.sub("", table.cell(row.cells, "unit")) or unit
    q = parse_target(target)
    kind = _SPACE.sub("", table.cell(row.cells, "type"))
    prov = ctx.doc.provision_at(row.pos)
    return Indicator(
        doc=ctx.doc.key, table=table.caption or "table", category=category, name=name, unit=unit or None,
        target=target, comparator=q.comparator if q else None, value=q.value if q else None,
        value_max=q.value_max if q else None, year=table.year, type=forms().types.get(kind, kind or None),
        leads=lead_parties(table.cell(row.cells, "lead"), ctx.register, table.lead_word),
        span=ctx.span_of_lines(row.first_line, row.last_line), provision=prov.path if prov else "",
        baseline=_SPACE.sub("", table.cell(row.cells, "achieved")) or None,
        value_unit=(q.unit if q and q.unit else unit) or None, lead_rule="table-column" if table.lead_word else "")


def _bad_row(row: Row, table: _Table, ctx: Context) -> Problem:
    return Problem("warning", "unparsed-indicator-row",
                   f"{ctx.doc.key}: table '{table.caption}' row has {len(row.cells)} cells, its header "
                   f"{len(table.roles)}; the row is not read as an indicator", ctx.doc.source_file, row.first_line)
