"""Indicator tables and quantified targets in running text (kg.facts.indicators)."""
from __future__ import annotations

import pytest

from kg.agencies import default_register
from kg.documents.doctext import snippet
from kg.facts.indicators import find_indicators, split_unit


def run(text: str):
    return find_indicators(snippet(text, "沪府办发〔2021〕3号"), default_register())


# The ageing plan's 规划指标 table (001, source line 336 on), cut to three rows and a repeated header.
AGEING_TABLE = (
    "(四)规划指标\n\n"
    "类别\t序号\t指标\t2025年\t指标类型\t牵头单位\n"
    "社会保障\t1\t职保退休人员基本养老金和城乡居民养老保险基础养老金\t稳定增长\t预期性\t市人力资源社会保障局\n"
    "\t2\t重度失能老人长期照护服务保障覆盖范围\t应保尽保\t约束性\t市医保局市民政局市卫生健康委\n"
    "类别\t序号\t指标\t2025年\t指标类型\t牵头单位\n"
    "养老服务\t3\t全市养老床位总数(万张)\t≥17.8\t约束性\t市民政局\n"
)


def test_table_rows_carry_category_and_split_leads():
    found, problems = run(AGEING_TABLE)
    assert problems == []
    assert [(i.category, i.name, i.unit, i.target, i.year, i.type) for i in found] == [
        ("社会保障", "职保退休人员基本养老金和城乡居民养老保险基础养老金", None, "稳定增长", 2025, "预期性"),
        ("社会保障", "重度失能老人长期照护服务保障覆盖范围", None, "应保尽保", 2025, "约束性"),
        ("养老服务", "全市养老床位总数", "万张", "≥17.8", 2025, "约束性"),
    ]
    # "市医保局市民政局市卫生健康委" is printed without separators: split on the register.
    assert [(p.printed, p.role) for p in found[1].leads] == [("市医保局", "lead"), ("市民政局", "co"),
                                                             ("市卫生健康委", "co")]
    assert found[2].leads[0].agency_id == "sh-civil-affairs"
    assert (found[2].comparator, found[2].value) == (">=", 17.8)
    assert found[0].table == "规划指标"
    assert found[2].span.start_line == 7


def test_review_table_keeps_achieved_value_and_plan_year():
    text = ("表二：“十三五”技术基础主要指标完成情况\n"
            "序号\t指标名称\t单位\t属性\t“十三五”目标\t完成情况\n"
            "7\t检验检测认证产业收入\t亿元\t预期\t220\t291.3\n")
    (ind,), _ = run(text)
    assert (ind.name, ind.unit, ind.target, ind.baseline, ind.year, ind.type) == (
        "检验检测认证产业收入", "亿元", "220", "291.3", 2020, "预期性")


def test_row_that_does_not_fit_its_header_is_a_problem():
    text = "指标类别\t序号\t指标名称\t属性\t指标要求\n市场活跃指数\t1\t市场主体总量年均增长率\t预期性\n"
    found, problems = run(text)
    assert found == [] and problems[0].code == "unparsed-indicator-row" and problems[0].line == 2


def test_table_of_duties_is_not_an_indicator_table():
    found, _ = run("序号\t任务\t责任单位\n1\t完善养老服务体系\t市民政局\n")
    assert found == []


