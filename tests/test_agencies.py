"""The agency register (ontology/agencies.ttl) and its loader (kg/agencies.py).

The short-form tables are real parties printed in the Shanghai gazette seeds, with the official
names the gold annotations give them (tests/data/gold/*.json "aliases").
"""
from __future__ import annotations

import json
from datetime import date

import pytest
from conftest import GOLD_DIR
from rdflib import Graph
from rdflib.namespace import DCTERMS, ORG, RDF, SKOS

from kg.agencies import Agency, Register, default_register, normalise_name
from kg.errors import InputError
from kg.facts.parties import classify
from kg.resources import ontology_file


@pytest.fixture(scope="module")
def register() -> Register:
    return default_register()


# printed short form → full official name (gold aliases of the seed gazettes)
SHORT_FORMS = [
    ("市科委", "上海市科学技术委员会"),
    ("市经济信息化委", "上海市经济和信息化委员会"),
    ("市人力资源社会保障局", "上海市人力资源和社会保障局"),
    ("市人才局", "上海市人才工作局"),
    ("市发展改革委", "上海市发展和改革委员会"),
    ("市卫生健康委", "上海市卫生健康委员会"),
    ("市地方金融监管局", "上海市地方金融监督管理局"),
    ("市市场监管局", "上海市市场监督管理局"),
    ("市药品监管局", "上海市药品监督管理局"),
    ("市文化旅游局", "上海市文化和旅游局"),
    ("市禁毒办", "上海市禁毒委员会办公室"),
    ("市精神文明办", "上海市精神文明建设委员会办公室"),
    ("市国资委", "上海市国有资产监督管理委员会"),
    ("市医保局", "上海市医疗保障局"),
    ("市数据局", "上海市数据局"),
    ("闵行区政府", "上海市闵行区人民政府"),
    ("浦东新区政府", "上海市浦东新区人民政府"),
    ("上海科创办", "上海推进科技创新中心建设办公室"),
    ("申康医院发展中心", "上海申康医院发展中心"),
    ("上海股权托管交易中心", "上海股权托管交易中心"),
    ("市委宣传部", "中共上海市委宣传部"),
    ("市委组织部", "中共上海市委组织部"),
    ("市委金融办", "中共上海市委金融委员会办公室"),
    ("市委网信办", "中共上海市委网络安全和信息化委员会办公室"),
    ("上海银保监局", "中国银行保险监督管理委员会上海监管局"),
    ("市税务局", "国家税务总局上海市税务局"),
    ("金融监管总局上海监管局", "国家金融监督管理总局上海监管局"),
    ("上海金融监管局", "国家金融监督管理总局上海监管局"),
    ("上海海关", "中华人民共和国上海海关"),
    ("国家外汇局上海市分局", "国家外汇管理局上海市分局"),
    ("民航华东地区管理局", "中国民用航空华东地区管理局"),
    ("临港新片区管委会", "中国（上海）自由贸易试验区临港新片区管理委员会"),
    ("市政府办公厅", "上海市人民政府办公厅"),
    ("市政府", "上海市人民政府"),
    ("市检察院", "上海市人民检察院"),
    # the general home-city rule: 上海市X ⇄ 市X, 中共上海市委X ⇄ 市委X
    ("上海市科委", "上海市科学技术委员会"),
    ("市科学技术委员会", "上海市科学技术委员会"),
    ("上海市委金融办", "中共上海市委金融委员会办公室"),
    ("市人力资源和社会保障局", "上海市人力资源和社会保障局"),
    # PDF damage the normalisation absorbs: justification spaces, full-width brackets
    ("市 发 展 改 革 委", "上海市发展和改革委员会"),
    ("中国(上海)自由贸易试验区临港新片区管理委员会", "中国（上海）自由贸易试验区临港新片区管理委员会"),
]


@pytest.mark.parametrize(("printed", "official"), SHORT_FORMS)
def test_short_form_resolves_to_official_name(register, printed, official):
    agency = register.resolve(printed)
    assert agency is not None, printed
    assert agency.name == official


@pytest.mark.parametrize("printed", [
    "北京市科委",  # another city's commission: the home-city rule must not strip 北京市
    "科委",  # too short to be a registered form
    "市科技委",  # a near miss is not a match: never a fuzzy guess
    "各区政府",  # collective: a set of bodies, not one
    "相关管道燃气经营企业",
    "",
])
def test_unregistered_names_do_not_resolve(register, printed):
    assert register.resolve(printed) is None


def _gold_aliases() -> list[tuple[str, str, str]]:
    rows = []
    for path in sorted(GOLD_DIR.glob("*.json")):
        for short, full in json.loads(path.read_text(encoding="utf-8"))["aliases"].items():
            rows.append((path.name, short, full))
    return rows


