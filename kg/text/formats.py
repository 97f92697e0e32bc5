"""PDF, HTML and Word (.docx) files → plain text, before :mod:`kg.text.reading` decodes it.

The kind is chosen by content, not by suffix alone: portals serve HTML under ``.txt`` and
``.pdf`` links that are really text. Each reader returns plain text only (markup is never kept
or executed) with one line per printed line (PDF) or block element (HTML, Word).

PDF uses pdfminer.six: pure Python, maintained, it exposes layout boxes with positions (so page
heads and footers are dropped by where they sit, not only by what they say) and it reads CJK
fonts through their CMaps; pypdf's CJK extraction is weaker. kg does no OCR: a PDF without a
text layer is an :class:`~kg.errors.InputError`.
"""
from __future__ import annotations

import io
import re
import statistics
import unicodedata
import zipfile
from collections import Counter
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

from ..errors import InputError


@dataclass
class Extracted:
    """Text taken out of a PDF, HTML or .docx file."""

    text: str
    kind: str  # pdf | html | docx
    page_starts: list[int] = field(default_factory=list)  # 1-based line where each PDF page starts
    empty_pages: list[int] = field(default_factory=list)  # 1-based PDF pages with no text layer


def extract(path: Path, data: bytes) -> Extracted | None:
    """Extract the text of a PDF, HTML or .docx file; None when ``data`` is none of these.

    Args:
        path: the file's path, used for its suffix and in error messages.
        data: the file's bytes.

    Returns:
        The extracted text, or None for anything else (plain text is decoded by the caller).

    Raises:
        InputError: a PDF without text layer, a corrupt PDF or .docx, a legacy .doc file.
    """
    kind = sniff(path, data)
    return None if kind is None else READERS[kind](path, data)


def sniff(path: Path, data: bytes) -> str | None:
    """The kind of ``data`` ("pdf", "docx", "html") judged by content first, or None."""
    suffix = Path(path).suffix.lower()
    if b"%PDF-" in data[:1024]:  # the spec tolerates junk before the header
        return "pdf"
    if data.startswith(b"PK\x03\x04"):
        return "docx" if _is_docx(data) or suffix == ".docx" else None
    if data.startswith(b"\xd0\xcf\x11\xe0"):  # OLE2: legacy .doc/.wps, read by nothing here
        raise InputError("is a legacy Word (.doc/.wps) file; save it as .docx, PDF or text",
                         where=str(path))
    return "html" if _looks_html(data, suffix) else None


def _is_docx(data: bytes) -> bool:
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as zf:
            return "word/document.xml" in zf.namelist()
    except zipfile.BadZipFile:
        return False


_HTML_SUFFIXES = {".html", ".htm", ".shtml", ".xhtml", ".jsp", ".asp", ".aspx", ".php"}
_HTML_START = re.compile(r"<(?:!doctype\s+html|html|head|body|div|meta|title|table|p)\b", re.I)
_TAG = re.compile(r"</?[a-z][a-z0-9]*(?:\s[^<>]*)?/?>", re.I)


def _looks_html(data: bytes, suffix: str) -> bool:
    """HTML if it opens with an HTML tag (after a BOM, XML declaration or comments).

    A ``.html`` suffix only needs some tag in the first 4 KB: a text that merely quotes a title
    in ``<<…>>`` never opens with a tag name.
    """
    head = data[:4096].decode("utf-8", "ignore").lstrip("\ufeff \t\r\n")
    if suffix in _HTML_SUFFIXES and _TAG.search(head):
        return True
    head = re.sub(r"^(?:<\?xml[^>]*>|<!--.*?-->|\s)+", "", head, flags=re.S)
    return _HTML_START.match(head) is not None


# --- PDF --------------------------------------------------------------------------------------

_BAND = 0.12  # share of the page height, at top and at bottom, where heads and footers sit
_DASHES = r"[\s\-—–―~·]*"  # after NFKC, so full-width digits and "－" are ASCII
_PAGE_NUMBER = re.compile(rf"^{_DASHES}(?:第\s*)?[0-9]{{1,4}}(?:\s*页)?(?:\s*/\s*[0-9]{{1,4}})?{_DASHES}$")


@dataclass
class _Line:
    text: str
    x0: float
    x1: float
    y0: float
    y1: float


@dataclass
class _Page:
    lines: list[_Line]
    bottom: float
    top: float


