"""Responsibility clauses → :class:`~kg.model.Duty` records with parties in printed order.

Forms (see ``clause_forms.toml``): "（责任单位：A、B）", "（责任部门、单位：A、B、C）",
"牵头单位：A；配合单位：B、C", "（A牵头，B、C配合）", "（由A会同B负责）", "（A、B按职责分工负责）".
With a plain list the first party leads; explicit 牵头/配合 wording wins. A clause whose
closing bracket never comes (a truncated line) is reported, not guessed.
"""
from __future__ import annotations

import re
import tomllib
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from ..documents.doctext import DocumentText
from ..model import Duty, Party, Problem
from ..provisions.markers import MARKERS
from ..provisions.tree import innermost
from ..text.cleaning import Cleaned
from .parties import split_parties, to_party

_OPEN, _CLOSE = "(（", ")）"


@dataclass
class _Forms:
    label: re.Pattern
    plain: set[str]
    lead: set[str]
    co: set[str]
    lead_co: re.Pattern
    led_with: re.Pattern
    by_division: re.Pattern


def _spaced(word: str) -> str:
    return r"\s*".join(re.escape(c) for c in word)


@lru_cache(maxsize=1)
def forms() -> _Forms:
    d = tomllib.loads((Path(__file__).parent / "clause_forms.toml").read_text(encoding="utf-8"))
    labels = sorted(d["plain_labels"] + d["lead_labels"] + d["co_labels"], key=len, reverse=True)
    label = re.compile(r"(?P<label>" + "|".join(_spaced(w) for w in labels) + r")\s*[:：]")
    return _Forms(label, set(d["plain_labels"]), set(d["lead_labels"]), set(d["co_labels"]),
                  re.compile(d["lead_co"]), re.compile(d["led_with"]), re.compile(d["by_division"]))


def find_duties(doc: DocumentText, register) -> tuple[list[Duty], list[Problem]]:
    """Duties and problems of one document's responsibility clauses."""
    cleaned, start, end, located = doc.cleaned, doc.start, doc.end, doc.provisions
    doc = doc.key
    duties: list[Duty] = []
    problems: list[Problem] = []
    text = cleaned.text
    consumed = start
    for m in forms().label.finditer(text, start, end):
        if m.start() < consumed:
            continue  # a second label inside a clause already read (牵头单位：A；配合单位：B)
        opened = _opening_bracket(text, m.start(), start)
        if opened is None and not _line_start(text, m.start()):
            continue
        close = _closing(text, m.end(), end) if opened is not None else _line_end(text, m.end(), end)
        if close is None or "\ufffd" in text[m.end():close]:
            problems.append(_truncated(cleaned, m, doc))
            continue
        label = re.sub(r"\s", "", m.group("label"))
        content = text[m.end():close]
        consumed = close
        first = opened if opened is not None else m.start()
        duty = _duty(cleaned, doc, located, label, content, first, close, register)
        if duty.lead is None:
            problems.append(_leaderless(duty))
            continue
        duties.append(duty)
    duties += _unlabelled(cleaned, start, end, doc, located, register)
    duties.sort(key=lambda d: (d.span.start_line, d.span.text))
    return duties, problems


def first_clause_parties(text: str, start: int, end: int, register=None) -> list[Party]:
    """Parties, with roles, of the first bracketed responsibility clause in text[start:end].

    For facts that borrow the agencies of the clause closing their provision (a programme's or a
    fund's responsible agencies), read with the same forms as the duties themselves.
    """
    for m in forms().label.finditer(text, start, end):
        close = _closing(text, m.end(), end)
        if _opening_bracket(text, m.start(), start) is None or close is None:
            continue
        raw = re.sub(r"\s", "", text[m.end():close]).rstrip("。.；;")
        return parse_parties(re.sub(r"\s", "", m.group("label")), raw, register)[0]
    return []


def _opening_bracket(text: str, pos: int, floor: int) -> int | None:
    j = pos - 1
    while j >= floor and text[j] in " \n":
        j -= 1
    return j if j >= floor and text[j] in _OPEN else None


def _line_start(text: str, pos: int) -> bool:
    """An unbracketed label opens a line, or follows a sentence ("…研发。牵头单位：A；配合单位：B")."""
    j = pos - 1
    while j >= 0 and text[j] == " ":
        j -= 1
    return j < 0 or text[j] in "\n。；;" or (text[j] == "." and not text[j - 1:j].isdigit())


def _closing(text: str, pos: int, end: int) -> int | None:
    depth = 0
    for j in range(pos, min(end, pos + 400, len(text))):
        c = text[j]
        if c in _OPEN:
            depth += 1
        elif c in _CLOSE:
            if depth == 0:
                return j
            depth -= 1
        elif c == "\n" and text[j + 1:j + 2] and _new_item(text, j + 1):
            return None
    return None


def _new_item(text: str, pos: int) -> bool:
    return any(m.pattern.match(text[pos:pos + 8]) for m in MARKERS)


