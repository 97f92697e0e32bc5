"""The target grammar: a printed target → value, upper value, unit and comparator; target years.

Plans print targets in one small grammar (``targets.toml``)::

    target   = [comparator word] quantity [unit] [suffix word]     超过3000亿元, 1—2个, 85%左右
    quantity = number [range mark number] [multiplier]             3至5, 19.8万, 三千

Numbers are Arabic or Chinese (read by :func:`kg.text.numerals.cn_int`, the one numeral parser of
kg). A multiplier followed by a unit stays in the unit as printed (3万户 → 3, 万户); alone it
scales the value (达到3万 → 30000). Comparators are ``>= <= > < = ≈`` or ``range`` (a suffix word
wins over a word before: 控制在5%以内 → <=). Both table cells and running text go through
:func:`find_quantities`, so a target reads the same wherever it is printed.
"""
from __future__ import annotations

import re
import tomllib
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from ..text.numerals import cn_int

GRAMMAR_FILE = Path(__file__).with_name("targets.toml")
_SPACE = re.compile(r"\s")
_DECIMAL = re.compile(r"\d+(?:\.\d+)?")


@dataclass(frozen=True)
class Quantity:
    """One quantified target found in a text, with offsets into that text."""

    start: int  # the first character of the printed target (a printed comparator word included)
    end: int  # after the unit and suffix word
    num_start: int  # the first digit
    target: str  # as printed, spaces removed: 超过3000亿元, 1—2个, ≥71岁
    value: float | None
    value_max: float | None
    unit: str | None  # as printed, multiplier included: 万户, 亿元, %, 个百分点
    comparator: str | None  # >= <= > < = ≈ range
    word_before: str = ""  # the comparator or aim word printed before the quantity (力争, 达到, 超过 …)


def _alternatives(words) -> str:
    return "|".join(re.escape(w) for w in sorted(words, key=len, reverse=True))


@dataclass
class Grammar:
    """``targets.toml``, compiled."""

    raw: dict
    quantity: re.Pattern
    before: dict[str, str]
    after: dict[str, str]
    printed: frozenset[str]
    multipliers: dict[str, float]
    lone: frozenset[str]
    not_after: str
    per: str
    year_lead: re.Pattern
    year_anywhere: re.Pattern
    period: re.Pattern
    title_period: re.Pattern
    plan_periods: dict[str, int]


@lru_cache(maxsize=1)
def grammar(path: Path = GRAMMAR_FILE) -> Grammar:
    """The bundled target grammar, read once."""
    d = tomllib.loads(path.read_text(encoding="utf-8"))
    num = rf"(?:{d['number']['arabic']}|{d['number']['chinese']})"
    marks = _alternatives(d["number"]["range_marks"])
    before, after = d["comparators"]["before"], d["comparators"]["after"]
    pattern = (rf"(?P<before>{_alternatives(before)})?\s*(?P<num>{num})(?:\s*(?:{marks})\s*(?P<num2>{num}))?"
               rf"\s*(?P<mult>{_alternatives(d['multipliers'])})?\s*(?P<unit>{_alternatives(d['units']['words'])})?"
               rf"\s*(?P<after>{_alternatives(after)})?")
    y = d["years"]
    return Grammar(d, re.compile(pattern), before, after, frozenset(d["comparators"]["printed"]), d["multipliers"],
                   frozenset(d["number"]["lone_not_quantity"]), d["number"]["chinese_not_after"], d["number"]["per"],
                   re.compile(y["lead"]), re.compile(y["anywhere"]), re.compile(y["period"]),
                   re.compile(y["title_period"]), d["plan_periods"])


def _number(s: str) -> float | None:
    s = s.strip()
    if _DECIMAL.fullmatch(s):
        return float(s)
    n = cn_int(s)
    return float(n) if n is not None else None


