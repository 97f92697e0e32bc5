"""The clause grammar (clause_grammar.toml, kg.facts.clause_reading) on the forms of the genre.

One row per form, each a small text written in the genre's style: State Council brackets,
provincial and city label pairs, own-line clauses, mid-paragraph brackets, joint leads,
deadlines, task tables. Expected roles are (printed party, role).
"""
from __future__ import annotations

import pytest

from kg.agencies import default_register
from kg.facts.clause_reading import NotAClause, read_clause
from kg.facts.parties import to_party
from kg.pipeline import extract


def read(text: str, **kw):
    return read_clause(text, lambda n, r: to_party(n, default_register(), r), **kw)


def roles(parties):
    return [(p.printed, p.role) for p in parties]


FORMS = [
    # a plain list under a responsible label: the first listed leads
    ("责任单位：市发展改革委、市财政局", [("市发展改革委", "lead"), ("市财政局", "co")], "first-listed"),
    # joint leads: every party of a 牵头 group leads
    ("国家发展改革委、工业和信息化部牵头，各有关部门按职责分工负责",
     [("国家发展改革委", "lead"), ("工业和信息化部", "lead"), ("各有关部门", "co")], "explicit"),
    # 牵头 … 参与
    ("生态环境部牵头，国家发展改革委、农业农村部参与",
     [("生态环境部", "lead"), ("国家发展改革委", "co"), ("农业农村部", "co")], "explicit"),
    # 指导 gives way to 负责落实
    ("生态环境部指导，试点城市政府负责落实", [("生态环境部", "co"), ("试点城市政府", "lead")], "first-listed"),
    # a 指导 list: the first listed leads
    ("国家发展改革委、商务部指导", [("国家发展改革委", "lead"), ("商务部", "co")], "first-listed"),
    # 会同: the party before leads
    ("由市住房城乡建设管理委会同市应急局负责", [("市住房城乡建设管理委", "lead"), ("市应急局", "co")], "explicit"),
    # a comma between ministries and provinces inside one 按职责分工负责 group
    ("财政部、税务总局，各省级人民政府按职责分工负责",
     [("财政部", "lead"), ("税务总局", "co"), ("各省级人民政府", "co")], "first-listed"),
    # 等有关部门和单位: 等 closes the list, the collective stays whole
    ("人力资源社会保障部等有关部门和单位负责", [("人力资源社会保障部", "lead"), ("有关部门和单位", "co")], "first-listed"),
    # 等和 before a collective of provinces
    ("商务部、农业农村部等和各有关省级人民政府负责",
     [("商务部", "lead"), ("农业农村部", "co"), ("各有关省级人民政府", "co")], "first-listed"),
    # a label pair separated by a comma; a collective holding 、 is one party
    ("牵头单位：市科技局，配合单位：市财政局，各区、县级市",
     [("市科技局", "lead"), ("市财政局", "co"), ("各区、县级市", "co")], "explicit"),
    # labels separated by a semicolon, the co label printed first
    ("配合单位：省财政厅；牵头单位：省科技厅", [("省财政厅", "co"), ("省科技厅", "lead")], "explicit"),
    # a responsible label whose content prints its own roles
    ("责任单位：市教委牵头，市财政局、各区政府按职责分工负责",
     [("市教委", "lead"), ("市财政局", "co"), ("各区政府", "co")], "explicit"),
    # only a lead
    ("市科委牵头", [("市科委", "lead")], "explicit"),
    # a collective alone still leads
    ("各省级人民政府负责", [("各省级人民政府", "lead")], "single"),
    # 落实 by a later group does not take the lead from the first responsible group
    ("市发展改革委、市财政局按职责分工负责，各区人民政府落实",
     [("市发展改革委", "lead"), ("市财政局", "co"), ("各区人民政府", "co")], "first-listed"),
    # 等 inside a name (高等教育司) does not close the list
    ("教育部高等教育司负责", [("教育部高等教育司", "lead")], "single"),
    # two labels with only a space between them
    ("牵头单位：省卫生健康委 配合单位：省医保局、省财政厅",
     [("省卫生健康委", "lead"), ("省医保局", "co"), ("省财政厅", "co")], "explicit"),
    # 主要责任单位 … 其他责任单位
    ("主要责任单位：市教委；其他责任单位：市财政局", [("市教委", "lead"), ("市财政局", "co")], "first-listed"),
    # a role word in brackets after a party
    ("责任单位：市卫生健康委（牵头）、市医保局、市民政局",
     [("市卫生健康委", "lead"), ("市医保局", "co"), ("市民政局", "co")], "explicit"),
    ("市教委（牵头）、市财政局", [("市教委", "lead"), ("市财政局", "co")], "explicit"),
    # a provincial clause with its deadline
    ("省发展改革委牵头，省财政厅、省工业和信息化厅配合，2023年底前完成",
     [("省发展改革委", "lead"), ("省财政厅", "co"), ("省工业和信息化厅", "co")], "explicit"),
    # street offices and towns as collectives of a district
    ("牵头单位：区发展改革委，责任单位：各街道办事处、各镇人民政府",
     [("区发展改革委", "lead"), ("各街道办事处", "co"), ("各镇人民政府", "co")], "explicit"),
    # 及 between a body and a collective splits; 和 inside a name does not
    ("责任单位：市经济信息化委、市发展改革委及各有关单位",
     [("市经济信息化委", "lead"), ("市发展改革委", "co"), ("各有关单位", "co")], "first-listed"),
    ("文化和旅游部、住房和城乡建设部负责", [("文化和旅游部", "lead"), ("住房和城乡建设部", "co")], "first-listed"),
    # a collective with a bracket holding 、 stays one party
    ("省发展改革委牵头，各市、县（市、区）政府负责落实",
     [("省发展改革委", "lead"), ("各市、县（市、区）政府", "co")], "explicit"),
    ("省发展改革委牵头，各县（市、区）人民政府配合", [("省发展改革委", "lead"), ("各县（市、区）人民政府", "co")], "explicit"),
    # a label word inside a collective's name is no role word
    ("牵头单位：市委组织部，配合单位：各项目牵头单位，各区、县级市",
     [("市委组织部", "lead"), ("各项目牵头单位", "co"), ("各区、县级市", "co")], "explicit"),
    # registered names run together (the space between them cleaned away) are split by the register
    ("责任单位：市科委市经济信息化委", [("市科委", "lead"), ("市经济信息化委", "co")], "first-listed"),
    # 等部门 closes the list without naming a party; 等有关部门 names a collective
    ("省公安厅牵头，省司法厅等部门配合", [("省公安厅", "lead"), ("省司法厅", "co")], "explicit"),
    ("省公安厅牵头，省司法厅等有关部门配合", [("省公安厅", "lead"), ("省司法厅", "co"), ("有关部门", "co")], "explicit"),
    # a role word followed by a short task
    ("国务院办公厅督查室负责跟踪督办", [("国务院办公厅督查室", "lead")], "single"),
    # a role word with a tail (配合做好)
    ("市民政局牵头，市卫生健康委配合做好", [("市民政局", "lead"), ("市卫生健康委", "co")], "explicit"),
    # labels printed in 【】
    ("【牵头单位】市发展改革委【配合单位】市财政局、市商务委",
     [("市发展改革委", "lead"), ("市财政局", "co"), ("市商务委", "co")], "explicit"),
    # the party first, then the label it is
    ("市科委为牵头单位，市财政局为配合单位", [("市科委", "lead"), ("市财政局", "co")], "explicit"),
]


