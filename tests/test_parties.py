"""Splitting, classifying and resolving the parties of responsibility clauses (kg/facts/parties.py).

Snippets are clause texts as printed in the Shanghai gazette seeds, PDF damage included.
"""
from __future__ import annotations

import re
from pathlib import Path

import pytest

from kg.agencies import default_register
from kg.errors import InputError
from kg.facts.parties import (
    PARTY_KINDS,
    PartyRules,
    classify,
    default_rules,
    explain,
    parties_of,
    split_parties,
    to_party,
)
from kg.model import Party
from kg.resources import corpus_dir


@pytest.mark.parametrize(("raw", "expected"), [
    # the plain form
    ("市科委、市经济信息化委", ["市科委", "市经济信息化委"]),
    # a name containing 和 is never split
    ("上海市经济和信息化委员会、市财政局", ["上海市经济和信息化委员会", "市财政局"]),
    ("市人力资源和社会保障局", ["市人力资源和社会保障局"]),
    # the clause's closing bracket left on the last party, and a trailing full stop
    ("市药品监管局、市卫生健康委）", ["市药品监管局", "市卫生健康委"]),
    ("市科委、市财政局。", ["市科委", "市财政局"]),
    # justification spaces inside a name broken across lines (003, 2021)
    ("市科委、市卫生健康委、市 发 展 改革委", ["市科委", "市卫生健康委", "市发展改革委"]),
    (" 市科委 、 市教委 ", ["市科委", "市教委"]),
    # a 牵头单位 table cell: parties separated by spaces (001, 规划指标)
    ("市医保局 市民政局 市卫生健康委", ["市医保局", "市民政局", "市卫生健康委"]),
    # the comma that separates municipal from district and non-government parties (002)
    ("市住房城乡建设管理委、市城管执法局，各区人民政府，相关管道燃气经营企业、建设单位",
     ["市住房城乡建设管理委", "市城管执法局", "各区人民政府", "相关管道燃气经营企业", "建设单位"]),
    ("市农业农村委、市财政局，各涉农区政府", ["市农业农村委", "市财政局", "各涉农区政府"]),
    # 及 / 等 between two parties
    ("市发展改革委及各有关单位", ["市发展改革委", "各有关单位"]),
    ("市科委、市财政局等各相关部门", ["市科委", "市财政局", "各相关部门"]),
    ("市科委和市财政局及各区政府", ["市科委", "市财政局", "各区政府"]),
    # a party the register does not know is kept as printed, not cut up
    ("市经济和信息化委", ["市经济和信息化委"]),
    ("药品相关行业协会", ["药品相关行业协会"]),
    ("市药品监管局；市禁毒办;各区政府", ["市药品监管局", "市禁毒办", "各区政府"]),
])
def test_split_parties(raw, expected):
    assert split_parties(raw) == expected


@pytest.mark.parametrize("raw", ["", "  ", "、、", "）"])
def test_empty_party_list_is_an_error(raw):
    with pytest.raises(ValueError, match="no party"):
        split_parties(raw)


@pytest.mark.parametrize(("printed", "kind", "agency_id"), [
    ("闵行区政府", "district", "sh-minhang"),
    ("浦东新区政府", "district", "sh-pudong"),
    ("各区政府", "district-collective", None),
    ("有关区政府", "district-collective", None),
    ("相关区政府", "district-collective", None),
    ("各涉农区政府", "district-collective", None),
    ("各区人民政府", "district-collective", None),
    ("市科委", "municipal", "sh-stcsm"),
    ("市人才局", "municipal", "sh-talent"),
    ("临港新片区管委会", "municipal", "sh-lingang"),
    ("市检察院", "municipal", "sh-procuratorate"),
    ("市国动办", "municipal", None),  # a municipal office the register does not know: unresolved
    ("金融监管总局上海监管局", "central", "cn-nfra-sh"),
    ("上海金融监管局", "central", "cn-nfra-sh"),
    ("上海银保监局", "central", "cn-cbirc-sh"),
    ("市税务局", "central", "cn-sta-sh"),
    ("上海海关", "central", "cn-customs-sh"),
    ("国家外汇局上海市分局", "central", "cn-safe-sh"),
    ("民航华东地区管理局", "central", "cn-caac-east"),
    ("市通信管理局", "central", "cn-miit-sh-comm"),
    ("国家统计局上海调查总队", "central", None),
    ("市委金融办", "party", "cpc-sh-finance"),
    ("市委组织部", "party", "cpc-sh-organisation"),
    ("市委社会工作部", "party", "cpc-sh-social-work"),
    ("市委人才办", "party", None),
    ("申康医院发展中心", "institution", "sh-shdc"),
    ("上海股权托管交易中心", "institution", "sh-equity-exchange"),
    ("各医学院校", "institution", None),
    ("市电力公司", "other", "sgcc-sh"),  # a state-owned company: registered, not government
    ("相关管道燃气经营企业", "other", None),
    ("液化石油气经营企业", "other", None),
    ("行业协会", "other", None),
    ("药品相关行业协会", "other", None),
    ("医疗机构", "other", None),
    ("联席会议各成员单位", "other", None),
    ("领导小组办公室", "other", None),
    ("上海某某", "unknown", None),
])
def test_party_kind(printed, kind, agency_id):
    party = to_party(printed)
    assert (party.kind, party.agency_id) == (kind, agency_id)
    assert classify(printed) == kind
    assert party.printed == printed


