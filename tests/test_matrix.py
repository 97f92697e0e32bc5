"""The responsibility matrix: one row per duty, cells the agencies' roles, the offline page, the CLI."""
from __future__ import annotations

import html
import re

import pytest
from test_maps import HOSTILE, STCSM, A, B, corpus, hostile_corpus, party

from kg.maps import matrix_rows, render_matrix
from kg.maps.matrix import FIXED_COLUMNS, matrix_agencies
from kg.maps.network import agency_id
from kg.model import Corpus


def test_one_row_per_duty_with_the_fixed_columns_first():
    rows = matrix_rows(corpus())
    assert len(rows) == len(corpus().duties) == 5
    assert list(rows[0])[:5] == list(FIXED_COLUMNS)
    assert len({tuple(r) for r in rows}) == 1  # every row has the same columns, a sheet's header
    assert [(r["文件 document"], r["条款 provision"], r["任务 task"]) for r in rows] == [
        (A, "二.(一).1", "智能传感技术"), (A, "二.(一).2", "信息和通信技术"), (A, "三.(一)", "加快应用示范"),
        (A, "五.(三)", "强化金融支持"), (B, "二", "推动产业集聚")]
    assert rows[0]["来源 source"] == "000_56e28ced04004a88.txt:75"


@pytest.mark.parametrize("row, cells", [
    (0, {"市科委": "牵头", "市经济信息化委": "配合"}),
    (2, {"市民政局": "牵头", "市卫生健康委": "配合", "市科委": "配合", "各区政府": "配合"}),
    (3, {"市委金融办": "牵头", "金融监管总局上海监管局": "配合", "市科委": "配合"}),
    # 市科委 printed twice (市科委, 上海市科委): one column, one cell
    (4, {"市经济信息化委": "牵头", "市科委": "配合"}),
])
def test_cells_are_the_roles_of_the_duty(row, cells):
    rows = matrix_rows(corpus())
    agencies = [h for h in rows[row] if h not in FIXED_COLUMNS]
    assert {h: rows[row][h] for h in agencies if rows[row][h]} == cells


def test_columns_put_the_busiest_leads_first_and_keep_look_alike_names_apart():
    assert [h for _, h in matrix_agencies(corpus())][:2] == ["市科委", "市经济信息化委"]
    twins = corpus()
    twins.duties[0].parties.append(party("市科委", agency_id=None))  # printed alike, not the register's
    headers = [h for _, h in matrix_agencies(twins)]
    assert "市科委 (sh-stcsm)" in headers and "市科委 (party:市科委)" in headers


def test_printed_role_words_and_deadlines_are_used_when_the_records_have_them():
    records = corpus()
    duty = records.duties[0]
    duty.parties[1].role_word = "指导单位"  # the word as printed, where the model carries it
    duty.parties[0].role_word = "责任单位"  # a clause label names no role: kg's word stays
    duty.deadline_text = "2025年底前"
    row = matrix_rows(records)[0]
    assert (row["市科委"], row["市经济信息化委"], row["期限 deadline"]) == ("牵头", "指导", "2025年底前")


def test_bundled_corpus_matrix_matches_the_records(corpus_records):
    from kg.records import select_duties

    duties = select_duties(corpus_records, include_text=True)
    rows = matrix_rows(corpus_records)
    assert len(rows) == len(duties) and len(rows) > 100
    headers = dict(matrix_agencies(corpus_records))
    for row, duty in zip(rows, duties, strict=True):
        named = {headers[agency_id(p)] for p in duty.parties}
        assert {h for h in row if h not in FIXED_COLUMNS and row[h]} == named
        leads = {headers[agency_id(p)] for p in duty.parties if p.role == "lead"}
        assert {h for h in named if row[h] == "牵头"} == leads


@pytest.fixture(scope="module")
def corpus_records():
    from kg.pipeline import extract
    from kg.resources import corpus_dir

    return extract([corpus_dir()])


def test_page_is_offline_and_escapes_hostile_text():
    page = render_matrix(hostile_corpus())
    assert "<script src" not in page and "<link" not in page and "http" not in page
    for text in HOSTILE:
        assert text not in page
    assert html.escape(HOSTILE[0], quote=True) in page  # kept, as text
    assert page.count("<script") == 1  # our own script only
    assert "innerHTML" not in page


def test_page_has_one_row_per_duty_and_sticky_headers():
    page = render_matrix(corpus())
    body = page[page.index("<tbody>"): page.index("</tbody>")]
    assert body.count("<tr ") == 5
    assert re.search(r"thead th \{ position: sticky; top: 0", page)
    assert "@media print" in page


def test_empty_corpus_gives_an_empty_matrix():
    assert matrix_rows(Corpus()) == []
    assert "no duties" in render_matrix(Corpus())


def test_cli_writes_the_matrix(tmp_path, monkeypatch):
    from click.testing import CliRunner

    import kg.corpus_io
    from kg.cli import cli

    monkeypatch.setattr(kg.corpus_io, "load_corpus", lambda build_dir: corpus())
    out = tmp_path / "matrix.html"
    result = CliRunner().invoke(cli, ["map", "matrix", "--build-dir", str(tmp_path), "--out", str(out)])
    assert result.exit_code == 0, result.output
    assert "责任分工矩阵" in out.read_text(encoding="utf-8")
    bad = CliRunner().invoke(cli, ["map", "matrix", "--format", "gexf", "--build-dir", str(tmp_path)])
    assert bad.exit_code == 2 and "HTML only" in bad.output
    assert STCSM  # the register id the hand-made corpus uses
