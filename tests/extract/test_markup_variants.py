"""The same tables in the markup and bytes other sites wrap them in (bench/perturb_sweep.py makes
these variants of every real page with a key): an empty extra column, spacer rows between rows, and
pdftotext's page numbers at a page break inside a table."""
import json
import random
import re

from lxml import etree
import pytest

from gongkai.pipeline import check_bytes, check_path
from gongkai.readers.html import _decode
from gongkai.readers.text import clean
from gongkai.synth import generate
from gongkai.synth.layouts import render
from tests.corpus_score import PROBE, score
from tests.synth.test_roundtrip import cell_mismatches


def _html_report(seed: int, fmt: str, change) -> tuple:
    report = generate(seed, fmt, blanks=True)
    data, name = render(report, "html", random.Random(seed))
    root = etree.fromstring(_decode(data)[0].encode("utf-8"), etree.HTMLParser(encoding="utf-8"))
    for table in root.iter("table"):
        if next(table.iterdescendants("table"), None) is None:
            for tr in list(table.iter("tr")):
                change(tr)
    return report, check_bytes(etree.tostring(root, method="html", encoding="utf-8"), name)


def _extra_empty_cell(tr) -> None:
    cells = [td for td in tr if td.tag in ("td", "th")]
    if cells:
        cells[-1].addnext(tr.makeelement("td", {}))


@pytest.mark.parametrize("fmt", ["2021", "2019"])
@pytest.mark.parametrize("seed", [3, 11, 29])
def test_an_empty_extra_column_leaves_every_value_in_place(fmt, seed):
    # The last header row of table 3 ends in the empty cell too: its values are in the row below.
    report, got = _html_report(seed, fmt, _extra_empty_cell)
    assert cell_mismatches(report, got) == []
    assert "table.malformed" not in {f.rule for f in got.findings}


def test_page_numbers_next_to_a_form_feed_are_dropped():
    assert clean("标签\n第 4 页 共 7 页\n\x0c\n续") == "标签\n\n\n续"
    assert clean("标签\n- 3 -\n\x0c续\n") == "标签\n\n续\n"
    assert clean("标签\n\x0c第2页\n续") == "标签\n\n续"
    # a bare number at a page break may be a value: it stays; so does a page number far from one
    assert clean("行政许可\n3\n\x0c\n4") == "行政许可\n3\n\n\n4"
    assert clean("第 4 页 共 7 页\n正文\x0c") == "第 4 页 共 7 页\n正文\n"
    # values on lines of their own next to a page break are no page number (- / 4 / - is a change of -4 and a blank)
    assert clean("行政许可\n14\n-4\n-\n\x0c\n行政处罚") == "行政许可\n14\n-4\n-\n\n\n行政处罚"


def test_a_label_wrapped_over_a_page_break_still_finds_its_values(tmp_path):
    # 910806 prints 危及“三安全一稳定” over four lines; a page break falls inside the label.
    raw = PROBE / "raw" / "910806_putian-yjglj-2019.txt"
    lines = raw.read_text("utf-8").split("\n")
    at = lines.index("三安全一稳定")
    lines[at:at] = ["第 4 页 共 7 页", "\x0c"]
    broken = tmp_path / raw.name
    broken.write_text("\n".join(lines), "utf-8")

    gold = json.loads((PROBE / "gold" / f"{raw.stem.split('_')[0]}.json").read_text("utf-8"))
    s = score(gold, check_path(broken).to_dict(), ".txt")
    assert s["misses"] == [] and s["false_errors"] == []


def test_only_empty_columns_at_the_right_edge_of_a_table_with_a_header_are_dropped():
    from gongkai.document import Cell, Row, without_trailing_empty_columns

    rows = [Row([Cell("表头", colspan=4)]),  # spans the empty last column: kept, one column narrower
            Row([Cell("名称"), Cell("甲类"), Cell("乙类"), Cell("")]),
            Row([Cell("甲", rowspan=2), Cell(""), Cell("1"), Cell("")]),
            Row([Cell(""), Cell("2"), Cell("")])]  # column 0 is covered by 甲's rowspan
    kept = without_trailing_empty_columns(rows)
    assert [[(c.text, c.colspan) for c in r.cells] for r in kept] == [
        [("表头", 3)], [("名称", 1), ("甲类", 1), ("乙类", 1)], [("甲", 1), ("", 1), ("1", 1)], [("", 1), ("2", 1)]]
    # no header: a piece of a table whose last column is blank throughout keeps its blank cells
    assert without_trailing_empty_columns(rows[2:]) == rows[2:]
    # an empty column inside the table (a value column whose header may be missing) stays
    inside = rows[1:2] + [Row([Cell("乙"), Cell(""), Cell("3"), Cell("4")])]
    assert without_trailing_empty_columns(inside) == inside


