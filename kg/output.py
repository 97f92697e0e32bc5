"""Records → rows with fixed field names, and rows → table, CSV or JSON.

The JSON field names here are a contract: scripts and ``shared/tools/kgscore.py`` read them.
"""
from __future__ import annotations

import csv
import functools
import io
import json
import os
import unicodedata
from collections.abc import Iterable, Sequence
from datetime import date
from typing import TYPE_CHECKING
from urllib.parse import unquote

if TYPE_CHECKING:  # kg query renders rows without the record classes
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
        # co: every party but the first lead, printed order (joint leads too: `roles` tells them apart)
        "co": [p.printed for p in duty.parties if p is not lead], "role_words": [p.role_word for p in duty.parties],
        "deadline_text": duty.deadline_text, "deadline": duty.deadline.isoformat() if duty.deadline else None,
        "rule": duty.rule,
        "agencies": [p.agency_id for p in duty.parties], "roles": [p.role for p in duty.parties],
        "kinds": [p.kind for p in duty.parties], "form": duty.form, "stated_in_text": duty.stated_in_text,
        "source_file": duty.span.source_file, "line": duty.span.start_line, "end_line": duty.span.end_line,
        "source_text": duty.span.text,
    }


def render(rows: Sequence[dict], fmt: str, columns: Sequence[str] | None = None, *,
           width: int | None = None, wrap: Sequence[str] | None = None, wide: bool = False) -> str:
    """Render rows as 'table', 'csv', 'tsv' or 'json' (a JSON array of objects).

    A table fits ``width`` columns (default: the terminal's), Chinese counted double; the
    ``wrap`` columns (default: all) wrap onto more lines, the others are cut with …; ``wide``
    cuts nothing.
    """
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
    return table(rows, columns, total_width=width, wrap=wrap, wide=wide)


def _cell(v) -> str:
    if v is None:
        return ""
    if isinstance(v, (list, tuple)):
        return "、".join("" if x is None else str(x) for x in v)
    return str(v)


def width(s: str) -> int:
    """Display width: East Asian wide and full-width characters take two terminal columns.

    Tables call this for every character of every cell as they wrap it (0.2 s of a 100-row page),
    hence the ASCII shortcut and the per-character cache."""
    if s.isascii():
        return len(s)
    return sum(map(_char_width, s))


@functools.lru_cache(maxsize=8192)
def _char_width(c: str) -> int:
    return 2 if unicodedata.east_asian_width(c) in "WF" else 1


def terminal_width(default: int = 100) -> int:
    """Columns of the terminal: ``COLUMNS`` first (shells and CliRunner's env set it), then the
    terminal of stdout, stderr or stdin, so ``kg duties | head`` still fits the screen."""
    columns = os.environ.get("COLUMNS", "")
    if columns.isdigit() and int(columns) > 0:
        return int(columns)
    for fd in (1, 2, 0):
        try:
            return os.get_terminal_size(fd).columns
        except OSError:
            continue
    return default


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


def wrap_cell(s: str, n: int, max_lines: int = 3) -> list[str]:
    """``s`` in lines of display width ``n`` at most, words kept whole where a space allows;
    the last kept line ends in … when text is left over."""
    lines, line, used = [], "", 0  # used: width(line), kept as the line grows
    for c in s:
        cw = width(c)
        if used + cw > n:
            if len(lines) == max_lines:  # the lines after the next one are never shown
                break
            head, space, tail = line.rpartition(" ")
            if space and c != " " and (c + tail).isascii() and (c + tail).strip() and width(head) > n // 2:
                lines.append(head)
                line, used = tail, width(tail)
            else:
                lines.append(line)
                line, used = "", 0
            if c == " " and not line:
                continue
        line += c
        used += cw
    lines.append(line)
    if len(lines) > max_lines:
        lines = [*lines[: max_lines - 1], _fit(lines[max_lines - 1] + lines[max_lines][:2] + "  ", n)]
    return [_fit(x, n) for x in lines]


