"""Issue 20: a running-text target kept its unit inside one string ("超过3000亿元", "约500公里"),
with no unit and no approximate comparator: 左右 was read as "=", 约 not at all."""
import pytest

from kg.agencies import default_register
from kg.documents.doctext import snippet
from kg.facts.indicators import find_indicators


@pytest.mark.parametrize("sentence, expected", [
    ("技术合同成交金额超过3000亿元", ("超过3000亿元", 3000.0, "亿元", ">")),
    ("完成约500公里燃气管道改造", ("约500", 500.0, "公里", "≈")),
    ("环境空气质量优良率稳定在85%左右", ("85%左右", 85.0, "%", "≈")),
])
def test_unit_and_comparator_beside_the_printed_target(sentence, expected):
    (ind,), _ = find_indicators(snippet(f"一、主要目标\n到2026年，{sentence}。", "沪府发〔2025〕1号"),
                                default_register())
    assert (ind.target, ind.value, ind.value_unit, ind.comparator) == expected
