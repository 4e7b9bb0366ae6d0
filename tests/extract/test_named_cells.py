"""A table-1 cell that repeats its column's name before its value (现行有效 38件, 本年制发：6): the
cell is the value. Before, it was taken as text, the row came out short and its cells ambiguous
(tests/data/written 1589)."""
from gongkai.extract.evidence import _parse_cell
from gongkai.pipeline import check_bytes

_TABLE_1 = """二、主动公开政府信息情况
第二十条第（一）项
信息内容\t本年制发件数\t本年废止件数\t现行有效件数
规章\t0\t0\t0
行政规范性文件\t6\t2\t{in_force}
第二十条第（五）项
信息内容\t本年处理决定数量
行政许可\t41
"""


def test_a_column_name_before_the_value_is_the_value():
    assert _parse_cell("现行有效 38件")[0][1] == "38"
    assert _parse_cell("本年制发：6")[0][1] == "6"
    assert _parse_cell("现行有效件数38")[0][1] == "38"


def test_other_words_before_a_number_are_still_text():
    assert _parse_cell("行政许可 41") is None  # a row's label with its value: not a column's name
    assert _parse_cell("现行有效") is None  # the name alone, no value
    assert _parse_cell("现行有效规章38件") is None  # more words than the name


def test_the_row_is_read_whole():
    cells = check_bytes(_TABLE_1.format(in_force="现行有效 38件").encode(), "t.txt").to_dict()["cells"]
    assert cells["active.normative_documents.in_force"]["value"] == 38
    assert cells["active.normative_documents.in_force"]["status"] == "read"
    assert cells["active.normative_documents.repealed"]["value"] == 2