def read_pdf(path: Path, data: bytes) -> Extracted:
    """PDF → text, page by page, without running heads, footers and page numbers.

    Lines are read top to bottom; on two-column pages (common in gazettes) the left column
    before the right one between lines that span both (pdfminer's own box order interleaves
    columns when line spacing splits every line into its own box).
    """
    pages = _pdf_pages(path, data)
    if not any(line.text.strip() for page in pages for line in page.lines):
        raise InputError("has no text layer (a scanned PDF?); kg does no OCR", where=str(path))
    _refuse_unmapped(path, pages)
    margin = _margin_lines(pages)
    lines: list[str] = []
    starts: list[int] = []
    empty: list[int] = []
    for number, page in enumerate(pages, 1):
        starts.append(len(lines) + 1)
        kept = [ln.text for ln in _reading_order([ln for ln in page.lines if id(ln) not in margin])]
        if not any(t.strip() for t in kept):
            empty.append(number)
        lines.extend(kept)
    return Extracted(text="\n".join(lines), kind="pdf", page_starts=starts, empty_pages=empty)


_CID = re.compile(r"\(cid:\d+\)")


def _refuse_unmapped(path: Path, pages: list[_Page]) -> None:
    """Refuse a text layer whose fonts map glyphs to no characters: pdfminer prints "(cid:N)"."""
    text = "".join(line.text for page in pages for line in page.lines)
    unmapped = len(_CID.findall(text))
    if unmapped > 0.3 * (len(_CID.sub("", text)) + unmapped):
        raise InputError(f"has a text layer without a Unicode map ({unmapped} glyphs printed as "
                         "(cid:N)); kg does no OCR", where=str(path))


def _pdf_pages(path: Path, data: bytes) -> list[_Page]:
    from pdfminer.high_level import extract_pages
    from pdfminer.layout import LAParams
    from pdfminer.pdfdocument import PDFEncryptionError, PDFPasswordIncorrect

    try:
        layouts = extract_pages(io.BytesIO(data), laparams=LAParams(all_texts=True))
        return [_Page(list(_text_lines(lt)), lt.y0, lt.y1) for lt in layouts]
    except (PDFEncryptionError, PDFPasswordIncorrect) as e:
        raise InputError(f"is an encrypted PDF that cannot be opened: {e}", where=str(path)) from e
    except Exception as e:  # pdfminer raises many kinds on malformed files (PSEOF, KeyError, ...)
        reason = str(e) or type(e).__name__
        raise InputError(f"is not a readable PDF: {reason}", where=str(path)) from e


def _text_lines(container) -> Iterator[_Line]:
    from pdfminer.layout import LTTextLine

    for item in container:
        if isinstance(item, LTTextLine):
            text = item.get_text().rstrip("\n").rstrip()
            if text.strip():
                yield _Line(text, item.x0, item.x1, item.y0, item.y1)
        elif hasattr(item, "__iter__") and not isinstance(item, str):
            yield from _text_lines(item)


def _reading_order(lines: list[_Line]) -> list[_Line]:
    """Top to bottom; within runs of column lines, the left column before the right one."""
    lines = sorted(lines, key=lambda ln: (-ln.y1, ln.x0))
    gutter = _gutter(lines)
    if gutter is None:
        return lines
    ordered: list[_Line] = []
    run: list[_Line] = []
    for line in lines + [None]:
        if line is None or line.x0 < gutter < line.x1:
            ordered += [ln for ln in run if ln.x1 <= gutter] + [ln for ln in run if ln.x0 >= gutter]
            ordered += [line] if line is not None else []
            run = []
        else:
            run.append(line)
    return ordered


def _gutter(lines: list[_Line]) -> float | None:
    """The x of the gap between two text columns, or None on a one-column page.

    Two columns means: an empty vertical strip in the middle half of the text width that at
    least three lines on each side flank and that at most a third of the lines cross.
    """
    if len(lines) < 6:
        return None
    left, right = min(ln.x0 for ln in lines), max(ln.x1 for ln in lines)
    width = right - left
    narrow = sorted((ln.x0, ln.x1) for ln in lines if ln.x1 - ln.x0 < 0.55 * width)
    reach, best = left, None
    for x0, x1 in narrow:
        if x0 > reach and left + 0.25 * width < (x0 + reach) / 2 < left + 0.75 * width:
            if best is None or x0 - reach > best[1] - best[0]:
                best = (reach, x0)
        reach = max(reach, x1)
    if best is None:
        return None
    gutter = sum(best) / 2
    sides = [sum(1 for ln in lines if ln.x1 <= gutter), sum(1 for ln in lines if ln.x0 >= gutter)]
    crossing = len(lines) - sum(sides)
    return gutter if min(sides) >= 3 and crossing <= len(lines) / 3 else None


def _margin_lines(pages: list[_Page]) -> set[int]:
    """Ids of lines that are running heads, footers or page numbers.

    A line counts only if it sits in the top or bottom band of its page, is set apart from the
    body by at least one line height, and is either a page number or repeats (digits aside)
    in the bands of two or more pages. Body lines are never dropped for their content alone.
    """
    candidates = [(number, ln) for number, page in enumerate(pages) for ln in _apart_in_band(page)]
    pages_with = Counter(key for _, key in {(n, _key(ln.text)) for n, ln in candidates})
    return {id(ln) for _, ln in candidates
            if _PAGE_NUMBER.match(unicodedata.normalize("NFKC", ln.text))
            or pages_with[_key(ln.text)] >= 2}


