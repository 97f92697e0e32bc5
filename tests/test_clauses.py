"""Responsibility clauses in the forms of the genre, on small realistic texts.

The bundled corpus only prints "（责任单位：…）" and "（责任部门、单位：…）"; the other forms are
written here as a gazette would print them.
"""
from __future__ import annotations

import pytest

from kg.pipeline import extract

HEAD = """上海市人民政府办公厅关于加快推进测试工作的实施意见
沪府办发〔2025〕3号
各区人民政府，市政府各委、办、局：
现提出如下实施意见。
一、重点任务
"""


def duties_of(tmp_path, body: str):
    f = tmp_path / "doc.txt"
    f.write_text(HEAD + body, encoding="utf-8")
    corpus = extract([f])
    return corpus, corpus.duties


def roles(duty):
    return [(p.printed, p.role) for p in duty.parties]


@pytest.mark.parametrize("body, expected, provision, label", [
    # plain list: the first party leads
    ("（一）加强统筹。建立协调机制。（责任单位：市发展改革委、市财政局、各区政府）\n",
     [("市发展改革委", "lead"), ("市财政局", "co"), ("各区政府", "co")], "一.(一)", "责任单位"),
    # 责任部门、单位 label
    ("（一）强化保障。加大投入。（责任部门、单位：市财政局、市科委）\n",
     [("市财政局", "lead"), ("市科委", "co")], "一.(一)", "责任部门、单位"),
    # explicit lead and co labels, separated by a semicolon
    ("（一）完善标准。制定地方标准。（牵头单位：市市场监管局；配合单位：市卫生健康委、市民政局）\n",
     [("市市场监管局", "lead"), ("市卫生健康委", "co"), ("市民政局", "co")], "一.(一)", "牵头单位"),
    # explicit wording wins over printed order: the co-party is printed first
    ("（一）完善标准。制定地方标准。（配合单位：市卫生健康委；牵头单位：市市场监管局）\n",
     [("市卫生健康委", "co"), ("市市场监管局", "lead")], "一.(一)", "配合单位"),
    # A牵头，B、C配合
    ("（一）推进试点。开展示范应用。（市经济信息化委牵头，市科委、闵行区政府配合）\n",
     [("市经济信息化委", "lead"), ("市科委", "co"), ("闵行区政府", "co")], "一.(一)", ""),
    # 由A会同B负责
    ("（一）加强监管。开展联合执法。（由市住房城乡建设管理委会同市应急局负责）\n",
     [("市住房城乡建设管理委", "lead"), ("市应急局", "co")], "一.(一)", ""),
    # A、B按职责分工负责
    ("（一）落实责任。做好政策衔接。（市人力资源社会保障局、市医保局按职责分工负责）\n",
     [("市人力资源社会保障局", "lead"), ("市医保局", "co")], "一.(一)", ""),
    # the label and a party name split over lines by the PDF, a page head in between
    ("（一）建设平台。完善服务功能。（责任单\n 上海市人民政府公报２０２５０３ 市政府办公厅文件\n位：市科委、市经济信息化\n委）\n",
     [("市科委", "lead"), ("市经济信息化委", "co")], "一.(一)", "责任单位"),
    # an item under a section: the duty belongs to the innermost item
    ("（一）加强攻关\n1．智能传感技术。研发算法。（责任单位：市科委）\n2．通信技术。研发新技术。（责任单位：市经济信息化委）\n",
     [("市科委", "lead")], "一.(一).1", "责任单位"),
])
def test_clause_forms(tmp_path, body, expected, provision, label):
    _, duties = duties_of(tmp_path, body)
    assert roles(duties[0]) == expected
    assert duties[0].provision == provision
    assert duties[0].label == label
    assert sum(1 for p in duties[0].parties if p.role == "lead") == 1


def test_label_line_is_where_the_label_is_printed(tmp_path):
    _, duties = duties_of(tmp_path, "（一）加强统筹。建立协调机制，\n完善工作制度。（责任单位：\n市发展改革委）\n")
    assert duties[0].span.start_line == HEAD.count("\n") + 2
    assert duties[0].span.text == "（责任单位：\n市发展改革委）"


def test_truncated_clause_is_reported_not_guessed(tmp_path):
    corpus, duties = duties_of(tmp_path, "（一）加强统筹。建立协调机制。（责任单位：市发展改革委、市财\ufffd\n（二）完善制度。\n")
    assert duties == []
    problem = next(p for p in corpus.problems if p.code == "truncated-clause")
    assert problem.line == HEAD.count("\n") + 1
    assert "沪府办发〔2025〕3号" in problem.message


def test_unknown_party_is_kept_and_reported(tmp_path):
    corpus, duties = duties_of(tmp_path, "（一）加强统筹。建立机制。（责任单位：市星际旅行委、市科委）\n")
    assert [p.printed for p in duties[0].parties] == ["市星际旅行委", "市科委"]
    assert duties[0].parties[0].agency_id is None
    assert duties[0].parties[1].agency_id is not None
    problem = next(p for p in corpus.problems if p.code == "unresolved-party")
    assert "市星际旅行委" in problem.message and problem.line == HEAD.count("\n") + 1


def test_brackets_in_prose_are_not_clauses(tmp_path):
    _, duties = duties_of(tmp_path, "（一）加强统筹。支持企业（含牵头企业和配合企业）开展合作。\n")
    assert duties == []


def test_task_table_rows_are_duties(tmp_path):
    body = ("（一）分工安排。各项任务分工如下表。\n"
            "序号\t重点任务\t牵头单位\t配合单位\n"
            "1\t建设公共服务平台\t市科委\t市财政局、市经济信息化委\n"
            "2\t完善人才政策\t市人才局、市人力资源社会保障局\t各区政府\n")
    _, duties = duties_of(tmp_path, body)
    table = [d for d in duties if d.form == "table"]
    assert [roles(d) for d in table] == [
        [("市科委", "lead"), ("市财政局", "co"), ("市经济信息化委", "co")],
        # a lead cell naming two agencies names joint leads (issue 14)
        [("市人才局", "lead"), ("市人力资源社会保障局", "lead"), ("各区政府", "co")],
    ]
    # the row's 序号 extends the path of the item that holds the table
    assert table[0].heading == "建设公共服务平台" and table[0].provision == "一.(一).1"
    assert table[0].span.start_line == HEAD.count("\n") + 3


def test_indicator_tables_with_a_lead_column_are_not_duties(tmp_path):
    body = ("（一）规划指标\n类别\t序号\t指标\t2025年\t指标类型\t牵头单位\n"
            "养老服务\t1\t全市养老床位总数(万张)\t≥17.8\t约束性\t市民政局\n")
    _, duties = duties_of(tmp_path, body)
    assert [d for d in duties if d.form == "table"] == []
