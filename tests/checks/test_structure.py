"""Structure checks: missing tables/sections, problems from reading, unreadable/inferred/invalid cells,
and the format version."""
from __future__ import annotations

import pytest

from gongkai import spec
from gongkai.report import Finding

from .factory import make_report, run_check, set_cell


def test_complete_report_has_no_structure_findings():
    r = make_report()
    for rule in ("tables.missing", "sections.missing", "table.malformed", "cell.unreadable", "cell.inferred",
                 "cell.invalid", "format.version", "source.unreadable"):
        assert run_check(rule, r) == [], rule


def test_tables_missing_when_every_cell_of_a_table_is_missing():
    r = make_report()
    for cid in spec.cell_ids("2021", "review"):
        set_cell(r, cid, None, status="missing")
    found = run_check("tables.missing", r)
    assert [f.message for f in found] == ["报告中没有表格“四、政府信息公开行政复议、行政诉讼情况”"]
    assert len(found[0].cells) == 15
    # One cell still read: the table is there (its gaps are other findings).
    set_cell(r, "review.reconsideration.total", 0)
    assert run_check("tables.missing", r) == []


def test_a_table_whose_rows_were_found_but_not_placed_is_not_missing():
    # Every cell missing, but the extractor found the table's row and said why (table.malformed):
    # the table is printed, so it is not reported absent.
    r = make_report()
    ids = spec.cell_ids("2021", "review")
    for cid in ids:
        set_cell(r, cid, None, status="missing")
    r.problems.append(Finding("table.malformed", "「行政复议、行政诉讼」行的数值少于模板的 15 列，无法确定各数值所在的列", list(ids)))
    assert run_check("tables.missing", r) == []
    assert len(run_check("table.malformed", r)) == 1


def test_tables_missing_not_repeated_for_an_unreadable_source():
    r = make_report()
    r.cells = {}
    assert len(run_check("tables.missing", r)) == 3
    r.problems.append(Finding("source.unreadable", "文件已加密，无法读取"))
    assert run_check("tables.missing", r) == []
    assert [f.message for f in run_check("source.unreadable", r)] == ["文件已加密，无法读取"]


def test_sections_missing():
    r = make_report()
    del r.sections["other"]
    assert [f.message for f in run_check("sections.missing", r)] == ["报告中缺少“六、其他需要报告的事项”部分"]


def test_problems_become_findings():
    r = make_report()
    r.problems.append(Finding("table.malformed", "表二第 4 行只有 6 个数值，模板为 7 个",
                              ["requests.carried_out.commercial"], evidence="000000"))
    found = run_check("table.malformed", r)
    assert len(found) == 1 and found[0].cells == ["requests.carried_out.commercial"]
    assert found[0].severity == "error" and found[0].evidence == "000000"


def test_cell_unreadable_one_finding_per_row_with_candidates():
    r = make_report()
    for cid, cands in (("active.normative_documents.issued", [5, 50]), ("active.normative_documents.repealed", [0, 6]),
                       ("active.normative_documents.in_force", [66, 6])):
        set_cell(r, cid, None, status="ambiguous", candidates=cands)
        r.cells[cid].raw = "5066"
    found = run_check("cell.unreadable", r)
    assert len(found) == 1
    assert found[0].message == ("行政规范性文件（原文“5066”）有多种读法：本年制发件数可能为 5、50；"
                                "本年废止件数可能为 0、6；现行有效件数可能为 66、6")
    assert len(found[0].cells) == 3


def test_cell_unreadable_for_missing_cells_not_covered_by_a_problem():
    r = make_report()
    for col in ("issued", "repealed", "in_force"):
        set_cell(r, f"active.regulations.{col}", None, status="missing")
    found = run_check("cell.unreadable", r)
    assert len(found) == 1 and len(found[0].cells) == 3
    r.problems.append(Finding("table.malformed", "表一缺少“规章”行",
                              [f"active.regulations.{c}" for c in ("issued", "repealed", "in_force")]))
    assert run_check("cell.unreadable", r) == []


def test_cell_inferred_shows_the_derivation():
    r = make_report()
    for col in ("natural_person", "commercial"):
        set_cell(r, f"requests.other_no_fee.{col}", 0, status="inferred",
                 derivation=f"由关系推得：{'自然人' if col == 'natural_person' else '商业企业'}列：（七）总计 = 各项办理结果之和")
    found = run_check("cell.inferred", r)
    assert len(found) == 1 and found[0].severity == "info" and len(found[0].cells) == 2
    assert found[0].message.endswith("按表内关系推得 自然人 0、商业企业 0（依据：（七）总计 = 各项办理结果之和）")


@pytest.mark.parametrize("cid,value,fires", [
    ("requests.new.natural_person", -1, True),
    ("requests.new.natural_person", 2.5, True),
    ("requests.new.natural_person", "三", True),
    ("requests.new.natural_person", 3, False),
    ("active.fees.amount", 24252.311082, False),
    ("active.fees.amount", -1.5, True),
])
def test_cell_invalid(cid, value, fires):
    r = make_report()
    set_cell(r, cid, value)
    assert bool(run_check("cell.invalid", r)) is fires


def test_cell_invalid_allows_a_negative_change_in_2019():
    r = make_report("2019")
    set_cell(r, "active.licensing.change", -3)
    assert run_check("cell.invalid", r) == []
    set_cell(r, "active.licensing.previous", -3)
    assert len(run_check("cell.invalid", r)) == 1


@pytest.mark.parametrize("fmt,year,fires", [("2019", 2021, True), ("2021", 2021, False), ("2021", 2020, True),
                                            ("2019", 2020, False), ("2019", 2019, False), ("2021", 2025, False)])
def test_format_version(fmt, year, fires):
    r = make_report(fmt, year=year)
    found = run_check("format.version", r)
    assert bool(found) is fires
    if fires:
        assert str(year) in found[0].message


def test_format_version_from_a_problem():
    r = make_report("2021", year=2023)
    r.problems.append(Finding("format.version", "表二“（六）其他处理”只有一行（2019 年版格式），2021 年版应分三行"))
    assert len(run_check("format.version", r)) == 1
