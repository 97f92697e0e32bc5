"""Indicator tables and quantified targets in running text → :class:`~kg.model.Indicator`.

Two printed forms, both driven by ``indicator_forms.toml``:

* **tables** — a TAB-separated header row whose cells name the columns (指标 / 2025年 / 指标类型 /
  牵头单位 …); every following TAB row is one indicator; a category cell is carried down to the
  rows below it and a header repeated after a page break is skipped;
* **running text** — in a goal section (a provision whose heading holds 目标) or in a sentence
  that opens with a target year (到2025年): "建设1—2个高质量孵化器" (a count: name after the
  number, the measure word as unit) and "成人吸烟率降至19%以下" (a measure: name before the verb,
  the printed value as target).

A target is kept as printed; its comparator and value(s) are parsed beside it. The unit field is
set only where the target is a bare number whose unit is printed elsewhere (a name's trailing
parenthesis, a unit column, a measure word before the counted noun).
"""
from __future__ import annotations

import re
import tomllib
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

from ..documents.doctext import DocumentText
from ..model import Indicator, Party, Problem
from ..provisions.tree import innermost
from ..text.cleaning import Cleaned
from .parties import split_parties, to_party

FORMS_FILE = Path(__file__).with_name("indicator_forms.toml")
_MARKER = re.compile(r"^\s*(?:[一二三四五六七八九十]+[、.．]|[(（][一二三四五六七八九十\d]+[)）]"
                     r"|\d{1,3}[.．、](?!\d))\s*")
_SENTENCE_END = re.compile(r"[。！？]|(?<!\d)\.(?!\d)")
_CLAUSE_END = re.compile(r"[，,；;：:]")


@dataclass
class Forms:
    """The patterns of ``indicator_forms.toml``, compiled."""

    columns: dict[str, list[str]]
    year_header: re.Pattern
    types: dict[str, str]
    periods: dict[str, int]
    meaning: dict[str, str]
    number: str
    comparator: str
    suffix: str
    unit: str
    measure: str
    units: str
    verbs: list[str]
    subjectless: tuple[str, ...]
    goal_verbs: list[str]
    goal_headings: list[str]
    year_lead: re.Pattern
    year_anywhere: re.Pattern
    title_period: re.Pattern
    category_max: int
    not_target: re.Pattern
    forecast_words: list[str]
    count: re.Pattern = field(init=False)
    measured: re.Pattern = field(init=False)

    def __post_init__(self):
        n, c, s = self.number, self.comparator, self.suffix
        # 建设 1—2 个 高质量孵化器 ; 至少 10 个 … ; 100 家以上 …
        self.count = re.compile(rf"(?P<cmp>{c})?\s*(?P<num>{n})\s*(?P<measure>{self.measure})\s*(?P<suffix>{s})?"
                                rf"(?!\s*(?:{s})\s*$)(?P<noun>[^\d\s、].+)$")
        # … 达到 85%左右 ; … ≥ 71 岁 ; … 超过 3000 亿元
        self.measured = re.compile(rf"(?P<value>(?:{c})?\s*(?P<num>{n})\s*(?:{self.unit})?\s*(?:{s})?)$")


def _alternatives(words) -> str:
    return "|".join(re.escape(w) for w in sorted(words, key=len, reverse=True))


@lru_cache(maxsize=1)
def forms(path: Path = FORMS_FILE) -> Forms:
    """The bundled indicator forms, read once."""
    d = tomllib.loads(path.read_text(encoding="utf-8"))
    q, t = d["quantity"], d["text"]
    return Forms(
        columns={k: v for k, v in d["columns"].items() if isinstance(v, list)},
        year_header=re.compile(d["columns"]["year_header"]),
        types=d["types"], periods=d["plan_periods"], meaning=q["meaning"], number=q["number"],
        comparator=_alternatives(q["comparators"]), suffix=_alternatives(q["suffixes"]), unit=q["unit_chars"],
        measure=_alternatives(t["measures"]),
        units=_alternatives(q["units"] + t["measures"]), verbs=sorted(t["verbs"], key=len, reverse=True),
        subjectless=tuple(t["subjectless_starts"]), goal_verbs=sorted(t["goal_verbs"], key=len, reverse=True),
        goal_headings=t["goal_headings"], year_lead=re.compile(t["year_lead"]),
        year_anywhere=re.compile(t["year_anywhere"]), title_period=re.compile(t["title_period"]),
        category_max=t["category_max"], not_target=re.compile(t["not_target"]), forecast_words=t["forecast_words"])


