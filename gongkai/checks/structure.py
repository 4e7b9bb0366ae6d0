"""Structure checks: missing tables and sections, placement problems from reading, cells that are
unreadable, inferred or invalid, and the table format against the report year.

Findings-to-be that reading and extraction left in ``report.problems`` become findings here, so
every finding still comes from one check.
"""
from __future__ import annotations

from functools import lru_cache
import re

from . import check
from .consistency import fmt_of, num
from .facts import facts
from .. import spec
from ..report import NARRATIVE_PREFIX, Report

TABLE_TITLES = {"active": "二、主动公开政府信息情况", "requests": "三、收到和处理政府信息公开申请情况",
                "review": "四、政府信息公开行政复议、行政诉讼情况"}
MONEY_CELLS = {"active.fees.amount", "active.procurement.amount"}
FORMAT_NAMES = {"2021": "2021年版格式（国办公开办函〔2021〕30号）", "2019": "2019年版格式（国办公开办函〔2019〕60号）"}


def _pass_through(report: Report, rule: str) -> list:
    """Turn report.problems of one rule into findings; returns them."""
    out = []
    for p in report.problems:
        if p.rule == rule:
            out.append(report.add(rule, p.message, p.cells, evidence=p.evidence, at=p.at))
    return out


def _unreadable_source(report: Report) -> bool:
    return any(p.rule == "source.unreadable" for p in report.problems)


@check("source.unreadable")
def source_unreadable(report: Report) -> None:
    _pass_through(report, "source.unreadable")


@check("tables.missing")
def tables_missing(report: Report) -> None:
    if _unreadable_source(report):
        return  # source.unreadable already says it all
    fmt = fmt_of(report)
    absent = facts(report).absent
    # Cells the extractor found rows for but could not place (table.malformed): that table is
    # printed, only unreadable, and table.malformed says so.
    found_rows = {c for p in report.problems if p.rule == "table.malformed" for c in (p.cells or ())}
    for table, title in TABLE_TITLES.items():
        ids = spec.cell_ids(fmt, table)
        if not _table_present(report, fmt, table) and all(absent(i) for i in ids) and found_rows.isdisjoint(ids):
            report.add("tables.missing", f"报告中没有表格“{title}”", list(ids))


@check("sections.missing")
def sections_missing(report: Report) -> None:
    if _unreadable_source(report) or not report.text.strip():
        return
    for key, heading in spec.SECTIONS.items():
        if key not in report.sections:
            report.add("sections.missing", f"报告中缺少“{heading}”部分")


@check("table.malformed")
def table_malformed(report: Report) -> None:
    _pass_through(report, "table.malformed")


@lru_cache(maxsize=None)
def _table_id_set(fmt: str, table: str) -> frozenset[str]:
    return frozenset(spec.cell_ids(fmt, table))


def _table_present(report: Report, fmt: str, table: str) -> bool:
    """Every cell of the table is there and none is missing: the common case, found by set
    operations instead of looking at each cell."""
    ids = _table_id_set(fmt, table)
    return bool(ids) and report.cells.keys() >= ids and ids.isdisjoint(facts(report).missing)


def _row_key(cell_id: str) -> str:
    return cell_id.rsplit(".", 1)[0]


def _label(cell_id: str, fmt: str) -> str:
    """The printed label of a cell; a cell of the other format (or an unknown id) still gets a name."""
    for f in (fmt, "2019" if fmt == "2021" else "2021"):
        try:
            return spec.cell_label(cell_id, f)
        except (KeyError, ValueError):
            continue
    return cell_id


def _row_label(cell_id: str, fmt: str) -> str:
    return _label(cell_id, fmt).rsplit("·", 1)[0]


def _column_label(cell_id: str, fmt: str) -> str:
    return _label(cell_id, fmt).rsplit("·", 1)[-1]