@pytest.mark.parametrize("clause, expected, rule", FORMS)
def test_clause_forms(clause, expected, rule):
    reading = read(clause)
    assert roles(reading.parties) == expected
    assert reading.rule == rule


@pytest.mark.parametrize("clause, rules", [
    ("人力资源社会保障部、财政部负责。列第一位者为牵头单位，下同", {"lead": "document-rule"}),
    ("税务总局、财政部负责，排在第一位的部门为牵头部门，下同", {"lead": "document-rule"}),
    ("生态环境部指导，试点城市政府负责落实。以下均需试点城市政府落实，不再列出", {"implicit": "试点城市政府"}),
])
def test_document_rules(clause, rules):
    assert read(clause).rules == rules


@pytest.mark.parametrize("clause, deadline", [
    ("牵头单位：市科委；完成时限：2025年底前", "2025年底前"),
    ("市科委负责，2024年6月底前完成", "2024年6月底前完成"),
    ("市科委牵头，持续推进", "持续推进"),
    ("市科委负责，2024年起实施", "2024年起实施"),
    ("市科委牵头，市财政局配合，2023—2025年", "2023—2025年"),
])
def test_deadline_inside_the_clause(clause, deadline):
    assert read(clause).deadline_text == deadline


@pytest.mark.parametrize("text", [
    "PPP", "含电子社保卡", "试行", "责任单位：", "配合单位：市财政局", "领衔科学家和关键技术团队负责人等",
])
def test_not_a_clause(text):
    with pytest.raises(NotAClause):
        read(text)


