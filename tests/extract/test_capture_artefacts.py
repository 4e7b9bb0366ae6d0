"""Artefacts of text captures, read by the rows' relations, never by guessing: a capture that kept
one line of each run of equal lines (a crawler's de-duplication: "0" for a row of zeros, "4 / 0 / 4"
for 4,0,0,0,0,0,4), and a number printed in two pieces on neighbouring lines ("1" "62" for 162)."""
import random

from hypothesis import given, settings, strategies as st

from gongkai import pipeline
from gongkai.extract.artefacts import PIECES_DERIVATION, RUNS_DERIVATION, collapsed_runs
from gongkai.readers import read_bytes
from gongkai.synth import generate, render


def _collapse(text: str) -> str:
    """Keep one line of each run of equal consecutive lines, as the crawler did (and no empty line)."""
    kept: list[str] = []
    for line in text.split("\n"):
        if line.strip() and (not kept or line != kept[-1]):
            kept.append(line)
    return "\n".join(kept)


def _cells_text(seed: int, fmt: str) -> tuple[object, str]:
    report = generate(seed, fmt=fmt, blanks=False)
    data, _ = render(report, "cells", random.Random(seed))
    return report, data.decode("utf-8")


def _table_two(seed: int, fmt: str):
    """A one-cell-per-line report's truth, its non-empty lines, and where table 2 stands among them:
    its first label up to its last row's seven values."""
    truth, text = _cells_text(seed, fmt)
    lines = [line for line in text.split("\n") if line.strip()]
    start = lines.index("一、本年新收政府信息公开申请数量")
    return truth, lines, start, next(i for i, line in enumerate(lines) if line.startswith("四、结转下年度")) + 8


def test_a_one_cell_per_line_report_is_not_taken_for_a_collapsed_capture():
    _, text = _cells_text(3, "2021")
    assert not collapsed_runs(read_bytes(text.encode("utf-8"), "r.txt"))
    assert collapsed_runs(read_bytes(_collapse(text).encode("utf-8"), "r.txt"))


def _never_wrong(report, truth) -> None:
    """Every cell read or inferred is the true value; every ambiguous cell has it among its candidates."""
    for cid, value in truth.cells.items():
        cell = report.cells[cid]
        if cell.status in ("read", "inferred"):
            assert cell.value == value, (cid, cell, value)
        if cell.status == "ambiguous":
            assert value in cell.candidates, (cid, cell, value)


@settings(max_examples=25, deadline=None, derandomize=True)
@given(seed=st.integers(0, 10_000), fmt=st.sampled_from(["2019", "2021"]))
def test_expanded_runs_are_never_a_wrong_number(seed, fmt):
    truth, text = _cells_text(seed, fmt)
    report = pipeline.check_bytes(_collapse(text).encode("utf-8"), "collapsed.txt")
    _never_wrong(report, truth)


@settings(max_examples=25, deadline=None, derandomize=True)
@given(seed=st.integers(0, 10_000), fmt=st.sampled_from(["2019", "2021"]))
def test_a_table_with_zeros_left_blank_is_never_a_wrong_number(seed, fmt):
    # The published table 2 leaves its zeros blank and the capture drops blank cells as well: a row
    # may then hold its values in any columns, so where the relations do not tell, cells stay ambiguous.
    truth, lines, start, end = _table_two(seed, fmt)
    lines[start:end] = ["" if line == "0" else line for line in lines[start:end]]
    report = pipeline.check_bytes(_collapse("\n".join(lines)).encode("utf-8"), "collapsed.txt")
    _never_wrong(report, truth)


def test_rows_of_table_two_expand_by_their_total():
    _, text = _cells_text(11, "2021")
    lines = [line for line in text.split("\n") if line.strip()]
    start = lines.index("一、本年新收政府信息公开申请数量")
    # this report's 本年新收 row, printed 4,0,0,0,0,0,4 and collapsed to three lines
    lines[start + 1:start + 8] = ["4", "0", "0", "0", "0", "0", "4"]
    report = pipeline.check_bytes(_collapse("\n".join(lines)).encode("utf-8"), "collapsed.txt")
    got = [report.cells[f"requests.new.{c}"] for c in
           ("natural_person", "commercial", "research", "public_interest", "legal_services", "other_org", "total")]
    assert [c.value for c in got] == [4, 0, 0, 0, 0, 0, 4]
    assert {c.status for c in got} == {"inferred"} and got[0].derivation == RUNS_DERIVATION


def _with_new_row(values: list[str]) -> bytes:
    _, text = _cells_text(11, "2021")
    lines = [line for line in text.split("\n") if line.strip()]
    start = lines.index("一、本年新收政府信息公开申请数量")
    lines[start + 1:start + 8] = values
    return "\n".join(lines).encode("utf-8")


