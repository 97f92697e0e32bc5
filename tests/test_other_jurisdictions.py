"""Texts from outside the bundled Shanghai corpus: a State Council opinion and a Beijing notice."""
from __future__ import annotations

from pathlib import Path

import pytest

from kg.agencies import default_register
from kg.pipeline import extract

TEXTS = Path(__file__).parent / "texts"


@pytest.fixture(scope="module")
def other():
    return extract([TEXTS / "state_council_2024_1.txt", TEXTS / "beijing_2024_10.txt"])


def clauses(corpus, doc):
    return [(d.provision, [(p.printed, p.role, p.agency_id) for p in d.parties])
            for d in corpus.duties if d.doc == doc]


def test_state_council_clauses(other):
    assert clauses(other, "国办发〔2024〕1号") == [
        ("一.(一)", [("民政部", "lead", "cn-mca"), ("农业农村部", "co", "cn-mara"), ("国家卫生健康委", "co", "cn-nhc"),
                    ("市场监管总局", "co", "cn-samr")]),
        ("一.(二)", [("民政部", "lead", "cn-mca"), ("商务部", "co", "cn-mofcom"), ("国家卫生健康委", "co", "cn-nhc")]),
        # "A、B、C牵头": three joint leads (issue 14)
        ("二.(三)", [("国务院国资委", "lead", "cn-sasac"), ("国家发展改革委", "lead", "cn-ndrc"),
                    ("工业和信息化部", "lead", "cn-miit"), ("各有关部门", "co", None)]),
        ("二.(四)", [("国家发展改革委", "lead", "cn-ndrc"), ("工业和信息化部", "co", "cn-miit"), ("民政部", "co", "cn-mca")]),
    ]


def test_state_council_document(other):
    doc = next(d for d in other.documents if d.key == "国办发〔2024〕1号")
    assert (doc.kind, doc.issuers, str(doc.signed_date)) == ("意见", ["国务院办公厅"], "2024-01-11")


def test_beijing_lead_and_co_labels_on_one_line(other):
    assert [(printed, role) for printed, role, _ in clauses(other, "京政发〔2024〕10号")[0][1][:2]] == [
        ("市经济和信息化局", "lead"), ("市科委", "co")]


def test_local_short_forms_of_another_city_expand_to_that_citys_bodies(other):
    """Issue 15: Beijing's 市科委 is not Shanghai's; the local short-form rule makes it Beijing's.

    Until issue 15 these parties stayed unresolved (and were reported); now they expand to
    inferred Beijing bodies, and only what the rule cannot expand is reported.
    """
    register = default_register()
    parties = {p.printed: p for d in other.duties if d.doc == "京政发〔2024〕10号" for p in d.parties}
    names = {printed: register.get(p.agency_id).name for printed, p in parties.items() if p.agency_id}
    assert names["市科委"] == "北京市科学技术委员会"
    assert names["市教委"] == "北京市教育委员会"
    assert names["市经济和信息化局"] == "北京市经济和信息化局"
    assert not any(a.startswith("sh-") for a in (p.agency_id or "" for p in parties.values()))
    assert parties["市教委"].kind == "municipal"
    assert register.get(parties["市科委"].agency_id).jurisdiction == "北京市"
    reported = {p.message.split("'")[1] for p in other.problems if p.code == "unresolved-party"}
    assert not {"市科委", "市教委", "市经济和信息化局"} & reported
