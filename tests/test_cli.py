"""The CLI through click's CliRunner, on one build of the bundled corpus."""
from __future__ import annotations

import csv
import io
import json

import pytest
from openpyxl import load_workbook

from kg.cli import cli

DOC_KEYS = {"key", "doc_number", "title", "attached_title", "kind", "issuers", "signed_date", "effective_from",
            "expires_on", "status", "supersedes", "interprets", "basis", "source_file", "start_line"}
DUTY_KEYS = {"doc", "provision", "heading", "label", "raw", "parties", "lead", "co", "agencies", "source_file", "line"}


def run(runner, *args):
    result = runner.invoke(cli, list(args))
    assert result.exit_code == 0, result.output
    return result.output


def test_docs_json_has_the_contract_fields(runner, build_dir):
    docs = json.loads(run(runner, "docs", "--format", "json", "--build-dir", str(build_dir)))
    assert len(docs) == 22
    assert DOC_KEYS <= set(docs[0])
    pharmacy = next(d for d in docs if d["key"] == "沪药监规〔2024〕3号")
    assert pharmacy["expires_on"] == "2029-07-04" and pharmacy["supersedes"] == ["沪药监规〔2021〕3号"]


@pytest.mark.parametrize("as_of, status", [("2024-06-01", "not-yet-in-force"), ("2025-01-01", "in-force"),
                                           ("2030-01-01", "expired")])
def test_docs_status_as_of(runner, build_dir, as_of, status):
    docs = json.loads(run(runner, "docs", "--as-of", as_of, "--format", "json", "--build-dir", str(build_dir)))
    assert next(d for d in docs if d["key"] == "沪府办规〔2024〕12号")["status"] == status


def test_duties_of_an_agency_by_short_or_full_name(runner, build_dir):
    short = json.loads(run(runner, "duties", "市科委", "--role", "lead", "--doc", "沪府办发〔2024〕8号",
                           "--format", "json", "--build-dir", str(build_dir)))
    full = json.loads(run(runner, "duties", "上海市科学技术委员会", "--role", "lead", "--doc", "沪府办发〔2024〕8号",
                          "--format", "json", "--build-dir", str(build_dir)))
    assert short == full and len(short) > 0
    assert all(d["lead"] == "市科委" for d in short)
    assert DUTY_KEYS <= set(short[0])
    assert short[0]["agencies"][0] is not None


def test_duties_table_lines_up(runner, build_dir):
    out = run(runner, "duties", "市民政局", "--build-dir", str(build_dir))
    assert out.splitlines()[0].split()[:3] == ["doc", "provision", "lead"]


def test_export_duties_csv_and_xlsx(runner, build_dir, tmp_path):
    text = run(runner, "export", "duties", "--format", "csv", "--build-dir", str(build_dir))
    rows = list(csv.DictReader(io.StringIO(text)))
    first = rows[0]
    assert first["role"] == "lead" and first["position"] == "1" and first["agency_name"]
    out = tmp_path / "duties.xlsx"
    run(runner, "export", "duties", "--format", "xlsx", "--out", str(out), "--build-dir", str(build_dir))
    ws = load_workbook(out).active
    assert ws.max_row == len(rows) + 1
    assert [c.value for c in ws[1]][:3] == ["doc_number", "doc_title", "provision"]


def test_reading_commands_without_a_build_say_so(runner, tmp_path):
    result = runner.invoke(cli, ["docs", "--build-dir", str(tmp_path / "none")])
    assert result.exit_code == 2
    assert "kg build" in result.output


def test_build_with_a_bad_file_exits_1_and_reports_it(runner, tmp_path):
    (tmp_path / "empty.txt").write_bytes(b"")
    (tmp_path / "good.txt").write_text("上海市人民政府关于测试工作的意见\n沪府发〔2025〕1号\n各区人民政府：\n"
                                       "一、任务\n（一）做好工作。（责任单位：市科委）\n", encoding="utf-8")
    result = runner.invoke(cli, ["build", "-q", str(tmp_path), "--out", str(tmp_path / "b")])
    assert result.exit_code == 1
    assert "empty.txt" in result.output and "file is empty" in result.output
    assert "1 documents" in result.output
    assert "empty.txt" in (tmp_path / "b" / "problems.txt").read_text(encoding="utf-8")


def test_every_command_has_help(runner):
    for name, command in cli.commands.items():
        assert command.help, name
        assert "Usage" in run(runner, name, "--help")
