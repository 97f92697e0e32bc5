"""The responsibility matrix as one offline HTML page: sticky headers and first columns, sort by
any column, filter by document, agency, role and text, a print stylesheet.

Every text is HTML-escaped here; the page script only moves rows and toggles classes, reading
``textContent``, so no record text is ever parsed as markup.
"""
from __future__ import annotations

import html as html_lib
from pathlib import Path

from ..model import Corpus
from . import matrix, styles
from .page import asset

ROLE_CLASSES = {"牵头": "kg-lead", "配合": "kg-co"}


def _e(text) -> str:
    return html_lib.escape(str(text or ""), quote=True)


def _cell_class(word: str) -> str:
    return ROLE_CLASSES.get(word, "kg-other") if word else ""


def table_html(rows: list[dict[str, str]], titles: dict[str, str]) -> str:
    """The table: header row, one row per duty, a footer counting each agency's cells."""
    if not rows:
        return '<p id="kg-empty">没有职责 no duties</p><table id="kg-matrix"><tbody></tbody></table>'
    headers = list(rows[0])
    fixed = len(matrix.FIXED_COLUMNS)
    head = "".join(f'<th class="kg-fixed kg-c{i}" data-col="{i}">{_e(h)}</th>' if i < fixed else
                   f'<th class="kg-agency" data-col="{i}"><span>{_e(h)}</span></th>'
                   for i, h in enumerate(headers))
    body = []
    for row in rows:
        doc = row[matrix.DOCUMENT]
        cells = [f'<td class="kg-fixed kg-c{i}"{_title(i, doc, titles)}>{_e(row[h])}</td>' if i < fixed
                 else f'<td class="{_cell_class(row[h])}">{_e(row[h])}</td>' for i, h in enumerate(headers)]
        body.append(f'<tr data-doc="{_e(doc)}">' + "".join(cells) + "</tr>")
    counts = []
    for h in headers[fixed:]:
        words = [r[h] for r in rows if r[h]]
        counts.append(f"<td>{sum(w == '牵头' for w in words)}/{len(words)}</td>")
    foot = (f'<tr><td class="kg-fixed kg-c0" colspan="{fixed}">牵头/合计 leads/all</td>' + "".join(counts) + "</tr>")
    return (f'<table id="kg-matrix"><thead><tr>{head}</tr></thead><tbody>{"".join(body)}</tbody>'
            f"<tfoot>{foot}</tfoot></table>")


def _title(i: int, doc: str, titles: dict[str, str]) -> str:
    return f' title="{_e(titles.get(doc, ""))}"' if i == 0 and titles.get(doc) else ""


def controls_html(rows: list[dict[str, str]]) -> str:
    docs = sorted({r[matrix.DOCUMENT] for r in rows})
    agencies = list(rows[0])[len(matrix.FIXED_COLUMNS):] if rows else []
    options = lambda values, everything: (f'<option value="">{_e(everything)}</option>'  # noqa: E731
                                          + "".join(f'<option value="{_e(v)}">{_e(v)}</option>' for v in values))
    return ('<div id="kg-toolbar"><span class="kg-title">责任分工矩阵 Responsibility matrix</span>'
            f'<label>文件 <select id="kg-f-doc">{options(docs, "全部文件 all documents")}</select></label>'
            f'<label>单位 <select id="kg-f-agency">{options(agencies, "全部单位 all agencies")}</select></label>'
            '<label>角色 <select id="kg-f-role"><option value="">任意 any</option>'
            '<option value="牵头">牵头 lead</option><option value="配合">配合 co</option></select></label>'
            '<label><input id="kg-f-only" type="checkbox"> 只显示该单位列 only its column</label>'
            '<input id="kg-f-text" type="search" placeholder="搜索任务 search tasks">'
            '<button id="kg-print" class="kg-btn" type="button">打印 print</button>'
            '<span id="kg-status"></span></div>')


PAGE = """<!DOCTYPE html>
<html lang="zh-CN">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="generator" content="kg.maps.matrix">
<title>责任分工矩阵 Responsibility matrix</title>
<style>{css}
body, select, input, button {{ font-family: {font}; }}</style>
</head>
<body>
{controls}
<div id="kg-scroll">{table}</div>
<script>{script}</script>
</body>
</html>
"""


def render_matrix(corpus: Corpus) -> str:
    """The matrix page of a corpus (``kg map matrix``)."""
    rows = matrix.matrix_rows(corpus)
    titles = {d.doc_number or d.key: d.attached_title or d.title or "" for d in corpus.documents}
    return PAGE.format(css=asset("kg-matrix.css"), font=styles.CJK_FONT_FACE, controls=controls_html(rows),
                       table=table_html(rows, titles), script=asset("kg-matrix.js"))


def write_matrix(corpus: Corpus, path: str | Path) -> Path:
    """Write the matrix page as UTF-8."""
    path = Path(path)
    path.write_text(render_matrix(corpus), encoding="utf-8")
    return path
