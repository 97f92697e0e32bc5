"""HTML page → the article's text (title first), without navigation or page furniture.

Government portals wrap the article in menus, breadcrumbs, share bars and "相关链接" lists; the
article box is found by known content ids, else by where the Chinese text outside links is
densest. Only text is kept: scripts, styles and markup never reach the output.
"""
from __future__ import annotations

import re
from collections import Counter
from pathlib import Path

from .common import Extracted, squash

_HTML_SUFFIXES = {".html", ".htm", ".shtml", ".xhtml", ".jsp", ".asp", ".aspx", ".php"}
_HTML_START = re.compile(r"<(?:!doctype\s+html|html|head|body|div|meta|title|table|p)\b", re.I)
_TAG = re.compile(r"</?[a-z][a-z0-9]*(?:\s[^<>]*)?/?>", re.I)


def looks_html(data: bytes, suffix: str) -> bool:
    """HTML if it opens with an HTML tag (after a BOM, XML declaration or comments).

    A ``.html`` suffix only needs some tag in the first 4 KB: a text that merely quotes a title
    in ``<<…>>`` never opens with a tag name.
    """
    head = data[:4096].decode("utf-8", "ignore").lstrip("\ufeff \t\r\n")
    if suffix in _HTML_SUFFIXES and _TAG.search(head):
        return True
    head = re.sub(r"^(?:<\?xml[^>]*>|<!--.*?-->|\s)+", "", head, flags=re.S)
    return _HTML_START.match(head) is not None


_DROP_TAGS = ["script", "style", "noscript", "template", "iframe", "object", "embed", "svg",
              "canvas", "nav", "header", "footer", "aside", "form", "button", "select",
              "input", "textarea", "link", "meta"]
_DROP_ATTR = re.compile(r"nav|menu|footer|header|breadcrumb|crumb|share|sidebar|related|"
                        r"xgll|xgwj|fenxiang|dayin|print", re.I)
_RELATED = re.compile(r"^\s*(?:相关链接|相关文件|相关阅读|相关新闻|相关政策|相关解读)\s*[:：]?\s*$")
_CONTENT_IDS = re.compile(r"^(?:ivs_content|zoom|article|article[-_]?content|TRS_Editor|"
                          r"content|main[-_]?content|text|wz_?content|pages_content)$", re.I)
_TITLE_ATTR = re.compile(r"(?:^|[-_ ])title(?:$|[-_ ])|^ivs_title$", re.I)
_NOT_TITLE = re.compile(r"nav|menu|footer|breadcrumb|crumb|share|sidebar|related|xgll", re.I)
_PARAGRAPHS = {"p", "h1", "h2", "h3", "h4", "h5", "h6", "li", "dd", "dt", "blockquote", "pre"}
_BLOCKS = _PARAGRAPHS | {"div", "section", "article", "main", "table", "tr", "ul", "ol", "dl",
                         "td", "th", "body", "center", "tbody", "thead", "caption"}
_HAN = re.compile(r"[\u3400-\u9fff]")
_META_CHARSET = re.compile(rb"""<meta[^>]+charset\s*=\s*["']?([A-Za-z0-9_\-]+)""", re.I)


def read_html(path: Path, data: bytes) -> Extracted:
    """HTML page → the article's text (title first), without navigation or page furniture."""
    from bs4 import BeautifulSoup

    soup = BeautifulSoup(_decode_html(data), "lxml")
    title = _title(soup)
    _drop_furniture(soup)
    root = _content_root(soup)
    lines = _render(root) if root is not None else []
    if title and title.replace(" ", "") not in "".join(lines[:3]).replace(" ", ""):
        lines.insert(0, title)
    return Extracted(text="\n".join(lines), kind="html")


def _decode_html(data: bytes) -> str:
    """Declared charset (GB2312/GBK widened to GB18030), else UTF-8, else GB18030."""
    found = _META_CHARSET.search(data[:4096])
    declared = found.group(1).decode("ascii").lower() if found else ""
    if declared in {"gb2312", "gbk", "gb18030", "x-gbk"}:
        declared = "gb18030"
    for encoding in filter(None, (declared, "utf-8-sig", "gb18030")):
        try:
            return data.decode(encoding)
        except (UnicodeDecodeError, LookupError):
            continue
    return data.decode("utf-8", "replace")


def _title(soup) -> str:
    """The article title: meta ArticleTitle (TRS portals), else the first h1 or title-class box.

    A box counts only with four or more Chinese characters outside links and outside page
    furniture, so a site logo ``<h1><a>上海市人民政府</a></h1>`` or a menu caption is passed over.
    """
    meta = soup.find("meta", attrs={"name": re.compile("^ArticleTitle$", re.I)})
    if meta is not None and _HAN.search(meta.get("content", "")):
        return squash(meta["content"])
    for tag in soup.find_all(lambda t: t.name == "h1" or (
            t.name not in {"title", "head", "meta"} and any(_TITLE_ATTR.search(a) for a in _attrs(t)))):
        furniture = tag.find_parent(lambda t: t.name in {"nav", "footer", "aside"} or any(
            _NOT_TITLE.search(a) for a in _attrs(t)))
        if furniture is None and _body_text(tag) >= 4:
            return squash(tag.get_text(" "))
    return ""


def _attrs(tag) -> list[str]:
    if tag.attrs is None:
        return []
    return [tag.get("id") or ""] + list(tag.get("class") or [])


