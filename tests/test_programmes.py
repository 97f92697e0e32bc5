"""Programmes, funds, platforms and amounts (kg.facts.programmes, kg.facts.amounts)."""
from __future__ import annotations

import pytest

from kg.agencies import default_register
from kg.documents.doctext import snippet
from kg.facts.amounts import find_amounts
from kg.facts.programmes import find_entities, known, merge_entities, merge_key


def run(text: str, doc: str = "沪府办规〔2024〕9号"):
    return find_entities(snippet(text, doc), default_register())[0]


@pytest.mark.parametrize("text, expected", [
    # 000 颠覆性技术 办法 第七条: two fixed amounts per project
    ("每项资助100万元或200万元;", [("100万元", 1e6, False, None, "每项资助"), ("200万元", 2e6, False, None, "每项资助")]),
    # 002 大零号湾: a share and a ceiling of the same award
    ("对获国家立项支持的，给予不超过项目总投资20%、最高300万元的奖励。",
     [("不超过项目总投资20%", None, True, 0.2, "奖励"), ("最高300万元", 3e6, True, None, "奖励")]),
    # 002: two ceilings, each with its own purpose
    ("给予最高3000万元的启动经费和最高2000万元的股权或债转股资金。",
     [("最高3000万元", 3e7, True, None, "启动经费"), ("最高2000万元", 2e7, True, None, "股权或债转股资金")]),
    # a ceiling word covers the list it opens
    ("分别给予最高100万元、50万元的奖励。", [("最高100万元", 1e6, True, None, "奖励"), ("50万元", 5e5, True, None, "奖励")]),
    # no 的: the words after the amount
    ("给予最高500万元资金支持", [("最高500万元", 5e6, True, None, "资金支持")]),
    # 亿元 and a decimal point that is no sentence end
    ("给予最高1.5亿元的经费支持.", [("最高1.5亿元", 1.5e8, True, None, "经费支持")]),
])
def test_amounts(text, expected):
    assert [(a.text, a.yuan, a.cap, a.share, a.purpose) for a in find_amounts(text)] == expected


def test_fund_list_shares_the_first_items_place_prefix():
    text = ("（二十六）培育中长期投资者和耐心资本。发挥上海生物医药产业母基金、生物医药产业股权投资基金和生物医药创新转化"
            "基金作用，对潜力企业加强战略纾困投资。（责任单位：市国资委、市发展改革委、市科委）")
    found = run(text)
    assert [(e.id, e.kind) for e in found] == [("sh-biomed-parent-fund", "fund"), ("sh-biomed-equity-fund", "fund"),
                                               ("生物医药创新转化基金", "fund")]
    assert [p.printed for p in found[1].agencies] == ["市国资委", "市发展改革委", "市科委"]
    assert found[1].agencies[0].role == "lead"


@pytest.mark.parametrize("text, expected", [
    ("设立上海市生物医药产业并购基金，重点支持产业并购。", [("sh-biomed-ma-fund", "fund", "creates")]),
    ("设立“大零号湾”发展专项资金，制定专项管理办法。", [("大零号湾发展专项资金", "fund", "creates")]),
    ("实施“工赋链主专项工程”，培育一批链主企业。", [("工赋链主专项工程", "programme", "mentions")]),
    ("初步建成上海市基本养老服务综合平台,年均服务老年人超过500万人次.",
     [("sh-basic-elderly-care-platform", "platform", "creates")]),
    # generic words are no names: no place prefix, no quotes, not registered
    ("发挥政府投资基金引导作用，鼓励设立并购基金。", []),
    ("依托政务服务平台开展线上办理。", []),
    # a title in 《》 names a document, not a programme
    ("根据《上海市开展燃气管道风险排查及燃气安全专项整治行动方案》。", []),
    # an agency is no platform
    ("市公共信用中心负责受理市级机关的申请。", []),
])
def test_names(text, expected):
    assert [(e.id, e.kind, e.relation) for e in run(text)] == expected


def test_fund_with_amount_funds():
    (e,) = run("发挥市中小微企业政策性融资担保基金作用，将单笔担保额度上限提高至2000万元。")
    assert e.relation == "funds" and [a.yuan for a in e.amounts] == [2e7]


def test_register_agency_is_linked():
    (e,) = run("建设上海市基本养老服务综合平台。")
    assert [p.agency_id for p in e.agencies] == ["sh-civil-affairs"]


def test_merge_key_drops_home_city_only():
    assert merge_key("上海生物医药产业股权投资基金") == merge_key("生物医药产业股权投资基金")
    assert merge_key("市场安全监管筑基工程") == "市场安全监管筑基工程"


def test_register_loads_with_kinds():
    assert {k.kind for k in known()} == {"fund", "programme", "platform"}


def test_fund_in_two_documents_is_one_entity(corpus):
    """上海生物医药产业股权投资基金: the 2021 biomedicine opinions (003) and the 2024 ones (002)."""
    from kg.inputs import input_files
    from kg.pipeline import documents_of
    from kg.text.reading import read_source

    entities = []
    for path in input_files():
        if not path.name.startswith(("002", "003")):
            continue
        for doc in documents_of(read_source(path)):
            entities += find_entities(doc, default_register())[0]
    merged = [e for e in merge_entities(entities) if e.id == "sh-biomed-equity-fund"]
    assert sorted(e.span.source_file[:3] for e in merged) == ["002", "003"]
    assert len({e.doc for e in merged}) == 2
    assert {e.name for e in merged} == {"上海生物医药产业股权投资基金"}


def test_merge_without_register_uses_the_name_key():
    a = run("设立上海未来产业引导资金。", "A")
    b = run("用好本市未来产业引导资金。", "B")
    merged = merge_entities(a + b)
    assert len({e.id for e in merged}) == 1 and {e.doc for e in merged} == {"A", "B"}


@pytest.mark.parametrize("text, expected", [
    # another jurisdiction's prefixes, found by rule (no Beijing or Guangdong word in programme_forms.toml)
    ("设立北京市人工智能产业专项资金，重点支持大模型研发。", [("北京市人工智能产业专项资金", "fund", "creates")]),
    ("发挥广东省半导体产业投资基金作用。", [("广东省半导体产业投资基金", "fund", "mentions")]),
    ("实施深圳市科技重大专项，聚焦关键核心技术。", [("深圳市科技重大专项", "programme", "mentions")]),
    ("依托内蒙古自治区能源数据平台开展监测。", [("内蒙古自治区能源数据平台", "platform", "mentions")]),
    # an unprefixed name after a naming verb, long enough to be no generic word
    ("组织实施养老科技创新专项，支持关键技术研发。", [("养老科技创新专项", "programme", "mentions")]),
    ("鼓励筹资设立概念验证基金。", []),  # a kind of fund, not a name
    # function words before 市 are no place: 在本市…, 按照本市…
    ("按照本市财政科研项目专项经费相关规定进行管理。", []),
])
def test_names_of_any_jurisdiction(text, expected):
    assert [(e.name, e.kind, e.relation) for e in run(text, "京政发〔2025〕1号")] == expected
