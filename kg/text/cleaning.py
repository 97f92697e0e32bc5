"""Repair the damage PDF extraction does to gazette text, keeping a map back to source lines.

The steps, in order, each driven by the patterns in ``furniture.toml``:

1. tables of contents (Chinese and English) are set aside as :class:`TocEntry` records;
2. banner, imprint and page-number lines are dropped;
3. running heads and footers are cut out, also in mid-sentence;
4. spaces that justification put between Chinese characters are removed;
5. lines broken inside a paragraph are joined (a newline survives only at a paragraph end,
   before a numbered marker, and around table rows).

Tabs are kept: they separate table cells.
"""
from __future__ import annotations

import re
import statistics
import tomllib
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

from ..documents.patterns import METADATA  # a portal's "发文字号：…" lines stand alone
from ..model import SourceText, Span
from .linemap import LineMap

_HERE = Path(__file__).parent
_CJK = r"\u3000-\u303f\u3400-\u9fff\uff00-\uffef《》«»“”‘’、，。：；！？（）【】〔〕—…·"
_SPACES = re.compile(r"[ \u00a0\u2002-\u200b]+")
_PARA_END = re.compile(r"[。！？；;!?:：]$|[.．](?<![0-9][.．])$|[)）]$")
# Lines that stand alone in a document head: number, signing date, dated title note.
_STANDALONE = re.compile(
    r"^(?:[\u4e00-\u9fff]{1,12}〔\d{4}〕\d+号|[(（]?\d{4}年\d{1,2}月\d{1,2}日[)）]?)$"
)
_ADDRESSEE = re.compile(r"^各[^。]{2,80}[:：]$")
_JOINING_END = re.compile(r"[、，,（(《“]$")
# A short line ending in a genre word is a title: it stands alone even where it is shorter than
# the page width would suggest (a web copy's first line).
_TITLE_WORDS = ("通知", "意见", "办法", "方案", "规划", "决定", "规定", "细则", "措施", "计划", "纲要", "条例", "批复",
                "公告", "通告", "解读", "指引", "要点", "清单")
_TITLE_END = re.compile(rf"^.{{4,60}}(?:{'|'.join(_TITLE_WORDS)})(?:[(（][^()（）]{{1,20}}[)）])?$")
# The last characters a title line can end with: every line is asked, and nearly all end otherwise.
_TITLE_LAST = frozenset({*(w[-1] for w in _TITLE_WORDS), ")", "）"})
_MARKER_START = re.compile(
    r"^(?:[一二三四五六七八九十百]+[、.．]|[(（][一二三四五六七八九十百]+[)）]|\d{1,3}[.．、](?!\d)"
    r"|[(（]\d{1,3}[)）]|第[一二三四五六七八九十百零〇\d]+[条章节]|[①-⑳]|附件|——)"
)


@dataclass(frozen=True)
class TocEntry:
    """A line of a table of contents: title and page; ``english`` for the English contents."""

    title: str
    page: int | None
    english: bool
    line: int


@dataclass
class Cleaned:
    """Cleaned text of one source with its map back to source lines."""

    source: SourceText
    text: str
    map: LineMap
    toc: list[TocEntry] = field(default_factory=list)

    def line(self, pos: int) -> int:
        return self.map.line(pos)

    def printed(self, start: int, end: int) -> str:
        """The exact printed source text behind cleaned [start, end)."""
        a, b = self.map.source_range(start, end)
        return self.source.printed[a:b]

    def span(self, start: int, end: int) -> Span:
        a, b = self.map.source_range(start, end)
        first = self.map.line_of_offset(a)
        last = self.map.line_of_offset(max(a, b - 1))
        return Span(self.source.name, first, last, self.source.printed[a:b], self._page(first))

    def _page(self, line: int) -> int | None:
        pages = self.source.page_starts
        if not pages:
            return None
        return sum(1 for p in pages if p <= line)


@dataclass
class _Patterns:
    inline: re.Pattern
    line: re.Pattern  # any of the whole-line patterns: one match per short line, not one per pattern
    toc_start: re.Pattern
    toc_entry: list[re.Pattern]


@lru_cache(maxsize=1)
def _patterns() -> _Patterns:
    data = tomllib.loads((_HERE / "furniture.toml").read_text(encoding="utf-8"))
    return _Patterns(
        inline=re.compile("|".join(f"(?:{p})" for p in data["inline"])),
        line=re.compile("|".join(f"(?:{p})" for p in data["lines"])),
        toc_start=re.compile(data["toc_start"]),
        toc_entry=[re.compile(p) for p in data["toc_entry"]],
    )


