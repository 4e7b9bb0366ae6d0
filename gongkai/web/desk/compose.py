"""The annual report composed from the desk's records.

Table 2: 上年结转 = requests received before the year and still open on 1 January; new = received in
the year; each outcome row = requests closed in the year with that outcome; 结转下年度 = received by
31 December and still open then. Since a request is closed at most once and never before it was
received, new + carried_in == total + carried_out holds in every column by construction.
Table 3: cases open during the year: concluded in the year by result, still open on 31 December as
尚未审结. Table 1 comes from ActiveFigures.
"""
from __future__ import annotations

from datetime import date
from decimal import Decimal

from django.db.models import Q, Sum

from gongkai import spec
from gongkai.report import Report

from . import lifecycle
from .models import ActiveFigures, Case, Request

FORMAT = "2021"
OVERVIEW_LIMIT = 1000  # characters; the official guidance asks for a short 总体情况


def _count_by_applicant(qs) -> dict[str, int]:
    out: dict[str, int] = {}
    for applicant in qs.values_list("applicant_type", flat=True):
        out[applicant] = out.get(applicant, 0) + 1
    return out


def table2(agency, year: int) -> dict[str, int]:
    start, end = date(year, 1, 1), date(year, 12, 31)
    mine = Request.objects.filter(agency=agency)
    open_at_start = mine.filter(received__lt=start).filter(Q(closed_on__isnull=True) | Q(closed_on__gte=start))
    new = mine.filter(received__gte=start, received__lte=end)
    closed = mine.filter(closed_on__gte=start, closed_on__lte=end).exclude(outcome="")
    open_at_end = mine.filter(received__lte=end).filter(Q(closed_on__isnull=True) | Q(closed_on__gt=end))
    rows: dict[str, dict[str, int]] = {
        "new": _count_by_applicant(new),
        "carried_in": _count_by_applicant(open_at_start),
        "carried_out": _count_by_applicant(open_at_end),
    }
    for outcome in lifecycle.OUTCOMES:
        rows[outcome] = {}
    for applicant, outcome in closed.values_list("applicant_type", "outcome"):
        rows[outcome][applicant] = rows[outcome].get(applicant, 0) + 1
    rows["total"] = {a: sum(rows[o].get(a, 0) for o in lifecycle.OUTCOMES) for a in lifecycle.APPLICANT_TYPES}
    values = {}
    for row in spec.rows_of("requests", FORMAT):
        per = rows[row]
        for col in lifecycle.APPLICANT_TYPES:
            values[f"requests.{row}.{col}"] = per.get(col, 0)
        values[f"requests.{row}.total"] = sum(per.get(c, 0) for c in lifecycle.APPLICANT_TYPES)
    return values


def table3(agency, year: int) -> dict[str, int]:
    start, end = date(year, 1, 1), date(year, 12, 31)
    cases = Case.objects.filter(agency=agency, filed__lte=end).filter(
        Q(concluded__isnull=True) | Q(concluded__gte=start))
    values = {f"review.{g}.{c}": 0 for g in spec.rows_of("review", FORMAT) for c in
              spec.columns_of("review", FORMAT, g)}
    for case in cases:
        done = case.result != "pending" and case.concluded is not None and case.concluded <= end
        col = case.result if done else "pending"
        values[f"review.{case.kind}.{col}"] += 1
        values[f"review.{case.kind}.total"] += 1
    return values


def table1(agency, year: int) -> dict[str, int | float | None]:
    f = ActiveFigures.objects.filter(agency=agency, year=year).first()
    if f is None:
        return {}  # not entered: the cells stay missing and the checks say so
    return {
        "active.regulations.issued": f.regulations_issued, "active.regulations.repealed": f.regulations_repealed,
        "active.regulations.in_force": f.regulations_in_force,
        "active.normative_documents.issued": f.normative_issued,
        "active.normative_documents.repealed": f.normative_repealed,
        "active.normative_documents.in_force": f.normative_in_force,
        "active.licensing.decisions": f.licensing, "active.penalty.decisions": f.penalty,
        "active.coercion.decisions": f.coercion, "active.fees.amount": float(f.fees_amount),
    }


def values_for(agency, year: int) -> dict:
    return {**table1(agency, year), **table2(agency, year), **table3(agency, year)}


