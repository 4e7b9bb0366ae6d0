"""PDF text layer: tables rebuilt from ruling lines, prose, provenance; the real 001 report."""
import json
from pathlib import Path

import pytest

from gongkai.readers import read_bytes, read_path
from gongkai.readers.pdf import clean_text, find_grids, join_lines

from .pdfmaker import one_page, ruled_table, two_pages

RAW = Path(__file__).resolve().parents[1] / "data" / "corpus" / "raw"
PDF_001 = RAW / "001_huaian-hongze-qu-2023.pdf"


@pytest.fixture(scope="module")
def doc001():
    return read_path(PDF_001)


def pdf_builder():
    """An empty PDF Document and the builder that lays pages' blocks into it."""
    from gongkai.document import Document, Source
    from gongkai.readers.pdf import DocumentBuilder

    doc = Document(Source("t.pdf", "0", "application/pdf"))
    return doc, DocumentBuilder(doc)


def box_cell(x0, text, rowspan=1):
    """A table cell as a page's Block holds it: its box (20 by 10 at x0), text and spans."""
    return ((x0, 0, x0 + 20, 10), text, 1, rowspan)


def table_rows(doc, index):
    return [r for r in doc.rows if r.table == index]


def find_row(doc, label):
    rows = [r for r in doc.rows if r.table is not None and any(c.text == label for c in r.cells)]
    assert rows, f"no table row labelled {label}"
    return rows[0]


def values_after(row, label):
    texts = [c.text for c in row.cells]
    return texts[texts.index(label) + 1:]


def test_001_table2_rows_have_label_then_seven_values(doc001):
    gold = json.loads((RAW.parent / "gold" / "001.json").read_text())["cells"]
    cols = ["natural_person", "commercial", "research", "public_interest", "legal_services", "other_org", "total"]
    expect = {
        "一、本年新收政府信息公开申请数量": "new",
        "1.属于国家秘密": "denied_state_secret",
        "6.属于四类过程性信息": "denied_process",
        "1.本机关不掌握相关政府信息": "unable_not_held",
        "2.没有现成信息需要另行制作": "unable_needs_creation",
        "1.信访举报投诉类申请": "unprocessed_petition",
        "5.要求行政机关确认或重新出具已获取信息": "unprocessed_confirmation",  # wrapped over two lines
        "（二）部分公开（区分处理的，只计这一情形，不计其他情形）": "partial",  # wrapped, spaced
        "（六）其他处理": None,
        "（七）总计": "total",
        "四、结转下年度继续办理": "carried_out",
    }
    for label, key in expect.items():
        vals = values_after(find_row(doc001, label), label)
        assert len(vals) == 7, (label, vals)
        assert all(v.isdigit() for v in vals), (label, vals)
        if key:
            assert [int(v) for v in vals] == [gold[f"requests.{key}.{c}"] for c in cols], label


def test_001_table2_continues_across_the_page_break(doc001):
    first = find_row(doc001, "一、本年新收政府信息公开申请数量")
    last = find_row(doc001, "四、结转下年度继续办理")
    assert first.table == last.table
    assert first.cells[1].at["page"] == 3 and last.cells[1].at["page"] == 4
    # the vertical merged label appears once, joined from its one-character lines
    assert sum(1 for r in table_rows(doc001, first.table) for c in r.cells if c.text == "三、本年度办理结果") == 1


def test_001_table3_fifteen_values_in_order(doc001):
    gold = json.loads((RAW.parent / "gold" / "001.json").read_text())["cells"]
    rows = [r for r in doc001.rows if r.table is not None and len(r.cells) == 15 and all(c.text.isdigit() for c in r.cells)]
    assert len(rows) == 1
    order = [f"review.{k}.{c}" for k in ("reconsideration", "suit_direct", "suit_after") for c in ("upheld", "corrected", "other", "pending", "total")]
    assert [int(c.text) for c in rows[0].cells] == [gold[k] for k in order]