# The cleaning steps each input format needs, in order. PDF text (and plain text, which is often
# PDF text saved as .txt) has its lines broken at the page width and page furniture in mid-text;
# HTML and Word paragraphs are paragraphs already and keep their breaks (a clause in its own <p>
# stays on its own line).
STEPS: dict[str, tuple[str, ...]] = {
    "pdf": ("contents", "furniture", "justification", "join-lines"),
    "text": ("contents", "furniture", "justification", "join-lines"),
    "html": ("justification",),
    "docx": ("justification",),
}


def format_of(source: SourceText) -> str:
    """pdf, html or docx for extracted files; text for decoded plain text."""
    return source.encoding if source.encoding in STEPS else "text"


def clean(source: SourceText) -> Cleaned:
    """Clean one source text with the steps of its format (see STEPS and the module docstring)."""
    steps = STEPS[format_of(source)]
    pats = _patterns()
    lines = _split_lines(source.text)
    toc, toc_lines = _find_toc(lines, pats) if "contents" in steps else ([], set())
    kept: list[tuple[int, list[tuple[int, int]], bool]] = []  # (line index, pieces, was cut)
    for i, (start, raw) in enumerate(lines):
        if i in toc_lines:
            continue
        pieces, cut = _line_pieces(start, raw, pats, "furniture" in steps)
        if pieces:
            kept.append((i, pieces, cut))
    return _join(source, kept, toc, "join-lines" in steps)


def _split_lines(text: str) -> list[tuple[int, str]]:
    out, pos = [], 0
    for line in text.split("\n"):
        out.append((pos, line))
        pos += len(line) + 1
    return out


def _find_toc(lines: list[tuple[int, str]], pats: _Patterns) -> tuple[list[TocEntry], set[int]]:
    """Lines of every table of contents, from its heading while lines look like entries."""
    entries: list[TocEntry] = []
    skip: set[int] = set()
    i = 0
    while i < len(lines):
        if not pats.toc_start.match(lines[i][1].strip()):
            i += 1
            continue
        english = "CONTENTS" in lines[i][1]
        skip.add(i)
        i += 1
        pending: list[str] = []
        while i < len(lines):
            s = lines[i][1].strip()
            if not s or _is_furniture(s, pats):
                skip.add(i)
            elif pats.toc_start.match(s):
                english = "CONTENTS" in s
                skip.add(i)
            elif any(p.search(s) for p in pats.toc_entry):
                skip.add(i)
                entries.append(_toc_entry("".join(pending) + s, english, i + 1))
                english = english or _is_ascii(s)
                pending = []
            elif len(s) < 60 and not re.search(r"[。；]", s) and _next_is_entry(lines, i, pats):
                skip.add(i)  # an entry wrapped over two lines
                pending.append(s)
            else:
                break
            i += 1
    return [e for e in entries if e.title], skip


def _next_is_entry(lines, i: int, pats: _Patterns) -> bool:
    for _, s in lines[i + 1:i + 3]:
        s = s.strip()
        if s:
            return any(p.search(s) for p in pats.toc_entry[:2])
    return False


def _toc_entry(s: str, english: bool, line: int) -> TocEntry:
    m = re.search(r"[·.…]*\s*[(（](\d{1,4})[)）]\s*$", s)
    page = int(m.group(1)) if m else None
    title = s[: m.start()] if m else s
    title = title.strip().strip("·.…").strip()
    if title.startswith("【") or title.isupper():
        title = ""
    if not _is_ascii(title):
        title = _SPACES.sub("", title)
    return TocEntry(title=title, page=page, english=english or _is_ascii(title), line=line)


def _is_ascii(s: str) -> bool:
    return all(ord(c) < 0x2100 or c in "’‘“”—–" for c in s)


def _is_furniture(s: str, pats: _Patterns) -> bool:
    if len(s) > 60:
        return False  # banners, imprint fields and page numbers are short
    return pats.line.match(s) is not None or (_may_hold_furniture(s) and pats.inline.fullmatch(s) is not None)


def _line_pieces(start: int, raw: str, pats: _Patterns, furniture: bool = True) -> tuple[list[tuple[int, int]], bool]:
    """Source ranges of a line to keep, after furniture and justification spaces are cut out."""
    stripped = raw.strip()
    if not stripped or (furniture and _is_furniture(stripped, pats)):
        return [], False
    cuts = [m.span() for m in pats.inline.finditer(raw)] if furniture and _may_hold_furniture(raw) else []
    furniture = bool(cuts)
    aligned = is_aligned_row(raw)
    cuts += [m.span() for m in _SPACES.finditer(raw) if _drop_space(raw, *m.span())
             and not (aligned and m.end() - m.start() >= 2)]
    cuts.sort()
    pieces, pos = [], 0
    for a, b in cuts:
        if a > pos:
            pieces.append((start + pos, start + a))
        pos = max(pos, b)
    if pos < len(raw):
        pieces.append((start + pos, start + len(raw)))
    return pieces, furniture


