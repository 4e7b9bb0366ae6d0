"""The three statutory tables of a stored report for the report page, drawn by gongkai.render.html
(the one implementation of the official layout). Each value cell's title holds its label and where its
value comes from (raw text, derivation, candidates); the web app adds data-at (its position in the
source). The report page shows these on click. Every text is escaped by the renderer.
"""
from __future__ import annotations

import json

from django.utils.safestring import mark_safe

from gongkai.render import content, layout as official
from gongkai.render.html import render_table
from gongkai.report import CellValue, Report
from gongkai.spec import loader as spec

NUMERALS = "一二三"


_JSON = json.JSONEncoder(ensure_ascii=False)  # one encoder: json.dumps(..., ensure_ascii=False) builds one per call


def _source_attrs(cell_id: str, cv: CellValue | None) -> dict:
    """Where the value stands in the source (the title already says its label, status and raw text)."""
    return {"data-at": _JSON.encode(cv.at)} if cv is not None and cv.at else {}


def layout(data: dict, flagged) -> list[dict]:
    """[{key, title, html}] for the three tables of a contract-JSON report; `flagged` cells are marked."""
    cells = data.get("cells") or {}
    report = Report(meta=dict(data.get("meta") or {}),
                    cells={cid: CellValue.from_dict(c) for cid, c in cells.items() if isinstance(c, dict)})
    fmt = content.report_format(report)
    highlight = set(flagged)
    return [{"key": t.key, "title": f"（{NUMERALS[i]}）{t.title}",
             "html": mark_safe(render_table(report, t, highlight, cell_attrs=_source_attrs))}  # escaped by render_table
            for i, t in enumerate(official.tables(fmt))]


def label_of(cell_id: str) -> str:
    """The Chinese label of a cell id in whichever format has it; the id itself if none does."""
    for fmt in spec.FORMATS:
        if cell_id in spec.cell_ids(fmt):
            return spec.cell_label(cell_id, fmt)
    return cell_id
