"""The map page around the network: toolbar (search, filters, "show more", PNG, print), legend,
side panel, and the data the page script reads (``kg-meta``).

Every text from the records is either HTML-escaped here or travels as JSON inside a
``<script type="application/json">`` block (``<``, ``>``, ``&`` escaped) and is written by the
script with ``textContent``; nothing from a document is ever parsed as HTML. The blocks are
packed (:mod:`kg.maps.packing`): ``kg-data`` holds the page's one table of strings, which the
duty table and document records of ``kg-meta`` refer to as well.
"""
from __future__ import annotations

import html as html_lib
import json
from functools import cache
from importlib import resources

import networkx as nx

from . import packing, styles

LABEL_PX = 16  # labels of the top nodes, in screen pixels at the first fit (the issue asks ≥ 14)
SMALL_PX = 12  # the other labels; hidden where they would overlap
TOP_N = 20
LABEL_ALL = 250  # up to this many visible nodes every label is placed; above, only the top ones


@cache
def asset(name: str) -> str:
    """A bundled file of kg/maps/assets: vis-network's build, our script and stylesheet."""
    return resources.files("kg.maps").joinpath(f"assets/{name}").read_text("utf-8")


def script_json(value) -> str:
    """JSON safe inside a <script> element: ``<``, ``>`` and ``&`` become \\u escapes."""
    text = json.dumps(value, ensure_ascii=False, separators=(",", ":"), default=str)
    return (text.replace("&", "\\u0026").replace("<", "\\u003c").replace(">", "\\u003e")
            .replace("\u2028", "\\u2028").replace("\u2029", "\\u2029"))


def page_meta(graph: nx.Graph) -> dict:
    """What the page script needs beside nodes and edges: the duty table, document validity,
    the opening core threshold and how this kind is arranged (strip, locked x, timeline axis)."""
    g = graph.graph
    return {
        "kind": g.get("kind", ""), "font": styles.CJK_FONT_FACE, "labelPx": LABEL_PX,
        "smallPx": SMALL_PX, "topN": TOP_N, "labelAll": LABEL_ALL,
        "duties": g.get("duties", []), "docs": g.get("docs", {}),
        "weighted": bool(g.get("weighted")), "coreK": g.get("core_k", 1),
        "strip": g.get("strip", True), "lockX": g.get("lock_x", False),
        "axis": g.get("axis"), "laneLabels": bool(g.get("axis")),
    }


def _options(values: list[tuple[str, str]], everything: str) -> str:
    rows = [f'<option value="">{html_lib.escape(everything)}</option>']
    rows += [f'<option value="{html_lib.escape(v, quote=True)}">{html_lib.escape(label)}</option>'
             for v, label in values]
    return "".join(rows)


def _select(ident: str, label: str, values: list[tuple[str, str]], everything: str) -> str:
    if not values:
        return ""
    return (f'<label>{html_lib.escape(label)} <select id="{ident}">{_options(values, everything)}'
            "</select></label>")


def filter_values(graph: nx.Graph) -> dict[str, list[tuple[str, str]]]:
    """The choices of each filter, from what the graph holds."""
    g = graph.graph
    docs = sorted({d["doc_key"]: d["doc"] for d in g.get("duties", [])}.items(), key=lambda kv: kv[1])
    if not docs:
        docs = sorted(((k, v.get("label") or k) for k, v in g.get("docs", {}).items()), key=lambda kv: kv[1])
    agencies = [a for _, a in graph.nodes(data=True) if a.get("node_type") == "agency"]
    kinds = [(k, label) for k, (_, label) in styles.AGENCY_KINDS.items()
             if any(a.get("kind") == k for a in agencies)]
    jurisdictions = sorted({a["jur"] for a in agencies if a.get("jur")})
    has_roles = any(a.get("duties") for a in agencies)
    roles = [("lead", "牵头 lead"), ("co", "配合 co")] if has_roles else []
    return {"doc": docs, "kind": kinds, "jur": [(j, j) for j in jurisdictions], "role": roles}


def toolbar_html(graph: nx.Graph, title: str) -> str:
    values = filter_values(graph)
    g = graph.graph
    parts = [f'<span class="kg-title">{html_lib.escape(title)}</span>',
             '<input id="kg-search" type="search" list="kg-suggest" autocomplete="off" '
             'placeholder="搜索 search: 简称 / 全称 / id" aria-label="search"><datalist id="kg-suggest"></datalist>',
             _select("kg-f-doc", "文件", values["doc"], "全部文件 all documents"),
             _select("kg-f-role", "角色", values["role"], "全部 any role"),
             _select("kg-f-kind", "类别", values["kind"], "全部 all kinds"),
             _select("kg-f-jur", "辖区", values["jur"], "全部 all"),
             '<label>有效于 in force on <input id="kg-f-on" type="date"></label>']
    if g.get("weighted") and g.get("max_shared", 1) > 1:
        parts.append(f'<label>共同职责 shared <input id="kg-f-k" type="range" min="1" '
                     f'max="{int(g["max_shared"])}" value="{int(g.get("core_k", 1))}"> '
                     '<span id="kg-f-k-value"></span></label>'
                     '<button id="kg-more" class="kg-btn" type="button">显示更多 show more</button>')
    parts += ['<button id="kg-png" class="kg-btn" type="button">导出PNG</button>',
              '<button id="kg-print" class="kg-btn" type="button">打印 print</button>',
              '<span id="kg-status"></span>']
    return '<div id="kg-toolbar">' + "".join(p for p in parts if p) + "</div>"


