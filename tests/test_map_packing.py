"""The packed page's exactness where kg.maps.packing takes its shortcuts (issue 17: packing a
5,000-agency page): templates try only the names found in the text and undo themselves without a
regular expression; duty codes are their own keys. Every value must still read back as it was."""
from __future__ import annotations

from kg.maps.packing import PLACEHOLDER, Strings, _decode_column, encode_column, fill, template


def test_nested_and_repeated_names_read_back() -> None:
    names = ["市科委", "上海市科委", "", "市科委", "委"]
    for text in ["上海市科委、市科委牵头", "委委市科委", "无名", "上海市科委上海市科委"]:
        shaped = template(text, names)
        assert shaped is not None and fill(shaped, names) == text
    assert template("上海市科委、市科委", names) == f"{chr(PLACEHOLDER + 1)}、{chr(PLACEHOLDER)}"


def test_a_name_holding_a_placeholder_is_checked_by_fill() -> None:
    names = ["A" + chr(PLACEHOLDER), "B"]
    shaped = template("A" + chr(PLACEHOLDER) + "B", names)
    assert shaped is None  # the text holds a placeholder character: stored as it is
    shaped = template("AB", names)
    assert shaped is not None and fill(shaped, names) == "AB"


def test_duty_codes_keep_true_false_and_strings_apart() -> None:
    values = [[[0, True], [2, ""]], [[1, False], [3, "lead"]], [[4, "True"]]]
    column = encode_column("duties", values, Strings())
    assert column["c"] == [True, "", False, "lead", "True"]
    assert [v for _, v in _decode_column(column, [], None)] == values


def test_a_duty_list_with_an_int_code_is_stored_as_json() -> None:
    values = [[[0, 1]], [[1, True]]]  # 1 and True are one dict key: not a duty column
    column = encode_column("duties", values, Strings())
    assert "d" not in column and column["v"] == values
