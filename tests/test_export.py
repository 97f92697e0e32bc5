"""`kg export duties`: the meeting-ready workbook and CSV, read back (issue 19)."""
from __future__ import annotations

import csv
import io

import pytest
from openpyxl import load_workbook

from kg import records
from kg.cli import cli
from kg.export import HEADERS_ZH

DOC = "沪府办发〔2024〕8号"


def export(runner, build_dir, *args):
    result = runner.invoke(cli, ["export", "duties", *args, "--build-dir", str(build_dir)])
    assert result.exit_code == 0, result.output
    return result


@pytest.fixture(scope="module")
def workbook(build_dir, tmp_path_factory):
    from click.testing import CliRunner

    out = tmp_path_factory.mktemp("xlsx") / "市科委.xlsx"
    export(CliRunner(), build_dir, "--agency", "市科委", "--format", "xlsx", "--by-agency", "--out", str(out))
    return load_workbook(out)


def test_the_sheet_is_in_chinese_with_english_field_names_below(workbook):
    ws = workbook.worksheets[0]
    assert ws.title == "责任清单"
    assert [c.value for c in ws[1]] == [HEADERS_ZH[c] for c in records.EXPORT_COLUMNS]
    assert [c.value for c in ws[2]] == list(records.EXPORT_COLUMNS)
    assert {c.value for c in ws["K"][2:]} <= {"牵头", "配合"}  # role values in Chinese


def test_header_bold_frozen_filtered_widths_wrapped(workbook):
    ws = workbook.worksheets[0]
    assert all(c.font.bold for c in ws[1])
    assert ws.freeze_panes == "A3"
    assert ws.auto_filter.ref == f"A2:S{ws.max_row}"
    task = records.EXPORT_COLUMNS.index("task") + 1
    letter = ws.cell(row=1, column=task).column_letter
    assert ws.column_dimensions[letter].width > 13  # openpyxl's default is 13
    assert ws.cell(row=3, column=task).alignment.wrap_text


def test_agency_filter_gives_the_rows_the_records_give(workbook, corpus):
    ws = workbook.worksheets[0]
    expected = records.duty_party_rows(corpus, only_agency=True, agency="市科委")
    assert ws.max_row - 2 == len(expected) == len(records.select_duties(corpus, agency="市科委")) > 0
    assert {ws.cell(row=r, column=records.EXPORT_COLUMNS.index("agency_id") + 1).value
            for r in range(3, ws.max_row + 1)} == {"sh-stcsm"}


def test_by_agency_and_sources_sheets(workbook, corpus):
    names = workbook.sheetnames
    assert names[0] == "责任清单" and names[-1] == "来源文件" and "上海市科学技术委员会" in names
    sources = workbook["来源文件"]
    docs = {d.doc for d in records.select_duties(corpus, agency="市科委")}
    assert sources.max_row - 2 == len(docs)
    assert sum(sources.cell(row=r, column=5).value for r in range(3, sources.max_row + 1)) == \
        workbook.worksheets[0].max_row - 2


def test_doc_and_role_filters_as_csv_with_a_bom(runner, build_dir, corpus, tmp_path):
    out = tmp_path / "d.csv"
    export(runner, build_dir, "--doc", "沪府办发[2024]8号", "--role", "lead", "--out", str(out))
    raw = out.read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf")  # Excel needs the BOM to read UTF-8
    rows = list(csv.DictReader(io.StringIO(raw.decode("utf-8-sig"))))
    lead_parties = [p for d in records.select_duties(corpus, doc=DOC) for p in d.parties if p.role == "lead"]
    assert len(rows) == len(lead_parties) > 0
    assert {r["doc_number"] for r in rows} == {DOC} and {r["role"] for r in rows} == {"lead"}


def test_as_of_keeps_documents_in_force(runner, build_dir, corpus):
    from kg.documents.validity import statuses

    day = "2022-01-01"
    rows = list(csv.DictReader(io.StringIO(export(runner, build_dir, "--as-of", day).stdout)))
    from datetime import date
    in_force = {k for k, s in statuses(corpus.documents, date.fromisoformat(day)).items()
                if s in records.IN_FORCE}
    expected = sum(len(d.parties) for d in corpus.duties if d.doc in in_force and not d.stated_in_text)
    assert len(rows) == expected and {r["status"] for r in rows} <= set(records.IN_FORCE)


def test_lang_en_workbook_has_one_english_header_row(runner, build_dir, tmp_path):
    out = tmp_path / "en.xlsx"
    export(runner, build_dir, "--doc", DOC, "--format", "xlsx", "--lang", "en", "--out", str(out))
    ws = load_workbook(out).worksheets[0]
    assert [c.value for c in ws[1]] == list(records.EXPORT_COLUMNS) and ws.freeze_panes == "A2"
    assert ws.auto_filter.ref.startswith("A1:")


def test_a_csv_in_chinese(runner, build_dir):
    text = export(runner, build_dir, "--doc", DOC, "--lang", "zh").stdout
    first = next(csv.DictReader(io.StringIO(text)))
    assert first["文号"] == DOC and first["角色"] in ("牵头", "配合")
