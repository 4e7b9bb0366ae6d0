"""Text that poppler's pdftotext makes of Chromium prints of written reports (tests/data/written),
in its three orders: -raw (the content stream's), -layout (columns kept by spaces) and the default
(reading order, a table's cells often a column at a time). Each text is scored against the written
report's key. Where the text keeps the table, every cell must read exactly; where it loses or
scrambles part of it (two rows' labels laid over each other, values printed between another row's
label lines), what cannot be placed must not be read as a confident number.
"""
import json
from pathlib import Path

import pytest

from gongkai.pipeline import check_path
from tests.corpus_score import score

DATA = Path(__file__).parent / "data"
TEXTS = DATA / "written_txt"

# text -> what it shows
EXACT = {
    "1543.pdftotext-raw": "总计 printed second, after 自然人: the rows' sums tell the columns",
    "1524.pdftotext-raw": "table 3 with its results as rows (结果维持 4 2 1 …)",
    "1526.pdftotext-raw": "table 3's values after a 序号 column's 1, the table breaking a group's total",
    "1384.pdftotext-layout": "table 3 with its groups as rows; 年度办 （二）部分公开 is no rest of a label",
    "1007.pdftotext-plain": "table 2's values out of step with its labels, taken seven at a time; table 3's "
                            "values each a blank line apart",
}
CELLS_EXACT = {  # a label the text breaks apart leaves a row unfound, which is told as an error
    "1543.pdftotext-layout": "总计 second, laid out",
    "912.pdftotext-layout": "a group label's piece before a row's own numbered label is no rest of the row above",
    "1584.pdftotext-raw": "采购总金额（万元） in table 1's header copied as text: 3265.42 is 32654200 元",
    "1224.pdftotext-raw": "a 序号 column: the number before each label is its serial, no value printed before it",
}
NO_CONFIDENT_WRONG = {
    "1501.pdftotext-layout": "1.2.本机关不掌握… / 没有现成信息… / values: two rows' numbers printed together",
    "1266.pdftotext-layout": "2.3.重复申请 / 要求提供公开出版物 / values; a row's values between the next label's lines",
    "1001.pdftotext-layout": "a row's values printed between the next label's lines, its own after them",
    "1489.pdftotext-layout": "a row's values printed under the next row's label, its own lost",
    "1006.pdftotext-plain": "table 2's values out of step with its labels, the layout scrambled further",
    "1072.pdftotext-plain": "table 2's values before its labels, a label's serial (4.) cut off from it: "
                            "seven at a time",
    "1270.pdftotext-plain": "table 2's values before its labels, taken seven at a time",
}
# pdftotext's default order of prints whose tables break across pages: each row's values before its
# label, but rows split by the break and labels printed together. Before, every table-2 row took the
# next row's values and 行政许可 took 行政处罚's, confidently. What the layout leaves open stays open.
# And texts that lose too much of the tables for most cells to be read, where the rest must not be wrong.
SCRAMBLED = {
    "946.pdftotext-layout": "a total wrapped in its cell printed a line above the row's other values "
                            "(4 / 4 0 0 0 0 0)",
    "1102.pdftotext-layout": "a value wrapped in its cell printed a line below the others, under its own column",
    "914.pdftotext-raw": "full-width digits; a total wrapped in its narrow cell (１４ / １ is 141), the row's "
                         "empty cell lost",
    "1503.pdftotext-plain": "table 2 split by a page break: its last rows' first cells on one page, the rest "
                            "on the next",
    "1511.pdftotext-plain": "table 2 with two labels printed together and 14 values after the second",
    "1204.pdftotext-plain": "table 1's sections (五)(六) print the value before the label, (一) around it",
    "1211.pdftotext-plain": "as 1204, with a page header's year (2022) in table 2",
    "1651.pdftotext-plain": "as 1204; 行政事业性收费 86.73 on its label's line",
    "1645.pdftotext-plain": "a row printed in step on its label's line between rows printed before their labels",
}


def _score(name: str) -> dict:
    key = name.split(".")[0]
    gold = json.loads((DATA / "written" / "gold" / f"{key}.json").read_text("utf-8"))
    return score(gold, check_path(TEXTS / f"{name}.txt").to_dict(), ".txt")


@pytest.mark.parametrize("name", sorted(EXACT))
def test_text_that_keeps_the_table_reads_exactly(name):
    s = _score(name)
    assert s["misses"] == [] and s["unread_confident"] == [], EXACT[name]
    assert s["missed_defects"] == [] and s["false_errors"] == []


@pytest.mark.parametrize("name", sorted(CELLS_EXACT))
def test_text_that_keeps_the_values_reads_every_value(name):
    s = _score(name)
    assert s["wrong"] == [] and s["unread_confident"] == [], CELLS_EXACT[name]
    assert len(s["misses"]) <= 7  # one row at most left unread, none read wrong


@pytest.mark.parametrize("name", sorted(NO_CONFIDENT_WRONG))
def test_text_that_scrambles_the_table_gives_no_confident_wrong_number(name):
    s = _score(name)
    assert s["wrong"] == [] and s["unread_confident"] == [], NO_CONFIDENT_WRONG[name]
    assert s["ok"] >= 0.65 * s["n"]  # the rest of the tables is still read


@pytest.mark.parametrize("name", sorted(SCRAMBLED))
def test_values_out_of_place_are_never_taken_for_another_cells(name):
    s = _score(name)
    assert s["wrong"] == [] and s["unread_confident"] == [], SCRAMBLED[name]
    assert s["ok"] >= 0.1 * s["n"]


def test_every_text_here_is_tested():
    assert {p.stem for p in TEXTS.glob("*.txt")} == \
        EXACT.keys() | CELLS_EXACT.keys() | NO_CONFIDENT_WRONG.keys() | SCRAMBLED.keys()
