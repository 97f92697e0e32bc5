"""The target grammar (kg.facts.targets): one row per printed target form, in texts of our own."""
from __future__ import annotations

import pytest

from kg.facts.targets import find_quantities, parse_target, plan_period, target_year


@pytest.mark.parametrize("printed, expected", [
    # (target as printed, value, value_max, unit, comparator)
    ("17.8", ("17.8", 17.8, None, None, "=")),                          # a bare Arabic number
    ("≥17.8", ("≥17.8", 17.8, None, None, ">=")),                        # a sign
    ("1—2个", ("1—2个", 1.0, 2.0, "个", "range")),                       # a range with an em dash
    ("3至5家", ("3至5家", 3.0, 5.0, "家", "range")),                      # a range with 至
    ("5-10项", ("5-10项", 5.0, 10.0, "项", "range")),                     # a range with a hyphen
    ("三至五个", ("三至五个", 3.0, 5.0, "个", "range")),                  # Chinese numerals
    ("二十个", ("二十个", 20.0, None, "个", "=")),
    ("3万户", ("3万户", 3.0, None, "万户", "=")),                         # a multiplier stays in the unit
    ("2000亿元", ("2000亿元", 2000.0, None, "亿元", "=")),
    ("达到3万", ("3万", 30000.0, None, None, "=")),                       # a bare multiplier scales the value
    ("超过3000亿元", ("超过3000亿元", 3000.0, None, "亿元", ">")),
    ("不低于96%", ("不低于96%", 96.0, None, "%", ">=")),
    ("不少于500人次", ("不少于500人次", 500.0, None, "人次", ">=")),
    ("90%以上", ("90%以上", 90.0, None, "%", ">=")),
    ("19%以下", ("19%以下", 19.0, None, "%", "<=")),
    ("3万户左右", ("3万户左右", 3.0, None, "万户", "≈")),
    ("约500公里", ("约500公里", 500.0, None, "公里", "≈")),
    ("控制在5%以内", ("5%以内", 5.0, None, "%", "<=")),                  # the suffix wins; 控制在 is a verb
    ("控制在15%", ("15%", 15.0, None, "%", "<=")),
    ("力争达到80%", ("80%", 80.0, None, "%", "=")),
    ("提高2个百分点", ("2个百分点", 2.0, None, "个百分点", "=")),
    ("60个工作日以内", ("60个工作日以内", 60.0, None, "个工作日", "<=")),
])
def test_target_forms(printed, expected):
    q = parse_target(printed)
    assert (q.target, q.value, q.value_max, q.unit, q.comparator) == expected


@pytest.mark.parametrize("printed", [
    "稳定增长", "应保尽保", "2025年", "2024—2027年", "6月", "第3批", "每千名", "一批", "统一",
])
def test_not_a_target(printed):
    assert parse_target(printed) is None


def test_several_quantities_in_one_text():
    found = find_quantities("居民健康素养水平超过36%,成人吸烟率降至19%以下,人均体育场地面积达2.6平方米")
    assert [(q.target, q.comparator) for q in found] == [("超过36%", ">"), ("19%以下", "<="), ("2.6平方米", "=")]


def test_chinese_numerals_in_running_text_need_a_comparator():
    assert find_quantities("围绕统一、共享、协作三个层次", bare_chinese=False) == []
    (q,) = find_quantities("培育超过三千家企业", bare_chinese=False)
    assert (q.value, q.unit, q.comparator) == (3000.0, "家", ">")


@pytest.mark.parametrize("sentence, year", [
    ("到2027年,建设1—2个孵化器", 2027),
    ("至2025年底,完成改造", 2025),
    ("2025年底前,全面完成替代改造", 2025),
    ("2026—2028年,每年完成500公里左右改造", 2028),
    ("到二〇三〇年,基本建成", 2030),
    ("力争到2030年实现全覆盖", 2030),
    ("到“十四五”末,新增供应保障性住房约25万套", 2025),
    ("“十三五”时期我国营商环境全球排名跃升", None),    # a review of the past plan is no target year
    ("2024年6月13日", None),                              # a date
])
def test_target_year(sentence, year):
    assert target_year(sentence) == year


@pytest.mark.parametrize("title, year", [
    ("上海市推进养老科技创新发展行动方案（2024—2027年）", 2027),
    ("上海市老龄事业发展“十四五”规划", 2025),
    ("关于加强监管的通知", None),
])
def test_plan_period(title, year):
    assert plan_period(title) == year
