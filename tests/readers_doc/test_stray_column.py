"""A stray empty column at the right edge of a Word table (Word's grid often has a sliver there), in
the .docx itself and in a PDF printed from it: with blank cells in a row, its empty cell would
count as the row's last value and move every value one column (a confident wrong number)."""
import io
import zipfile

from lxml import etree, html as lxml_html
import pytest

from gongkai.pipeline import check_bytes
from gongkai.render import render_docx
from gongkai.render.html import render_html
from gongkai.synth import generate
from tests.readers_doc.test_roundtrip import mismatches

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"


def _docx_with_an_empty_last_column(data: bytes) -> bytes:
    with zipfile.ZipFile(io.BytesIO(data)) as z:
        files = {name: z.read(name) for name in z.namelist()}
    root = etree.fromstring(files["word/document.xml"])
    for tbl in root.iter(W + "tbl"):
        grid = tbl.find(W + "tblGrid")
        if grid is not None:
            etree.SubElement(grid, W + "gridCol", {W + "w": "200"})
        for tr in tbl.iter(W + "tr"):
            if tr.find(W + "tc") is not None:
                etree.SubElement(etree.SubElement(tr, W + "tc"), W + "p")
    files["word/document.xml"] = etree.tostring(root)
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as z:
        for name, body in files.items():
            z.writestr(name, body)
    return out.getvalue()


@pytest.mark.parametrize("fmt", ["2021", "2019"])
@pytest.mark.parametrize("seed", [0, 1, 3])
def test_a_docx_table_with_an_empty_last_column_reads_every_value_in_place(fmt, seed):
    report = generate(seed, fmt=fmt, blanks=True)
    data = _docx_with_an_empty_last_column(render_docx(report.to_report()))
    assert mismatches(report, check_bytes(data, "report.docx")) == []


# A small page and tall rows, so that tables break over pages: the pieces after a break have no header,
# and the rowspans cut at the break shift their grid.
_SMALL_PAGES = "@page { size: A4; margin: 1cm } body { font-size: 8pt } tr { height: 28pt }"


@pytest.mark.parametrize("fmt", ["2021", "2019"])
@pytest.mark.parametrize("seed", [4, 5, 8])
def test_a_pdf_table_with_an_empty_last_column_reads_every_value_in_place(fmt, seed):
    try:
        import weasyprint
    except (ImportError, OSError) as e:  # WeasyPrint or its system libraries missing
        pytest.skip(str(e))
    report = generate(seed, fmt=fmt, blanks=True)
    root = lxml_html.fromstring(render_html(report.to_report(), standalone=True))
    for tr in root.iter("tr"):
        if any(c.tag in ("td", "th") for c in tr):
            etree.SubElement(tr, "td", style="width:30px").text = "\u00a0"
    etree.SubElement(root.find("head"), "style").text = _SMALL_PAGES
    pdf = weasyprint.HTML(string=lxml_html.tostring(root, encoding="unicode")).write_pdf()
    assert len(pdf) and mismatches(report, check_bytes(pdf, "report.pdf")) == []


def _html_with_a_stray_column_and_table_2_in_two(report, cut: int) -> bytes:
    """Every row with an extra empty cell, and table 2 cut after row `cut` into a second <table> with no
    header (a rowspan crossing the cut goes on as an empty cell at the start of the piece's first row)."""
    root = lxml_html.fromstring(render_html(report.to_report(), standalone=True))
    for tr in root.iter("tr"):
        etree.SubElement(tr, "td").text = "\u00a0"
    table = list(root.iter("table"))[1]
    trs = list(table.iter("tr"))
    piece = etree.Element("table", border="1")
    body = etree.SubElement(piece, "tbody")
    going_on = []
    for i, tr in enumerate(trs[:cut]):
        for td in tr:
            span = int(td.get("rowspan") or 1)
            if i + span > cut:
                td.set("rowspan", str(cut - i))
                going_on.append(i + span - cut)
    for tr in trs[cut:]:
        tr.getparent().remove(tr)
        body.append(tr)
    for left in reversed(going_on):
        etree.SubElement(trs[cut], "td", rowspan=str(left)).text = "\u00a0"
        trs[cut].insert(0, trs[cut][-1])
    note = etree.Element("p")
    note.text = "（续表）"
    table.addnext(note)
    note.addnext(piece)
    return lxml_html.tostring(root, encoding="utf-8")


@pytest.mark.parametrize("fmt", ["2021", "2019"])
@pytest.mark.parametrize("seed,cut", [(0, 14), (1, 9), (2, 20)])
def test_an_html_table_in_two_pieces_loses_the_stray_column_in_both(fmt, seed, cut):
    report = generate(seed, fmt=fmt, blanks=True)
    data = _html_with_a_stray_column_and_table_2_in_two(report, cut)
    assert b"\xef\xbc\x88\xe7\xbb\xad\xe8\xa1\xa8\xef\xbc\x89" in data  # （续表）
    assert mismatches(report, check_bytes(data, "report.html")) == []


