"""Issue 19: `kg duties 市科卫` (a typo) printed an empty table and exited 0, as if 市科卫 had no duty.

An unknown agency now exits 2 naming the nearest registered names."""
from __future__ import annotations

import pytest
from inline import inline_corpus

from kg.errors import InputError
from kg.records import select_duties


def test_a_typo_is_an_error_with_the_nearest_name(tmp_path):
    corpus = inline_corpus(tmp_path)
    assert len(select_duties(corpus, agency="市科委")) == 2
    with pytest.raises(InputError, match=r"no agency '市科卫'; did you mean 市科委 \(上海市科学技术委员会\)\?") as e:
        select_duties(corpus, agency="市科卫")
    assert e.value.exit_code == 2
