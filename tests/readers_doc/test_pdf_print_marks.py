"""What a printed page shows that its text layer does not say: struck-out figures, footnote marks set
raised, numbers wrapped in a narrow column, and a broken row's rest whose empty cells are not ruled
as its first part's are (found printing tests/data/written to PDF with Chromium)."""
from gongkai.readers.pdf import Char, drop_struck, layout_page, without_footnote_marks

from .pdfmaker import ruled_table, two_pages
from .test_pdf import _table_texts, box_cell, pdf_builder


def word(text, x0, bottom, size=9.0, width=6.0):
    return [Char(ch, x0 + width * k, bottom - size, x0 + width * (k + 1), bottom) for k, ch in enumerate(text)]


def table(chars, hedges, vedges):
    blocks = layout_page(chars, hedges, vedges, 595, 842)
    return [[t for _, t, *_ in row] for b in blocks if b.kind == "table" for row in b.rows]


RULES_H = [(100, 50, 250), (130, 50, 250)]
RULES_V = [(50, 100, 130), (150, 100, 130), (250, 100, 130)]


def test_a_figure_struck_out_beside_its_correction_is_dropped():
    # <del>11</del><ins>12</ins> printed: 11 with a line through its middle, then 12
    old, new = word("11", 160, 120), word("12", 175, 120)
    strike = (116.0, 160.0, 172.0)  # through the glyphs (top 111, bottom 120), as long as they are
    chars = word("granted", 55, 120) + old + new
    assert table(chars, RULES_H + [strike], RULES_V) == [["granted", "12"]]
    hedges, kept = drop_struck(RULES_H + [strike], chars)
    assert hedges == RULES_H and kept == word("granted", 55, 120) + new
    # a line under the glyphs is an underline, not a strike; one longer than the figure is a rule
    assert drop_struck([(120.3, 160.0, 172.0)], chars)[1] == chars
    assert drop_struck([(116.0, 150.0, 250.0)], chars)[1] == chars


def test_a_raised_footnote_mark_after_a_label_is_dropped():
    label = word("Penalties", 55, 120)
    mark = word("[1]", 55 + 6 * 9, 117, size=7.5, width=4.5)  # smaller, its baseline 3 pt up
    assert "".join(c.text for c in without_footnote_marks(label + mark)) == "Penalties"
    assert table(label + mark + word("87", 160, 120), RULES_H, RULES_V) == [["Penalties", "87"]]
    # on the line's baseline, [1] is text; raised words that are no mark stay
    level = word("[1]", 55 + 6 * 9, 120)
    assert without_footnote_marks(label + level) == label + level
    raised_word = word("note", 55 + 6 * 9, 117, size=7.5, width=4.5)
    assert without_footnote_marks(label + raised_word) == label + raised_word


def test_a_number_wrapped_in_a_narrow_column_is_one_number():
    # 266 in a 22.5 pt column, printed 26 / 6 (a browser breaks a word anywhere there)
    vedges = [(50, 100, 130), (150, 100, 130), (172.5, 100, 130), (250, 100, 130)]
    chars = word("new", 55, 112) + word("26", 154, 112) + word("6", 154, 124) + word("31", 180, 112)
    assert table(chars, RULES_H, vedges) == [["new", "266", "31"]]
    # in a column wide enough for both, two lines of numbers are two numbers
    chars = word("new", 55, 112) + word("26", 154, 112) + word("6", 154, 124) + word("31", 200, 112)
    wide = [(50, 100, 130), (150, 100, 130), (195, 100, 130), (250, 100, 130)]
    assert table(chars, RULES_H, wide) == [["new", "26 6", "31"]]


def test_a_broken_rows_rest_with_fewer_empty_cells_is_joined():
    # The rest of a wrapped label after the page break, its empty value cells merged (no rule
    # between two of them): still the rest of the row before the break.
    first = ruled_table([["1. open", "1", "2", "3"], ["2. no fee paid in", "8", "1", "9"]], top=700)
    second = ruled_table([["time, not handled", "", "", ""], ["3. other", "0", "0", "0"]], top=60,
                         missing_v={(0, 2)})
    assert _table_texts(two_pages(first, second)) == [
        ["1. open", "1", "2", "3"], ["2. no fee paid intime, not handled", "8", "1", "9"], ["3. other", "0", "0", "0"]]


def test_a_row_of_blank_marks_after_a_page_break_is_no_rest_of_the_header():
    # table 3's header at the foot of a page, its row of values written as － on the next: the
    # marks are values (blank), not the header's words cut by the break (结果维持－ hid the table)
    from gongkai.readers.pdf import Block

    doc, builder = pdf_builder()
    builder.page(1, [Block(700, "table", rows=[[box_cell(0, "结果维持"), box_cell(20, "结果纠正"), box_cell(40, "总计")]])])
    builder.page(2, [Block(60, "table", rows=[[box_cell(0, "－"), box_cell(20, "/"), box_cell(40, "—")]])])
    assert [[c.text for c in r.cells] for r in doc.rows] == [["结果维持", "结果纠正", "总计"], ["－", "/", "—"]]
