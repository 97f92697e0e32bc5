"""kg diff: two builds of different inputs differ exactly where their inputs do."""
from __future__ import annotations

from pathlib import Path

from kg.cli import cli

HEAD = "国务院办公厅关于加快推进测试工作的意见\n国办发〔2030〕9号\n各省、自治区、直辖市人民政府，国务院各部委、各直属机构：\n一、任务\n"


def _build(runner, tmp_path: Path, name: str, body: str) -> Path:
    src = tmp_path / f"{name}-in"
    src.mkdir()
    (src / "doc.txt").write_text(HEAD + body, encoding="utf-8")
    out = tmp_path / name
    result = runner.invoke(cli, ["build", str(src), "--out", str(out), "--quiet"])
    assert (out / "corpus.json").exists(), result.output
    return out


def test_diff_names_gained_lost_and_changed_duties(runner, tmp_path: Path) -> None:
    a = _build(runner, tmp_path, "a", "（一）建设平台。（科技部负责）\n（二）完善制度。（财政部负责）\n")
    b = _build(runner, tmp_path, "b", "（一）建设平台。（教育部负责）\n（二）完善制度。\n（三）加强保障。（商务部负责）\n")
    result = runner.invoke(cli, ["diff", str(a), str(b), "--exit-code"])
    assert result.exit_code == 1
    assert "duties: 2 → 2" in result.output
    assert "doc.txt:5 国办发〔2030〕9号 一.(一) lead 科技部 → 教育部" in result.output
    assert "duties lost (1):\n  doc.txt:6" in result.output
    assert "duties gained (1):\n  doc.txt:7" in result.output


def test_a_build_equals_itself(runner, tmp_path: Path) -> None:
    a = _build(runner, tmp_path, "a", "（一）建设平台。（科技部负责）\n")
    result = runner.invoke(cli, ["diff", str(a), str(a), "--exit-code"])
    assert result.exit_code == 0 and "no difference" in result.output
