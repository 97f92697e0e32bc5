"""kg.text.formats: real PDF, HTML and .docx files, built in tmp_path, → plain text.

PDFs are written by reportlab with Debian's WenQuanYi Zen Hei font (fonts-wqy-zenhei); the PDF
tests skip, naming the package, where it is not installed.
"""
from __future__ import annotations

import zipfile
from pathlib import Path

import pytest

from kg.errors import InputError
from kg.text.formats import extract, sniff
from kg.text.formats.pdf import _Line, _Page, _refuse_unmapped

try:
    from . import fixtures_formats as fx
except ImportError:  # tests/ is a plain folder on sys.path (pytest's default rootdir mode)
    import fixtures_formats as fx

pytest.importorskip("reportlab", reason="reportlab is in the [test] extra")
needs_font = pytest.mark.skipif(fx.cjk_font() is None,
                                reason="no CJK TrueType font: apt-get install fonts-wqy-zenhei")
BODY = [line for page in fx.GAZETTE_PAGES for line in page]


def _extract(path: Path):
    return extract(path, path.read_bytes())


# --- PDF --------------------------------------------------------------------------------------

@needs_font
@pytest.mark.parametrize("page_number", [
    "— {n} —",  # 2024 gazette footer with spaces
    "—0{n}—",  # 2024 gazette footer as printed in issue 13
    "{n}",  # a bare page number
    "第 {n} 页",  # page number in words
])
def test_pdf_gives_body_without_head_and_page_numbers(tmp_path, page_number):
    pdf = fx.make_pdf(tmp_path / "gazette.pdf", fx.GAZETTE_PAGES, page_number=page_number)
    extracted = _extract(pdf)
    assert extracted.kind == "pdf"
    assert extracted.text.splitlines() == BODY
    assert fx.HEAD not in extracted.text
    assert extracted.page_starts == [1, len(fx.GAZETTE_PAGES[0]) + 1]
    assert extracted.text.splitlines()[extracted.page_starts[1] - 1] == fx.GAZETTE_PAGES[1][0]


@needs_font
def test_pdf_keeps_the_responsibility_clause_and_numbered_items(tmp_path):
    text = _extract(fx.make_pdf(tmp_path / "g.pdf", fx.GAZETTE_PAGES)).text
    assert "（责任单位：市科委、市经济信息化委）" in text.splitlines()
    assert [ln[:3] for ln in text.splitlines() if ln.startswith("（") and "）" in ln[:4]] == \
        ["（一）", "（二）", "（三）"]


@needs_font
def test_pdf_two_columns_are_read_left_column_first(tmp_path):
    short = [chunk for line in BODY for chunk in (line[:17], line[17:]) if chunk]
    half = len(short) // 2
    pdf = fx.make_pdf(tmp_path / "two-columns.pdf", [short[:half], short[half:]], columns=2)
    assert _extract(pdf).text.splitlines() == short


@needs_font
def test_pdf_body_line_repeated_at_page_tops_is_kept(tmp_path):
    # A clause line may open two pages; it sits in the top band but not apart from the body.
    clause = "（责任单位：市民政局）"
    pages = [[clause, *fx.GAZETTE_PAGES[0][:5]], [clause, *fx.GAZETTE_PAGES[1]]]
    lines = _extract(fx.make_pdf(tmp_path / "g.pdf", pages)).text.splitlines()
    assert lines.count("（责任单位：市民政局）") == 2


@needs_font
def test_pdf_single_page_keeps_head_but_drops_page_number(tmp_path):
    # One page cannot show that a head repeats: kg.text.cleaning removes it by pattern instead.
    lines = _extract(fx.make_pdf(tmp_path / "one.pdf", fx.GAZETTE_PAGES[:1])).text.splitlines()
    assert lines == [fx.HEAD, *fx.GAZETTE_PAGES[0]]


