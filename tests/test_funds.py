"""The funds relation (kg.facts.funds): fund/programme → funds → purpose; agency → administers."""
from __future__ import annotations

import pytest

from kg.agencies import default_register
from kg.documents.doctext import snippet
from kg.facts.programmes import find_entities


def run(text: str, doc: str = "京政办发〔2025〕3号"):
    return {e.name: e for e in find_entities(snippet(text, doc), default_register())[0]}


@pytest.mark.parametrize("text, name, expected", [
    # a support verb opening the clauses after the fund: one edge per clause
    ("设立北京市人工智能产业专项资金，重点支持大模型研发，择优资助算力平台建设。",
     "北京市人工智能产业专项资金", [("大模型研发", []), ("算力平台建设", [])]),
    # the verb right after the fund, in its own clause
    ("依托广东省科技创新行动计划持续支持集成电路设计。", "广东省科技创新行动计划", [("集成电路设计", [])]),
    # a verb without object takes the 对Y the sentence opens with
    ("对评估优秀的项目，在浙江省重点研发专项进一步支持。", "浙江省重点研发专项", [("评估优秀的项目", [])]),
    # 发挥X作用: the clauses after it say what X backs, with their amounts and caps
    ("发挥深圳市中小企业融资担保基金作用，将单户担保额度上限提高至1000万元。",
     "深圳市中小企业融资担保基金", [("将单户担保额度上限提高至1000万元", ["1000万元"])]),
    ("发挥江苏省战略性新兴产业母基金作用，对初创企业加强股权投资。",
     "江苏省战略性新兴产业母基金", [("对初创企业加强股权投资", [])]),
    # enrolment: the subject before 列入 is funded, with the amount of the next clause
    ("重大项目列入杭州市数字经济发展专项，给予最高5000万元资金支持。",
     "杭州市数字经济发展专项", [("重大项目", ["最高5000万元"])]),
])
def test_funds_edges(text, name, expected):
    entity = run(text)[name]
    assert [(f.target, [a.text for a in f.amounts]) for f in entity.funds] == expected


@pytest.mark.parametrize("text, name", [
    # another fund word between the fund and the 支持 clause: the claim ends there
    ("设立北京市养老科技产业专项基金，发挥政府投资基金引导作用，支持并购重组。", "北京市养老科技产业专项基金"),
    # 支持 inside a noun phrase after the fund is no support
    ("继续开展“老伙伴”计划等家庭支持项目。", "“老伙伴”计划"),
    # a mention only
    ("用好广东省科技创新基金。", "广东省科技创新基金"),
])
def test_no_funds_edge(text, name):
    assert run(text)[name].funds == []


@pytest.mark.parametrize("text, name, expected", [
    ("本专项由北京市科学技术委员会利用市级财政资金设立并组织实施。北京市颠覆性技术专项(以下简称“专项”)。",
     "北京市颠覆性技术专项", []),  # the alias is defined after the sentence: nothing is read back
    ("设立上海市未来产业专项(以下简称“专项”)。本专项由上海市科学技术委员会利用市级财政资金设立。",
     "上海市未来产业专项", [("上海市科学技术委员会", "sh-stcsm", "设立")]),
    ("设立上海市未来产业专项(以下简称“专项”)。第三条 市科委是专项主管部门。",
     "上海市未来产业专项", [("市科委", "sh-stcsm", "主管部门")]),
    ("上海市科技计划“揭榜挂帅”项目的主管部门为市科委。", "上海市科技计划“揭榜挂帅”项目",
     [("市科委", "sh-stcsm", "主管部门")]),
    ("市财政每年安排上海市促进产业高质量发展专项资金。", "上海市促进产业高质量发展专项资金",
     [("市财政", "sh-finance", "安排")]),
])
def test_administers(text, name, expected):
    entity = run(text, "沪府规〔2025〕1号")[name]
    got = [(p.printed, p.agency_id, p.role_word) for p in entity.administered_by]
    if expected and expected[0][1] is None:
        got = [(p, None, w) for p, _, w in got]
    assert got == expected


def test_established_by_the_document_that_sets_it_up():
    entity = run("设立北京市人工智能产业专项资金，重点支持大模型研发。", "京政发〔2025〕1号")["北京市人工智能产业专项资金"]
    assert entity.relation == "creates" and entity.established_by == "京政发〔2025〕1号"


