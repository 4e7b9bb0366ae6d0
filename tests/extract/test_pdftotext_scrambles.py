"""pdftotext's reading order of PDF tables, beyond values printed before labels
(test_values_before_labels.py): label columns printed before their values, rows of several
numbers on one line, and the label column printed before the table's headers. Each reading is
right or honestly open, never a confident wrong number."""
import random
from pathlib import Path

from gongkai import pipeline
from gongkai.extract.artefacts import collapsed_runs
from gongkai.readers import read_bytes
from gongkai.synth import generate, render

from .test_capture_artefacts import _collapse

APPLICANTS = ("natural_person", "commercial", "research", "public_interest", "legal_services", "other_org", "total")


def _row(report, row: str) -> list:
    """A table-2 row's cells, in column order."""
    return [report.cells[f"requests.{row}.{c}"] for c in APPLICANTS]

TABLE_ONE_2021 = """二、主动公开政府信息情况
第二十条第（一）项
信息内容
本年制发件数
本年废止件数
现行有效件数
规章
0
0
0
行政规范性文件
2
0
9
第二十条第（五）项
信息内容
本年处理决定数量
行政许可
{licensing}
第二十条第（六）项
信息内容
本年处理决定数量
{penalty_and_coercion}
第二十条第（八）项
信息内容
本年收费金额（单位：万元）
行政事业性收费
0
三、收到和处理政府信息公开申请情况
"""


def _table_one(penalty_and_coercion: str, licensing: str = "12") -> pipeline.Report:
    text = TABLE_ONE_2021.format(licensing=licensing, penalty_and_coercion=penalty_and_coercion)
    return pipeline.check_bytes(text.encode("utf-8"), "pdftotext.txt")


def test_values_after_labels_printed_together_may_be_the_first_rows():
    # 行政处罚 / 行政强制 / 37: the values after the stack are the rows' in order, or (blank cells
    # left out) the last row's alone; neither is read
    report = _table_one("行政处罚\n行政强制\n37")
    penalty, coercion = report.cells["active.penalty.decisions"], report.cells["active.coercion.decisions"]
    assert penalty.status == "ambiguous" and penalty.candidates == [37]
    assert coercion.status == "ambiguous" and coercion.candidates == [37]
    assert any(f.rule == "cell.unreadable" and "连在一起印出" in f.message
               and "active.coercion.decisions" in f.cells for f in report.findings)
    assert report.cells["active.licensing.decisions"].value == 12  # a row in step is read as always


def test_a_row_with_its_values_on_its_own_line_is_read_after_a_stacked_label():
    # 行政处罚 / 行政强制 37: the values on the last label's line are its own (the first row's blanks dropped)
    report = _table_one("行政处罚\n行政强制 37")
    assert report.cells["active.coercion.decisions"].status == "read"
    assert report.cells["active.coercion.decisions"].value == 37
    assert report.cells["active.penalty.decisions"].status == "missing"


def test_stacked_labels_each_with_its_value_are_read():
    report = _table_one("行政处罚\n5\n行政强制\n3")
    assert (report.cells["active.penalty.decisions"].value, report.cells["active.coercion.decisions"].value) == (5, 3)
    assert not any("连在一起印出" in f.message for f in report.findings)


def test_a_label_column_printed_before_the_headers_is_table_one_not_a_missing_table():
    text = ("二、主动公开政府信息情况\n信息内容\n规章\n行政规范性文件\n信息内容\n行政许可\n信息内容\n行政处罚\n行政强制\n"
            "第二十条第（一）项\n本年制发件数\n本年废止件数\n0\n0\n2\n1\n第二十条第（五）项\n本年处理决定数量\n153\n"
            "第二十条第（六）项\n本年处理决定数量\n41\n0\n第二十条第（八）项\n本年收费金额（单位：万元）\n现行有效件数\n0\n11\n"
            "信息内容\n行政事业性收费\n三、收到和处理政府信息公开申请情况\n")
    report = pipeline.check_bytes(text.encode("utf-8"), "pdftotext.txt")
    assert not any(f.rule == "tables.missing" and "主动公开" in f.message for f in report.findings)
    assert any(f.rule == "table.malformed" and "表一各行的名称都已找到" in f.message for f in report.findings)
    assert all(report.cells[c].status != "read" for c in report.cells if c.startswith("active."))