def _read(text: str, m: re.Match, bare_chinese: bool) -> Quantity | None:
    g = grammar()
    num = m.group("num")
    chinese = not num[0].isdigit()
    before_char = text[:m.start("num")].rstrip()[-1:]
    if before_char and before_char in g.per:
        return None  # a rate's base (每千名老年人, 每10万人口), not a target
    if chinese and (num in g.lone or (before_char and before_char in g.not_after)):
        return None
    if chinese and (not (m.group("unit") or m.group("mult")) or not (bare_chinese or m.group("before"))):
        return None  # 三大支柱, 三个层次: a counted slogan unless a comparator word says it is a target
    value, value_max = _number(num), _number(m.group("num2")) if m.group("num2") else None
    if value is None or (m.group("num2") and value_max is None):
        return None
    mult, unit = m.group("mult"), m.group("unit")
    if unit == "年" and not mult and value >= 1900 or text[m.end():m.end() + 1] in ("月", "日", "号"):
        return None  # a date (2025年, 2024—2027年, 6月), not a target
    if text[max(0, m.start("num") - 1):m.start("num")] == "第":
        return None  # an ordinal (第3批)
    if mult and not unit:
        value, value_max = value * g.multipliers[mult], value_max * g.multipliers[mult] if value_max else None
    elif mult:
        unit = mult + unit
    before = m.group("before") or ""
    if value_max is not None:
        comparator = "range"
    elif m.group("after"):
        comparator = g.after[m.group("after")]
    else:
        comparator = g.before.get(before, "=")
    start = m.start() if before in g.printed else m.start("num")
    target = _SPACE.sub("", text[start:m.end()])
    return Quantity(start, m.end(), m.start("num"), target, value, value_max, unit, comparator, before)


def find_quantities(text: str, bare_chinese: bool = True) -> list[Quantity]:
    """Every quantified target printed in ``text``, in printed order.

    ``bare_chinese=False`` (running text) takes a Chinese numeral only after a comparator or aim
    word (超过三千家, 力争五个): bare ones there are slogans (三个层次, 四个坚持).

    >>> [(q.target, q.value, q.unit, q.comparator) for q in find_quantities("超过3000亿元，85%左右")]
    [('超过3000亿元', 3000.0, '亿元', '>'), ('85%左右', 85.0, '%', '≈')]
    """
    out = []
    for m in grammar().quantity.finditer(text):
        if not m.group("num"):
            continue
        q = _read(text, m, bare_chinese)
        if q is not None:
            out.append(q)
    return out


def parse_target(target: str) -> Quantity | None:
    """The first quantity of a printed target (a table cell: ≥17.8, 1—2, 45%以上); None for words (稳定增长)."""
    found = find_quantities(target)
    return found[0] if found else None


# ---- years ------------------------------------------------------------------------------------


def _year(s: str | None) -> int | None:
    if not s:
        return None
    n = int(s) if s.isdigit() else cn_int(s)
    return n if n and 1900 < n < 2200 else None


def lead_year(sentence: str) -> tuple[int | None, int]:
    """The year a sentence opens with (到2027年, / 2025年底前 / 2026—2028年) and where its text goes on."""
    m = grammar().year_lead.match(sentence)
    if not m or not m.group(2):
        return None, 0
    return _year(m.group(2)), m.end()


def target_year(sentence: str) -> int | None:
    """The target year a sentence states: at its opening, 到X年 / X年底前 inside it, or 到“十四五”末."""
    g = grammar()
    text = sentence.strip().lstrip("—-")
    year, _ = lead_year(text)
    if year:
        return year
    m = g.year_anywhere.search(text)
    if m:
        return _year(m.group(1) or m.group(2))
    p = g.period.search(text)
    return g.plan_periods.get(p.group(1)) if p else None


def plan_period(head: str) -> int | None:
    """The plan's last year from a title: (2024—2027年) → 2027, “十四五”规划 → 2025."""
    g = grammar()
    m = g.title_period.search(head)
    if m:
        return int(m.group(1))
    return next((y for name, y in g.plan_periods.items() if name in head), None)
