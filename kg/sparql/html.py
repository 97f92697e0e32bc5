"""HTML building blocks of the browsable endpoint: the page template, escaped tables and links.

Every text that reaches a page goes through :func:`html.escape` here, so a hostile title or
agency name in the corpus shows as text, never as markup. Pages carry a Content-Security-Policy
that allows no script at all (the map page, which is vis-network, allows inline script only).
"""
from __future__ import annotations

import html
from collections.abc import Iterable, Sequence
from functools import lru_cache
from importlib import resources
from string import Template
from urllib.parse import quote

from ..graph.vocab import BASE
from ..output import compact_iri
from .answering import Answer

PAGE_CSP = "default-src 'none'; style-src 'unsafe-inline'; form-action 'self'; base-uri 'none'; frame-ancestors 'none'"
MAP_CSP = ("default-src 'none'; script-src 'unsafe-inline'; style-src 'unsafe-inline'; img-src data:; "
           "base-uri 'none'; frame-ancestors 'none'")
esc = html.escape


@lru_cache(maxsize=1)
def _template() -> Template:
    return Template(resources.files("kg.sparql").joinpath("templates/page.html").read_text("utf-8"))


def page(title: str, body: str, status: int = 200, heading: str | None = None) -> Answer:
    """A whole HTML page; ``title`` and ``heading`` are escaped here, ``body`` must be built escaped."""
    text = _template().substitute(title=esc(title), heading=esc(heading or title), body=body)
    return Answer(status, "text/html; charset=utf-8", text.encode("utf-8"),
                  headers=(("Content-Security-Policy", PAGE_CSP),))


def error_page(status: int, message: str) -> Answer:
    return page(f"{status}", f'<p class="error">{esc(message)}</p>', status=status,
                heading=f"{status} · {message[:60]}")


def link(href: str, text: str) -> str:
    return f'<a href="{esc(href, quote=True)}">{esc(text)}</a>'


def agency_href(agency_id: str | None, printed: str) -> str:
    return "/agency/" + quote(agency_id or printed, safe="")


def doc_href(key: str) -> str:
    return "/doc/" + quote(key, safe="")


def value_html(value: object) -> str:
    """A SPARQL answer's value: agency and document IRIs as links to their pages, others compacted."""
    if value is None:
        return ""
    text = str(value)
    shown = compact_iri(text)
    if text.startswith(BASE + "agency/") and "/" not in text[len(BASE + "agency/"):]:
        return link("/agency/" + text[len(BASE + "agency/"):], shown)
    if text.startswith(BASE + "doc/") and "/" not in text[len(BASE + "doc/"):]:
        return link("/doc/" + text[len(BASE + "doc/"):], shown)
    return esc(shown)


def table(rows: Iterable[dict], columns: Sequence[str], headers: Sequence[str] | None = None,
          raw: Sequence[str] = (), classes: dict[str, str] | None = None) -> str:
    """An HTML table; cells are escaped unless their column is in ``raw`` (already-built links)."""
    classes = classes or {}
    head = "".join(f"<th>{esc(h)}</th>" for h in (headers or columns))
    body = []
    for r in rows:
        cells = []
        for c in columns:
            v = r.get(c)
            text = v if c in raw else esc("、".join(map(str, v)) if isinstance(v, (list, tuple)) else
                                          "" if v is None else str(v))
            cls = f' class="{classes[c]}"' if c in classes else ""
            cells.append(f"<td{cls}>{text}</td>")
        body.append(f"<tr>{''.join(cells)}</tr>")
    return f"<table><thead><tr>{head}</tr></thead><tbody>{''.join(body)}</tbody></table>"
