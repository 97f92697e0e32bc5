"""Issue 16: every duty wrote its provision's whole text into corpus.json, so a provision holding
thousands of duties made a 1 MB text a 447 MB corpus.json. A duty's text now refers back to its
provision and is restored on loading."""
from __future__ import annotations

from pathlib import Path

from inline import inline_corpus

from kg.corpus_io import load_corpus, save_corpus

CLAUSE = "加强测试平台建设，完善测试设施。（责任单位：市科委、市经济信息化委）\n"
TEXT = ("上海市人民政府办公厅关于印发《上海市推进测试工作行动方案》的通知\n沪府办发〔2025〕3号\n各区人民政府：\n"
        "一、重点任务\n" + CLAUSE * 400)


def test_corpus_json_grows_linearly_and_round_trips(tmp_path: Path) -> None:
    corpus = inline_corpus(tmp_path, TEXT)
    assert len(corpus.duties) == 400 and all(d.text for d in corpus.duties)
    path = save_corpus(corpus, tmp_path)
    # 400 copies of a ~30 kB provision would be ~12 MB; one copy plus 400 small records is well under 1 MB
    assert path.stat().st_size < 1_000_000
    assert load_corpus(tmp_path).duties == corpus.duties
