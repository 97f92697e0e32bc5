"""Per-document metadata: titles, genre, number, issuers, dates, repeals, basis.

Everything is read from the document's own text: the head found by :mod:`splitting`, the
signature block (issuer lines above a date line), the closing clause (自…起施行，有效期至…；
…同时废止) and the basis sentence (根据《…》…制定本…).
"""
from __future__ import annotations

import re
from datetime import date, timedelta

from ..model import Document
from ..text.cleaning import Cleaned
from ..text.numerals import cn_int
from . import patterns as P
from .splitting import DocSlice, Line

_ISSUING = re.compile(r"(?:印发|转发|发布)[^《》]{0,30}《([^《》]+)》")
# A title that cites its plan without 《》: "关于印发浙江省推进数字经济发展行动方案的通知"
_ISSUING_BARE = re.compile(r"(?:印发|转发)(?!.*《)(.{4,80}?)的(?:通知|函)$")
_EFFECTIVE = re.compile(r"自\s*" + P.DATE.pattern + r"\s*(?:起)?\s*(?:施行|实施|执行|生效)")
_EFFECTIVE_ON_ISSUE = re.compile(r"自(?:印发|发布|公布)之日起(?:施行|实施|执行|生效)")
_EXPIRES = re.compile(r"有效期至\s*" + P.DATE.pattern)
_VALID_YEARS = re.compile(r"有效期(?:为)?\s*([一二三四五六七八九十\d]+)\s*年")
_ABOLISH = re.compile(r"([^。.；;]*?)同时废止|([^。.；;]*?)(?:予以|即行)?废止")
_BASIS_TRIGGER = re.compile(r"(?:根据|依据|按照|贯彻|落实)")
_BASIS_PURPOSE = re.compile(r"制定本|特制定|制定如下|提出.{0,8}如下|现就|现提出|提出以下|结合本市实际")
# A dot that is no decimal point also ends a sentence; the dot is matched before its lookbehind
# so that the scan can skip every character that opens no alternative (the same matches).
_SENTENCE = re.compile(r"[。；;]|\.(?<!\d\.)(?!\d)")


def describe(cleaned: Cleaned, sl: DocSlice, index: int) -> Document:
    """Read one document's metadata from its slice of cleaned text."""
    body = cleaned.text[sl.start:sl.end]
    title = _title(sl)
    number = _number(sl) or _meta_number(sl) or _order_number(sl)
    attached = _attached_title(sl, title)
    kind = _kind(title, body, sl)
    signed = _signed_date(sl) or _date(P.DATE.search(sl.metadata.get("成文日期", "")))
    effective = _effective(body, signed)
    expires = _expires(body, effective)
    key = number or f"seed-{cleaned.source.name.rsplit('.', 1)[0]}-doc{index}"
    issuers = _issuers(sl, title, number) or _meta_issuers(sl)
    return Document(
        key=key, doc_number=number, title=title, attached_title=attached, kind=kind,
        issuers=issuers, signed_date=signed, effective_from=effective,
        expires_on=expires, supersedes=_supersedes(body), interprets=_interpreted_title(sl),
        basis=_basis(body), english_title=None, span=cleaned.span(sl.start, sl.end), body=body,
        published=_date(P.DATE.search(sl.metadata.get("发布日期", "") or sl.metadata.get("公布日期", ""))),
    )


def _meta_issuers(sl: DocSlice) -> list[str]:
    value = sl.metadata.get("发文机关") or sl.metadata.get("发布机构") or sl.metadata.get("发文单位") or ""
    return [n for n in re.split(r"[、，,\s]+", value) if n]


def _title(sl: DocSlice) -> str | None:
    t = "".join(ln.text for ln in sl.title).strip()
    return t or None


def _order_number(sl: DocSlice) -> str | None:
    """A government order's number: its series and sequence, "上海市人民政府令第16号"."""
    if sl.order is None:
        return None
    m = P.ORDER_LINE.match(sl.order.text)
    issuer = m.group("issuer") or next((ln.text for ln in sl.lines[:4] if ln.text.endswith("令")), None)
    return f"{issuer}第{int(m.group('seq'))}号" if issuer else None


def _meta_number(sl: DocSlice) -> str | None:
    value = sl.metadata.get("发文字号") or sl.metadata.get("文号") or ""
    m = P.NUMBER.search(value)
    return P.normalise_number(*m.groups()) if m else None


def _number(sl: DocSlice) -> str | None:
    if sl.number is None:
        return None
    m = P.NUMBER.search(sl.number.text)
    return P.normalise_number(*m.groups()) if m else None


