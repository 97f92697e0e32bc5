"""Chinese numerals, read once for the whole of kg: counts, ordinals, years and dates.

Policy texts print numbers three ways: Arabic digits (full-width digits are made ASCII when a
file is read), positional digit strings (二〇二五年, 一九九八) and counting numerals with units
(二十, 一百二十三, 三千五百, 两万). Provision markers (第二十三条), validity periods (有效期为二十年),
dates (二〇二五年三月一日) and targets (三万户) all go through :func:`cn_int`.
"""
from __future__ import annotations

import re
from datetime import date
from functools import lru_cache

DIGITS = {c: i for i, c in enumerate("零一二三四五六七八九")} | {"〇": 0, "○": 0, "Ｏ": 0, "两": 2, "壹": 1,
                                                                  "贰": 2, "叁": 3, "肆": 4, "伍": 5, "陆": 6,
                                                                  "柒": 7, "捌": 8, "玖": 9}
UNITS = {"十": 10, "拾": 10, "百": 100, "佰": 100, "千": 1000, "仟": 1000}
BIG = {"万": 10_000, "亿": 100_000_000}
NUMERAL_CHARS = "".join(DIGITS) + "".join(UNITS) + "".join(BIG)
_CIRCLED = {chr(ord("①") + i): i + 1 for i in range(20)}
_DATE = re.compile(rf"([\d{NUMERAL_CHARS}]{{2,4}})\s*年\s*([\d{NUMERAL_CHARS}]{{1,3}})\s*月"
                   rf"\s*([\d{NUMERAL_CHARS}]{{1,3}})\s*[日号]")


@lru_cache(maxsize=4096)
def cn_int(s: str) -> int | None:
    """一 → 1, 十二 → 12, 二十三 → 23, 一百零五 → 105, 两万 → 20000, 二〇二五 → 2025, "17" → 17, ① → 1.

    Returns None for anything that is not a whole numeral. Cached: every marker, year and date of
    a corpus asks for the same few numerals again.
    """
    s = s.strip()
    if not s:
        return None
    if s in _CIRCLED:
        return _CIRCLED[s]
    if s.isascii() and s.isdigit():
        return int(s)
    if all(c in DIGITS for c in s) and len(s) > 1:
        return int("".join(str(DIGITS[c]) for c in s))  # positional: 二〇二五
    return _counting(s)


def _counting(s: str) -> int | None:
    total, section, digit = 0, 0, None
    for c in s:
        if c in DIGITS:
            digit = DIGITS[c]
        elif c in UNITS:
            section += (1 if digit is None else digit) * UNITS[c]
            digit = None
        elif c in BIG:
            section += digit or 0
            total += (section or 1) * BIG[c]
            section, digit = 0, None
        else:
            return None
    return total + section + (digit or 0)


def cn_date(text: str) -> date | None:
    """The first date in ``text`` printed with Arabic or Chinese numerals: 2024年6月13日, 二〇二五年三月一日."""
    m = _DATE.search(text)
    if not m:
        return None
    y, mo, d = (cn_int(g) for g in m.groups())
    try:
        return date(y, mo, d) if y and mo and d else None
    except ValueError:
        return None
