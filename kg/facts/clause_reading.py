"""One responsibility clause's text → its parties in printed order, each with a role.

Pure: text in, :class:`Reading` out, driven by the grammar in ``clause_grammar.toml`` (see its
header for the grammar and what each role word means). A text that is not a clause raises
:class:`NotAClause` with the reason, so the caller can report a candidate it could not read.
"""
from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field
from functools import lru_cache

from ..model import Party
from .deadlines import is_deadline
from .grammar import MEANINGS, Grammar, grammar

_PRIORITY = {m: i for i, m in enumerate(MEANINGS)}  # lead strongest
_OPEN, _CLOSE = "(（", ")）"
_SPACE = re.compile(r"\s")


class NotAClause(ValueError):
    """The text is not a responsibility clause kg can read; the message says why."""


class NoLead(NotAClause):
    """The text is a clause, but every party it names is only co-responsible."""


@dataclass
class Group:
    """A party list with the role its label or role word gives it."""

    names: list[str]
    meaning: str  # one of MEANINGS, or "" while it waits for the group it belongs to
    word: str  # the label or role word as printed
    labelled: bool = False


@dataclass
class Reading:
    """What a clause says: parties with roles, how the lead was decided, and what else it holds."""

    parties: list[Party]
    rule: str  # explicit | first-listed | document-rule | single
    label: str = ""
    deadline_text: str | None = None
    rules: dict[str, str] = field(default_factory=dict)  # document rules the clause prints


PartyMaker = Callable[[str, str], Party]  # (printed name, role) → Party


def read_clause(text: str, make_party: PartyMaker, doc_rules: dict[str, str] | None = None,
                default: str = "", g: Grammar | None = None) -> Reading:
    """Read one clause.

    Args:
        text: the clause as printed inside its brackets (or its line, or a table cell).
        make_party: builds a Party for a printed name and role (resolution is the caller's).
        doc_rules: rules an earlier clause of the document printed ({"lead": "document-rule"}).
        default: the meaning of a group with neither label nor role word (a table column's).
        g: the grammar (default: the bundled one).

    Raises:
        NotAClause: no group carries a role, a name is not a party, or text follows a role word.
    """
    g = g or grammar()
    t = _SPACE.sub("", text).strip("。.；;，,")
    rules: dict[str, str] = {}
    t = _cut_rules(t, rules, g)
    t = _separate_labels(t, g)
    groups, label, deadline = _groups(t, default, g)
    if not groups:
        raise NotAClause("names no party")
    parties, rule = _decide(groups, {**(doc_rules or {}), **rules}, make_party, g)
    return Reading(parties, rule, label, deadline, rules)


def _cut_rules(t: str, rules: dict[str, str], g: Grammar) -> str:
    m = g.first_listed.search(t)
    if m:
        rules["lead"] = "document-rule"
        tail = g.rule_tail.match(t, m.end())
        t = t[:m.start()] + t[tail.end() if tail else m.end():]
    m = g.implicit.search(t)
    if m:
        rules["implicit"] = m.group("party")
        t = t[:m.start()] + t[m.end():]
    return t.strip("。.；;，,")


def _separate_labels(t: str, g: Grammar) -> str:
    """'牵头单位：A 配合单位：B' (spaces only, removed) → '牵头单位：A；配合单位：B'."""
    out, last = [], 0
    for m in g.label.finditer(t):
        if m.start() > 0 and t[m.start() - 1] not in g.separators + "（(":
            out.append(t[last:m.start()] + "；")
            last = m.start()
    return "".join(out) + t[last:]


def _segments(t: str, g: Grammar) -> list[str]:
    """Split at group separators outside nested brackets."""
    return [s for s in _split_outside_brackets(t, g.separators) if s]


def _groups(t: str, default: str, g: Grammar) -> tuple[list[Group], str, str | None]:
    groups: list[Group] = []
    first_label, deadline = "", None
    for seg in _segments(t, g):
        label = ""
        m = g.label.match(seg)
        if m:
            label = _SPACE.sub("", m.group("label"))
            seg = seg[m.end():]
            if label in g.deadline_labels:
                deadline = seg
                continue
            first_label = first_label or label
        if not label and (is_deadline(seg) or _dated(seg, g)):
            deadline = seg
            continue
        groups += _group(seg, label, default, g)
    return _attach(groups), first_label, deadline


_MARKED = re.compile(r"[（(](?P<word>[^（）()]{2,8})[)）]")


def _marked(seg: str, meaning: str, word: str, label: str, g: Grammar) -> list[Group] | None:
    """'A（牵头）、B、C': a role word in brackets after a party gives that party its role."""
    names, marks = [], []
    for name in _names(seg, g):
        m = _MARKED.search(name)
        hit = _marker(m.group("word"), g) if m and m.end() == len(name) else None
        names.append(name[:m.start()] if hit else name)
        marks.append(hit)
    if not any(marks):
        return None
    groups: list[Group] = []
    for name, hit in zip(names, marks, strict=True):
        own = hit[1] if hit else (meaning or "co")
        groups.append(Group([name], own, hit[0] if hit else (word or label), bool(label)))
    return groups