def _attached_title(sl: DocSlice, title: str | None) -> str | None:
    """The plan a 印发/转发 notice carries: its title as printed in the body, else as cited."""
    m = _ISSUING.search(title or "") or _ISSUING_BARE.search(title or "")
    if not m:
        return None
    cited = P.loose(m.group(1))
    head_end = sl.lines.index(sl.addressee) if sl.addressee in sl.lines else 0
    lines = sl.lines[head_end + 1:]
    for i in range(len(lines)):
        for n in (1, 2, 3):
            joined = "".join(x.text for x in lines[i:i + n])
            if P.loose(joined) == cited:
                return joined
            if len(P.loose(joined)) > len(cited):
                break
    return m.group(1) if m.re is _ISSUING else None  # unquoted: only where the body prints it


def _kind(title: str | None, body: str, sl: DocSlice) -> str | None:
    if sl.interpretation:
        return "政策解读"
    if title and (kind := P.genre_of(title)):
        return kind
    m = re.search(r"(?:现提出如下|提出如下|本)([\u4e00-\u9fff]{2,6}?)(?:自|如下|[。.:：])", body)
    return P.genre_of(m.group(1)) if m else None


def _signed_date(sl: DocSlice) -> date | None:
    if sl.dated is not None:
        return _date(P.DATE.search(sl.dated.text))
    sig = _signature(sl)
    if sig:
        return _date(P.DATE.search(sig[1].text))
    bare = next((ln for ln in sl.lines if P.DATE_LINE.match(ln.text)), None)  # date, no issuer line
    return _date(P.DATE.search(bare.text)) if bare else None


def _signature(sl: DocSlice) -> tuple[list[Line], Line] | None:
    """The first date line preceded by issuer lines: the signature block."""
    for i, ln in enumerate(sl.lines):
        if not P.DATE_LINE.match(ln.text):
            continue
        names = []
        j = i - 1
        while j >= 0 and P.ORG_LINE.match(sl.lines[j].text) and len(names) < 12:
            names.insert(0, sl.lines[j])
            j -= 1
        if names:
            return names, ln
    return None


def _issuers(sl: DocSlice, title: str | None, number: str | None) -> list[str]:
    if sl.interpretation:
        return []
    sig = _signature(sl)
    if sig:
        return [ln.text for ln in sig[0]]
    if title and (m := re.match(r"^(.{4,30}?(?:人民政府办公厅|人民政府|委员会|办公厅|局))(?:关于|印发|转发)", title)):
        return [m.group(1)]
    m = P.NUMBER.search(number or "")  # a government order's number (…令第16号) has no prefix
    if m:
        return list(P.genres()["number_prefix_issuers"].get(m.group(1), []))
    if number and "令" in number:
        return [number.split("令")[0]]
    return []


def _effective(body: str, signed: date | None) -> date | None:
    m = _EFFECTIVE.search(body)
    if m:
        return _date(m)
    return signed if _EFFECTIVE_ON_ISSUE.search(body) else None


def _expires(body: str, effective: date | None) -> date | None:
    m = _EXPIRES.search(body)
    if m:
        return _date(m)
    m = _VALID_YEARS.search(body)
    if m and effective:
        years = cn_int(m.group(1))
        if years:
            try:
                return effective.replace(year=effective.year + years) - timedelta(days=1)
            except ValueError:  # 29 February
                return effective.replace(year=effective.year + years, day=28)
    return None


def _supersedes(body: str) -> list[str]:
    out: list[str] = []
    for m in re.finditer(r"废止", body):
        seg = _sentence_before(body, m.start())
        numbers = [P.normalise_number(*n.groups()) for n in P.NUMBER.finditer(seg)]
        titles = P.BOOK_TITLE.findall(seg)
        for item in numbers or titles:
            if item not in out:
                out.append(item)
    return out


def _sentence_before(body: str, pos: int) -> str:
    start = max(body.rfind(c, 0, pos) for c in "。；;\n")
    dot = body.rfind(".", 0, pos)
    while dot > start and dot > 0 and body[dot - 1].isdigit():
        dot = body.rfind(".", 0, dot)
    return body[max(start, dot) + 1:pos]


def _basis(body: str) -> list[str]:
    out: list[str] = []
    for sentence in _SENTENCE.split(body):
        trig = _BASIS_TRIGGER.search(sentence)
        if not trig or not _BASIS_PURPOSE.search(sentence):
            continue
        for t in P.BOOK_TITLE.findall(sentence[trig.start():]):
            if t not in out:
                out.append(t)
    return out


def _interpreted_title(sl: DocSlice) -> str | None:
    if not sl.interpretation or not sl.title:
        return None
    m = P.INTERPRETATION.match(sl.title[0].text)
    return (m.group(1) or m.group(2)) if m else None


def _date(m: re.Match | None) -> date | None:
    if not m:
        return None
    y, mo, d = (cn_int(g) for g in m.groups()[:3])
    try:
        return date(y, mo, d) if y and mo and d else None
    except (TypeError, ValueError):
        return None
