"""Duties printed as a task table: 序号 | 重点任务 | 具体措施 | 牵头单位 | 配合单位 | 完成时限.

Rows come as TAB-separated cells (Word and HTML tables, tab-aligned text) or as cells aligned by
runs of spaces (a PDF's table as text). A table is a task table when its header has a party column
(牵头单位, 责任单位 …), a task column (任务, 工作, 事项, 举措, 措施 …, or the first other text
column), and no indicator column (指标): indicator tables with a 牵头单位 column are targets, read by
:mod:`kg.facts.indicators`.
Party cells are read by the clause grammar with the column's role (a lead cell naming several
agencies names joint leads; a 责任单位 cell leads with its first party); ``无`` and ``—`` are no
party. A row kg cannot read is an ``unparsed-clause`` problem, not a silent loss.
"""
from __future__ import annotations

import re
from dataclasses import dataclass

from ..documents.doctext import DocumentText
from ..model import Duty, Problem
from .clause_reading import NotAClause, read_clause
from .clauses import party_maker
from .deadlines import last_day
from .grammar import grammar

_PARTY_COLUMN = re.compile(r"^(?:主要)?(?:牵头|责任|主责|配合|协同|参与|协办|协助|负责)(?:单位|部门|处室|主体)")
_TASK = re.compile(r"任务|工作|事项|举措|措施|内容|项目")
_DEADLINE = re.compile(r"时限|时间|节点|进度|期限")
_NUMBER = re.compile(r"^(?:序号|编号|序)$")
_INDICATOR = re.compile(r"指标")
_NONE = {"", "无", "—", "-", "－", "/", "——", "暂无"}
_ALIGNED = re.compile(r"\s{2,}|\u3000+")
# Where _ALIGNED can match: a space before another or an ideographic space. It opens with a
# character class, so the search skips along the line; _ALIGNED would be tried at every position
# of every paragraph, nearly all of which hold no aligned cells.
_ALIGNED_HINT = re.compile(r"\s(?:(?<=\u3000)|\s)")


@dataclass
class _Header:
    cells: list[str]
    roles: list[str]  # per column: meaning of a party column, "task", "deadline", "number" or ""


def find_table_duties(doc: DocumentText, register) -> tuple[list[Duty], list[Problem]]:
    """One duty per row of every task table of the document."""
    duties: list[Duty] = []
    problems: list[Problem] = []
    header: _Header | None = None
    previous: list[str] | None = None  # the last full row's cells, for cells merged over rows
    pos = doc.start
    for line in doc.text[doc.start:doc.end].split("\n"):
        cells = _cells(line)
        found = _header(cells) if cells else None
        if found:
            header, previous = found, None
        elif header and cells and previous is None and _refines(header, cells):
            pass  # a second header row: 责任单位 over 牵头 | 配合
        elif header and cells:
            full = _fill(cells, header, previous, "\t" in line)
            if full is None:
                if len(cells) > len(header.cells) or previous is None:
                    problems.append(_unparsed(doc, pos, pos + len(line), f"{len(cells)} cells under a "
                                              f"header of {len(header.cells)}"))
            else:
                _row(doc, header, full, pos, pos + len(line), register, duties, problems)
                previous = full
        elif header and _wrapped(line):
            if _names_a_party(line):  # a wrapped party cell: the row above may lack its parties
                problems.append(_unparsed(doc, pos, pos + len(line), "a row wrapped over lines: the parties "
                                          "of the row above may be incomplete"))
        elif not cells:
            if header is None and _lone_heading(line):  # a table whose rows kg cannot see
                problems.append(_unparsed(doc, pos, pos + len(line), "a task table's heading with no rows "
                                          "kg can read (cells not kept in rows?)"))
            header, previous = None, None
        pos += len(line) + 1
    return duties, problems


def _lone_heading(line: str) -> bool:
    """A short line of column headings alone, 牵头单位 or 序号 重点任务 牵头单位: a table that was not
    kept in rows (its cells each on a line of their own)."""
    words = line.split()
    return 0 < len(line.strip()) <= 30 and any(_PARTY_COLUMN.fullmatch(w) for w in words) \
        and all(len(w) <= 8 for w in words)


def _refines(header: _Header, cells: list[str]) -> bool:
    """A second header row naming roles under a party column (责任单位 over 牵头 | 配合): give
    those columns their roles; True when the row was one. Cells repeating the header above (an
    HTML heading spanning both rows) are left as they are."""
    g = grammar()
    words = {i: g.role_word_at_end(c.strip()) for i, c in enumerate(cells)
             if c.strip() and (i >= len(header.cells) or c.strip() != header.cells[i].strip())}
    if len(cells) != len(header.cells) or not words or not all(
            hit and hit[0] == cells[i].strip() for i, hit in words.items()):
        return False
    for i, hit in words.items():
        header.roles[i] = hit[1]
        header.cells[i] = cells[i].strip()
    return True


def _wrapped(line: str) -> bool:
    """A short line inside a table, not a sentence: the rest of a cell wrapped over lines."""
    body = line.strip()
    return 0 < len(body) <= 30 and "。" not in body