def legend_html(graph: nx.Graph) -> str:
    """The legend: colours and line styles of this map, and notes on size, width and dash."""
    rows = []
    for entry in graph.graph.get("legend", []):
        color = html_lib.escape(entry["color"], quote=True)
        mark = {"dot": f'<span class="kg-dot" style="background:{color}"></span>',
                "line": f'<span class="kg-line" style="border-top:3px solid {color}"></span>',
                "dash": f'<span class="kg-line" style="border-top:2px dashed {color}"></span>'}
        rows.append(f'<div class="kg-row">{mark.get(entry["shape"], mark["dot"])}'
                    f"{html_lib.escape(entry['label'])}</div>")
    notes = [*graph.graph.get("notes", []), graph.graph.get("page_note", "")]
    rows += [f'<div class="kg-note">{html_lib.escape(n)}</div>' for n in notes if n]
    return ('<details id="kg-legend" open><summary>图例 legend</summary>' + "".join(rows) + "</details>")


PANEL = """<aside id="kg-panel" hidden><button id="kg-panel-close" class="kg-btn" type="button"
aria-label="close">×</button><div id="kg-panel-title"></div><div id="kg-panel-sub"></div>
<div id="kg-panel-tools"></div><div id="kg-panel-count"></div><ol id="kg-panel-list"></ol></aside>"""

PAGE = """<!DOCTYPE html>
<html lang="zh-CN">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="generator" content="kg.maps">
<title>{title}</title>
<style>{css}
body, select, input, button {{ font-family: {font}; }}</style>
</head>
<body>
{toolbar}
<div id="kg-main"><div id="kg-network"></div>{legend}{panel}</div>
<script type="application/json" id="kg-data">{data}</script>
<script type="application/json" id="kg-options">{options}</script>
<script type="application/json" id="kg-meta">{meta}</script>
<script>{vis}</script>
<script>{script}</script>
</body>
</html>
"""


PAGE_DUTY_TEXTS = 20_000  # duties whose text a page carries; 13,774 on 5,112 agencies (bench) fit
# in 3.4 MB, and the table grows with the corpus, not with what a screen shows


def carried_duties(nodes: list[dict], total: int, limit: int = PAGE_DUTY_TEXTS) -> set[int] | None:
    """The duties whose text the page carries: all (None) up to ``limit``; above, the first K of
    every node's list, K as large as fits, so an agency with few duties keeps them all and a busy
    one shows its first K. Lists, counts and filters stay whole either way; only the text of
    the rest is left out, and the panel says how many and where to find them."""
    if total <= limit:
        return None
    lists = [[i for i, _ in n["duties"]] for n in nodes if isinstance(n.get("duties"), list)]
    low, high = 0, max((len(x) for x in lists), default=0)
    while low < high:  # the largest K whose union fits
        k = (low + high + 1) // 2
        if len({i for x in lists for i in x[:k]}) <= limit:
            low = k
        else:
            high = k - 1
    return {i for x in lists for i in x[:low]}


def without_text(rows: list[dict], carried: set[int] | None) -> list[dict]:
    """The duty table with only the document of the duties not carried (the filters need it)."""
    if carried is None:
        return rows
    return [row if i in carried else {"doc_key": row["doc_key"]} for i, row in enumerate(rows)]


def pack_blocks(data: dict, meta: dict) -> tuple[dict, dict]:
    """``kg-data`` and ``kg-meta`` packed: nodes, edges, duty table and documents in columns over
    one table of strings (kept in ``kg-data``); above ``PAGE_DUTY_TEXTS`` duties, the text of
    the first of each node's (:func:`carried_duties`)."""
    strings = packing.Strings()
    nodes = packing.pack_nodes(data["nodes"], strings)
    edges = packing.pack_edges(data["edges"], data["nodes"], strings)
    rows = without_text(meta["duties"], carried_duties(data["nodes"], len(meta["duties"]), PAGE_DUTY_TEXTS))
    meta = {**meta, "duties": packing.pack_duty_table(rows, strings),
            "docs": packing.pack_docs(meta["docs"], strings)}
    return {"nodes": nodes, "edges": edges, "strings": strings.table()}, meta


def unpack_meta(meta: dict, strings: list[str]) -> dict:
    """A packed ``kg-meta`` block as :func:`page_meta` made it (``kg-map.js`` does the same)."""
    return {**meta, "duties": packing.unpack_duty_table(meta["duties"], strings),
            "docs": packing.unpack_docs(meta["docs"], strings)}


def render_page(graph: nx.Graph, title: str, data: dict, options: dict, vis_js: str) -> str:
    """The whole page: template, our CSS and script, vis-network, and the data blocks."""
    packed, meta = pack_blocks(data, page_meta(graph))
    return PAGE.format(
        title=html_lib.escape(title), font=styles.CJK_FONT_FACE, css=asset("kg-map.css"),
        toolbar=toolbar_html(graph, title), legend=legend_html(graph), panel=PANEL,
        data=script_json(packed), options=script_json(options), meta=script_json(meta),
        vis=vis_js, script=asset("kg-map.js"),
    )