def test_001_provenance_is_page_and_box(doc001):
    cell = find_row(doc001, "行政处罚").cells[1]
    assert cell.text == "4119"
    assert cell.at["page"] == 3
    x0, top, x1, bottom = cell.at["box"]
    assert 0 <= x0 < x1 <= 595 and 0 <= top < bottom <= 842
    assert all(r.delimited for r in doc001.rows if r.table is not None)
    assert all(not r.delimited and len(r.cells) == 1 for r in doc001.rows if r.table is None)


def test_001_prose_paragraphs_join_across_lines_and_pages(doc001):
    prose = [r.cells[0].text for r in doc001.rows if r.table is None]
    assert "一、总体情况" in prose
    # a paragraph that runs from page 1 onto page 2, with its quote marks in place
    assert any("严格执行“分级审核、先审后发”程序" in p for p in prose)
    assert not any(p.strip(" -0123456789") == "" for p in prose), "page numbers must be dropped"
    assert any("全年收取政府信息公开信息处理费0元" in p for p in prose)


def test_merged_cells_and_empty_cells_from_rules():
    rows = [["Label", "A", "B", "C"], ["Spanning header", "", "", ""], ["x", "1", "", "3"]]
    # row 1: no vertical rules inside -> one cell spanning all four columns
    pdf = one_page(ruled_table(rows, missing_v={(1, 1), (1, 2), (1, 3)}))
    doc = read_bytes(pdf, "t.pdf")
    assert not doc.problems
    got = [[c.text for c in r.cells] for r in doc.rows if r.table is not None]
    assert got == [["Label", "A", "B", "C"], ["Spanning header"], ["x", "1", "", "3"]]
    spanning = [r for r in doc.rows if r.table is not None][1].cells[0]
    assert spanning.colspan == 4


def test_table_split_over_two_pages_keeps_its_index():
    pdf = two_pages(ruled_table([["a", "1", "2", "3"], ["b", "4", "5", "6"]], top=700),
                    ruled_table([["c", "7", "8", "9"]], top=60))
    doc = read_bytes(pdf, "two.pdf")
    rows = [r for r in doc.rows if r.table is not None]
    assert [r.cells[0].text for r in rows] == ["a", "b", "c"]
    assert len({r.table for r in rows}) == 1
    assert rows[-1].cells[0].at["page"] == 2


def test_grid_without_outer_border_still_splits_cells():
    # two vertical rules and three horizontal ones, no left/right frame
    h = [(100, 50, 300), (120, 50, 300), (140, 50, 300)]
    v = [(150, 100, 140), (220, 100, 140)]
    grids = find_grids(h, v)
    assert len(grids) == 1
    assert len(grids[0].cells) == 6


def test_text_helpers():
    assert clean_text("总 计") == "总计"
    assert clean_text("  2023 年  ") == "2023 年"
    assert join_lines(["（二）部分公开（区分处理的，只计这一情形，不", "计其他情形）"]) == "（二）部分公开（区分处理的，只计这一情形，不计其他情形）"
    assert join_lines(["hzzwgk@126", "com"]) == "hzzwgk@126 com"


def test_borderless_table_from_word_alignment():
    ops = [b"BT /F1 11 Tf 60 780 Td (Annual figures of the office, as published in the report.) Tj ET"]
    rows = [("Rules", ["0", "13", "524"]), ("Documents", ["", "60", "368"]), ("Licences", ["4119", "", "195"])]
    for r, (label, values) in enumerate(rows):
        y = 740 - r * 18
        ops.append(b"BT /F1 10 Tf 60 %d Td (%s) Tj ET" % (y, label.encode()))
        for c, v in enumerate(values):
            if v:
                ops.append(b"BT /F1 10 Tf %d %d Td (%s) Tj ET" % (250 + c * 80, y, v.encode()))
    ops.append(b"BT /F1 11 Tf 60 650 Td (The end.) Tj ET")
    doc = read_bytes(one_page(b"\n".join(ops)), "plain.pdf")
    got = [(r.table, r.delimited, [c.text for c in r.cells]) for r in doc.rows]
    assert got == [
        (None, False, ["Annual figures of the office, as published in the report."]),
        (0, True, ["Rules", "0", "13", "524"]),
        (0, True, ["Documents", "", "60", "368"]),  # a blank value keeps its column
        (0, True, ["Licences", "4119", "", "195"]),
        (None, False, ["The end."]),
    ]


