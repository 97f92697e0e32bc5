"""Quantified targets in running text → :class:`~kg.model.Indicator` records.

A sentence sets targets when it sits in a goal section (a provision whose heading holds 目标, the
plan's 主要目标) or states a target year (到2025年, 2025年底前, 到“十四五”末). Each clause of it
(cut at ，；：) is read by the target grammar (:mod:`.targets`), and every quantity in it is one of:

* a **count**: a measure word followed by what is counted — "建设1—2个高质量孵化器、3—5个企业技术
  创新中心" (two indicators; the verb carries to the second);
* a **measure**: the quantity closes an item, what is measured is printed before it — "居民健康素养
  水平超过36%，成人吸烟率降至19%以下" (the verb 降至 is no part of the target); "A和B分别达到80%和
  90%" pairs names and quantities;
* a **qualifier** inside a name ("15分钟可达率", "60岁以上老年人"): no target of its own.

So a sentence with several targets yields several indicators. As printed, a count keeps its
measure word apart (target 1—2, unit 个) unless a suffix follows (10个以上); a measure keeps its
unit inside the target (超过3000亿元). ``value_unit`` always holds the unit.
"""
from __future__ import annotations

import re

from ..model import Indicator
from .indicator_common import MARKER, Context, forms
from .targets import Quantity, find_quantities, lead_year, target_year

# A sentence ends at 。！？ or at a dot that is no decimal point. The dot comes first and its
# lookbehind after it, so every alternative opens with a character and the scan skips the rest
# (2.5× faster than "(?<!\d)\." over every paragraph; the same matches).
_SENTENCE_END = re.compile(r"[。！？]|\.(?<!\d\.)(?!\d)")
_CLAUSE_END = re.compile(r"[，,；;：:]")
_ITEM_JOIN = re.compile(r"^(?:、|和|及|与|以及|并|同时|其中)+")
_RESPECTIVELY = "分别"
_PLAN_SPAN = 4  # a five-year plan's first target year is its last minus four
_SPACE = re.compile(r"\s")
_LINE_END = re.compile("\n")


def find_text_indicators(ctx: Context, covered: list[tuple[int, int]]) -> list[tuple[Indicator, int, int]]:
    """Targets stated in the document's running text, outside the ranges its tables cover, each with
    the cleaned [start, end) of its clause (where its leads are looked for)."""
    f = forms()
    goals = [(a, b) for a, b, p in ctx.doc.provisions if p.level != "article"
             and any(w in p.heading for w in f.goal_headings)]
    goal_year: dict[tuple[int, int], int] = {}
    found: list[tuple[Indicator, int, int]] = []
    for pos, para in _pieces(ctx.doc.text[ctx.doc.start:ctx.doc.end], ctx.doc.start, _LINE_END):
        if "\t" in para or any(a <= pos < b for a, b in covered):
            continue
        goal = next(((a, b) for a, b in goals if a <= pos < b), None)
        category: str | None | bool = False  # read when a sentence of the paragraph sets targets
        for s_start, sentence in _pieces(para, pos, _SENTENCE_END):
            year = target_year(sentence)
            if goal and year:
                goal_year[goal] = year
            if (goal is None and year is None) or any(w in sentence for w in f.forecast_words):
                continue
            year = year or (goal_year.get(goal) if goal else None) or ctx.period
            if year and (ctx.issued and year < ctx.issued or ctx.period and year < ctx.period - _PLAN_SPAN):
                continue  # 到2020年底… in a 2021 text, “十三五”期间 in a 十四五 plan: a review, not a target
            if category is False:
                category = _category(para)
            found += _sentence_targets(ctx, s_start, sentence, year, category)
    return found


def _pieces(text: str, offset: int, boundary: re.Pattern) -> list[tuple[int, str]]:
    """The non-blank pieces of ``text`` between ``boundary`` matches, each with its offset (every
    paragraph, sentence and clause of a document passes here: blank ones are left out at once)."""
    out, last = [], 0
    for m in boundary.finditer(text):
        piece = text[last:m.start()]
        if piece.strip():
            out.append((offset + last, piece))
        last = m.end()
    piece = text[last:]
    if piece.strip():
        out.append((offset + last, piece))
    return out


def _category(para: str) -> str | None:
    """A paragraph's category: its short first sentence without digits ("均等化水平持续提升。")."""
    if MARKER.match(para):
        return None
    first = _SENTENCE_END.split(para, maxsplit=1)
    head = _SPACE.sub("", first[0]).lstrip("—-")
    if len(first) > 1 and head and len(head) <= forms().category_max and not re.search(r"\d", head):
        return head
    return None


def _sentence_targets(ctx: Context, s_start: int, sentence: str, year, category) -> list[tuple[Indicator, int, int]]:
    found: list[tuple[Indicator, int, int]] = []
    previous = ""
    for c_start, clause in _pieces(sentence, s_start, _CLAUSE_END):
        _, skip = lead_year(clause.lstrip())
        if skip:
            lead = len(clause) - len(clause.lstrip())
            c_start, clause = c_start + lead + skip, clause.lstrip()[skip:]
        found += [(_indicator(ctx, c_start + a, clause[a:b], name, target, unit, q, a, year, category),
                   c_start + a, c_start + b) for name, target, unit, q, a, b in clause_targets(clause, previous)]
        previous = clause
    return found


