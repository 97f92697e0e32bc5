"""Duties printed as a task table: 序号 | 重点任务 | 牵头单位 | 配合单位.

Cleaned text keeps table rows as lines of TAB-separated cells. A table is a task table when
its header has a lead column (牵头单位, 责任单位 …) and a task column (任务, 工作, 事项, 举措 …),
and no indicator column (指标): indicator tables with a 牵头单位 column are targets, read by
:mod:`kg.facts.indicators`, not duties.
"""
from __future__ import annotations

import re

from ..documents.doctext import DocumentText
from ..model import Duty, Party, Problem
from ..provisions.tree import innermost
from .parties import split_parties, to_party

_LEAD = re.compile(r"^(?:牵头|责任|主责)(?:单位|部门)")
_CO = re.compile(r"^(?:配合|协同|参与|协办)(?:单位|部门)")
_TASK = re.compile(r"任务|工作|事项|举措|措施|内容|项目")
_INDICATOR = re.compile(r"指标")


def find_table_duties(doc: DocumentText, register) -> tuple[list[Duty], list[Problem]]:
    """One duty per row of every task table of the document."""
    cleaned, start, end, located = doc.cleaned, doc.start, doc.end, doc.provisions
    doc = doc.key
    duties: list[Duty] = []
    header: list[str] | None = None
    pos = start
    for line in cleaned.text[start:end].split("\n"):
        cells = [c.strip() for c in line.split("\t")] if "\t" in line else None
        if cells and _is_task_header(cells):
            header = cells
        elif cells and header and len(cells) == len(header):
            duty = _row_duty(cleaned, doc, located, header, cells, pos, pos + len(line), register)
            if duty:
                duties.append(duty)
        elif not cells:
            header = None
        pos += len(line) + 1
    return duties, []


def _is_task_header(cells: list[str]) -> bool:
    return (any(_LEAD.match(c) for c in cells) and any(_TASK.search(c) for c in cells)
            and not any(_INDICATOR.search(c) for c in cells))


def _row_duty(cleaned, doc, located, header, cells, a, b, register) -> Duty | None:
    parties: list[Party] = []
    for role, pattern in (("lead", _LEAD), ("co", _CO)):
        for name, cell in zip(header, cells, strict=True):
            if pattern.match(name) and cell:
                parties += [to_party(p, register, role) for p in split_parties(cell)]
    leads = [p for p in parties if p.role == "lead"]
    if not leads:
        return None
    for p in leads[1:]:
        p.role = "co"
    task = next((c for n, c in zip(header, cells, strict=True) if _TASK.search(n)), "")
    prov = innermost(located, a)
    label = next(n for n in header if _LEAD.match(n))
    return Duty(doc=doc, provision=prov.path if prov else "", heading=re.sub(r"\s", "", task)[:20],
                label=label, raw="；".join(c for n, c in zip(header, cells, strict=True)
                                           if _LEAD.match(n) or _CO.match(n)),
                parties=parties, form="table", span=cleaned.span(a, b), text=task)
