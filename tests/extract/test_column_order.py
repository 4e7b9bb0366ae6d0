"""Table 2's applicant columns in another order than the template's (总计 right after 自然人, two
法人或其他组织 columns swapped): values are put in the template's columns by the header's names.
Before, read by position, every value of the moved columns went confidently to the wrong cell
(tests/data/written 1543, 1544, 1552: 56, 12 and 36 wrong values)."""
import json
import re
from pathlib import Path

from gongkai.document import Cell, Document, Row, Source
from gongkai.extract import columns
from gongkai.pipeline import check_bytes
from tests.corpus_score import score

DATA = Path(__file__).parents[1] / "data"


def _row(texts, table=0, spans=None):
    spans = spans or {}
    return Row([Cell(t, None, *spans.get(i, (1, 1))) for i, t in enumerate(texts)], True, table)


def _doc(rows):
    return Document(Source.of_bytes("t.html", b"", "text/html"), rows)


def test_the_header_grid_names_each_value_column():
    # | 勾稽 (3 cols, 3 rows) | 申请人情况 (7) |
    # | 自然人 (2 rows) | 总计 (2 rows) | 法人或其他组织 (5) |
    # | 商业企业 | 科研机构 | 社会公益组织 | 法律服务机构 | 其他 |
    header = [_row(["（本列数据的勾稽关系为……）", "申请人情况"], spans={0: (3, 3), 1: (7, 1)}),
              _row(["自然人", "总计", "法人或其他组织"], spans={0: (1, 2), 1: (1, 2), 2: (5, 1)}),
              _row(["商业企业", "科研机构", "社会公益组织", "法律服务机构", "其他"])]
    first = _row(["一、本年新收政府信息公开申请数量", "5", "7", "1", "0", "0", "1", "0"], spans={0: (3, 1)})
    doc = _doc([_row(["三、收到和处理政府信息公开申请情况"], table=None), *header, first])
    order = columns.order_in_grid(doc, 4)
    assert order == [0, 6, 1, 2, 3, 4, 5]
    assert columns.reorder(list("ABCDEFG"), order) == list("ACDEFGB")


def test_the_template_order_needs_nothing():
    header = [_row(["", "申请人情况"], spans={0: (3, 3), 1: (7, 1)}),
              _row(["自然人", "法人或其他组织", "总计"], spans={0: (1, 2), 1: (5, 1), 2: (1, 2)}),
              _row(["商业\n企业", "科研\n机构", "社会公益组织", "法律服务机构", "其他"])]
    first = _row(["一、本年新收政府信息公开申请数量", "5", "1", "0", "0", "0", "0", "6"], spans={0: (3, 1)})
    assert columns.order_in_grid(_doc([*header, first]), 3) is None


def test_a_header_that_does_not_name_seven_columns_gives_no_order():
    # a 备注 column after 总计: the last seven cells are not the seven applicant columns
    header = [_row(["", "自然人", "商业企业", "科研机构", "社会公益组织", "法律服务机构", "其他", "总计", "备注"])]
    first = _row(["一、本年新收", "5", "1", "0", "0", "0", "0", "6", "无"])
    assert columns.order_in_grid(_doc([*header, first]), 1) is None
    assert columns.column_of("法人或其他组织") is None and columns.column_of("其他") == 5
    assert columns.column_of("社会公\n益组织") == 3


def test_the_org_columns_of_a_text_header():
    assert columns.order_in_text("申请人情况 自然人 法人或其他组织 总计 商业企业 科研机构 社会公益组织 法律服务机构 其他") is None
    assert columns.order_in_text("申请人情况\n自然人 法人或其他组织 总计\n商业企业 法律服务机构 社会公益组织 科研机构 其他") \
        == [0, 1, 4, 3, 2, 5, 6]
    # a name twice (a narrative's words in the stretch): no order
    assert columns.order_in_text("科研机构 商业企业 科研机构 社会公益组织 法律服务机构") is None
    assert columns.reorder(list("ABC"), [0, 1, 2]) is None


def test_a_text_table_with_two_org_columns_swapped_reads_as_its_header_says():
    raw = DATA / "written" / "raw" / "1023_zhangzhou-zrzyj-2023.txt"
    text = raw.read_text("utf-8")
    # swap 科研机构 and 法律服务机构 in the header, and the third and fifth values of every table-2 row
    swapped = text.replace("商业企业 科研机构 社会公益组织 法律服务机构 其他", "商业企业 法律服务机构 社会公益组织 科研机构 其他")
    assert swapped != text

    def swap(m):
        v = m.group(2).split()
        v[2], v[4] = v[4], v[2]
        return m.group(1) + " " + " ".join(v)

    start = swapped.index("一、本年新收")
    end = swapped.index("四、政府信息公开行政复议")
    body = re.sub(r"(?m)^(\S.*?[^\d\s])((?: \d+){7})$", swap, swapped[start:end])
    assert body != swapped[start:end]
    out = check_bytes((swapped[:start] + body + swapped[end:]).encode("utf-8"), raw.name).to_dict()
    gold = json.loads((DATA / "written" / "gold" / "1023.json").read_text("utf-8"))
    s = score(gold, out, ".txt")
    assert s["misses"] == [] and s["false_errors"] == []