@needs_font
def test_pdf_page_without_text_is_reported(tmp_path):
    extracted = _extract(fx.make_pdf(tmp_path / "g.pdf", [fx.GAZETTE_PAGES[0], [], fx.GAZETTE_PAGES[1]]))
    assert extracted.empty_pages == [2]
    assert extracted.page_starts == [1, 17, 17]


def _pdf_with_drawn_second_page(path: Path, lines: list[str]) -> Path:
    """Page 1 holds ``lines``; page 2 only a filled rectangle, as a scanned page shows to pdfminer."""
    from reportlab.lib.pagesizes import A4
    from reportlab.pdfgen import canvas

    c = canvas.Canvas(str(path), pagesize=A4)
    c.setFont(fx.cjk_font(), 12)
    for i, line in enumerate(lines):
        c.drawString(50, A4[1] - 90 - 20 * i, line)
    c.showPage()
    c.rect(100, 100, 300, 500, fill=1)
    c.showPage()
    c.save()
    return path


@needs_font
def test_build_reports_a_page_without_text_and_keeps_the_rest(tmp_path):
    from kg.pipeline import extract as build_extract

    pdf = _pdf_with_drawn_second_page(tmp_path / "gazette.pdf", BODY)
    txt = tmp_path / "gazette.txt"
    txt.write_text("\n".join(BODY) + "\n", encoding="utf-8")
    corpus = build_extract([pdf])
    assert [(p.severity, p.code, p.source_file) for p in corpus.problems if p.code == "empty-pages"] == \
        [("warning", "empty-pages", "gazette.pdf")]
    assert "PDF pages 2 have no text layer" in next(p.message for p in corpus.problems if p.code == "empty-pages")
    assert "unreadable-file" not in {p.code for p in corpus.problems}
    assert corpus.documents and _signature(corpus) == _signature(build_extract([txt]))


@pytest.mark.parametrize("lines, refused", [
    (["(cid:12)(cid:34)(cid:56)(cid:78)", "(cid:90)(cid:91)"], True),  # fonts without a Unicode map
    (["一、主要目标(cid:12)", "到2027年建成高地。"], False),  # one odd glyph in readable text
])
def test_pdf_text_layer_without_unicode_map_is_refused(lines, refused):
    page = _Page([_Line(text, 50, 300, 700 - 20 * i, 712 - 20 * i) for i, text in enumerate(lines)],
                 0, 842)
    if refused:
        with pytest.raises(InputError, match="without a Unicode map"):
            _refuse_unmapped(Path("g.pdf"), [page])
    else:
        _refuse_unmapped(Path("g.pdf"), [page])


def test_pdf_without_text_layer_is_refused(tmp_path):
    with pytest.raises(InputError, match="text layer") as error:
        _extract(fx.make_image_pdf(tmp_path / "scan.pdf"))
    assert error.value.where == str(tmp_path / "scan.pdf")


@pytest.mark.parametrize("data", [
    b"%PDF-1.4 garbage",  # header and nothing else
    b"%PDF-1.7\n1 0 obj\n<< /Type /Catalog /Pages 2 0 R >>\nendobj\ntrailer\n<<>>\n%%EOF",  # no pages
])
def test_corrupt_pdf_is_refused(tmp_path, data):
    path = tmp_path / "broken.pdf"
    path.write_bytes(data)
    with pytest.raises(InputError, match="is not a readable PDF"):
        _extract(path)


# --- HTML -------------------------------------------------------------------------------------

ARTICLE = fx.GAZETTE_PAGES[0][8:] + fx.GAZETTE_PAGES[1]
FURNITURE = ["首页", "政务公开", "当前位置", "分享到", "相关链接", "银发经济", "版权所有", "网站地图",
             "欢迎访问", "var nav"]


def test_html_gives_only_the_article():
    extracted = extract(Path("page.html"), fx.article_html(ARTICLE).encode())
    assert extracted.kind == "html"
    assert extracted.text.splitlines() == ARTICLE
    assert not [word for word in FURNITURE if word in extracted.text]


