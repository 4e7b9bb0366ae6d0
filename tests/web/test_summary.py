"""The per-report summary rows behind the dashboard: equal to the sums over the cells, follow a
corrected version, filled by the migration for reports stored before; the dashboard and the report
page take a fixed number of queries whatever the number of reports; the report page's tables come
from gongkai.render.html with the source position of each cell, escaped."""
import importlib
import json
from collections import defaultdict

import lxml.html
import pytest
from django.apps import apps
from django.db import connection
from django.db.models import Sum
from django.test.utils import CaptureQueriesContext

from gongkai.web.agencies.models import Agency
from gongkai.web.oversight import analysis, summary
from gongkai.web.oversight.models import Cell, Finding, Report, ReportSummary

from .conftest import BALANCE, contract

FULL = {"requests.new.total": 10, "requests.total.total": 9, "requests.granted.total": 5,
        "requests.partial.total": 1, "requests.denied_state_secret.total": 1, "requests.denied_query.total": 2,
        "requests.unable_not_held.total": 3, "requests.unprocessed_petition.total": 1,
        "requests.unprocessed_duplicate.total": 2, "requests.other_no_fee.total": 4,
        "review.reconsideration.total": 6, "review.reconsideration.corrected": 2,
        "review.suit_direct.total": 3, "review.suit_direct.corrected": 1, "review.suit_after.total": 2}


def _from_cells(version) -> dict:
    values = dict(Cell.objects.filter(version=version).values_list("cell_id", "value"))
    return summary.figures(values)


def _row(report_id) -> dict:
    row = ReportSummary.objects.get(report_id=report_id)
    return {f: getattr(row, f) for f in summary.FIGURES}


def test_figures_cover_the_dashboard_cells_of_both_formats():
    from gongkai.spec import loader as spec
    fields = [f.name for f in ReportSummary._meta.get_fields() if f.get_internal_type() == "FloatField"]
    assert fields == list(summary.FIGURES)
    for fmt in spec.FORMATS:
        ids = set(spec.cell_ids(fmt))
        for name, cells in summary.FIGURES.items():
            assert any(c in ids for c in cells), (fmt, name)
    assert summary.figures({"requests.new.total": None})["new"] is None  # blank stays blank, not 0
    assert summary.figures({"review.suit_direct.total": 2, "review.suit_after.total": None})["suit_total"] == 2


def test_summary_equals_the_cells_and_follows_the_current_version(tree, store):
    v1 = store(tree["a"], contract("甲县人民政府", 2023, FULL, published="2024-03-01"))
    assert _row(v1.report_id) == _from_cells(v1)
    assert _row(v1.report_id)["denied_query"] == 2 and _row(v1.report_id)["unprocessed"] == 3
    assert _row(v1.report_id)["suit_total"] == 5 and _row(v1.report_id)["suit_corrected"] == 1
    v2 = store(tree["a"], contract("甲县人民政府", 2023, {**FULL, "requests.new.total": 11, "requests.granted.total": None},
                                   published="2024-04-02"))
    row = ReportSummary.objects.get(report_id=v1.report_id)
    assert row.version_id == v2.pk and row.published.isoformat() == "2024-04-02"
    assert _row(v1.report_id) == _from_cells(v2) and row.new == 11 and row.granted is None
    assert ReportSummary.objects.count() == 1
    v2.delete()  # the current version gone: no figures left for the report
    assert not ReportSummary.objects.exists()


def _reference(root: Agency, year: int) -> dict:
    """The dashboard's sums computed the slow way, from the current cells of the subtree."""
    sums = defaultdict(float)
    for r in (Cell.objects.filter(current=True, year=year, agency__path__startswith=root.path)
              .values("cell_id").annotate(t=Sum("value"))):
        sums[r["cell_id"]] = r["t"] or 0
    return {name: sum(sums[c] for c in cells) for name, cells in summary.FIGURES.items()}


