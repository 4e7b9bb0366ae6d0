"""Tables as poppler's pdftotext prints them in its default (reading) order and in -layout: table 2's
values out of step with its labels, 总计 printed second, table 3's values a blank line apart, its
results or groups as rows, a group label's piece before a numbered label (tests/test_written_txt.py
has the real prints). Each was read confidently wrong before."""
import random

import pytest

from gongkai import pipeline, spec
from gongkai.extract import columns
from gongkai.extract.numbers import Token
from gongkai.readers.text import rows_of_lines
from gongkai.synth import generate, render
from tests.extract.test_values_before_labels import values_moved_before


def _lines(seed: int, fmt: str):
    """A synthetic report copied one cell a line, without blank lines (numbers follow each other)."""
    truth = generate(seed, fmt=fmt, blanks=False)
    data, _ = render(truth, "cells", random.Random(seed))
    return truth, [line for line in data.decode("utf-8").split("\n") if line.strip()]


def _table2_labels(fmt: str) -> set[str]:
    return {spec.cell_label(f"requests.{r}.natural_person", fmt).split("·")[0].split(" ")[-1]
            for r in spec.rows_of("requests", fmt)}


@pytest.mark.parametrize("seed,fmt", [(5, "2021"), (6, "2019"), (9, "2021")])
def test_table2_values_out_of_step_with_the_labels_are_taken_seven_at_a_time(seed, fmt):
    truth, lines = _lines(seed, fmt)
    moved = values_moved_before(lines, _table2_labels(fmt))
    assert moved != lines
    report = pipeline.check_bytes("\n".join(moved).encode("utf-8"), "pdftotext.txt")
    inferred = 0
    for cid, value in truth.cells.items():
        if cid.startswith("requests."):
            cell = report.cells[cid]
            assert cell.value == value, (cid, cell)
            if cell.status == "inferred":
                assert "按顺序推得" in cell.derivation
                inferred += 1
            else:  # a row whose label the copy spells otherwise kept its values after it: in step, as printed
                assert cell.status == "read" and _row_in_step(moved, cid, fmt), (cid, cell)
    assert inferred >= 0.8 * sum(c.startswith("requests.") for c in truth.cells)
    assert any("与各行名称错开" in f.message for f in report.findings)


def _row_in_step(lines: list[str], cid: str, fmt: str) -> bool:
    """Whether the line after the row's label in `lines` is a value (its values were not moved)."""
    label = spec.cell_label(cid, fmt).split("·")[0].split(" ")[-1]
    at = next((i for i, line in enumerate(lines) if line.replace("已", "以") == label.replace("已", "以")), None)
    return at is not None and lines[at + 1].isdigit()


@pytest.mark.parametrize("seed,fmt", [(5, "2021"), (6, "2019")])
def test_table2_values_after_their_labels_are_read_as_always(seed, fmt):
    truth, lines = _lines(seed, fmt)
    report = pipeline.check_bytes("\n".join(lines).encode("utf-8"), "cells.txt")
    assert all(report.cells[c].value == v and report.cells[c].status == "read"
               for c, v in truth.cells.items() if c.startswith("requests."))
    assert not any("与各行名称错开" in f.message for f in report.findings)


def test_values_out_of_step_that_do_not_add_up_are_not_taken():
    truth, lines = _lines(5, "2021")
    moved = values_moved_before(lines, _table2_labels("2021"))
    first = next(i for i, line in enumerate(moved) if line.isdigit() and i > moved.index("申请人情况"))
    moved[first] = str(int(moved[first]) + 5)  # the table no longer adds up: nothing says whose they are
    report = pipeline.check_bytes("\n".join(moved).encode("utf-8"), "pdftotext.txt")
    assert not any("与各行名称错开" in f.message for f in report.findings)


def test_table3_values_a_blank_line_apart_are_no_empty_cells():
    # The rest of the text has numbers on lines that follow each other: there a blank line between
    # two numbers is an empty cell. Table 3's fifteen values each a blank line apart are separated so.
    truth, lines = _lines(11, "2021")
    at = max(i for i, line in enumerate(lines) if "尚未审结" in line or line == "总计") + 1
    assert all(line.isdigit() for line in lines[at:at + 15])
    spaced = lines[:at] + [x for v in lines[at:at + 15] for x in (v, "")] + lines[at + 15:]
    report = pipeline.check_bytes("\n".join(spaced).encode("utf-8"), "pdftotext.txt")
    for cid, value in truth.cells.items():
        if cid.startswith("review."):
            assert report.cells[cid].value == value and report.cells[cid].status == "read", cid


def _tokens(*values):
    return [Token(str(v)) for v in values]


def test_total_second_is_told_by_the_rows_sums():
    rows = [_tokens(104, 127, 12, 1, 0, 7, 3), _tokens(4, 5, 1, 0, 0, 0, 0), _tokens(38, 52, 7, 1, 0, 3, 3),
            _tokens(0, 0, 0, 0, 0, 0, 0)]
    assert columns.order_by_sums(rows) == columns.TOTAL_SECOND
    assert columns.reorder(rows[0], columns.TOTAL_SECOND) == _tokens(104, 12, 1, 0, 7, 3, 127)


def test_the_template_order_stands_where_any_row_fits_it_or_few_rows_tell():
    second = [_tokens(104, 127, 12, 1, 0, 7, 3), _tokens(4, 5, 1, 0, 0, 0, 0), _tokens(38, 52, 7, 1, 0, 3, 3)]
    assert columns.order_by_sums(second[:2]) is None  # two rows are not enough
    assert columns.order_by_sums(second + [_tokens(3, 1, 0, 0, 0, 0, 4)]) is None  # a row fits the template
    assert columns.order_by_sums([_tokens(3, 1, 0, 0, 0, 0, 4)] * 4) is None
    assert columns.order_by_sums(second + [_tokens(1, 2, 3)]) == columns.TOTAL_SECOND  # short rows tell nothing