HEAD = "国务院办公厅关于加快推进测试工作的意见\n国办发〔2030〕7号\n各省、自治区、直辖市人民政府，国务院各部委、各直属机构：\n一、重点任务\n"


def extracted(tmp_path, body: str):
    f = tmp_path / "doc.txt"
    f.write_text(HEAD + body, encoding="utf-8")
    return extract([f])


def test_several_brackets_in_one_paragraph(tmp_path):
    corpus = extracted(tmp_path, "（一）强化试点。完善制度（生态环境部指导）。开展评价(财政部、税务总局指导)。"
                                 "推广模式（PPP）。建设平台（商务部指导，供销合作总社参与）。\n")
    assert [d.lead.printed for d in corpus.duties] == ["生态环境部", "财政部", "商务部"]


def test_document_rule_applies_to_later_clauses(tmp_path):
    corpus = extracted(tmp_path, "（一）稳定就业。（人力资源社会保障部、财政部负责。列第一位者为牵头单位，下同）\n"
                                 "（二）支持创业。（财政部、人民银行负责）\n")
    assert [d.rule for d in corpus.duties] == ["document-rule", "document-rule"]
    assert [d.lead.printed for d in corpus.duties] == ["人力资源社会保障部", "财政部"]


def test_own_line_clause_after_the_item(tmp_path):
    corpus = extracted(tmp_path, "（一）建设平台。完善服务功能。\n责任单位：工业和信息化部牵头，科技部、财政部按职责分工负责\n")
    (duty,) = corpus.duties
    assert duty.provision == "一.(一)" and roles(duty.parties) == [
        ("工业和信息化部", "lead"), ("科技部", "co"), ("财政部", "co")]


def test_deadline_from_the_item(tmp_path):
    corpus = extracted(tmp_path, "（一）建立指标体系。2019年6月底前，研究建立评价指标体系。（生态环境部牵头，国家统计局参与）\n")
    (duty,) = corpus.duties
    assert duty.deadline_text == "2019年6月底前" and duty.deadline.isoformat() == "2019-06-30"


def test_unreadable_candidate_is_reported(tmp_path):
    corpus = extracted(tmp_path, "（一）建设平台。（责任单位：）\n（二）完善制度。（科技部负责资金保障和绩效评价）\n")
    assert corpus.duties == []
    unparsed = [p for p in corpus.problems if p.code == "unparsed-clause"]
    assert [p.line for p in unparsed] == [5, 6]


def test_space_aligned_task_table(tmp_path):
    body = ("（一）任务分工\n序号   重点任务            牵头单位        配合单位            完成时限\n"
            "1      建设公共服务平台    科技部          财政部、工业和信息化部    2025年底前\n"
            "2      完善人才政策        人力资源社会保障部、教育部    无    持续推进\n")
    corpus = extracted(tmp_path, body)
    table = [d for d in corpus.duties if d.form == "table"]
    assert [roles(d.parties) for d in table] == [
        [("科技部", "lead"), ("财政部", "co"), ("工业和信息化部", "co")],
        [("人力资源社会保障部", "lead"), ("教育部", "lead")],
    ]
    assert [(d.provision, d.deadline_text, d.deadline) for d in table][0][:2] == ("一.(一).1", "2025年底前")
    assert table[1].deadline is None and table[1].deadline_text == "持续推进"


def test_a_deadline_bracket_after_a_clause(tmp_path):
    corpus = extracted(tmp_path, "（一）建设平台。（牵头单位：科技部）（完成时限：2025年底前）\n"
                                 "（二）完善制度。（财政部负责）（2024年6月底前完成）\n")
    assert [(d.lead.printed, d.deadline_text, str(d.deadline)) for d in corpus.duties] == [
        ("科技部", "2025年底前", "2025-12-31"), ("财政部", "2024年6月底前完成", "2024-06-30")]
    assert [p for p in corpus.problems if p.code == "unparsed-clause"] == []


@pytest.mark.parametrize("clause, expected", [
    ("国家发展改革委、财政部共同牵头，各地区落实", [("国家发展改革委", "lead"), ("财政部", "lead"), ("各地区", "co")]),
    ("责任单位：市发展改革委（牵头单位）、市财政局", [("市发展改革委", "lead"), ("市财政局", "co")]),
    ("省发展改革委、省财政厅按职责分工", [("省发展改革委", "lead"), ("省财政厅", "co")]),
])
def test_more_role_words(clause, expected):
    assert roles(read(clause).parties) == expected


