"""Exports: all cells in long form (CSV, Parquet), the findings workbook, the rectification notice (DOCX)."""
from __future__ import annotations

import csv
import io


from .models import Cell, Finding, Notice
from .tables import label_of

CELL_COLUMNS = ("agency", "agency_id", "year", "version", "cell_id", "value", "status")


def cell_rows(agency_ids_q, year: int | None = None):
    qs = Cell.objects.filter(current=True, agency__in=agency_ids_q)
    if year:
        qs = qs.filter(year=year)
    return (qs.order_by("agency__path", "year", "id")
            .values_list("agency__name", "agency_id", "year", "version__number", "cell_id", "value", "status")
            .iterator(chunk_size=5000))


class _Echo:
    def write(self, value):
        return value


def cells_csv_stream(rows):
    writer = csv.writer(_Echo())
    yield "\ufeff" + writer.writerow(CELL_COLUMNS)  # BOM: Excel opens the Chinese names correctly
    for r in rows:
        yield writer.writerow(r)


def cells_parquet(rows) -> bytes:
    import pyarrow as pa
    import pyarrow.parquet as pq
    cols = {k: [] for k in CELL_COLUMNS}
    for r in rows:
        for k, v in zip(CELL_COLUMNS, r):
            cols[k].append(v)
    table = pa.table({
        "agency": pa.array(cols["agency"], pa.string()), "agency_id": pa.array(cols["agency_id"], pa.int64()),
        "year": pa.array(cols["year"], pa.int16()), "version": pa.array(cols["version"], pa.int32()),
        "cell_id": pa.array(cols["cell_id"], pa.string()), "value": pa.array(cols["value"], pa.float64()),
        "status": pa.array(cols["status"], pa.string()),
    })
    buf = io.BytesIO()
    pq.write_table(table, buf)
    return buf.getvalue()


STATE_LABELS = dict(Finding.State.choices)
SEVERITY_LABELS = {"error": "错误", "warning": "警告", "info": "提示"}


def findings_workbook(findings) -> bytes:
    """One row per finding with its review state (the engine's workbook has no review columns)."""
    from openpyxl import Workbook
    from openpyxl.styles import Font
    wb = Workbook()
    ws = wb.active
    ws.title = "问题清单"
    ws.append(["机关", "年度", "版本", "规则", "严重程度", "说明", "涉及单元格", "审核状态", "审核意见", "审核人"])
    for c in ws[1]:
        c.font = Font(bold=True)
    for f in findings:
        ws.append([f.agency.name, f.year, f.version.number, f.rule, SEVERITY_LABELS.get(f.severity, f.severity),
                   f.message, "；".join(label_of(c) for c in f.cells),
                   STATE_LABELS.get(f.state, f.state), f.note, f.reviewer.get_username() if f.reviewer else ""])
    for col, width in zip("ABCDEFGHIJ", (28, 8, 6, 22, 10, 60, 40, 10, 30, 12)):
        ws.column_dimensions[col].width = width
    buf = io.BytesIO()
    wb.save(buf)
    return buf.getvalue()


def notice_docx(notice: Notice) -> bytes:
    from docx import Document
    from docx.enum.text import WD_ALIGN_PARAGRAPH
    doc = Document()
    title = doc.add_heading(f"关于{notice.report.year}年度政府信息公开工作年度报告的整改通知", level=1)
    title.alignment = WD_ALIGN_PARAGRAPH.CENTER
    doc.add_paragraph(f"{notice.agency.name}：")
    doc.add_paragraph(
        f"经审核，你单位发布的《{notice.version.title or f'{notice.report.year}年度政府信息公开工作年度报告'}》"
        f"（第{notice.version.number}版）存在以下问题，请对照《中华人民共和国政府信息公开条例》和年度报告格式要求"
        f"认真核实整改，并重新发布更正后的年度报告。")
    for i, item in enumerate(notice.items, 1):
        cells = "；".join(label_of(c) for c in item.get("cells") or [])
        doc.add_paragraph(f"{i}. {item['message']}")
        if cells:
            doc.add_paragraph(f"    涉及：{cells}")
    if notice.note:
        doc.add_paragraph(f"整改要求：{notice.note}")
    doc.add_paragraph(f"通知日期：{notice.created_at:%Y年%m月%d日}")
    buf = io.BytesIO()
    doc.save(buf)
    return buf.getvalue()
