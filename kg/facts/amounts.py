"""Funding amounts in running text → :class:`~kg.model.Amount` records.

The genre prints support as "每项资助100万元或200万元" (two fixed amounts), "给予最高3000万元的启动经费"
(a ceiling), "给予不超过项目总投资20%、最高300万元的奖励" (a share and a ceiling of the same award).
Every amount keeps its printed text; money is converted to yuan (万元 ×1e4, 亿元 ×1e8); a share is a
fraction (30% → 0.3). The purpose is what the clause says the money is for ("的奖励", "的经费支持"),
else the words before the amount ("每项资助").
"""
from __future__ import annotations

import re

from ..model import Amount

_SPACE = re.compile(r"\s")
SCALE = {"元": 1.0, "万元": 1e4, "亿元": 1e8}
_CAP_WORDS = "最高|不超过|不高于|最多|上限为?"
_MONEY = re.compile(rf"(?P<cap>{_CAP_WORDS})?\s*(?P<num>\d+(?:\.\d+)?)\s*(?P<unit>亿元|万元|元)")
_SHARE = re.compile(rf"(?P<cap>{_CAP_WORDS})(?P<base>[^，。；、,;\d]{{0,20}}?)\s*(?P<num>\d+(?:\.\d+)?)\s*%")
_CLAUSE = re.compile(r"(?:[^，。；;,\n.]|(?<=\d)\.(?=\d))+")
_PURPOSE_AFTER = re.compile(r"^\s*的(?P<what>[^，。；;,、)）和]{1,20})")


def find_amounts(text: str) -> list[Amount]:
    """Every amount printed in ``text``, in printed order, with its purpose.

    >>> [(a.yuan, a.cap) for a in find_amounts("每项资助100万元或200万元")]
    [(1000000.0, False), (2000000.0, False)]
    """
    out: list[Amount] = []
    for clause in _CLAUSE.finditer(text):
        out += _clause_amounts(clause.group(0))
    return out


def _clause_amounts(clause: str) -> list[Amount]:
    hits: list[tuple[int, int, Amount]] = []
    capped = False  # "分别给予最高100万元、50万元": the ceiling word covers the whole list
    for m in _MONEY.finditer(clause):
        capped = bool(m.group("cap")) or (capped and clause[hits[-1][1]:m.start()].strip() in ("、", "或", "和"))
        yuan = float(m.group("num")) * SCALE[m.group("unit")]
        hits.append((m.start(), m.end(), Amount(_squeeze(m.group(0)), yuan, capped, None, "")))
    for m in _SHARE.finditer(clause):
        share = round(float(m.group("num")) / 100, 6)
        hits.append((m.start(), m.end(), Amount(_squeeze(m.group(0)), None, True, share, "")))
    if not hits:
        return []
    hits.sort(key=lambda h: h[0])
    purpose = _purpose(clause, hits[0][0], max(h[1] for h in hits))
    for _, end, amount in hits:
        own = _PURPOSE_AFTER.match(clause[end:])
        amount.purpose = own.group("what").strip() if own else purpose
    return [h[2] for h in hits]


def _purpose(clause: str, first: int, last: int) -> str:
    after = _PURPOSE_AFTER.match(clause[last:])
    if after:
        return after.group("what").strip()
    if clause[last:].strip():
        return _squeeze(clause[last:])
    before = re.sub(r"^(?:并|对|分阶段|每年|连续三年)+", "", clause[:first].strip())
    return _squeeze(before.removesuffix("给予"))[-16:]


def _squeeze(text: str) -> str:
    return _SPACE.sub("", text)
