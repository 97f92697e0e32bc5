"""Write the flat duty table as CSV, JSON or a meeting-ready Excel workbook.

The workbook is for a coordination meeting in a Shanghai office (issue 19): Chinese headers with
the English field names in a second row (``lang="en"`` for English only), Chinese values
(牵头/配合), a bold frozen header, an autofilter, column widths from the content with wrapped long
text, optionally one sheet per agency, and a sheet of the source documents. CSV files get a
UTF-8 BOM because Excel reads a BOM-less CSV as the local code page and garbles Chinese.
"""
from __future__ import annotations

import re
from collections.abc import Sequence
from pathlib import Path

from .errors import InputError
from .output import _cell, render, width

HEADERS_ZH = {
    "doc_number": "文号", "doc_title": "文件名称", "status": "效力状态", "provision": "条款", "heading": "标题",
    "task": "任务内容", "party": "单位（原文）", "agency_id": "单位代码", "agency_name": "单位全称",
    "party_kind": "单位类别", "role": "角色", "role_word": "原文用语", "position": "列名顺序",
    "partners": "合作单位", "deadline": "完成时限", "how": "责任表述", "source_file": "来源文件",
    "line": "行号", "clause_text": "责任条款原文",
}
VALUES_ZH = {
    "role": {"lead": "牵头", "co": "配合"},
    "how": {"labelled": "标注责任单位", "text": "正文表述"},
    "status": {"in-force": "有效", "expired": "已失效", "abolished": "已废止", "not-yet-in-force": "尚未施行",
               "unknown": "未知"},
    "party_kind": {"municipal": "市级部门", "district": "区政府", "district-collective": "各区",
                   "central": "中央单位", "party": "党委部门", "institution": "事业单位", "other": "其他",
                   "unknown": "未识别"},
}
WRAPPED = {"doc_title", "heading", "task", "clause_text", "partners"}
MAX_COLUMN = {"task": 60, "clause_text": 40, "doc_title": 30, "heading": 24, "partners": 24}
SOURCE_COLUMNS = ("doc_number", "doc_title", "status", "source_file", "rows")
SHEET_ZH = {"duties": "责任清单", "sources": "来源文件", "matrix": "责任矩阵"}


def write_export(rows: list[dict], columns: Sequence[str], fmt: str, out: Path | None, *, lang: str | None = None,
                 by_agency: bool = False, matrix: list[dict] | None = None) -> str | None:
    """Write rows to ``out`` (returns None) or return the text when no file is given.

    Args:
        lang: ``zh`` (Chinese headers and values) or ``en``; default zh for xlsx, en for csv/json,
            whose field names are what scripts read.
        by_agency: xlsx only: also one sheet per agency.
        matrix: xlsx only: the responsibility matrix rows (kg.maps.matrix.matrix_rows) as a sheet.
    """
    lang = lang or ("zh" if fmt == "xlsx" else "en")
    if fmt == "xlsx":
        if out is None:
            raise InputError("--out FILE is required for --format xlsx")
        write_xlsx(rows, columns, Path(out), lang=lang, by_agency=by_agency, matrix=matrix)
        return None
    if lang == "zh":
        rows = [translate(r) for r in rows]
        rows = [{HEADERS_ZH.get(c, c): r.get(c) for c in columns} for r in rows]
        columns = [HEADERS_ZH.get(c, c) for c in columns]
    text = render(rows, fmt, columns)
    if out is None:
        return text
    Path(out).write_text(text, encoding="utf-8-sig" if fmt in ("csv", "tsv") else "utf-8")
    return None


def translate(row: dict) -> dict:
    """Values in Chinese where kg has codes (lead → 牵头, in-force → 有效)."""
    return {k: VALUES_ZH.get(k, {}).get(v, v) if isinstance(v, str) else v for k, v in row.items()}


def write_xlsx(rows: list[dict], columns: Sequence[str], out: Path, lang: str = "zh", by_agency: bool = False,
               matrix: list[dict] | None = None) -> None:
    """The workbook: the duty sheet, a sheet per agency when asked, the responsibility matrix (tasks ×
    agencies, what a meeting prints) when given, and the sources sheet."""
    from openpyxl import Workbook

    wb = Workbook()
    _sheet(wb.active, _title("duties", lang), rows, columns, lang)
    if by_agency:
        for name, group in _groups(rows).items():
            _sheet(wb.create_sheet(), _sheet_name(name, wb.sheetnames), group, columns, lang)
    if matrix:
        # its headers are the matrix's own (task columns, agency short forms): one header row
        _sheet(wb.create_sheet(), _title("matrix", lang), matrix, list(matrix[0]), "en")
    _sheet(wb.create_sheet(), _title("sources", lang), _sources(rows), SOURCE_COLUMNS, lang)
    wb.save(out)


def _title(sheet: str, lang: str) -> str:
    return SHEET_ZH[sheet] if lang == "zh" else sheet


def _sheet(ws, title: str, rows: list[dict], columns: Sequence[str], lang: str) -> None:
    from openpyxl.styles import Alignment, Font
    from openpyxl.utils import get_column_letter

    ws.title = title
    zh = lang == "zh"
    ws.append([HEADERS_ZH.get(c, "行数" if c == "rows" else c) if zh else c for c in columns])
    if zh:
        ws.append(list(columns))
    header_rows = 2 if zh else 1
    for r in rows:
        shown = translate(r) if zh else r
        ws.append([_cell(shown.get(c)) if isinstance(shown.get(c), (list, tuple)) else shown.get(c)
                   for c in columns])
    for row in ws.iter_rows(min_row=1, max_row=header_rows):
        for cell in row:
            cell.font = Font(bold=cell.row == 1, italic=cell.row == 2, color=None if cell.row == 1 else "666666")
    last = get_column_letter(len(columns))
    ws.freeze_panes = f"A{header_rows + 1}"
    ws.auto_filter.ref = f"A{header_rows}:{last}{max(ws.max_row, header_rows)}"
    for i, c in enumerate(columns, start=1):
        letter = get_column_letter(i)
        texts = [str(cell.value) for cell in ws[letter] if cell.value is not None]
        ws.column_dimensions[letter].width = min(MAX_COLUMN.get(c, 30), max(width(t) for t in texts) + 2)
        if c in WRAPPED:
            for cell in ws[letter][header_rows:]:
                cell.alignment = Alignment(wrap_text=True, vertical="top")


def _groups(rows: list[dict]) -> dict[str, list[dict]]:
    groups: dict[str, list[dict]] = {}
    for r in rows:
        groups.setdefault(r.get("agency_name") or r.get("party") or "?", []).append(r)
    return dict(sorted(groups.items(), key=lambda kv: -len(kv[1])))


def _sheet_name(name: str, taken: list[str]) -> str:
    """Excel sheet names: at most 31 characters, none of []:*?/\\, unique."""
    base = re.sub(r"[\[\]:*?/\\]", "_", name)[:31]
    candidate, n = base, 2
    while candidate in taken:
        candidate, n = f"{base[:28]}~{n}", n + 1
    return candidate


def _sources(rows: list[dict]) -> list[dict]:
    """One row per source document of the exported rows, with how many rows it gave."""
    seen: dict[tuple, dict] = {}
    for r in rows:
        key = (r.get("doc_number"), r.get("source_file"))
        entry = seen.setdefault(key, {c: r.get(c) for c in SOURCE_COLUMNS if c != "rows"} | {"rows": 0})
        entry["rows"] += 1
    return list(seen.values())