def test_dashboard_equals_sums_over_the_cells(tree, store):
    store(tree["a"], contract("甲县人民政府", 2023, {**FULL, "requests.new.total": 999}))  # replaced below
    store(tree["a"], contract("甲县人民政府", 2023, FULL))
    store(tree["a_edu"], contract("甲县教育局", 2023, {**FULL, "requests.new.total": 4, "requests.other_other.total": 1}))
    store(tree["b"], contract("乙县人民政府", 2023, {"requests.new.total": 7, "requests.total.total": 3,
                                                       "requests.granted.total": 3}, fmt="2021"))
    store(tree["b"], contract("乙县人民政府", 2020, {"requests.new.total": 2, "requests.other.total": 5}, fmt="2019"))
    for root in (tree["city"], tree["a"], tree["b"]):
        for year in (2020, 2023):
            d, ref = analysis.dashboard(root, year), _reference(root, year)
            t = d["this_year"]
            assert (t["new"], t["handled"], t["review_total"], t["review_corrected"], t["suit_total"], t["suit_corrected"]) == \
                (ref["new"], ref["handled"], ref["review_total"], ref["review_corrected"], ref["suit_total"], ref["suit_corrected"])
            outcomes = {o["name"]: o["value"] for o in d["outcomes"]}
            assert outcomes["不予公开"] == sum(ref[r] for r in summary.DENIED_ROWS)
            assert outcomes["无法提供"] == sum(ref[r] for r in summary.UNABLE_ROWS)
            assert outcomes["不予处理"] == ref["unprocessed"] and outcomes["其他处理"] == ref["other"]
            assert [x["value"] for x in d["denied"]] == [ref[r] for r in summary.DENIED_ROWS]
    d = analysis.dashboard(tree["city"], 2023)
    assert d["this_year"]["new"] == 21 and d["years"] == [2020, 2023]
    assert [t["reports"] for t in d["trend"]] == [1, 3]
    assert d["ranking_requests"][:3] == [{"name": "甲县人民政府", "n": 10}, {"name": "乙县人民政府", "n": 7},
                                         {"name": "甲县教育局", "n": 4}]


def test_receipt_counts_agree_with_receipt(tree, store):
    store(tree["a"], contract("甲县人民政府", 2023, published="2024-03-20"))     # government: due 3月31日, on time
    store(tree["a_edu"], contract("甲县教育局", 2023, published="2024-02-20"))  # department: due 1月31日, late
    store(tree["b"], contract("乙县人民政府", 2023))                            # no date
    store(tree["city"], contract("示范市人民政府", 2023, published="2024-04-01"))  # government, late
    Agency.objects.filter(pk=tree["b"].pk).update(expected=False)
    for root in (tree["city"], tree["a"], tree["b"]):
        rec = analysis.receipt(root, 2023)
        assert analysis.receipt_counts(root, 2023) == {
            "expected": rec["expected"], "received": rec["received"], "on_time": rec["on_time"],
            "late": len(rec["late"]), "missing": len(rec["missing"]), "undated": len(rec["undated"])}
    assert analysis.receipt_counts(tree["city"], 2023) == {"expected": 3, "received": 3, "on_time": 1, "late": 2,
                                                           "missing": 0, "undated": 0}


def test_dashboard_findings_leave_out_dismissed_and_old_versions(tree, store):
    v1 = store(tree["a"], contract("甲县人民政府", 2023, findings=[BALANCE]))
    store(tree["b"], contract("乙县人民政府", 2023, findings=[BALANCE, {**BALANCE, "cells": ["requests.new.total"]}]))
    d = analysis.dashboard(tree["city"], 2023)
    assert d["findings_by_rule"] == [{"rule": "requests.balance", "severity": "error", "n": 3}]
    assert d["ranking_findings"] == [{"name": "乙县人民政府", "n": 2}, {"name": "甲县人民政府", "n": 1}]
    Finding.objects.filter(version__report__agency=tree["b"]).update(state=Finding.State.DISMISSED)
    store(tree["a"], contract("甲县人民政府", 2023))  # corrected: v1's finding is no longer current
    assert Finding.objects.filter(version=v1).exists()
    d = analysis.dashboard(tree["city"], 2023)
    assert d["findings_by_rule"] == [] and d["ranking_findings"] == []


def test_migration_backfills_summaries_of_existing_reports(tree, store):
    store(tree["a"], contract("甲县人民政府", 2023, {**FULL, "requests.new.total": 1}))
    v2 = store(tree["a"], contract("甲县人民政府", 2023, FULL, published="2024-01-05"))
    v3 = store(tree["b"], contract("乙县人民政府", 2020, {"requests.other.total": 5}, fmt="2019"))
    Report.objects.create(agency=tree["a_edu"], year=2023)  # no version yet: no summary
    expected = {r.report_id: ({f.attname: getattr(r, f.attname) for f in ReportSummary._meta.fields})
                for r in ReportSummary.objects.all()}
    ReportSummary.objects.all().delete()
    migration = importlib.import_module("gongkai.web.oversight.migrations.0002_report_summary")
    migration.backfill(apps, None)
    got = {r.report_id: ({f.attname: getattr(r, f.attname) for f in ReportSummary._meta.fields})
           for r in ReportSummary.objects.all()}
    assert got == expected and set(got) == {v2.report_id, v3.report_id}
    assert got[v3.report_id]["other"] == 5 and got[v2.report_id]["version_id"] == v2.pk


