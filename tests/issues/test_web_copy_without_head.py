"""Issue 15: a text copied from a web page (title line, no number, no addressee) gave no document,
and every clause in it was dropped without a word. It is now one document with a
no-document-head warning, and its clauses are read."""
from __future__ import annotations

from kg.pipeline import extract

TEXT = ("关于推进人才集聚工程的实施意见\n为深入贯彻落实，提出以下实施意见。\n一、总体目标\n"
        "1.目标。建设人才高地。\n2.紧缺人才开发项目。5年内引进人才。（牵头单位：市发展改革委，配合单位：市委组织部，各区、县级市）\n")


def test_a_headless_web_copy_is_one_document(tmp_path):
    path = tmp_path / "copy.txt"
    path.write_text(TEXT, encoding="utf-8")
    corpus = extract([path])
    (doc,) = corpus.documents
    assert doc.title == "关于推进人才集聚工程的实施意见" and doc.doc_number is None
    assert [p.code for p in corpus.problems if p.code == "no-document-head"] == ["no-document-head"]
    (duty,) = corpus.duties
    assert [(p.printed, p.role) for p in duty.parties] == [
        ("市发展改革委", "lead"), ("市委组织部", "co"), ("各区、县级市", "co")]