def test_html_title_outside_the_article_comes_first():
    title = "上海市人民政府办公厅关于印发《上海市推进养老科技创新发展行动方案》的通知"
    text = extract(Path("page.html"), fx.article_html(ARTICLE, title=title).encode()).text
    assert text.splitlines() == [title, *ARTICLE]


def test_html_without_known_ids_picks_the_densest_block():
    page = ("<html><body><div class='top'><a href='/'>首页</a><a href='/z'>政务公开栏目</a></div>"
            "<div class='wrap'><div class='left'><ul><li><a href='/1'>通知公告列表</a></li></ul></div>"
            "<div class='con'><p>一、主要目标</p><p>到2027年，初步建成养老科技创新高地。</p>"
            "<p>（责任单位：市科委、市经济信息化委）</p></div></div>"
            "<div class='bottom'>主办单位：上海市人民政府办公厅</div></body></html>")
    text = extract(Path("page.htm"), page.encode()).text
    assert text.splitlines() == ["一、主要目标", "到2027年，初步建成养老科技创新高地。",
                                 "（责任单位：市科委、市经济信息化委）"]


@pytest.mark.parametrize("fragment, lines", [
    # a table row: cells joined by a tab
    ("<table><tr><td>指标</td><td>2027年目标</td></tr><tr><td>孵化器</td><td>1—2个</td></tr></table>",
     ["指标\t2027年目标", "孵化器\t1—2个"]),
    # <br> inside one paragraph breaks the line
    ("<p>一、主要目标<br>到2027年，建成高地。</p>", ["一、主要目标", "到2027年，建成高地。"]),
    # inline markup and source line breaks stay inside the paragraph
    ("<p>（一）加强<b>关键技术</b>\n攻关。</p>", ["（一）加强关键技术 攻关。"]),
    # list items are lines
    ("<ul><li>1.建设孵化器</li><li>2.引进龙头企业</li></ul>", ["1.建设孵化器", "2.引进龙头企业"]),
])
def test_html_blocks_become_lines(fragment, lines):
    page = f"<html><body><div id='zoom'><p>养老科技创新发展行动方案</p>{fragment}</div></body></html>"
    assert extract(Path("p.html"), page.encode()).text.splitlines()[1:] == lines


def test_hostile_html_gives_plain_text():
    page = ("<html><body><div id='zoom'><p>一、主要目标<script>alert(1)</script></p>"
            "<p><img src=x onerror=alert(1)>（责任单位：市科委）</p>"
            "<p onclick='alert(2)'>到2027年<iframe src='javascript:alert(3)'></iframe>建成高地。</p>"
            "</div></body></html>")
    text = extract(Path("p.html"), page.encode()).text
    assert text.splitlines() == ["一、主要目标", "（责任单位：市科委）", "到2027年建成高地。"]
    assert "<script" not in text and "onerror" not in text and "alert" not in text


@pytest.mark.parametrize("page, lines", [
    # "相关链接" as paragraphs inside the article box: the label and what follows are dropped
    ("<div id='zoom'><p>一、主要目标</p><p>到2027年建成高地。</p><p>相关链接：</p>"
     "<p><a href='/1'>关于发展银发经济的意见</a></p></div>",
     ["一、主要目标", "到2027年建成高地。"]),
    # a wrapper whose class says "header" but holds the article is not page furniture
    ("<div class='page-header-wrap'><div class='con'><p>一、主要目标</p><p>到2027年建成高地。</p>"
     "</div><div class='nav'><a href='/'>首页</a></div></div>",
     ["一、主要目标", "到2027年建成高地。"]),
    # a generic .content box around #zoom and a leftover caption: the inner box is the article
    ("<div class='content'><div class='caption'>信息公开目录</div><div id='zoom'><p>一、主要目标</p>"
     "<p>到2027年初步建成养老科技创新与产业发展高地。</p><p>（责任单位：市科委）</p></div></div>",
     ["一、主要目标", "到2027年初步建成养老科技创新与产业发展高地。", "（责任单位：市科委）"]),
    # a site logo in an h1 link is not the title; the article's title box is
    ("<h1 class='logo'><a href='/'>上海市人民政府</a></h1><div class='article-header'>"
     "<div class='title'>关于推进养老科技创新的通知</div></div>"
     "<div id='zoom'><p>一、主要目标</p><p>到2027年初步建成养老科技创新高地。</p></div>",
     ["关于推进养老科技创新的通知", "一、主要目标", "到2027年初步建成养老科技创新高地。"]),
    # TRS portals give the title in a meta tag
    ("<meta name='ArticleTitle' content='上海市推进养老科技创新发展行动方案'>"
     "<div class='TRS_Editor'><p>一、主要目标</p><p>到2027年建成高地。</p></div>",
     ["上海市推进养老科技创新发展行动方案", "一、主要目标", "到2027年建成高地。"]),
])
def test_html_article_is_found(page, lines):
    text = extract(Path("p.html"), f"<html><body>{page}</body></html>".encode()).text
    assert text.splitlines() == lines