# ---- targets ----------------------------------------------------------------------------------


def parse_target(target: str) -> tuple[str | None, float | None, float | None]:
    """Comparator, value and upper value of a printed target; (None, None, None) for words.

    >>> parse_target("≥17.8"), parse_target("1—2"), parse_target("45%以上"), parse_target("稳定增长")
    (('>=', 17.8, None), ('range', 1.0, 2.0), ('>=', 45.0, None), (None, None, None))
    """
    f = forms()
    text = re.sub(r"\s", "", target)
    m = re.search(f.number, text)
    if not m:
        return None, None, None
    parts = re.split(r"[—\-－~～至]", m.group(0))
    value = float(parts[0])
    if len(parts) > 1:
        return "range", value, float(parts[1])
    words = [w for w in f.meaning if w in text[:m.start()] or w in text[m.end():]]
    word = max(words, key=len) if words else None
    return (f.meaning[word] if word else "="), value, None


# ---- entry ------------------------------------------------------------------------------------


@dataclass
class _DocContext:
    doc: str
    located: list
    register: object
    period: int | None  # the plan's last year, from the title
    issued: int | None  # the year of the document number


def find_indicators(doc: DocumentText, register) -> tuple[list[Indicator], list[Problem]]:
    """Indicators of the document: table rows, then running-text targets.

    Args:
        doc: the document, with its cleaned text and provisions.
        register: agency register for the lead agencies of table rows.

    Returns:
        The indicators in printed order and the problems met (rows that do not fit their header).
    """
    cleaned, start, end, located, doc_key = doc.cleaned, doc.start, doc.end, doc.provisions, doc.key
    ctx = _DocContext(doc_key, located, register, *_doc_years(cleaned.text[start:min(end, start + 600)]))
    found, problems = _tables(cleaned, start, end, ctx)
    found += _text_targets(cleaned, start, end, ctx)
    found.sort(key=lambda i: i.span.start_line)  # stable: printed order within a line
    return found, problems


def _doc_years(head: str) -> tuple[int | None, int | None]:
    f = forms()
    period = next((y for name, y in f.periods.items() if name in head), None)
    m = f.title_period.search(head)
    if m:
        period = int(m.group(1))
    issued = re.search(r"[〔\[](\d{4})[〕\]]", head)
    return period, int(issued.group(1)) if issued else None


def _lines(text: str, start: int, end: int) -> list[tuple[int, str]]:
    out, pos = [], start
    for line in text[start:end].split("\n"):
        out.append((pos, line))
        pos += len(line) + 1
    return out


# ---- tables -----------------------------------------------------------------------------------


@dataclass
class _Table:
    caption: str
    roles: list[str | None]
    years: list[int | None]
    header: list[str]
    year: int | None

    def cell(self, cells: list[str], role: str) -> str:
        return cells[self.roles.index(role)].strip() if role in self.roles else ""


def _header(line: str, caption: str, ctx: _DocContext) -> _Table | None:
    """The table a header row opens, or None when the row is not an indicator table's header."""
    f = forms()
    cells = [re.sub(r"\s", "", c) for c in line.split("\t")]
    roles: list[str | None] = []
    years: list[int | None] = []
    for c in cells:
        role = next((r for r, words in f.columns.items() if c in words), None)
        year_m = f.year_header.match(c)
        period = next((y for name, y in f.periods.items() if name in c), None)
        if role is None and (year_m or any(w in c for w in f.columns["target"])):
            role = "target"
        roles.append(role)
        years.append(int(year_m.group(1)) if year_m else period)
    if "name" not in roles or "target" not in roles:
        return None
    targets = [i for i, r in enumerate(roles) if r == "target"]
    if len(targets) > 1:  # 2020年 | 2025年: the latest year is the target, the others baselines
        last = max(targets, key=lambda i: years[i] or 0)
        for i in targets:
            roles[i] = "target" if i == last else "achieved"
    cap_period = next((y for name, y in f.periods.items() if name in caption), None)
    year = years[roles.index("target")] or cap_period or ctx.period
    return _Table(caption, roles, years, cells, year)


