"""The HTML reader on the real saved pages and on the markup real pages use."""
from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import given, settings, strategies as st
from lxml import etree

from gongkai.readers import read_bytes

RAW = Path(__file__).resolve().parents[1] / "data" / "corpus" / "raw"
PAGES = sorted(RAW.glob("*.html"))


def read(markup: str, name: str = "t.html"):
    return read_bytes(markup.encode("utf-8"), name)


def texts(row) -> list[str]:
    return [c.text for c in row.cells]


def row_starting(doc, label: str):
    return next(r for r in doc.rows if r.cells[0].text.startswith(label))


def source_rows(path: Path) -> list[list[str]]:
    """<td>/<th> texts of every <tr>, parsed independently of the reader (for counting)."""
    root = etree.fromstring(path.read_bytes(), etree.HTMLParser(encoding="utf-8"))
    return [[("".join(td.itertext())) for td in tr if td.tag in ("td", "th")] for tr in root.iter("tr")]


@pytest.mark.parametrize("path", PAGES, ids=lambda p: p.name[:3])
def test_every_tr_is_a_row_with_its_own_cells(path):
    doc = read_bytes(path.read_bytes(), path.name)
    assert not doc.problems
    table_rows = [r for r in doc.rows if r.table is not None]
    expected = [cells for cells in source_rows(path) if cells]
    assert [len(r.cells) for r in table_rows] == [len(cells) for cells in expected]
    assert sorted({r.table for r in table_rows}) == [0, 1, 2]
    for r in table_rows:
        assert r.delimited
        assert [c.at["cell"] for c in r.cells] == list(range(len(r.cells)))
        assert {c.at["table"] for c in r.cells} == {r.table}
    prose = [r for r in doc.rows if r.table is None]
    assert all(len(r.cells) == 1 and r.cells[0].text for r in prose)
    assert [r.cells[0].at["block"] for r in prose] == list(range(len(prose)))
    for needle in ("一、总体情况", "二、主动公开政府信息情况", "六、其他"):
        assert any(r.cells[0].text.startswith(needle) for r in prose)


def test_016_carried_out_row_has_a_blank_second_value():
    doc = read_bytes((RAW / "016_pingtan-jinjing-pianqu-2023.html").read_bytes(), "016.html")
    row = row_starting(doc, "四、结转下年度继续办理")
    assert texts(row)[0] == "四、结转下年度继续办理" and row.cells[0].colspan == 3
    values = texts(row)[1:]
    assert len(values) == 7 and values[1] == "" and all(v == "0" for i, v in enumerate(values) if i != 1)
    assert texts(row_starting(doc, "商业"))[:2] == ["商业企业", "科研机构"]  # <p>商业&nbsp;</p><p>企业&nbsp;</p>
    result = row_starting(doc, "三、本年度办理结果")
    assert result.cells[0].rowspan == 22 and texts(result)[1] == "（一）予以公开"
    assert doc.header["published"] == "2024-01-03 15:00"
    assert doc.header["title"] == "平潭综合实验区金井片区管理局2023年政府信息公开工作年度报告"
    assert doc.header["publisher"] == "平潭综合实验区金井片区管理局"
    assert doc.header["url"].endswith("t20240125_86498.htm")


def test_016_page_chrome_is_not_body_but_links_and_hidden_text_are_kept():
    doc = read_bytes((RAW / "016_pingtan-jinjing-pianqu-2023.html").read_bytes(), "016.html")
    body = doc.plain_text()
    assert "网站地图" not in body and "ms-controller" not in body and "function" not in body
    assert doc.rows[0].cells[0].text.startswith("本报告根据《中华人民共和国政府信息公开条例》")
    hidden = [r for r in doc.rows if r.cells[0].at.get("hidden")]
    assert hidden and all(r.table is None for r in hidden)
    assert any(href.startswith("https://www.fujian.gov.cn") for href, _ in doc.links)
    assert len(doc.links) == sum(1 for a in etree.fromstring(
        (RAW / "016_pingtan-jinjing-pianqu-2023.html").read_bytes(), etree.HTMLParser()).iter("a") if a.get("href"))