def _add_reports(tree, store, years, findings=()):
    for y in years:
        for key, name in (("a", "甲县人民政府"), ("a_edu", "甲县教育局"), ("b", "乙县人民政府")):
            store(tree[key], contract(name, y, {**FULL, "requests.new.total": y % 7}, findings=list(findings)))


def _queries(client, url) -> int:
    with CaptureQueriesContext(connection) as ctx:
        assert client.get(url).status_code == 200
    return len(ctx.captured_queries)


@pytest.mark.parametrize("user", ["admin", "city_reviewer"])
def test_dashboard_queries_do_not_grow_with_reports(tree, users, login, store, user):
    c = login(users[user])
    url = f"/dashboard/?root={tree['city'].pk}&year=2023"
    _add_reports(tree, store, [2023])
    few = _queries(c, url)
    _add_reports(tree, store, range(2015, 2023), findings=[BALANCE])
    _add_reports(tree, store, [2023], findings=[BALANCE, {**BALANCE, "cells": []}])  # new versions, more findings
    from django.core.cache import cache
    cache.clear()
    assert _queries(c, url) == few
    assert few <= 12
    assert _queries(c, url.replace("/dashboard/", "/dashboard/data.json")) <= few


def test_report_page_queries_do_not_grow_with_versions_or_findings(tree, users, login, store):
    c = login(users["a_reviewer"])
    v = store(tree["a"], contract("甲县人民政府", 2023, FULL))
    few = _queries(c, f"/reports/{v.report_id}/")
    for n in range(4):
        store(tree["a"], contract("甲县人民政府", 2023, {**FULL, "requests.new.total": n},
                                  findings=[BALANCE, {**BALANCE, "rule": "requests.row_sum", "cells": [f"x{n}"]}]))
    assert _queries(c, f"/reports/{v.report_id}/") == few
    assert _queries(c, f"/reports/{v.report_id}/?v=1") == few + 1  # the version asked for


def test_report_page_tables_are_the_official_layout_with_source_positions(tree, users, login, store):
    evil = '<script>alert(1)</script>"><img src=x onerror=alert(3)>'
    d = contract("甲县人民政府", 2023, {"requests.new.natural_person": 5}, findings=[BALANCE])
    d["cells"]["requests.new.natural_person"]["at"] = {"line": 7, "text": evil}
    d["cells"]["requests.new.total"] = {"value": None, "status": "ambiguous", "raw": evil, "at": None,
                                        "candidates": [12, 21]}
    d["cells"]["requests.granted.total"] = {"value": 3, "status": "inferred", "raw": None, "at": None,
                                            "derivation": evil}
    v = store(tree["a"], d)
    html = login(users["a_reviewer"]).get(f"/reports/{v.report_id}/").content.decode()
    assert "<script>alert(1)" not in html and "<img" not in html
    root = lxml.html.fromstring(html)
    tables = root.xpath("//table[@class='gongkai-table']")
    assert [t.get("data-table") for t in tables] == ["active", "requests", "review"]
    td = root.xpath("//td[@data-cell='requests.new.natural_person']")[0]
    assert td.text_content() == "5" and "flagged" in td.get("class").split() and "cell-read" in td.get("class")
    assert td.get("title").splitlines() == ["一、本年新收政府信息公开申请数量·自然人", "原文：5"]
    assert json.loads(td.get("data-at")) == {"line": 7, "text": evil}  # an attribute value, not markup
    amb = root.xpath("//td[@data-cell='requests.new.total']")[0]
    assert "cell-ambiguous" in amb.get("class") and "12、21" in amb.get("title") and evil in amb.get("title")
    assert amb.get("data-at") is None and amb.text_content() == ""
    inf = root.xpath("//td[@data-cell='requests.granted.total']")[0]
    assert "cell-inferred" in inf.get("class") and inf.text_content() == "3" and evil in inf.get("title")
    assert not root.xpath("//td[@onerror] | //img | //script[@src='x']")
    # every value cell of the format is there, once
    from gongkai.spec import loader as spec
    assert sorted(t.get("data-cell") for t in root.xpath("//td[@data-cell]")) == sorted(spec.cell_ids("2021"))


def test_render_hook_refuses_attributes_that_could_run_code():
    from gongkai.render import layout
    from gongkai.render.html import render_table
    from gongkai.report import Report as EngineReport
    table = layout.tables("2021")[2]
    for name in ("onclick", "class", "title", "data-cell", 'x" onclick="a', "Data-X"):
        with pytest.raises(ValueError):
            render_table(EngineReport(), table, cell_attrs=lambda cid, cv: {name: "1"})
    out = render_table(EngineReport(), table, cell_attrs=lambda cid, cv: {"data-x": '"><b>'})
    assert 'data-x="&quot;&gt;&lt;b&gt;"' in out and "<b>" not in out
