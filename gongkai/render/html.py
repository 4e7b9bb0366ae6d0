"""Report -> HTML in the official layout: a standalone page, or a fragment for the web app.

Every value <td> carries data-cell (the cell id) and a title (its label and where the value came
from); its classes say the cell's status (cell-read, cell-blank, ...) and "flagged" when asked.
Everything taken from the report is escaped: nothing from a document is rendered as markup.
"""
from __future__ import annotations

from html import escape
from functools import lru_cache
import re
from typing import Callable

from .. import spec
from ..report import CellValue, Report
from . import content, layout

CSS = """
.gongkai-report { font-family: "SimSun", "宋体", "Songti SC", "Noto Serif CJK SC", "Noto Serif CJK",
  "Source Han Serif SC", "Noto Sans CJK SC", serif; color: #000; background: #fff; max-width: 48em;
  margin: 0 auto; padding: 1em; font-size: 16px; line-height: 1.8; }
.gongkai-report h1 { text-align: center; font-size: 1.45em; font-weight: bold; margin: .8em 0 1em; line-height: 1.5; }
.gongkai-report h2 { font-family: "SimHei", "黑体", "Heiti SC", "Noto Sans CJK SC", sans-serif;
  font-size: 1.05em; font-weight: bold; margin: 1.1em 0 .5em; }
.gongkai-report p { text-indent: 2em; margin: .3em 0; text-align: justify; }
.gongkai-report p.signature { text-align: right; text-indent: 0; margin: 0; }
.gongkai-report p.signature:first-of-type, .gongkai-report section + p.signature { margin-top: 1.5em; }
.gongkai-report table.gongkai-table { border-collapse: collapse; width: 100%; table-layout: fixed;
  margin: .5em 0 1em; font-size: 13px; line-height: 1.35; }
.gongkai-report table.gongkai-table td { border: 1px solid #000; padding: 3px 3px; vertical-align: middle;
  text-align: center; word-break: break-all; overflow-wrap: anywhere; }
.gongkai-report table.gongkai-table td.label { text-align: left; }
.gongkai-report table.gongkai-table td.caption, .gongkai-report table.gongkai-table td.header,
.gongkai-report table.gongkai-table td.note { font-weight: normal; }
.gongkai-report table.gongkai-table tr { page-break-inside: avoid; break-inside: avoid; }
.gongkai-report table.gongkai-table tr.head { page-break-after: avoid; break-after: avoid; }
.gongkai-report h2 { page-break-after: avoid; break-after: avoid; }
.gongkai-report td.flagged { background: #ffd9d6; outline: 2px solid #c62828; outline-offset: -2px; }
@media screen {
  .gongkai-report td.cell-inferred { color: #1a5fb4; font-style: italic; }
  .gongkai-report td.cell-ambiguous, .gongkai-report td.cell-missing { background: #fff3cd; }
  .gongkai-report td.cell-ambiguous.flagged, .gongkai-report td.cell-missing.flagged { background: #ffd9d6; }
}
@page { size: A4; margin: 2.2cm 1.8cm; }
"""


def _attr(value: str) -> str:
    return escape(content.clean_text(value), quote=True)


def _text(value: str) -> str:
    return escape(content.clean_text(value), quote=False)


_ATTR_NAME = re.compile(r"[a-z][a-z0-9-]*")
_HOOK_NAMES: set[str] = set()  # attribute names a cell_attrs hook returned that passed the check


def _hook_name(name: str) -> str:
    if name not in _HOOK_NAMES:
        if not _ATTR_NAME.fullmatch(name) or name in ("class", "title", "data-cell") or name.startswith("on"):
            raise ValueError(f"not an attribute a renderer hook may set: {name!r}")
        _HOOK_NAMES.add(name)
    return name