def column_widths(natural: list[int], headers: list[int], total: int, flexible: set[int]) -> list[int]:
    """Shrink columns until the row fits ``total``: the cut ones to 24, the wrapped ones to 30,
    then both to 12, then anything to its floor; always the widest first, so no column starves."""
    widths = list(natural)
    floor = [max(2, min(h, 8)) for h in headers]
    cut = set(range(len(widths))) - flexible
    gaps = 2 * (len(widths) - 1)
    for pool, limit in ((cut, 24), (flexible, 30), (cut, 12), (flexible, 12), (cut | flexible, 0)):
        while sum(widths) + gaps > total:
            can = [i for i in pool if widths[i] > max(limit, floor[i])]
            if not can:
                break
            widths[max(can, key=lambda i: widths[i])] -= 1
    return widths


def table(rows: Iterable[dict], columns: Sequence[str], max_width: int = 40, *, total_width: int | None = None,
          wrap: Sequence[str] | None = None, wide: bool = False) -> str:
    """A plain-text table that lines up Chinese (double-width) text and fits the terminal.

    Args:
        max_width: widest a column that is not wrapped may be before fitting.
        total_width: width of the whole table; default: the terminal's.
        wrap: columns whose text wraps instead of being cut: up to three lines when named, up to
            six when ``None`` (every column wraps, so generic tables such as SPARQL answers and
            ``kg query --list`` lose nothing at ordinary lengths).
        wide: no fitting and no cutting, one line per row (for pagers and files).
    """
    rows = list(rows)
    if not columns:
        return ""  # no columns and no rows: print nothing rather than two blank lines
    max_lines = 6 if wrap is None else 3
    wrap = list(columns) if wrap is None else wrap
    cells = [[compact_iri(_cell(r.get(c))) for c in columns] for r in rows]
    heads = [width(c) for c in columns]
    natural = [max([heads[i]] + [width(row[i]) for row in cells]) for i in range(len(columns))]
    if wide:
        widths = natural
    else:
        wrapped = {i for i, c in enumerate(columns) if c in wrap}
        natural = [n if i in wrapped else min(max_width, n) for i, n in enumerate(natural)]
        widths = column_widths(natural, heads, total_width or terminal_width(), wrapped)
    lines = ["  ".join(_fit(c, w) for c, w in zip(columns, widths, strict=True)).rstrip(),
             "  ".join("-" * w for w in widths)]
    for row in cells:
        parts = [wrap_cell(v, w, max_lines) if columns[i] in wrap and not wide else [_fit(v, w)]
                 for i, (v, w) in enumerate(zip(row, widths, strict=True))]
        for k in range(max(len(p) for p in parts)):
            lines.append("  ".join(p[k] if k < len(p) else " " * w
                                   for p, w in zip(parts, widths, strict=True)).rstrip())
    return "\n".join(lines)



def compact_iri(value: str) -> str:
    """An IRI as a reader wants it: agencies and documents by name, kg's prefixes, no %-escapes.

    Only whole values that are IRIs change; any other text is returned as it is.
    """
    if not value.startswith(("http://", "https://")) or " " in value:
        return value
    from .graph.names import BASE, PREFIXES  # not vocab: kg query would import rdflib (0.2 s)

    if value.startswith(BASE):
        rest = unquote(value[len(BASE):])
        kind, _, key = rest.partition("/")
        if kind == "agency" and "/" not in key:
            return _agency_name(key)
        if kind == "doc" and "/" not in key:
            return key
        return rest
    for prefix, ns in PREFIXES.items():
        if value.startswith(ns) and len(value) > len(ns):
            return f"{prefix}:{unquote(value[len(ns):])}"
    return unquote(value)


def _agency_name(agency_id: str) -> str:
    from .agencies import default_register

    register = default_register()
    if agency_id not in register:
        return f"agency/{agency_id}"
    agency = register.get(agency_id)
    shorts = [s for s in agency.short_names if len(s) < len(agency.name)]
    return min(shorts, key=len) if shorts else agency.name