def _tables(cleaned: Cleaned, start: int, end: int, ctx: _DocContext) -> tuple[list[Indicator], list[Problem]]:
    found: list[Indicator] = []
    problems: list[Problem] = []
    lines = _lines(cleaned.text, start, end)
    i = 0
    while i < len(lines):
        table = _header(lines[i][1], _caption(lines, i), ctx) if "\t" in lines[i][1] else None
        i += 1
        if table is None:
            continue
        category = None
        while i < len(lines) and "\t" in lines[i][1]:
            pos, line = lines[i]
            i += 1
            cells = line.split("\t")
            if [re.sub(r"\s", "", c) for c in cells] == table.header:
                continue  # the header repeated after a page break
            if len(cells) != len(table.roles):
                problems.append(_bad_row(cleaned, pos, line, table, ctx))
                continue
            category = re.sub(r"\s", "", table.cell(cells, "category")) or category
            found.append(_row(cleaned, pos, line, cells, table, category, ctx))
    return found, problems


def _caption(lines: list[tuple[int, str]], i: int) -> str:
    for _, line in reversed(lines[max(0, i - 3):i]):
        if line.strip() and "\t" not in line:
            return _MARKER.sub("", line.strip())
    return ""


def _row(cleaned, pos, line, cells, table: _Table, category, ctx: _DocContext) -> Indicator:
    name, unit = split_unit(table.cell(cells, "name"))
    target = table.cell(cells, "target")
    unit = table.cell(cells, "unit") or unit
    comparator, value, value_max = parse_target(target)
    kind = table.cell(cells, "type")
    prov = innermost(ctx.located, pos)
    return Indicator(
        doc=ctx.doc, table=table.caption or "table", category=category, name=name, unit=unit or None,
        target=re.sub(r"\s", "", target), comparator=comparator, value=value, value_max=value_max,
        year=table.year, type=forms().types.get(kind, kind or None), leads=lead_parties(table.cell(cells, "lead"),
                                                                                       ctx.register),
        span=cleaned.span(pos, pos + len(line)), provision=prov.path if prov else "",
        baseline=table.cell(cells, "achieved") or None)


def split_unit(name: str) -> tuple[str, str | None]:
    """'全市养老床位总数(万张)' → ('全市养老床位总数', '万张'); a trailing parenthesis that is no unit stays."""
    name = re.sub(r"\s", "", name)
    m = re.search(r"[(（]([^()（）]{1,5})[)）]$", name)
    if m and re.fullmatch(rf"[万亿千百]?(?:{forms().units})", m.group(1)):
        return name[:m.start()], m.group(1)
    return name, None


def lead_parties(cell: str, register=None) -> list[Party]:
    """The 牵头单位 cell as parties, the first leading; 'A局B委' printed without separators is split
    where every piece is a registered agency."""
    if not cell.strip():
        return []
    names: list[str] = []
    for piece in split_parties(cell, register):
        names += _segment(piece, register) or [piece]
    return [to_party(n, register, "lead" if k == 0 else "co") for k, n in enumerate(names)]


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


def _bad_row(cleaned, pos, line, table: _Table, ctx: _DocContext) -> Problem:
    span = cleaned.span(pos, pos + len(line))
    return Problem("warning", "unparsed-indicator-row",
                   f"{ctx.doc}: table '{table.caption}' row has {len(line.split(chr(9)))} cells, its header "
                   f"{len(table.roles)}; the row is not read as an indicator", span.source_file, span.start_line)


# ---- running text -----------------------------------------------------------------------------


def _text_targets(cleaned: Cleaned, start: int, end: int, ctx: _DocContext) -> list[Indicator]:
    f = forms()
    goals = [(a, b) for a, b, p in ctx.located if p.level != "article"
             and any(w in p.heading for w in f.goal_headings)]
    goal_year: dict[tuple[int, int], int] = {}
    found: list[Indicator] = []
    for pos, para in _lines(cleaned.text, start, end):
        if "\t" in para or not para.strip():
            continue
        goal = next(((a, b) for a, b in goals if a <= pos < b), None)
        category = _category(para)
        for s_start, sentence in _pieces(para, pos, _SENTENCE_END):
            year = _sentence_year(sentence)
            if goal and year:
                goal_year[goal] = year
            if (goal is None and year is None) or any(w in sentence for w in f.forecast_words):
                continue
            year = year or (goal_year.get(goal) if goal else None) or ctx.period
            if year and ctx.issued and year < ctx.issued:
                continue  # 到2020年底… in a 2021 text reports an achievement, not a target
            found += _sentence_targets(cleaned, s_start, sentence, year, category, ctx)
    return found