def _two_page_table(first_rows, second_rows) -> bytes:
    return two_pages(ruled_table(first_rows, top=700), ruled_table(second_rows, top=60))


def _table_texts(pdf: bytes) -> list[list[str]]:
    return [[c.text for c in r.cells] for r in read_bytes(pdf, "t.pdf").rows if r.table is not None]


def test_row_broken_by_a_page_break_is_joined_values_before_the_break():
    # Word lets a row break across pages: the label's rest comes alone, its value cells empty.
    pdf = _two_page_table([["1. open", "1", "2", "3"], ["2. partly open, count", "8", "1", "9"]],
                          [["only this case", "", "", ""], ["3. refused", "0", "0", "0"]])
    assert _table_texts(pdf) == [["1. open", "1", "2", "3"], ["2. partly open, countonly this case", "8", "1", "9"],
                                 ["3. refused", "0", "0", "0"]]


def test_row_broken_by_a_page_break_is_joined_values_after_the_break():
    pdf = _two_page_table([["1. open", "1", "2", "3"], ["2. partly open, count", "", "", ""]],
                          [["only this case", "8", "1", "9"], ["3. refused", "0", "0", "0"]])
    assert _table_texts(pdf) == [["1. open", "1", "2", "3"], ["2. partly open, countonly this case", "8", "1", "9"],
                                 ["3. refused", "0", "0", "0"]]


def test_a_blank_row_of_its_own_after_a_page_break_is_not_joined():
    # The row after the break starts with its own number: it is a row, left blank in the source.
    pdf = _two_page_table([["1. open", "1", "2", "3"]], [["2. partly open", "", "", ""], ["3. refused", "0", "0", "0"]])
    assert _table_texts(pdf) == [["1. open", "1", "2", "3"], ["2. partly open", "", "", ""], ["3. refused", "0", "0", "0"]]
    # Two rows that both hold values are two rows, whatever their labels.
    pdf = _two_page_table([["1. open", "1", "2", "3"]], [["partly open", "4", "5", "6"]])
    assert _table_texts(pdf) == [["1. open", "1", "2", "3"], ["partly open", "4", "5", "6"]]


def test_row_broken_with_its_label_after_the_break_takes_the_values_before_it():
    # A browser may print a row's values on one page and its (wrapped, taller) label on the next.
    pdf = _two_page_table([["1. open", "1", "2", "3"], ["", "7", "1", "8"]],
                          [["2. partly open", "", "", ""], ["3. refused", "0", "0", "0"]])
    assert _table_texts(pdf) == [["1. open", "1", "2", "3"], ["2. partly open", "7", "1", "8"], ["3. refused", "0", "0", "0"]]
    joined = [r for r in read_bytes(pdf, "t.pdf").rows if r.table is not None][1]
    assert [c.at["page"] for c in joined.cells] == [2, 1, 1, 1]  # each value where it was printed
    # ... or some values before the break and the rest, with the label, after it.
    pdf = _two_page_table([["1. open", "1", "2", "3"], ["", "77", "", ""]], [["2. documents", "", "77", "166"]])
    assert _table_texts(pdf) == [["1. open", "1", "2", "3"], ["2. documents", "77", "77", "166"]]


def test_parts_with_two_values_for_one_cell_are_two_rows():
    pdf = _two_page_table([["1. open", "1", "2", "3"], ["", "7", "1", "8"]], [["2. partly open", "5", "", ""]])
    assert _table_texts(pdf)[1:] == [["7", "1", "8"], ["2. partly open", "5", "", ""]]