def test_lines_of_several_numbers_are_no_collapsed_capture():
    # a capture that kept one line of each run of equal lines keeps one cell a line; pdftotext's
    # "312 41 2 3" rows say the text is not one, however its single-number lines happen to fall
    truth = generate(3, fmt="2019", blanks=False)
    text = _collapse(render(truth, "cells", random.Random(3))[0].decode("utf-8"))
    assert collapsed_runs(read_bytes(text.encode("utf-8"), "r.txt"))
    lines = text.split("\n")
    at = lines.index("一、本年新收政府信息公开申请数量")
    lines[at + 1:at + 3] = [lines[at + 1] + " " + lines[at + 2]]
    assert not collapsed_runs(read_bytes("\n".join(lines).encode("utf-8"), "r.txt"))


def test_a_2019_row_short_of_a_value_is_not_expanded_as_runs_in_a_pdftotext_text():
    # 行政许可 / 1386 / +12 with its decisions printed elsewhere, in a text whose number lines happen
    # never to repeat: no run of equal values made the change the decisions
    for seed in range(40):
        truth = generate(seed, fmt="2019", blanks=False)
        lines = _collapse(render(truth, "cells", random.Random(seed))[0].decode("utf-8")).split("\n")
        at = lines.index("行政许可")
        if not all(lines[at + k].lstrip("+-").isdigit() for k in (1, 2, 3)) or lines[at + 2][0] not in "+-":
            continue  # a row printed in full, with a signed change
        decisions = lines.pop(at + 3)  # the row's decisions printed elsewhere
        at2 = lines.index("一、本年新收政府信息公开申请数量")
        lines[at2 + 1:at2 + 3] = [lines[at2 + 1] + " " + lines[at2 + 2]]  # a pdftotext line of two numbers
        report = pipeline.check_bytes("\n".join(lines).encode("utf-8"), "pdftotext.txt")
        cell = report.cells["active.licensing.decisions"]
        assert cell.status not in ("read", "inferred") or cell.value == int(decisions), (seed, cell)
        break
    else:
        raise AssertionError("no synthetic report with a signed change in 行政许可")


def test_a_line_of_numbers_that_breaks_its_row_is_not_cut_into_digits():
    # （七）总计 / 1666 389: two numbers of a row whose other values went elsewhere, not 1,6,6,6,3,8,9
    truth = generate(7, fmt="2021", blanks=False)
    lines = [line for line in render(truth, "cells", random.Random(7))[0].decode("utf-8").split("\n") if line.strip()]
    at = lines.index("（七）总计")
    total = [truth.cells[f"requests.total.{c}"] for c in APPLICANTS]
    lines[at + 1:at + 8] = ["1666 389"]
    report = pipeline.check_bytes("\n".join(lines).encode("utf-8"), "pdftotext.txt")
    for j, c in enumerate(APPLICANTS):
        cell = report.cells[f"requests.total.{c}"]
        assert cell.status != "read" or cell.value == total[j], (c, cell)


def test_a_value_after_another_sections_column_name_is_not_the_rows():
    # 行政事业性收费 / 本年处理决定数量 / 6: fees have no 处理决定数量 column; the 6 is another row's
    text = TABLE_ONE_2021.replace("行政事业性收费\n0", "行政事业性收费\n本年处理决定数量\n6").format(
        licensing="12", penalty_and_coercion="行政处罚\n5\n行政强制\n3")
    report = pipeline.check_bytes(text.encode("utf-8"), "pdftotext.txt")
    fees = report.cells["active.fees.amount"]
    assert fees.status == "ambiguous" and fees.candidates == [6]
    assert any(f.rule == "cell.unreadable" and "别的栏目的列名" in f.message for f in report.findings)


def test_a_rows_own_column_name_before_its_value_is_read():
    # 行政许可 / 本年处理决定数量 / 12: the row's own column named before its value (现行有效 38件)
    report = _table_one("行政处罚\n5\n行政强制\n3", licensing="本年处理决定数量\n12")
    assert report.cells["active.licensing.decisions"].status == "read"
    assert report.cells["active.licensing.decisions"].value == 12


def test_a_row_of_blank_cells_printed_as_empty_lines_is_no_stack():
    # 规章 / three empty lines / 行政规范性文件 / 2 / 0 / 9: a web page's copy of a row of blanks
    text = TABLE_ONE_2021.replace("规章\n0\n0\n0\n", "规章\n\n\n\n").format(
        licensing="12", penalty_and_coercion="行政处罚\n5\n行政强制\n3")
    report = pipeline.check_bytes(text.encode("utf-8"), "cells.txt")
    assert [report.cells[f"active.normative_documents.{c}"].value for c in ("issued", "repealed", "in_force")] == [2, 0, 9]
    assert report.cells["active.normative_documents.issued"].status == "read"
    assert not any("连在一起印出" in f.message for f in report.findings)


