"""The funds relation: which fund or programme supports what, and which agency administers it.

Plans say it in a few set forms (``programme_forms.toml``, sections ``funds`` and ``administers``):

* **support** — a support verb after the fund, in its clause or opening the clauses that follow:
  "组织实施养老科技创新专项，支持关键技术研发，择优资助认证的银发科技产品" (two edges);
  "依托市科技创新行动计划持续支持药物和医疗器械研发"; a verb without object takes the "对Y" the
  sentence opens with ("对优质项目，…在X重点专项进一步支持");
* **role** — "发挥X作用，对潜力企业加强战略纾困投资" / "…，将担保额度上限提高至2000万元": the
  clauses after 发挥X作用 say what X supports, with their amounts and caps;
* **enrolment** — "重大项目列入X，给予最高1亿元资金支持": X funds the subject, with the amount;
* **administers** — 由X设立 / 由X组织实施, X是专项主管部门, 主管部门为X, 市财政…安排; an alias the
  document gives the entity (以下简称“专项”) is read as 本专项 / 专项主管部门.

A clause is claimed by the nearest fund printed before it: another fund word in between (发挥政府
投资基金引导作用) ends the claim, so nothing is attributed across a change of subject. A fund the
text only mentions gets no edge.
"""
from __future__ import annotations

import re
import tomllib
from bisect import bisect_left
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from ..documents.doctext import DocumentText
from ..model import Entity, Funding, Party
from .amounts import find_amounts
from .parties import split_parties, to_party

_SPACE = re.compile(r"\s")
_SPACE_OR_QUOTE = re.compile(r"[\s“”]")
_QUOTE = re.compile(r"[“”]")
FORMS_FILE = Path(__file__).with_name("programme_forms.toml")
# A sentence: runs of characters that end none, and decimal points. A run is taken at once, not
# one character per repetition (3× faster over every document; the same sentences).
_SENTENCE = re.compile(r"(?:[^。；;！？\n.]+|(?<=\d)\.(?=\d))+")
_CLAUSE = re.compile(r"[^，,]+")
_PAREN = re.compile(r"[(（]以下简称[^)）]*[)）]")
_ARTICLE = re.compile(r"^\s*第[一二三四五六七八九十百零\d]+条\s*")


@dataclass
class _Forms:
    verbs: str
    adverbs: str
    role_opening: str
    role_closing: str
    enrolment: tuple[str, ...]
    fund_words: re.Pattern
    by: re.Pattern
    is_: re.Pattern
    label: re.Pattern
    treasury: re.Pattern
    alias: re.Pattern
    alias_before: tuple[str, ...]
    not_objects: tuple[str, ...]


def _alt(words) -> str:
    return "|".join(re.escape(w) for w in sorted(words, key=len, reverse=True))


@lru_cache(maxsize=1)
def forms(path: Path = FORMS_FILE) -> _Forms:
    """The funds and administers forms of ``programme_forms.toml``, compiled once."""
    d = tomllib.loads(path.read_text(encoding="utf-8"))
    f, a = d["funds"], d["administers"]
    return _Forms(_alt(f["support_verbs"]), _alt(f["adverbs"]), f["role_opening"], f["role_closing"],
                  tuple(f["enrolment"]), re.compile(_alt(f["fund_words"])), re.compile(a["by"]),
                  re.compile(a["is"]), re.compile(a["label"]), re.compile(a["treasury"]), re.compile(a["alias"]),
                  tuple(a["alias_before"]), tuple(f["not_objects"]))


Mention = tuple[int, int, Entity]  # cleaned [start, stop) of one printed name and the entity it names


