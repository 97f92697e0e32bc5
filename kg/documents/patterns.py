"""Regular expressions for the fixed parts of a Chinese policy document's head and tail."""
from __future__ import annotations

import re
import tomllib
from functools import lru_cache
from pathlib import Path

NUMBER = re.compile(r"([\u4e00-\u9fff]{1,12}?)\s*[〔\[［(（]\s*(\d{4})\s*[〕\]］)）]\s*(\d{1,5})\s*号")
NUMBER_LINE = re.compile(r"^" + NUMBER.pattern + r"$")
DATE = re.compile(r"(\d{4})\s*年\s*(\d{1,2})\s*月\s*(\d{1,2})\s*日")
DATE_LINE = re.compile(r"^" + DATE.pattern + r"$")
DATED_NOTE = re.compile(r"^[(（]" + DATE.pattern + r"[)）]$")
ADDRESSEE = re.compile(r"^(?:各|市政府各|本市各|市各)[^。.;；]{1,80}[:：]$")
INTERPRETATION = re.compile(r"^(?:关于)?《(.+)》(?:的)?(?:政策)?解读$|^(.{4,60})政策解读$")
BOOK_TITLE = re.compile(r"《([^《》]{2,120})》")
ORG_LINE = re.compile(
    r"^[\u4e00-\u9fff（）()]{3,40}(?:人民政府|办公厅|办公室|委员会|局|委|办|厅|院|部|中心|总局|分局|监管局)$"
)


@lru_cache(maxsize=1)
def genres() -> dict:
    return tomllib.loads((Path(__file__).parent / "genres.toml").read_text(encoding="utf-8"))


def genre_of(title: str) -> str | None:
    """The genre a title ends with (brackets such as （试行） or （2024—2027年） ignored)."""
    t = re.sub(r"[(（][^()（）]*[)）]$", "", title.strip())
    t = re.sub(r"[(（][^()（）]*[)）]$", "", t)
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
    t = re.sub(r"[(（][^()（）]*[)）]", "", title)
    return re.sub(r"[\s《》«»“”\"'‘’、，,。.：:；;—\-－–]", "", t)
