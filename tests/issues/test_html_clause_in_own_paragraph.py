"""Issue 13: an HTML page whose clause sits in its own <p> lost its lead: PDF line joining glued
the clause to the item and the label-led line was no longer a line of its own. HTML and Word keep
their paragraph breaks now."""
from __future__ import annotations

from kg.pipeline import extract

PAGE = """<html><body>
<p>广州市人民政府办公厅关于推进测试工作的实施意见</p>
<p>穗府办〔2030〕3号</p>
<p>各区人民政府，市政府各部门、各直属机构：</p>
<p>一、重点任务</p>
<p>（一）建设平台。完善服务功能，加快推进</p>
<p>牵头单位：市科技局，配合单位：市财政局</p>
</body></html>"""


def test_the_clause_keeps_its_lead(tmp_path):
    page = tmp_path / "index.html"
    page.write_text(PAGE, encoding="utf-8")
    (duty,) = extract([page]).duties
    assert (duty.provision, duty.lead.printed, [p.printed for p in duty.co]) == ("一.(一)", "市科技局", ["市财政局"])
    assert duty.span.text == "牵头单位：市科技局，配合单位：市财政局"
