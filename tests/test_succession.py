"""Policy succession: duties matched by content across an old document and its successor.

The hand-made corpus reuses real provisions of the 2021 Shanghai biomedicine opinions (file 003)
and of their 2024 successor 沪府办规〔2024〕9号 (file 002), shortened; the figures on the bundled
corpus were counted by hand from the printed （责任单位：…） clauses of both documents.
"""
from __future__ import annotations

import pytest

from kg.errors import InputError
from kg.model import Corpus, Document, Duty, Party, Span
from kg.succession import (
    compare_documents,
    duty_content,
    jaccard,
    match_duties,
    pairs_frame,
    similarity,
)

OLD, NEW = "old-biomed-2021", "沪府办规〔2024〕9号"
IDS = {"市科委": "sh-stcsm", "市经济信息化委": "sh-cei", "市药品监管局": "sh-medical-products",
       "市财政局": "sh-finance", "市发展改革委": "sh-drc", "市卫生健康委": "sh-health",
       "市地方金融监管局": "sh-local-finance", "市委金融办": "cpc-sh-finance"}


def duty(doc: str, provision: str, heading: str, body: str, parties: str) -> Duty:
    """A bracket clause duty as the extractor makes it: first party leads."""
    names = parties.split("、")
    people = [Party(n, "municipal" if n in IDS else "district", IDS.get(n), "lead" if i == 0 else "co")
              for i, n in enumerate(names)]
    clause = f"（责任单位：{parties}）"
    return Duty(doc=doc, provision=provision, heading=heading, label="责任单位", raw=parties, parties=people,
                form="bracket", span=Span("x.txt", 1, 1, clause), text=f"{heading}。{body}{clause}")


def document(key: str, number: str | None) -> Document:
    return Document(key=key, doc_number=number, title=None, attached_title=None, kind=None, issuers=[],
                    signed_date=None, effective_from=None, expires_on=None, supersedes=[], interprets=None,
                    basis=[], english_title=None, span=Span("x.txt", 1, 1, ""))


OLD_DUTIES = [
    # 三.(一): rewritten and renumbered as 2024 一.(五); 市经济信息化委 drops out, 市发展改革委 comes in
    duty(OLD, "三.(一)", "支持创新药研发", "对已在国内开展Ⅰ期、Ⅱ期、Ⅲ期临床试验，由本市注册申请人获得许可并在本市生产的1类化学药、"
         "1类生物制品和1类中药，按照不同临床试验阶段，择优给予不超过研发投入40%资金支持",
         "市科委、市经济信息化委、市药品监管局、市财政局"),
    # 五.(三): almost the same heading in 2024 五.(二十四)
    duty(OLD, "五.(三)", "推广合同研发生产组织等新模式", "支持合同研发生产组织（CDMO）企业为本市企业提供研发生产服务",
         "市经济信息化委、市药品监管局、市财政局"),
    # 七.(五): no successor provision; its lead was merged into 市委金融办 in 2024
    duty(OLD, "七.(五)", "创新产业金融服务模式", "探索知识产权质押融资", "市地方金融监管局、市财政局"),
]
NEW_DUTIES = [
    duty(NEW, "一.(五)", "持续加大创新药研发支持力度", "对在本市开展Ⅰ期、Ⅱ期、Ⅲ期临床试验的1类创新药，按照不同临床试验阶段，"
         "择优给予不超过研发投入30%资金支持", "市科委、市发展改革委、市药品监管局、市财政局"),
    duty(NEW, "五.(二十四)", "推广合同研发生产组织新模式", "支持合同研发生产组织（CDMO）企业提供研发生产服务",
         "市科委、市药品监管局、市财政局"),
    duty(NEW, "六.(二十六)", "培育中长期投资者和耐心资本", "发挥国资创投引领作用", "市委金融办、市发展改革委"),
]
CORPUS = Corpus(documents=[document(OLD, None), document(NEW, NEW)], duties=OLD_DUTIES + NEW_DUTIES)


