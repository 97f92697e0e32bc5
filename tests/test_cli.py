"""The CLI through click's CliRunner, on one build of the bundled corpus."""
from __future__ import annotations

import csv
import io
import json

import pytest
from openpyxl import load_workbook

from kg import records
from kg.cli import cli
from kg.output import width
from kg.sparql.catalogue import catalogue
from kg.sparql.running import run_query
from kg.titles import task_text

DOC_KEYS = {"key", "doc_number", "title", "attached_title", "kind", "issuers", "signed_date", "effective_from",
            "expires_on", "status", "supersedes", "interprets", "basis", "source_file", "start_line"}
DUTY_KEYS = {"doc", "provision", "heading", "label", "raw", "parties", "lead", "co", "agencies", "source_file", "line"}


def run(runner, *args):
    result = runner.invoke(cli, list(args))
    assert result.exit_code == 0, result.output
    return result.stdout


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
    assert all(d["lead"] == "市科委" and d["role"] == "牵头" for d in short)
    assert DUTY_KEYS <= set(short[0])
    assert short[0]["agencies"][0] is not None


@pytest.mark.parametrize("columns", [80, 160])
def test_duties_table_is_task_first_and_fits_the_terminal(runner, build_dir, corpus, columns):
    result = runner.invoke(cli, ["duties", "市科委", "--build-dir", str(build_dir)], env={"COLUMNS": str(columns)})
    assert result.exit_code == 0, result.output
    lines = result.stdout.splitlines()
    assert lines[0].split()[:4] == ["doc_title", "provision", "heading", "task"]
    assert max(width(line) for line in lines) <= columns
    first = records.select_duties(corpus, agency="市科委")[0]
    assert first.heading[:4] in result.stdout  # the heading, and the start of the task text
    assert task_text(first)[:4] in result.stdout


def test_duty_titles_are_short_and_tell_documents_apart(runner, build_dir, corpus):
    rows = json.loads(run(runner, "duties", "--format", "json", "--build-dir", str(build_dir)))
    titles = {r["doc"]: r["doc_title"] for r in rows}
    assert len(set(titles.values())) == len(titles)
    assert all(len(t) <= 18 or t.endswith("号") for t in titles.values())


def test_wide_cuts_nothing(runner, build_dir, corpus):
    result = runner.invoke(cli, ["duties", "市科委", "--wide", "--build-dir", str(build_dir)], env={"COLUMNS": "80"})
    assert all(task_text(d) in result.stdout for d in records.select_duties(corpus, agency="市科委"))


MISTAKES = [
    (["duties", "市科卫"], "no agency '市科卫'; did you mean 市科委 (上海市科学技术委员会)?"),
    (["duties", "--doc", "nonsense"], "no document 'nonsense'"),
    (["duties", "市科委", "--doc", "沪府办发〔2024〕99号"], "did you mean 沪府办发〔2024〕9号"),
    (["entities", "--doc", "nonsense"], "no document 'nonsense'"),
    (["export", "duties", "--agency", "市民正局"], "did you mean 市民政局 (上海市民政局)?"),
    (["export", "duties", "--doc", "政策解读"], "matches 5 documents"),
]


@pytest.mark.parametrize("args, message", MISTAKES)
def test_a_mistake_exits_2_with_a_suggestion(runner, build_dir, args, message):
    result = runner.invoke(cli, [*args, "--build-dir", str(build_dir)])
    assert result.exit_code == 2, result.output
    assert message in result.stderr and result.stdout == ""


@pytest.mark.parametrize("typed", ["sh-stcsm", "上海市科学技术委员会", "https://w3id.org/kg-cn/agency/sh-stcsm"])
def test_every_name_of_an_agency_selects_the_same_duties(runner, build_dir, typed):
    def duties(agency):
        return json.loads(run(runner, "duties", agency, "--doc", "沪府办发[2024]8号", "--format", "json",
                              "--build-dir", str(build_dir)))
    assert duties(typed) == duties("市科委") != []


def test_an_empty_answer_says_why_on_stderr(runner, build_dir, corpus):
    key = "沪府办发〔2024〕9号"
    assert not records.select_duties(corpus, agency="市科委", role="lead", doc=key)  # the question is valid
    result = runner.invoke(cli, ["duties", "市科委", "--role", "lead", "--doc", key, "--build-dir", str(build_dir)])
    assert result.exit_code == 0 and result.stdout == ""
    assert f"市科委 leads no duty in {key}" in result.stderr