@check("cell.unreadable")
def cell_unreadable(report: Report) -> None:
    covered = {c for p in report.problems for c in p.cells}
    for f in _pass_through(report, "cell.unreadable"):
        covered.update(f.cells)
    fmt = fmt_of(report)
    cf = facts(report)
    # Ambiguous cells, one finding per row: the row's raw text and each cell's candidate readings.
    rows: dict[str, list[str]] = {}
    if cf.ambiguous:
        for cid in spec.cell_ids(fmt):
            if cid in cf.ambiguous and cid not in covered:
                rows.setdefault(_row_key(cid), []).append(cid)
    for key, ids in rows.items():
        raws = {report.cells[i].raw for i in ids if report.cells[i].raw}
        parts = []
        for cid in ids:
            cands = report.cells[cid].candidates or []
            col = _column_label(cid, fmt)
            parts.append(f"{col}可能为 {'、'.join(num(c) for c in cands)}" if cands else f"{col}无法确定")
        source = f"（原文“{raws.pop()}”）" if len(raws) == 1 else ""
        report.add("cell.unreadable", f"{_row_label(ids[0], fmt)}{source}有多种读法：" + "；".join(parts), ids)
    # Missing cells of a table that is otherwise there (a whole missing table is tables.missing).
    for table in TABLE_TITLES:
        if _table_present(report, fmt, table):
            continue
        ids = spec.cell_ids(fmt, table)
        missing = [i for i in ids if cf.absent(i)]
        if not missing or len(missing) == len(ids):
            continue
        by_row: dict[str, list[str]] = {}
        for cid in missing:
            if cid not in covered:
                by_row.setdefault(_row_key(cid), []).append(cid)
        for key, cids in by_row.items():
            labels = "、".join(_label(c, fmt) for c in cids)
            report.add("cell.unreadable", f"原文中找不到这些单元格的数值：{labels}", cids)


_RELATION_PREFIX_RE = re.compile(r"^(?:由关系推得：)?[^：]{1,12}列：")


@check("cell.inferred")
def cell_inferred(report: Report) -> None:
    covered = {c for f in _pass_through(report, "cell.inferred") for c in f.cells}
    fmt = fmt_of(report)
    # One finding per row: the values recovered and the relations they follow from.
    rows: dict[str, list[str]] = {}
    for cid in facts(report).inferred:
        if cid not in covered and cid.count(".") == 2:
            rows.setdefault(_row_key(cid), []).append(cid)
    for key, ids in rows.items():
        told = [c for c in ids if (report.cells[c].derivation or "").startswith(NARRATIVE_PREFIX)]
        if told:  # settled by the narrative: say so, quoting it (one derivation serves the row)
            values = "、".join(f"{_column_label(c, fmt)} {num(report.cells[c].value)}" for c in told)
            said = report.cells[told[0]].derivation.removeprefix(NARRATIVE_PREFIX)
            report.add("cell.inferred", f"{_row_label(ids[0], fmt)}：{said}，据此推得 {values}", told)
            ids = [c for c in ids if c not in told]
            if not ids:
                continue
        values = "、".join(f"{_column_label(c, fmt)} {num(report.cells[c].value)}" for c in ids)
        relations = []
        for c in ids:
            d = _RELATION_PREFIX_RE.sub("", report.cells[c].derivation or "").strip()
            if d and d not in relations:
                relations.append(d)
        how = f"（依据：{'；'.join(relations)}）" if relations else ""
        report.add("cell.inferred", f"{_row_label(ids[0], fmt)}：原文缺失或无法辨认，按表内关系推得 {values}{how}",
                   ids)


def _invalid_reason(cid: str, value) -> str | None:
    if type(value) is int and value >= 0:
        return None  # the common case, first
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        return f"不是数字（“{value}”）"
    if value != value or value in (float("inf"), float("-inf")):
        return "不是有效数字"
    if value < 0 and not cid.endswith(".change"):  # 2019 本年增/减 may be negative
        return f"为负数 {num(value)}"
    if isinstance(value, float) and not value.is_integer() and cid not in MONEY_CELLS:
        return f"不是整数（{num(value)}）"
    return None


@check("cell.invalid")
def cell_invalid(report: Report) -> None:
    _pass_through(report, "cell.invalid")
    fmt = fmt_of(report)
    for cid in facts(report).unusual:  # the cells that are not a plain non-negative int
        reason = _invalid_reason(cid, report.cells[cid].value)
        if reason:
            label = _label(cid, fmt)
            report.add("cell.invalid", f"{label}{reason}，应为非负整数", [cid])


@check("format.version")
def format_version(report: Report) -> None:
    _pass_through(report, "format.version")
    fmt, year = report.meta.get("format"), report.meta.get("year")
    if fmt not in spec.FORMATS or not isinstance(year, int) or year < 2019:
        return
    due = "2021" if year >= 2021 else "2019"
    if fmt != due:
        report.add("format.version",
                   f"{year}年度报告应使用{FORMAT_NAMES[due]}，但表格按{FORMAT_NAMES[fmt]}填报")