def test_html_declared_gb2312_is_decoded():
    page = fx.article_html(ARTICLE, charset="gb2312").encode("gb18030")
    assert extract(Path("page.html"), page).text.splitlines() == ARTICLE


# --- choosing the kind by content --------------------------------------------------------------

def _docx_bytes(tmp_path: Path) -> bytes:
    return fx.make_docx(tmp_path / "x.docx", [(None, "上海市推进养老科技创新发展行动方案")]).read_bytes()


def _zip_bytes(tmp_path: Path) -> bytes:
    with zipfile.ZipFile(tmp_path / "x.zip", "w") as zf:
        zf.writestr("readme.txt", "不是Word文件")
    return (tmp_path / "x.zip").read_bytes()


@pytest.mark.parametrize("name, make, kind", [
    ("page.txt", lambda _: fx.article_html(ARTICLE).encode(), "html"),  # a .txt that is really HTML
    ("page.txt", lambda _: b"\xef\xbb\xbf<!DOCTYPE html><html><body>x</body></html>", "html"),  # BOM
    ("p.dat", lambda _: b'<?xml version="1.0"?>\n<html xmlns="x"><body/></html>', "html"),  # XHTML
    ("page.html", lambda _: "通知全文见下：<p>一、总则</p>".encode(), "html"),  # .html with a tag
    ("g.txt", lambda _: "上海市人民政府公报\n沪府办发〔2024〕8号\n".encode(), None),  # plain text
    ("g.pdf", lambda _: "上海市人民政府公报\n沪府办发〔2024〕8号\n".encode(), None),  # lying suffix
    ("g.txt", lambda _: "<<上海市推进养老科技创新发展行动方案>>\n".encode(), None),  # quoted title
    ("g.txt", lambda _: "a < b 和 <备注> 说明".encode("gb18030"), None),  # angle brackets in text
    ("g.bin", lambda _: b"junk\n%PDF-1.4\n", "pdf"),  # junk before the PDF header
    ("g.zip", _docx_bytes, "docx"),  # a .docx under another suffix
    ("g.zip", _zip_bytes, None),  # a zip that is not a Word file
])
def test_kind_is_chosen_by_content(tmp_path, name, make, kind):
    assert sniff(Path(name), make(tmp_path)) == kind


def test_html_in_a_txt_file_is_read_as_html(tmp_path):
    path = tmp_path / "page.txt"
    path.write_text(fx.article_html(ARTICLE), encoding="utf-8")
    assert _extract(path).kind == "html"


def test_plain_text_is_left_to_reading(tmp_path):
    path = tmp_path / "g.txt"
    path.write_text("\n".join(BODY), encoding="utf-8")
    assert _extract(path) is None


def test_legacy_word_file_is_refused(tmp_path):
    path = tmp_path / "old.doc"
    path.write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 512)
    with pytest.raises(InputError, match=r"legacy Word"):
        _extract(path)


# --- Word -------------------------------------------------------------------------------------

