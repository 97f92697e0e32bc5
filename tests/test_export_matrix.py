"""The XLSX export carries the responsibility matrix (tasks × agencies) of the duties it exports."""
from __future__ import annotations

import openpyxl

from kg import records
from kg.cli import cli
from kg.corpus_io import load_corpus


def test_the_matrix_sheet_has_one_row_per_exported_duty(build_dir, runner, tmp_path):
    out = tmp_path / "meeting.xlsx"
    result = runner.invoke(cli, ["export", "duties", "--agency", "市科委", "--format", "xlsx", "--out", str(out),
                                 "--build-dir", str(build_dir)])
    assert result.exit_code == 0, result.output
    ws = openpyxl.load_workbook(out)["责任矩阵"]
    header = [c.value for c in ws[1]]
    rows = [[c.value for c in row] for row in ws.iter_rows(min_row=2)]
    duties = records.select_duties(load_corpus(build_dir), "市科委")
    assert len(rows) == len(duties) > 0
    column = header.index("市科委")
    leads = sum(1 for d in duties if any(p.role == "lead" and p.printed == "市科委" for p in d.parties))
    assert sum(1 for r in rows if r[column] == "牵头") == leads
