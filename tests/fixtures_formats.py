"""Builders of real PDF, HTML and .docx files for tests/test_formats.py (made in tmp_path).

No binary fixture is committed: each file is written during the test run, PDFs by reportlab
with a TrueType CJK font from Debian's fonts-wqy-zenhei (installed by the CI script).
"""
from __future__ import annotations

import html
from pathlib import Path

# reportlab embeds TrueType outlines only; Noto CJK ships CFF outlines, which it cannot use.
CJK_FONTS = [
    ("/usr/share/fonts/truetype/wqy/wqy-zenhei.ttc", 0),
    ("/usr/share/fonts/truetype/wqy/wqy-microhei.ttc", 0),
    ("/usr/share/fonts/truetype/arphic/uming.ttc", 0),
]
FONT_NAME = "KgTestCJK"
HEAD = "上海市人民政府公报"

# A small gazette document, broken into printed lines as a two-page PDF would print it.
GAZETTE_PAGES = [
    [
        "上海市人民政府办公厅关于印发《上海市推进",
        "养老科技创新发展行动方案（2024—2027年）》的通知",
        "沪府办发〔2024〕8号",
        "各区人民政府，市政府各委、办、局，各有关单位：",
        "经市政府同意，现将《上海市推进养老科技创新发展行动方案",
        "（2024—2027年）》印发给你们，请认真按照执行。",
        "上海市人民政府办公厅",
        "2024年6月13日",
        "上海市推进养老科技创新发展行动方案",
        "（2024—2027年）",
        "一、主要目标",
        "到2027年，初步建成养老科技创新与产业发展高地。",
        "二、重点任务",
        "（一）加强关键技术攻关。聚焦老年人健康监测、",
        "康复辅助等领域，突破一批关键技术。",
        "（责任单位：市科委、市经济信息化委）",
    ],
    [
        "（二）推进产品开发。支持企业研发适老化智能产品，",
        "建设研发测试公共服务平台。（责任单位：市经济",
        "信息化委、市民政局、市卫生健康委）",
        "（三）拓展应用场景。在社区和养老机构推广应用",
        "智慧养老产品。（责任单位：市民政局、各区政府）",
        "三、保障措施",
        "本方案自2024年7月1日起施行，有效期至2027年6月30日。",
    ],
]

# The same document as a portal or a Word file holds it: one line per paragraph; (level, text)
# where level is Word's automatic numbering level ("一、" = 0, "（一）" = 1) or None.
GAZETTE_PARAGRAPHS = [
    (None, "上海市人民政府办公厅关于印发《上海市推进养老科技创新发展行动方案（2024—2027年）》的通知"),
    (None, "沪府办发〔2024〕8号"),
    (None, "各区人民政府，市政府各委、办、局，各有关单位："),
    (None, "经市政府同意，现将《上海市推进养老科技创新发展行动方案（2024—2027年）》印发给你们，"
           "请认真按照执行。"),
    (None, "上海市人民政府办公厅"),
    (None, "2024年6月13日"),
    (None, "上海市推进养老科技创新发展行动方案"),
    (None, "（2024—2027年）"),
    (0, "主要目标"),
    (None, "到2027年，初步建成养老科技创新与产业发展高地。"),
    (0, "重点任务"),
    (1, "加强关键技术攻关。聚焦老年人健康监测、康复辅助等领域，突破一批关键技术。"
        "（责任单位：市科委、市经济信息化委）"),
    (1, "推进产品开发。支持企业研发适老化智能产品，建设研发测试公共服务平台。"
        "（责任单位：市经济信息化委、市民政局、市卫生健康委）"),
    (1, "拓展应用场景。在社区和养老机构推广应用智慧养老产品。（责任单位：市民政局、各区政府）"),
    (0, "保障措施"),
    (None, "本方案自2024年7月1日起施行，有效期至2027年6月30日。"),
]


def printed_paragraphs() -> list[str]:
    """GAZETTE_PARAGRAPHS with their numbers printed, as an HTML page shows them."""
    counters, lines = [0, 0], []
    for level, text in GAZETTE_PARAGRAPHS:
        if level is None:
            lines.append(text)
            continue
        counters[level] += 1
        counters[level + 1:] = [0] * (1 - level)
        number = "一二三四五六七八九"[counters[level] - 1]
        lines.append(f"{number}、{text}" if level == 0 else f"（{number}）{text}")
    return lines


def cjk_font() -> str | None:
    """Register a CJK TrueType font with reportlab; its name, or None when none is installed."""
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.ttfonts import TTFont

    if FONT_NAME in pdfmetrics.getRegisteredFontNames():
        return FONT_NAME
    for path, index in CJK_FONTS:
        if Path(path).exists():
            pdfmetrics.registerFont(TTFont(FONT_NAME, path, subfontIndex=index))
            return FONT_NAME
    return None


