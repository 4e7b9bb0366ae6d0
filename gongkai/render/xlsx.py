"""Report -> XLSX (the three tables, merged as on the form) and the findings workbook (openpyxl).

Every string is written as a string cell, never as a formula: text from a document that starts with
"=" must not become an Excel formula.
"""
from __future__ import annotations

from io import BytesIO
from math import ceil
import unicodedata

from openpyxl import Workbook
from openpyxl.comments import Comment
from openpyxl.styles import Alignment, Border, Font, PatternFill, Side
from openpyxl.utils import get_column_letter

from .. import spec
from ..report import SEVERITY_ORDER, Report
from . import content, layout

SEVERITY_NAMES = {"error": "错误", "warning": "警告", "info": "提示"}
FONT_NAME = "宋体"
_thin = Side(style="thin", color="000000")
BORDER = Border(left=_thin, right=_thin, top=_thin, bottom=_thin)
CENTER = Alignment(horizontal="center", vertical="center", wrap_text=True)
LEFT = Alignment(horizontal="left", vertical="center", wrap_text=True)
TOP_LEFT = Alignment(horizontal="left", vertical="top", wrap_text=True)


def _width(text: str) -> int:
    """Display width in Excel column units: a CJK character counts two."""
    return sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in text)


def _put(ws, row: int, col: int, value, *, font=None, align=None, border=None):
    """Write one cell; strings stay strings (no formula), cleaned of characters XML forbids."""
    cell = ws.cell(row=row, column=col)
    if isinstance(value, str):
        cell.value = content.clean_text(value)
        cell.data_type = "s"
    else:
        cell.value = value
    if font is not None:
        cell.font = font
    if align is not None:
        cell.alignment = align
    if border is not None:
        cell.border = border
    return cell


# Sheet columns: A..C hold the row labels of table 2 (and the label of table 1), D.. the numbers.
LABEL_WIDTHS = [8, 12, 34]
VALUE_WIDTH = 11
VALUE_COLUMNS_OF_ACTIVE = 6  # table 1's value columns are spread over D..I


