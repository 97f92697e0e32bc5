"""Bad and unusual input: each gets a clear error naming the file, and the good files still build."""
from __future__ import annotations

import pytest

from kg.errors import InputError
from kg.pipeline import extract
from kg.text.reading import read_source

GOOD = """上海市人民政府办公厅关于印发《上海市测试行动方案》的通知
沪府办发〔2024〕20号
各区人民政府，市政府各委、办、局：
现将《上海市测试行动方案》印发给你们，请认真按照执行。
上海市人民政府办公厅
2024年5月6日
上海市测试行动方案
一、主要任务
（一）加强协同。建立协同机制。（责任单位：市科委、市经济信息化委）
"""
TRADITIONAL = GOOD.replace("上海市人民政府办公厅关于印发", "上海市人民政府辦公廳關於印發").replace("加强协同", "加強協同")


@pytest.mark.parametrize("name, data, message", [
    ("empty.txt", b"", "file is empty"),
    ("blank.txt", b"  \n\n ", "file is empty"),
    ("binary.txt", bytes(range(256)) * 4, "binary"),
    ("broken.txt", b"\x81\x30\xff\xfe\x80\x80 abc \xff", "cannot decode"),
])
def test_bad_file_gets_clear_error_and_others_build(tmp_path, name, data, message):
    (tmp_path / name).write_bytes(data)
    (tmp_path / "good.txt").write_text(GOOD, encoding="utf-8")
    with pytest.raises(InputError, match=message) as e:
        read_source(tmp_path / name)
    assert name in str(e.value)
    corpus = extract([tmp_path])
    assert [p.source_file for p in corpus.problems if p.code == "unreadable-file"] == [name]
    assert [d.doc_number for d in corpus.documents] == ["沪府办发〔2024〕20号"]
    assert [p.printed for p in corpus.duties[0].parties] == ["市科委", "市经济信息化委"]


@pytest.mark.parametrize("encoding, data", [
    ("utf-8", GOOD.encode("utf-8")),
    ("utf-8", b"\xef\xbb\xbf" + GOOD.encode("utf-8")),  # BOM
    ("gb18030", GOOD.encode("gbk")),
    ("gb18030", GOOD.encode("gb18030")),
])
def test_encodings_give_the_same_document(tmp_path, encoding, data):
    (tmp_path / "doc.txt").write_bytes(data)
    source = read_source(tmp_path / "doc.txt")
    assert source.encoding == encoding
    assert source.text.startswith("上海市人民政府办公厅")
    corpus = extract([tmp_path / "doc.txt"])
    assert corpus.documents[0].title == "上海市人民政府办公厅关于印发《上海市测试行动方案》的通知"


def test_traditional_is_matched_as_simplified_and_printed_text_kept(tmp_path):
    (tmp_path / "trad.txt").write_text(TRADITIONAL, encoding="utf-8")
    source = read_source(tmp_path / "trad.txt")
    assert "辦公廳" in source.printed and "办公厅" in source.text
    assert len(source.text) == len(source.printed)
    corpus = extract([tmp_path / "trad.txt"])
    duty = corpus.duties[0]
    assert duty.heading == "加强协同"
    provision = corpus.documents[0].provisions[-1]
    assert "加強協同" in provision.span.text  # provenance keeps the printed characters
    assert corpus.documents[0].issuers == ["上海市人民政府办公厅"]


def test_fullwidth_digits_become_ascii_in_matching_text(tmp_path):
    (tmp_path / "fw.txt").write_text(GOOD.replace("〔2024〕20号", " 〔２０２４〕２０号"), encoding="utf-8")
    corpus = extract([tmp_path / "fw.txt"])
    assert corpus.documents[0].doc_number == "沪府办发〔2024〕20号"


def test_missing_path_is_reported(tmp_path):
    corpus = extract([tmp_path / "nope.txt"])
    assert corpus.problems[0].code == "unreadable-file"
    assert "nope.txt" in corpus.problems[0].message


def test_a_file_that_breaks_extraction_is_reported_and_the_others_build(tmp_path, monkeypatch):
    """An unexpected failure on one file (a bug meeting odd input) stops neither the build nor loses it."""
    import kg.pipeline as pipeline

    real = pipeline.split

    def fragile(cleaned):
        if cleaned.source.name == "odd.txt":
            raise ValueError("odd layout")
        return real(cleaned)

    monkeypatch.setattr(pipeline, "split", fragile)
    (tmp_path / "odd.txt").write_text(GOOD, encoding="utf-8")
    (tmp_path / "good.txt").write_text(GOOD.replace("20号", "21号"), encoding="utf-8")
    corpus = extract([tmp_path])
    assert [d.doc_number for d in corpus.documents] == ["沪府办发〔2024〕21号"]
    problem = next(p for p in corpus.problems if p.code == "extraction-failed")
    assert problem.source_file == "odd.txt" and "odd layout" in problem.message