def make_pdf(path: Path, pages: list[list[str]], head: str | None = HEAD,
             page_number: str | None = "— {n} —", columns: int = 1) -> Path:
    """A gazette-like A4 PDF: running head at the top, page number at the bottom of each page."""
    from reportlab.lib.pagesizes import A4
    from reportlab.pdfgen import canvas

    font = cjk_font()
    assert font, "call only after checking cjk_font()"
    width, height = A4
    c = canvas.Canvas(str(path), pagesize=A4)
    for n, lines in enumerate(pages, 1):
        c.setFont(font, 10)
        if head:
            c.drawCentredString(width / 2, height - 40, head)
            c.line(50, height - 48, width - 50, height - 48)
        if page_number:
            c.drawCentredString(width / 2, 30, page_number.format(n=n))
        c.setFont(font, 12)
        _draw_columns(c, lines, columns, width, top=height - 90)
        c.showPage()
    c.save()
    return path


def _draw_columns(c, lines: list[str], columns: int, width: float, top: float) -> None:
    per_column = -(-len(lines) // columns)
    column_width = (width - 100) / columns
    for i, line in enumerate(lines):
        column, row = divmod(i, per_column)
        c.drawString(50 + column * column_width, top - row * 20, line)


def make_image_pdf(path: Path) -> Path:
    """A PDF with drawings only, like a scan: no text layer."""
    from reportlab.lib.pagesizes import A4
    from reportlab.pdfgen import canvas

    c = canvas.Canvas(str(path), pagesize=A4)
    c.rect(100, 100, 300, 500, fill=1)
    c.showPage()
    c.save()
    return path


def article_html(lines: list[str], title: str | None = None, charset: str = "utf-8") -> str:
    """A government policy page: navigation, breadcrumbs, share bar and footer around the text."""
    body = "\n".join(f"<p>{html.escape(line)}</p>" for line in lines)
    heading = f'<div class="article-title"><h1>{html.escape(title)}</h1></div>' if title else ""
    return f"""<!DOCTYPE html>
<html><head><meta charset="{charset}"><title>政策文件_上海市人民政府</title>
<style>p {{ text-indent: 2em; }}</style><script>var nav = "首页";</script></head>
<body>
<div class="header"><a href="/">上海市人民政府</a><span>欢迎访问上海市人民政府门户网站</span></div>
<ul id="menu"><li><a href="/a">首页</a></li><li><a href="/b">政务公开</a></li>
<li><a href="/c">政务服务</a></li><li>互动交流栏目导航说明文字</li></ul>
<div class="breadcrumb">当前位置：<a href="/">首页</a> &gt; 政务公开 &gt; 规范性文件</div>
<div class="main">{heading}
<div id="ivs_content" class="TRS_Editor">
{body}
</div>
<div class="share">分享到：微信 微博</div>
<div class="xgll"><h3>相关链接</h3><ul><li><a href="/x">关于加快发展银发经济的若干措施</a></li></ul></div>
</div>
<div id="footer"><p>主办：上海市人民政府办公厅 版权所有 沪ICP备案号</p><p>联系我们 网站地图</p></div>
</body></html>"""


def make_docx(path: Path, paragraphs: list[tuple[int | None, str]],
              table: list[list[str]] | None = None) -> Path:
    """A .docx whose items use Word's automatic numbering: level 0 "一、", level 1 "（一）".

    Args:
        paragraphs: (numbering level or None, text) in order.
        table: rows of cells appended after the paragraphs.
    """
    import docx

    document = docx.Document()
    num_id = _add_chinese_numbering(document)
    for level, text in paragraphs:
        paragraph = document.add_paragraph(text)
        if level is not None:
            _number(paragraph, num_id, level)
    if table:
        grid = document.add_table(rows=len(table), cols=len(table[0]))
        for r, row in enumerate(table):
            for c, cell in enumerate(row):
                grid.cell(r, c).text = cell
    document.save(str(path))
    return path


def _add_chinese_numbering(document) -> int:
    from docx.oxml import parse_xml
    from docx.oxml.ns import nsdecls

    numbering = document.part.numbering_part.element
    abstract = parse_xml(
        f'<w:abstractNum {nsdecls("w")} w:abstractNumId="90">'
        '<w:lvl w:ilvl="0"><w:start w:val="1"/><w:numFmt w:val="chineseCounting"/>'
        '<w:lvlText w:val="%1、"/></w:lvl>'
        '<w:lvl w:ilvl="1"><w:start w:val="1"/><w:numFmt w:val="chineseCounting"/>'
        '<w:lvlText w:val="（%2）"/></w:lvl></w:abstractNum>')
    first_num = numbering.find(abstract.tag.replace("abstractNum", "num"))
    if first_num is not None:
        first_num.addprevious(abstract)  # abstractNum elements must precede num elements
    else:
        numbering.append(abstract)
    numbering.append(parse_xml(f'<w:num {nsdecls("w")} w:numId="90"><w:abstractNumId w:val="90"/>'
                               '</w:num>'))
    return 90


def _number(paragraph, num_id: int, level: int) -> None:
    from docx.oxml import parse_xml
    from docx.oxml.ns import nsdecls

    ppr = paragraph._p.get_or_add_pPr()
    ppr.append(parse_xml(f'<w:numPr {nsdecls("w")}><w:ilvl w:val="{level}"/>'
                         f'<w:numId w:val="{num_id}"/></w:numPr>'))