def link_funds(doc: DocumentText, mentions: list[Mention], register=None) -> None:
    """Fill ``funds``, ``administered_by`` and ``established_by`` of the mentioned entities.

    Args:
        doc: the document the mentions are printed in.
        mentions: every kept mention of a programme, fund or platform, in printed order.
        register: agency register for the administering agencies.
    """
    text = doc.text
    first: dict[tuple[int, int], Entity] = {}
    twins: list[tuple[Entity, Entity]] = []  # the register and the patterns may both name one span
    for a, b, entity in mentions:
        if (a, b) in first:
            twins.append((entity, first[a, b]))
        else:
            first[a, b] = entity
    mentions = [(a, b, e) for (a, b), e in first.items()]
    mentions = mentions + _alias_mentions(text, doc.end, mentions)
    mentions.sort(key=lambda m: m[0])
    starts = [m[0] for m in mentions]  # sorted: a sentence's mentions are one slice of the list
    for s in _SENTENCE.finditer(text, doc.start, doc.end):
        first_in = bisect_left(starts, s.start())
        if first_in == len(starts):
            break  # no mention after this sentence's start: the later sentences hold none either
        inside = mentions[first_in:bisect_left(starts, s.end(), first_in)]
        if not inside:
            continue
        funders = [m for m in inside if m[2].kind != "platform"]  # a platform is what is funded, never a funder
        for group in _groups(text, funders):
            _support(doc, s.start(), s.end(), group, funders)
        _administers(text, s.start(), s.end(), inside, register)
    _name_targets(mentions)
    for _, _, entity in mentions:
        if entity.relation == "creates" and entity.kind != "platform":
            entity.established_by = doc.key
    for twin, entity in twins:
        twin.funds, twin.administered_by = list(entity.funds), list(entity.administered_by)
        twin.established_by = entity.established_by


# ---- aliases ----------------------------------------------------------------------------------


def _alias_mentions(text: str, end: int, mentions: list[Mention]) -> list[Mention]:
    """Mentions by the alias a document defines: (以下简称“专项”) → 本专项, 专项主管部门."""
    f = forms()
    out: list[Mention] = []
    for _, stop, entity in mentions:
        m = f.alias.match(text[stop:stop + 40])
        if not m:
            continue
        alias = m.group("alias")
        forms_ = [f"本{alias}", f"该{alias}"] + [alias + w for w in f.alias_before]
        pattern = re.compile(_alt(forms_))
        out += [(h.start(), h.start() + len(h.group(0)), entity) for h in pattern.finditer(text, stop, end)]
    return out


# ---- support ----------------------------------------------------------------------------------


def _groups(text: str, inside: list[Mention]) -> list[list[Mention]]:
    """Mentions printed as one list ("A、B和C作用") share the clauses after them."""
    groups: list[list[Mention]] = []
    for m in inside:
        if groups and re.fullmatch(r"\s*[、和及与]\s*", text[groups[-1][-1][1]:m[0]]):
            groups[-1].append(m)
        else:
            groups.append([m])
    return groups


def _support(doc: DocumentText, s_start: int, s_end: int, group: list[Mention], inside: list[Mention]) -> None:
    f = forms()
    text = doc.text
    first, last = group[0][0], group[-1][1]
    nxt = min((m[0] for m in inside if m[0] >= last), default=s_end)
    role = text[max(s_start, first - 4):first].endswith(f.role_opening) and f.role_closing in text[last:last + 8]
    edges: list[Funding] = []
    enrolled = _enrolment(doc, s_start, first, last, nxt)
    if enrolled:
        edges.append(enrolled)
    own_end = next((k for k in range(last, nxt) if text[k] in "，,"), nxt)
    pieces = [(last, text[last:own_end], True)] + [(c.start(), c.group(0), False)
                                                  for c in _CLAUSE.finditer(text, min(own_end + 1, nxt), nxt)]
    for at, clause, own in pieces:
        if not own and f.fund_words.search(clause):
            break  # another fund's clause: the claim ends
        edge = _verb_edge(doc, at, clause, own, s_start) or (
            _amount_edge(doc, at, clause) if role and not own else None)
        if edge:
            edges.append(edge)
        elif not role and (not own or _squeeze(_PAREN.sub("", clause)).strip("“”\"")):
            break  # a clause of another kind (在X布局的重点领域): the sentence has moved on
    for _, _, entity in group:
        entity.funds += [e for e in edges if e.target not in {x.target for x in entity.funds}]


