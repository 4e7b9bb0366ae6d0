"""Consistency checks: the relations of table 2 and table 3 (cells.yaml) and the narrative's figures.

A relation is checked only when every cell in it has a number (blank counts as 0); an ambiguous or
missing cell skips that relation rather than guess.
"""
from __future__ import annotations

from functools import lru_cache
from typing import Iterator

from . import check
from .facts import facts
from .. import spec
from ..report import FIGURE_CELLS, Report, num

APPLICANTS = ("natural_person", "commercial", "research", "public_interest", "legal_services", "other_org")
REQUEST_COLUMNS = APPLICANTS + ("total",)
REVIEW_PARTS = ("upheld", "corrected", "other", "pending")
REVIEW_GROUPS = ("reconsideration", "suit_direct", "suit_after")

COLUMN_NAMES = {
    "natural_person": "自然人", "commercial": "商业企业", "research": "科研机构", "public_interest": "社会公益组织",
    "legal_services": "法律服务机构", "other_org": "法人或其他组织·其他", "total": "总计",
}
ROW_NAMES = {  # short names of table-2 rows for messages (the full labels are in cells.yaml)
    "new": "本年新收", "carried_in": "上年结转", "total": "办理结果总计", "carried_out": "结转下年度",
    "granted": "予以公开", "partial": "部分公开",
    "denied_state_secret": "不予公开·属于国家秘密", "denied_prohibited": "不予公开·其他法律行政法规禁止公开",
    "denied_security": "不予公开·危及“三安全一稳定”", "denied_third_party": "不予公开·保护第三方合法权益",
    "denied_internal": "不予公开·属于三类内部事务信息", "denied_process": "不予公开·属于四类过程性信息",
    "denied_enforcement_file": "不予公开·属于行政执法案卷", "denied_query": "不予公开·属于行政查询事项",
    "unable_not_held": "无法提供·本机关不掌握相关政府信息", "unable_needs_creation": "无法提供·没有现成信息需要另行制作",
    "unable_unclear": "无法提供·补正后申请内容仍不明确",
    "unprocessed_petition": "不予处理·信访举报投诉类申请", "unprocessed_duplicate": "不予处理·重复申请",
    "unprocessed_publication": "不予处理·要求提供公开出版物", "unprocessed_excessive": "不予处理·无正当理由大量反复申请",
    "unprocessed_confirmation": "不予处理·要求行政机关确认或重新出具已获取信息",
    "other": "其他处理", "other_no_correction": "其他处理·逾期不补正", "other_no_fee": "其他处理·逾期未缴费",
    "other_other": "其他处理·其他",
}
REVIEW_NAMES = {"reconsideration": "行政复议", "suit_direct": "行政诉讼（未经复议直接起诉）",
                "suit_after": "行政诉讼（复议后起诉）"}
REVIEW_PART_NAMES = {"upheld": "结果维持", "corrected": "结果纠正", "other": "其他结果", "pending": "尚未审结",
                     "total": "总计"}


def fmt_of(report: Report) -> str:
    """The report's table format: meta["format"], else guessed from the cells it has."""
    fmt = report.meta.get("format")
    if fmt in spec.FORMATS:
        return fmt
    if "requests.other.total" in report.cells or "active.procurement.items" in report.cells:
        return "2019"
    return "2021"


def outcome_rows(fmt: str) -> tuple[str, ...]:
    rows = spec.rows_of("requests", fmt)
    return rows[rows.index("granted"):rows.index("total")]


def _numbers(report: Report, ids) -> tuple | None:
    """The numbers of these cells (blank = 0), or None if any is ambiguous, missing or not a number."""
    return facts(report).values(tuple(ids))


def _nonzero_terms(names: list[str], values) -> str:
    terms = [f"{n} {num(v)}" for n, v in zip(names, values) if v]
    return " + ".join(terms) if terms else "均为 0"


# The cells of each relation, per format, built once (they were built per report before).
@lru_cache(maxsize=None)
def _balance_ids() -> tuple[tuple[str, tuple[str, ...]], ...]:
    return tuple((col, tuple(f"requests.{row}.{col}" for row in ("new", "carried_in", "total", "carried_out")))
                 for col in REQUEST_COLUMNS)


@lru_cache(maxsize=None)
def _outcome_sum_ids(fmt: str) -> tuple[tuple[str, tuple[str, ...]], ...]:
    """(column, the outcome rows' cells + the column's 办理结果总计 cell) per column."""
    rows = outcome_rows(fmt)
    return tuple((col, tuple(f"requests.{row}.{col}" for row in rows) + (f"requests.total.{col}",))
                 for col in REQUEST_COLUMNS)


@lru_cache(maxsize=None)
def _column_sum_ids(fmt: str) -> tuple[tuple[str, tuple[str, ...]], ...]:
    """(row, the applicant cells + the row's 总计 cell) per row of table 2."""
    return tuple((row, tuple(f"requests.{row}.{col}" for col in APPLICANTS) + (f"requests.{row}.total",))
                 for row in spec.rows_of("requests", fmt))


