"""Issue 19: the duty table cut titles to their first characters, exactly where this corpus's
titles differ (four documents showed as 上海市人民政府办公厅关于印发《上海市推…). Short titles now
keep the attached title's own words and stay different."""
from __future__ import annotations

from inline import TEXT, inline_corpus

from kg.titles import short_titles


def test_two_plans_with_the_same_opening_keep_different_short_titles(tmp_path):
    second = TEXT.replace("测试工作行动方案", "测试工作行动方案（2025—2027年）实施细则").replace("3号", "4号")
    corpus = inline_corpus(tmp_path, TEXT + "\n" + second)
    assert len(corpus.documents) == 2
    titles = short_titles(corpus.documents, limit=12)
    assert len(set(titles.values())) == 2
    assert all(not t.startswith("上海市人民政府办公厅") for t in titles.values())