def _pattern_examples():
    return [(p.id, p.kind, example) for p in default_rules().patterns for example in p.examples]


@pytest.mark.parametrize(("pattern_id", "kind", "example"), _pattern_examples())
def test_pattern_examples_are_decided_by_their_pattern(pattern_id, kind, example):
    """The examples in party_kinds.toml are unregistered and decided by the pattern that lists them."""
    found = explain(example)
    assert (found.rule, found.kind, found.agency) == (pattern_id, kind, None)


def test_every_register_kind_maps_to_a_party_kind():
    rules = default_rules()
    for agency in default_register():
        assert rules.register_kinds[agency.kind] in PARTY_KINDS


def test_parties_of_marks_the_first_as_lead():
    parties = parties_of("市卫生健康委、申康医院发展中心、各区政府")
    assert parties == [
        Party("市卫生健康委", "municipal", "sh-health", "lead"),
        Party("申康医院发展中心", "institution", "sh-shdc", "co"),
        Party("各区政府", "district-collective", None, "co"),
    ]


def test_bad_role_is_refused():
    with pytest.raises(ValueError, match="role"):
        to_party("市科委", role="owner")


@pytest.mark.parametrize(("text", "message"), [
    ("[[pattern]]\nid = 'x'\nkind = 'ministry'\nregex = '局$'\n", "ministry"),
    ("[[pattern]]\nid = 'x'\nkind = 'other'\nregex = '(局'\n", "bad regex"),
    ("[[pattern]]\nid = 'x'\nkind = 'other'\n", "regex"),
    ("[register_kinds]\nMunicipalAgency = 'city'\n", "city"),
    ("[[pattern]\n", "cannot read"),
])
def test_bad_rules_file_is_refused(tmp_path, text, message):
    path = tmp_path / "party_kinds.toml"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(InputError, match=message):
        PartyRules.load(path)


# ---- every party printed in the bundled corpus -----------------------------------------------

CLAUSE = re.compile(r"(?:责任单位|责任部门、单位)[:：](?P<raw>[^()（）]{1,300})[)）]")
PAGE_NOISE = re.compile(r"^\s*(上海市人民政府公报.*|[—－-]+\s*\d+\s*[—－-]+)\s*$")
GOVERNMENT = {"municipal", "district", "central", "party"}


def _clause_texts(path: Path) -> list[str]:
    """Clause texts of one seed: lines joined (names are broken across them), page heads dropped."""
    lines = path.read_text(encoding="utf-8").splitlines()
    text = "".join(line.rstrip("\n") for line in lines if not PAGE_NOISE.match(line))
    return [m.group("raw") for m in CLAUSE.finditer(text)]


def _lead_column_cells(path: Path) -> list[str]:
    """The last cell of each row of a table whose header ends with 牵头单位 (indicator tables)."""
    cells, in_table = [], False
    for line in path.read_text(encoding="utf-8").splitlines():
        if "\t" in line and line.rstrip().endswith("牵头单位"):
            in_table = True
        elif in_table and "\t" in line:
            cells.append(line.rstrip().split("\t")[-1])
        else:
            in_table = False
    return cells


def _corpus_parties() -> list[tuple[str, str]]:
    rows = []
    for path in sorted(corpus_dir().glob("*.txt")):
        for raw in _clause_texts(path) + _lead_column_cells(path):
            rows.extend((path.name, party) for party in split_parties(raw))
    return rows


CORPUS_PARTIES = _corpus_parties()


def test_corpus_has_clauses_to_check():
    assert len(CORPUS_PARTIES) > 800
    assert len({p for _, p in CORPUS_PARTIES}) > 60


@pytest.mark.parametrize("party", sorted({p for _, p in CORPUS_PARTIES}))
def test_every_corpus_party_is_known(party):
    """Government parties resolve to a register entry; the rest are recognised collective kinds."""
    found = explain(party)
    assert found.kind != "unknown", party
    if found.kind in GOVERNMENT:
        assert found.agency is not None, f"{party} is {found.kind} but not in the register"
