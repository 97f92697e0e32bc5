"""How documents and duties are named in a short space: disambiguated short titles, task text.

Cutting a title to its first characters cut exactly where this corpus's titles differ
(``上海市人民政府办公厅关于印发《上海市推…`` for four documents, issue 19). A short title is the
attached document's own title (the 《》 inside 关于印发《…》的通知), less the issuing city, and when
two short titles still begin alike they keep their ends, where plans differ (…十四五规划).
"""
from __future__ import annotations

import dataclasses
import re
from collections.abc import Iterable

from .model import Document, Duty

_BOOK = re.compile(r"《([^《》]{2,120})》")
_ABOUT = re.compile(r"^.{0,30}?关于")
_CITY = re.compile(r"^(?:上海市|本市)")
_READING = re.compile(r"^《(.+)》的?(?:政策)?解读$")
_LABELLED = re.compile(r"[(（][^()（）]{0,12}(?:单位|部门|负责|牵头)[^()（）]*[)）][.。;；]?\s*$")


def base_title(doc: Document) -> str:
    """The words that tell a document apart: the attached title, else the title after 关于."""
    title = doc.attached_title or doc.title or doc.doc_number or doc.key
    reading = _READING.match(title)
    if reading:
        return "解读·" + base_title(dataclasses.replace(doc, attached_title=None, title=reading[1]))
    book = _BOOK.search(title) if not doc.attached_title else None
    if book:
        title = book.group(1)
    title = _ABOUT.sub("", title, count=1) if _ABOUT.match(title) else title
    return _CITY.sub("", title) or title


def _cut(text: str, limit: int, tail: int = 0) -> str:
    if len(text) <= limit:
        return text
    if tail:
        return text[: limit - tail - 1] + "…" + text[-tail:]
    return text[: limit - 1] + "…"


def short_titles(documents: Iterable[Document], limit: int = 18) -> dict[str, str]:
    """Document key → a title of at most ``limit`` characters, different for different documents.

    Titles that would be equal once cut keep their last characters instead; if still equal, the
    document number (or key) is what tells them apart.
    """
    docs = list(documents)
    bases = {d.key: base_title(d) for d in docs}
    short = {k: _cut(b, limit) for k, b in bases.items()}
    for attempt in (limit // 2, limit // 2 + 3):
        clashes = _clashing(short)
        if not clashes:
            break
        for key in clashes:
            short[key] = _cut(bases[key], limit, tail=attempt)
    for key in _clashing(short):
        doc = next(d for d in docs if d.key == key)
        short[key] = f"{short[key]} {doc.doc_number or doc.key}"
    return short


def _clashing(short: dict[str, str]) -> set[str]:
    seen: dict[str, list[str]] = {}
    for key, title in short.items():
        seen.setdefault(title, []).append(key)
    return {k for keys in seen.values() if len(keys) > 1 for k in keys}


def task_text(duty: Duty) -> str:
    """What the duty asks, without its heading (shown apart) and its (责任单位：…) bracket."""
    text = " ".join((duty.text or duty.raw or "").split())
    heading = " ".join((duty.heading or "").split())
    if heading and text.startswith(heading):
        text = text[len(heading):].lstrip(".。,，:：;； ")
    if not duty.stated_in_text:
        text = _LABELLED.sub("", text).rstrip()
    return text or heading or " ".join((duty.raw or "").split())  # a table row's task is its heading