def _marker(word: str, g: Grammar) -> tuple[str, str, str] | None:
    """（牵头）, （牵头单位）, （配合）: a role word or a label in brackets after a party."""
    if word in g.labels:
        return word, g.labels[word], ""
    return g.role_word_at_end(word)


_TIME = re.compile(r"(?:19|20)\d{2}年|年底|年内|年末|季度|月底|每年|长期|持续")


def _dated(seg: str, g: Grammar) -> bool:
    """A part of a clause that gives a time and names no body: "2024年起实施", "2023—2025年"."""
    return bool(_TIME.search(seg)) and not g.party_shape.search(seg) and len(seg) <= 20


def _group(seg: str, label: str, default: str, g: Grammar) -> list[Group]:
    for prefix in g.prefixes:
        if seg.startswith(prefix) and len(seg) > len(prefix) + 1:
            seg = seg[len(prefix):]
            break
    word, meaning = "", (g.labels.get(label, "") if label else default)
    named = None if label else g.as_label.match(seg)
    if named:  # "市科委为牵头单位"
        return [Group(_names(named["names"], g), g.labels[named["label"]], named["label"])]
    marked = _marked(seg, meaning, word, label, g) if _MARKED.search(seg) else None
    if marked:
        return marked
    found = _strip_role_words(seg, g) or _role_word_and_task(seg, g)
    if found:
        seg, word, meaning = found
    elif g.any_role_word(seg) and g.with_word not in seg:
        raise NotAClause(f"text follows the role word in '{seg}'")
    if g.with_word in seg:
        before, after = seg.split(g.with_word, 1)
        return [Group(_names(before, g), "lead", g.with_word, bool(label)),
                Group(_names(after, g), "co" if meaning != "lead" else "lead", word, bool(label))]
    return [Group(_names(seg, g), meaning, word or label, bool(label))]


def _strip_role_words(seg: str, g: Grammar) -> tuple[str, str, str] | None:
    """(names part, printed role words, strongest meaning) when the group ends with role words."""
    words, meaning = "", ""
    while True:
        hit = g.role_word_at_end(seg)
        if not hit:
            break
        word, m, tail = hit
        seg = seg[: len(seg) - len(word) - len(tail)]
        words = word + tail + words
        if not meaning or _PRIORITY[m] < _PRIORITY[meaning]:
            meaning = m
    if not words:
        return None
    return seg.rstrip("等"), words, meaning


_TASK_TAIL = 8  # characters: "负责跟踪督办", "负责资金保障"; a longer text after the role word is prose


def _role_word_and_task(seg: str, g: Grammar) -> tuple[str, str, str] | None:
    """'国务院办公厅督查室负责跟踪督办': a role word followed by a short task."""
    if g.with_word in seg or g.any_word.search(seg, 2) is None:
        return None  # no role word after the first two characters: none of them can be found there
    for word, meaning in g.role_words:
        i = seg.find(word, 2)
        tail = seg[i + len(word):] if i != -1 else ""
        if i != -1 and 0 < len(tail) <= _TASK_TAIL and not g.any_role_word(tail) \
                and not g.not_roles.search(seg[i:]):
            return seg[:i].rstrip("等"), word, meaning
    return None


def _attach(groups: list[Group]) -> list[Group]:
    """Give each group without a role the role of the group it belongs to (see the grammar file)."""
    out: list[Group] = []
    pending: list[str] = []
    for grp in groups:
        if grp.meaning:
            grp.names = pending + grp.names
            pending = []
            out.append(grp)
        elif out and out[-1].labelled and not pending:
            out[-1].names += grp.names  # "配合单位：Y，各区、县级市"
        else:
            pending += grp.names
    if pending:
        if not out:
            raise NotAClause("no group carries a role word or a label")
        out[-1].names += pending
    return out


def _names(part: str, g: Grammar) -> list[str]:
    """A party list → names in printed order; 等 closes a list, collectives with 、 stay whole."""
    protected: dict[str, str] = {}

    def keep(m: re.Match) -> str:
        key = f"\x00{len(protected)}\x00"
        protected[key] = m.group(0)
        return key

    part = g.collectives.sub(keep, part)
    names: list[str] = []
    for piece in _split_outside_brackets(part, "、"):
        for name in _split_etc(piece, g):
            names += _split_joined(name, g)
    out = []
    for n in names:
        for key, value in protected.items():
            n = n.replace(key, value)
        n = n.strip("，,；;：:")
        if n:
            out.append(n)
    if not out:
        raise NotAClause(f"no party in '{part}'")
    return out


_AFTER_ETC = re.compile(r"^(?:[和及与])?(?:各|有关|相关|其他|$)")
_GENERIC_REST = re.compile(r"^(?:部门|单位|部门和单位|单位和部门|机构)$")


