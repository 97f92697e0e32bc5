"""Write the flat duty table as CSV, JSON or an Excel workbook."""
from __future__ import annotations

from pathlib import Path

from .errors import InputError
from .output import _cell, render


def write_export(rows: list[dict], columns, fmt: str, out: Path | None) -> str | None:
    """Write rows to ``out`` (returns None) or return the text when no file is given."""
    if fmt == "xlsx":
        if out is None:
            raise InputError("--out FILE is required for --format xlsx")
        _xlsx(rows, columns, out)
        return None
    text = render(rows, fmt, columns)
    if out is None:
        return text
    Path(out).write_text(text, encoding="utf-8-sig" if fmt == "csv" else "utf-8")
    return None


def _xlsx(rows: list[dict], columns, out: Path) -> None:
    from openpyxl import Workbook

    wb = Workbook()
    ws = wb.active
    ws.title = "duties"
    ws.append(list(columns))
    for r in rows:
        ws.append([_cell(r.get(c)) if isinstance(r.get(c), (list, tuple)) else r.get(c) for c in columns])
    ws.freeze_panes = "A2"
    wb.save(out)
