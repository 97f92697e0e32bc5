"""Issue 19: `kg duties sh-stcsm` (the register's own id) selected nothing: only printed names and
full names were compared. The id and the IRI now select what the short form selects."""
from __future__ import annotations

from inline import inline_corpus

from kg.records import select_duties


def test_id_and_iri_select_like_the_short_form(tmp_path):
    corpus = inline_corpus(tmp_path)
    by_short = select_duties(corpus, agency="市科委")
    assert by_short and select_duties(corpus, agency="sh-stcsm") == by_short
    assert select_duties(corpus, agency="https://w3id.org/kg-cn/agency/sh-stcsm") == by_short