def _gold_issuers() -> list[str]:
    return sorted({name for path in sorted(GOLD_DIR.glob("*.json"))
                   for doc in json.loads(path.read_text(encoding="utf-8"))["documents"]
                   for name in doc["issuers"]})


@pytest.mark.parametrize(("gold", "short", "full"), _gold_aliases())
def test_gold_alias_resolves(register, gold, short, full):
    """Every gold alias of an official body resolves to the body of that name.

    A collective party maps to itself in the gold file (各区政府 → 各区政府); those must stay
    unresolved and be classified as a collective/non-government kind instead.
    """
    agency = register.resolve(short)
    if short == full and agency is None:
        assert classify(short, register) in {"district-collective", "institution", "other"}
    else:
        assert agency is not None, f"{gold}: {short}"
        assert agency.name == full


@pytest.mark.parametrize("issuer", _gold_issuers())
def test_gold_issuer_is_registered_under_its_full_name(register, issuer):
    agency = register.resolve(issuer)
    assert agency is not None and agency.name == issuer


# ---- history ----------------------------------------------------------------------------------

@pytest.mark.parametrize(("printed", "successors"), [
    # 2023 financial regulation reform: the NFRA Shanghai office replaces the CBIRC one
    ("上海银保监局", ["国家金融监督管理总局上海监管局"]),
    ("中国银保监会", ["国家金融监督管理总局"]),
    # 2018 Financial Services Office → Local Financial Supervision Bureau → 2024 CPC Financial Office
    ("市金融办", ["上海市地方金融监督管理局", "中共上海市委金融委员会办公室"]),
    ("市地方金融监管局", ["中共上海市委金融委员会办公室"]),
    # 2018 merger of the state and local tax bureaus
    ("上海市地税局", ["国家税务总局上海市税务局"]),
    ("闸北区政府", ["上海市静安区人民政府"]),
    ("金融监管总局上海监管局", []),
])
def test_successor_chain(register, printed, successors):
    agency = register.resolve(printed)
    assert [a.name for a in register.successors(agency.id)] == successors


def test_replacement_links_are_symmetric(register):
    for agency in register:
        for later in agency.replaced_by:
            assert agency.id in register.get(later).replaces, (agency.id, later)
        for earlier in agency.replaces:
            assert agency.id in register.get(earlier).replaced_by, (agency.id, earlier)


def test_dated_bodies_carry_their_days(register):
    old, new = register.resolve("上海银保监局"), register.resolve("上海金融监管局")
    assert old.valid_to == date(2023, 7, 20) == new.valid_from
    assert old.valid_on(date(2021, 4, 20)) and not old.valid_on(date(2024, 6, 13))


def _renamed_pair() -> Register:
    """Two bodies printed under one short form at different times (as 市金融办 may be reused)."""
    return Register([
        Agency("old", "某市金融服务办公室", "Old office", "MunicipalAgency", ("市金融办",),
               replaced_by=("new",), valid_to=date(2018, 11, 1)),
        Agency("new", "某市金融工作办公室", "New office", "MunicipalAgency", ("市金融办",),
               replaces=("old",), valid_from=date(2018, 11, 1)),
    ])


@pytest.mark.parametrize(("on", "expected"), [
    (date(2017, 5, 1), "old"),  # the document's date picks the body of its time
    (date(2020, 5, 1), "new"),
    (None, "new"),  # no date: the current body
])
def test_date_chooses_between_bodies_sharing_a_name(on, expected):
    assert _renamed_pair().resolve("市金融办", on).id == expected


# ---- integrity of the file ----------------------------------------------------------------------

@pytest.fixture(scope="module")
def graph() -> Graph:
    return Graph().parse(ontology_file("agencies.ttl"))


def test_every_organisation_is_loaded(graph, register):
    organisations = set(graph.subjects(RDF.type, ORG.Organization))
    assert len(organisations) == len(register) > 100


def test_ids_are_unique_and_match_the_iri(graph):
    subjects = set(graph.subjects(RDF.type, ORG.Organization))
    ids = [str(o) for s in subjects for o in graph.objects(s, DCTERMS.identifier)]
    assert len(ids) == len(set(ids)) == len(subjects)
    assert all(i.isascii() and i == i.lower() for i in ids)


def test_every_entry_has_zh_en_labels_and_a_kind(graph, register):
    for agency in register:
        assert agency.name and agency.name_en and agency.kind, agency.id
        assert agency.name_en.isascii(), agency.id
        assert any("\u4e00" <= c <= "\u9fff" for c in agency.name), agency.id


def test_no_name_denotes_two_current_bodies(register):
    for key, ids in register.names().items():
        current = [i for i in ids if not register.get(i).replaced_by]
        assert len(current) <= 1, (key, ids)


def test_parents_are_registered(register):
    for agency in register:
        if agency.parent:
            assert agency.parent in register