def test_task_table_with_cells_merged_over_rows(tmp_path):
    """A Word/HTML table whose 重点任务 cell spans two rows: the second row has one cell fewer."""
    body = ("（一）任务分工\n序号\t重点任务\t具体措施\t牵头单位\t配合单位\n"
            "1\t建设平台\t完善设施\t科技部\t财政部\n"
            "建设标准体系\t市场监管总局\t无\n"
            "2\t完善制度\t健全机制\t司法部\n")
    corpus = extracted(tmp_path, body)
    table = [d for d in corpus.duties if d.form == "table"]
    assert [(d.provision, roles(d.parties)) for d in table] == [
        ("一.(一).1", [("科技部", "lead"), ("财政部", "co")]),
        ("一.(一).1", [("市场监管总局", "lead")]),
    ]
    (problem,) = [p for p in corpus.problems if p.code == "unparsed-clause"]
    assert problem.line == 9  # the row with a cell missing on the right is reported, not guessed


def test_a_bare_party_list_closing_an_item(tmp_path):
    """（A、B） at an item's end: the clause of the item, the first listed leading; the same list
    in mid-sentence, or a bracket of other words at the end, is no clause."""
    corpus = extracted(tmp_path, "（一）建设平台。完善服务功能。（科技部、财政部）\n"
                                 "（二）完善制度。由两部门（科技部、财政部）共同研究。\n（三）开展评估（试行）\n")
    assert [(d.provision, roles(d.parties), d.rule) for d in corpus.duties] == [
        ("一.(一)", [("科技部", "lead"), ("财政部", "co")], "first-listed")]


def test_a_space_aligned_table_goes_on_over_a_wrapped_row(tmp_path):
    body = ("（一）任务分工\n序号   重点任务            牵头单位        配合单位\n"
            "1      建设公共服务平台    科技部          财政部、\n"
            "                                           工业和信息化部\n"
            "2      完善人才政策        教育部          人力资源社会保障部\n")
    corpus = extracted(tmp_path, body)
    table = [d for d in corpus.duties if d.form == "table"]
    assert [d.lead.printed for d in table] == ["科技部", "教育部"]
    (problem,) = [p for p in corpus.problems if p.code == "unparsed-clause"]
    assert problem.line == 8 and "wrapped" in problem.message


def test_a_label_glued_to_the_item_heading(tmp_path):
    """Line joining met no punctuation: the label follows the heading on one line."""
    corpus = extracted(tmp_path, "（一）建设平台牵头单位：科技部；配合单位：财政部\n")
    (duty,) = corpus.duties
    assert (duty.provision, roles(duty.parties)) == ("一.(一)", [("科技部", "lead"), ("财政部", "co")])


def test_a_label_alone_on_its_line_takes_the_next(tmp_path):
    path = tmp_path / "page.html"
    path.write_text("<html><body><p>国务院办公厅关于加快推进测试工作的意见</p><p>国办发〔2030〕7号</p>"
                    "<p>一、重点任务</p><p>（一）建设平台。完善服务功能。</p><p>责任单位：</p><p>科技部、财政部</p>"
                    "</body></html>", encoding="utf-8")
    (duty,) = extract([path]).duties
    assert (duty.provision, roles(duty.parties)) == ("一.(一)", [("科技部", "lead"), ("财政部", "co")])


def test_a_task_table_whose_task_column_has_another_name(tmp_path):
    body = ("（一）任务分工\n序号\t具体要求\t责任单位\t完成时限\n"
            "1\t建立协调机制\t国家发展改革委、财政部\t2030年底前\n")
    (duty,) = [d for d in extracted(tmp_path, body).duties if d.form == "table"]
    assert (duty.heading, duty.lead.printed, duty.deadline_text) == ("建立协调机制", "国家发展改革委", "2030年底前")


def test_a_lead_only_bracket_followed_by_a_deadline_bracket(tmp_path):
    """（商务部牵头）: 牵头 is a label word too (牵头：A), but here it is the role word."""
    corpus = extracted(tmp_path, "（一）推进试点。（商务部牵头）（完成时限：2031年3月）\n")
    assert [(d.lead.printed, d.deadline_text, str(d.deadline)) for d in corpus.duties] == [
        ("商务部", "2031年3月", "2031-03-31")]


@pytest.mark.parametrize("clause, expected, rule", FORMS)
def test_every_form_is_found_in_a_bracket_closing_an_item(tmp_path, clause, expected, rule):
    """The same forms printed where documents print them: in brackets at an item's end."""
    corpus = extracted(tmp_path, f"（一）完善工作机制。加强统筹协调。（{clause}）\n（二）加强宣传。\n")
    (duty,) = corpus.duties
    assert (duty.provision, roles(duty.parties), duty.rule) == ("一.(一)", expected, rule)


