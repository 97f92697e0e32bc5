"""Issue 14: "11.121人才梯队项目" was not taken for item 11 (a digit after the dot read as a
decimal), so the item sequence broke and every later item of the document fell into item 10."""
from __future__ import annotations

from kg.pipeline import extract

TEXT = ("关于推进测试工程的实施意见\n一、重点项目\n"
        "1.甲项目。建设平台。（牵头单位：市科技局）\n"
        "2.121人才梯队项目。培养人才。（牵头单位：市人力资源和社会保障局）\n"
        "3.乙项目。建设基地。\n1.5倍以上的项目给予支持。（牵头单位：市教育局）\n")


def test_items_after_a_number_with_digits(tmp_path):
    path = tmp_path / "plan.txt"
    path.write_text(TEXT, encoding="utf-8")
    # 2.121 continues the sequence: item 2; 1.5倍 does not: a decimal inside item 3
    assert [d.provision for d in extract([path]).duties] == ["一.1", "一.2", "一.3"]