@pytest.mark.parametrize("rows_with_the_sliver", [3, 999])
def test_a_pdf_piece_after_a_page_break_keeps_a_blank_last_column(rows_with_the_sliver):
    # table 2 left blank (no requests), a sliver column in its first rows only or in all: the pieces on
    # the next pages keep their blank 总计 cells, and no blank becomes an inferred 0
    try:
        import weasyprint
    except (ImportError, OSError) as e:
        pytest.skip(str(e))
    report = generate(4, fmt="2021", blanks=True)
    root = lxml_html.fromstring(render_html(report.to_report(), standalone=True))
    table = list(root.iter("table"))[1]
    for i, tr in enumerate(table.iter("tr")):
        for td in tr:
            if i >= 3 and "".join(td.itertext()).strip().isdigit():
                for child in list(td):
                    td.remove(child)
                td.text = "\u00a0"
        if i < rows_with_the_sliver:
            etree.SubElement(tr, "td", style="width:30px").text = "\u00a0"
    etree.SubElement(root.find("head"), "style").text = _SMALL_PAGES
    got = check_bytes(weasyprint.HTML(string=lxml_html.tostring(root, encoding="unicode")).write_pdf(), "r.pdf")
    statuses = {got.cells[cid].status for cid in got.cells if cid.startswith("requests.")}
    assert statuses == {"blank"}
    assert "table.malformed" not in {f.rule for f in got.findings}


def test_a_row_broken_over_a_page_is_joined_up_with_the_stray_column_on_both_pages():
    # 5.要求行政机关确认或重新出具已获 | 0 | … | 0 | (stray) on one page, 取信息 | (empty cells) | (stray) on
    # the next (Chromium prints a row across a page break so): the parts must match once the stray is cut
    from gongkai.document import Document, Source
    from gongkai.readers.pdf import Block, DocumentBuilder

    xs = [40, 100, 300] + [300 + 30 * k for k in range(1, 9)]  # label columns, 7 values, the stray

    def row(top, *texts):
        cells = [((xs[0], top, xs[2], top + 20), texts[0], 2, 1)] if len(texts) == 9 else []
        values = texts[1:] if cells else texts
        cells += [((xs[2 + k] if cells else xs[k], top, xs[3 + k] if cells else xs[k + 1], top + 20), t, 1, 1)
                  for k, t in enumerate(values)]
        return cells

    header = row(60, "申请人情况", "自然人", "商业企业", "科研机构", "社会公益组织", "法律服务机构", "其他", "总计", "")
    first_page = [row(100, "4.无正当理由大量反复申请", "1", "", "", "", "", "", "1", ""),
                  row(120, "5.要求行政机关确认或重新出具已获", "0", "", "", "", "", "", "0", "")]
    next_page = [row(40, "取信息", "", "", "", "", "", "", "", ""),
                 row(60, "（六）其他处理", "2", "", "", "", "", "", "2", "")]
    doc = Document(Source.of_bytes("t.pdf", b"", "application/pdf"))
    builder = DocumentBuilder(doc)
    builder.page(1, [Block(60, "table", rows=[header] + first_page, box=(40, 60, 540, 140))])
    builder.page(2, [Block(40, "table", rows=next_page, box=(40, 40, 540, 80))])
    texts = [[c.text for c in r.cells] for r in doc.rows if r.table is not None]
    assert ["5.要求行政机关确认或重新出具已获取信息", "0", "", "", "", "", "", "0"] in texts
    assert all(len(t) == 8 for t in texts)


def test_a_table_1_row_at_the_top_of_a_page_is_no_rest_of_the_row_before_it():
    # 行政处罚 (blank) at the bottom of one page, 行政强制 (blank) at the top of the next: table 1's labels
    # have no numbers, yet a complete row label starts a row of its own
    from gongkai.document import Document, Source
    from gongkai.readers.pdf import Block, DocumentBuilder

    def row(top, *texts):
        return [((40 + 100 * k, top, 140 + 100 * k, top + 20), t, 1, 1) for k, t in enumerate(texts)]

    doc = Document(Source.of_bytes("t.pdf", b"", "application/pdf"))
    builder = DocumentBuilder(doc)
    builder.page(1, [Block(60, "table", rows=[row(60, "信息内容", "上一年项目数量", "本年增/减", "处理决定数量"),
                                              row(80, "行政处罚", "", "", "")], box=(40, 60, 440, 100))])
    builder.page(2, [Block(40, "table", rows=[row(40, "行政强制", "", "33", "")], box=(40, 40, 440, 60))])
    labels = [r.cells[0].text for r in doc.rows if r.table is not None]
    assert labels == ["信息内容", "行政处罚", "行政强制"]


@pytest.mark.parametrize("head,tail,label", [
    (["", "5", "0", "3"], ["规章", "", "", ""], "规章"),  # values before the break, the label (centred) after it
    (["行政", "5", "0", "3"], ["规范性文件", "", "", ""], "行政规范性文件"),  # one label broken over the page
])
def test_a_table_1_row_broken_over_a_page_is_still_joined_up(head, tail, label):
    from gongkai.document import Document, Source
    from gongkai.readers.pdf import Block, DocumentBuilder

    def row(top, *texts):
        return [((40 + 100 * k, top, 140 + 100 * k, top + 20), t, 1, 1) for k, t in enumerate(texts)]

    doc = Document(Source.of_bytes("t.pdf", b"", "application/pdf"))
    builder = DocumentBuilder(doc)
    builder.page(1, [Block(60, "table", rows=[row(60, "信息内容", "本年制发件数", "本年废止件数", "现行有效件数"),
                                              row(80, *head)], box=(40, 60, 440, 100))])
    builder.page(2, [Block(40, "table", rows=[row(40, *tail)], box=(40, 40, 440, 60))])
    rows = [[c.text for c in r.cells] for r in doc.rows if r.table is not None]
    assert rows[1][0] == label and len(rows) == 2
    assert [v for v in rows[1][1:] if v] == [v for v in head[1:] + tail[1:] if v]
