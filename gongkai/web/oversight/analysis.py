"""Compare and dashboard figures, aggregated in SQL over current versions only: comparisons over the
long cell table, the dashboard over the per-report summary rows (summary.py), in a fixed number of
queries whatever the number of reports."""
from __future__ import annotations

import datetime as dt
from collections import defaultdict

from django.db import connection
from django.db.models import Count, Q

from gongkai.spec import loader as spec
from gongkai.web.agencies.models import Agency

from .models import Cell, Finding, Report, ReportSummary
from .summary import DENIED_ROWS, FIGURES, UNABLE_ROWS
from .tables import label_of

OUTCOME_ROWS = {
    "granted": "予以公开", "partial": "部分公开", "denied": "不予公开", "unable": "无法提供",
    "unprocessed": "不予处理", "other": "其他处理",
}
REVIEW_ROWS = ("reconsideration", "suit_direct", "suit_after")


def deadline_for(kind: str, year: int) -> dt.date:
    """条例第四十九条: a government's own report by 3月31日, departments and townships by 1月31日."""
    if kind == Agency.Kind.GOVERNMENT:
        return dt.date(year + 1, 3, 31)
    return dt.date(year + 1, 1, 31)


def deadline(agency: Agency, year: int) -> dt.date:
    return deadline_for(agency.kind, year)


def _label_of(key: str) -> str:
    v = spec.spec()["tables"]["requests"]["rows"][key]
    return (v["label"] if isinstance(v, dict) else v)


def receipt(root: Agency, year: int) -> dict:
    """Which expected agencies published, who is missing, who was late."""
    agencies = list(root.subtree().filter(expected=True))
    published = dict(Report.objects.filter(agency__path__startswith=root.path, year=year, current__isnull=False)
                     .values_list("agency_id", "current__published"))
    received, missing, late, on_time, undated = [], [], [], [], []
    for a in agencies:
        if a.pk not in published:
            missing.append(a)
            continue
        received.append(a)
        pub = published[a.pk]
        if pub is None:
            undated.append(a)
        elif pub > deadline(a, year):
            late.append((a, pub, deadline(a, year)))
        else:
            on_time.append(a)
    return {"expected": len(agencies), "received": len(received), "missing": missing, "late": late,
            "on_time": len(on_time), "undated": undated}


# The dashboard's queries, written out: the ORM took longer to compile them (21 sums) than the database
# to run them. Table names come from the models; every value is a parameter; a subtree is a prefix of
# the agencies' materialized path (digits and slashes only, so no LIKE wildcard can occur in it).
_SUBTREE_JOIN = ("FROM {summary} s JOIN {agency} a ON a.id = s.agency_id")


def _tables() -> dict:
    return {"summary": ReportSummary._meta.db_table, "agency": Agency._meta.db_table,
            "finding": Finding._meta.db_table}


def _rows(sql: str, params) -> list:
    with connection.cursor() as cur:
        cur.execute(sql.format(**_tables()), params)
        return cur.fetchall()


TREND_FIGURES = ("new", "handled", "granted", "partial", "review_total", "review_corrected", "suit_total",
                 "suit_corrected")


def _year_figures(root: Agency, year: int) -> tuple[dict, dict]:
    """({figure: sum or None}, receipt counts) of root's subtree for one year, in one query."""
    adapt = connection.ops.adapt_datefield_value
    gov = Agency.Kind.GOVERNMENT
    sums = ", ".join(f"SUM(s.{f})" for f in FIGURES)
    expected_true = "a.expected = %s"
    row, = _rows(
        "SELECT (SELECT COUNT(*) FROM {agency} WHERE path LIKE %s AND expected = %s), "
        f"COALESCE(SUM(CASE WHEN {expected_true} THEN 1 ELSE 0 END), 0), "
        f"COALESCE(SUM(CASE WHEN {expected_true} AND s.published IS NULL THEN 1 ELSE 0 END), 0), "
        f"COALESCE(SUM(CASE WHEN {expected_true} AND ((a.kind = %s AND s.published > %s) "
        "OR (a.kind <> %s AND s.published > %s)) THEN 1 ELSE 0 END), 0), "
        f"{sums} " + _SUBTREE_JOIN + " WHERE a.path LIKE %s AND s.year = %s",
        [root.path + "%", True, True, True, True, gov, adapt(deadline_for(gov, year)), gov,
         adapt(deadline_for(Agency.Kind.DEPARTMENT, year)), root.path + "%", year])
    expected, received, undated, late = row[:4]
    receipt = {"expected": expected, "received": received, "on_time": received - late - undated,
               "late": late, "missing": expected - received, "undated": undated}
    return dict(zip(FIGURES, row[4:])), receipt