def _verb_edge(doc: DocumentText, at: int, clause: str, own: bool, s_start: int) -> Funding | None:
    """A support verb and its object, right after the fund (依托X持续支持Y) or opening a later clause."""
    f = forms()
    m = _verb_clause(f.adverbs, f.verbs).match(clause)
    if not m:
        return None
    target = _squeeze(m.group("obj"))
    if target.startswith(f.not_objects):
        return None  # 设立资助并组织实施: the verb has no object of its own
    if not target:
        opening = re.match(r"\s*对(?P<y>[^，,]{2,40})[，,]", doc.text[s_start:at])
        target = _squeeze(opening.group("y")) if opening else ""
    if len(target) < 2:
        return None
    return Funding(target, "purpose", doc.span(at, at + len(clause)), amounts=find_amounts(clause))


@lru_cache(maxsize=4)
def _verb_clause(adverbs: str, verbs: str) -> re.Pattern:
    """A clause opening with a support verb (after adverbs): compiled once, not per clause."""
    return re.compile(rf"\s*(?:{adverbs})*\s*(?P<verb>{verbs})(?P<obj>.*)$")


def _amount_edge(doc: DocumentText, at: int, clause: str) -> Funding | None:
    """In the role form, a clause with an amount or "对Y…投资" says what the fund backs."""
    amounts = find_amounts(clause)
    if not amounts and not re.match(r"\s*对", clause):
        return None
    return Funding(_squeeze(clause), "purpose", doc.span(at, at + len(clause)), amounts=amounts)


def _enrolment(doc: DocumentText, s_start: int, first: int, last: int, nxt: int) -> Funding | None:
    """"重大项目列入X，给予最高1亿元资金支持": X funds the subject printed before 列入."""
    f = forms()
    text = doc.text
    before = text[s_start:first]
    word = next((w for w in f.enrolment if before.rstrip().endswith(w)), None)
    if word is None:
        return None
    subject = _squeeze(re.split(r"[，,]", before.rstrip()[:-len(word)])[-1])
    after = re.match(r"[^，,]*[，,](?P<c>[^，,]*)", text[last:nxt])
    amounts = find_amounts(after.group("c")) if after and re.search(f.verbs, after.group("c")) else []
    if len(subject) < 2:
        return None
    stop = last + (after.end() if after else 0)
    return Funding(subject, "purpose", doc.span(first - len(before), stop), amounts=amounts)


def _name_targets(mentions: list[Mention]) -> None:
    """A funded purpose that names another programme or platform of the document points at it too
    ("支持…基本养老服务综合平台建设" → that platform)."""
    named = {_SPACE_OR_QUOTE.sub("", e.name): e for _, _, e in mentions}
    for _, _, entity in mentions:
        for funding in entity.funds:
            target = _QUOTE.sub("", funding.target)
            hit = next((e for name, e in named.items() if e is not entity and len(name) >= 4 and name in target),
                       None)
            if hit is not None:
                funding.target_kind, funding.target_id = hit.kind, hit.id


# ---- administers ------------------------------------------------------------------------------


def _administers(text: str, s_start: int, s_end: int, inside: list[Mention], register) -> None:
    f = forms()
    sentence = text[s_start:s_end]
    found: list[tuple[str, str]] = []
    for pattern in (f.by, f.is_, f.label, f.treasury):
        for m in pattern.finditer(sentence):
            who = _ARTICLE.sub("", _PAREN.sub("", m.group("who"))).strip()
            if pattern is f.is_ and _is_entity(who, inside, text):
                continue
            found.append((who, m.group("word")))
    if not found:
        return
    targets = {id(e): e for _, _, e in inside if e.kind != "platform"}
    for entity in targets.values():
        for who, word in found:
            for party in _parties(who, word, register):
                if (party.printed, party.role_word) not in {(p.printed, p.role_word) for p in entity.administered_by}:
                    entity.administered_by.append(party)


def _is_entity(who: str, inside: list[Mention], text: str) -> bool:
    return any(who in text[a:b] or text[a:b] in who for a, b, _ in inside)


def _parties(who: str, word: str, register) -> list[Party]:
    """The administering parties as printed; 市财政 (the treasury as the genre prints it) resolves as 市财政局."""
    parties = []
    for name in split_parties(who, register):
        party = to_party(name + "局" if name.endswith("财政") else name, register, "lead")
        party.printed, party.role_word = name, word
        parties.append(party)
    return [p for p in parties if p.kind != "unknown" or p.agency_id]


def _squeeze(s: str) -> str:
    return _SPACE.sub("", s).strip("。.；;，,")