def _line_end(text: str, pos: int, end: int) -> int:
    """An unbracketed clause runs to its line end, and on over lines that open with a label
    (牵头单位：A / 配合单位：B printed on two lines)."""
    stop = pos
    while True:
        nl = text.find("\n", stop, end)
        stop = nl if nl != -1 else end
        if nl == -1 or not forms().label.match(text, nl + 1):
            break
        stop = nl + 1
    return stop - 1 if text[stop - 1:stop] in "。." else stop


def _duty(cleaned, doc, located, label, content, label_pos, close, register) -> Duty:
    raw = re.sub(r"\s", "", content).rstrip("。.；;")
    raw = re.sub(r"(?<=[^、，,；;])等$", "", raw)  # "市科委、市财政局等": the list is open, the parties are not
    parties, form = parse_parties(label, raw, register)
    prov = innermost(located, label_pos)
    return Duty(doc=doc, provision=prov.path if prov else "", heading=prov.heading if prov else "",
                label=label, raw=raw, parties=parties, form=form,
                span=cleaned.span(label_pos, close + 1), text=prov.text if prov else "")


def parse_parties(label: str, raw: str, register=None) -> tuple[list[Party], str]:
    """Parties of a clause in printed order, with roles; returns (parties, form)."""
    f = forms()
    segments = _labelled_segments(f"{label}：{raw}")
    if len(segments) > 1:
        parties = []
        for seg_label, seg in segments:
            role = "lead" if seg_label in f.lead else "co"
            parties += [to_party(p, register, role) for p in split_parties(seg)]
        return _one_lead(parties), "lead-co"
    if label in f.lead:
        return _one_lead([to_party(p, register, "lead") for p in split_parties(raw)]), "lead-co"
    if label in f.co:
        return [to_party(p, register, "co") for p in split_parties(raw)], "lead-co"
    return parse_wording(raw, register)


def parse_wording(raw: str, register=None) -> tuple[list[Party], str]:
    """Unlabelled wording: 牵头/配合, 会同, 按职责分工负责, else a plain list."""
    f = forms()
    for pattern, form in ((f.lead_co, "lead-co"), (f.led_with, "led-with")):
        m = pattern.match(raw)
        if m:
            leads = [to_party(p, register, "lead") for p in split_parties(m.group("lead"))]
            cos = [to_party(p, register, "co") for p in split_parties(m.group("co") or "")]
            return _one_lead(leads + cos), form
    m = f.by_division.match(raw)
    names = split_parties(m.group("all") if m else raw)
    parties = [to_party(p, register, "lead" if i == 0 else "co") for i, p in enumerate(names)]
    return parties, "by-division" if m else "bracket"


def _labelled_segments(raw: str) -> list[tuple[str, str]]:
    """'牵头单位：A；配合单位：B' → [('牵头单位', 'A'), ('配合单位', 'B')]."""
    out = []
    matches = list(forms().label.finditer(raw))
    for i, m in enumerate(matches):
        stop = matches[i + 1].start() if i + 1 < len(matches) else len(raw)
        out.append((re.sub(r"\s", "", m.group("label")), raw[m.end():stop].strip("；;，, ")))
    return out


def _one_lead(parties: list[Party]) -> list[Party]:
    """Exactly one lead: the first party marked lead (or the first party); other leads co-lead."""
    first = next((i for i, p in enumerate(parties) if p.role == "lead"), 0 if parties else None)
    for i, p in enumerate(parties):
        p.role = "lead" if i == first else "co"
    return parties


_UNLABELLED = re.compile(r"[(（](?P<body>[^()（）\n]{2,120}?(?:牵头|会同|按职责分工负责|按照职责分工负责|分别负责)"
                         r"[^()（）\n]{0,80})[)）]")


def _unlabelled(cleaned, start, end, doc, located, register) -> list[Duty]:
    """Bracketed clauses with 牵头/会同 wording and no label, e.g. （市发展改革委牵头，各区政府配合）."""
    out = []
    for m in _UNLABELLED.finditer(cleaned.text, start, end):
        raw = re.sub(r"\s", "", m.group("body"))
        if forms().label.search(raw):
            continue
        parties, form = parse_wording(raw, register)
        if not parties or any(p.kind == "unknown" for p in parties):
            continue  # running prose in brackets, not a clause
        prov = innermost(located, m.start())
        out.append(Duty(doc=doc, provision=prov.path if prov else "", heading=prov.heading if prov else "",
                        label="", raw=raw, parties=parties, form=form,
                        span=cleaned.span(m.start(), m.end()), text=prov.text if prov else ""))
    return out


def _leaderless(duty: Duty) -> Problem:
    return Problem("warning", "clause-without-lead",
                   f"{duty.doc} {duty.provision}: clause '{duty.span.text.strip()}' names no lead "
                   "(only co-responsible parties); not taken as a duty", duty.span.source_file, duty.span.start_line)


def _truncated(cleaned: Cleaned, m: re.Match, doc: str) -> Problem:
    span = cleaned.span(m.start(), m.end())
    return Problem("warning", "truncated-clause",
                   f"{doc}: responsibility clause '{span.text.strip()}…' has no closing bracket "
                   "(the line is cut off in the source); its parties are not guessed",
                   span.source_file, span.start_line)