def test_short_forms_are_zh_literals(graph):
    for label in graph.objects(None, SKOS.altLabel):
        assert label.language == "zh", label


# ---- API errors -------------------------------------------------------------------------------

def test_unknown_id_is_a_clear_key_error(register):
    with pytest.raises(KeyError, match="no-such-body"):
        register.get("no-such-body")


def test_missing_register_file(tmp_path):
    with pytest.raises(InputError, match="not found"):
        Register.load(tmp_path / "agencies.ttl")


BROKEN = """@prefix agency: <https://w3id.org/kg-cn/agency/> .
@prefix kg: <https://w3id.org/kg-cn/ontology#> .
@prefix org: <http://www.w3.org/ns/org#> .
@prefix skos: <http://www.w3.org/2004/02/skos/core#> .
kg:MunicipalAgency skos:inScheme kg:AgencyKind .
agency:x a org:Organization ; skos:prefLabel "某局"@zh ; kg:agencyKind kg:MunicipalAgency .
"""


@pytest.mark.parametrize(("text", "message"), [
    (BROKEN, "en skos:prefLabel"),  # no English name
    # no kind
    (BROKEN.replace("kg:agencyKind kg:MunicipalAgency", 'skos:prefLabel "X"@en'), "lacks kg:agencyKind"),
    (BROKEN.replace("kg:MunicipalAgency .\n", 'kg:Bureau ; skos:prefLabel "X"@en .\n'), "Bureau"),  # bad kind
    ("agency:x a ;", "cannot parse"),
])
def test_bad_register_entries_are_refused(tmp_path, text, message):
    path = tmp_path / "agencies.ttl"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(InputError, match=message):
        Register.load(path)


def test_normalise_name_removes_pdf_spaces_and_full_width():
    assert normalise_name(" 市 科 委 ") == "市科委"
    assert normalise_name("中国（上海）") == "中国(上海)"


# ---- the central government as a whole (issue 15) -------------------------------------------

STATE_COUNCIL_SHORT_FORMS = {
    "人力资源社会保障部": "cn-mohrss", "发展改革委": "cn-ndrc", "国家发展改革委": "cn-ndrc",
    "市场监管总局": "cn-samr", "卫生健康委": "cn-nhc", "国家卫生健康委": "cn-nhc", "扶贫办": "cn-cpad",
    "医保局": "cn-nhsa", "药监局": "cn-nmpa", "税务总局": "cn-sta", "海关总署": "cn-gacc", "证监会": "cn-csrc",
    "银保监会": "cn-cbirc", "国管局": "cn-ngoa", "广电总局": "cn-nrta", "邮政局": "cn-spb", "文物局": "cn-ncha",
    "粮食和储备局": "cn-lgsr", "统计局": "cn-nbs", "国资委": "cn-sasac", "林草局": "cn-forestry",
    "中央宣传部": "cpc-publicity", "中央统战部": "cpc-united-front", "中央和国家机关工委": "cpc-central-organs",
    "全国总工会": "cn-acftu", "共青团中央": "cn-cyl", "全国妇联": "cn-acwf", "全国工商联": "cn-acfic",
    "中国科协": "cn-cast", "供销合作总社": "cn-acfsmc", "人民银行": "cn-pbc",
}


@pytest.mark.parametrize(("printed", "agency_id"), sorted(STATE_COUNCIL_SHORT_FORMS.items()))
def test_state_council_short_forms_resolve(register, printed, agency_id):
    assert register.resolve(printed).id == agency_id


@pytest.mark.parametrize(("former", "on", "successor"), [
    ("国土资源部", date(2013, 5, 1), "cn-mnr"), ("环境保护部", date(2016, 1, 1), "cn-mee"),
    ("质检总局", date(2017, 1, 1), "cn-samr"), ("工商总局", date(2017, 1, 1), "cn-samr"),
    ("银监会", date(2017, 1, 1), "cn-cbirc"), ("保监会", date(2017, 1, 1), "cn-cbirc"),
    ("国家卫生计生委", date(2016, 1, 1), "cn-nhc"), ("扶贫办", date(2019, 1, 1), "cn-nrra"),
])
def test_former_central_bodies_keep_their_dates_and_successors(register, former, on, successor):
    body = register.resolve(former, on)
    assert body.valid_to is not None and body.valid_on(on)
    assert successor in [a.id for a in register.successors(body.id)]


def test_the_2018_and_2023_chains_end_at_the_current_bodies(register):
    assert [a.id for a in register.successors("cn-cbrc")] == ["cn-cbirc", "cn-nfra"]
    assert [a.id for a in register.successors("cn-moh")] == ["cn-nhfpc", "cn-nhc"]
    assert register.get("cn-nea").parent == "cn-ndrc"  # an administration under its ministry