@pytest.mark.parametrize("text, expected", [
    # 000 主要目标: counts with a range and a measure word; the verb carries to the next item.
    ("一、主要目标\n到2027年,初步建成养老科技创新与产业发展高地.建设1—2个高质量孵化器、3—5个企业技术创新中心.",
     [("建设高质量孵化器", "1—2", "个", "range", 1.0, 2.0, 2027),
      ("建设企业技术创新中心", "3—5", "个", "range", 3.0, 5.0, 2027)]),
    # 001 科技成果转化: measures with comparators; a suffix keeps the unit in the target.
    ("(三)工作目标\n到2023年,技术市场合同成交金额超过3000亿元,发展100家以上多模式、专业化的技术转移示范机构。",
     [("技术市场合同成交金额", "超过3000亿元", None, ">", 3000.0, None, 2023),
      ("发展多模式、专业化的技术转移示范机构", "100家以上", None, ">=", 100.0, None, 2023)]),
    # 001 爱国卫生: ≥, 不低于, 降至 … 以下 (the verb is not part of the target).
    ("(二)工作目标。到2025年,人均健康预期寿命 ≥ 71 岁;成人吸烟率降至19%以下,市民体质达标率不低于96%。",
     [("人均健康预期寿命", "≥71岁", None, ">=", 71.0, None, 2025),
      ("成人吸烟率", "19%以下", None, "<=", 19.0, None, 2025),
      ("市民体质达标率", "不低于96%", None, ">=", 96.0, None, 2025)]),
    # 000: a clause without subject borrows the object of the clause before it.
    ("一、主要目标\n到2027年,初步建成上海市基本养老服务综合平台,年均服务老年人超过500万人次.",
     [("上海市基本养老服务综合平台年均服务老年人", "超过500万人次", None, ">", 500.0, None, 2027)]),
    # 004: a target in a task item, outside any goal section, dated by 到2025年.
    ("(二)建设临床研究平台。到2025年，建成 2—4个具有国内创新引领作用的临床研究平台。",
     [("建成具有国内创新引领作用的临床研究平台", "2—4", "个", "range", 2.0, 4.0, 2025)]),
])
def test_running_text_targets(text, expected):
    found, _ = run(text)
    assert [(i.name, i.target, i.unit, i.comparator, i.value, i.value_max, i.year) for i in found] == expected
    assert all(i.table == "text" for i in found)


@pytest.mark.parametrize("text", [
    # a review of the past plan: 到2020年 in a 2021 document reports an achievement
    "沪府办发〔2021〕3号\n(一)发展基础\n到2020年底，签约居民超过800万人。",
    # a forecast is no target
    "(一)面临形势\n预计到2025年,全市60岁及以上常住老年人口将超过680万。",
    # a signing date is no target
    "(一)主要目标\n2024年6月13日",
    # quantities outside a goal section and without a target year
    "(五)加强监管\n每年抽检100批次药品。",
])
def test_no_target(text):
    found, _ = run(text)
    assert found == []


@pytest.mark.parametrize("name, expected", [
    ("全市养老床位总数(万张)", ("全市养老床位总数", "万张")),
    ("养老机构护理型床位占比(%)", ("养老机构护理型床位占比", "%")),
    ("持公益护照老年志愿者年平均服务时间(万小时)", ("持公益护照老年志愿者年平均服务时间", "万小时")),
    ("新研制或引进标准物质(标准样品)", ("新研制或引进标准物质(标准样品)", None)),  # not a unit
])
def test_split_unit(name, expected):
    assert split_unit(name) == expected


# ---- several targets in one sentence (texts of our own, in the genre's style) -----------------

@pytest.mark.parametrize("text, expected", [
    # two measures in one clause joined by 、, each with its own verb
    ("一、主要目标\n到2026年,绿色建筑占比达到80%、装配式建筑占比达到50%以上。",
     [("绿色建筑占比", "80%", "%", "="), ("装配式建筑占比", "50%以上", "%", ">=")]),
    # 分别: names and quantities paired in printed order
    ("一、主要目标\n到2026年,城市和农村污水处理率分别达到99%和95%。",
     [("城市污水处理率", "99%", "%", "="), ("农村污水处理率", "95%", "%", "=")]),
    # counts sharing a verb, a measure closing the clause, a qualifier (15分钟) inside a name
    ("一、主要目标\n到2027年,新建3—5个数据中心和10个以上算力平台,社区15分钟生活圈覆盖率达到90%左右。",
     [("新建数据中心", "3—5", "个", "range"), ("新建算力平台", "10个以上", "个", ">="),
      ("社区15分钟生活圈覆盖率", "90%左右", "%", "≈")]),
    # multipliers stay in the unit; 约 is ≈
    ("(二)工作目标\n到2025年,完成约500公里燃气管道改造,累计完成3万户左右居民改造。",
     [("完成燃气管道改造", "约500", "公里", "≈"), ("累计完成居民改造", "3万户左右", "万户", "≈")]),
    # a Chinese-numeral target after a comparator word
    ("一、主要目标\n到2027年,培育超过三百家专精特新企业。", [("培育专精特新企业", "超过三百", "家", ">")]),
])
def test_several_targets_in_one_sentence(text, expected):
    found, _ = run(text)
    assert [(i.name, i.target, i.value_unit, i.comparator) for i in found] == expected


