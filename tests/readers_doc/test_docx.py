"""Word files: body order, merged cells like HTML, the real 051 report."""
import io
from pathlib import Path

from gongkai.readers import read_bytes, read_path

RAW = Path(__file__).resolve().parents[1] / "data" / "corpus" / "raw"


def test_051_docx_rows_match_its_html_twin():
    d = read_path(RAW / "051_shanghai-szfbgt-2019.docx")
    h = read_path(RAW / "051_shanghai-szfbgt-2019.html")
    assert not d.problems
    shape = lambda doc: [(r.table, [(c.text, c.colspan, c.rowspan) for c in r.cells]) for r in doc.rows]  # noqa: E731
    assert shape(d) == shape(h)
    cell = next(c for r in d.rows if r.table is not None for c in r.cells if c.text == "821")
    assert set(cell.at) == {"table", "row", "cell"}


def _docx_with_merges() -> bytes:
    import docx

    d = docx.Document()
    d.add_paragraph("一、总体情况")
    t = d.add_table(rows=4, cols=4)
    for r in range(4):
        for c in range(4):
            t.cell(r, c).text = ""
    top = t.cell(0, 0).merge(t.cell(0, 3))
    top.text = "第二十条第（一）项"
    side = t.cell(1, 0).merge(t.cell(3, 0))
    side.text = "（三）不予公开"
    t.cell(1, 1).text = "1.属于国家秘密"
    t.cell(1, 2).text = "1"
    t.cell(1, 3).text = "0"
    t.cell(2, 1).text = "2.其他法律行政法规禁止公开"
    t.cell(2, 2).text = "0"
    t.cell(3, 1).text = "3.危及“三安全一稳定”"
    t.cell(3, 1).add_paragraph("（续）")
    t.cell(3, 3).text = "2"
    d.add_paragraph("二、主动公开政府信息情况")
    buf = io.BytesIO()
    d.save(buf)
    return buf.getvalue()


def test_merged_cells_and_body_order():
    doc = read_bytes(_docx_with_merges(), "merged.docx")
    assert not doc.problems
    got = [(r.table, [c.text for c in r.cells]) for r in doc.rows]
    assert got == [
        (None, ["一、总体情况"]),
        (0, ["第二十条第（一）项"]),
        (0, ["（三）不予公开", "1.属于国家秘密", "1", "0"]),
        (0, ["2.其他法律行政法规禁止公开", "0", ""]),  # the empty cell is a real empty cell
        (0, ["3.危及“三安全一稳定”（续）", "", "2"]),  # two paragraphs of one cell joined
        (None, ["二、主动公开政府信息情况"]),
    ]
    rows = [r for r in doc.rows if r.table == 0]
    assert rows[0].cells[0].colspan == 4
    assert rows[1].cells[0].rowspan == 3
    assert all(r.delimited for r in rows)


def test_a_layout_table_holding_the_report_is_read_as_its_body():
    # Word users pasting a web page get the whole report inside one cell, its tables nested there
    import docx

    d = docx.Document()
    d.add_paragraph("某镇2023年政府信息公开工作年度报告")
    cell = d.add_table(rows=1, cols=1).cell(0, 0)
    cell.paragraphs[0].text = "一、总体情况"
    for text in ("正文。", "二、主动公开政府信息情况", "表格如下。"):
        cell.add_paragraph(text)
    inner = cell.add_table(rows=2, cols=2)
    for r, row in enumerate((("规章", "0"), ("行政规范性文件", "3"))):
        for c, text in enumerate(row):
            inner.cell(r, c).text = text
    cell.add_paragraph("六、其他需要报告的事项")
    buf = io.BytesIO()
    d.save(buf)
    doc = read_bytes(buf.getvalue(), "layout.docx")
    got = [(r.table, [c.text for c in r.cells]) for r in doc.rows]
    assert got == [(None, ["某镇2023年政府信息公开工作年度报告"]), (None, ["一、总体情况"]), (None, ["正文。"]),
                   (None, ["二、主动公开政府信息情况"]), (None, ["表格如下。"]), (0, ["规章", "0"]),
                   (0, ["行政规范性文件", "3"]), (None, ["六、其他需要报告的事项"])]
    # a one-cell table of a line or two is a table (a boxed note), not layout
    d = docx.Document()
    d.add_table(rows=1, cols=1).cell(0, 0).text = "注：本表数据截至12月31日。"
    buf = io.BytesIO()
    d.save(buf)
    assert [r.table for r in read_bytes(buf.getvalue(), "note.docx").rows] == [0]