def receipt_counts(root: Agency, year: int) -> dict:
    """receipt() as counts only (who published, on time, late, undated, missing), in one query."""
    return _year_figures(root, year)[1]


def _figures_by_year(root: Agency) -> dict:
    """{year: {"reports": n, figure: sum or None}} of the trend's figures over the current reports of
    root's subtree: one aggregate over the summary rows (one per report), never over the cells."""
    sums = ", ".join(f"SUM(s.{f})" for f in TREND_FIGURES)
    rows = _rows(f"SELECT s.year, COUNT(*), {sums} " + _SUBTREE_JOIN + " WHERE a.path LIKE %s GROUP BY s.year",
                 [root.path + "%"])
    return {r[0]: {"reports": r[1], **dict(zip(TREND_FIGURES, r[2:]))} for r in rows}


def _findings(root: Agency, year: int) -> tuple[list, list]:
    """(open findings by rule and severity, the 15 agencies with most errors) of the current versions;
    dismissed findings left out. Served by the partial index finding_open_current."""
    where = ("FROM {finding} f JOIN {agency} a ON a.id = f.agency_id WHERE f.current = TRUE "
             "AND f.state <> 'dismissed' AND f.year = %s AND a.path LIKE %s")
    by_rule = _rows("SELECT f.rule, f.severity, COUNT(*) AS n " + where +
                    " GROUP BY f.rule, f.severity ORDER BY n DESC, f.rule, f.severity", [year, root.path + "%"])
    ranking = _rows("SELECT a.name, COUNT(*) AS n " + where + " AND f.severity = %s GROUP BY a.name "
                    "ORDER BY n DESC, a.name LIMIT 15", [year, root.path + "%", "error"])
    return by_rule, ranking


def dashboard(root: Agency, year: int) -> dict:
    """The jurisdiction's figures for year, its trend over the years, findings and rankings.

    A fixed number of queries whatever the number of reports: sums over ReportSummary rows,
    counts over findings; nothing is computed per agency in Python."""
    by_year = _figures_by_year(root)
    years = sorted(set(by_year) | {year})

    def fig(y, name):
        return (by_year.get(y) or {}).get(name) or 0

    trend = []
    for y in years:
        total, shown = fig(y, "handled"), fig(y, "granted") + fig(y, "partial")
        rev_total, rev_corr = fig(y, "review_total"), fig(y, "review_corrected")
        lit_total, lit_corr = fig(y, "suit_total"), fig(y, "suit_corrected")
        trend.append({
            "year": y, "new": fig(y, "new"), "handled": total,
            "disclosure_rate": round(shown / total * 100, 1) if total else None,
            "review_total": rev_total, "review_corrected": rev_corr,
            "review_rate": round(rev_corr / rev_total * 100, 1) if rev_total else None,
            "suit_total": lit_total, "suit_corrected": lit_corr,
            "suit_rate": round(lit_corr / lit_total * 100, 1) if lit_total else None,
            "reports": fig(y, "reports"),
        })
    figures, rec = _year_figures(root, year)
    this = {k: v or 0 for k, v in figures.items()}
    parts = {"granted": this["granted"], "partial": this["partial"],
             "denied": sum(this[r] for r in DENIED_ROWS), "unable": sum(this[r] for r in UNABLE_ROWS),
             "unprocessed": this["unprocessed"], "other": this["other"]}
    denied = [{"name": _label_of(r).split(" ", 1)[-1], "value": this[r]} for r in DENIED_ROWS]
    unable = [{"name": _label_of(r).split(" ", 1)[-1], "value": this[r]} for r in UNABLE_ROWS]
    findings, ranking_findings = _findings(root, year)
    ranking_requests = _rows("SELECT a.name, s.new " + _SUBTREE_JOIN + " WHERE s.year = %s AND a.path LIKE %s "
                             "AND s.new IS NOT NULL ORDER BY s.new DESC, a.name LIMIT 15", [year, root.path + "%"])
    this_year = next(t for t in trend if t["year"] == year)
    return {
        "root": {"id": root.pk, "name": root.name}, "year": year, "years": years,
        "receipt": rec,
        "this_year": this_year,
        "outcomes": [{"name": OUTCOME_ROWS[k], "value": v} for k, v in parts.items()],
        "denied": denied, "unable": unable,
        "findings_by_rule": [{"rule": rule, "severity": severity, "n": n} for rule, severity, n in findings],
        "trend": trend,
        "ranking_findings": [{"name": name, "n": n} for name, n in ranking_findings],
        "ranking_requests": [{"name": name, "n": n} for name, n in ranking_requests],
    }


