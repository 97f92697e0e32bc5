"""PDF → text, page by page, without running heads, footers and page numbers.

PDF uses pdfminer.six: pure Python, maintained, it exposes layout boxes with positions (so page
heads and footers are dropped by where they sit, not only by what they say) and it reads CJK
fonts through their CMaps; pypdf's CJK extraction is weaker. kg does no OCR: a PDF without a
text layer is an :class:`~kg.errors.InputError`, and pages without one are listed in
:attr:`Extracted.empty_pages`.
"""
from __future__ import annotations

import io
import re
import statistics
import unicodedata
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from ...errors import InputError
from .common import Extracted

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


_CELL_GAP = re.compile(r"(?<=[\u4e00-\u9fff\d）)])\s+(?=[\u4e00-\u9fff\d（(])")


def _table_rows(lines: list[_Line]) -> list[_Line]:
    """Three or more lines on one baseline are the cells of a table row: one line, cells joined by
    tabs in x order (a task table keeps its rows; two text columns have two lines a baseline)."""
    rows: dict[int, list[_Line]] = {}
    for ln in lines:
        rows.setdefault(round((ln.y0 + ln.y1) / 4), []).append(ln)  # 2-point bands of the middle
    out = []
    for cells in rows.values():
        cells.sort(key=lambda ln: ln.x0)
        apart = all(a.x1 <= b.x0 + 1 for a, b in zip(cells, cells[1:], strict=False))
        if len(cells) >= 3 and apart:
            # pdfminer joins cells that sit close into one line with a space: CJK text has none
            text = _CELL_GAP.sub("\t", "\t".join(c.text.strip() for c in cells))
            out.append(_Line(text, cells[0].x0, cells[-1].x1, min(c.y0 for c in cells), max(c.y1 for c in cells)))
        else:
            out += cells
    return out


def _reading_order(lines: list[_Line]) -> list[_Line]:
    """Top to bottom; within runs of column lines, the left column before the right one."""
    lines = sorted(_table_rows(lines), key=lambda ln: (-ln.y1, ln.x0))
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