def test_hidden_runs_are_not_read():
    # Word's hidden text (w:vanish): an old value before the shown one, a note; neither shows or prints
    import docx
    from docx.oxml import OxmlElement

    d = docx.Document()
    p = d.add_paragraph("行政处罚 ")
    old = p.add_run("7")
    old.font.hidden = True
    p.add_run("4")
    note = d.add_paragraph().add_run("本机关未收取信息处理费")
    note.font.hidden = True
    shown = d.add_paragraph().add_run("（2023年为5件）")
    off = OxmlElement("w:vanish")
    off.set(docx.oxml.ns.qn("w:val"), "0")  # hidden switched off: shown
    shown._r.get_or_add_rPr().append(off)
    buf = io.BytesIO()
    d.save(buf)
    doc = read_bytes(buf.getvalue(), "hidden.docx")
    assert [r.cells[0].text for r in doc.rows] == ["行政处罚 4", "（2023年为5件）"]


def _save(d) -> bytes:
    buf = io.BytesIO()
    d.save(buf)
    return buf.getvalue()


def test_struck_runs_are_not_read():
    # a revised figure shown struck out beside the new one (11 struck, 12): the struck one is no value,
    # as <del>/<s> in a web page; double strike too, and a strike switched off is shown
    import docx
    from docx.oxml import OxmlElement

    d = docx.Document()
    row = d.add_table(rows=1, cols=2).rows[0]
    row.cells[0].text = "（一）予以公开"
    p = row.cells[1].paragraphs[0]
    p.add_run("11").font.strike = True
    p.add_run("12")
    q = d.add_paragraph("共受理申请")
    q.add_run("38").font.double_strike = True
    kept = q.add_run("39")
    off = OxmlElement("w:strike")
    off.set(docx.oxml.ns.qn("w:val"), "false")
    kept._r.get_or_add_rPr().append(off)
    q.add_run("件。")
    doc = read_bytes(_save(d), "struck.docx")
    assert [[c.text for c in r.cells] for r in doc.rows] == [["（一）予以公开", "12"], ["共受理申请39件。"]]


def test_raised_note_marks_are_not_read():
    # 行政处罚[1] with the mark raised (superscript, or LibreOffice's raised position): the label
    # stays whole, and 87 with a raised ¹ is 87 (a unit's ² goes the same way, as <sup>2</sup> does
    # in a web page); raised text that is no note's mark stays
    import docx
    from docx.oxml import OxmlElement

    d = docx.Document()
    row = d.add_table(rows=1, cols=2).rows[0]
    row.cells[0].paragraphs[0].add_run("行政处罚")
    row.cells[0].paragraphs[0].add_run("[1]").font.superscript = True
    row.cells[1].paragraphs[0].add_run("87")
    raised = row.cells[1].paragraphs[0].add_run("1")
    position = OxmlElement("w:position")
    position.set(docx.oxml.ns.qn("w:val"), "8")
    raised._r.get_or_add_rPr().append(position)
    p = d.add_paragraph("面积100m")
    p.add_run("2").font.superscript = True
    p.add_run("，另见")
    p.add_run("附件").font.superscript = True
    doc = read_bytes(_save(d), "marks.docx")
    assert [[c.text for c in r.cells] for r in doc.rows] == [["行政处罚", "87"], ["面积100m，另见附件"]]


def test_a_page_layout_table_of_several_columns_is_read_as_its_body():
    # a web page pasted into Word keeps the site's layout: a menu column beside the report, whose
    # cell holds the report's tables; the report is read as body and table, not one cell of text
    import docx

    d = docx.Document()
    layout = d.add_table(rows=2, cols=2)
    layout.cell(0, 0).text = "首页"
    layout.cell(0, 1).text = "政务公开"
    layout.cell(1, 0).text = "栏目导航"
    cell = layout.cell(1, 1)
    cell.paragraphs[0].text = "三、收到和处理政府信息公开申请情况"
    inner = cell.add_table(rows=1, cols=3)
    for c, text in enumerate(("一、本年新收政府信息公开申请数量", "22", "24")):
        inner.cell(0, c).text = text
    doc = read_bytes(_save(d), "page.docx")
    got = [(r.table, [c.text for c in r.cells]) for r in doc.rows]
    assert got[-2:] == [(None, ["三、收到和处理政府信息公开申请情况"]), (0, ["一、本年新收政府信息公开申请数量", "22", "24"])]
    assert [text for _, cells in got[:-2] for text in cells] == ["首页", "政务公开", "栏目导航"]
