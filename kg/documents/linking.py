"""Corpus-level links between documents: what a 政策解读 interprets, what abolishes what, and
the English titles a gazette's English table of contents gives."""
from __future__ import annotations

import re
from difflib import SequenceMatcher

from ..model import Document
from ..text.cleaning import TocEntry
from . import patterns as P


def link(documents: list[Document]) -> None:
    """Resolve interprets/supersedes titles to corpus keys and set abolished_by, in place."""
    by_title: dict[str, str] = {}
    for d in documents:
        for t in (d.title, d.attached_title):
            if t:
                by_title.setdefault(P.loose(t), d.key)
    keys = {d.key for d in documents}
    for d in documents:
        if d.interprets:
            d.interprets = by_title.get(P.loose(d.interprets)) or _closest(d.interprets, by_title) \
                or d.interprets
        for old in d.supersedes:
            target = old if old in keys else by_title.get(P.loose(old))
            for other in documents:
                if other.key == target and other.key != d.key:
                    other.abolished_by = d.key


def _closest(title: str, by_title: dict[str, str], threshold: float = 0.85) -> str | None:
    """The corpus document whose title is nearly the same (an interpretation may cite it loosely)."""
    want = P.loose(title)
    scored = sorted(((SequenceMatcher(None, want, t).ratio(), k) for t, k in by_title.items()), reverse=True)
    return scored[0][1] if scored and scored[0][0] >= threshold else None


_EN_NUMBER = re.compile(r"\[(\d{4})\]\s*No\.?\s*(\d+)")


def english_titles(documents: list[Document], toc: list[TocEntry]) -> None:
    """Give each numbered document the English contents line with its year and number.

    Where two lines share year and number (e.g. a 规 and a 发 series), the page of the Chinese
    contents line with the same title decides.
    """
    english = [e for e in toc if e.english and _EN_NUMBER.search(e.title)]
    pages = {P.loose(e.title): e.page for e in toc if not e.english}
    for d in documents:
        m = P.NUMBER.search(d.doc_number or "")  # numbered in a series with a year (not a 令)
        if not m:
            continue
        year, seq = int(m.group(2)), int(m.group(3))
        hits = [e for e in english if _year_seq(e.title) == (year, seq)]
        if len(hits) > 1:
            page = pages.get(P.loose(d.title))
            hits = [e for e in hits if e.page == page]
        if len(hits) == 1:
            d.english_title = re.sub(r"\s*\([^()]*\[\d{4}\][^()]*\)\s*$", "", hits[0].title).strip()


def _year_seq(title: str) -> tuple[int, int] | None:
    m = _EN_NUMBER.search(title)
    return (int(m.group(1)), int(m.group(2))) if m else None