def test_a_label_column_with_more_values_after_it_than_its_rows_take_reads_none_as_the_last_rows():
    # 行政处罚 / 信息内容 / 行政强制 / 7 / 8 / 9: not one value a row, and maybe not the last row's either
    report = _table_one("行政处罚\n信息内容\n行政强制\n7\n8\n9")
    assert report.cells["active.coercion.decisions"].status not in ("read", "inferred")


def _cells_lines(seed: int, fmt: str = "2021"):
    truth = generate(seed, fmt=fmt, blanks=False)
    return truth, [line for line in render(truth, "cells", random.Random(seed))[0].decode("utf-8").split("\n")
                   if line.strip()]


def _row_values(truth, row: str) -> list[int]:
    return [truth.cells[f"requests.{row}.{c}"] for c in APPLICANTS]


def test_a_row_pieced_from_lines_that_does_not_add_up_is_not_read():
    # 1.本机关不掌握… 2 0 0 0 / 2.没有现成信息… 0 0 0 0 / 0 0 2: the first row's last three values
    # printed after the next row's label, then a group's label out of place (1471); 0 0 0 0 0 0 2 is
    # no reading of the second row
    truth, lines = _cells_lines(7)
    at = lines.index("1.本机关不掌握相关政府信息")
    assert lines[at + 8] == "2.没有现成信息需要另行制作"
    held = _row_values(truth, "unable_not_held")
    held[0] += 2
    held[6] += 2  # a row that is not all zeros
    creation = _row_values(truth, "unable_needs_creation")
    lines[at:at + 16] = [lines[at] + " " + " ".join(map(str, held[:4])),
                         lines[at + 8] + " " + " ".join(map(str, creation[:4])),
                         " ".join(map(str, held[4:])), "（三）不", "予公开", " ".join(map(str, creation[4:]))]
    report = pipeline.check_bytes("\n".join(lines).encode("utf-8"), "pdftotext.txt")
    for j, c in enumerate(APPLICANTS):
        cell = report.cells[f"requests.unable_needs_creation.{c}"]
        assert cell.status != "read", (c, cell)


def test_a_short_row_of_whole_numbers_over_lines_is_not_cut_into_digits():
    # 一、本年新收… / 120 12 / 1 / 7: four numbers the text sets apart, the rest of the row elsewhere;
    # 1,2,0,1,2,1 and 7 adds up, by chance
    truth, lines = _cells_lines(7)
    at = lines.index("一、本年新收政府信息公开申请数量")
    lines[at + 1:at + 8] = ["120 １２", "1", "7"]
    report = pipeline.check_bytes("\n".join(lines).encode("utf-8"), "pdftotext.txt")
    got = _row(report, "new")
    assert not any(cell.status == "read" and cell.value in (1, 2) and len(cell.raw or "") == 1
                   and cell.raw in "120１２" for cell in got[:2]), got


def test_table_three_printed_a_value_a_line_with_blank_lines_between_is_five_values():
    # pdftotext's default order: 0 / - / 0 / - / 0 / - / 0 / - / 0, the blank lines separate values
    truth, lines = _cells_lines(7)
    at = lines.index("四、政府信息公开行政复议、行政诉讼情况")
    first = next(i for i in range(at, len(lines)) if lines[i].isdigit())
    values = [truth.cells[f"review.reconsideration.{c}"] for c in ("upheld", "corrected", "other", "pending", "total")]
    assert lines[first:first + 5] == [str(v) for v in values]
    text = "\n".join(lines[:first]) + "\n" + "\n\n".join(lines[first:first + 5]) + "\n" + "\n".join(lines[first + 5:])
    report = pipeline.check_bytes(text.encode("utf-8"), "pdftotext.txt")
    assert [report.cells[f"review.reconsideration.{c}"].value for c in
            ("upheld", "corrected", "other", "pending", "total")] == values


def test_two_labels_glued_in_one_cell_leave_their_values_open():
    # pdftotext -layout's 行政处罚 3 0 2 / 行政强制, read as one row 行政处罚行政强制 3 0 2 (a wrapped label)
    text = ("二、主动公开政府信息情况\n第二十条第（五）项\n信息内容           上一年项目数量   本年增/减       处理决定数量\n"
            "行政许可           6         0           43\n其他对外管理服务事项     4         1           126\n"
            "第二十条第（六）项\n信息内容           上一年项目数量   本年增/减       处理决定数量\n"
            "行政处罚           3         0           2\n行政强制\n三、收到和处理政府信息公开申请情况\n")
    report = pipeline.check_bytes(text.encode("utf-8"), "pdftotext-layout.txt")
    assert report.cells["active.licensing.decisions"].value == 43
    for c in ("previous", "change", "decisions"):
        assert report.cells[f"active.coercion.{c}"].status not in ("read", "inferred")
        penalty = report.cells[f"active.penalty.{c}"]
        assert penalty.status not in ("read", "inferred") or penalty.value == {"previous": 3, "change": 0, "decisions": 2}[c]


