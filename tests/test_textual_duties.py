"""Duties stated in running text (kg.facts.textual_duties)."""
from __future__ import annotations

import pytest

from kg.agencies import default_register
from kg.documents.doctext import snippet
from kg.facts.textual_duties import find_textual_duties


def run(text: str):
    return find_textual_duties(snippet(text, "沪科规〔2024〕3号"), default_register())[0]


@pytest.mark.parametrize("text, role, parties, duty", [
    # 000 颠覆性技术 办法 第三条
    ("第三条市科委是专项主管部门,主要职责是:(一)研究制定专项管理政策制度;",
     "competent-authority", [("市科委", "lead", "sh-stcsm")], "(一)研究制定专项管理政策制度"),
    # 000 揭榜挂帅 办法 第五条
    ("第五条市科委是“揭榜挂帅”项目的主管部门,主要负责研究制定“揭榜挂帅”制度规范。",
     "competent-authority", [("市科委", "lead", "sh-stcsm")], "研究制定“揭榜挂帅”制度规范"),
    # 001 科技成果转化 行动方案 保障措施
    ("根据需要,由市科委牵头召开各部门联络员会议,研究推进具体任务。",
     "lead", [("市科委", "lead", "sh-stcsm")], "召开各部门联络员会议"),
    # 002 信用修复 工作方案
    ("具体办法由市发展改革委会同相关部门另行制定。",
     "lead", [("市发展改革委", "lead", "sh-drc"), ("相关部门", "co", None)], "另行制定"),
    ("1.受理和初审。各区发展改革委负责受理和初审所在区行政机关作出的行政处罚信息修复申请；",
     "responsible", [("各区发展改革委", "lead", None)], "受理和初审所在区行政机关作出的行政处罚信息修复申请"),
])
def test_stated_duties(text, role, parties, duty):
    (d,) = run(text)
    assert (d.role_text, d.raw, d.form, d.label, d.stated_in_text) == (role, duty, "stated-in-text", "", True)
    assert [(p.printed, p.role, p.agency_id) for p in d.parties] == parties


@pytest.mark.parametrize("text", [
    # the subject is no agency: never invent one
    "行政处罚机关负责受理相关修复申请。",
    "企业是创新的主体,负责组织实施项目。",
    # inside a bracketed clause: kg.facts.clauses reads it
    "加强统筹协调。（由市发展改革委会同市财政局负责）",
])
def test_no_duty(text):
    assert run(text) == []


def test_span_starts_at_the_agency():
    (d,) = run("根据需要,由市科委牵头召开各部门联络员会议。")
    assert d.span.text.startswith("市科委") and d.span.start_line == 1