def _drop_furniture(soup) -> None:
    """Remove scripts, styles, comments, navigation and link lists before choosing content."""
    from bs4 import Comment

    for tag in soup.find_all(_DROP_TAGS):
        tag.decompose()
    for comment in soup.find_all(string=lambda s: isinstance(s, Comment)):
        comment.extract()
    total = _body_text(soup)
    for tag in soup.find_all(lambda t: any(_DROP_ATTR.search(a) for a in _attrs(t))):
        if tag.decomposed or _CONTENT_IDS.match(tag.get("id") or ""):
            continue
        if _body_text(tag) <= total / 2:  # a wrapper named "header-wrap" may hold the article
            tag.decompose()
    for label in soup.find_all(string=_RELATED):
        if label.parent is not None:
            _drop_related(label)


def _drop_related(label) -> None:
    """Drop a "相关链接" block: its box if it holds only links, else the label and what follows."""
    box = label.find_parent(["div", "section", "ul", "dl", "table"])
    if box is not None and _body_text(box) - len(_HAN.findall(label)) <= 4:  # links only
        box.decompose()
        return
    block = label.find_parent(list(_PARAGRAPHS)) or label
    for sibling in list(block.find_next_siblings()):
        sibling.decompose()
    block.extract()


def _body_text(tag) -> int:
    """Chinese characters outside links: the article's text, not a menu's."""
    return sum(len(_HAN.findall(s)) for s in tag.find_all(string=True)
               if s.find_parent("a") is None)


def _content_root(soup):
    """The element holding the article: a known content id/class, else the densest container."""
    known = [t for t in soup.find_all(lambda t: any(_CONTENT_IDS.match(a) for a in _attrs(t)))
             if _body_text(t) >= 20]
    if known:
        outer = max(known, key=_body_text)
        # the innermost known box that still holds most of the text: #zoom inside .content
        inner = [t for t in known if outer in t.parents and _body_text(t) >= 0.6 * _body_text(outer)]
        return min(inner, key=_body_text, default=outer)
    scores: Counter = Counter()
    for text in soup.find_all(string=_HAN):
        if text.find_parent("a") is None:
            holder = _holder(text)
            if holder is not None:
                scores[id(holder)] += len(_HAN.findall(text))
                scores.setdefault(("tag", id(holder)), holder)
    best = max((k for k in scores if isinstance(k, int)), key=scores.get, default=None)
    if best is None:
        return soup.body or soup
    root = scores[("tag", best)]
    while root.parent is not None and root.parent.name not in {"[document]", "html"} \
            and _body_text(root.parent) > 1.3 * _body_text(root):
        root = root.parent
    return root


def _holder(text):
    """The container a text counts for: the parent of its paragraph, or its own block."""
    paragraph = text.find_parent(list(_PARAGRAPHS))
    if paragraph is not None:
        return paragraph.parent
    return text.find_parent(list(_BLOCKS - _PARAGRAPHS))


def _render(root) -> list[str]:
    """One line per block element; table rows as tab-joined cells; <br> as a line break."""
    lines: list[str] = [""]
    _walk(root, lines)
    return [line.replace(_CELL, "\t") for raw in lines if (line := squash(raw))]


_CELL = "\x1f"  # joins table cells until whitespace is squashed, then becomes a tab


def _walk(node, lines: list[str]) -> None:
    from bs4 import NavigableString

    for child in node.children:
        if isinstance(child, NavigableString):
            lines[-1] += str(child)
        elif child.name == "br":
            lines.append("")
        elif child.name == "table":
            lines.append("")
            lines.extend(f"{_CELL.join(row)}" for row in _grid(child))
            lines.append("")
        elif child.name == "tr":  # a row outside any table element
            cells = [squash(c.get_text(" ")) for c in child.find_all(["td", "th"], recursive=False)]
            lines.extend([_CELL.join(cells), ""])
        elif child.name in _BLOCKS:
            lines.append("")
            _walk(child, lines)
            lines.append("")
        elif child.name != "img":
            _walk(child, lines)


def _span(cell, name: str) -> int:
    try:
        return max(1, min(50, int(str(cell.get(name, "1")).strip() or 1)))
    except ValueError:
        return 1


def _grid(table) -> list[list[str]]:
    """A table's rows as a grid of cells: a cell spanning rows (rowspan) is repeated in the rows
    below, one spanning columns (colspan) fills the first and leaves the others empty, so every
    row has a cell per column (a 责任单位 heading over 牵头 | 配合 stays readable)."""
    rows = [tr for tr in table.find_all("tr") if tr.find_parent("table") is table]
    pending: dict[int, tuple[str, int]] = {}  # column → (text, rows still to fill)
    grid = []
    for tr in rows:
        row: list[str] = []
        cells = iter(tr.find_all(["td", "th"], recursive=False))
        cell = next(cells, None)
        col = 0
        while cell is not None or any(c >= col for c in pending):
            if col in pending:
                text, left = pending.pop(col)
                row.append(text)
                if left > 1:
                    pending[col] = (text, left - 1)
                col += 1
                continue
            if cell is None:
                row.append("")
                col += 1
                continue
            text = squash(cell.get_text(" "))
            down, across = _span(cell, "rowspan"), _span(cell, "colspan")
            for k in range(across):
                row.append(text if k == 0 else "")
                if down > 1:
                    pending[col + k] = (text if k == 0 else "", down - 1)
            col += across
            cell = next(cells, None)
        grid.append(row)
    return grid