def test_a_unit_printed_above_the_amount_is_its_unit():
    # pdftotext -layout of a wrapped cell: 政府集中采购   万元 / 7   586.4 is 586.4万元
    text = ("二、主动公开政府信息情况\n第二十条第（一）项\n信息内容     本年新制作数量    本年新公开数量      对外公开总数量\n"
            "规章         0    0    0\n规范性文件       2    2    17\n"
            "第二十条第（九）项\n信息内容               采购项目数量                采购总金额\n\n"
            "  政府集中采购                                            万元\n"
            "                            7               586.4\n三、收到和处理政府信息公开申请情况\n")
    report = pipeline.check_bytes(text.encode("utf-8"), "pdftotext-layout.txt")
    assert report.cells["active.procurement.items"].value == 7
    assert report.cells["active.procurement.amount"].value == 5864000


def test_values_on_the_second_line_of_a_wrapped_label_are_the_rows():
    # pdftotext -layout: 1.申请人无正当理由逾期不补正、 / 行政机关不再处理其政府信息公开 1 0   0   0   0   0 1 / 申请
    truth = generate(7, fmt="2021", blanks=False)
    lines = render(truth, "columns", random.Random(7))[0].decode("utf-8").split("\n")
    at = next(i for i, line in enumerate(lines) if "1.申请人无正当理由逾期不补正" in line)
    values = _row_values(truth, "other_no_correction")
    values[0] += 1
    values[6] += 1
    lines[at:at + 1] = ["      1.申请人无正当理由逾期不补正、",
                        f"      行政机关不再处理其政府信息公开 {values[0]} {values[1]}   " + "   ".join(map(str, values[2:])),
                        "              申请"]
    report = pipeline.check_bytes("\n".join(lines).encode("utf-8"), "pdftotext-layout.txt")
    got = _row(report, "other_no_correction")
    assert [c.value for c in got] == values and all(c.status == "read" for c in got), got


def _with_review_values(lines: list[str], printed: list[str]) -> list[str]:
    """The report's table 3 with its fifteen value lines replaced by `printed`."""
    at = lines.index("四、政府信息公开行政复议、行政诉讼情况")
    first = next(i for i in range(at, len(lines)) if lines[i].isdigit())
    return lines[:first] + printed + lines[first + 15:]


REVIEW = ("upheld", "corrected", "other", "pending", "total")


def test_table_three_out_of_the_texts_order_is_not_read():
    # pdftotext's order of a table with narrow header cells: 9 / 2 / 1 / 1 / 2 / 1 / 0 / 13 4 / 1 / 0 / 7 2 / 0 / 3
    truth, lines = _cells_lines(7)
    printed = ["9", "2", "1", "1", "2", "1", "0", "13 4", "1", "0", "7 2", "0", "3"]
    report = pipeline.check_bytes("\n".join(_with_review_values(lines, printed)).encode("utf-8"), "pdftotext.txt")
    assert all(report.cells[f"review.{g}.{c}"].status not in ("read", "inferred")
               for g in ("reconsideration", "suit_direct", "suit_after") for c in REVIEW)
    assert any(f.rule == "table.malformed" and "表三的数值在文字中的先后" in f.message for f in report.findings)
    assert not any(f.rule == "tables.missing" for f in report.findings)


def test_table_three_printed_with_rows_and_columns_swapped_is_not_read_in_the_texts_order():
    # 结果维持 结果纠正 / 4 / 2 / 1 / 1 / 0 / 0 / 其他结果 / 1 / 1 / 0 / 尚未审结 / 0 / 1 / 1 / 总计 / 6 / 4 / 2
    truth, lines = _cells_lines(7)
    printed = ["4", "2", "1", "1", "0", "0", "其他结果", "1", "1", "0", "尚未审结", "0", "1", "1", "总计", "6", "4", "2"]
    report = pipeline.check_bytes("\n".join(_with_review_values(lines, printed)).encode("utf-8"), "pdftotext.txt")
    assert all(report.cells[f"review.{g}.{c}"].status not in ("read", "inferred")
               for g in ("reconsideration", "suit_direct", "suit_after") for c in REVIEW)


