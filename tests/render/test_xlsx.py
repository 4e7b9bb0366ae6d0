from __future__ import annotations

from io import BytesIO

import openpyxl

from gongkai import spec
from gongkai.render import findings_workbook, render_xlsx
from gongkai.report import CellValue, Finding

from .conftest import distinctive_values, make_report


def _report(agency: str, year: int, findings: list[Finding], source: str):
    r = make_report("2021")
    r.meta.update(agency=agency, year=year)
    r.source = {"name": source}
    r.findings = findings
    return r


def test_findings_workbook_rows_and_header():
    a = _report("乙县人民政府", 2024, [
        Finding("published.late", "2025年2月10日发布，晚于1月31日的期限", severity="warning"),
        Finding("requests.balance", "自然人列：本年新收 80 + 上年结转 0 ≠ 办理结果总计 79 + 结转下年度 0",
                ["requests.new.natural_person", "requests.carried_out.natural_person"],
                severity="error", evidence="一、本年新收政府信息公开申请数量 80"),
    ], "b.html")
    b = _report("甲县人民政府", 2023, [Finding("fees.unreported", "=HYPERLINK(\"http://x\",\"点击\")", severity="warning")], "a.pdf")
    empty = _report("丙县人民政府", 2023, [], "c.txt")
    wb = openpyxl.load_workbook(BytesIO(findings_workbook([a, b, empty])))
    ws = wb.active
    header = [c.value for c in ws[1]]
    assert header[:7] == ["机关", "年度", "规则", "级别", "问题说明", "涉及单元格", "来源文件"]
    assert all(c.font.bold for c in ws[1])
    assert ws.freeze_panes == "A2"
    assert ws.auto_filter.ref == f"A1:H{ws.max_row}"
    rows = [[c.value for c in row] for row in ws.iter_rows(min_row=2)]
    assert len(rows) == 3  # one per finding; a report without findings adds none
    by_rule = {r[2]: r for r in rows}
    balance = by_rule["requests.balance"]
    assert balance[:2] == ["乙县人民政府", 2024] and balance[3] == "错误" and balance[6] == "b.html"
    assert "requests.new.natural_person（一、本年新收政府信息公开申请数量·自然人）" in balance[5]
    assert "requests.carried_out.natural_person（四、结转下年度继续办理·自然人）" in balance[5]
    assert balance[7] == "一、本年新收政府信息公开申请数量 80"
    assert by_rule["published.late"][3] == "警告"
    # Sorted by agency, then year, then severity: 乙县's error before its warning.
    order = [r[2] for r in rows if r[0] == "乙县人民政府"]
    assert order == ["requests.balance", "published.late"]
    # Text that looks like a formula stays text.
    fee = ws.cell(row=1 + [r[2] for r in rows].index("fees.unreported") + 1, column=5)
    assert fee.data_type == "s" and fee.value.startswith("=HYPERLINK")


def test_findings_workbook_of_nothing_has_a_header():
    ws = openpyxl.load_workbook(BytesIO(findings_workbook([]))).active
    assert ws.max_row == 1 and ws.cell(1, 1).value == "机关"


def test_report_sheet_merges_and_values(fmt):
    values = distinctive_values(fmt)
    r = make_report(fmt)
    r.cells["requests.new.research"] = CellValue(None, "ambiguous", "1 2", candidates=[1, 2])
    wb = openpyxl.load_workbook(BytesIO(render_xlsx(r)))
    ws = wb["年度报告"]
    note = [c for row in ws.iter_rows() for c in row if c.value and str(c.value).startswith("（本列数据的勾稽关系")]
    assert len(note) == 1
    (rng,) = [m for m in ws.merged_cells.ranges if m.min_row == note[0].row and m.min_col == note[0].column]
    assert (rng.max_row - rng.min_row + 1, rng.max_col - rng.min_col + 1) == (3, 3)
    # The row labelled 2.重复申请 holds its seven numbers, as numbers.
    (label,) = [c for row in ws.iter_rows() for c in row if c.value == "2.重复申请"]
    printed = [ws.cell(label.row, col).value for col in range(label.column + 1, label.column + 8)]
    assert printed == [values[f"requests.unprocessed_duplicate.{c}"] for c in spec.columns_of("requests", fmt, "x")]
    # An unresolved cell is empty, with a comment saying why.
    (new_label,) = [c for row in ws.iter_rows() for c in row if c.value == "一、本年新收政府信息公开申请数量"]
    research = ws.cell(new_label.row, 4 + 2)
    assert research.value is None and "可能为：1、2" in research.comment.text
    data = wb["数据"]
    ids = [data.cell(i, 1).value for i in range(2, data.max_row + 1)]
    assert ids == list(spec.cell_ids(fmt))


def test_report_sheet_table_1_and_3(fmt):
    values = distinctive_values(fmt)
    ws = openpyxl.load_workbook(BytesIO(render_xlsx(make_report(fmt))))["年度报告"]
    merged = {(m.min_row, m.min_col): m for m in ws.merged_cells.ranges}
    (licensing,) = [c for row in ws.iter_rows() for c in row if c.value == "行政许可"]
    label_range = merged[(licensing.row, licensing.column)]
    assert (label_range.min_col, label_range.max_col) == (1, 3)  # the label sits over the row-label columns
    first = ws.cell(licensing.row, label_range.max_col + 1)
    if fmt == "2021":  # one value column: it spans all value columns of the table
        assert first.value == values["active.licensing.decisions"]
        span = merged[(first.row, first.column)]
        assert span.max_col - span.min_col + 1 == 6
    else:
        assert first.value == values["active.licensing.previous"]
    (reconsideration,) = [c for row in ws.iter_rows() for c in row if c.value == "行政复议"]
    numbers = [ws.cell(reconsideration.row + 3, reconsideration.column + k).value for k in range(15)]
    assert numbers == [values[cid] for cid in spec.cell_ids(fmt, "review")]