def _pieces(text: str, offset: int, boundary: re.Pattern) -> list[tuple[int, str]]:
    out, last = [], 0
    for m in boundary.finditer(text):
        out.append((offset + last, text[last:m.start()]))
        last = m.end()
    out.append((offset + last, text[last:]))
    return [(p, s) for p, s in out if s.strip()]


def _sentence_year(sentence: str) -> int | None:
    f = forms()
    m = f.year_lead.match(sentence.strip().lstrip("—-")) or f.year_anywhere.search(sentence)
    return int(m.groups()[-1]) if m else None


def _category(para: str) -> str | None:
    if _MARKER.match(para):
        return None
    first = _SENTENCE_END.split(para, maxsplit=1)
    head = re.sub(r"\s", "", first[0]).lstrip("—-")
    if len(first) > 1 and head and len(head) <= forms().category_max and not re.search(r"\d", head):
        return head
    return None


def _sentence_targets(cleaned, s_start, sentence, year, category, ctx) -> list[Indicator]:
    found: list[Indicator] = []
    previous = ""
    for c_start, clause in _pieces(sentence, s_start, _CLAUSE_END):
        lead = forms().year_lead.match(clause)
        if lead and lead.group(2):
            c_start, clause = c_start + lead.end(), clause[lead.end():]
        if re.search(r"\d", clause):
            found += _clause_targets(cleaned, c_start, clause, previous, year, category, ctx)
        previous = clause
    return found


def _clause_targets(cleaned, c_start, clause, previous, year, category, ctx) -> list[Indicator]:
    """A clause's counts ("建设1—2个A、3—5个B") or its one measure ("A达到85%左右")."""
    f = forms()
    items = re.split(rf"、(?=\s*(?:{f.comparator})?\s*\d)", clause)
    out = []
    verb, offset = "", c_start
    for k, item in enumerate(items):
        m = re.search(f.count.pattern, item)
        if m and len(re.sub(r"\s", "", m.group("noun"))) >= 2:
            if k == 0:
                verb = item[:m.start()]
            out.append(_count(cleaned, offset, item, m, verb, year, category, ctx))
        elif k == 0 and len(items) == 1:
            one = _measure(cleaned, offset, item, previous, year, category, ctx)
            out += [one] if one else []
        offset += len(item) + 1
    return out


def _count(cleaned, offset, item, m, verb, year, category, ctx) -> Indicator:
    name = re.sub(r"\s", "", verb + m.group("noun"))
    if m.group("suffix"):  # "10个以上": the unit sits inside the printed target
        target, unit = re.sub(r"\s", "", item[m.start("num"):m.end("suffix")]), None
    else:
        target, unit = re.sub(r"\s", "", item[m.start():m.end("num")]), m.group("measure")
    if m.group("cmp") and not target.startswith(m.group("cmp")):
        target = m.group("cmp") + target
    return _text_indicator(cleaned, offset + m.start("num"), offset, offset + len(item), name, target, unit,
                           year, category, ctx)


def _measure(cleaned, offset, clause, previous, year, category, ctx) -> Indicator | None:
    f = forms()
    m = f.measured.search(clause)
    if not m or f.not_target.search(m.group("value")):
        return None
    name = re.sub(r"\s", "", clause[:m.start()])
    name = next((name[:-len(v)] for v in f.verbs if name.endswith(v) and len(name) > len(v)), name)
    if name.startswith(f.subjectless) and previous:
        name = _object_of(previous) + name
    if len(name) < 2 or re.fullmatch(r"[\d\W]+", name):
        return None
    return _text_indicator(cleaned, offset + m.start("num"), offset, offset + len(clause), name,
                           re.sub(r"\s", "", m.group("value")), None, year, category, ctx)


def _object_of(clause: str) -> str:
    """'初步建成上海市基本养老服务综合平台' → '上海市基本养老服务综合平台'."""
    text = re.sub(r"\s", "", clause)
    for verb in forms().goal_verbs:
        k = text.find(verb)
        if k != -1:
            return text[k + len(verb):]
    return text


def _text_indicator(cleaned, at, start, stop, name, target, unit, year, category, ctx) -> Indicator:
    comparator, value, value_max = parse_target(target)
    prov = innermost(ctx.located, at)
    return Indicator(doc=ctx.doc, table="text", category=category, name=name, unit=unit, target=target,
                     comparator=comparator, value=value, value_max=value_max, year=year, type=None, leads=[],
                     span=cleaned.span(start, stop), provision=prov.path if prov else "")