def test_table_three_in_order_with_a_published_error_is_read():
    # one group that does not add up is the report's error, read and found
    truth, lines = _cells_lines(7)
    printed = ["2", "1", "0", "0", "4", "1", "0", "0", "1", "2", "1", "0", "0", "0", "1"]
    report = pipeline.check_bytes("\n".join(_with_review_values(lines, printed)).encode("utf-8"), "pdftotext.txt")
    assert report.cells["review.reconsideration.total"].value == 4
    assert report.cells["review.reconsideration.total"].status == "read"
    assert any(f.rule == "review.sum" for f in report.findings)


def test_a_value_inside_a_wrapped_label_is_no_misread_character_of_it():
    # 5.要求行政机关确认或重新出具 4 / 已获取信息 / 0 … / 21: the 4 is the row's first value, not a misread
    # character of a label found by likeness (and lost with it)
    truth, lines = _cells_lines(7)
    at = lines.index("5.要求行政机关确认或重新出具已获取信息")
    values = _row_values(truth, "unprocessed_confirmation")  # and a stray 21 (a page number) after them
    lines[at:at + 8] = ["5.要求行政机关确认或重新出具 " + str(values[0]), "已获取信息"] + [str(v) for v in values[1:]] + ["21"]
    report = pipeline.check_bytes("\n".join(lines).encode("utf-8"), "pdftotext.txt")
    got = _row(report, "unprocessed_confirmation")
    for cell, value in zip(got, values):
        assert cell.status not in ("read", "inferred") or cell.value == value, got


def test_a_row_short_of_its_total_is_not_filled_by_cutting_its_numbers():
    # pdftotext -raw of a table whose total column was lost at the paper's edge: 188 28 0 0 7 3 is six
    # whole numbers; 18|8 or 2|8 would fill the seven cells and break the row's sum either way
    truth = generate(7, fmt="2021", blanks=False)
    lines = render(truth, "columns", random.Random(7))[0].decode("utf-8").split("\n")
    at = next(i for i, line in enumerate(lines) if line.startswith("一、本年新收政府信息公开申请数量"))
    values = [188, 28, 0, 0, 7, 3]
    lines[at] = "一、本年新收政府信息公开申请数量 " + " ".join(map(str, values))
    report = pipeline.check_bytes("\n".join(lines).encode("utf-8"), "pdftotext-raw.txt")
    got = _row(report, "new")
    assert not any(c.status == "read" and c.value in (18, 8, 2) for c in got), got
    assert not (got[6].status == "read" and got[6].value == 3), got


def test_table_one_printed_a_cell_a_line_with_serial_numbers_reads_each_value_after_its_column_name():
    # a long grid (序号 | 项目 | 栏目 | 数值) in pdftotext -raw: 19 第二十条第（八） / 项 行政事业性收费 /
    # 上一年项目数量 0 / 20 本年增/减 0 / 21 …: the 20 is the next line's serial number, not the change
    text = ("二、主动公开政府信息情况\n序号 项目 栏目 数值\n1 第二十条第（一）\n项 规章\n本年新制作数量 0\n2 本年新公开数量 0\n"
            "3 对外公开总数量 0\n4 规范性文件\n本年新制作数量 2\n5 本年新公开数量 2\n6 对外公开总数量 15\n"
            "7 第二十条第（八）\n项 行政事业性收费\n上一年项目数量 3\n8 本年增/减 -1\n9 第二十条第（九）\n项 政府集中采购\n"
            "采购项目数量 4\n10 采购总金额 138.65万元\n三、收到和处理政府信息公开申请情况\n")
    report = pipeline.check_bytes(text.encode("utf-8"), "pdftotext-raw.txt")
    want = {"regulations.total_published": 0, "normative_documents.new_made": 2, "normative_documents.total_published": 15,
            "fees.previous": 3, "fees.change": -1, "procurement.items": 4, "procurement.amount": 1386500}
    assert {c: report.cells[f"active.{c}"].value for c in want} == want
    assert all(report.cells[f"active.{c}"].status == "read" for c in want)


def test_a_wrapped_label_with_its_numbering_printed_inside_it_is_found():
    # pdftotext -layout of a real page's print: 申请人无正当理由逾 / 1. / 期不补正、行政机关不 /
    # 再处理其政府信息公开   0 … / 申请: the "1." inside the label found by likeness is its numbering, no value
    data = (Path(__file__).parent.parent / "data" / "pdftotext" / "910612-table2.pdftotext-layout.txt").read_bytes()
    report = pipeline.check_bytes(data, "pdftotext-layout.txt")
    got = _row(report, "other_no_correction")
    assert [c.value for c in got] == [0] * 7 and all(c.status == "read" for c in got), got
