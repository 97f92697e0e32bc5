"""PDF damage is repaired, and every cleaned position maps back to its source line."""
from __future__ import annotations

import re

import pytest

from kg.model import SourceText
from kg.text.cleaning import clean
from kg.text.reading import normalise

FURNITURE = re.compile(r"人民政府公报\s*\d{4}|[—-]\s*\d{1,3}\s*[—-](?!\d)|SHANGHAISHI|GONGBAO|主管单位|主办单位|"
                       r"印刷单位|TABLE OF CONTENTS|^目\s*录$|【市政府", re.M)


def _source(text: str) -> SourceText:
    return SourceText(path="t.txt", name="t.txt", printed=text, text=normalise(text), encoding="utf-8")


@pytest.mark.parametrize("printed, cleaned", [
    # a running head in mid-sentence, between two halves of a clause
    ("市场化运作.(责任单位:市科委、市经济信息化\n 上海市人民政府公报２０２４１３ 市政府办公厅文件\n\n委)",
     "市场化运作.(责任单位:市科委、市经济信息化委)"),
    # a page footer between two lines
    ("加强统筹协调，建立工作\n— 3 —\n机制。", "加强统筹协调，建立工作机制。"),
    # justification spaces between Chinese characters, kept between Latin words
    ("上 海 市 商 务 委 员 会", "上海市商务委员会"),
    ("到 2025 年，建成 Grand neoBay 创新区", "到2025年，建成Grand neoBay创新区"),
    # full-width digits
    ("沪府办发 〔２０２４〕８号", "沪府办发〔2024〕8号"),
    # a numbered item starts a new line even after a line without end punctuation
    ("一、主要目标\n到2027年，建成高地。\n（一）加强攻关", "一、主要目标\n到2027年，建成高地。\n（一）加强攻关"),
])
def test_cleaning_repairs(printed, cleaned):
    assert clean(_source(printed)).text == cleaned


def test_line_map_points_to_the_printed_line():
    printed = "第一行文字没有结束\n\n第二行继续（责任单\n位：市科委）"
    c = clean(_source(printed))
    pos = c.text.index("市科委")
    assert c.line(pos) == 4
    span = c.span(c.text.index("（责任"), c.text.index("）") + 1)
    assert (span.start_line, span.end_line) == (3, 4)
    assert span.text == "（责任单\n位：市科委）"


def test_tables_of_contents_are_set_aside():
    printed = ("目 录\n【市政府文件】\n上海市人民政府关于印发《规划》的通知·····\t(3)\n规划·····\t(3)\n"
               "TABLE OF CONTENTS\nNotice of the Shanghai Municipal People’s Government (SMPG D [2021] No.5)\t(3)\n"
               "上海市人民政府关于印发《规划》的通知\n")
    c = clean(_source(printed))
    assert c.text == "上海市人民政府关于印发《规划》的通知"
    assert [e.english for e in c.toc] == [False, False, True]
    assert c.toc[0].page == 3


def test_no_page_furniture_survives_in_any_document(corpus):
    for doc in corpus.documents:
        hit = FURNITURE.search(doc.body)
        assert hit is None, f"{doc.key}: {doc.body[max(0, hit.start() - 20):hit.end() + 20]}"


def test_imprint_page_is_not_a_document(corpus):
    assert all("出版" not in (d.title or "") for d in corpus.documents)
    assert not any("定价" in d.body or "免费赠阅" in d.body for d in corpus.documents)
