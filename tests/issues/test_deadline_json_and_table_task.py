"""Issue 14/19: the JSON of `kg duties` gave the printed limit (持续推进) as `deadline`, which is an
ISO day or null; and a task-table row showed its party cells as its task."""
from __future__ import annotations

import json

from kg.cli import cli

TEXT = ("国务院办公厅关于印发重点任务分工的通知\n国办函〔2030〕9号\n各省、自治区、直辖市人民政府，国务院各部委、各直属机构：\n"
        "一、任务分工\n序号\t重点任务\t责任单位\t完成时限\n1\t深化商事制度改革\t市场监管总局\t2030年12月底前\n"
        "2\t优化跨境贸易\t商务部、海关总署\t持续推进\n")


def test_deadline_is_a_day_or_null_and_the_task_is_the_task(tmp_path, runner):
    (tmp_path / "in").mkdir()
    (tmp_path / "in" / "plan.txt").write_text(TEXT, encoding="utf-8")
    out = tmp_path / "b"
    runner.invoke(cli, ["build", str(tmp_path / "in"), "--out", str(out), "--quiet"])
    result = runner.invoke(cli, ["duties", "--format", "json", "--build-dir", str(out)])
    rows = json.loads(result.stdout if hasattr(result, "stdout") else result.output)
    assert [(r["deadline_text"], r["deadline"]) for r in rows] == [("2030年12月底前", "2030-12-31"), ("持续推进", None)]
    assert [r["task"] for r in rows] == ["深化商事制度改革", "优化跨境贸易"]
