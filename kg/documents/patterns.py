"""Regular expressions for the fixed parts of a Chinese policy document's head and tail."""
from __future__ import annotations

import re
import tomllib
from functools import lru_cache
from pathlib import Path

NUMBER = re.compile(r"([\u4e00-\u9fff]{1,12}?)\s*[〔\[［(（]\s*(\d{4})\s*[〕\]］)）]\s*(\d{1,5})\s*号")
NUMBER_LINE = re.compile(r"^" + NUMBER.pattern + r"$")
# A government order is numbered within its series: "上海市人民政府令 第16号", "第16号".
ORDER_LINE = re.compile(r"^(?:(?P<issuer>[\u4e00-\u9fff]{2,20}令)\s*)?[（(]?\s*第\s*(?P<seq>\d{1,4})\s*号\s*[)）]?$")
# A portal's metadata block: one "field：value" per line (索引号, 发文机关, 发文字号, 成文日期, 发布日期 …).
METADATA = re.compile(r"^\s*(?P<field>索\s*引\s*号|主题分类|主\s*题\s*词|发文机关|发布机构|发文单位|发文字号|"
                      r"文\s*号|成文日期|发布日期|发文日期|公布日期|生效日期|标\s*题|名\s*称|分\s*类|有效性|时\s*效)"
                      r"\s*[:：]\s*(?P<value>.*)$")
_CN_DIGIT = "〇○零一二三四五六七八九十"
# Dates print with Arabic or Chinese numerals (2024年6月13日, 二〇二五年三月一日); read by kg.text.numerals.
DATE = re.compile(rf"(\d{{4}}|[{_CN_DIGIT}]{{4}})\s*年\s*(\d{{1,2}}|[{_CN_DIGIT}]{{1,3}})\s*月"
                  rf"\s*(\d{{1,2}}|[{_CN_DIGIT}]{{1,3}})\s*日")
DATE_LINE = re.compile(r"^" + DATE.pattern + r"$")
DATED_NOTE = re.compile(r"^[(（]" + DATE.pattern + r"[)）]$")
ADDRESSEE = re.compile(r"^(?:各|市政府各|本市各|市各)[^。.;；]{1,80}[:：]$")
INTERPRETATION = re.compile(r"^(?:关于)?《(.+)》(?:的)?(?:政策)?解读$|^(.{4,60})政策解读$")
BOOK_TITLE = re.compile(r"《([^《》]{2,120})》")
_LAST_BRACKETS = re.compile(r"[(（][^()（）]*[)）]$")
_BRACKETS = re.compile(r"[(（][^()（）]*[)）]")
_LOOSE_DROPPED = re.compile(r"[\s《》«»“”\"'‘’、，,。.：:；;—\-－–]")
ORG_LINE = re.compile(
    r"^[\u4e00-\u9fff（）()]{3,40}(?:人民政府|办公厅|办公室|委员会|局|委|办|厅|院|部|中心|总局|分局|监管局)$"
)


@lru_cache(maxsize=1)
def genres() -> dict:
    return tomllib.loads((Path(__file__).parent / "genres.toml").read_text(encoding="utf-8"))


def genre_of(title: str) -> str | None:
    """The genre a title ends with (brackets such as （试行） or （2024—2027年） ignored)."""
    t = _LAST_BRACKETS.sub("", title.strip())
    t = _LAST_BRACKETS.sub("", t)
    g = genres()
    for kind in sorted(g["kinds"], key=len, reverse=True):
        if t.endswith(kind):
            return g["report_as"].get(kind, kind)
    return None


def normalise_number(prefix: str, year: str, seq: str) -> str:
    return f"{prefix}〔{int(year)}〕{int(seq)}号"


def loose(title: str | None) -> str:
    """A title reduced for matching: no brackets' contents, punctuation or spaces."""
    if not title:
        return ""
    return _LOOSE_DROPPED.sub("", _BRACKETS.sub("", title))