@pytest.mark.parametrize("page", ["corpus/raw/051_shanghai-szfbgt-2019.html", "probe/raw/910709_putian-ptcg-2023.html"])
def test_a_spacer_row_between_table_3s_header_and_values_adds_no_value(page):
    # <tr><td colspan=15>&nbsp;</td></tr> right above the values: before, it was read as the first
    # value and every value moved one column on (051: 行政复议 结果维持 5 read as 结果纠正).
    from pathlib import Path

    raw = Path(__file__).parent.parent / "data" / page
    root = etree.fromstring(raw.read_bytes(), etree.HTMLParser(encoding="utf-8"))
    table = [t for t in root.iter("table") if "复议后起诉" in "".join(t.itertext())][-1]
    spacer = etree.Element("tr")
    etree.SubElement(spacer, "td", colspan="15").text = "\u00a0"
    list(table.iter("tr"))[-1].addprevious(spacer)
    corpus = raw.parent.parent
    gold = json.loads((corpus / "gold" / f"{raw.stem.split('_')[0]}.json").read_text("utf-8"))
    s = score(gold, check_bytes(etree.tostring(root, method="html", encoding="utf-8"), raw.name).to_dict(), ".html")
    assert s["misses"] == [] and s["false_errors"] == []


def _spacer_row_of_cells_before_the_values(root) -> None:
    # A Word table's empty row (as many empty cells as the row below) between each table's header
    # and its first row of values.
    for table in root.iter("table"):
        if next(table.iterdescendants("table"), None) is not None:
            continue
        rows = list(table.iter("tr"))
        values = next((tr for tr in rows if any(c.isdigit() for c in "".join(tr.itertext()))), None)
        if values is None:
            continue
        width = sum(1 for td in values if td.tag in ("td", "th"))
        values.addprevious(etree.fromstring("<tr>" + "<td>&#160;</td>" * width + "</tr>"))


@pytest.mark.parametrize("fmt", ["2021", "2019"])
@pytest.mark.parametrize("seed", [2, 5, 17])
def test_an_empty_row_of_cells_between_a_header_and_its_values_is_no_value(fmt, seed):
    report = generate(seed, fmt, blanks=False)
    data, name = render(report, "html", random.Random(seed))
    root = etree.fromstring(_decode(data)[0].encode("utf-8"), etree.HTMLParser(encoding="utf-8"))
    _spacer_row_of_cells_before_the_values(root)
    got = check_bytes(etree.tostring(root, method="html", encoding="utf-8"), name)
    assert cell_mismatches(report, got) == []


def _pipe_report_with_a_line_before_table_3s_values(seed: int, fmt: str, values_after: bool = True):
    report = generate(seed, fmt, blanks=False)
    data, name = render(report, "pipe", random.Random(seed))
    lines = data.decode("utf-8").split("\n")
    at = next(i for i, line in enumerate(lines) if "行政复议" in line and line.startswith("|"))
    at = next(i for i in range(at, len(lines)) if lines[i].startswith("|") and re.search("\\d", lines[i])
              and not re.search("[\\u4e00-\\u9fff]", lines[i]))
    spacer = "|" + "  |" * (lines[at].count("|") - 1)
    lines.insert(at, spacer)
    if not values_after:
        del lines[at + 1]
    return report, check_bytes("\n".join(lines).encode("utf-8"), name)


@pytest.mark.parametrize("fmt", ["2021", "2019"])
@pytest.mark.parametrize("seed", [2, 5, 17])
def test_an_empty_line_of_cells_before_table_3s_values_in_a_text_table_is_no_value(fmt, seed):
    report, got = _pipe_report_with_a_line_before_table_3s_values(seed, fmt)
    assert cell_mismatches(report, got) == []


def test_an_empty_line_of_cells_with_no_values_after_it_is_table_3_left_blank():
    _, got = _pipe_report_with_a_line_before_table_3s_values(2, "2021", values_after=False)
    assert {got.cells[f"review.reconsideration.{k}"].status for k in ("upheld", "total")} == {"blank"}