def test_a_last_row_alone_on_the_next_page_without_its_top_rule_is_a_table_row():
    # The page break took the rule above the table's last row: on its page the row has column
    # rules and the rule below it only.
    second = ruled_table([["4. carried", "0", "1", "1"]], top=60)
    top_rule = b"60.00 %.2f m 420.00 %.2f l S" % (842.0 - 60, 842.0 - 60)
    assert top_rule in second
    pdf = two_pages(ruled_table([["1. open", "1", "2", "3"], ["2. partly", "4", "5", "9"]], top=700),
                    second.replace(top_rule, b""))
    rows = [r for r in read_bytes(pdf, "t.pdf").rows if r.table is not None]
    assert [[c.text for c in r.cells] for r in rows][-1] == ["4. carried", "0", "1", "1"]
    assert len({r.table for r in rows}) == 1


def test_an_underline_under_a_label_does_not_cut_its_cell():
    # A link's underline right under the words of a label, reaching the cell's left rule: not a rule.
    from gongkai.readers.pdf import Char, drop_underlines, layout_page

    def word(text, x0, bottom):
        return [Char(ch, x0 + 6 * k, bottom - 9, x0 + 6 * (k + 1), bottom) for k, ch in enumerate(text)]

    chars = word("label", 51.5, 114) + word("rest", 51.5, 126) + word("7", 155, 114) + word("other", 51.5, 136) + \
        word("8", 155, 136)  # the middle column is empty
    hedges = [(100, 50, 250), (130, 50, 250), (140, 50, 250)]
    vedges = [(50, 100, 140), (85, 100, 140), (150, 100, 140), (250, 100, 140)]  # a narrow label column
    underline = (114.3, 51.5, 51.5 + 6 * 5)  # under "label", as long as it, touching its glyphs
    assert drop_underlines(hedges + [underline], chars) == hedges
    blocks = layout_page(chars, hedges + [underline], vedges, 595, 842)
    rows = [[t for _, t, *_ in row] for b in blocks if b.kind == "table" for row in b.rows]
    assert rows == [["label rest", "", "7"], ["other", "", "8"]]
    # a rule is as long as its cells, not as the words above it; a rule under words that fill
    # their cell (no padding) ends on the column rules
    assert drop_underlines([(114.3, 50, 250)], chars) == [(114.3, 50, 250)]
    full = word("cell", 50, 114)
    assert drop_underlines([(114.3, 50, 74)], full, [(50, 100, 130), (74, 100, 130)]) == [(114.3, 50, 74)]
    assert drop_underlines([(114.3, 50, 74)], full) == []
    assert drop_underlines([(116.2, 50, 74)], full) == [(116.2, 50, 74)]  # 2 pt below the words: a rule


def test_a_rule_drawn_a_cell_at_a_time_under_a_label_filling_its_cell_is_a_rule():
    # WeasyPrint draws each cell's borders: the piece of the rule under a label spanning two
    # columns (no rule between them) is as long as the words right above it, touching them.
    from gongkai.readers.pdf import Char, layout_page

    def word(text, x0, bottom):
        return [Char(ch, x0 + 6 * k, bottom - 9, x0 + 6 * (k + 1), bottom) for k, ch in enumerate(text)]

    # carried in spans three columns; below it a group label, a row label over two columns, and
    # a third row with every column ruled
    chars = word("carriedin", 50, 129.6) + word("0", 160, 129.6) + word("group", 50, 141) + \
        word("granted", 81, 141) + word("2", 160, 141) + word("a", 81, 156) + word("b", 105, 156) + \
        word("5", 160, 156)
    hedges = [(100, 50, 150), (100, 150, 250),  # each cell's top and bottom, a piece at a time
              (130, 50, 80), (130, 80, 104), (130, 104, 150), (130, 150, 250),
              (145, 80, 104), (145, 104, 150), (145, 150, 250), (160, 50, 80), (160, 80, 104),
              (160, 104, 150), (160, 150, 250)]
    vedges = [(50, 100, 160), (150, 100, 160), (250, 100, 160), (80, 130, 160), (104, 145, 160)]
    blocks = layout_page(chars, hedges, vedges, 595, 842)
    rows = [[t for _, t, *_ in row] for b in blocks if b.kind == "table" for row in b.rows]
    assert rows[0] == ["carriedin", "0"] and rows[1][-2:] == ["granted", "2"]


