"""Chinese numerals and dates (kg.text.numerals), the one parser kg uses for them."""
from __future__ import annotations

from datetime import date

import pytest

from kg.text.numerals import cn_date, cn_int


@pytest.mark.parametrize("printed, value", [
    ("一", 1), ("十", 10), ("十二", 12), ("二十", 20), ("二十三", 23), ("一百", 100), ("一百零五", 105),
    ("一百二十", 120), ("三千五百", 3500), ("两万", 20000), ("三万五千", 35000), ("二〇二五", 2025),
    ("一九九八", 1998), ("17", 17), ("①", 1), ("⑳", 20), ("零", 0),
    ("", None), ("第一", None), ("abc", None),
])
def test_cn_int(printed, value):
    assert cn_int(printed) == value


@pytest.mark.parametrize("text, day", [
    ("二〇二五年三月一日", date(2025, 3, 1)),
    ("自二〇二四年十二月三十一日起施行", date(2024, 12, 31)),
    ("2024年6月13日", date(2024, 6, 13)),
    ("二〇二五年二月三十日", None),  # no such day: not guessed
    ("2025年底前", None),
])
def test_cn_date(text, day):
    assert cn_date(text) == day
