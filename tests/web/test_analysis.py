"""Compare across years and within a jurisdiction; dashboard figures; CSV and Parquet exports."""
import io
import csv

import pyarrow.parquet as pq

from gongkai.web.oversight import analysis
from gongkai.web.oversight.models import Finding

from .conftest import contract


def test_across_years_findings_and_side_by_side(tree, users, login, store):
    store(tree["a"], contract("甲县人民政府", 2022, {"requests.carried_out.total": 5, "requests.new.total": 10},
                              sections={"problems": "存在的主要问题是公开内容不够全面，解读不够深入，改进措施是加强培训。"}))
    v23 = store(tree["a"], contract("甲县人民政府", 2023, {"requests.carried_in.total": 3, "requests.new.total": 14},
                                    sections={"problems": "存在的主要问题是公开内容不够全面，解读不够深入，改进措施是加强培训。"}))
    across = Finding.objects.filter(version=v23, across_years=True)
    assert "carryover.mismatch" in {f.rule for f in across}
    data = analysis.agency_years(tree["a"])
    assert data["years"] == [2022, 2023]
    row = next(r for r in data["rows"] if r["id"] == "requests.new.total")
    assert [v["value"] for v in row["values"]] == [10, 14] and row["changed"]
    html = login(users["a_reviewer"]).get(f"/compare/agency/{tree['a'].pk}/").content.decode()
    assert "carryover.mismatch" in html and "2022" in html and "2023" in html


def test_across_years_refreshed_when_previous_year_arrives_later(tree, store):
    v23 = store(tree["a"], contract("甲县人民政府", 2023, {"requests.carried_in.total": 3}))
    assert not Finding.objects.filter(version=v23, across_years=True).exists()
    store(tree["a"], contract("甲县人民政府", 2022, {"requests.carried_out.total": 5}))
    assert Finding.objects.filter(version=v23, across_years=True, rule="carryover.mismatch").exists()
    # the corrected 2022 agrees: the mismatch goes away
    store(tree["a"], contract("甲县人民政府", 2022, {"requests.carried_out.total": 3}))
    assert not Finding.objects.filter(version=v23, across_years=True, rule="carryover.mismatch").exists()


def test_receipt_missing_and_late(tree, store):
    store(tree["a"], contract("甲县人民政府", 2023, published="2024-03-20"))        # government: due 3月31日
    store(tree["a_edu"], contract("甲县教育局", 2023, published="2024-02-20"))     # department: due 1月31日
    rec = analysis.receipt(tree["city"], 2023)
    assert rec["expected"] == 4 and rec["received"] == 2 and rec["on_time"] == 1
    assert {a.name for a in rec["missing"]} == {"示范市人民政府", "乙县人民政府"}
    assert [a.name for a, _, _ in rec["late"]] == ["甲县教育局"]


def test_dashboard_aggregates_current_versions(tree, users, login, store):
    base = {"requests.new.total": 10, "requests.total.total": 10, "requests.granted.total": 6,
            "requests.partial.total": 2, "requests.denied_state_secret.total": 1, "requests.unable_not_held.total": 1,
            "review.reconsideration.total": 4, "review.reconsideration.corrected": 1}
    store(tree["a"], contract("甲县人民政府", 2023, {**base, "requests.new.total": 999}))  # replaced below
    store(tree["a"], contract("甲县人民政府", 2023, base))
    store(tree["b"], contract("乙县人民政府", 2023, {**base, "review.reconsideration.total": 0,
                                                       "review.reconsideration.corrected": 0}))
    store(tree["b"], contract("乙县人民政府", 2022, {"requests.new.total": 7}))
    d = analysis.dashboard(tree["city"], 2023)
    assert d["this_year"]["new"] == 20 and d["this_year"]["disclosure_rate"] == 80.0
    assert d["this_year"]["review_rate"] == 25.0
    outcomes = {o["name"]: o["value"] for o in d["outcomes"]}
    assert outcomes["予以公开"] == 12 and outcomes["不予公开"] == 2 and outcomes["无法提供"] == 2
    assert [t["year"] for t in d["trend"]] == [2022, 2023] and d["trend"][0]["new"] == 7
    assert d["receipt"]["received"] == 2
    assert analysis.dashboard(tree["a"], 2023)["this_year"]["new"] == 10  # subtree only
    c = login(users["city_reviewer"])
    page = c.get(f"/dashboard/?root={tree['city'].pk}&year=2023").content.decode()
    assert 'id="dash-data"' in page and "echarts.min.js" in page
    assert c.get(f"/dashboard/data.json?root={tree['city'].pk}&year=2023").json()["this_year"]["new"] == 20


def test_jurisdiction_compare_page(tree, users, login, store):
    store(tree["a"], contract("甲县人民政府", 2023, {"requests.new.total": 10}, published="2024-03-01"))
    html = login(users["city_reviewer"]).get(f"/compare/?root={tree['city'].pk}&year=2023").content.decode()
    assert "甲县人民政府" in html and 'id="missing"' in html and "乙县人民政府" in html


def test_cells_csv_and_parquet_read_back(tree, users, login, store):
    store(tree["a"], contract("甲县人民政府", 2023, {"requests.new.total": 10, "active.fees.amount": 1.5}))
    store(tree["b"], contract("乙县人民政府", 2022, {"requests.new.total": 4}))
    c = login(users["admin"])
    body = b"".join(c.get("/exports/cells.csv?year=2023").streaming_content).decode("utf-8-sig")
    rows = list(csv.DictReader(io.StringIO(body)))
    assert {r["agency"] for r in rows} == {"甲县人民政府"}
    got = {r["cell_id"]: r for r in rows}
    assert float(got["requests.new.total"]["value"]) == 10 and got["requests.new.total"]["status"] == "read"
    assert got["requests.granted.total"]["value"] == "" and got["requests.granted.total"]["status"] == "blank"
    table = pq.read_table(io.BytesIO(c.get("/exports/cells.parquet").content))
    assert table.num_rows == len(rows) * 2
    df = table.to_pylist()
    assert {(r["agency"], r["year"], r["value"]) for r in df if r["cell_id"] == "active.fees.amount"} >= {("甲县人民政府", 2023, 1.5)}
    from openpyxl import load_workbook
    wb = load_workbook(io.BytesIO(c.get("/exports/findings.xlsx").content))
    assert wb.active.cell(1, 1).value == "机关"


def test_dashboard_cache_follows_changes(tree, store):
    store(tree["a"], contract("甲县人民政府", 2023, {"requests.new.total": 10}))
    assert analysis.cached_dashboard(tree["city"], 2023)["this_year"]["new"] == 10
    store(tree["a"], contract("甲县人民政府", 2023, {"requests.new.total": 11}))  # a new version: new stamp
    assert analysis.cached_dashboard(tree["city"], 2023)["this_year"]["new"] == 11