def test_a_broken_row_whose_section_label_spans_rows_above_is_joined():
    # 三、本年度办理结 | 果: the section label spanning rows is cut by the same page break as the row.
    from gongkai.readers.pdf import Block

    doc, builder = pdf_builder()

    builder.page(1, [Block(700, "table", rows=[
        [box_cell(0, "section of resul", rowspan=2), box_cell(20, "1. open"), box_cell(40, "6"), box_cell(60, "6")],
        [box_cell(20, "2. partly open, co"), box_cell(40, "8"), box_cell(60, "8")]])])
    builder.page(2, [Block(60, "table", rows=[
        [box_cell(0, "ts"), box_cell(20, "unt it once"), box_cell(40, ""), box_cell(60, "")],
        [box_cell(0, "3. refused", rowspan=1), box_cell(20, "0"), box_cell(40, "0")]])])
    texts = [[c.text for c in r.cells] for r in doc.rows]
    assert texts == [["section of results", "1. open", "6", "6"], ["2. partly open, count it once", "8", "8"],
                     ["3. refused", "0", "0"]]
    # a rest no spanning cell above can take: the rows stay as they are
    doc, builder = pdf_builder()
    builder.page(1, [Block(700, "table", rows=[[box_cell(20, "2. partly open, co"), box_cell(40, "8"), box_cell(60, "8")]])])
    builder.page(2, [Block(60, "table", rows=[[box_cell(0, "ts"), box_cell(20, "unt it once"), box_cell(40, ""), box_cell(60, "")]])])
    assert len(doc.rows) == 2


def test_a_group_whose_first_row_label_went_over_the_page_gets_it_back():
    # WeasyPrint: （六）其他处理's first row keeps its values above the break and moves its label,
    # which does not fit, below it; the rest of the group label straddles the table's last rule.
    from gongkai.readers.pdf import Block, Char, layout_page

    def word(text, x0, top):
        return [Char(ch, x0 + 6 * k, top, x0 + 6 * (k + 1), top + 9) for k, ch in enumerate(text)]

    chars = word("（六）其", 12, 702) + word("他处理", 12, 714) + word("1", 82, 702) + word("1", 112, 702)
    hedges = [(700, 10, 130), (718, 10, 130)]
    vedges = [(10, 700, 718), (80, 700, 718), (110, 700, 718), (130, 700, 718)]
    blocks = layout_page(chars, hedges, vedges, 595, 842)
    assert [b.kind for b in blocks] == ["table"], "the group label's rest is in its cell, not a line below"
    assert [t for _, t, *_ in blocks[0].rows[0]] == ["（六）其他处理", "1", "1"]

    doc, builder = pdf_builder()
    builder.page(1, [Block(700, "table", rows=[[box_cell(0, "（六）其他处理"), box_cell(40, "1"), box_cell(60, "1")]])])
    builder.page(2, [Block(60, "table", rows=[
        [box_cell(20, "1.申请人无正当理由逾期不补正"), box_cell(40, ""), box_cell(60, "")],
        [box_cell(20, "2.申请人逾期未按收费通知要求缴纳费用"), box_cell(40, "0"), box_cell(60, "0")]])])
    texts = [[c.text for c in r.cells] for r in doc.rows]
    assert texts == [["（六）其他处理", "1.申请人无正当理由逾期不补正", "1", "1"], ["2.申请人逾期未按收费通知要求缴纳费用", "0", "0"]]
    # a row of its own with values above the break, and a numbered row left blank below it: two rows
    doc, builder = pdf_builder()
    builder.page(1, [Block(700, "table", rows=[[box_cell(0, "（二）部分公开"), box_cell(40, "1"), box_cell(60, "1")]])])
    builder.page(2, [Block(60, "table", rows=[[box_cell(20, "1.属于国家秘密"), box_cell(40, ""), box_cell(60, "")]])])
    assert len(doc.rows) == 2


