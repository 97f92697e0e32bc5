"""A one-document gazette text, inline, for the issue-19 regression tests."""
from __future__ import annotations

from pathlib import Path

from kg.model import Corpus
from kg.pipeline import extract

TEXT = ("上海市人民政府办公厅关于印发《上海市推进测试工作行动方案》的通知\n沪府办发〔2025〕3号\n各区人民政府：\n"
        "一、重点任务\n（一）建设测试平台。完善测试设施。（责任单位：市科委、市经济信息化委）\n"
        "（二）培育测试人才。（责任单位：市人力资源社会保障局、市科委）\n")


def inline_corpus(tmp_path: Path, text: str = TEXT) -> Corpus:
    path = tmp_path / "gazette.txt"
    path.write_text(text, encoding="utf-8")
    return extract([path])