def _names_a_party(line: str) -> bool:
    g = grammar()
    return any(g.party_shape.search(p) and len(p) >= 3 for p in re.split(r"[、，,；;\s]+", line.strip()))


def _fill(cells: list[str], header: _Header, previous: list[str] | None, tabbed: bool) -> list[str] | None:
    """A row's cells, one per column: a row of a Word or HTML table whose first cells are merged
    with the row above (rowspan) takes them from that row. None when the row does not fit."""
    if len(cells) == len(header.cells):
        return cells
    missing = len(header.cells) - len(cells)
    if tabbed and previous is not None and 0 < missing < len(header.cells):
        return previous[:missing] + cells
    return None  # a wrapped line of a space-aligned row, or a row that fits no column


def _cells(line: str) -> list[str] | None:
    if "\t" in line:
        return [c.strip() for c in line.split("\t")]
    line = line.strip()
    if _ALIGNED_HINT.search(line) is None:
        return None  # one cell
    parts = [p for p in _ALIGNED.split(line) if p]
    return parts if len(parts) >= 3 else None


def _header(cells: list[str]) -> _Header | None:
    """A header row: short cells, a party column, no indicator column. The task column is the one
    named 任务/工作/事项/举措/措施/内容/项目, else the first column that is not a number, party or
    time limit (序号 | 具体要求 | 责任单位)."""
    if not any(_PARTY_COLUMN.match(c) for c in cells) or any(_INDICATOR.search(c) for c in cells) \
            or any(len(re.sub(r"\s", "", c)) > 12 for c in cells):
        return None
    labels = grammar().labels
    roles = []
    for c in cells:
        flat = re.sub(r"\s", "", c)
        if _PARTY_COLUMN.match(flat):
            word = next((w for w in sorted(labels, key=len, reverse=True) if flat.startswith(w)), "")
            roles.append(labels.get(word) or ("lead" if "牵头" in flat else "co" if re.match(
                r"^(?:配合|协同|参与|协办|协助)", flat) else "responsible"))
        elif _DEADLINE.search(flat):
            roles.append("deadline")
        elif _NUMBER.match(flat):
            roles.append("number")
        elif _TASK.search(flat):
            roles.append("task")
        else:
            roles.append("")
    if "task" not in roles:
        if "" not in roles:
            return None  # parties and numbers only: no task to read
        roles[roles.index("")] = "task"
    return _Header(cells, roles)


_CANONICAL = {"lead": "牵头单位", "co": "配合单位", "responsible": "责任单位", "implements": "责任单位",
              "guides": "指导单位"}


def _row(doc, header: _Header, cells: list[str], a: int, b: int, register,
         duties: list[Duty], problems: list[Problem]) -> None:
    """The row's party cells read as one clause, each cell under its column's role."""
    words = [(meaning, cell) for meaning, cell in zip(header.roles, cells, strict=True)
             if meaning in _CANONICAL and cell.strip() not in _NONE]
    if not words:
        return None
    clause = "；".join(f"{_CANONICAL[m]}：{c}" for m, c in words)
    try:
        parties = read_clause(clause, party_maker(doc, register), doc.rules).parties
    except NotAClause as e:
        problems.append(_unparsed(doc, a, b, str(e)))
        return None
    columns = {_CANONICAL[m]: n for m, n in zip(header.roles, header.cells, strict=True) if m in _CANONICAL}
    for p in parties:
        p.role_word = re.sub(r"\s", "", columns.get(p.role_word, p.role_word))
    if not any(p.role == "lead" for p in parties):
        if parties:
            problems.append(_unparsed(doc, a, b, "the row names no lead"))
        return None
    task = next((c for r, c in zip(header.roles, cells, strict=True) if r == "task" and c), "")
    number = next((c for r, c in zip(header.roles, cells, strict=True) if r == "number" and c), "")
    deadline = next((c for r, c in zip(header.roles, cells, strict=True) if r == "deadline" and c), None)
    prov = doc.provision_at(a)
    base = prov.path if prov else ""
    duty = Duty(doc=doc.key, provision=f"{base}.{number}" if base and number else (number or base),
                heading=re.sub(r"\s", "", task)[:20],
                label=next(n for n, r in zip(header.cells, header.roles, strict=True) if r in
                           ("lead", "co", "responsible", "implements", "guides")),
                raw="；".join(c for _, c in words), parties=parties, form="table", span=doc.span(a, b), text=task,
                deadline_text=deadline, deadline=last_day(deadline) if deadline else None,
                rule="explicit" if any(r == "lead" for r in header.roles) else "table-column")
    duties.append(duty)


def _unparsed(doc: DocumentText, a: int, b: int, reason: str) -> Problem:
    printed = doc.span(a, b).text.replace("\n", "")
    return Problem("warning", "unparsed-clause",
                   f"{doc.key}: task table row '{printed[:120]}' cannot be read ({reason}); no duty recorded",
                   doc.source_file, doc.line(a))