def test_051_fragment_rowspan_colspan_and_nbsp_cells():
    doc = read_bytes((RAW / "051_shanghai-szfbgt-2019.html").read_bytes(), "051.html")
    total = row_starting(doc, "（七）总计")
    assert texts(total) == ["（七）总计", "767", "35", "", "", "2", "1", "805"]
    assert total.cells[0].colspan == 2
    granted = row_starting(doc, "三、本年度办理结果")
    assert granted.cells[0].rowspan == 20
    assert texts(granted)[1:] == ["（一）予以公开", "258", "12", "", "", "1", "1", ""]
    assert texts(row_starting(doc, "信息内容"))[1:3] == ["本年新制作数量", "本年新公开数量"]  # 本年新<br />制作数量
    procurement = row_starting(doc, "政府集中采购")
    assert texts(procurement) == ["政府集中采购", "6", "251000元"]
    assert doc.header["published"] == "2020-01-31"
    assert doc.header["title"] == "2019年上海市人民政府办公厅政府信息公开工作年度报告"
    assert doc.links == []


def test_same_page_in_every_encoding_reads_the_same():
    page = (RAW / "016_pingtan-jinjing-pianqu-2023.html").read_text("utf-8")
    page = page.encode("gbk", "ignore").decode("gbk")  # only characters GBK has
    reference = read(page)
    rows = [(r.text, r.table, r.delimited) for r in reference.rows]
    assert len(rows) > 60
    for encoded in (page.encode("gbk"), page.encode("gb18030"), b"\xef\xbb\xbf" + page.encode("utf-8"),
                    page.replace('<meta charset="UTF-8" />', '<meta charset="gbk" />').encode("gbk")):
        doc = read_bytes(encoded, "t.html")
        assert [(r.text, r.table, r.delimited) for r in doc.rows] == rows
        assert doc.header["published"] == reference.header["published"]


def test_utf16_page_is_sniffed_and_read():
    doc = read_bytes("<html><body><p>一、总体情况</p><table><tr><td>规章</td><td>0</td></tr></table></body></html>"
                     .encode("utf-16"), "t.html")
    assert doc.source.media_type == "text/html"
    assert [texts(r) for r in doc.rows] == [["一、总体情况"], ["规章", "0"]]


def test_script_style_and_comments_never_reach_the_body():
    doc = read("<html><head><title>某局2023年政府信息公开工作年度报告</title><style>p{color:red}</style></head>"
               "<body><script>alert(1)</script><p>一、总体情况<!-- 注释 --></p><noscript>请启用脚本</noscript>"
               "<table><tr><td>本年新收<script>document.write(9)</script></td><td>5</td></tr></table></body></html>")
    body = doc.plain_text()
    assert "alert" not in body and "color" not in body and "注释" not in body and "document" not in body
    assert "请启用脚本" not in body
    assert [texts(r) for r in doc.rows] == [["一、总体情况"], ["本年新收", "5"]]
    assert doc.header["title"] == "某局2023年政府信息公开工作年度报告"


def test_prose_blocks_and_br_lines_are_rows():
    doc = read("<div>一、总体情况<p>第一段&nbsp;&nbsp;文字</p>第二段<br>第三段<br/><br/><span> </span></div>"
               "<ul><li>一是</li><li>二是</li></ul>")
    assert [texts(r) for r in doc.rows] == [["一、总体情况"], ["第一段 文字"], ["第二段"], ["第三段"], ["一是"], ["二是"]]


def test_layout_table_is_read_as_blocks_and_inner_tables_as_data():
    prose = "本报告根据《中华人民共和国政府信息公开条例》编制。" * 20
    doc = read(f"""<table><tr><td><a href="/">首页</a></td></tr>
        <tr><td><p>{prose}</p><p>一、总体情况</p><p>二、主动公开政府信息情况</p>
          <table><tr><td>信息内容</td><td>本年制发件数</td></tr><tr><td>规章</td><td>1</td></tr></table>
          <p>三、收到和处理政府信息公开申请情况</p>
          <table><tr><td>（七）总计</td><td>&nbsp;</td></tr></table>
        </td><td>侧栏</td></tr></table>""")
    assert [(r.table, texts(r)) for r in doc.rows] == [
        (0, ["首页"]), (None, [prose]), (None, ["一、总体情况"]), (None, ["二、主动公开政府信息情况"]),
        (1, ["信息内容", "本年制发件数"]), (1, ["规章", "1"]), (None, ["三、收到和处理政府信息公开申请情况"]),
        (2, ["（七）总计", ""]), (None, ["侧栏"])]
    assert doc.rows[5].cells[1].at == {"table": 1, "row": 1, "cell": 1}