def test_the_next_piece_of_a_table_loses_its_empty_columns_only_where_it_is_as_wide():
    from gongkai.document import Cell, Row, empty_right_edge, without_trailing_empty_columns

    first = [Row([Cell("名称"), Cell("甲类"), Cell("乙类"), Cell("")]), Row([Cell("甲"), Cell(""), Cell("1"), Cell("")])]
    edge = empty_right_edge(first)
    assert edge == (3, 4)
    # the next piece: a label and sublabel are no header; it has the stray column too
    piece = [Row([Cell("（五）丙"), Cell("1.丙项"), Cell(""), Cell("3"), Cell("")]),
             Row([Cell(""), Cell("2.丁项"), Cell(""), Cell(""), Cell("")])]
    assert empty_right_edge(piece) is None
    first_wide = [Row([Cell("名称", colspan=2), Cell("甲类"), Cell("乙类"), Cell("")])]
    kept = without_trailing_empty_columns(piece, empty_right_edge(first_wide))
    assert [[c.text for c in r.cells] for r in kept] == [["（五）丙", "1.丙项", "", "3"], ["", "2.丁项", "", ""]]
    # a piece as wide as the table without it: its blank last column stays
    assert without_trailing_empty_columns([Row(r.cells[:-1]) for r in piece], empty_right_edge(first_wide)) \
        == [Row(r.cells[:-1]) for r in piece]
    # a flattened header (empty cells where the merged cells were) is a header all the same
    flat = [Row([Cell("（本列数据的勾稽关系）"), Cell(""), Cell("申请人情况"), Cell(""), Cell(""), Cell("")]),
            Row([Cell(""), Cell(""), Cell("自然人"), Cell("法人或其他组织"), Cell("总计"), Cell("")]),
            Row([Cell("一、本年新收"), Cell(""), Cell(""), Cell("1"), Cell("1"), Cell("")])]
    assert empty_right_edge(flat) == (5, 6)


def _pipe_with_an_empty_last_column(text: str) -> str:
    return "\n".join(line + "---|" if line.startswith("|---") else line + "  |" if line.startswith("|") else line
                     for line in text.split("\n"))


@pytest.mark.parametrize("fmt", ["2021", "2019"])
@pytest.mark.parametrize("seed", [0, 4, 46])
def test_a_markdown_table_with_an_empty_last_column_leaves_every_value_in_place(fmt, seed):
    # seed 4: a table continued after （续表） with no header of its own; seed 46 (2019): a table-1 row padded
    # after its values (| 政府集中采购 |  | 0 |  |: the blank is 采购项目数量, the padding after 0)
    report = generate(seed, fmt, blanks=True)
    data, name = render(report, "pipe", random.Random(seed))
    assert cell_mismatches(report, check_bytes(data, name)) == []
    changed = _pipe_with_an_empty_last_column(data.decode("utf-8")).encode("utf-8")
    assert cell_mismatches(report, check_bytes(changed, name)) == []


def test_a_markdown_piece_without_a_header_keeps_its_blank_last_column():
    from gongkai.readers.text import rows_of_lines

    lines = ["| 6.属于四类过程性信息 | 1 |  |  |", "|---|---|---|---|", "| 7.属于行政执法案卷 | 2 |  |  |"]
    assert [len(r.cells) for r in rows_of_lines(lines)] == [4, 4]
    # after a table that lost an empty last column, the next piece loses it too
    head = ["| 信息内容 | 甲类 | 乙类 |  |", "|---|---|---|---|", "| 行政许可 | 1 |  |  |", "", "（续表）", ""]
    assert [len(r.cells) for r in rows_of_lines(head + lines) if r.table is not None] == [3, 3, 3, 3]


@pytest.mark.parametrize("fmt", ["2021", "2019"])
@pytest.mark.parametrize("seed", [2, 5, 17])
def test_an_empty_cell_ending_table_3s_header_is_not_its_first_value(fmt, seed):
    # a stray empty cell at the end of the last header row only (a browser's copy shows it so): the
    # values row after it must not move one column on
    report = generate(seed, fmt, blanks=False)
    data, name = render(report, "pipe", random.Random(seed))
    lines = data.decode("utf-8").split("\n")
    at = next(i for i, line in enumerate(lines) if "行政复议" in line and line.startswith("|"))
    values = next(i for i in range(at, len(lines)) if lines[i].startswith("|") and re.search(r"\d", lines[i])
                  and not re.search("[\u4e00-\u9fff]", lines[i]))
    lines[values - 1] += "  |"
    got = check_bytes("\n".join(lines).encode("utf-8"), name)
    assert cell_mismatches(report, got) == []