@pytest.mark.parametrize(("a", "b", "expected"), [
    ("支持创新药研发", "支持创新药研发", 1.0),  # identical
    ("支持创新药", "创新药支持", 0.6),  # reordered: 创新 新药 支持 shared of 支持 持创 创新 新药 药支
    ("市科委", "市财政局", 0.0),  # nothing shared
    ("", "", 0.0),  # empty texts are not similar
])
def test_jaccard(a, b, expected):
    assert jaccard(a, b) == pytest.approx(expected)


def test_duty_content_drops_the_responsibility_clause():
    content = duty_content(OLD_DUTIES[2])
    assert content == "创新产业金融服务模式。探索知识产权质押融资"


@pytest.mark.parametrize(("old", "new", "matched"), [
    (0, 0, True),  # renumbered and reworded, same task
    (1, 1, True),  # same heading, shorter text
    (0, 1, False),  # drug development vs contract manufacturing
    (2, 2, False),  # finance services vs patient capital: different tasks
])
def test_matches_by_content_not_number(old, new, matched):
    pairs = {(m.old, m.new) for m in match_duties(OLD_DUTIES, NEW_DUTIES)}
    assert ((old, new) in pairs) is matched
    assert (similarity(OLD_DUTIES[old], NEW_DUTIES[new]) >= 0.18) is matched


def test_pairs_frame_lists_kept_gained_lost_per_pair():
    pairs = pairs_frame(CORPUS, OLD, NEW).set_index("old_provision")
    assert list(pairs.index) == ["三.(一)", "五.(三)"]
    assert pairs.loc["三.(一)", "new_provision"] == "一.(五)"
    assert pairs.loc["三.(一)", "lost"] == ["市经济信息化委"]
    assert pairs.loc["三.(一)", "gained"] == ["市发展改革委"]
    assert pairs.loc["五.(三)", "gained"] == ["市科委"]


@pytest.mark.parametrize(("agency", "expected"), [
    # agency: (old, new, kept, gained, lost, led_old, led_new)
    ("市科委", (1, 2, 1, 1, 0, 1, 2)),
    ("市经济信息化委", (2, 0, 0, 0, 2, 1, 0)),
    ("市财政局", (3, 2, 2, 0, 1, 0, 0)),
    ("市发展改革委", (0, 2, 0, 2, 0, 0, 0)),
    ("市委金融办", (1, 1, 0, 1, 1, 1, 1)),  # 市地方金融监管局's duty counted under its successor
])
def test_compare_documents_per_agency(agency, expected):
    table = compare_documents(CORPUS, OLD, NEW).set_index("agency")
    assert tuple(table.loc[agency, ["old", "new", "kept", "gained", "lost", "led_old", "led_new"]]) == expected
    assert "市地方金融监管局" not in table.index


def test_reorganisations_can_be_ignored():
    table = compare_documents(CORPUS, OLD, NEW, follow_reorganisations=False).set_index("agency")
    assert table.loc["市地方金融监管局", "lost"] == 1
    assert table.loc["市委金融办", "old"] == 0


def test_unknown_document_is_an_input_error():
    with pytest.raises(InputError, match="no document '沪府办规〔2099〕1号'.*沪府办规〔2024〕9号"):
        compare_documents(CORPUS, "沪府办规〔2099〕1号", NEW)


@pytest.mark.parametrize(("agency", "old", "new", "led_old", "led_new"), [
    ("市科委", 12, 32, 5, 15),  # counted from the printed clauses of both documents
    ("市经济信息化委", 18, 7, 10, 1),
])
def test_biomedicine_2021_to_2024(corpus, agency, old, new, led_old, led_new):
    table = compare_documents(corpus, "seed-003_3d6e404cec9cf21f-doc1", "沪府办规〔2024〕9号").set_index("agency")
    row = table.loc[agency]
    assert (row.old, row.new, row.led_old, row.led_new) == (old, new, led_old, led_new)
    assert row.kept + row.lost == row.old