# Every fund or programme the bundled texts say supports something, counted by reading the texts:
# (file, entity name, what it supports as printed).
BUNDLED_FUNDS = [
    ("000", "养老科技创新专项", "关键技术、核心部件和软件的研发、应用转化和产品开发"),
    ("000", "养老科技创新专项", "认证的银发科技产品"),
    ("000", "养老科技创新专项", "研发测试公共服务平台和基本养老服务综合平台建设"),
    ("000", "养老科技创新专项", "相关产品标准的制定和推广"),
    ("000", "“颠覆性技术创新”重点专项", "遴选发现的或培育过程中形成的优质项目"),
    ("002", "上海生物医药产业母基金", "对潜力企业和优质研发管线加强战略纾困投资"),
    ("002", "上海生物医药产业股权投资基金", "对潜力企业和优质研发管线加强战略纾困投资"),
    ("002", "生物医药创新转化基金", "对潜力企业和优质研发管线加强战略纾困投资"),
    ("002", "上海市中小微企业政策性融资担保基金", "将生物医药中小微科创企业单笔批次担保额度上限提高至2000万元"),
    ("002", "上海市中小微企业政策性融资担保基金",
     "将拥有高新技术、专精特新、科技小巨人等资质的生物医药中型科创企业担保额度上限提高至3000万元"),
    ("002", "“总集成总承包”工程", "工业企业提高资源整合能力"),
    ("002", "产业互联网平台跃升行动", "工业品采购平台开发RPA（机器人流程自动化）、AI产业助手等数字化系统"),
    ("002", "“五链”工程", "企业在电站设备、汽车、化工试剂、药品、乳制品等领域打造可信供应链平台"),
    ("002", "检验检测质量提升计划", "检验检测认证机构获得国际组织认可资质"),
    ("003", "上海市战略性新兴产业发展专项", "重大项目"),
    ("003", "市科技创新行动计划", "药物和医疗器械研发"),
    ("003", "本市政策性担保基金", "开展“新药贷”等金融产品创新试点"),
]

# Every programme or fund of the bundled texts with a named administering agency.
BUNDLED_ADMINISTERS = [
    ("000", "上海市颠覆性技术创新项目", "sh-stcsm"),
    ("000", "上海市科技计划“揭榜挂帅”项目", "sh-stcsm"),
]


def test_bundled_funds_edges_are_all_found(corpus):
    found = {(e.span.source_file[:3], e.name, f.target) for e in corpus.entities for f in e.funds}
    assert sorted(found) == sorted(BUNDLED_FUNDS)


def test_bundled_administering_agencies_are_all_found(corpus):
    found = {(e.span.source_file[:3], e.name, p.agency_id) for e in corpus.entities for p in e.administered_by}
    assert sorted(found) == sorted(BUNDLED_ADMINISTERS)


def test_agency_map_draws_administers_edges_on_the_bundled_corpus(corpus):
    from kg.maps import build_graph

    graph = build_graph("agency", corpus, agency="市科委")
    administered = {v for u, v, a in graph.edges(data=True) if a.get("role") == "administers"}
    assert administered == {"entity:programme:sh-disruptive-tech", "entity:programme:sh-open-competition"}


def test_agency_map_draws_what_an_administered_fund_funds(tmp_path):
    import kg
    from kg.maps import build_graph

    (tmp_path / "plan.txt").write_text(
        "上海市人民政府办公厅关于印发《上海市未来产业行动方案》的通知\n沪府办发〔2025〕9号\n"
        "一、加大投入\n(一)设立上海市未来产业专项(以下简称“专项”),重点支持大模型研发。"
        "市科委是专项主管部门。(责任单位:市科委、市财政局)\n", encoding="utf-8")
    graph = build_graph("agency", kg.extract([str(tmp_path)]), agency="市科委")
    funds = [(u, graph.nodes[v]["title"].split("\n")[0]) for u, v, a in graph.edges(data=True)
             if a.get("role") == "funds"]
    assert [t for _, t in funds] == ["大模型研发"]
    assert graph.has_edge("sh-stcsm", funds[0][0])


def test_a_funded_purpose_naming_a_platform_points_at_it():
    entity = run("组织实施养老科技创新专项，支持上海市基本养老服务综合平台建设。")["养老科技创新专项"]
    (funding,) = entity.funds
    assert (funding.target_kind, funding.target_id) == ("platform", "sh-basic-elderly-care-platform")