def test_a_running_header_between_two_pieces_of_a_table_does_not_end_it():
    # Word's page header repeats the title at the top of every page: between the pieces of a table
    # broken over pages (4.保护第三方合法权 | 3 … / 益) it is furniture; a heading at the top of a
    # page, seen there for the first time, is a line of the report and ends the table.
    from gongkai.readers.pdf import Block

    def header(text):
        return Block(20, "line", text=text, box=(100, 20, 300, 30), size=9, margin=True)

    doc, builder = pdf_builder()
    builder.page(1, [header("某区人民政府2021年政府信息公开工作年度报告"),
                     Block(100, "table", rows=[[box_cell(0, "3.危及三安全一稳定"), box_cell(40, "0")]])])
    builder.page(2, [header("某区人民政府2021年政府信息公开工作年度报告"),
                     Block(700, "table", rows=[[box_cell(0, "4.保护第三方合法权"), box_cell(40, "5")]])])
    builder.page(3, [header("某区人民政府2021年政府信息公开工作年度报告"),
                     Block(60, "table", rows=[[box_cell(0, "益"), box_cell(40, "")], [box_cell(0, "5.属于三类内部事务信息"), box_cell(40, "2")]])])
    builder.page(4, [header("四、政府信息公开行政复议、行政诉讼情况"),
                     Block(60, "table", rows=[[box_cell(0, "0"), box_cell(40, "0")]])])
    builder.flush()
    texts = [(r.table, [c.text for c in r.cells]) for r in doc.rows]
    assert texts == [(None, ["某区人民政府2021年政府信息公开工作年度报告"]), (0, ["3.危及三安全一稳定", "0"]),
                     (0, ["4.保护第三方合法权益", "5"]),
                     (0, ["5.属于三类内部事务信息", "2"]), (None, ["四、政府信息公开行政复议、行政诉讼情况"]),
                     (1, ["0", "0"])]


def test_a_header_row_cut_by_a_page_break_is_joined_column_by_column():
    # 结果 | 维持: table 3's tall header in narrow columns, cut by the break; the values follow.
    from gongkai.readers.pdf import Block

    doc, builder = pdf_builder()
    builder.page(1, [Block(700, "table", rows=[[box_cell(0, "结果"), box_cell(20, "结果"), box_cell(40, "总计")]])])
    builder.page(2, [Block(60, "table", rows=[[box_cell(0, "维持"), box_cell(20, "纠正"), box_cell(40, "")],
                                              [box_cell(0, "0"), box_cell(20, "1"), box_cell(40, "1")]])])
    assert [[c.text for c in r.cells] for r in doc.rows] == [["结果维持", "结果纠正", "总计"], ["0", "1", "1"]]
    # a piece in a column the row before the break does not have: two rows
    doc, builder = pdf_builder()
    builder.page(1, [Block(700, "table", rows=[[box_cell(0, "结果"), box_cell(20, "结果")]])])
    builder.page(2, [Block(60, "table", rows=[[box_cell(0, "维持"), box_cell(60, "纠正")]])])
    assert len(doc.rows) == 2


def _word(text, x0, top):
    from gongkai.readers.pdf import Char

    return [Char(ch, x0 + 6 * k, top, x0 + 6 * (k + 1), top + 9) for k, ch in enumerate(text)]


