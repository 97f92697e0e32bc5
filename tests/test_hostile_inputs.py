"""No input ends the build (issue 16): each odd or hostile file is a problem naming it, and the
other files are built. The inputs are made here, in tmp_path, from a real gazette text."""
from __future__ import annotations

import io
import json
import os
import re
import shutil
import signal
import zipfile
from pathlib import Path

import pytest

from kg import limits, pipeline
from kg.cli import cli
from kg.corpus_io import load_corpus
from kg.inputs import discover, display_name, escape
from kg.pipeline import extract
from kg.resources import corpus_dir

GAZETTE = corpus_dir() / "004_b94330644b90e9c5.txt"
_EXTRACT_FILE = pipeline.extract_file
FORBIDDEN = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")


def _problems(corpus, code: str) -> list:
    return [p for p in corpus.problems if p.code == code]


def _build(runner, out: Path, *args: str):
    return runner.invoke(cli, ["build", "--quiet", "--out", str(out), *args])


def test_a_gbk_file_name_is_read_and_shown_decoded(tmp_path: Path, runner) -> None:
    folder = tmp_path / "in"
    folder.mkdir()
    raw = os.fsencode(folder) + b"/" + "中文通知.txt".encode("gbk")  # as unpacked from a Windows zip
    with open(raw, "wb") as f:
        f.write(GAZETTE.read_bytes())
    result = _build(runner, tmp_path / "B", str(folder))
    assert result.exit_code in (0, 1), result.output
    corpus = load_corpus(tmp_path / "B")
    assert corpus.files == ["中文通知.txt"] and corpus.documents
    named = _problems(corpus, "file-name")
    assert named and named[0].source_file == "中文通知.txt" and "not valid UTF-8" in named[0].message


def test_links_that_loop_or_dangle_are_reported(tmp_path: Path) -> None:
    (tmp_path / "a.txt").symlink_to(tmp_path / "b.txt")
    (tmp_path / "b.txt").symlink_to(tmp_path / "a.txt")
    (tmp_path / "gone.txt").symlink_to(tmp_path / "nowhere.txt")
    (tmp_path / "loop").symlink_to(tmp_path)  # a folder link to itself
    shutil.copy(GAZETTE, tmp_path / "real.txt")
    files, problems = discover([tmp_path])
    assert [f.name for f in files] == ["real.txt"]
    said = {p.source_file: p.message for p in problems}
    assert "loops" in said["a.txt"] and "loops" in said["b.txt"]
    assert "dangling" in said["gone.txt"] and "nowhere.txt" in said["gone.txt"]
    assert "not followed" in said["loop"]


def _kill_on_poison(path: Path, **options):
    """Stands for a file that makes its worker die (OOM killer, a crash in a native reader)."""
    if path.name.startswith("poison"):
        os.kill(os.getpid(), signal.SIGKILL)
    return _EXTRACT_FILE(path, **options)


def test_a_worker_killed_by_the_os_names_its_file_and_the_pool_goes_on(tmp_path: Path, monkeypatch) -> None:
    for i in range(17):
        shutil.copy(GAZETTE, tmp_path / f"{i:02}.txt")
    shutil.copy(GAZETTE, tmp_path / "poison.txt")
    monkeypatch.setattr(pipeline, "extract_file", _kill_on_poison)
    corpus = extract([tmp_path], workers=2)
    died = _problems(corpus, "worker-died")
    assert [p.source_file for p in died] == ["poison.txt"]
    assert "SIGKILL" in died[0].message
    assert len(corpus.files) == 18 and corpus.documents  # identical copies are one document, many sources
    assert not [p for p in corpus.problems if p.severity == "error" and p.source_file != "poison.txt"]


def test_a_file_over_the_size_limit_is_named(tmp_path: Path, runner) -> None:
    shutil.copy(GAZETTE, tmp_path / "big.txt")
    result = _build(runner, tmp_path / "B", str(tmp_path / "big.txt"), "--max-file-mb", "0.005")
    assert result.exit_code == 1
    (problem,) = _problems(load_corpus(tmp_path / "B"), "file-too-large")
    assert problem.source_file == "big.txt" and "over the limit of 0.005 MB" in problem.message


def test_a_docx_zip_bomb_is_reported_as_such(tmp_path: Path) -> None:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as zf:
        zf.writestr("[Content_Types].xml", "<Types/>")
        zf.writestr("word/document.xml", "<w:document>" + " " * 50_000_000 + "</w:document>")
    (tmp_path / "report.docx").write_bytes(buffer.getvalue())
    shutil.copy(GAZETTE, tmp_path / "ok.txt")
    with limits.using(max_docx_ratio=100):
        corpus = extract([tmp_path])
    (problem,) = [p for p in corpus.problems if p.severity == "error"]
    assert "zip bomb" in problem.message and problem.source_file == "report.docx"
    assert corpus.documents


