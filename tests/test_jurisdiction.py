"""Issue 15, jurisdiction: the central register, the local short-form rule, reports once per name."""
from __future__ import annotations

import os
from datetime import date
from pathlib import Path
from types import SimpleNamespace

import pytest
from rdflib import Literal, URIRef
from rdflib.namespace import ORG, RDF

from kg.agencies import default_register
from kg.documents.jurisdiction import LocalForms, default_forms, infer, inferred_agency, inferred_id, place_of
from kg.facts.parties import explain, to_party
from kg.graph.building import build_dataset
from kg.graph.validation import validate
from kg.pipeline import extract
from kg.resolver import resolve_agency

ELSEWHERE = Path(__file__).parents[2] / "shared" / "elsewhere" / "texts"
KG = "https://w3id.org/kg-cn/ontology#"

GUANGZHOU = """广州市人民政府办公厅关于印发广州市促进人才发展若干措施的通知
穗府办〔2013〕21号
各区、县级市人民政府，市政府各部门、各直属机构：
　　现将《广州市促进人才发展若干措施》印发给你们，请认真贯彻执行。
广州市人民政府办公厅
2013年5月6日
广州市促进人才发展若干措施
　　一、引进高层次人才
　　1.设立人才引进专项资金。5年内重点引进1000名紧缺人才。（牵头单位：市发展改革委，配合单位：市委组织部、市人力资源社会保障局、团市委，各区、县级市）
　　2.建设人才公寓。统筹安排人才公寓。（牵头单位：市住房城乡建设委，配合单位：广州市财政局、市留交办）
　　3.完善金融服务。支持人才创业融资。（牵头单位：市金融办，配合单位：市科协、市留交办）
　　4.开展人才交流。举办人才交流会。（牵头单位：市留交办，配合单位：上海市科学技术委员会）
"""

STATE_COUNCIL_2013 = """国务院关于加强土地节约集约利用工作的通知
国发〔2013〕9号
各省、自治区、直辖市人民政府，国务院各部委、各直属机构：
　　为切实加强土地节约集约利用，现就有关事项通知如下。
　　一、严格控制建设用地规模
　　（一）严格执行土地利用总体规划。（国土资源部、住房城乡建设部负责）
　　（二）加强土地市场监管。（国土资源部牵头，发展改革委、国家工商总局配合）
国务院
2013年3月20日
"""

STATE_COUNCIL_2018 = """国务院办公厅关于深入开展消费扶贫助力打赢脱贫攻坚战的指导意见
国办发〔2018〕200号
各省、自治区、直辖市人民政府，国务院各部委、各直属机构：
　　为动员社会各界扩大贫困地区产品和服务消费，现提出以下意见。
　　一、动员社会各界扩大贫困地区产品和服务消费
　　（一）推动各级机关和国有企事业单位带头参与消费扶贫。（扶贫办、发展改革委、国管局、国务院国资委、全国总工会等按职责分工负责）
　　（二）推动东西部地区建立消费扶贫协作机制。（扶贫办、卫生健康委、人力资源社会保障部、中央宣传部、共青团中央、供销合作总社等按职责分工负责）
国务院办公厅
2018年12月30日
"""


def _write(tmp_path: Path, name: str, text: str) -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def _parties(corpus, doc=None):
    return {p.printed: p for d in corpus.duties if doc is None or d.doc == doc for p in d.parties}


def _name(agency_id):
    return default_register().get(agency_id).name if agency_id else None


def _shared(name: str) -> Path:
    path = ELSEWHERE / name
    if not path.is_file():
        if os.environ.get("CI") == "true":
            pytest.fail(f"{path} is missing under CI")
        pytest.skip(f"{path} is not here (the shared development texts sit beside the checkout)")
    return path


# ---- the local short-form rule ---------------------------------------------------------------


@pytest.fixture(scope="module")
def guangzhou(tmp_path_factory):
    return extract([_write(tmp_path_factory.mktemp("gz"), "gz.txt", GUANGZHOU)])