def _usable(clause: str, q: Quantity) -> bool:
    """Not a date (2025年, 6月), nor a number inside a title 《…》."""
    f = forms()
    if f.not_target.search(clause[q.num_start:q.end + 1]):
        return False
    opened = clause.rfind("《", 0, q.start)
    return opened == -1 or clause.find("》", opened, q.start) != -1


def clause_targets(clause: str, previous: str = "") -> list[tuple[str, str, str | None, Quantity, int, int]]:
    """The targets of one clause as (name, target, unit, quantity, item start, item end), in printed order.

    ``previous`` is the clause before, which lends its object to a clause without subject
    ("初步建成A平台，年均服务老年人超过500万人次").
    """
    f = forms()
    quantities = [q for q in find_quantities(clause, bare_chinese=False) if _usable(clause, q)]
    paired = _respectively(clause, quantities)
    if paired:
        return paired
    out: list[tuple[str, str, str | None, Quantity, int, int]] = []
    boundary, verb = 0, ""
    for k, q in enumerate(quantities):
        nxt = quantities[k + 1].start if k + 1 < len(quantities) else len(clause)
        tail = clause[q.end:nxt]
        head = clause[boundary:q.start]
        if q.unit in f.measures and re.match(r"\s*[^\s、，,；;。和及与]", tail):
            noun = _item(tail)
            if len(_SPACE.sub("", noun)) < 2:
                boundary = q.end
                continue
            verb = _squeeze(_ITEM_JOIN.sub("", _squeeze(head))) or verb
            out.append((_squeeze(verb + noun), *_count_target(q), q, boundary, q.end + len(noun)))
            boundary = q.end + len(noun)
        elif not tail.strip() or _ITEM_JOIN.match(tail.strip()):
            name = _measured(head, previous)
            if name and not any(w in name for w in f.not_names):
                out.append((name, q.target, None, q, boundary, q.end))
            boundary = q.end
        # else: a qualifier inside a name (15分钟可达率): read on
    return out


def _item(tail: str) -> str:
    """What a count counts: up to the 、 that opens the next item."""
    return re.sub(r"\s*(?:、|和|及|与|以及)\s*$", "", tail)


def _count_target(q: Quantity) -> tuple[str, str | None]:
    """A count as printed: its measure word apart (1—2, 个) unless a suffix follows it (10个以上)."""
    suffixed = not q.target.endswith(q.unit or "")
    if suffixed:
        return q.target, None
    return q.target[:-len(q.unit)] if q.unit else q.target, q.unit


def _measured(head: str, previous: str) -> str | None:
    """What a measure measures: the words before it, without verbs and joining words."""
    f = forms()
    name = _ITEM_JOIN.sub("", _squeeze(head))
    name = next((name[:-len(v)] for v in f.verbs if name.endswith(v) and len(name) > len(v)), name)
    if name.startswith(f.subjectless) and previous:
        name = _object_of(previous) + name
    if len(name) < 2 or re.fullmatch(r"[\d\W]+", name):
        return None
    return name


def _respectively(clause: str, quantities: list[Quantity]) -> list | None:
    """'城市和农村污水处理率分别达到99%和95%': one name per quantity, the shared head noun given to
    the short names before the last (城市 → 城市污水处理率); None when the clause is not of this form."""
    k = clause.find(_RESPECTIVELY)
    if k == -1 or len(quantities) < 2 or any(q.start < k for q in quantities):
        return None
    names = [n for n in re.split(r"[、和及与]", _squeeze(clause[:k])) if n]
    if len(names) != len(quantities):
        return None
    last = names[-1]
    names = [n + last[len(n):] if len(n) <= 4 < len(last) else n for n in names[:-1]] + [last]
    return [(name, q.target, None, q, q.start, q.end) for name, q in zip(names, quantities, strict=True)]


def _object_of(clause: str) -> str:
    """'初步建成上海市基本养老服务综合平台' → '上海市基本养老服务综合平台'."""
    text = _squeeze(clause)
    for verb in forms().goal_verbs:
        k = text.find(verb)
        if k != -1:
            return text[k + len(verb):]
    return text


def _squeeze(text: str) -> str:
    return _SPACE.sub("", text)


def _indicator(ctx: Context, c_start: int, item: str, name: str, target: str, unit: str | None, q: Quantity,
               shift: int, year, category) -> Indicator:
    """One running-text indicator; ``item`` is its printed text, starting at cleaned ``c_start``."""
    prov = ctx.doc.provision_at(c_start + q.num_start - shift)
    return Indicator(doc=ctx.doc.key, table="text", category=category, name=name, unit=unit, target=target,
                     comparator=q.comparator, value=q.value, value_max=q.value_max, year=year, type=None, leads=[],
                     span=ctx.doc.span(c_start, c_start + len(item.rstrip())), provision=prov.path if prov else "",
                     value_unit=q.unit)
