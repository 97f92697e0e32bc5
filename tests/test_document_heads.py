"""Document heads by evidence (issue 15): portal metadata blocks, bare web copies, government
orders, Chinese-numeral dates; every file yields a document."""
from __future__ import annotations

from datetime import date

import pytest

from kg.pipeline import extract

PORTAL = """索  引  号：000014349/2030-00008
主题分类：综合政务\\其他
发文机关：国务院办公厅
成文日期：二〇三〇年一月十二日
标　　题：国务院办公厅关于加快推进测试工作的意见
发文字号：国办发〔2030〕12号
发布日期：2030年01月25日
国务院办公厅关于加快推进测试工作的意见
国办发〔2030〕12号
各省、自治区、直辖市人民政府，国务院各部委、各直属机构：
为加快推进测试工作，经国务院同意，现提出以下意见。
一、重点任务
（一）建设平台。（科技部、财政部按职责分工负责）
"""
# The same page with the metadata block only: no title line, no number line.
PORTAL_BLOCK_ONLY = "\n".join(PORTAL.splitlines()[:7] + PORTAL.splitlines()[10:]) + "\n"


@pytest.mark.parametrize("text", [PORTAL, PORTAL_BLOCK_ONLY], ids=["block-and-head", "block-only"])
def test_a_portal_copy_reads_its_metadata_block(tmp_path, text):
    path = tmp_path / "portal.txt"
    path.write_text(text, encoding="utf-8")
    corpus = extract([path])
    (doc,) = corpus.documents
    assert (doc.doc_number, doc.title, doc.issuers) == (
        "国办发〔2030〕12号", "国务院办公厅关于加快推进测试工作的意见", ["国务院办公厅"])
    assert (doc.signed_date, doc.published) == (date(2030, 1, 12), date(2030, 1, 25))
    (duty,) = corpus.duties
    assert (duty.lead.printed, duty.provision) == ("科技部", "一.(一)")


def test_every_file_yields_a_document(tmp_path):
    """A file with prose only still is one document, with a no-document-head warning."""
    path = tmp_path / "note.txt"
    path.write_text("各单位要高度重视，认真组织实施。\n", encoding="utf-8")
    corpus = extract([path])
    assert len(corpus.documents) == 1
    assert [p.code for p in corpus.problems] == ["no-document-head"]


def test_dates_in_chinese_numerals_set_the_validity(tmp_path):
    path = tmp_path / "rules.txt"
    path.write_text("上海市测试管理办法\n沪府规〔2025〕3号\n各区人民政府，市政府各委、办、局：\n第一条 为了规范测试，制定本办法。\n"
                    "第二条 本办法自二〇二五年三月一日起施行，有效期为二十年。\n上海市人民政府\n二〇二五年二月十日\n",
                    encoding="utf-8")
    (doc,) = extract([path]).documents
    assert (doc.signed_date, doc.effective_from, doc.expires_on) == (
        date(2025, 2, 10), date(2025, 3, 1), date(2045, 2, 28))


def test_a_plan_cited_without_book_marks_is_the_attached_title(tmp_path):
    path = tmp_path / "notice.txt"
    path.write_text("浙江省人民政府办公厅关于印发浙江省推进数字经济发展行动方案的通知\n浙政办发〔2030〕12号\n"
                    "各市、县（市、区）人民政府，省政府直属各单位：\n现将行动方案印发给你们，请认真贯彻执行。\n"
                    "浙江省推进数字经济发展行动方案\n一、主要任务\n（一）建设平台。（省经信厅负责）\n", encoding="utf-8")
    (doc,) = extract([path]).documents
    assert doc.attached_title == "浙江省推进数字经济发展行动方案"
