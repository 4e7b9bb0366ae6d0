"""Compare and dashboard figures, aggregated in SQL over the long cell table (current versions only)."""
from __future__ import annotations

import datetime as dt
from collections import defaultdict

from django.db.models import Count, Q, Sum

from gongkai.spec import loader as spec
from gongkai.web.agencies.models import Agency

from .models import Cell, Finding, Report
from .tables import label_of

OUTCOME_ROWS = {
    "granted": "予以公开", "partial": "部分公开", "denied": "不予公开", "unable": "无法提供",
    "unprocessed": "不予处理", "other": "其他处理",
}
DENIED_ROWS = [r for r in spec.spec()["tables"]["requests"]["rows"] if r.startswith("denied_")]
UNABLE_ROWS = [r for r in spec.spec()["tables"]["requests"]["rows"] if r.startswith("unable_")]
REVIEW_ROWS = ("reconsideration", "suit_direct", "suit_after")


def deadline(agency: Agency, year: int) -> dt.date:
    """条例第四十九条: a government's own report by 3月31日, departments and townships by 1月31日."""
    if agency.kind == Agency.Kind.GOVERNMENT:
        return dt.date(year + 1, 3, 31)
    return dt.date(year + 1, 1, 31)


def _cell_sums(root: Agency, years, cell_ids) -> dict:
    """{(year, cell_id): sum} over current versions in root's subtree."""
    qs = (Cell.objects.filter(current=True, agency__path__startswith=root.path, cell_id__in=list(cell_ids))
          .filter(year__in=list(years)).values("year", "cell_id").annotate(total=Sum("value")))
    return {(r["year"], r["cell_id"]): r["total"] or 0 for r in qs}


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


def dashboard(root: Agency, year: int) -> dict:
    years = sorted(Report.objects.filter(agency__path__startswith=root.path, current__isnull=False)
                   .order_by("year").values_list("year", flat=True).distinct())
    if year not in years:
        years = sorted(set(years) | {year})
    rows = ["new", "total", "granted", "partial", *DENIED_ROWS, *UNABLE_ROWS,
            "unprocessed_petition", "unprocessed_duplicate", "unprocessed_publication",
            "unprocessed_excessive", "unprocessed_confirmation", "other", "other_no_correction",
            "other_no_fee", "other_other"]
    ids = [f"requests.{r}.total" for r in rows] + [f"review.{r}.{c}" for r in REVIEW_ROWS for c in ("corrected", "total")]
    sums = _cell_sums(root, years, ids)

    def s(y, cid):
        return sums.get((y, cid), 0)

    def share(y):
        total = s(y, "requests.total.total")
        parts = {
            "granted": s(y, "requests.granted.total"), "partial": s(y, "requests.partial.total"),
            "denied": sum(s(y, f"requests.{r}.total") for r in DENIED_ROWS),
            "unable": sum(s(y, f"requests.{r}.total") for r in UNABLE_ROWS),
            "unprocessed": sum(s(y, f"requests.unprocessed_{r}.total") for r in ("petition", "duplicate", "publication", "excessive", "confirmation")),
            "other": sum(s(y, f"requests.{r}.total") for r in ("other", "other_no_correction", "other_no_fee", "other_other")),
        }
        return total, parts

    trend = []
    for y in years:
        total, parts = share(y)
        rev_total = sum(s(y, f"review.{r}.total") for r in ("reconsideration",))
        rev_corr = s(y, "review.reconsideration.corrected")
        lit_total = s(y, "review.suit_direct.total") + s(y, "review.suit_after.total")
        lit_corr = s(y, "review.suit_direct.corrected") + s(y, "review.suit_after.corrected")
        trend.append({
            "year": y, "new": s(y, "requests.new.total"), "handled": total,
            "disclosure_rate": round((parts["granted"] + parts["partial"]) / total * 100, 1) if total else None,
            "review_total": rev_total, "review_corrected": rev_corr,
            "review_rate": round(rev_corr / rev_total * 100, 1) if rev_total else None,
            "suit_total": lit_total, "suit_corrected": lit_corr,
            "suit_rate": round(lit_corr / lit_total * 100, 1) if lit_total else None,
            "reports": Report.objects.filter(agency__path__startswith=root.path, year=y, current__isnull=False).count(),
        })
    total, parts = share(year)
    denied = [{"name": _label_of(r).split(" ", 1)[-1], "value": s(year, f"requests.{r}.total")} for r in DENIED_ROWS]
    unable = [{"name": _label_of(r).split(" ", 1)[-1], "value": s(year, f"requests.{r}.total")} for r in UNABLE_ROWS]
    findings = list(Finding.objects.filter(current=True, year=year, agency__path__startswith=root.path)
                    .exclude(state=Finding.State.DISMISSED).values("rule", "severity")
                    .annotate(n=Count("id")).order_by("-n"))
    ranking_findings = list(Finding.objects.filter(current=True, year=year, agency__path__startswith=root.path,
                                                   severity="error").exclude(state=Finding.State.DISMISSED)
                            .values("agency__name").annotate(n=Count("id")).order_by("-n", "agency__name")[:15])
    ranking_requests = list(Cell.objects.filter(current=True, year=year, agency__path__startswith=root.path,
                                                cell_id="requests.new.total", value__isnull=False)
                            .values("agency__name").annotate(n=Sum("value")).order_by("-n", "agency__name")[:15])
    rec = receipt(root, year)
    this = next(t for t in trend if t["year"] == year)
    return {
        "root": {"id": root.pk, "name": root.name}, "year": year, "years": years,
        "receipt": {"expected": rec["expected"], "received": rec["received"], "on_time": rec["on_time"],
                    "late": len(rec["late"]), "missing": len(rec["missing"]), "undated": len(rec["undated"])},
        "this_year": this,
        "outcomes": [{"name": OUTCOME_ROWS[k], "value": v} for k, v in parts.items()],
        "denied": denied, "unable": unable,
        "findings_by_rule": [{"rule": f["rule"], "severity": f["severity"], "n": f["n"]} for f in findings],
        "trend": trend,
        "ranking_findings": [{"name": r["agency__name"], "n": r["n"]} for r in ranking_findings],
        "ranking_requests": [{"name": r["agency__name"], "n": r["n"]} for r in ranking_requests],
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
