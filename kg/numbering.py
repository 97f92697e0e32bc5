"""Ordinals of duties and indicators, assigned once on the records.

A duty's IRI holds its number within its provision (…/duty/二.(一).1/2), an indicator's its number
among the same name in one table. They are set here, once, after the corpus is merged, and every
reader (the graph's terms and its derived aggregates) takes them from the record instead of
counting again.
"""
from __future__ import annotations

from collections import Counter

from .model import Corpus


def number_facts(corpus: Corpus) -> None:
    """Number the corpus's duties and indicators in place (stable: same records, same numbers)."""
    duties: Counter[tuple[str, str]] = Counter()
    for duty in sorted(corpus.duties, key=lambda d: (d.doc, d.provision, d.span.start_line)):
        duties[duty.doc, duty.provision] += 1
        duty.number = duties[duty.doc, duty.provision]
    indicators: Counter[tuple[str, str, str]] = Counter()
    for ind in sorted(corpus.indicators, key=lambda i: (i.doc, i.span.start_line)):
        key = (ind.doc, ind.table or "text", ind.name)
        indicators[key] += 1
        ind.number = indicators[key]


def ensure_numbered(corpus: Corpus) -> None:
    """Number a corpus made by hand (tests, notebooks) whose records carry no numbers yet."""
    if any(d.number == 0 for d in corpus.duties) or any(i.number == 0 for i in corpus.indicators):
        number_facts(corpus)