# ---- leads of running-text targets --------------------------------------------------------------

ITEM_WITH_CLAUSE = ("二、重点任务\n(一)建设创新平台。到2026年,建成3个市级创新平台。(责任单位:市科委、市经济信息化委)\n"
                    "(二)完善服务。提升服务水平。\n")


def test_item_clause_gives_the_leads_of_its_targets_when_switched_on(monkeypatch):
    import dataclasses

    from kg.facts import indicators

    switched_on = dataclasses.replace(indicators.forms(), leads_from_item_clause=True)
    monkeypatch.setattr(indicators, "forms", lambda: switched_on)
    (ind,), _ = run(ITEM_WITH_CLAUSE)
    assert [(p.printed, p.role) for p in ind.leads] == [("市科委", "lead"), ("市经济信息化委", "co")]
    assert ind.lead_rule == "item-clause"


def test_item_clause_leads_are_off_by_default():
    """The gold takes indicator leads from 牵头单位 columns only (indicator_forms.toml)."""
    (ind,), _ = run(ITEM_WITH_CLAUSE)
    assert ind.leads == []


def test_clause_of_a_sub_item_is_not_the_lead_of_its_parent():
    text = ("一、主要目标\n到2026年,建成3个市级创新平台。\n(一)建设平台。加快建设。(责任单位:市科委)\n")
    (ind,), _ = run(text)
    assert ind.leads == []


def test_stated_lead_by_wording_gives_joint_leads_with_their_role_word():
    text = "一、主要目标\n到2026年,由市民政局、市卫生健康委牵头负责,建成500家社区养老服务中心。"
    (ind,), _ = run(text)
    assert [(p.printed, p.role, p.role_word) for p in ind.leads] == [
        ("市民政局", "lead", "牵头负责"), ("市卫生健康委", "lead", "牵头负责")]
    assert ind.lead_rule == "stated-in-text"


# ---- tables of every layout ---------------------------------------------------------------------

def test_space_aligned_table_with_baseline_and_target_columns_and_a_wrapped_row():
    text = ("(三)主要指标\n"
            "序号  指标名称                    2020年基期值   2025年目标值   属性     牵头单位\n"
            "1     全市养老床位总数(万张)       16.1           ≥17.8          约束性   市民政局\n"
            "2     老年教育社会学习点(个)       500            600            预期性   市教委、\n"
            "                                                                        市民政局\n")
    found, problems = run(text)
    assert problems == []
    assert [(i.name, i.unit, i.baseline, i.target, i.year, i.type, [p.printed for p in i.leads])
            for i in found] == [
        ("全市养老床位总数", "万张", "16.1", "≥17.8", 2025, "约束性", ["市民政局"]),
        ("老年教育社会学习点", "个", "500", "600", 2025, "预期性", ["市教委", "市民政局"]),
    ]
    assert (found[1].span.start_line, found[1].span.end_line) == (4, 5)
    assert found[0].leads[0].role_word == "牵头"


def test_tab_table_with_merged_category_cell_and_wrapped_row():
    # a Word or HTML table: the category is printed once (a merged cell), a row overflows to the next line
    text = ("表1 主要指标\n"
            "类别\t序号\t指标\t2025年目标值\t属性\t责任单位\n"
            "创新能力\t1\t研发经费投入强度(%)\t4.5左右\t预期性\t市科委\n"
            "2\t每万人口高价值发明专利拥有量(件)\t50\t预期性\t市知识产权局\n"
            "\t\t\t\t\t市科委\n")
    found, problems = run(text)
    assert problems == []
    assert [(i.category, i.name, i.target, i.comparator, [p.printed for p in i.leads]) for i in found] == [
        ("创新能力", "研发经费投入强度", "4.5左右", "≈", ["市科委"]),
        ("创新能力", "每万人口高价值发明专利拥有量", "50", "=", ["市知识产权局", "市科委"]),
    ]
    assert found[0].table == "表1主要指标" or found[0].table == "表1 主要指标"