@lru_cache(maxsize=None)
def _review_sum_ids() -> tuple[tuple[str, tuple[str, ...]], ...]:
    return tuple((group, tuple(f"review.{group}.{part}" for part in REVIEW_PARTS) + (f"review.{group}.total",))
                 for group in REVIEW_GROUPS)


@check("requests.balance")
def requests_balance(report: Report) -> None:
    values_of = facts(report).values
    for col, ids in _balance_ids():
        values = values_of(ids)
        if values is None:
            continue
        new, carried_in, total, carried_out = values
        if new + carried_in != total + carried_out:
            report.add("requests.balance",
                       f"{COLUMN_NAMES[col]}列：本年新收 {num(new)} + 上年结转 {num(carried_in)} ≠ "
                       f"办理结果总计 {num(total)} + 结转下年度 {num(carried_out)}", ids)


def _unequal_sums(report: Report, groups) -> Iterator[tuple[str, tuple[str, ...], list, int | float]]:
    """(key, ids, parts, total) of each group (key, the part cells + the total cell) whose cells all
    have numbers and whose parts do not add up to its total."""
    values_of = facts(report).values
    for key, ids in groups:
        values = values_of(ids)
        if values is None:
            continue
        *parts, total = values
        if sum(parts) != total:
            yield key, ids, parts, total


@check("requests.outcome_sum")
def requests_outcome_sum(report: Report) -> None:
    fmt = fmt_of(report)
    for col, ids, parts, total in _unequal_sums(report, _outcome_sum_ids(fmt)):
        report.add("requests.outcome_sum",
                   f"{COLUMN_NAMES[col]}列：办理结果总计 {num(total)} ≠ 各项办理结果之和 {num(sum(parts))}"
                   f"（{_nonzero_terms([ROW_NAMES[r] for r in outcome_rows(fmt)], parts)}）", ids)


@check("requests.column_sum")
def requests_column_sum(report: Report) -> None:
    for row, ids, parts, total in _unequal_sums(report, _column_sum_ids(fmt_of(report))):
        report.add("requests.column_sum",
                   f"{ROW_NAMES[row]}行：总计 {num(total)} ≠ 各类申请人之和 {num(sum(parts))}"
                   f"（{_nonzero_terms([COLUMN_NAMES[c] for c in APPLICANTS], parts)}）", ids)


@check("review.sum")
def review_sum(report: Report) -> None:
    for p in report.problems:  # groups no reading of run-together digits balances (extract.engine)
        if p.rule == "review.sum":
            report.add("review.sum", p.message, p.cells, evidence=p.evidence, at=p.at)
    for group, ids, parts, total in _unequal_sums(report, _review_sum_ids()):
        terms = " + ".join(f"{REVIEW_PART_NAMES[p]} {num(v)}" for p, v in zip(REVIEW_PARTS, parts))
        report.add("review.sum", f"{REVIEW_NAMES[group]}：总计 {num(total)} ≠ {terms}", ids)


# -- narrative vs tables ------------------------------------------------------------------------------
def row_total(report: Report, rows: list[str]) -> tuple[int | float | None, list[str]]:
    """The 总计 column summed over table-2 rows, and the cells used.

    A 总计 cell left blank while its applicant cells are not (051) is read as the applicant sum: a
    blank total is an omission, not a statement of 0. A 总计 printed as 0 stays 0 (050)."""
    total, used = 0, []
    for row in rows:
        cid = f"requests.{row}.total"
        cell = report.cells.get(cid)
        value = report.number(cid)
        if cell is None or cell.status in ("blank", "missing"):
            parts = _numbers(report, [f"requests.{row}.{c}" for c in APPLICANTS])
            if parts is not None and (cell is None or cell.status == "missing" or any(parts)):
                used += [f"requests.{row}.{c}" for c in APPLICANTS]
                total += sum(parts)
                continue
        if value is None or isinstance(value, (str, bool)):
            return None, []
        used.append(cid)
        total += value
    return total, used


# What the tables say about each narrative figure: (what, table-2 rows), any of which may agree.
# A row name ending in "_" stands for every row of the format that starts with it.
REQUEST_FIGURES: dict[str, tuple[tuple[str, tuple[str, ...]], ...]] = {
    "received": (("本年新收申请总计", ("new",)), ("本年新收与上年结转申请合计", ("new", "carried_in"))),
    "received_none": (("本年新收申请总计", ("new",)),),
    "handled": (("办理结果总计", ("total",)),),
    # 办理N件 may mean handled or received: either reading agrees.
    "processed": (("办理结果总计", ("total",)), ("本年新收申请总计", ("new",)),
                  ("本年新收与上年结转申请合计", ("new", "carried_in"))),
    "carried_in": (("上年结转申请总计", ("carried_in",)),),
    "carried_out": (("结转下年度继续办理总计", ("carried_out",)),),
    "granted": (("予以公开总计", ("granted",)),),
    "partial": (("部分公开总计", ("partial",)),),
    "granted_partial": (("予以公开与部分公开合计", ("granted", "partial")),),
    "denied": (("不予公开各项合计", ("denied_",)),),
    "unable": (("无法提供各项合计", ("unable_",)),),
    "unprocessed": (("不予处理各项合计", ("unprocessed_",)),),
    # 2019: other; 2021: other_* (prefix below). Beside 逾期不补正 named on its own, 其他处理 may mean the
    # group's last row, （六）3.其他.
    "other_outcome": (("其他处理合计", ("other",)), ("其他处理·其他", ("other_other",))),
    "granted_all": (("予以公开总计", ("granted",)),),
}
# Figures the table may exceed: the applications received that the words say were granted (those
# carried in may have been granted too).
AT_LEAST_FIGURES = {"granted_all"}
REVIEW_FIGURES = {
    "reconsideration": ("行政复议总计", ("reconsideration",)),
    "reconsideration_none": ("行政复议总计", ("reconsideration",)),
    "lawsuit": ("行政诉讼总计", ("suit_direct", "suit_after")),
    "lawsuit_none": ("行政诉讼总计", ("suit_direct", "suit_after")),
}