def agency_years(agency: Agency) -> dict:
    """All cells of an agency's current reports side by side by year, plus across-years findings."""
    reports = list(Report.objects.filter(agency=agency, current__isnull=False).select_related("current")
                   .defer("current__source").order_by("year"))
    years = [r.year for r in reports]
    values = defaultdict(dict)
    for c in Cell.objects.filter(agency=agency, current=True).values("cell_id", "year", "value", "status"):
        values[c["cell_id"]][c["year"]] = c
    order = []
    for fmt in ("2021", "2019"):
        for cid in spec.cell_ids(fmt):
            if cid in values and cid not in order:
                order.append(cid)
    rows = []
    for cid in order:
        vals = [values[cid].get(y) for y in years]
        numbers = [v["value"] for v in vals if v and v["value"] is not None]
        rows.append({"id": cid, "label": label_of(cid),
                     "values": vals, "changed": len(set(numbers)) > 1})
    across = list(Finding.objects.filter(agency=agency, current=True, across_years=True).order_by("year", "rule"))
    sections = {r.year: (r.current.data.get("sections") or {}).get("problems") or "" for r in reports}
    return {"reports": reports, "years": years, "rows": rows, "across": across, "problems": sections}


def jurisdiction_side_by_side(root: Agency, year: int, cell_ids) -> dict:
    agencies = list(root.subtree().filter(reports__year=year, reports__current__isnull=False).distinct())
    vals = defaultdict(dict)
    for c in Cell.objects.filter(current=True, year=year, agency__path__startswith=root.path,
                                 cell_id__in=list(cell_ids)).values("agency_id", "cell_id", "value", "status"):
        vals[c["agency_id"]][c["cell_id"]] = c
    counts = {r["agency_id"]: r for r in Finding.objects.filter(current=True, year=year, agency__path__startswith=root.path)
              .exclude(state=Finding.State.DISMISSED).values("agency_id")
              .annotate(errors=Count("id", filter=Q(severity="error")), total=Count("id"))}
    return {"agencies": [{"agency": a, "cells": [vals[a.pk].get(c) for c in cell_ids],
                          "errors": counts.get(a.pk, {}).get("errors", 0),
                          "findings": counts.get(a.pk, {}).get("total", 0)} for a in agencies],
            "cell_ids": list(cell_ids), "labels": [label_of(c) for c in cell_ids]}


def cached_dashboard(root: Agency, year: int) -> dict:
    """dashboard() memoized until the data changes: every change to reports, findings and notices
    writes an AuditEntry, so the newest audit id is the data's version (60 s bound for anything else)."""
    from django.core.cache import cache
    from .models import AuditEntry
    stamp = AuditEntry.objects.order_by("-id").values_list("id", flat=True).first() or 0
    key = f"gongkai:dashboard:{root.pk}:{root.path}:{year}:{stamp}"
    data = cache.get(key)
    if data is None:
        data = dashboard(root, year)
        cache.set(key, data, 60)
    return data