def test_a_column_with_no_row_rule_on_its_page_stays_in_the_table():
    # After a page break a group label spanning every row of the piece (三、本年度办理结果) has no
    # horizontal rule on the page: its column is closed, one cell, not lines beside the table.
    from gongkai.readers.pdf import layout_page

    chars = _word("三、本", 12, 42) + _word("年度", 12, 54) + _word("97", 112, 42) + _word("21", 112, 72)
    hedges = [(60, 40, 130), (90, 40, 130)]  # the table's row rules stop at the group column
    vedges = [(10, 40, 90), (40, 40, 90), (110, 40, 90), (130, 40, 90)]
    blocks = layout_page(chars, hedges, vedges, 595, 842)
    assert [b.kind for b in blocks] == ["table"]
    assert [[t for _, t, *_ in row] for row in blocks[0].rows] == [["三、本年度", "", "97"], ["", "21"]]
    assert blocks[0].rows[0][0][3] == 2  # one cell spanning both rows
    # a 序号 column beside it, ruled row by row: its numbers stay in their rows
    chars = _word("5", 2, 45) + _word("6", 2, 75) + _word("1", 112, 45) + _word("2", 112, 75)
    hedges += [(40, 0, 8), (60, 0, 8), (90, 0, 8)]
    vedges = [(0, 40, 90), (8, 40, 90), (40, 40, 90), (110, 40, 90), (130, 40, 90)]
    blocks = layout_page(chars, hedges, vedges, 595, 842)
    assert [[t for _, t, *_ in row] for row in blocks[0].rows] == [["5", "", "", "1"], ["6", "", "2"]]
    # a column whose text crosses the rows of the table beside it: cut only where nothing crosses
    from gongkai.readers.pdf import close_open_columns

    chars = _word("三", 12, 55) + _word("果", 12, 95) + _word("1", 112, 45) + _word("2", 112, 75) + _word("3", 112, 105)
    hedges = [(40, 40, 130), (60, 40, 130), (90, 40, 130), (120, 40, 130)]
    vedges = [(10, 40, 120), (40, 40, 120), (110, 40, 120), (130, 40, 120)]
    assert sorted(y for y, *_ in close_open_columns(hedges, vedges, chars)) == [40, 90, 120]
    # a frame around the page beside a table is no column of it
    frame_h = [(20, 0, 580), (820, 0, 580)]
    frame_v = [(0, 20, 820), (580, 20, 820)]
    table_h = [(100, 40, 300), (130, 40, 300), (160, 40, 300)]
    table_v = [(40, 100, 160), (200, 100, 160), (300, 100, 160)]
    assert close_open_columns(frame_h + table_h, frame_v + table_v, _word("正文", 100, 400)) == []


def test_a_row_broken_before_its_group_label_is_joined_with_it():
    # WeasyPrint on A5: （一）予以公开's values above the break, its total and the group label that spans
    # the rows below (printed only on the new page) after it.
    from gongkai.readers.pdf import Block

    doc, builder = pdf_builder()
    builder.page(1, [Block(700, "table", rows=[
        [box_cell(0, "二、上年结转政府信息公开申请数量"), box_cell(40, "6"), box_cell(60, "6")],
        [box_cell(20, "（一）予以公开"), box_cell(40, "78"), box_cell(60, "")]])])
    builder.page(2, [Block(60, "table", rows=[
        [box_cell(0, "三、本年度办理结果", rowspan=3), box_cell(40, ""), box_cell(60, "97")],
        [box_cell(20, "（二）部分公开"), box_cell(40, "21"), box_cell(60, "28")]])])
    assert [[c.text for c in r.cells] for r in doc.rows] == [
        ["二、上年结转政府信息公开申请数量", "6", "6"], ["三、本年度办理结果", "（一）予以公开", "78", "97"],
        ["（二）部分公开", "21", "28"]]
    # its 序号 above the break with the values, its label below: the row keeps its number
    doc, builder = pdf_builder()
    builder.page(1, [Block(700, "table", rows=[[box_cell(0, "13"), box_cell(40, "96"), box_cell(60, "116")]])])
    builder.page(2, [Block(60, "table", rows=[
        [box_cell(0, ""), box_cell(20, "1.本机关不掌握相关政府信息"), box_cell(40, ""), box_cell(60, "")],
        [box_cell(0, "14"), box_cell(20, "2.没有现成信息需要另行制作"), box_cell(40, "18"), box_cell(60, "20")]])])
    assert [[c.text for c in r.cells] for r in doc.rows] == [
        ["13", "1.本机关不掌握相关政府信息", "96", "116"], ["14", "2.没有现成信息需要另行制作", "18", "20"]]
    # a total with its unit after the break (1,205件) is a value, not the rest of the label
    doc, builder = pdf_builder()
    builder.page(1, [Block(700, "table", rows=[[box_cell(0, "一、本年新收政府信息公开申请数量"), box_cell(40, "1,086"),
                                                box_cell(60, "")]])])
    builder.page(2, [Block(60, "table", rows=[[box_cell(40, ""), box_cell(60, "1,205件")]])])
    assert [[c.text for c in r.cells] for r in doc.rows] == [["一、本年新收政府信息公开申请数量", "1,086", "1,205件"]]