def _rows(fmt: str, names: tuple[str, ...]) -> list[str]:
    rows = spec.rows_of("requests", fmt)
    out = []
    for name in names:
        if name.endswith("_") or name == "other":
            out += [r for r in rows if r.startswith(name)]
        elif name in rows:
            out.append(name)
    return out


def _expectations(report: Report, key: str) -> list[tuple[str, int | float, list[str]]]:
    """What the tables say about a narrative figure: [(what, value, cells)], any of which agrees."""
    fmt = fmt_of(report)
    out = []
    for what, names in REQUEST_FIGURES.get(key, ()):
        rows = _rows(fmt, names)
        if not rows:
            continue  # a row the format does not have
        value, cells = row_total(report, rows)
        if value is not None:
            out.append((what, value, cells))
    if key in REVIEW_FIGURES:
        what, groups = REVIEW_FIGURES[key]
        ids = [f"review.{g}.total" for g in groups]
        values = _numbers(report, ids)
        if values is not None:
            out.append((what, sum(values), ids))
    cid = _ACTIVE_CHECKED.get(key, {}).get(fmt)
    if cid:
        values = _numbers(report, [cid])
        if values is not None:
            out.append((_cell_what(cid, fmt), values[0], [cid]))
    return out


# The table-1 figures the narrative is checked against (a procurement amount only settles splits:
# prose names too many other sums of money for a contradiction to mean much).
_ACTIVE_CHECKED = {k: v for k, v in FIGURE_CELLS.items() if k != "procurement_amount"}


def _cell_what(cid: str, fmt: str) -> str:
    return spec.cell_label(cid, fmt).replace("·", "")  # 行政规范性文件本年制发件数


def _unmatched_readings(report: Report, key: str, value) -> tuple[str, list, str] | None:
    """(what, readings, cell) when the table-1 cell of a figure is ambiguous and none of its
    readings is the stated value: a contradiction, whichever reading is right."""
    fmt = fmt_of(report)
    cid = _ACTIVE_CHECKED.get(key, {}).get(fmt)
    cell = report.cells.get(cid) if cid else None
    if cell is None or cell.status != "ambiguous" or not cell.candidates or value in cell.candidates:
        return None
    return _cell_what(cid, fmt), cell.candidates, cid


FIGURE_NAMES = {
    "received": "收到申请", "received_none": "未收到申请", "handled": "办结", "processed": "办理",
    "carried_in": "上年结转", "carried_out": "结转下年度", "granted": "予以公开", "partial": "部分公开",
    "granted_partial": "予以公开及部分公开", "denied": "不予公开", "unable": "无法提供", "unprocessed": "不予处理",
    "other_outcome": "其他处理", "reconsideration": "行政复议", "lawsuit": "行政诉讼", "issued": "制发规范性文件",
    "reconsideration_none": "未发生行政复议", "lawsuit_none": "未发生行政诉讼",
    "in_force": "现行有效规范性文件", "penalty_decisions": "作出行政处罚决定",
    "granted_all": "所收申请均予以公开",
}


@check("text.table_mismatch")
def text_table_mismatch(report: Report) -> None:
    stated = (report.figures or {}).get("stated") or {}
    for key, figures in stated.items():
        expected = _expectations(report, key) if figures else []
        for fig in figures:
            if not expected:
                unmatched = _unmatched_readings(report, key, fig["value"])
                if unmatched:
                    what, readings, cid = unmatched
                    report.add("text.table_mismatch",
                               f"正文称“{fig['text']}”（{FIGURE_NAMES.get(key, key)} {num(fig['value'])} 件），"
                               f"而表格中{what}的各种可能读法（{'、'.join(num(v) for v in readings)}）都不是 {num(fig['value'])}",
                               [cid], evidence=fig["text"])
                continue
            at_least = key in AT_LEAST_FIGURES
            if any(value == fig["value"] or (at_least and value > fig["value"]) for _, value, _ in expected):
                continue
            what, value, cells = expected[0]
            said = FIGURE_NAMES.get(key, key) + ("" if key.endswith("_none") else f" {num(fig['value'])} 件")
            report.add("text.table_mismatch",
                       f"正文称“{fig['text']}”（{said}），而表格中{what}为 {num(value)}",
                       cells, evidence=fig["text"])

