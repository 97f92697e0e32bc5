"""A text saved with Windows line ends (\\r\\n) lost its document head: "国发〔2030〕3号\\r" was no
number line, so the file became a headless document with a generated key."""
from __future__ import annotations

from kg.pipeline import extract

TEXT = "国务院关于促进测试工作的若干意见\n国发〔2030〕3号\n各省、自治区、直辖市人民政府：\n一、任务\n（一）建设平台。（科技部负责）\n"


def test_crlf_keeps_the_head_and_the_lines(tmp_path):
    path = tmp_path / "doc.txt"
    path.write_bytes(TEXT.replace("\n", "\r\n").encode("utf-8"))
    corpus = extract([path])
    assert [d.key for d in corpus.documents] == ["国发〔2030〕3号"]
    (duty,) = corpus.duties
    assert (duty.lead.printed, duty.span.start_line) == ("科技部", 5)
    assert [p.code for p in corpus.problems] == []
