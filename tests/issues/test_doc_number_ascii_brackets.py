"""Issue 19: `kg duties --doc 沪府办发[2024]8号` (ASCII brackets, as keyboards type them) selected
nothing: the number was compared as typed. Any bracket pair and spaces now name the same document."""
from __future__ import annotations

import pytest
from inline import inline_corpus

from kg.records import select_duties


@pytest.mark.parametrize("typed", ["沪府办发[2025]3号", "沪府办发【2025】3号", "沪府办发（2025）3号", "沪府办发 (2025) 3 号"])
def test_any_brackets(tmp_path, typed):
    corpus = inline_corpus(tmp_path)
    assert select_duties(corpus, doc=typed) == select_duties(corpus, doc="沪府办发〔2025〕3号") != []