def test_an_empty_entity_answer_says_why(runner, build_dir, corpus):
    doc = next(d.key for d in corpus.documents if not any(e.doc == d.key and e.kind == "fund" for e in corpus.entities))
    result = runner.invoke(cli, ["entities", "--kind", "fund", "--doc", doc, "--build-dir", str(build_dir)])
    assert result.exit_code == 0 and result.stdout == ""
    assert "no fund in" in result.stderr


@pytest.mark.parametrize("role", ["lead", "co"])
def test_counts_agree_between_duties_the_stored_query_and_the_map(runner, build_dir, corpus, role):
    listed = json.loads(run(runner, "duties", "市科委", "--role", role, "--include-text", "--format", "json",
                            "--build-dir", str(build_dir)))
    stored = {r["duty"] for r in run_query("agency-duties", build_dir, agency="市科委", role=role)}
    from kg.maps.network import tally_agencies

    tally = tally_agencies(corpus.duties)["sh-stcsm"]
    assert len(listed) == len(stored) == (tally.lead if role == "lead" else tally.co)


def test_labelled_and_running_text_duties_are_counted_as_such(runner, build_dir, corpus):
    result = runner.invoke(cli, ["duties", "市科委", "--role", "lead", "--build-dir", str(build_dir)])
    labelled = records.select_duties(corpus, agency="市科委", role="lead")
    everything = records.select_duties(corpus, agency="市科委", role="lead", include_text=True)
    assert f"{len(labelled)} duties of 市科委 as lead (all labelled)" in result.stderr
    assert f"{len(everything) - len(labelled)} more stated in running text" in result.stderr
    with_text = runner.invoke(cli, ["duties", "市科委", "--role", "lead", "--include-text", "--build-dir",
                                    str(build_dir)], env={"COLUMNS": "200"})
    assert "how" in with_text.stdout.splitlines()[0] and " text" in with_text.stdout


def _column(lines: list[str], start: int) -> str:
    """The text of a table column that starts at display offset ``start``, over wrapped lines."""
    out = []
    for line in lines:
        shown = 0
        for i, c in enumerate(line):
            if shown >= start:
                out.append(line[i:].strip())
                break
            shown += width(c)
    return " ".join(out)


def test_query_list_shows_every_parameter_whole(runner):
    result = runner.invoke(cli, ["query", "--list"], env={"COLUMNS": "80"})
    lines = result.stdout.splitlines()
    params = _column(lines[2:], lines[0].index("params"))
    assert max(width(line) for line in lines) <= 80
    for q in catalogue():
        for p in q.params:
            assert f"{p.name} ({p.type}, {p.default})" in params


def test_sparql_tables_show_names_not_encoded_iris(runner, build_dir):
    result = runner.invoke(cli, ["query", "agency-duties", "-p", "agency=sh-stcsm", "--build-dir", str(build_dir)],
                           env={"COLUMNS": "400"})
    assert result.exit_code == 0, result.output
    assert "%E" not in result.stdout and "https://" not in result.stdout
    assert "市科委" in result.stdout


def test_export_duties_csv_and_xlsx(runner, build_dir, tmp_path):
    text = run(runner, "export", "duties", "--format", "csv", "--build-dir", str(build_dir))
    rows = list(csv.DictReader(io.StringIO(text)))
    first = rows[0]
    assert first["role"] == "lead" and first["position"] == "1" and first["agency_name"] and first["task"]
    out = tmp_path / "duties.xlsx"
    run(runner, "export", "duties", "--format", "xlsx", "--out", str(out), "--build-dir", str(build_dir))
    ws = load_workbook(out).worksheets[0]
    assert ws.max_row == len(rows) + 2  # a Chinese header row, then the English field names
    assert [c.value for c in ws[2]][:3] == ["doc_number", "doc_title", "status"]


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


def test_the_vocabulary_examples_answer(build_dir, corpus):
    from kg.sparql.vocabulary import EXAMPLES, cheat_sheet

    answers = [run_query(ex.sparql, build_dir) for ex in EXAMPLES]
    assert all(answers)
    leads = records.select_duties(corpus, agency="市科委", role="lead", include_text=True)
    assert len(answers[0]) == len(leads)  # question 1, counted from the records
    assert all(ex.sparql.splitlines()[0] in cheat_sheet() for ex in EXAMPLES)


def test_display_width_counts_wide_characters_twice_with_or_without_the_ascii_shortcut() -> None:
    import unicodedata

    from kg.output import width

    chars = [chr(c) for c in range(0x20, 0x10000) if not 0xD800 <= c <= 0xDFFF]
    expected = [2 if unicodedata.east_asian_width(c) in "WF" else 1 for c in chars]
    assert [width(c) for c in chars] == expected
    assert width("市科委 ABC，（1）") == 2 * 3 + 4 + 2 * 3 + 1
    assert width("plain ascii") == len("plain ascii")
