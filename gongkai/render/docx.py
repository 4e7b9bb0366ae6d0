"""Report -> DOCX (python-docx) in the official layout, with real merged cells.

Fonts: every run names an East Asian font (w:eastAsia) so Word uses a Chinese face instead of
falling back per character; 宋体 for body and tables, 黑体 for headings, as official reports do.
"""
from __future__ import annotations

from io import BytesIO

from docx import Document
from docx.enum.table import WD_CELL_VERTICAL_ALIGNMENT, WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Cm, Pt

from .. import spec
from ..report import Report
from . import content, layout

BODY_FONT = "宋体"
HEADING_FONT = "黑体"
LATIN_FONT = "Times New Roman"
TEXT_WIDTH_CM = 17.0  # A4 (21 cm) less 2 cm margins each side
TABLE_FONT_PT = {"active": 10.5, "requests": 9, "review": 9}


def _set_fonts(owner, east_asia: str):
    """Set the Latin and the East Asian font of a run or a style."""
    owner.font.name = LATIN_FONT
    element = owner._r if hasattr(owner, "_r") else owner.element
    element.get_or_add_rPr().get_or_add_rFonts().set(qn("w:eastAsia"), east_asia)


def _run(paragraph, text: str, east_asia: str = BODY_FONT, size: float = 12, bold: bool = False):
    run = paragraph.add_run(content.clean_text(text))
    run.font.size = Pt(size)
    run.font.bold = bold
    _set_fonts(run, east_asia)
    return run


def _paragraph(doc, text: str, *, font=BODY_FONT, size=12, bold=False, align=None, indent=True):
    p = doc.add_paragraph()
    if align is not None:
        p.alignment = align
    if indent:
        p.paragraph_format.first_line_indent = Pt(size * 2)
    p.paragraph_format.space_after = Pt(4)
    _run(p, text, font, size, bold)
    return p


def _repeat_as_header(row):
    trpr = row._tr.get_or_add_trPr()
    el = OxmlElement("w:tblHeader")
    el.set(qn("w:val"), "true")
    trpr.append(el)


def _table(doc, report: Report, table: layout.Table):
    grid = doc.add_table(rows=table.nrows, cols=table.ncols)
    grid.style = "Table Grid"
    grid.alignment = WD_TABLE_ALIGNMENT.CENTER
    grid.autofit = False
    total = sum(table.widths)
    widths = [Cm(TEXT_WIDTH_CM * w / total) for w in table.widths]
    # The grid's cells before any merge; table.cell() rescans the whole table on every call.
    cells = [list(row.cells) for row in grid.rows]
    for row in cells:
        for i, cell in enumerate(row):
            cell.width = widths[i]
    for i in range(table.header_rows):
        _repeat_as_header(grid.rows[i])
    size = TABLE_FONT_PT[table.key]
    for slot in table.slots:  # slots never overlap, so each corner cell is still in place
        cell = cells[slot.row][slot.col]
        if slot.colspan > 1 or slot.rowspan > 1:
            cell = cell.merge(cells[slot.row + slot.rowspan - 1][slot.col + slot.colspan - 1])
        cell.vertical_alignment = WD_CELL_VERTICAL_ALIGNMENT.CENTER
        p = cell.paragraphs[0]
        p.alignment = WD_ALIGN_PARAGRAPH.LEFT if slot.kind == "label" else WD_ALIGN_PARAGRAPH.CENTER
        text = content.display(report.cells.get(slot.cell)) if slot.is_value else slot.text
        if text:
            _run(p, text, BODY_FONT, size)
    return grid


def render_docx(report: Report) -> bytes:
    fmt = content.report_format(report)
    doc = Document()
    section = doc.sections[0]
    section.page_width, section.page_height = Cm(21), Cm(29.7)
    section.left_margin = section.right_margin = Cm(2)
    section.top_margin = section.bottom_margin = Cm(2.5)
    normal = doc.styles["Normal"]
    normal.font.size = Pt(12)
    _set_fonts(normal, BODY_FONT)
    title = content.title(report)
    doc.core_properties.title = title
    doc.core_properties.author = content.clean_text((report.meta or {}).get("agency")) or "gongkai"

    _paragraph(doc, title, size=18, bold=True, align=WD_ALIGN_PARAGRAPH.CENTER, indent=False)
    _paragraph(doc, content.opening(report))
    for key, heading in spec.SECTIONS.items():
        _paragraph(doc, heading, font=HEADING_FONT, size=14, bold=True, indent=False)
        for text in content.section_paragraphs(report, key):
            _paragraph(doc, text)
        table = layout.table_for_section(fmt, key)
        if table is not None:
            _table(doc, report, table)
            doc.add_paragraph()
    for line in content.signature(report):
        _paragraph(doc, line, align=WD_ALIGN_PARAGRAPH.RIGHT, indent=False)
    out = BytesIO()
    doc.save(out)
    return out.getvalue()