def test_table_3_after_blanks_is_the_window_that_keeps_the_most_totals():
    from gongkai.extract.engine import _trim_to
    from gongkai.extract.numbers import Token

    def toks(*values):
        return [Token("", blank=True) if v is None else Token(str(v)) for v in values]

    row = [1, 0, 1, 0, 2, 3, 0, 0, 0, 3, 0, 0, 0, 1, 1]
    assert [t.digits for t in _trim_to(toks(None, *row), 15)] == [str(v) for v in row]
    # a published row that does not add up in one group: the window keeping the other two still wins
    bad = row[:10] + [2, 0, 0, 0, 5]
    assert [t.digits for t in _trim_to(toks(None, *bad, 7), 15)] == [str(v) for v in bad]
    # a first value that is blank stays when the row adds up as it stands
    first_blank = toks(None, 0, 1, 0, 1, *row[5:], 4)
    assert _trim_to(first_blank, 15) == first_blank[:15]
    # five stray empty cells before a full row add up as a group of their own: the row is kept whole
    # (pandoc's plain text of a table nested in a layout table)
    row = [1, 0, 1, 0, 2, 1, 0, 0, 0, 1, 0, 0, 0, 0, 0]
    assert [t.digits for t in _trim_to(toks(None, None, None, None, None, *row, None), 15)] == [str(v) for v in row]


def test_a_piece_with_row_labels_but_no_header_keeps_its_blank_total_column():
    # a site that left out （五） and 1.: the label and sublabel of a row are no header
    from gongkai.document import Cell, Row, has_header, without_trailing_empty_columns
    from gongkai.readers.text import rows_of_lines

    def row(*texts):
        return Row([Cell(t) for t in texts])

    piece = [row("2.没有现成信息需要另行制作", "0", "1", "0", "0", "0", "0", ""),
             row("不予处理", "信访举报投诉类申请", "2", "0", "0", "0", "0", "0", ""),
             row("2.重复申请", "0", "0", "0", "0", "0", "0", "")]
    assert not has_header(piece) and not has_header(piece[1:])
    assert without_trailing_empty_columns(piece) is piece
    assert without_trailing_empty_columns(piece[1:]) == piece[1:]
    lines = ["| " + " | ".join(c.text for c in r.cells) + " |" for r in piece]
    assert [len(r.cells) for r in rows_of_lines(lines)] == [8, 9, 8]
    assert has_header([row("信息内容", "本年处理决定数量", "", ""), row("行政许可", "5", "", "")])
    assert has_header([row("", "", "自然人", "法人或其他组织", "", "", "", "", "总计", "")])


def test_a_markdown_row_under_a_one_row_header_loses_the_padding_no_header_word_stands_over():
    # a 2019 table 1 whose 3-column sub-tables give the label two of the table's four columns
    from gongkai.readers.text import rows_of_lines

    lines = ["| 第二十条第（八）项 | | | |", "| --- | --- | --- | --- |", "| 信息内容 | | 上一年项目数量 | 本年增/减 |",
             "| 行政事业性收费 | | 1 |  |", "| 第二十条第（九）项 | | | |", "| 信息内容 | 采购项目数量 | 采购总金额 | |",
             "| 政府集中采购 |  | 0 |  |"]
    texts = [[c.text for c in r.cells] for r in rows_of_lines(lines)]
    assert texts[2] == ["行政事业性收费", "1", ""]
    assert texts[5] == ["政府集中采购", "", "0"]
    # under a header of two levels (tables 2 and 3) nothing is dropped: a level may be flattened its own way
    two = ["| 行政复议 | | 行政诉讼 | |", "| --- | --- | --- | --- |", "| 结果维持 | 总计 | 结果维持 | 总计 |",
           "| 结果维持 | 总计 |", "|  | 1 |  | 2 |"]
    assert [c.text for c in rows_of_lines(two)[-1].cells] == ["", "1", "", "2"]


def test_a_caption_with_a_digit_does_not_hide_the_header_below_it():
    from gongkai.document import Cell, Row, has_header

    def row(*texts):
        return Row([Cell(t) for t in texts])

    assert has_header([row("2023年度统计（单位：件）", "", "", ""), row("信息内容", "本年制发件数", "本年废止件数", "现行有效件数"),
                       row("规章", "1", "", "")])
    assert not has_header([row("规章", "1", "", ""), row("信息内容", "本年制发件数", "本年废止件数", "现行有效件数")])