@lru_cache(maxsize=None)
def _skeleton(table: layout.Table) -> tuple:
    """The table's markup with the value cells left open: constant strings (fixed labels, already
    escaped) and (cell_id, escaped id, label, spans) for each value slot, in order. Built once per table."""
    total = sum(table.widths)
    out: list = [f'<table class="gongkai-table" data-table="{table.key}">\n<colgroup>']
    out += [f'<col style="width:{w / total * 100:.2f}%">' for w in table.widths]
    out.append("</colgroup>")
    for i, row in enumerate(table.rows()):
        cls = ' class="head"' if i < table.header_rows else ""
        out.append(f"<tr{cls}>")
        for slot in row:
            spans = ""
            if slot.colspan > 1:
                spans += f' colspan="{slot.colspan}"'
            if slot.rowspan > 1:
                spans += f' rowspan="{slot.rowspan}"'
            if slot.is_value:
                out.append((slot.cell, _attr(slot.cell), content.cell_label(slot.cell, table.fmt), spans))
            else:
                out.append(f'<td class="{slot.kind}"{spans}>{_text(slot.text)}</td>')
        out.append("</tr>")
    out.append("</table>")
    return tuple(out)


def render_table(report: Report, table: layout.Table, highlight=(),
                 cell_attrs: Callable[[str, CellValue | None], dict] | None = None) -> str:
    """One table of the official layout as a <table> element.

    highlight: cell ids whose <td> gets the class "flagged". cell_attrs(cell_id, cell) -> {name: text}
    adds attributes to a value <td> (e.g. the web app's data-at); every text is escaped here, and a
    name must be a plain lower-case attribute name (not class, title, data-cell or an on* handler).
    """
    out = []
    cells = report.cells
    for part in _skeleton(table):
        if part.__class__ is str:
            out.append(part)
            continue
        cell_id, id_attr, label, spans = part
        cv = cells.get(cell_id)
        classes = f"value cell-{content.status_of(cv)}"
        if cell_id in highlight:
            classes += " flagged"
        extra = ""
        if cell_attrs is not None:
            for name, value in cell_attrs(cell_id, cv).items():
                extra += f' {_hook_name(name)}="{_attr(value)}"'
        out.append(f'<td class="{classes}" data-cell="{id_attr}" title="{_attr(label + chr(10) + content.describe(cv))}"'
                   f'{extra}{spans}>{_text(content.display(cv))}</td>')
    return "\n".join(out)


def render_body(report: Report, highlight: set[str] | None = None) -> str:
    """The report as an <article> (with its scoped stylesheet), for embedding in another page."""
    highlight = set(highlight or ())
    fmt = content.report_format(report)
    year = (report.meta or {}).get("year")
    out = [f'<article class="gongkai-report" data-format="{fmt}" data-year="{_attr(year if isinstance(year, int) else "")}">',
           f"<style>{CSS}</style>",
           f"<h1>{_text(content.title(report))}</h1>",
           f"<p>{_text(content.opening(report))}</p>"]
    for key, heading in spec.SECTIONS.items():
        out.append(f'<section data-section="{key}">')
        out.append(f"<h2>{_text(heading)}</h2>")
        out += [f"<p>{_text(p)}</p>" for p in content.section_paragraphs(report, key)]
        table = layout.table_for_section(fmt, key)
        if table is not None:
            out.append(render_table(report, table, highlight))
        out.append("</section>")
    out += [f'<p class="signature">{_text(line)}</p>' for line in content.signature(report)]
    out.append("</article>")
    return "\n".join(out)


def render_html(report: Report, standalone: bool = True, highlight: set[str] | None = None) -> str:
    """The report in the official layout; a complete page, or (standalone=False) an embeddable fragment."""
    body = render_body(report, highlight)
    if not standalone:
        return body
    return ("<!DOCTYPE html>\n"
            '<html lang="zh-CN">\n<head>\n<meta charset="utf-8">\n'
            '<meta name="viewport" content="width=device-width, initial-scale=1">\n'
            f"<title>{_text(content.title(report))}</title>\n</head>\n<body>\n{body}\n</body>\n</html>\n")
