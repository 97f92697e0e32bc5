"""Issue 16: a file whose name is GBK bytes (unpacked from a Windows zip) ended the build: its
name reached corpus.json as lone surrogates, which UTF-8 cannot encode. The name is now shown
decoded as GB18030 (or escaped) and reported."""
from __future__ import annotations

import os
from pathlib import Path

from inline import TEXT

from kg.corpus_io import load_corpus, save_corpus
from kg.pipeline import extract
from kg.report import _printable


def test_gbk_name_builds_and_is_reported(tmp_path: Path) -> None:
    with open(os.fsencode(tmp_path) + b"/" + "测试通知.txt".encode("gbk"), "wb") as f:
        f.write(TEXT.encode("utf-8"))
    corpus = extract([tmp_path])
    _printable(corpus)
    save_corpus(corpus, tmp_path)
    loaded = load_corpus(tmp_path)
    assert loaded.files == ["测试通知.txt"] and loaded.duties
    assert any(p.code == "file-name" and p.source_file == "测试通知.txt" for p in loaded.problems)
