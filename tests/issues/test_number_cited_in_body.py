"""Issue 15: a document number quoted inside a body (根据…〔2019〕3号, a line that cites one) must
not open a phantom document; a government order (令 第N号) must open one."""
from __future__ import annotations

from kg.pipeline import extract

CITING = ("国务院关于促进测试工作的若干意见\n国发〔2030〕3号\n各省、自治区、直辖市人民政府：\n"
          "根据《国务院关于加快发展的意见》（国发〔2019〕3号），现提出如下意见。\n"
          "国发〔2019〕3号文件同时废止。\n一、任务\n（一）建设平台。（科技部负责）\n")
ORDER = "上海市测试管理办法\n上海市人民政府令\n第16号\n第一条 为了规范测试工作，制定本办法。\n第二条 市科委负责本办法的实施。\n"


def test_a_cited_number_opens_no_document(tmp_path):
    path = tmp_path / "doc.txt"
    path.write_text(CITING, encoding="utf-8")
    assert [d.key for d in extract([path]).documents] == ["国发〔2030〕3号"]


def test_a_government_order_is_a_document(tmp_path):
    path = tmp_path / "order.txt"
    path.write_text(ORDER, encoding="utf-8")
    (doc,) = extract([path]).documents
    assert doc.doc_number == "上海市人民政府令第16号" and doc.title == "上海市测试管理办法"