def fees_collected(agency, year: int) -> Decimal:
    total = (Request.objects.filter(agency=agency, fee_paid__year=year)
             .aggregate(s=Sum("fee_amount"))["s"])
    return total or Decimal(0)


def fee_paragraph(agency, year: int) -> str:
    total = fees_collected(agency, year)
    n = Request.objects.filter(agency=agency, fee_paid__year=year).count()
    if not total:
        return f"{year}年度，本机关未收取政府信息公开信息处理费。"
    amount = f"{total:.2f}".rstrip("0").rstrip(".")
    return f"{year}年度，本机关依据《政府信息公开信息处理费管理办法》收取信息处理费{n}件，共计{amount}元。"


def default_sections(agency, year: int, values: dict) -> dict[str, str]:
    new = values.get("requests.new.total", 0)
    closed = values.get("requests.total.total", 0)
    return {
        "overview": f"{year}年，{agency.name}认真贯彻落实《中华人民共和国政府信息公开条例》，……（请概述本年度政府信息公开工作总体情况）",
        "active": "",
        "requests": f"{year}年，本机关新收政府信息公开申请{new}件，办结{closed}件。",
        "review": "",
        "problems": "（请说明存在的主要问题及改进情况）",
        "other": fee_paragraph(agency, year),
    }


GUIDANCE = {
    "overview": f"概述本年度工作，约{OVERVIEW_LIMIT}字以内：主动公开、依申请公开、政府信息管理、平台建设、监督保障。",
    "active": "表一由登记数据生成；此处可补充说明。",
    "requests": "表二由申请登记生成；此处可补充说明。",
    "review": "表三由复议诉讼登记生成；此处可补充说明。",
    "problems": "写明存在的主要问题和改进措施；人民政府还应报告工作考核、社会评议和责任追究结果情况。",
    "other": "写明信息处理费收取情况（已按登记预填）、人大代表建议和政协提案办理等其他事项。",
}


def build_report(agency, year: int, sections: dict, values: dict, published: date | None = None) -> Report:
    meta = {"title": f"{agency.name}{year}年政府信息公开工作年度报告", "agency": agency.name, "year": year,
            "format": FORMAT, "published": published.isoformat() if published else None}
    try:
        from gongkai.render import report_from_values
    except ImportError:  # the render engine is not there: build the Report ourselves
        from gongkai.report import CellValue
        cells = {cid: (CellValue(values[cid], "read", str(values[cid])) if cid in values
                       else CellValue(None, "missing")) for cid in spec.cell_ids(FORMAT)}
        return Report(meta=meta, sections={k: v for k, v in sections.items() if v is not None}, cells=cells)
    return report_from_values(meta, {k: v for k, v in sections.items() if k in spec.SECTIONS}, values)


def relation_problems(values: dict) -> list[str]:
    """The table relations, checked here whatever the engine says (they hold by construction)."""
    out = []
    cols = list(lifecycle.APPLICANT_TYPES) + ["total"]
    for c in cols:
        v = lambda r: values.get(f"requests.{r}.{c}", 0)  # noqa: E731
        if v("new") + v("carried_in") != v("total") + v("carried_out"):
            out.append(f"表二“{c}”列：新收+上年结转≠总计+结转下年度")
        if v("total") != sum(v(o) for o in lifecycle.OUTCOMES):
            out.append(f"表二“{c}”列：总计≠各办理结果之和")
    for g in spec.rows_of("review", FORMAT):
        v = lambda c: values.get(f"review.{g}.{c}", 0)  # noqa: E731
        if v("total") != v("upheld") + v("corrected") + v("other") + v("pending"):
            out.append(f"表三“{g}”：总计≠各结果之和")
    return out


def run_checks(report: Report) -> tuple[Report, str | None]:
    """Run every check of the engine. Returns (report, None) or (report, why the engine could not run)."""
    try:
        from gongkai import checks
        checks.run(report)
    except ImportError as e:
        return report, f"检查引擎不可用：{e}"
    return report, None


def overview_warning(text: str) -> str | None:
    n = len("".join((text or "").split()))
    if n > OVERVIEW_LIMIT:
        return f"总体情况共{n}字，超过约{OVERVIEW_LIMIT}字的要求，建议精简。"
    return None