def test_a_guangzhou_party_list_resolves_to_guangzhou_bodies(guangzhou):
    parties = _parties(guangzhou)
    assert {printed: _name(p.agency_id) for printed, p in parties.items()} == {
        "市发展改革委": "广州市发展和改革委员会",
        "市委组织部": "中共广州市委组织部",
        "市人力资源社会保障局": "广州市人力资源和社会保障局",
        "团市委": "共青团广州市委员会",
        "各区、县级市": None,  # a collective stays a collective
        "市住房城乡建设委": "广州市住房和城乡建设委员会",
        "广州市财政局": "广州市财政局",
        "市留交办": None,  # not a standard form: unresolved, never guessed
        "市金融办": None,  # 金融工作办公室 in one city, 金融服务办公室 in another: not expanded
        "市科协": "广州市科学技术协会",
        "上海市科学技术委员会": "上海市科学技术委员会",  # a home body named as such stays the home body
    }
    assert parties["市发展改革委"].kind == "municipal" and parties["市委组织部"].kind == "party"
    assert not parties["市发展改革委"].agency_id.startswith("sh-")


def test_inferred_bodies_carry_their_jurisdiction_and_are_marked_inferred(guangzhou):
    agency = default_register().get(_parties(guangzhou)["市发展改革委"].agency_id)
    assert (agency.inferred, agency.jurisdiction, agency.kind) == (True, "广州市", "MunicipalAgency")
    assert "市发展改革委" in agency.short_names


def test_inferred_ids_are_stable_ascii_and_reversible():
    first, again = infer("市发展改革委", "广州市"), infer("广州市发展改革委", "广州市")
    assert first == again and first.id == inferred_id("广州市发展和改革委员会")
    assert first.id.isascii() and first.id.startswith("loc-")
    assert inferred_agency(first.id) == first
    assert first.id in default_register() and default_register().get(first.id) == first
    assert inferred_agency("loc-nonsense") is None and "loc-nonsense" not in default_register()


def test_the_rule_needs_the_level_of_the_jurisdiction():
    assert infer("省经信厅", "浙江省").name == "浙江省经济和信息化厅"
    assert infer("省经信厅", "浙江省").kind == "ProvincialAgency"
    assert infer("市经信厅", "浙江省") is None  # which city? unresolved
    assert infer("省经信厅", "广州市") is None
    assert infer("市发展改革委", None) is None
    assert infer("市发展改革委", "广西壮族自治区") is None  # no table for autonomous regions


def test_the_home_city_and_central_documents_resolve_as_before():
    register = default_register()
    assert to_party("市发展改革委", register, jurisdiction="上海市").agency_id == "sh-drc"
    assert to_party("市发展改革委", register).agency_id == "sh-drc"
    assert to_party("国家发展改革委", register, jurisdiction="广州市").agency_id == "cn-ndrc"
    assert explain("市发展改革委", register, jurisdiction="广州市").rule == "local-form"


def test_the_local_forms_table_is_coherent():
    kinds = {a.kind for a in default_register()} | {"ProvincialGovernment", "ProvincialAgency", "PeopleOrganisation"}
    forms = LocalForms.load(kinds=kinds)
    assert len(forms.forms) == len(default_forms().forms) > 100
    for form in forms.forms:  # every full name reads back to its own form
        place = {"city": "广州市", "province": "浙江省", "district": "越秀区"}[form.level]
        assert forms.parse(form.full_name(place)) == (place, form)


def test_a_web_copy_is_placed_by_its_body():
    web = SimpleNamespace(title="关于推进人才集聚工程的实施意见", issuers=[])  # what place_of reads of a Document
    body = "根据《中共广州市委、广州市人民政府关于全面推进新型城市化发展的决定》……全市大专以上学历人才"
    assert place_of(web, body) == "广州市"
    assert place_of(web, body.replace("全市", "")) is None  # no word of its own city
    assert place_of(web, "各省、自治区、直辖市人民政府：……全市") is None  # collectives are no place


def test_the_real_guangzhou_party_lists_resolve_to_guangzhou_bodies():
    corpus = extract([_shared("guangzhou-2012-talent.txt")])
    parties = _parties(corpus)
    assert _name(parties["市发展改革委"].agency_id) == "广州市发展和改革委员会"
    assert _name(parties["市人力资源和社会保障局"].agency_id) == "广州市人力资源和社会保障局"
    assert _name(parties["市委组织部"].agency_id) == "中共广州市委组织部"
    assert _name(parties["团市委"].agency_id) == "共青团广州市委员会"
    assert not [p for p in parties.values() if (p.agency_id or "").startswith(("sh-", "cpc-sh"))]


