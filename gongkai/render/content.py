"""What every renderer prints besides the grid: title, opening paragraph, section text, cell text.

All text from a report is untrusted (it comes from a published document). This module returns plain
strings; each renderer escapes them for its own output (HTML escaping, XML-safe text for OOXML).
"""
from __future__ import annotations

from decimal import Decimal
import re

from .. import spec
from ..report import CellValue, Report

# Characters XML 1.0 forbids (python-docx and openpyxl refuse them; browsers mangle them).
_XML_ILLEGAL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f\ud800-\udfff\ufffe\uffff]")

FORMAT_NAMES = {
    "2021": "《中华人民共和国政府信息公开工作年度报告格式》（国办公开办函〔2021〕30号）",
    "2019": "《中华人民共和国政府信息公开工作年度报告格式（试行）》（国办公开办函〔2019〕60号）",
}

STATUS_NAMES = {"read": "已读取", "blank": "空白", "inferred": "推算", "ambiguous": "无法确定", "missing": "缺失"}


def clean_text(text) -> str:
    """A string safe for any XML-based output: None -> '', control characters dropped."""
    if text is None:
        return ""
    return _XML_ILLEGAL.sub("", str(text))


def report_format(report: Report) -> str:
    """The table layout to print: meta.format, else the one the year implies, else 2021."""
    fmt = (report.meta or {}).get("format")
    if fmt in spec.FORMATS:
        return fmt
    year = (report.meta or {}).get("year")
    if isinstance(year, int) and year in (2019, 2020):
        return "2019"
    if report.cells and not isinstance(year, int):
        ids = set(report.cells)
        for f in spec.FORMATS:  # a report with cells but no year: the format whose cells it has
            if ids <= set(spec.cell_ids(f)):
                return f
    return "2021"


def title(report: Report) -> str:
    meta = report.meta or {}
    if meta.get("title"):
        return clean_text(meta["title"]).strip()
    agency = clean_text(meta.get("agency")).strip()
    year = meta.get("year")
    year_text = f"{year}年" if isinstance(year, int) else ""
    return f"{agency}{year_text}政府信息公开工作年度报告"


def _period_text(meta: dict) -> str:
    period = meta.get("period") or {}
    start, end = period.get("start"), period.get("end")
    if start and end:
        return f"本报告所列数据统计期限自{_chinese_date(start)}起至{_chinese_date(end)}止。"
    year = meta.get("year")
    if isinstance(year, int):
        return f"本报告所列数据统计期限自{year}年1月1日起至{year}年12月31日止。"
    return ""


def _chinese_date(iso: str) -> str:
    m = re.fullmatch(r"(\d{4})-(\d{2})-(\d{2})", str(iso))
    if not m:
        return clean_text(iso)
    y, mo, d = m.groups()
    return f"{int(y)}年{int(mo)}月{int(d)}日"


def opening(report: Report) -> str:
    """The customary opening paragraph: legal basis, format notice and statistics period."""
    fmt = report_format(report)
    text = ("依据《中华人民共和国政府信息公开条例》（以下简称《条例》）和"
            f"{FORMAT_NAMES[fmt]}要求，编制本报告。")
    return text + _period_text(report.meta or {})


def section_paragraphs(report: Report, key: str) -> list[str]:
    """The paragraphs of a section, its heading dropped if the text repeats it."""
    text = clean_text((report.sections or {}).get(key))
    lines = [ln.strip() for ln in text.splitlines()]
    lines = [ln for ln in lines if ln]
    heading = spec.SECTIONS[key]
    if lines and re.sub(r"\s+", "", lines[0]) == heading:
        lines = lines[1:]
    return lines


def format_number(value) -> str:
    """A value as the form prints it: integers plainly, decimals without exponent or float noise."""
    if value is None or isinstance(value, bool):
        return ""
    if isinstance(value, int):
        return str(value)
    if isinstance(value, float):
        if value != value or value in (float("inf"), float("-inf")):
            return ""
        if value.is_integer():
            return str(int(value))
        return format(Decimal(repr(value)), "f")
    return clean_text(value)


def display(cv: CellValue | None) -> str:
    """What a value cell prints: the number of a read or inferred cell; empty otherwise."""
    if cv is None or cv.status not in ("read", "inferred"):
        return ""
    return format_number(cv.value)


def status_of(cv: CellValue | None) -> str:
    return "missing" if cv is None else (cv.status if cv.status in STATUS_NAMES else "missing")


def describe(cv: CellValue | None) -> str:
    """One line on where the cell's value comes from (for a tooltip or a comment)."""
    status = status_of(cv)
    raw = clean_text(cv.raw).strip() if cv is not None and cv.raw is not None else ""
    if status == "read":
        return f"原文：{raw}" if raw else "已读取"
    if status == "blank":
        return "空白（原表未填写）"
    if status == "inferred":
        how = clean_text(cv.derivation).strip()
        return f"推算：{how}" if how else "推算得出（原表未给出）"
    if status == "ambiguous":
        cands = "、".join(format_number(c) if isinstance(c, (int, float)) else clean_text(c)
                         for c in (cv.candidates or []))
        text = "无法确定"
        if cands:
            text += f"，可能为：{cands}"
        if raw:
            text += f"；原文：{raw}"
        return text
    return f"缺失；原文：{raw}" if raw else "缺失（原文中没有此项）"


def cell_label(cell_id: str, fmt: str) -> str:
    """The cell's official label in `fmt`; the id itself when the format has no such cell."""
    try:
        return spec.cell_label(cell_id, fmt)
    except (KeyError, ValueError):
        return cell_id


def cell_title(cell_id: str, cv: CellValue | None, fmt: str) -> str:
    return f"{cell_label(cell_id, fmt)}\n{describe(cv)}"


def signature(report: Report) -> list[str]:
    """The closing lines (落款): the agency and the date, when the report has a publication date."""
    meta = report.meta or {}
    published = meta.get("published")
    if not published:
        return []
    agency = clean_text(meta.get("agency")).strip()
    return [line for line in (agency, _chinese_date(published)) if line]