def test_docx_gives_numbered_items_clauses_and_tables(tmp_path):
    docx = fx.make_docx(tmp_path / "plan.docx", [
        (None, "上海市推进养老科技创新发展行动方案"),
        (0, "主要目标"),
        (None, "到2027年，初步建成养老科技创新与产业发展高地。"),
        (0, "重点任务"),
        (1, "加强关键技术攻关。（责任单位：市科委、市经济信息化委）"),
        (1, "推进产品开发。（责任单位：市经济信息化委、市民政局）"),
        (0, "保障措施"),
        (1, "加强组织领导。"),
    ], table=[["指标", "2027年目标"], ["孵化器", "1—2个"]])
    extracted = _extract(docx)
    assert extracted.kind == "docx" and extracted.page_starts == []
    assert extracted.text.splitlines() == [
        "上海市推进养老科技创新发展行动方案",
        "一、主要目标",
        "到2027年，初步建成养老科技创新与产业发展高地。",
        "二、重点任务",
        "（一）加强关键技术攻关。（责任单位：市科委、市经济信息化委）",
        "（二）推进产品开发。（责任单位：市经济信息化委、市民政局）",
        "三、保障措施",
        "（一）加强组织领导。",
        "指标\t2027年目标",
        "孵化器\t1—2个",
    ]


@pytest.mark.parametrize("data", [
    b"PK\x03\x04 truncated",  # the start of a zip and nothing else
    b"",  # an empty zip archive written below
])
def test_corrupt_docx_is_refused(tmp_path, data):
    path = tmp_path / "broken.docx"
    if data:
        path.write_bytes(data)
    else:
        zipfile.ZipFile(path, "w").close()
        path.write_bytes(b"PK\x03\x04" + path.read_bytes()[4:])
    with pytest.raises(InputError, match=r"is not a readable Word \(\.docx\) file"):
        _extract(path)


# --- the same text in three formats gives the same graph input --------------------------------

def _signature(corpus):
    documents = sorted((d.doc_number or "", d.title or "") for d in corpus.documents)
    duties = sorted((d.provision, [p.printed for p in d.parties]) for d in corpus.duties)
    return documents, duties


@needs_font
def test_txt_pdf_and_html_give_the_same_documents_and_duties(tmp_path):
    import kg

    run = kg.extract
    (tmp_path / "txt").mkdir()
    (tmp_path / "pdf").mkdir()
    (tmp_path / "html").mkdir()
    txt = tmp_path / "txt" / "gazette.txt"
    txt.write_text("\n".join(BODY) + "\n", encoding="utf-8")
    pdf = fx.make_pdf(tmp_path / "pdf" / "gazette.pdf", fx.GAZETTE_PAGES)
    page = tmp_path / "html" / "gazette.html"
    page.write_text(fx.article_html(BODY), encoding="utf-8")
    (tmp_path / "portal").mkdir()
    portal = tmp_path / "portal" / "gazette.html"  # one <p> per paragraph, as portals publish
    portal.write_text(fx.article_html(fx.printed_paragraphs()), encoding="utf-8")
    (tmp_path / "docx").mkdir()
    word = fx.make_docx(tmp_path / "docx" / "gazette.docx", fx.GAZETTE_PARAGRAPHS)  # automatic numbers
    expected = _signature(run([txt]))
    assert expected[0] and expected[1], "the sample text should give a document and duties"
    for path in (pdf, page, portal, word):
        assert _signature(run([path])) == expected, path.name


def test_docx_style_numbering_and_bullets(tmp_path):
    # python-docx's own template numbers "List Number" through the style, not the paragraph.
    import docx

    document = docx.Document()
    document.add_paragraph("重点任务")
    document.add_paragraph("建设孵化器。（责任单位：市科委）", style="List Number")
    document.add_paragraph("引进龙头企业。", style="List Number")
    document.add_paragraph("完善应用场景。", style="List Bullet")
    document.save(str(tmp_path / "styles.docx"))
    assert _extract(tmp_path / "styles.docx").text.splitlines() == [
        "重点任务", "1.建设孵化器。（责任单位：市科委）", "2.引进龙头企业。", "完善应用场景。"]
