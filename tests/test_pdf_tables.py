"""A task table in a PDF keeps its rows: cells on one baseline are one line of tab-separated
cells (pdfminer gives each cell its own line, and the two-column reading order then tore the
table apart into column blocks: no duty and no problem)."""
from __future__ import annotations

import fixtures_formats as fx
import pytest

from kg.pipeline import extract

needs_font = pytest.mark.skipif(fx.cjk_font() is None, reason="no CJK font installed (fonts-noto-cjk)")

HEAD = ["国务院办公厅关于印发重点任务分工的通知", "国办函〔2030〕9号", "各省、自治区、直辖市人民政府：", "一、任务分工"]
ROWS = [["序号", "重点任务", "牵头单位", "配合单位", "完成时限"],
        ["1", "建立协调机制", "国家发展改革委", "财政部", "2030年底前"],
        ["2", "完善统计制度", "国家统计局", "各省级人民政府", "持续推进"]]


def _table_pdf(path):
    from reportlab.lib.pagesizes import A4
    from reportlab.pdfgen import canvas

    c = canvas.Canvas(str(path), pagesize=A4)
    c.setFont(fx.cjk_font(), 12)
    y = A4[1] - 80
    for line in HEAD:
        c.drawString(60, y, line)
        y -= 20
    for row in ROWS:
        for x, text in zip((60, 100, 260, 380, 480), row, strict=True):
            c.drawString(x, y, text)
        y -= 20
    c.showPage()
    c.save()
    return path


@needs_font
def test_a_pdf_task_table_keeps_its_rows(tmp_path):
    corpus = extract([_table_pdf(tmp_path / "plan.pdf")])
    assert [(d.provision, d.heading, d.lead.printed, [p.printed for p in d.co], d.deadline_text)
            for d in corpus.duties] == [("一.1", "建立协调机制", "国家发展改革委", ["财政部"], "2030年底前"),
                                        ("一.2", "完善统计制度", "国家统计局", ["各省级人民政府"], "持续推进")]


def test_a_table_torn_into_columns_is_reported(tmp_path):
    """Cells each on a line of their own (a layout kg cannot rebuild): reported, not lost."""
    path = tmp_path / "torn.txt"
    path.write_text("\n".join(HEAD + ["序号 重点任务", "牵头单位", "1", "建立协调机制", "国家发展改革委"]) + "\n",
                    encoding="utf-8")
    corpus = extract([path])
    assert corpus.duties == []
    assert [p.code for p in corpus.problems if p.line == 6] == ["unparsed-clause"]
