"""Issue 20: a sentence that sets several targets yielded only some of them.

"完成10万户左右居民燃气立管更新改造和50万户左右居民切断型远传智能燃气计量表更新替代" (the gas-safety plan,
seed 002, line 582) gave one indicator, named with the second target inside it
("完成居民燃气立管更新改造和50万户左右居民…", target "10万户左右"), and the 50万户左右 target was lost.
"""
from kg.agencies import default_register
from kg.documents.doctext import snippet
from kg.facts.indicators import find_indicators


def test_two_counts_joined_by_he_are_two_indicators():
    text = ("一、工作目标\n2025年，完成1.5万户居民和0.6万户非居民用户的替代改造；"
            "完成12万户左右居民燃气立管更新改造和40万户左右居民燃气计量表更新替代。")
    found, _ = find_indicators(snippet(text, "沪府办发〔2025〕2号"), default_register())
    assert [(i.name, i.target, i.value, i.value_unit) for i in found] == [
        ("完成居民", "1.5", 1.5, "万户"),
        ("完成非居民用户的替代改造", "0.6", 0.6, "万户"),
        ("完成居民燃气立管更新改造", "12万户左右", 12.0, "万户"),
        ("完成居民燃气计量表更新替代", "40万户左右", 40.0, "万户"),
    ]
