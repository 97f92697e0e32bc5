"""The extraction contract (issue 13): one folder of hostile inputs builds with a clean exit and a
problem per bad input; an extractor that raises loses only its own facts; every candidate clause
ends as a duty or a problem."""
from __future__ import annotations

import json
from pathlib import Path

from kg.cli import cli
from kg.facts import registry
from kg.pipeline import extract

HEAD = "国务院办公厅关于加快推进测试工作的意见\n国办发〔2030〕{n}号\n各省、自治区、直辖市人民政府，国务院各部委、各直属机构：\n"

HOSTILE = {
    # a provision path printed twice (two 一、 in a row after a restart)
    "duplicate_path.txt": HEAD.format(n=1) + "一、任务\n（一）建设平台。（科技部负责）\n一、任务\n（一）完善制度。（财政部负责）\n",
    # two different documents that claim one number
    "number_a.txt": HEAD.format(n=2) + "一、任务\n（一）建设平台。（科技部负责）\n",
    "number_b.txt": HEAD.format(n=2).replace("加快推进测试", "深化改革试验") + "一、任务\n（一）完善制度。（财政部负责）\n",
    # an empty clause
    "empty_clause.txt": HEAD.format(n=3) + "一、任务\n（一）建设平台。（责任单位：）\n",
    # a clause with only a lead
    "lead_only.txt": HEAD.format(n=4) + "一、任务\n（一）建设平台。（科技部牵头）\n",
    # a clause with only co-responsible parties
    "co_only.txt": HEAD.format(n=5) + "一、任务\n（一）建设平台。（配合单位：财政部）\n",
    # a clause cut off in the source
    "truncated.txt": HEAD.format(n=6) + "一、任务\n（一）建设平台。（责任单位：科技部、财\n（二）完善制度。\n",
    # an empty file and a binary file
    "empty.txt": "",
    "binary.txt": "\x00\x01\x02\x03" * 64,
}
EXPECTED = {
    "number_b.txt": "number-taken", "empty_clause.txt": "unparsed-clause", "co_only.txt": "clause-without-lead",
    "truncated.txt": "truncated-clause", "empty.txt": "unreadable-file", "binary.txt": "unreadable-file",
}


def test_a_folder_of_hostile_inputs_builds(tmp_path: Path, runner) -> None:
    folder = tmp_path / "in"
    folder.mkdir()
    for name, text in HOSTILE.items():
        (folder / name).write_text(text, encoding="utf-8")
    out = tmp_path / "build"
    result = runner.invoke(cli, ["build", str(folder), "--out", str(out), "--quiet"])
    assert result.exception is None or isinstance(result.exception, SystemExit), result.output
    assert result.exit_code in (0, 1), result.output
    report = json.loads((out / "report.json").read_text(encoding="utf-8"))
    codes = {(p["source_file"], p["code"]) for p in report["problem_list"]}
    for name, code in EXPECTED.items():
        assert (name, code) in codes, f"{name}: no {code} problem in {sorted(codes)}"
    duties = json.loads((out / "corpus.json").read_text(encoding="utf-8"))["duties"]
    leads = {(d["span"]["source_file"], d["parties"][0]["printed"]) for d in duties}
    assert ("lead_only.txt", "科技部") in leads
    assert {("duplicate_path.txt", "科技部"), ("duplicate_path.txt", "财政部")} <= leads
    assert {("number_a.txt", "科技部"), ("number_b.txt", "财政部")} <= leads


def test_an_extractor_that_raises_loses_only_its_own_facts(tmp_path: Path, monkeypatch) -> None:
    def broken(doc, register):
        raise RuntimeError("boom")

    monkeypatch.setitem(registry.EXTRACTORS, "indicators", broken)
    f = tmp_path / "doc.txt"
    f.write_text(HEAD.format(n=7) + "一、任务\n（一）建设平台。（科技部负责）\n", encoding="utf-8")
    corpus = extract([f])
    assert [d.lead.printed for d in corpus.duties] == ["科技部"]
    (problem,) = [p for p in corpus.problems if p.code == "extraction-failed"]
    assert "indicators" in problem.message and "boom" in problem.message
    assert problem.source_file == "doc.txt" and problem.line == 1


def test_every_candidate_is_a_duty_or_a_problem(tmp_path: Path) -> None:
    body = ("一、任务\n（一）建设平台（科技部负责）。完善制度（财政部会同有关部门研究制定细则并组织实施）。"
            "推广模式（PPP）。\n（二）加强保障。（牵头单位：发展改革委；配合单位：）\n")
    f = tmp_path / "doc.txt"
    f.write_text(HEAD.format(n=8) + body, encoding="utf-8")
    corpus = extract([f])
    assert [d.lead.printed for d in corpus.duties] == ["科技部"]
    lines = sorted(p.line for p in corpus.problems if p.code == "unparsed-clause")
    assert lines == [5, 6]