_CELL_GAP = re.compile(r"(?<=\S)[ \u00a0]{2,}(?=\S)")


def is_aligned_row(line: str) -> bool:
    """A table row aligned by runs of spaces (a PDF's table as text): two or more inner gaps.

    Its gaps are kept, so the table readers can split the cells; justification spaces are single.
    Asked of every line twice, so a line without two spaces in a row (nearly all) is not searched.
    """
    if "  " not in line and "\u00a0" not in line:
        return False
    return len(_CELL_GAP.findall(line.strip())) >= 2


_DASH = re.compile(r"[—–\-－]")  # a class alone, so the search skips along the line


def _may_hold_furniture(raw: str) -> bool:
    """A cheap test before the costly head patterns: every head names the gazette or has a dash."""
    return "公报" in raw or _DASH.search(raw) is not None


def _drop_space(raw: str, a: int, b: int) -> bool:
    """A space run is justification unless it sits between two ASCII words."""
    if a == 0 or b == len(raw):
        return True
    left, right = raw[a - 1], raw[b]
    keep_left = left.isascii() and (left.isalnum() or left in ".,;:)")
    return not (keep_left and right.isascii() and right.isalnum())


def _join(source: SourceText, kept, toc: list[TocEntry], join_lines: bool = True) -> Cleaned:
    lmap = LineMap.for_source(source.text)
    texts = [_kept_text(source.text, pieces) for _, pieces, _ in kept]
    width = _typical_width(texts)
    out: list[str] = []
    pos = 0
    prev = ""
    for (_, pieces, cut), text in zip(kept, texts, strict=True):
        if out:
            sep = _separator(prev, text, width) if join_lines else "\n"
            if sep:
                out.append(sep)
                lmap.add(pos, pieces[0][0], 0)
                pos += len(sep)
        out.append(text)  # its pieces, joined once
        for a, b in pieces:
            lmap.add(pos, a, b - a)
            pos += b - a
        prev = text if not cut else prev + text
    return Cleaned(source=source, text="".join(out), map=lmap, toc=toc)


# The line-start patterns a line stands alone after (a marker, a number or date line, an
# addressee, a metadata field) and before (a number or date line, a metadata field), each one
# pattern: one match per line instead of four (every pattern is anchored at the line start).
_OPENS_ALONE = re.compile("|".join(f"(?:{p.pattern})" for p in (_MARKER_START, _STANDALONE, _ADDRESSEE, METADATA)))
_ENDS_ALONE = re.compile("|".join(f"(?:{p.pattern})" for p in (_STANDALONE, METADATA)))


def _kept_text(text: str, pieces: list[tuple[int, int]]) -> str:
    """A line's kept pieces as one text (most lines are one piece: a slice, no join)."""
    if len(pieces) == 1:
        return text[pieces[0][0]:pieces[0][1]]
    return "".join(text[a:b] for a, b in pieces)


def _typical_width(texts: list[str]) -> int:
    lengths = [len(t) for t in texts if len(t) > 8]
    return int(statistics.median(lengths)) if lengths else 40


def _separator(prev: str, nxt: str, width: int) -> str:
    """'\\n' at a paragraph end, '' inside a broken paragraph, ' ' between two ASCII words."""
    if "\t" in prev or "\t" in nxt or is_aligned_row(prev) or is_aligned_row(nxt) \
            or _OPENS_ALONE.match(nxt) or _ENDS_ALONE.match(prev) \
            or (_is_title(prev) and not nxt.startswith(("（", "("))):
        return "\n"
    if _ends_with(_JOINING_END, prev):
        return ""
    if _ends_with(_PARA_END, prev) or len(prev) < 0.6 * width:
        return "\n"
    if prev[-1:].isascii() and prev[-1:].isalpha() and nxt[:1].isascii() and nxt[:1].isalpha():
        return " "
    return ""


def _is_title(line: str) -> bool:
    """A line of _TITLE_END; its last character rules most lines out before the pattern is tried.
    (Lines hold no newline, so the pattern's ``$`` is the line's last character.)"""
    return line[-1:] in _TITLE_LAST and _TITLE_END.match(line) is not None


def _ends_with(pattern: re.Pattern, line: str) -> bool:
    """``pattern`` (one character, maybe after a lookbehind, then ``$``) at the end of ``line``:
    searched from two characters before the end, not from the start of every line. A lookbehind
    still sees the characters before that position."""
    return pattern.search(line, max(0, len(line) - 2)) is not None