def _new_row(report):
    return [report.cells[f"requests.new.{c}"] for c in
            ("natural_person", "commercial", "research", "public_interest", "legal_services", "other_org", "total")]


def test_a_number_printed_in_two_pieces_is_joined_by_the_row_total():
    report = pipeline.check_bytes(_with_new_row(["160", "0", "0", "2", "0", "0", "1", "62"]), "pieces.txt")
    got = _new_row(report)
    assert [c.value for c in got] == [160, 0, 0, 2, 0, 0, 162]
    assert {c.status for c in got} == {"inferred"} and got[-1].derivation == PIECES_DERIVATION


def test_a_row_no_join_balances_stays_malformed():
    report = pipeline.check_bytes(_with_new_row(["16", "0", "0", "2", "0", "0", "1", "62"]), "pieces.txt")
    # (the cells may still follow from the other rows, through the columns: never from a join)
    assert all(c.derivation != PIECES_DERIVATION and c.value != 162 for c in _new_row(report))
    assert any(f.rule == "table.malformed" and "本年新收" in f.message for f in report.findings)


def test_a_zero_and_the_next_value_are_no_number_in_pieces():
    # 5 0 0 0 0 0 5 10 (a stray 10 after the row): "0" "5" would be 05, no number a report prints
    report = pipeline.check_bytes(_with_new_row(["5", "0", "0", "0", "0", "0", "5", "10"]), "pieces.txt")
    assert all(c.derivation != PIECES_DERIVATION for c in _new_row(report))
    assert not (_new_row(report)[-1].status in ("read", "inferred") and _new_row(report)[-1].value == 10)


def _with_lines_after(label: str, values: list[str], n: int, fmt: str = "2019", collapse: bool = False) -> bytes:
    """The seed-11 report in the one-cell-per-line layout, the n value lines after `label` replaced."""
    _, text = _cells_text(11, fmt)
    lines = [line for line in text.split("\n") if line.strip()]
    start = lines.index(label)
    lines[start + 1:start + 1 + n] = values
    text = "\n".join(lines)
    return (_collapse(text) if collapse else text).encode("utf-8")


def test_a_sign_or_a_unit_on_a_line_of_its_own_stays_in_its_row():
    # 莆田 2019: 20 / 增 / 7 / 1 and 11 / 批 / 129323 / 元 (the crawler put each span on a line)
    data = _with_lines_after("其他对外管理服务事项", ["20", "增", "7", "1"], 3)
    report = pipeline.check_bytes(data, "spans.txt")
    got = [report.cells[f"active.other_services.{c}"] for c in ("previous", "change", "decisions")]
    assert [(c.status, c.value) for c in got] == [("read", 20), ("read", 7), ("read", 1)]
    data = _with_lines_after("其他对外管理服务事项", ["20", "减", "7", "1"], 3)
    cells = pipeline.check_bytes(data, "spans.txt").cells
    assert cells["active.other_services.change"].value == -7
    assert cells["active.other_services.decisions"].value == 1  # the sign is the next value's only


def test_runs_are_not_expanded_across_a_word_that_cut_the_row_short():
    # After an unknown word the row's numbers go on: "20" alone is not 20, 20, 20.
    data = _with_lines_after("其他对外管理服务事项", ["20", "另计", "7", "1"], 3, collapse=True)
    report = pipeline.check_bytes(data, "collapsed.txt")
    for c in ("change", "decisions"):
        cell = report.cells[f"active.other_services.{c}"]
        assert not (cell.status in ("read", "inferred") and cell.value == 20), (c, cell)


def test_a_decimal_point_on_a_line_of_its_own_joins_the_number():
    # 莆田 2023: 行政事业性收费 / 851 / . / 776247 (851.776247 万元): never 851
    data = _with_lines_after("行政事业性收费", ["851", ".", "776247"], 1, fmt="2021")
    cell = pipeline.check_bytes(data, "spans.txt").cells["active.fees.amount"]
    assert (cell.status, cell.value) == ("read", 851.776247)


def _procurement(values: list[str], collapse: bool = False):
    data = _with_lines_after("政府集中采购", values, 2, collapse=collapse)
    cells = pipeline.check_bytes(data, "spans.txt").cells
    return cells["active.procurement.items"], cells["active.procurement.amount"]


def test_a_unit_on_a_line_of_its_own_belongs_to_the_value_before_it():
    # 莆田 2019: 政府集中采购 / 1 / 16 / 万 (16万元: recorded as 160000 元), then the next heading
    items, amount = _procurement(["1", "16", "万"])
    assert (items.status, items.value) == ("read", 1)
    assert (amount.status, amount.value, amount.raw) == ("read", 160000, "16万")


