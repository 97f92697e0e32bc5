"""Duty and indicator ordinals are set once on the records and read by the graph (issue 13)."""
from __future__ import annotations

from kg.graph import iris
from kg.graph.derived import number_duties
from kg.numbering import number_facts


def test_numbers_are_set_once_and_read_by_the_graph(corpus):
    assert all(d.number >= 1 for d in corpus.duties) and all(i.number >= 1 for i in corpus.indicators)
    by_provision: dict[tuple[str, str], list[int]] = {}
    for d in sorted(corpus.duties, key=lambda d: (d.doc, d.provision, d.span.start_line)):
        by_provision.setdefault((d.doc, d.provision), []).append(d.number)
    assert all(numbers == list(range(1, len(numbers) + 1)) for numbers in by_provision.values())
    derived = {duty_iri: duty for duty_iri, duty in number_duties(corpus.duties)}
    assert len(derived) == len(corpus.duties)  # one IRI per duty, none counted twice
    assert all(duty_iri == iris.duty(d.doc, d.provision, d.number) for duty_iri, d in derived.items())


def test_numbering_again_gives_the_same_numbers(corpus):
    before = [d.number for d in corpus.duties]
    number_facts(corpus)
    assert [d.number for d in corpus.duties] == before
