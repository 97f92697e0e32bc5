"""Numbering systems of Chinese policy documents, as data.

Each marker is (name, regex at a line start, rank, path format, in_path). A lower rank is a
higher level. 第X章 groups articles but is left out of paths: the genre cites 第三条, not
第一章第三条.
"""
from __future__ import annotations

import re
from dataclasses import dataclass

from ..text.numerals import cn_int

_CN = "一二三四五六七八九十百零〇"


@dataclass(frozen=True)
class Marker:
    name: str
    pattern: re.Pattern
    rank: int
    fmt: str
    in_path: bool = True


MARKERS: tuple[Marker, ...] = (
    Marker("part", re.compile(rf"^第([{_CN}\d]+)章"), 0, "第{}章", in_path=False),
    Marker("chapter", re.compile(rf"^([{_CN}]+)、"), 1, "{}"),
    Marker("article", re.compile(rf"^第([{_CN}\d]+)条"), 1, "第{}条"),
    Marker("section", re.compile(rf"^[(（]([{_CN}]+)[)）]"), 2, "({})"),
    # "1.5倍" at a line start is a decimal, "11.121人才梯队项目" item 11: a digit after the dot is
    # allowed by the tree only where the number continues the item sequence.
    Marker("item", re.compile(r"^(\d{1,3})[.．、](?![.．])"), 3, "{}"),
    Marker("subitem", re.compile(r"^[(（](\d{1,3})[)）]"), 4, "({})"),
    Marker("circled", re.compile(r"^([①-⑳])"), 5, "{}"),
)

# Any of the markers, matched at a position (``MARKER_START.match(text, pos)``, which a "^" would
# refuse): one match tells a line that opens no provision (nearly every line) from one that may.
MARKER_START = re.compile("|".join(f"(?:{m.pattern.pattern.removeprefix('^')})" for m in MARKERS))

LEVEL = {"part": "part", "chapter": "chapter", "article": "article", "section": "section",
         "item": "item", "subitem": "subitem", "circled": "subitem"}


def cn_number(s: str) -> int | None:
    """一 → 1, 十二 → 12, 二十三 → 23, 一百 → 100, digits as digits, ① → 1 (see kg.text.numerals)."""
    return cn_int(s)