def test_a_group_labels_piece_before_a_numbered_label_starts_a_row_of_its_own():
    # pdftotext -layout: the group label 三、本年度办理结果 in a narrow column, a piece a line
    lines = ["三、本 （一）予以公开         1   0   0   0   0   1   2",
             "年度办 （二）部分公开（区分",
             "理结果 处理的，只计这一情       0   0   0   0   0   0   0"]
    rows = rows_of_lines(lines)
    assert rows[0].cells[0].text.endswith("（一）予以公开")
    assert any("（二）部分公开" in c.text for row in rows[1:] for c in row.cells)


def _moved(seed: int, fmt: str):
    truth, lines = _lines(seed, fmt)
    moved = values_moved_before(lines, _table2_labels(fmt))
    head = moved.index("申请人情况")
    return truth, moved, [i for i, line in enumerate(moved) if line.isdigit() and i > head]


def test_a_labels_serial_number_cut_off_from_it_is_no_value():
    truth, moved, _ = _moved(5, "2021")
    at = next(i for i, line in enumerate(moved) if line.startswith("2.申请人逾期未按收费通知"))
    moved[at] = moved[at][2:]
    later = next(i for i, line in enumerate(moved) if line == "3.其他")
    moved.insert(later + 1, "2.")  # the number on a line of its own after the next row, as pdftotext prints it
    report = pipeline.check_bytes("\n".join(moved).encode("utf-8"), "pdftotext.txt")
    assert any("与各行名称错开" in f.message for f in report.findings)
    assert all(report.cells[c].value == v for c, v in truth.cells.items() if c.startswith("requests."))


@pytest.mark.parametrize("seed,fmt", [(5, "2021"), (6, "2019"), (9, "2021"), (16, "2021"), (12, "2019")])
@pytest.mark.parametrize("change", ["a value lost", "a value that does not add up", "a stray number"])
def test_values_before_labels_that_cannot_be_taken_in_sequence_are_never_read_wrong(seed, fmt, change):
    # Before: every row took the next row's values, confidently (pdftotext's default order of real prints).
    truth, moved, values = _moved(seed, fmt)
    expected = dict(truth.cells)
    if change == "a value lost":
        del moved[values[40]]  # the seven-at-a-time count no longer comes out
    elif change == "a stray number":
        _stray_number_after_the_table(moved)  # and some labels a copy spells otherwise kept their values after them
    else:
        moved[values[0]] = str(int(moved[values[0]]) + 5)  # the first row as published no longer adds up
        expected["requests.new.natural_person"] += 5
    report = pipeline.check_bytes("\n".join(moved).encode("utf-8"), "pdftotext.txt")
    requests = [c for c in truth.cells if c.startswith("requests.")]
    for cid in requests:
        cell = report.cells[cid]
        if cell.status in ("read", "inferred"):
            assert cell.value == expected[cid], (cid, cell)
    doubted = next((f for f in report.findings if "可能印在各行名称之前" in f.message), None)
    if doubted is None:  # every row's values before its label, and the table adds up so: read so
        assert change == "a stray number" and any("已按每行名称之前的数值读取" in f.message for f in report.findings)
    else:
        assert doubted.rule == "cell.unreadable" and doubted.cells
        assert all(report.cells[c].status in ("ambiguous", "missing") for c in doubted.cells)
    assert sum(report.cells[c].status == "read" for c in requests) >= 0.5 * len(requests)  # the rows equal either way


def _stray_number_after_the_table(moved: list[str]) -> None:
    last = max(i for i, line in enumerate(moved) if line.startswith("四、结转下年度继续办理"))
    moved.insert(last + 1, "3")  # a page number after the last label: not seven values a row in sequence


@pytest.mark.parametrize("seed,fmt", [(2, "2021"), (3, "2019")])
def test_values_before_labels_with_a_stray_number_after_the_table_are_each_rows_values_before_its_label(seed, fmt):
    truth, moved, _ = _moved(seed, fmt)
    _stray_number_after_the_table(moved)
    report = pipeline.check_bytes("\n".join(moved).encode("utf-8"), "pdftotext.txt")
    for cid, value in truth.cells.items():
        if cid.startswith("requests."):
            assert report.cells[cid].value == value, (cid, report.cells[cid])
    moved_cells = [c for c, cell in report.cells.items()
                   if cell.status == "inferred" and "取每行名称之前的数值" in (cell.derivation or "")]
    assert len(moved_cells) >= 7 * 2  # the rows whose values differ before and after their labels
    assert any(f.rule == "cell.inferred" and "已按每行名称之前的数值读取" in f.message for f in report.findings)


def test_a_row_of_numbers_before_the_first_label_of_a_table_that_adds_up_is_no_shift():
    truth, lines = _lines(5, "2021")
    first = next(i for i, line in enumerate(lines) if line.startswith("一、本年新收"))
    lines[first:first] = ["1", "2", "3", "4", "5", "6", "7"]  # the column numbers some tables print
    report = pipeline.check_bytes("\n".join(lines).encode("utf-8"), "cells.txt")
    assert all(report.cells[c].value == v and report.cells[c].status == "read"
               for c, v in truth.cells.items() if c.startswith("requests."))
    assert not any("名称之前" in f.message or "错开" in f.message for f in report.findings)
