"""Issue 14: "11.121人才梯队项目" was not taken for item 11 (a digit after the dot read as a
decimal), so the item sequence broke and every later item of the document fell into item 10."""
from __future__ import annotations

from kg.pipeline import extract

TEXT = ("关于推进测试工程的实施意见\n一、重点项目\n"
        "10.甲项目。建设平台。（牵头单位：市科技局）\n"
        "11.121人才梯队项目。培养人才。（牵头单位：市人力资源和社会保障局）\n"
        "12.乙项目。建设基地，投入1.5亿元。（牵头单位：市教育局）\n"
        "1.5倍以上的项目给予支持。\n")


def test_items_after_a_number_with_digits(tmp_path):
    path = tmp_path / "plan.txt"
    path.write_text(TEXT, encoding="utf-8")
    assert [d.provision for d in extract([path]).duties] == ["一.10", "一.11", "一.12"]
