"""Issues 15 and 16: the same document in two files stopped the whole build (a duplicate key);
two ``index.html`` in different folders collided. Now one document keeps both sources, and files
are named by their path relative to the input folder."""
from __future__ import annotations

from kg.cli import cli

TEXT = ("国务院办公厅关于加快推进测试工作的意见\n国办发〔2030〕11号\n各省、自治区、直辖市人民政府，国务院各部委、各直属机构：\n"
        "一、任务\n（一）建设平台。（科技部负责）\n")


def test_two_copies_are_one_document_with_both_sources(tmp_path, runner):
    for folder in ("a", "b"):
        (tmp_path / "in" / folder).mkdir(parents=True)
        (tmp_path / "in" / folder / "index.txt").write_text(TEXT, encoding="utf-8")
    out = tmp_path / "build"
    result = runner.invoke(cli, ["build", str(tmp_path / "in"), "--out", str(out), "--quiet"])
    assert result.exit_code == 0, result.output
    from kg.corpus_io import load_corpus

    corpus = load_corpus(out)
    (doc,) = corpus.documents
    assert (doc.source_file, doc.sources) == ("a/index.txt", ["b/index.txt"])
    assert [d.span.source_file for d in corpus.duties] == ["a/index.txt"]
    assert "duplicate-document" in (out / "problems.txt").read_text(encoding="utf-8")
