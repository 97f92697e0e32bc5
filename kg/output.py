"""Records → rows with fixed field names, and rows → table, CSV or JSON.

The JSON field names here are a contract: scripts and ``shared/tools/kgscore.py`` read them.
"""
from __future__ import annotations

import csv
import io
import json
import unicodedata
from collections.abc import Iterable, Sequence
from datetime import date

from .model import Document, Duty

DOC_FIELDS = ("key", "doc_number", "title", "attached_title", "english_title", "kind", "issuers",
              "signed_date", "effective_from", "expires_on", "status", "supersedes", "abolished_by",
              "interprets", "basis", "source_file", "start_line", "end_line")
DUTY_FIELDS = ("doc", "provision", "heading", "label", "raw", "parties", "lead", "co", "agencies",
               "roles", "kinds", "form", "stated_in_text", "source_file", "line", "end_line", "source_text")


def _iso(d: date | None) -> str | None:
    return d.isoformat() if d else None


def doc_row(doc: Document, status: str) -> dict:
    return {
        "key": doc.key, "doc_number": doc.doc_number, "title": doc.title,
        "attached_title": doc.attached_title, "english_title": doc.english_title, "kind": doc.kind,
        "issuers": list(doc.issuers), "signed_date": _iso(doc.signed_date),
        "effective_from": _iso(doc.effective_from), "expires_on": _iso(doc.expires_on),
        "status": status, "supersedes": list(doc.supersedes), "abolished_by": doc.abolished_by,
        "interprets": doc.interprets, "basis": list(doc.basis), "source_file": doc.source_file,
        "start_line": doc.span.start_line, "end_line": doc.span.end_line,
    }


def duty_row(duty: Duty) -> dict:
    lead = duty.lead
    return {
        "doc": duty.doc, "provision": duty.provision, "heading": duty.heading, "label": duty.label,
        "raw": duty.raw, "parties": [p.printed for p in duty.parties],
        "lead": lead.printed if lead else None, "leads": [p.printed for p in duty.leads],
        "co": [p.printed for p in duty.co], "role_words": [p.role_word for p in duty.parties],
        "deadline_text": duty.deadline_text, "deadline": duty.deadline.isoformat() if duty.deadline else None,
        "rule": duty.rule,
        "agencies": [p.agency_id for p in duty.parties], "roles": [p.role for p in duty.parties],
        "kinds": [p.kind for p in duty.parties], "form": duty.form, "stated_in_text": duty.stated_in_text,
        "source_file": duty.span.source_file, "line": duty.span.start_line, "end_line": duty.span.end_line,
        "source_text": duty.span.text,
    }


def render(rows: Sequence[dict], fmt: str, columns: Sequence[str] | None = None) -> str:
    """Render rows as 'table', 'csv', 'tsv' or 'json' (a JSON array of objects)."""
    if fmt == "json":
        return json.dumps(list(rows), ensure_ascii=False, indent=2)
    columns = list(columns or (rows[0].keys() if rows else []))
    if fmt in ("csv", "tsv"):
        buf = io.StringIO()
        w = csv.writer(buf, delimiter="," if fmt == "csv" else "\t", lineterminator="\n")
        w.writerow(columns)
        for r in rows:
            w.writerow([_cell(r.get(c)) for c in columns])
        return buf.getvalue()
    return table(rows, columns)


def _cell(v) -> str:
    if v is None:
        return ""
    if isinstance(v, (list, tuple)):
        return "、".join("" if x is None else str(x) for x in v)
    return str(v)


def width(s: str) -> int:
    return sum(2 if unicodedata.east_asian_width(c) in "WF" else 1 for c in s)


def _fit(s: str, n: int) -> str:
    if width(s) <= n:
        return s + " " * (n - width(s))
    out, w = "", 0
    for c in s:
        cw = width(c)
        if w + cw > n - 1:
            break
        out, w = out + c, w + cw
    return out + "…" + " " * (n - 1 - w)


def table(rows: Iterable[dict], columns: Sequence[str], max_width: int = 40) -> str:
    """A plain-text table that lines up Chinese (double-width) text."""
    rows = list(rows)
    cells = [[_cell(r.get(c)) for c in columns] for r in rows]
    widths = [min(max_width, max([width(c)] + [width(row[i]) for row in cells])) for i, c in enumerate(columns)]
    lines = ["  ".join(_fit(c, w) for c, w in zip(columns, widths, strict=True)).rstrip(),
             "  ".join("-" * w for w in widths)]
    lines += ["  ".join(_fit(v, w) for v, w in zip(row, widths, strict=True)).rstrip() for row in cells]
    return "\n".join(lines)