def _split_outside_brackets(text: str, seps: str) -> list[str]:
    """Split at any of ``seps`` where no bracket is open: 各县（市、区）政府 stays one piece."""
    out, depth, start = [], 0, 0
    for m in _splitters(seps).finditer(text):
        c, i = m.group(), m.start()
        if c in _OPEN:
            depth += 1
        elif c in _CLOSE:
            depth = max(0, depth - 1)
        elif depth == 0:
            out.append(text[start:i])
            start = i + 1
    out.append(text[start:])
    return out


@lru_cache(maxsize=16)
def _splitters(seps: str) -> re.Pattern:
    """Brackets and ``seps``: the only characters a split looks at, found by one search."""
    return re.compile("[" + "".join(map(re.escape, _OPEN + _CLOSE + seps)) + "]")


_JOINER = re.compile(r"以及|及|和|与")


def _split_joined(name: str, g: Grammar) -> list[str]:
    """'市发展改革委及各有关单位' → two parties; 文化和旅游部, 有关部门和单位 stay one.

    A joiner splits only where the left side is a name of agency shape (not a collective) and the
    right side is a collective or a name of agency shape itself.
    """
    for m in _JOINER.finditer(name, 2):
        left, right = name[:m.start()], name[m.end():]
        if g.party_shape.search(left) and not g.collective.match(left) and len(right) >= 2 and (
                g.collective.match(right) or g.party_shape.search(right)):
            return [left, *_split_joined(right, g)]
    return [name]


def _split_etc(piece: str, g: Grammar) -> list[str]:
    """'A等有关部门和单位' → [A, 有关部门和单位]; 'A等' → [A]; 'A等和各省级人民政府' → [A, 各省级人民政府].

    等 closes a list only after a name of agency shape and before a collective or the end, so
    教育部高等教育司 stays one party.
    """
    i = 0
    while (i := piece.find("等", i + 1)) != -1:  # each 等 after the first character, in order
        if not g.party_shape.search(piece[:i]):
            continue
        if _GENERIC_REST.match(piece[i + 1:]):
            return [piece[:i]]  # 省司法厅等部门: the list is open, no further party is named
        if _AFTER_ETC.match(piece[i + 1:]):
            rest = piece[i + 1:].lstrip("和及与")
            return [piece[:i], *(_split_etc(rest, g) if rest else [])]
    return [piece]


def _leading_group(groups: list[Group]) -> Group | None:
    """The group whose first party leads: the first responsible group in printed order (负责,
    落实 and 负责落实 alike); a guiding group only when no group is responsible."""
    responsible = [grp for grp in groups if grp.meaning in ("responsible", "implements")]
    if responsible:
        return responsible[0]
    return next((grp for grp in groups if grp.meaning == "guides"), None)


def looks_like_party(name: str, party: Party, g: Grammar) -> bool:
    """A registered body, a name the party patterns know, a name of agency shape or a collective."""
    if len(name) > 40 or any(c in name for c in "。：:“”《》"):
        return False
    collective = g.collective.match(name) and len(name) <= 8  # 各地区, 有关方面; not 有关部门研究制定…
    return bool(party.agency_id or party.kind != "unknown" or g.party_shape.search(name) or collective)


def _run_together(name: str, make_party: PartyMaker) -> list[str]:
    """Registered names printed without a separator ("市科委 市经济信息化委" once its space is
    cleaned away) → each name; anything else stays as printed. Only a split into registered
    bodies, each of two characters or more, covering the whole text counts."""
    if len(name) < 4 or make_party(name, "co").agency_id:
        return [name]
    best: list[list[str] | None] = [[]] + [None] * len(name)
    for end in range(2, len(name) + 1):
        for start in range(0, end - 1):
            head = best[start]
            if head is not None and (best[end] is None or len(head) + 1 < len(best[end])) \
                    and make_party(name[start:end], "co").agency_id:
                best[end] = [*head, name[start:end]]
    return best[-1] if best[-1] and len(best[-1]) > 1 else [name]


def _decide(groups: list[Group], rules: dict[str, str], make_party: PartyMaker,
            g: Grammar) -> tuple[list[Party], str]:
    for grp in groups:  # every name a party before any role is given: prose in brackets is no clause
        grp.names = [part for name in grp.names for part in _run_together(name, make_party)]
        for name in grp.names:
            if not looks_like_party(name, make_party(name, "co"), g):
                raise NotAClause(f"'{name}' is not a party")
    leads = [grp for grp in groups if grp.meaning == "lead"]
    if leads:
        rule, leading = "explicit", {id(grp) for grp in leads}
        first_only = None
    else:
        best = _leading_group(groups)
        if best is None:
            raise NoLead("names no lead (only co-responsible parties)")
        leading, first_only = {id(best)}, best
        rule = rules.get("lead", "first-listed")
    parties = []
    for grp in groups:
        for i, name in enumerate(grp.names):
            lead = id(grp) in leading and (first_only is None or i == 0)
            party = make_party(name, "lead" if lead else "co")
            party.role_word = grp.word
            parties.append(party)
    if len(parties) == 1:
        rule = "single" if rule != "explicit" else rule
    return parties, rule