def _key(text: str) -> str:
    """Text of a head with digits and spaces removed, so "2024年第13期" matches "第14期"."""
    return re.sub(r"[\d\s]", "", unicodedata.normalize("NFKC", text))


def _apart_in_band(page: _Page) -> list[_Line]:
    """Lines in the page's top or bottom band separated from the body by a line height."""
    if not page.lines:
        return []
    height = page.top - page.bottom
    pitch = statistics.median(ln.y1 - ln.y0 for ln in page.lines)
    top_band, bottom_band = page.top - _BAND * height, page.bottom + _BAND * height
    heads = [ln for ln in page.lines if ln.y0 >= top_band]
    feet = [ln for ln in page.lines if ln.y1 <= bottom_band]
    body = [ln for ln in page.lines if ln not in heads and ln not in feet]
    if not body:  # a page of furniture only, e.g. a blank page with head and number
        return heads + feet
    body_top, body_bottom = max(ln.y1 for ln in body), min(ln.y0 for ln in body)
    return ([ln for ln in heads if ln.y0 - body_top >= pitch]
            + [ln for ln in feet if body_bottom - ln.y1 >= pitch])


# --- HTML -------------------------------------------------------------------------------------

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
        return _squash(meta["content"])
    for tag in soup.find_all(lambda t: t.name == "h1" or (
            t.name not in {"title", "head", "meta"} and any(_TITLE_ATTR.search(a) for a in _attrs(t)))):
        furniture = tag.find_parent(lambda t: t.name in {"nav", "footer", "aside"} or any(
            _NOT_TITLE.search(a) for a in _attrs(t)))
        if furniture is None and _body_text(tag) >= 4:
            return _squash(tag.get_text(" "))
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
    return [line.replace(_CELL, "\t") for raw in lines if (line := _squash(raw))]


_CELL = "\x1f"  # joins table cells until whitespace is squashed, then becomes a tab


def _walk(node, lines: list[str]) -> None:
    from bs4 import NavigableString

    for child in node.children:
        if isinstance(child, NavigableString):
            lines[-1] += str(child)
        elif child.name == "br":
            lines.append("")
        elif child.name == "tr":
            cells = [_squash(c.get_text(" ")) for c in child.find_all(["td", "th"], recursive=False)]
            lines.extend([_CELL.join(cells), ""])
        elif child.name in _BLOCKS:
            lines.append("")
            _walk(child, lines)
            lines.append("")
        elif child.name != "img":
            _walk(child, lines)


def _squash(text: str) -> str:
    """Collapse runs of spaces and newlines (HTML source layout) into one space; strip."""
    return re.sub(r"[ \t\r\n\xa0]+", " ", text).strip(" \u3000")


# --- Word (.docx) -----------------------------------------------------------------------------

_W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"


def read_docx(path: Path, data: bytes) -> Extracted:
    """.docx → paragraphs and table rows in body order, with Word's automatic numbers."""
    import docx

    try:
        document = docx.Document(io.BytesIO(data))
        numbering = _Numbering(document)
        lines = list(_docx_lines(document, numbering))
    except Exception as e:  # python-docx raises BadZipFile, KeyError, XMLSyntaxError, ...
        reason = str(e) or type(e).__name__
        raise InputError(f"is not a readable Word (.docx) file: {reason}", where=str(path)) from e
    return Extracted(text="\n".join(lines), kind="docx")


def _docx_lines(document, numbering: _Numbering) -> Iterator[str]:
    for element in document.element.body.iterchildren():
        if element.tag == _W + "p":
            text = _paragraph_text(element).strip()
            if text:
                yield numbering.label(element) + text
        elif element.tag == _W + "tbl":
            for row in element.iter(_W + "tr"):
                cells = [_squash(_paragraph_text(tc)) for tc in row.iterchildren(_W + "tc")]
                if any(cells):
                    yield "\t".join(cells)


def _paragraph_text(element) -> str:
    """Text of w:t runs (inserted text included, deleted text is w:delText and left out)."""
    parts = []
    for node in element.iter(_W + "t", _W + "tab", _W + "br", _W + "cr"):
        parts.append(node.text or "" if node.tag == _W + "t" else
                     "\t" if node.tag == _W + "tab" else "\n")
    return "".join(parts)


def _chinese(n: int) -> str:
    digits = "零一二三四五六七八九"
    if n < 10:
        return digits[n]
    if n < 100:
        tens, units = divmod(n, 10)
        return (digits[tens] if tens > 1 else "") + "十" + (digits[units] if units else "")
    return str(n)