# ---- the central register --------------------------------------------------------------------


def test_a_former_name_in_an_old_text_is_the_body_of_that_time_with_its_successor(tmp_path):
    corpus = extract([_write(tmp_path, "gf2013.txt", STATE_COUNCIL_2013)])
    parties = _parties(corpus)
    assert parties["国土资源部"].agency_id == "cn-mlr"
    assert parties["国家工商总局"].agency_id == "cn-saic"
    register = default_register()
    assert [a.id for a in register.successors("cn-mlr")] == ["cn-mnr"]
    assert [a.id for a in register.successors("cn-saic")] == ["cn-samr"]
    assert register.resolve("国土资源部", date(2013, 3, 20)).id == "cn-mlr"


def test_a_name_printed_for_several_bodies_over_time_takes_the_one_of_the_day():
    register = default_register()
    assert register.resolve("广电总局", date(2015, 6, 1)).id == "cn-sapprft"
    assert register.resolve("广电总局", date(2018, 12, 30)).id == "cn-nrta"
    assert register.resolve("广电总局").id == "cn-nrta"  # no date: the current body


def test_state_council_short_forms_resolve_to_central_bodies(tmp_path):
    corpus = extract([_write(tmp_path, "gbf2018.txt", STATE_COUNCIL_2018)])
    assert {printed: p.agency_id for printed, p in _parties(corpus).items()} == {
        "扶贫办": "cn-cpad", "发展改革委": "cn-ndrc", "国管局": "cn-ngoa", "国务院国资委": "cn-sasac",
        "全国总工会": "cn-acftu", "卫生健康委": "cn-nhc", "人力资源社会保障部": "cn-mohrss",
        "中央宣传部": "cpc-publicity", "共青团中央": "cn-cyl", "供销合作总社": "cn-acfsmc"}
    assert not [p for p in corpus.problems if p.code == "unresolved-party"]
    assert [a.id for a in default_register().successors("cn-cpad")] == ["cn-nrra", "cn-mara"]


def test_the_real_state_council_texts_leave_no_central_body_unresolved():
    files = [_shared(n) for n in ("gov-2018-128-zerowaste.txt", "gov-2018-129-povertyconsumption.txt",
                                  "gov-2018-39-employment.txt", "gov-2019-3-bondedzones.txt")]
    corpus = extract(files)
    unresolved = {p.message.split("'")[1] for p in corpus.problems if p.code == "unresolved-party"}
    assert unresolved == {"试点城市政府"}  # a collective of the pilot cities, not a central body
    assert _parties(corpus)["扶贫办"].agency_id == "cn-cpad"  # 2018: still the poverty office


# ---- reports and the graph -------------------------------------------------------------------


def test_an_unresolved_name_is_reported_once_however_many_clauses_print_it(guangzhou):
    reported = [p for p in guangzhou.problems if p.code == "unresolved-party"]
    assert sorted(p.message.split("'")[1] for p in reported) == ["市留交办", "市金融办"]
    once = next(p for p in reported if "'市留交办'" in p.message)
    assert "and 2 other clauses" in once.message
    assert once.line == GUANGZHOU.splitlines().index(next(
        line for line in GUANGZHOU.splitlines() if "市留交办" in line)) + 1


def test_inferred_agencies_are_in_the_graph_and_it_conforms(guangzhou):
    dataset = build_dataset(guangzhou)
    node = URIRef("https://w3id.org/kg-cn/agency/" + _parties(guangzhou)["市发展改革委"].agency_id)
    assert (node, RDF.type, ORG.Organization) in dataset
    assert (node, URIRef(KG + "jurisdiction"), Literal("广州市")) in dataset
    assert (node, URIRef(KG + "nameInferred"), Literal(True)) in dataset
    assert validate(dataset).conforms


def test_kg_duties_finds_an_inferred_agency_by_its_printed_short_form(guangzhou):
    ref = resolve_agency("市发展改革委", guangzhou)
    assert ref.id == _parties(guangzhou)["市发展改革委"].agency_id and ref.name == "广州市发展和改革委员会"
    assert resolve_agency("广州市发展和改革委员会", guangzhou).id == ref.id
    assert resolve_agency("市发展改革委").id == "sh-drc"  # without the corpus: the register's home body
