"""Indicators: indicator tables and quantified targets in running text, with their leads.

The readers are split by concern: tables of every layout (:mod:`.indicator_tables`), targets in
running text (:mod:`.indicator_text`), both reading targets with one grammar (:mod:`.targets`).
This module runs them and gives running-text targets their leads, with the same parties-and-roles
model as duties:

* the responsibility clause closing the item the target sits in ("…建成2—4个临床研究平台。（责任
  单位：市卫生健康委、市科委）"), read by :func:`kg.facts.clauses.first_clause_parties` within the
  item's own text (not its sub-items');
* "由X负责" wording in the target's sentence ("由市民政局负责", "由市科委、市经济信息化委牵头负责").

A table row's leads come from its 牵头单位/责任单位 column (:mod:`.indicator_tables`).
"""
from __future__ import annotations

import re

from ..documents.doctext import DocumentText
from ..model import Indicator, Party, Problem
from .clauses import first_clause_parties
from .indicator_common import Context, forms, lead_parties, split_unit
from .indicator_tables import find_table_indicators
from .indicator_text import find_text_indicators
from .parties import split_parties, to_party
from .targets import parse_target

_BY = re.compile(r"由(?P<who>[^，。；;,由]{2,60}?)(?P<word>牵头负责|负责|牵头)")
_SENTENCE_END = re.compile(r"[。！？\n]")


def find_indicators(doc: DocumentText, register) -> tuple[list[Indicator], list[Problem]]:
    """Indicators of the document: table rows, then running-text targets, in printed order.

    Args:
        doc: the document, with its cleaned text and provisions.
        register: agency register for the lead agencies.

    Returns:
        The indicators and the problems met (table rows that do not fit their header).
    """
    ctx = Context.of(doc, register)
    found, problems, covered = find_table_indicators(ctx)
    for ind, start, stop in find_text_indicators(ctx, covered):
        _text_leads(ctx, ind, start, stop)
        found.append(ind)
    found.sort(key=lambda i: i.span.start_line)  # stable: printed order within a line
    return found, problems


def _text_leads(ctx: Context, ind: Indicator, start: int, stop: int) -> None:
    """Leads of a running-text target: 由X负责 in its sentence, else the clause closing its item."""
    text = ctx.doc.text
    sentence_end = _SENTENCE_END.search(text, stop)
    end = sentence_end.start() if sentence_end else ctx.doc.end
    begin = max((m.end() for m in _SENTENCE_END.finditer(text, max(ctx.doc.start, start - 300), start)),
                default=max(ctx.doc.start, start - 300))
    by = _BY.search(text, begin, end)
    if by:
        ind.leads, ind.lead_rule = stated_leads(by.group("who"), by.group("word"), ctx.register), "stated-in-text"
        return
    if not forms().leads_from_item_clause:
        return
    own_end = _own_text_end(ctx, start)
    parties = first_clause_parties(ctx.doc.text, stop, own_end, ctx.register) if own_end > stop else []
    if parties:
        ind.leads, ind.lead_rule = parties, "item-clause"


def _own_text_end(ctx: Context, pos: int) -> int:
    """Where the text of the item holding ``pos`` ends: its end or its first sub-item, whichever first."""
    prov = ctx.doc.provision_at(pos)
    bounds = ctx.doc.provision_range(prov)
    end = bounds[1] if bounds else ctx.doc.end
    nxt = next((a for a, _, _ in ctx.doc.provisions if a > pos), end)
    return min(end, nxt)


def stated_leads(who: str, word: str, register=None) -> list[Party]:
    """'市科委、市经济信息化委' of "由…牵头负责": every party leads (joint leads), the role word as printed."""
    parties = [to_party(n, register, "lead") for n in split_parties(who, register)]
    for p in parties:
        p.role_word = word
    return parties


__all__ = ["find_indicators", "lead_parties", "parse_target", "split_unit", "stated_leads"]
