"""What the indicator readers share: ``indicator_forms.toml``, the document context, units and leads.

The table reader (:mod:`.indicator_tables`) and the running-text reader (:mod:`.indicator_text`)
both need the column and wording patterns, the plan's year, a span for source lines and the
lead-party rules; they live here once.
"""
from __future__ import annotations

import re
import tomllib
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

from ..documents.doctext import DocumentText
from ..model import Party, Span
from .parties import split_parties, to_party
from .targets import grammar, plan_period

_SPACE = re.compile(r"\s")
FORMS_FILE = Path(__file__).with_name("indicator_forms.toml")
MARKER = re.compile(r"^\s*(?:[一二三四五六七八九十]+[、.．]|[(（][一二三四五六七八九十\d]+[)）]"
                    r"|\d{1,3}[.．、](?!\d))\s*")


@dataclass
class Forms:
    """The patterns of ``indicator_forms.toml``, compiled."""

    columns: dict[str, list[str]]
    year_header: re.Pattern
    types: dict[str, str]
    lead_words: dict[str, str]
    measures: tuple[str, ...]
    verbs: list[str]
    subjectless: tuple[str, ...]
    goal_verbs: list[str]
    goal_headings: list[str]
    not_target: re.Pattern
    forecast_words: list[str]
    category_max: int
    not_names: tuple[str, ...] = ()
    leads_from_item_clause: bool = True
    periods: dict[str, int] = field(default_factory=dict)


@lru_cache(maxsize=1)
def forms(path: Path = FORMS_FILE) -> Forms:
    """The bundled indicator forms, read once."""
    d = tomllib.loads(path.read_text(encoding="utf-8"))
    t = d["text"]
    return Forms(
        columns={k: v for k, v in d["columns"].items() if isinstance(v, list)},
        year_header=re.compile(d["columns"]["year_header"]), types=d["types"], lead_words=d["lead_words"],
        measures=tuple(sorted(t["measures"], key=len, reverse=True)),
        verbs=sorted(t["verbs"], key=len, reverse=True), subjectless=tuple(t["subjectless_starts"]),
        goal_verbs=sorted(t["goal_verbs"], key=len, reverse=True), goal_headings=t["goal_headings"],
        not_target=re.compile(t["not_target"]), forecast_words=t["forecast_words"], category_max=t["category_max"],
        not_names=tuple(t["not_names"]), leads_from_item_clause=t["leads_from_item_clause"],
        periods=grammar().plan_periods)


@dataclass
class Context:
    """One document as the indicator readers see it."""

    doc: DocumentText
    register: object
    period: int | None  # the plan's last year, from the title
    issued: int | None  # the year of the document number

    @classmethod
    def of(cls, doc: DocumentText, register) -> Context:
        head = doc.text[doc.start:min(doc.end, doc.start + 600)]
        title = " ".join(t for t in (doc.document.title, doc.document.attached_title) if t)
        return cls(doc, register, plan_period(title or head), _issued(doc, head))

    def span_of_lines(self, first: int, last: int) -> Span:
        """The span of whole source lines first..last (1-based), for rows read from the source."""
        starts = self.doc.cleaned.map.line_starts
        source = self.doc.cleaned.source
        a = starts[first - 1]
        b = starts[last] - 1 if last < len(starts) else len(source.printed)
        return Span(source.name, first, last, source.printed[a:b])


def _issued(doc: DocumentText, head: str) -> int | None:
    """The year the document was issued: its number's year, else its signing date's, else the head's."""
    number = re.search(r"[〔\[](\d{4})[〕\]]", doc.document.doc_number or head)
    if number:
        return int(number.group(1))
    return doc.document.signed_date.year if doc.document.signed_date else None


def split_unit(name: str) -> tuple[str, str | None]:
    """'全市养老床位总数(万张)' → ('全市养老床位总数', '万张'); a trailing parenthesis that is no unit stays."""
    name = _SPACE.sub("", name)
    m = re.search(r"[(（]([^()（）]{1,5})[)）]$", name)
    if m and _unit_words(tuple(grammar().raw["units"]["words"])).fullmatch(m.group(1)):
        return name[:m.start()], m.group(1)
    return name, None


@lru_cache(maxsize=4)
def _unit_words(words: tuple[str, ...]) -> re.Pattern:
    """A unit with its optional magnitude (万张), compiled once, not once per table row."""
    units = "|".join(re.escape(u) for u in sorted(words, key=len, reverse=True))
    return re.compile(rf"(?:万|亿|千|百)?(?:{units})")


def lead_parties(cell: str, register=None, role_word: str = "") -> list[Party]:
    """A 牵头单位 cell as parties, the first leading (the genre's first-listed rule); 'A局B委' printed
    without separators is split where every piece is a registered agency."""
    if not cell.strip():
        return []
    names: list[str] = []
    for piece in split_parties(cell, register):
        names += _segment(piece, register) or [piece]
    parties = [to_party(n, register, "lead" if k == 0 else "co") for k, n in enumerate(names)]
    if role_word and parties:
        parties[0].role_word = role_word
    return parties


def _segment(text: str, register) -> list[str] | None:
    """Split a run of agency names printed together, each piece resolving in the register."""
    from ..agencies import default_register

    register = register or default_register()
    if register.resolve(text) is not None:
        return [text]
    best: list[list[str] | None] = [[]] + [None] * len(text)
    for stop in range(1, len(text) + 1):
        for begin in range(max(0, stop - 30), stop - 1):
            if best[begin] is not None and register.resolve(text[begin:stop]) is not None:
                best[stop] = [*best[begin], text[begin:stop]]
                break
    return best[-1] if best[-1] and len(best[-1]) > 1 else None