def test_hidden_spam_outside_the_content_is_kept_and_marked():
    doc = read("""<html><body><div class="nav">首页</div>
        <div style="position:absolute; left:-9999px"><a href="http://bet.example.com">澳门博彩</a></div>
        <div class="TRS_Editor"><p>一、总体情况</p><p>二、主动公开政府信息情况</p>
          <p style="display:none">隐藏文字</p><p>六、其他需要报告的事项</p></div>
        <marquee>滚动广告</marquee></body></html>""")
    rows = [(r.cells[0].text, bool(r.cells[0].at.get("hidden"))) for r in doc.rows]
    assert ("首页", False) not in rows, "page chrome outside the content area is not body"
    assert rows[:4] == [("一、总体情况", False), ("二、主动公开政府信息情况", False), ("隐藏文字", True),
                        ("六、其他需要报告的事项", False)]
    assert set(rows[4:]) == {("澳门博彩", True), ("滚动广告", True)}
    assert ("http://bet.example.com", "澳门博彩") in doc.links


def test_word_exported_markup_reads_cleanly():
    doc = read("""<html xmlns:o="urn:schemas-microsoft-com:office:office"><body>
        <!--[if gte mso 9]><xml><w:WordDocument>Normal 0 false</w:WordDocument></xml><![endif]-->
        <p class=MsoNormal><![if !supportLists]><span lang=EN-US>1.</span><![endif]>
        <span style='mso-bidi-font-size:10.5pt'>属于国家秘密</span><o:p></o:p></p>
        <table class=MsoTableGrid><tr><td><p class=MsoNormal><span lang=EN-US>12<o:p></o:p></span></p></td>
        <td><p class=MsoNormal><span lang=EN-US><o:p>&nbsp;</o:p></span></p></td></tr></table></body></html>""")
    assert [texts(r) for r in doc.rows] == [["1. 属于国家秘密"], ["12", ""]]


def test_digits_split_by_a_line_break_in_a_cell_do_not_run_together():
    doc = read("<table><tr><td>商业<br>企业</td><td><p>1</p><p>2</p></td><td>3项<br>(41笔)</td></tr></table>")
    assert texts(doc.rows[0]) == ["商业企业", "1 2", "3项(41笔)"]


def test_chrome_date_label_alone_in_its_element():
    doc = read("<body><div class='info'><span>发布时间：</span><span>2024-01-05</span>"
               "<span>来源：</span><span>某某县人民政府办公室</span></div>"
               "<div class='article'><p>一、总体情况</p><p>统计时间：2023年1月1日至12月31日</p></div></body>")
    assert doc.header["published"] == "2024-01-05"
    assert doc.header["publisher"] == "某某县人民政府办公室"


def test_preformatted_text_keeps_its_lines_and_columns():
    doc = read("<p>一、总体情况</p><pre>\n信息内容  本年制发件数\n规章      0\n\n说明 1 2\n</pre>"
               "<table><tr><td>行政许可</td><td>3</td></tr></table>")
    assert [(r.table, texts(r), r.delimited) for r in doc.rows] == [
        (None, ["一、总体情况"], True), (0, ["信息内容", "本年制发件数"], True), (0, ["规章", "0"], True),
        (None, ["说明 1 2"], False), (1, ["行政许可", "3"], True)]
    assert doc.rows[2].cells[1].at["col"] == 9


def test_page_title_without_site_and_column_names():
    doc = read("<html><head><title>某某县2023年政府信息公开工作年度报告_政府信息公开年报_某某县人民政府</title></head>"
               "<body><p>一、总体情况</p></body></html>")
    assert doc.header["title"] == "某某县2023年政府信息公开工作年度报告"
    doc = read("<html><head><title>某某县人民政府门户网站</title></head><body><p>一、总体情况</p></body></html>")
    assert doc.header["title"] == "某某县人民政府门户网站"
    doc = read("<html><head><title>某某县人民政府门户网站</title></head><body><p>某某县2023年政府信息公开工作年度报告</p>"
               "<p>一、总体情况</p></body></html>")
    assert doc.header["title"] == "某某县2023年政府信息公开工作年度报告"


@pytest.mark.parametrize("style, hidden", [
    ("display:none", True), ("DISPLAY: NONE !important", True), ("visibility:hidden", True),
    ("position:absolute;left:-9999px", True), ("text-indent:-2000em", True), ("font-size:0", True),
    ("font-size: 0px; color: red", True), ("border-top: none; border-left: 1px solid", False),
    ("margin-left:-2px", False), ("font-size:16px;font-family:仿宋_GB2312", False), ("overflow:hidden", False),
])
def test_hidden_styles(style, hidden):
    from gongkai.readers.html import hidden_style
    assert hidden_style(style) is hidden


