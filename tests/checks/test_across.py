"""Across-years checks: carryover.mismatch, in_force.drift, text.copied; and run_across_years."""
from __future__ import annotations

from gongkai import checks

from .factory import make_report, run_across

PROBLEMS_2021 = ("一是政策解读形式不够丰富，未能充分运用图表图解等方式解读政策文件；二是政务新媒体运用不够充分，"
                 "公开渠道有限。下一步，我局将丰富政策解读形式，加强重点领域信息公开，拓宽公开渠道，提升公开质量。")


def pair(carried_out_before=1, carried_in_now=1):
    before = make_report(year=2021, new={"natural_person": 5}, carried_out={"natural_person": carried_out_before})
    now = make_report(year=2022, new={"natural_person": 3}, carried_in={"natural_person": carried_in_now})
    return now, before


def test_carryover_matches():
    now, before = pair(1, 1)
    assert run_across("carryover.mismatch", now, before) == []


def test_carryover_mismatch_names_the_numbers():
    now, before = pair(2, 1)
    found = run_across("carryover.mismatch", now, before)
    assert [f.message for f in found] == ["自然人列：本年“上年结转” 1 ≠ 2021年度报告“结转下年度继续办理” 2",
                                          "总计列：本年“上年结转” 1 ≠ 2021年度报告“结转下年度继续办理” 2"]
    assert found[0].cells == ["requests.carried_in.natural_person"]


def test_in_force_drift():
    before = make_report(year=2021, active={"active.normative_documents.in_force": 30})
    now = make_report(year=2022, active={"active.normative_documents.in_force": 33,
                                         "active.normative_documents.issued": 5,
                                         "active.normative_documents.repealed": 2})
    assert run_across("in_force.drift", now, before) == []
    now.cells["active.normative_documents.in_force"].value = 40
    found = run_across("in_force.drift", now, before)
    assert [f.message for f in found] == [
        "行政规范性文件：现行有效 40 ≠ 2021年现行有效 30 + 本年制发 5 − 本年废止 2 = 33"]
    assert found[0].severity == "info"


def test_in_force_drift_needs_the_2021_format_both_years():
    before = make_report("2019", year=2020)
    now = make_report(year=2021, active={"active.normative_documents.in_force": 9})
    assert run_across("in_force.drift", now, before) == []


def test_text_copied():
    before = make_report(year=2021, sections={"problems": PROBLEMS_2021})
    now = make_report(year=2022, sections={"problems": PROBLEMS_2021.replace("2021", "2022")})
    found = run_across("text.copied", now, before)
    assert len(found) == 1 and "相似度100%" in found[0].message


def test_rewritten_problems_are_not_copied():
    before = make_report(year=2021, sections={"problems": PROBLEMS_2021})
    now = make_report(year=2022, sections={"problems": (
        "依申请公开答复文书还不够规范，个别答复说理不充分；基层公开专区建设进展不平衡。"
        "下一步将制定统一的答复文书范本，组织法律顾问审核，推进村居公开专区标准化建设。")})
    assert run_across("text.copied", now, before) == []


def test_short_sections_are_not_compared():
    before = make_report(year=2021, sections={"problems": "无"})
    now = make_report(year=2022, sections={"problems": "无"})
    assert run_across("text.copied", now, before) == []


def test_run_across_years_pairs_consecutive_years_of_the_same_agency():
    now, before = pair(2, 1)
    checks.run_across_years([now, before])
    assert "carryover.mismatch" in now.rules_found()
    assert "carryover.mismatch" not in before.rules_found()