def _column_map(table: layout.Table) -> list[tuple[int, int]]:
    """For each grid column of a table, the (first, last) sheet columns it covers (1-based).

    Table 2 maps one to one; table 1 puts its label column over A..C and spreads its value units
    over D..I; table 3 (fifteen numbers, no label column) starts at D, beside table 2's numbers.
    """
    if table.key == "requests":
        return [(c + 1, c + 1) for c in range(table.ncols)]
    if table.key == "review":
        return [(c + 4, c + 4) for c in range(table.ncols)]
    units = table.ncols - 1
    per = max(1, VALUE_COLUMNS_OF_ACTIVE // units)
    return [(1, 3)] + [(4 + u * per, 3 + (u + 1) * per) for u in range(units)]


def _sheet_width(col: int) -> float:
    return LABEL_WIDTHS[col - 1] if col <= len(LABEL_WIDTHS) else VALUE_WIDTH


def _write_table(ws, report: Report, table: layout.Table, top: int) -> int:
    """Write one table with its first row at sheet row `top`; return the next free row."""
    cols = _column_map(table)
    size = 10.5 if table.key == "active" else 9
    heights = [15.0] * table.nrows
    for slot in table.slots:
        r = top + slot.row
        first, last = cols[slot.col][0], cols[slot.col + slot.colspan - 1][1]
        for rr in range(r, r + slot.rowspan):  # borders on every covered cell, so merges show a full frame
            for cc in range(first, last + 1):
                ws.cell(row=rr, column=cc).border = BORDER
        if slot.is_value:
            cv = report.cells.get(slot.cell)
            shown = content.display(cv)
            value = cv.value if shown else None
            if isinstance(value, str):
                value = shown
            cell = _put(ws, r, first, value, font=Font(name=FONT_NAME, size=size), align=CENTER)
            if content.status_of(cv) in ("inferred", "ambiguous", "missing"):
                cell.comment = Comment(content.cell_title(slot.cell, cv, table.fmt), "gongkai")
            if isinstance(value, float) and not value.is_integer():
                cell.number_format = "0.######"
            text = shown
        else:
            _put(ws, r, first, slot.text, font=Font(name=FONT_NAME, size=size),
                 align=LEFT if slot.kind == "label" else CENTER)
            text = slot.text
        if last > first or slot.rowspan > 1:
            ws.merge_cells(start_row=r, start_column=first, end_row=r + slot.rowspan - 1, end_column=last)
        # Row height: the lines the text needs in its merged width, shared over its rows.
        avail = sum(_sheet_width(c) for c in range(first, last + 1)) * (1.0 if size <= 9 else 0.85)
        lines = max(1, ceil(_width(text) / max(avail - 1, 1)))
        per_row = lines * (size * 1.45) / slot.rowspan
        for k in range(slot.rowspan):
            heights[slot.row + k] = max(heights[slot.row + k], per_row)
    for i, h in enumerate(heights):
        ws.row_dimensions[top + i].height = round(h, 1)
    return top + table.nrows


def render_xlsx(report: Report) -> bytes:
    fmt = content.report_format(report)
    wb = Workbook()
    ws = wb.active
    ws.title = "年度报告"
    tables = layout.tables(fmt)
    last_col = max(_column_map(t)[-1][1] for t in tables)
    for c in range(1, last_col + 1):
        ws.column_dimensions[get_column_letter(c)].width = _sheet_width(c)
    title_cols = _column_map(tables[1])[-1][1]  # the title spans table 2, the widest table on paper
    _put(ws, 1, 1, content.title(report), font=Font(name=FONT_NAME, size=14, bold=True), align=CENTER)
    ws.merge_cells(start_row=1, start_column=1, end_row=1, end_column=title_cols)
    ws.row_dimensions[1].height = 30
    row = 3
    for key, heading in spec.SECTIONS.items():
        table = layout.table_for_section(fmt, key)
        if table is None:
            continue
        _put(ws, row, 1, heading, font=Font(name="黑体", size=12, bold=True))
        row = _write_table(ws, report, table, row + 1) + 1
    ws.page_setup.paperSize = ws.PAPERSIZE_A4
    ws.page_setup.fitToWidth = 1
    ws.page_setup.fitToHeight = 0
    ws.sheet_properties.pageSetUpPr.fitToPage = True

    data = wb.create_sheet("数据")  # one row per cell, for reading by program
    header = ["单元格", "名称", "数值", "状态", "说明"]
    for i, h in enumerate(header, 1):
        _put(data, 1, i, h, font=Font(bold=True))
    for n, cid in enumerate(spec.cell_ids(fmt), 2):
        cv = report.cells.get(cid)
        shown = content.display(cv)
        _put(data, n, 1, cid)
        _put(data, n, 2, spec.cell_label(cid, fmt))
        _put(data, n, 3, cv.value if shown else None)
        _put(data, n, 4, content.STATUS_NAMES[content.status_of(cv)])
        _put(data, n, 5, content.describe(cv))
    for letter, w in zip("ABCDE", (40, 60, 14, 10, 40)):
        data.column_dimensions[letter].width = w
    data.freeze_panes = "A2"
    out = BytesIO()
    wb.save(out)
    return out.getvalue()


FINDINGS_HEADER = ["机关", "年度", "规则", "级别", "问题说明", "涉及单元格", "来源文件", "原文摘录"]
FINDINGS_WIDTHS = [28, 8, 26, 8, 60, 50, 32, 40]


def _cells_text(cells: list[str], fmt: str) -> str:
    parts = []
    for cid in cells:
        try:
            parts.append(f"{cid}（{spec.cell_label(cid, fmt)}）")
        except (KeyError, ValueError):  # not a cell of the spec: show the id as given
            parts.append(str(cid))
    return "\n".join(parts)


def findings_workbook(reports: list[Report]) -> bytes:
    """One row per finding of every report: the list an oversight office sends to agencies."""
    wb = Workbook()
    ws = wb.active
    ws.title = "问题清单"
    bold = Font(name=FONT_NAME, bold=True)
    fill = PatternFill("solid", fgColor="DDE5F0")
    for i, h in enumerate(FINDINGS_HEADER, 1):
        c = _put(ws, 1, i, h, font=bold, align=CENTER, border=BORDER)
        c.fill = fill
    rows = []
    for report in reports:
        meta = report.meta or {}
        fmt = content.report_format(report)
        agency = content.clean_text(meta.get("agency")) or content.clean_text((report.source or {}).get("name"))
        year = meta.get("year") if isinstance(meta.get("year"), int) else None
        for f in report.findings:
            rows.append((agency, year, f.rule, f.severity, f.message, _cells_text(f.cells, fmt),
                         content.clean_text((report.source or {}).get("name")), content.clean_text(f.evidence)))
    rows.sort(key=lambda r: (r[0], r[1] or 0, SEVERITY_ORDER.get(r[3], 9), r[2]))
    for n, (agency, year, rule, severity, message, cells, source, evidence) in enumerate(rows, 2):
        values = [agency, year, rule, SEVERITY_NAMES.get(severity, severity), message, cells, source, evidence]
        for i, v in enumerate(values, 1):
            _put(ws, n, i, v if v != "" else None, font=Font(name=FONT_NAME),
                 align=CENTER if i in (2, 4) else TOP_LEFT)
    for i, w in enumerate(FINDINGS_WIDTHS, 1):
        ws.column_dimensions[get_column_letter(i)].width = w
    ws.freeze_panes = "A2"
    ws.auto_filter.ref = f"A1:{get_column_letter(len(FINDINGS_HEADER))}{max(1, len(rows)) + (1 if rows else 0)}"

    out = BytesIO()
    wb.save(out)
    return out.getvalue()