_DECLARATION = st.tuples(
    st.sampled_from(["display", "visibility", "font-size", "left", "margin-left", "text-indent", "color", "x-font-size"]),
    st.text(" \t\n\x1f\u3000", max_size=2),
    st.text(" \t", max_size=2),
    st.one_of(st.sampled_from(["none", "hidden", "block", "red", "0", "-0", "0.", "0.0.5", "00.000px", "0.05",
                               "10px", "-9999px", "-500", "-499.5"]),
              st.from_regex(r"-?[0-9]{0,4}(\.[0-9]{0,3})?(px|em|pt)?", fullmatch=True)),
).map(lambda d: f"{d[0]}{d[1]}:{d[2]}{d[3]}")


@settings(max_examples=400, deadline=None)
@given(st.lists(_DECLARATION, min_size=1, max_size=4).map(";".join), st.booleans())
def test_a_hiding_style_is_always_among_the_candidates(style, upper):
    # The hidden-element search scans all of a page's styles for candidates first (_MAYBE_HIDING_STYLE):
    # every style hidden_style calls hiding must be among them, or hidden spam goes unseen.
    from gongkai.readers.html import _MAYBE_HIDING_STYLE, hidden_style
    style = style.upper() if upper else style
    if hidden_style(style):
        assert any(p.search(style.lower()) for p in _MAYBE_HIDING_STYLE)


def test_bad_spans_read_as_one():
    doc = read("<table><tr><td colspan='abc' rowspan='0'>a</td><td colspan='3px'>b</td><td rowspan=99999>c</td></tr></table>")
    assert [(c.colspan, c.rowspan) for c in doc.rows[0].cells] == [(1, 1), (3, 1), (1, 1000)]


def test_chrome_fields_without_separators_between_elements():
    doc = read("<div><span>来源：某某县人民政府</span><span>发布时间：2024-01-05</span><span>浏览次数：3</span></div>"
               "<div class='content'><p>一、总体情况</p><p>统计时间：2023年1月1日 资金来源：财政</p>"
               "<p>二、主动公开政府信息情况</p></div>")
    assert doc.header["published"] == "2024-01-05"
    assert doc.header["publisher"] == "某某县人民政府"


def test_a_date_label_cell_with_the_date_in_the_next_cell():
    # 沭阳 pages: <td>公开日期</td><td><publishtime>2024-01-17</publishtime></td>
    doc = read("<body><table class='info'><tr><td>发布机构</td><td>沭阳县发展和改革局</td>"
               "<td>公开日期</td><td><publishtime>2024-01-17</publishtime></td></tr></table>"
               "<div class='content'><p>一、总体情况</p><p>正文。</p></div></body>")
    assert doc.header["published"] == "2024-01-17"
    # a date after a label inside prose is no page date
    doc = read("<div class='content'><p>一、总体情况</p><p>本报告的公开日期</p><p>2023-12-01</p></div>")
    assert "published" not in doc.header


def test_page_title_with_the_site_after_a_bare_dash():
    doc = read("<html><head><title>沭阳县发展和改革局2023年政府信息公开年度报告-沭阳县发改局</title></head>"
               "<body><p>一、总体情况</p></body></html>")
    assert doc.header["title"] == "沭阳县发展和改革局2023年政府信息公开年度报告"


def _as_read(doc) -> tuple:
    return ([(r.table, r.delimited, [(c.text, c.at, c.colspan, c.rowspan) for c in r.cells]) for r in doc.rows],
            doc.header, [(p.rule, p.message) for p in doc.problems], doc.links, doc.images)


def _read_decoding_first(data: bytes):
    """The HTML reader with its UTF-8 shortcut off: decode in Python, check, then parse."""
    from gongkai.readers import html

    original = html._parse_as_utf8
    html._parse_as_utf8 = lambda data: None
    try:
        return read_bytes(data, "t.html", media_type="text/html")
    finally:
        html._parse_as_utf8 = original


_PIECES = st.sampled_from([
    "<p>一、总体情况</p>".encode(), "<p>一、总体情况</p>".encode("gbk"), "<td>12</td><td>0</td>".encode(),
    b"<table><tr><td>", b"</td></tr></table>", b"</x><y>", b"</b></i>" * 60, b"\xff", b"\xc0\x80", b"\xed\xa0\x80",
    b"\xe4\xb8", b"\x00", b"\x01\x02\x03", "\ufffd".encode(), b"<!-- \xfe -->", b"<script>var s='\xa4';</script>",
    b'<meta charset="gb2312">', b'<meta charset="utf-8">', b"<?xml version='1.0' encoding='gbk'?>", b"\xef\xbb\xbf",
    "<p title='标题'>２０２３年</p>".encode(), b"abc", b"7", "　".encode(), b"<p style='display:none'>x</p>",
])