@pytest.mark.parametrize("clause, expected, rule", [f for f in FORMS if not f[0].endswith(
    ("市财政局", "跟踪督办", "配合单位")) or "：" in f[0]])
def test_every_form_is_found_on_its_own_line(tmp_path, clause, expected, rule):
    """The same forms on a line of their own after the item (a web page's own <p>): those that
    open with a label or end with a role word (and a time limit); the duty is found once."""
    corpus = extracted(tmp_path, f"（一）完善工作机制。加强统筹协调。\n{clause}。\n（二）加强宣传。\n")
    (duty,) = corpus.duties
    assert (duty.provision, roles(duty.parties)) == ("一.(一)", expected)


def test_a_lead_rule_printed_in_the_body_applies_to_later_clauses(tmp_path):
    corpus = extracted(tmp_path, "各项任务中排在第一位的部门为牵头部门。\n（一）稳定就业。（人力资源社会保障部、财政部负责）\n")
    assert [(d.lead.printed, d.rule) for d in corpus.duties] == [("人力资源社会保障部", "document-rule")]


def test_a_task_table_with_a_second_header_row(tmp_path):
    """责任单位 spans two columns, named 牵头 and 配合 in a second header row."""
    body = ("（一）任务分工\n序号\t重点任务\t责任单位\t\t完成时限\n\t\t牵头\t配合\t\n"
            "1\t建立协调机制\t国家发展改革委\t财政部、商务部\t2030年底前\n")
    (duty,) = [d for d in extracted(tmp_path, body).duties if d.form == "table"]
    assert roles(duty.parties) == [("国家发展改革委", "lead"), ("财政部", "co"), ("商务部", "co")]
    assert [p.role_word for p in duty.parties] == ["牵头", "配合", "配合"]


def test_an_html_task_table_with_merged_header_cells(tmp_path):
    """<td colspan=2>责任单位</td> over 牵头 | 配合, and cells spanning rows (rowspan)."""
    page = tmp_path / "plan.html"
    page.write_text(
        "<html><body><p>国务院办公厅关于印发重点任务分工的通知</p><p>国办函〔2030〕9号</p><p>一、任务分工</p><table>"
        "<tr><td rowspan='2'>序号</td><td rowspan='2'>重点任务</td><td colspan='2'>责任单位</td><td rowspan='2'>完成时限</td></tr>"
        "<tr><td>牵头</td><td>配合</td></tr>"
        "<tr><td rowspan='2'>1</td><td rowspan='2'>建立协调机制</td><td>国家发展改革委</td><td>财政部</td><td>2030年底前</td></tr>"
        "<tr><td>商务部</td><td>无</td><td>持续推进</td></tr></table></body></html>", encoding="utf-8")
    duties = [d for d in extract([page]).duties if d.form == "table"]
    assert [(d.heading, roles(d.parties), d.deadline_text) for d in duties] == [
        ("建立协调机制", [("国家发展改革委", "lead"), ("财政部", "co")], "2030年底前"),
        ("建立协调机制", [("商务部", "lead")], "持续推进")]


def test_a_word_task_table_with_merged_header_cells(tmp_path):
    """gridSpan (责任单位 over 牵头 | 配合) and vMerge (序号, 重点任务 over two header rows) in .docx."""
    import docx

    document = docx.Document()
    for text in ("国务院办公厅关于印发重点任务分工的通知", "国办函〔2030〕9号", "一、任务分工"):
        document.add_paragraph(text)
    table = document.add_table(rows=3, cols=5)
    for col, text in enumerate(["序号", "重点任务", "责任单位", "", "完成时限"]):
        table.cell(0, col).text = text
    table.cell(1, 2).text, table.cell(1, 3).text = "牵头", "配合"
    for col, text in enumerate(["1", "建立协调机制", "国家发展改革委", "财政部", "2030年底前"]):
        table.cell(2, col).text = text
    table.cell(0, 2).merge(table.cell(0, 3))
    for col in (0, 1, 4):
        table.cell(0, col).merge(table.cell(1, col))
    path = tmp_path / "plan.docx"
    document.save(path)
    (duty,) = [d for d in extract([path]).duties if d.form == "table"]
    assert (duty.heading, roles(duty.parties), duty.deadline_text) == (
        "建立协调机制", [("国家发展改革委", "lead"), ("财政部", "co")], "2030年底前")
