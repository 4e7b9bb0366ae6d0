"""Date checks: the statistics period and the year named against the report year, the publication
date against the statutory deadline (条例第四十九条) and the end of the year, and the 信息处理费
report that section 六 must carry in the 2021 format."""
from __future__ import annotations

from datetime import date, timedelta
from functools import lru_cache
import re

from . import check
from .consistency import fmt_of
from ..report import Report
from ..workdays import Calendar, CalendarMissing, default_calendar, is_workday

# 条例第四十九条: departments (and 办公厅/室, townships) by 1月31日; a government's own report by 3月31日.
DEADLINES = {"government": (3, 31), "office": (1, 31), "department": (1, 31), "township": (1, 31)}
DEADLINE_WHO = {"government": "人民政府年度报告应于次年3月31日前公布",
                "office": "政府部门（办公厅、办公室）年度报告应于次年1月31日前公布",
                "department": "政府部门年度报告应于次年1月31日前公布",
                "township": "乡镇人民政府、街道办事处年度报告应于次年1月31日前公布"}
FEE_WORDS_RE = re.compile(r"处理费|收费|收取[^。]{0,8}费|费用")


def _date(value) -> date | None:
    try:
        return date.fromisoformat(str(value)[:10])
    except (TypeError, ValueError):
        return None


def zh(d: date) -> str:
    return f"{d.year}年{d.month}月{d.day}日"


def _year(report: Report) -> int | None:
    y = report.meta.get("year")
    return y if isinstance(y, int) and not isinstance(y, bool) else None


@check("period.year")
def period_year(report: Report) -> None:
    year = _year(report)
    if year is None:
        return
    period = report.meta.get("period") or {}
    start, end = _date(period.get("start")), _date(period.get("end"))
    if start and end and not (start.year == year and end.year == year):
        report.add("period.year",
                   f"统计期限{zh(start)}至{zh(end)}不在报告年度（{year}年）内",
                   evidence=f"{start.isoformat()} 至 {end.isoformat()}")
    named = (report.figures or {}).get("year_named")
    if isinstance(named, int) and named != year:
        report.add("period.year", f"报告标题所称{named}年度与报告数据年度（{year}年）不一致",
                   evidence=report.meta.get("title"))


def _next_workday(d: date) -> date:
    """A deadline that falls on a rest day moves to the next working day (民法典第二百零三条);
    without calendar data the date stays as it is."""
    return _next_workday_in(d, default_calendar())


@lru_cache(maxsize=256)
def _next_workday_in(d: date, calendar: Calendar) -> date:
    # A handful of statutory deadlines recur in every report: look each up once per calendar.
    try:
        for _ in range(15):
            if is_workday(d, calendar):
                return d
            d += timedelta(days=1)
    except CalendarMissing:
        pass
    return d


@check("published.late")
def published_late(report: Report) -> None:
    year, published = _year(report), _date(report.meta.get("published"))
    if year is None or published is None or not 1900 < year < 9000:
        return
    month, day = DEADLINES.get(report.kind or "", (3, 31))  # unknown kind: the later deadline
    statutory = date(year + 1, month, day)
    deadline = _next_workday(statutory) if published > statutory else statutory
    if published > deadline:
        who = DEADLINE_WHO.get(report.kind or "", "年度报告最迟应于次年3月31日前公布")
        moved = f"，{statutory.month}月{statutory.day}日为休息日，顺延至{deadline.month}月{deadline.day}日" \
            if deadline != statutory else ""
        report.add("published.late",
                   f"发布日期{zh(published)}晚于法定期限{zh(deadline)}"
                   f"（条例第四十九条：{who}{moved}）")


@check("published.early")
def published_early(report: Report) -> None:
    year, published = _year(report), _date(report.meta.get("published"))
    if year is None or published is None:
        return
    if published <= date(year, 12, 31):
        report.add("published.early",
                   f"发布日期{zh(published)}在报告年度（{year}年）结束之前，报告不可能涵盖全年情况")


@check("fees.unreported")
def fees_unreported(report: Report) -> None:
    fmt = report.meta.get("format")
    year = _year(report)
    if fmt != "2021" and not (fmt is None and year is not None and year >= 2021 and fmt_of(report) == "2021"):
        return
    if year is not None and year < 2021:
        return  # 信息处理费 exist from 2021 (国办函〔2020〕109号); a 2020 report has none to report
    if any(p.rule == "source.unreadable" for p in report.problems):
        return  # nothing was read: not a statement about fees
    other = report.sections.get("other")
    text = other if other is not None else report.text
    if not (text or "").strip() and other is None:
        return  # nothing was read: not a statement about fees
    if not FEE_WORDS_RE.search(text or ""):
        where = "第六部分“其他需要报告的事项”" if other is not None else "报告全文"
        report.add("fees.unreported", f"{where}未说明收取信息处理费的情况（2021年版格式要求在此报告）",
                   evidence=(text or "").strip()[:120] or None)