@settings(max_examples=300, deadline=None)
@given(st.lists(_PIECES, min_size=1, max_size=12).map(b"".join))
def test_the_utf8_shortcut_reads_exactly_as_decoding_first(data):
    # read() parses likely UTF-8 bytes at once and trusts libxml2 to report bad sequences: for any
    # bytes (valid or not, declared one way or another, mostly markup errors) the result must be the
    # one decoding in Python first gives.
    assert _as_read(read_bytes(data, "t.html", media_type="text/html")) == _as_read(_read_decoding_first(data))


def test_gbk_after_more_markup_errors_than_libxml2_logs_is_still_read_as_gbk():
    from gongkai.readers import html

    data = b"<html><body>" + b"</x></y>" * 300 + "<p>一、总体情况 2023</p>".encode("gbk") + b"</body></html>"
    assert html._parse_as_utf8(data) is None  # the log is full before the bad byte: decoding tells
    doc = read_bytes(data, "t.html")
    assert doc.header["encoding"] == "gb18030"
    assert ["一、总体情况 2023"] in [texts(r) for r in doc.rows]
    assert html._parse_as_utf8("<p>一、总体情况 2023</p>".encode()) is not None  # the shortcut is taken


@pytest.mark.parametrize("outer_extra, chosen", [
    ("<p><img src='table.png'></p>", "content"),  # the same text: the outer one, with the picture in it
    ("<p>附件：统计表</p>", "article"),  # more text around: the inner one
])
def test_the_content_container_is_the_shortest_and_of_equal_ones_the_outer(outer_extra, chosen):
    from gongkai.readers.html import _content_root, _TEXT_NODES

    root = etree.fromstring(
        "<html><body><div class='nav'>首页</div><div class='content'><div class='article'>"
        "<p>一、总体情况</p><p>二、主动公开政府信息情况</p></div>" + outer_extra + "</div></body></html>",
        etree.HTMLParser())
    body = root.find("body")
    assert _content_root(body, "".join(_TEXT_NODES(body))).get("class") == chosen
    doc = read(etree.tostring(root, encoding="unicode"))
    assert [src for _, src in doc.images] == (["table.png"] if chosen == "content" else [])


# --- what a browser shows, not what the source order or a note's mark says ------------------------

_PAGE = "<html><body><p>表二</p><table>{}</table><p>结束</p></body></html>"


def test_struck_out_text_is_not_read():
    doc = read(_PAGE.format("<tr><td>（一）予以公开</td><td><del>11</del><ins>12</ins></td>"
                            "<td><s>4</s>5</td><td><strike>7</strike>8</td><td>3</td></tr>"))
    assert texts(row_starting(doc, "（一）")) == ["（一）予以公开", "12", "5", "8", "3"]


def test_a_footnote_mark_in_superscript_is_no_value():
    doc = read(_PAGE.format("<tr><td>行政处罚<sup>[1]</sup></td><td>87<sup>2</sup></td></tr>"
                            "<tr><td>行政强制<sup>①</sup></td><td>9</td></tr>"
                            "<tr><td>面积（m<sup>2</sup>以上）</td><td>10<sup>3</sup>0</td></tr>"))
    assert texts(row_starting(doc, "行政处罚")) == ["行政处罚", "87"]
    assert texts(row_starting(doc, "行政强制")) == ["行政强制", "9"]
    # a superscript between digits is dropped too: no note stands inside a number, and the cell's
    # digits still read as one run; words around a mark keep their order
    assert texts(row_starting(doc, "面积")) == ["面积（m以上）", "100"]
    longer = read(_PAGE.format("<tr><td>注<sup>说明文字较长</sup></td><td>1</td></tr>"))
    assert texts(row_starting(longer, "注")) == ["注说明文字较长", "1"]


def test_a_table_foot_written_before_its_body_comes_last():
    doc = read(_PAGE.format("<thead><tr><td>项目</td><td>总计</td></tr></thead>"
                            "<tfoot><tr><td>（七）总计</td><td>9</td></tr></tfoot>"
                            "<tbody><tr><td>（一）予以公开</td><td>4</td></tr><tr><td>（二）部分公开</td><td>5</td></tr></tbody>"))
    table_rows = [texts(r)[0] for r in doc.rows if r.table is not None]
    assert table_rows == ["项目", "（一）予以公开", "（二）部分公开", "（七）总计"]
