"""Time limits as printed (2025年底前, 2024年6月底前, 持续推进) → text and the last day they allow.

A task's deadline is printed in a table column (完成时限), inside its clause
（牵头单位：A；完成时限：2025年底前）, or in the item the clause closes ("2019年6月底前，研究建立…").
``deadline_text`` keeps the words; ``deadline`` is the ISO day the words end on, None for ongoing
work (持续推进, 长期坚持).
"""
from __future__ import annotations

import calendar
import re
from datetime import date

from ..text.numerals import NUMERAL_CHARS, cn_int

_N = rf"[\d{NUMERAL_CHARS}]"
DEADLINE = re.compile(
    rf"(?P<year>(?:19|20)\d{{2}}|[〇○零一二三四五六七八九]{{4}})年"
    rf"(?:(?P<month>{_N}{{1,2}})月(?:(?P<day>{_N}{{1,3}})[日号])?)?"
    r"(?P<part>上半年|下半年|[第]?[一二三四1-4]季度|底|末|年底|年末|中旬|上旬|下旬|内|前后)?"
    r"(?:前|以前|之前)?"
    r"(?:(?:基本|全面|初步)?(?:完成|建成|实现|出台|启动|到位))?"
)
ONGOING = re.compile(r"^(?:持续推进|长期坚持|长期推进|持续实施|持续开展|长期实施|长期|持续|常态化推进|逐年推进|每年)$")
# A deadline inside running text counts only when it reads as a time limit, not a date of record.
_LIMIT = re.compile(r"(?:前|以前|之前|底|末|内|完成|建成|出台|启动)$")
_SPACE = re.compile(r"\s")


def is_deadline(text: str) -> bool:
    """True when the whole of ``text`` is a time limit (2025年底前, 持续推进)."""
    t = _SPACE.sub("", text).strip("，,。；;")
    if ONGOING.match(t):
        return True
    m = DEADLINE.fullmatch(t)
    return bool(m and (m.group("month") or m.group("part") or t.endswith(("前", "完成"))))


def last_day(text: str) -> date | None:
    """The last day a printed time limit allows; None for ongoing work or no date."""
    m = DEADLINE.search(_SPACE.sub("", text))
    if not m:
        return None
    year = cn_int(m.group("year"))
    if year is None:
        return None
    part = m.group("part") or ""
    month = cn_int(m.group("month")) if m.group("month") else None
    if month and m.group("day"):
        day = cn_int(m.group("day"))
        try:
            return date(year, month, day) if day else None
        except ValueError:
            return None
    if month:
        if not 1 <= month <= 12:
            return None
        if part == "上旬":
            return date(year, month, 10)
        if part == "中旬":
            return date(year, month, 20)
        return date(year, month, calendar.monthrange(year, month)[1])
    if part == "上半年":
        return date(year, 6, 30)
    if "季度" in part:
        q = cn_int(part.strip("第季度"))
        if q and 1 <= q <= 4:
            return date(year, 3 * q, calendar.monthrange(year, 3 * q)[1])
    return date(year, 12, 31)


def limits_in(text: str) -> list[re.Match]:
    """Time limits printed in running text ("2019年6月底前", "2025年底前完成"), in order."""
    return [m for m in DEADLINE.finditer(text) if _LIMIT.search(m.group(0))]
