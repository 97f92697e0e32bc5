"""Whose short forms a document uses.

"市科委" means 上海市科学技术委员会 in a Shanghai gazette and 北京市科学技术委员会 in a Beijing one.
The agency register describes one home jurisdiction; a document issued elsewhere keeps its local
short forms unresolved (and reported) instead of borrowing the home city's bodies. Central bodies
(国家发展改革委, 财政部) resolve wherever they are printed.
"""
from __future__ import annotations

import re
from functools import lru_cache

from ..model import Document, Duty

_PLACE = re.compile(r"^(?:中共)?([\u4e00-\u9fff]{2,7}?(?:省|市|自治区|特别行政区))")
_CENTRAL = ("国务院", "中华人民共和国", "中共中央", "全国人民代表大会")


@lru_cache(maxsize=4)
def home_of(register) -> str | None:
    """'上海市' for a register whose municipal government is 上海市人民政府."""
    for agency in register:
        if agency.kind == "MunicipalGovernment" and agency.name.endswith("人民政府"):
            return agency.name[: -len("人民政府")]
    return None


def place_of(doc: Document) -> str | None:
    """The province or city that issued a document, from its issuers or title; None for central ones."""
    for name in list(doc.issuers) + [doc.title or ""]:
        if name.startswith(_CENTRAL):
            return None
        m = _PLACE.match(name)
        if m:
            return m.group(1)
    return None


def localise(duties: list[Duty], doc: Document, register) -> None:
    """Unresolve local short forms in a document from outside the register's home, in place."""
    home, place = home_of(register), place_of(doc)
    if not home or not place or place == home:
        return
    for duty in duties:
        for party in duty.parties:
            if party.agency_id and home not in party.printed \
                    and register.get(party.agency_id).kind != "CentralGovernment":
                party.agency_id = None