def _roman(n: int) -> str:
    out = ""
    for value, numeral in ((1000, "M"), (900, "CM"), (500, "D"), (400, "CD"), (100, "C"),
                           (90, "XC"), (50, "L"), (40, "XL"), (10, "X"), (9, "IX"), (5, "V"),
                           (4, "IV"), (1, "I")):
        count, n = divmod(n, value)
        out += numeral * count
    return out


# Word's w:numFmt values → how a counter is printed (ECMA-376 §17.18.59); unknown ones: decimal.
NUMBER_FORMATS: dict[str, Callable[[int], str]] = {
    "decimal": str,
    "decimalZero": lambda n: f"{n:02d}",
    "decimalFullWidth": lambda n: str(n).translate({c: c + 0xFEE0 for c in range(48, 58)}),
    "decimalFullWidth2": lambda n: str(n).translate({c: c + 0xFEE0 for c in range(48, 58)}),
    "chineseCounting": _chinese,
    "chineseCountingThousand": _chinese,
    "chineseLegalSimplified": _chinese,
    "ideographTraditional": lambda n: "甲乙丙丁戊己庚辛壬癸"[(n - 1) % 10],
    "decimalEnclosedCircle": lambda n: chr(0x2460 + n - 1) if 1 <= n <= 20 else str(n),
    "decimalEnclosedCircleChinese": lambda n: chr(0x2460 + n - 1) if 1 <= n <= 20 else str(n),
    "lowerLetter": lambda n: chr(96 + (n - 1) % 26 + 1),
    "upperLetter": lambda n: chr(64 + (n - 1) % 26 + 1),
    "lowerRoman": lambda n: _roman(n).lower(),
    "upperRoman": _roman,
    "none": lambda n: "",
}


class _Numbering:
    """Counts Word's automatic list numbers so "一、" and "（一）" appear in the text."""

    def __init__(self, document):
        try:
            self._xml = document.part.numbering_part.element
        except (KeyError, NotImplementedError):
            self._xml = None
        self._styles = document.styles
        self._counters: dict[str, list[int]] = {}

    def label(self, p) -> str:
        """The printed number of paragraph ``p`` ("" when it is not a numbered item)."""
        num_id, level = self._num_pr(p)
        if self._xml is None or num_id in (None, "0"):
            return ""
        abstract = self._xml.xpath(f'./w:num[@w:numId="{num_id}"]/w:abstractNumId/@w:val')
        if not abstract:
            return ""
        levels = self._xml.xpath(f'./w:abstractNum[@w:abstractNumId="{abstract[0]}"]/w:lvl')
        formats = {int(lv.get(_W + "ilvl")): lv for lv in levels}
        if level not in formats:
            return ""
        counters = self._counters.setdefault(abstract[0], [0] * 9)
        for deeper in range(level + 1, 9):
            counters[deeper] = 0
        counters[level] = counters[level] + 1 if counters[level] else _start(formats[level])
        return self._lvl_text(formats, counters, level)

    def _lvl_text(self, formats: dict, counters: list[int], level: int) -> str:
        template = _val(formats[level], "lvlText") or ""
        fmt = _val(formats[level], "numFmt") or "decimal"
        if fmt == "bullet":  # the glyph is often a private-use Symbol character: drop it
            return ""

        def number(match: re.Match) -> str:
            k = int(match.group(1)) - 1
            lvl_fmt = _val(formats[k], "numFmt") if k in formats else "decimal"
            value = counters[k] or (_start(formats[k]) if k in formats else 1)
            return NUMBER_FORMATS.get(lvl_fmt or "decimal", str)(value)

        return re.sub(r"%([1-9])", number, template)

    def _num_pr(self, p) -> tuple[str | None, int]:
        """numId and level from the paragraph, else from its style chain."""
        sources = [p.find(f"{_W}pPr/{_W}numPr")]
        style_id = p.find(f"{_W}pPr/{_W}pStyle")
        style = self._style(style_id.get(_W + "val") if style_id is not None else None)
        while style is not None:
            sources.append(style.element.find(f"{_W}pPr/{_W}numPr"))
            style = style.base_style
        num_id, level = None, None
        for num_pr in (s for s in sources if s is not None):
            num_id = num_id or _val(num_pr, "numId")
            level = level if level is not None else _val(num_pr, "ilvl")
        return num_id, int(level or 0)

    def _style(self, style_id: str | None):
        if style_id is None:
            return None
        return next((s for s in self._styles if s.style_id == style_id), None)


def _val(element, child: str) -> str | None:
    node = element.find(_W + child)
    return None if node is None else node.get(_W + "val")


def _start(level) -> int:
    return int(_val(level, "start") or 1)


READERS: dict[str, Callable[[Path, bytes], Extracted]] = {
    "pdf": read_pdf,
    "html": read_html,
    "docx": read_docx,
}