def test_nul_and_xml_forbidden_characters_are_stripped_with_a_warning(tmp_path: Path, runner) -> None:
    text = GAZETTE.read_text(encoding="utf-8")
    cut = len(text) // 2
    (tmp_path / "nul.txt").write_text(text[:cut] + "\x00\x0b\ufffe" + text[cut:], encoding="utf-8")
    result = _build(runner, tmp_path / "B", str(tmp_path / "nul.txt"), "--formats", "trig")
    assert result.exit_code in (0, 1), result.output
    corpus = load_corpus(tmp_path / "B")
    (warning,) = _problems(corpus, "forbidden-characters")
    assert "3 characters" in warning.message and "U+0000" in warning.message
    for name in ("graph.trig", "graph.nq", "corpus.json"):
        assert not FORBIDDEN.search((tmp_path / "B" / name).read_text(encoding="utf-8")), name
    xml = runner.invoke(cli, ["serve", "--build-dir", str(tmp_path / "B"), "--get",
                              "/sparql?query=SELECT%20%3Fo%20WHERE%20%7B%3Fs%20%3Fp%20%3Fo%7D&format=xml"])
    import xml.etree.ElementTree as ET
    ET.fromstring(xml.output.encode("utf-8"))  # well-formed


def test_control_characters_in_file_names_are_escaped(tmp_path: Path, runner) -> None:
    evil = tmp_path / "evil\x1b[31m\x07.txt"
    shutil.copy(GAZETTE, evil)
    result = _build(runner, tmp_path / "B", str(evil))
    assert result.exit_code in (0, 1)
    assert "\x1b" not in result.output and "\x07" not in result.output
    problems = (tmp_path / "B" / "problems.txt").read_text(encoding="utf-8")
    assert "evil\\x1b[31m\\x07.txt" in problems and "\x1b" not in problems
    assert load_corpus(tmp_path / "B").files == ["evil\\x1b[31m\\x07.txt"]


@pytest.mark.parametrize(("name", "advice"), [
    ("old.doc", "convert it to .docx"),
    ("scan.png", "no OCR"),
    ("issue.wps", "convert it to .docx or PDF"),
    ("table.xls", "tables are not read"),
    ("data.bin", "kg reads .txt, .pdf, .html and .docx"),
])
def test_unreadable_types_in_a_folder_are_skipped_files_with_what_to_do(tmp_path: Path, name: str,
                                                                      advice: str) -> None:
    (tmp_path / name).write_bytes(b"\xd0\xcf\x11\xe0 not read")
    shutil.copy(GAZETTE, tmp_path / "ok.txt")
    files, problems = discover([tmp_path])
    assert [f.name for f in files] == ["ok.txt"]
    (problem,) = problems
    assert (problem.code, problem.source_file) == ("skipped-file", name) and advice in problem.message


def test_a_binary_file_under_a_text_suffix_is_named_by_its_content(tmp_path: Path) -> None:
    (tmp_path / "x.txt").write_bytes(bytes(range(256)) * 64)
    (problem,) = extract([tmp_path / "x.txt"]).problems
    assert problem.code == "unreadable-file" and "binary" in problem.message.replace(str(tmp_path), "")


@pytest.mark.parametrize(("raw", "shown"), [
    (b"plain.txt", "plain.txt"),
    ("中文通知.txt".encode("gbk"), "中文通知.txt"),
    (b"\xff\xfe\xfd.txt", "\\xff\\xfe\\xfd.txt"),
    (b"tab\there.txt", "tab\\there.txt"),
])
def test_display_name(raw: bytes, shown: str) -> None:
    assert display_name(os.fsdecode(raw)) == shown


def test_escape_keeps_chinese_and_escapes_controls() -> None:
    assert escape("市科委\x1b[2J\u2028") == "市科委\\x1b[2J\\u2028"


def test_report_json_takes_every_hostile_name(tmp_path: Path, runner) -> None:
    folder = tmp_path / "in"
    folder.mkdir()
    shutil.copy(corpus_dir() / "003_3d6e404cec9cf21f.txt", folder / "ok.txt")
    with open(os.fsencode(folder) + b"/\xff\xfe.txt", "wb") as f:
        f.write(GAZETTE.read_bytes())
    result = _build(runner, tmp_path / "B", str(folder))
    assert result.exit_code in (0, 1), result.output
    report = json.loads((tmp_path / "B" / "report.json").read_text(encoding="utf-8"))
    assert report["files"] == 2
    assert any(p["source_file"] == "\\xff\\xfe.txt" for p in report["problem_list"])