def test_a_count_with_its_measure_word_is_a_number():
    # 莆田 2020: 政府集中采购 / 3批 / 160200元
    items, amount = _procurement(["3批", "160200元"])
    assert (items.status, items.value, items.raw) == ("read", 3, "3批")
    assert (amount.status, amount.value) == ("read", 160200)


def test_an_amount_of_money_is_no_run_into_a_count():
    # The count on a line the reader cannot take: "160200元" alone is not 160200 items.
    items, amount = _procurement(["若干批", "160200元"], collapse=True)
    assert not (items.status in ("read", "inferred") and items.value == 160200), items


def test_blank_cells_a_capture_left_out_are_read_by_the_relations():
    # 莆田 2019: one application (自然人 1, 总计 1) in a table whose other cells were left blank; the
    # crawler dropped the blank cells, so the rows 本年新收, 予以公开 and 总计 read "1" each. Whatever
    # column the 1 is in, 总计 is 1; the column itself is not told.
    _, text = _cells_text(11, "2019")
    lines = [line for line in text.split("\n") if line.strip()]
    start, end = lines.index("一、本年新收政府信息公开申请数量"), lines.index("四、结转下年度继续办理") + 8
    one, zeros, blanks = ["1", "", "", "", "", "", "1"], ["0"] * 7, [""] * 7
    groups = iter([one, zeros, one] + [blanks] * 18 + [one, zeros])  # the 23 rows of the 2019 table
    table, i = [], start
    while i < end:
        if lines[i].isdigit():
            table.extend(next(groups))
            i += 7
        else:
            table.append(lines[i])
            i += 1
    lines[start:end] = table
    report = pipeline.check_bytes(_collapse("\n".join(lines)).encode("utf-8"), "collapsed.txt")
    for row in ("requests.new", "requests.granted", "requests.total"):
        total = report.cells[f"{row}.total"]
        assert (total.status, total.value) == ("inferred", 1), (row, total)
        person = report.cells[f"{row}.natural_person"]
        assert (person.status, person.candidates) == ("ambiguous", [0, 1]), (row, person)
    assert report.cells["requests.denied_state_secret.total"].value in (0, None)


def test_table_three_of_zeros_ends_at_the_long_section_five_heading():
    # 莆田 2019: table 3 printed "0" (15 zeros collapsed), then the heading in the 2019 notice's own
    # words, 五、政府信息公开工作存在的主要问题及改进情况 (13 characters before 问题)
    truth, text = _cells_text(11, "2019")
    lines = [line for line in text.split("\n") if line.strip()]
    five = next(i for i, line in enumerate(lines) if line.startswith("五、"))
    lines[five - 15:five + 1] = ["0"] * 15 + ["五、政府信息公开工作存在的主要问题及改进情况", "（一）存在的问题",
                                                "2020", "年，公开的内容形式较为单一。"]  # a span per line
    report = pipeline.check_bytes(_collapse("\n".join(lines)).encode("utf-8"), "collapsed.txt")
    review = {cid: cell for cid, cell in report.cells.items() if cid.startswith("review.")}
    assert len(review) == 15 and {(c.value, c.status) for c in review.values()} == {(0, "inferred")}


@settings(max_examples=15, deadline=None, derandomize=True)
@given(seed=st.integers(0, 10_000), fmt=st.sampled_from(["2019", "2021"]))
def test_empty_cells_copied_as_empty_lines_read_as_blanks(seed, fmt):
    # A page copied one cell per line with no blank lines between cells: an empty cell of table 2
    # leaves an empty line. Here every zero among a row's five 法人或其他组织 columns is left empty.
    truth, lines, start, end = _table_two(seed, fmt)
    blanked = set()
    for i in range(start, end):  # a row: its label, then its seven values
        label, values = lines[i], lines[i + 1:i + 8]
        if len(values) == 7 and all(v.isdigit() for v in values) and not label.isdigit():
            for j in range(1, 6):
                if values[j] == "0":
                    lines[i + 1 + j] = ""
                    blanked.add((i, j))
    assert blanked
    report = pipeline.check_bytes("\n".join(lines).encode("utf-8"), "copied.txt")
    for cid, value in truth.cells.items():
        cell = report.cells[cid]
        assert cell.status in ("read", "blank") and (cell.value or 0) == value, (cid, cell, value)
    left_blank = [c for c in report.cells.values() if c.status == "blank"]
    assert len(left_blank) == len(blanked)
