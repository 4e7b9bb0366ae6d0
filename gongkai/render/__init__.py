"""Report -> HTML / DOCX / XLSX / PDF in the official layout, and the findings workbook.

    render_html(report)            -> str   (html.py; standalone page or fragment)
    render_docx(report)            -> bytes (docx.py, python-docx)
    render_xlsx(report)            -> bytes (xlsx.py, openpyxl)
    findings_workbook(reports)     -> bytes (xlsx.py)
    render_pdf(report)             -> bytes (pdf.py, WeasyPrint on the standalone HTML)

The table layout (rows, spans, labels) lives in layout.py, built from gongkai.spec; every renderer
draws the same grid. report_from_values() builds a Report from plain values, for composing.
"""
from __future__ import annotations

from numbers import Real

from .. import spec
from ..report import CellValue, Report, empty_meta
from .content import format_number


def report_from_values(meta: dict, sections: dict, values: dict) -> Report:
    """A Report from plain values: {cell_id: number or None}; None is a blank cell.

    Cells of the format not named in `values` are `missing`. Unknown cell ids, unknown sections
    and non-numeric values are errors (ValueError), never dropped silently.
    """
    meta = {**empty_meta(), **(meta or {})}
    if meta.get("format") is None:
        year = meta.get("year")
        meta["format"] = "2019" if isinstance(year, int) and year in (2019, 2020) else "2021"
    fmt = meta["format"]
    if fmt not in spec.FORMATS:
        raise ValueError(f"unknown format {fmt!r}; expected one of {spec.FORMATS}")
    unknown = sorted(set(sections or {}) - set(spec.SECTIONS))
    if unknown:
        raise ValueError(f"unknown sections: {', '.join(unknown)}")
    ids = spec.cell_ids(fmt)
    unknown = sorted(set(values or {}) - set(ids))
    if unknown:
        raise ValueError(f"cells not in the {fmt} format: {', '.join(unknown[:10])}")
    cells: dict[str, CellValue] = {}
    for cid in ids:
        if cid not in (values or {}):
            cells[cid] = CellValue(None, "missing")
            continue
        v = values[cid]
        if v is None:
            cells[cid] = CellValue(None, "blank")
        elif isinstance(v, bool) or not isinstance(v, Real) or v != v:
            raise ValueError(f"{cid}: not a number: {v!r}")
        else:
            cells[cid] = CellValue(v, "read", format_number(v))
    return Report(meta=meta, sections={k: str(v) for k, v in (sections or {}).items() if v is not None},
                  cells=cells)


def _html_bytes(report: Report) -> bytes:
    from .html import render_html
    return render_html(report).encode("utf-8")


def render_html(report: Report, standalone: bool = True, highlight: set[str] | None = None) -> str:
    from .html import render_html as _render
    return _render(report, standalone, highlight)


def render_docx(report: Report) -> bytes:
    from .docx import render_docx as _render
    return _render(report)


def render_xlsx(report: Report) -> bytes:
    from .xlsx import render_xlsx as _render
    return _render(report)


def findings_workbook(reports: list[Report]) -> bytes:
    from .xlsx import findings_workbook as _render
    return _render(reports)


def render_pdf(report: Report) -> bytes:
    from .pdf import render_pdf as _render
    return _render(report)


# The layouts a report can be published in, each Report -> bytes (used by gongkai.synth).
LAYOUT_RENDERERS = {"html": _html_bytes, "docx": render_docx, "pdf": render_pdf}
