"""Consistency checks: table-2 and table-3 relations, and narrative figures against the tables."""
from __future__ import annotations

import pytest

from .factory import make_report, run_check, set_cell, stated


@pytest.mark.parametrize("fmt", ["2021", "2019"])
def test_consistent_report_has_no_consistency_findings(fmt):
    r = make_report(fmt, new={"natural_person": 80, "legal_services": 2}, carried_in={"natural_person": 3},
                    carried_out={"natural_person": 4},
                    review={"reconsideration": (1, 0, 2, 0), "suit_direct": (12, 0, 0, 0)})
    for rule in ("requests.balance", "requests.outcome_sum", "requests.column_sum", "review.sum"):
        assert run_check(rule, r) == []


def test_balance_names_the_numbers():
    r = make_report(new={"natural_person": 80})
    set_cell(r, "requests.carried_out.natural_person", 1)  # 80 + 0 ≠ 80 + 1
    set_cell(r, "requests.carried_out.total", 1)
    found = run_check("requests.balance", r)
    messages = [f.message for f in found]
    assert "自然人列：本年新收 80 + 上年结转 0 ≠ 办理结果总计 80 + 结转下年度 1" in messages
    assert "总计列：本年新收 80 + 上年结转 0 ≠ 办理结果总计 80 + 结转下年度 1" in messages
    f = next(f for f in found if f.message.startswith("自然人"))
    assert f.cells == ["requests.new.natural_person", "requests.carried_in.natural_person",
                       "requests.total.natural_person", "requests.carried_out.natural_person"]


def test_balance_skips_a_column_with_an_ambiguous_cell():
    r = make_report(new={"natural_person": 80})
    set_cell(r, "requests.carried_out.natural_person", 1)
    set_cell(r, "requests.new.natural_person", None, status="ambiguous", candidates=[80, 8])
    assert not any(f.message.startswith("自然人") for f in run_check("requests.balance", r))


def test_blank_counts_as_zero():
    r = make_report(new={"natural_person": 2})
    set_cell(r, "requests.carried_in.natural_person", None, status="blank")
    assert run_check("requests.balance", r) == []


def test_outcome_sum_fires_and_lists_the_nonzero_outcomes():
    r = make_report("2021", new={"natural_person": 3}, outcomes={"granted": {"natural_person": 2},
                                                                   "unable_not_held": {"natural_person": 1}})
    set_cell(r, "requests.total.natural_person", 4)
    found = run_check("requests.outcome_sum", r)
    assert [f.message for f in found] == [
        "自然人列：办理结果总计 4 ≠ 各项办理结果之和 3（予以公开 2 + 无法提供·本机关不掌握相关政府信息 1）"]
    assert "requests.other_other.natural_person" in found[0].cells


def test_outcome_sum_uses_the_2019_rows():
    r = make_report("2019", new={"natural_person": 1}, outcomes={"other": {"natural_person": 1}})
    assert run_check("requests.outcome_sum", r) == []
    set_cell(r, "requests.other.natural_person", 0)
    assert len(run_check("requests.outcome_sum", r)) == 1


def test_column_sum_fires_on_a_row_total():
    r = make_report(new={"natural_person": 8, "commercial": 1})
    set_cell(r, "requests.granted.total", 8)  # 030: 部分公开 8 + 1 but 总计 8
    found = run_check("requests.column_sum", r)
    assert [f.message for f in found] == ["予以公开行：总计 8 ≠ 各类申请人之和 9（自然人 8 + 商业企业 1）"]
    assert found[0].cells[-1] == "requests.granted.total"


def test_review_sum():
    r = make_report(review={"reconsideration": (10, 1, 0, 0)})
    set_cell(r, "review.reconsideration.total", 0)  # 001
    found = run_check("review.sum", r)
    assert [f.message for f in found] == ["行政复议：总计 0 ≠ 结果维持 10 + 结果纠正 1 + 其他结果 0 + 尚未审结 0"]


# -- text.table_mismatch -------------------------------------------------------------------------
def test_narrative_agreeing_with_tables_does_not_fire():
    # 006: 共收到70件申请，办结69件，1件结转
    r = make_report(new={"natural_person": 64, "public_interest": 2, "other_org": 4},
                    carried_out={"natural_person": 1})
    r.figures["stated"] = {**stated("received", 70, "共收到70件申请"), **stated("handled", 69, "办结69件"),
                           **stated("carried_out", 1, "1件结转")}
    assert run_check("text.table_mismatch", r) == []


def test_received_may_include_carried_in():
    # 011: 受理749 = 新收713 + 结转36
    r = make_report(new={"natural_person": 705, "commercial": 8}, carried_in={"natural_person": 36},
                    carried_out={"natural_person": 31})
    r.figures["stated"] = {**stated("received", 749, "受理政府信息公开申请 749 件"),
                           **stated("processed", 718, "共办理 718 件"), **stated("carried_out", 31, "结转下一年 31 件")}
    assert run_check("text.table_mismatch", r) == []


def test_denied_mismatch_020():
    r = make_report(new={"natural_person": 3}, outcomes={
        "granted": {"natural_person": 1}, "denied_enforcement_file": {"natural_person": 1},
        "unable_not_held": {"natural_person": 1}})
    text = "2022年共收到政府信息公开申请3件，予以公开1件，不予公开2件"
    r.figures["stated"] = {**stated("received", 3, text), **stated("granted", 1, text), **stated("denied", 2, text)}
    found = run_check("text.table_mismatch", r)
    assert len(found) == 1
    assert "不予公开各项合计为 1" in found[0].message and "2 件" in found[0].message
    assert found[0].evidence == text


def test_other_outcome_may_mean_the_groups_last_row():
    # 逾期不补正、不再处理1件，其他处理1件: beside its first row named on its own, 其他处理 is （六）3.其他
    r = make_report(new={"natural_person": 3}, outcomes={
        "granted": {"natural_person": 1}, "other_no_correction": {"natural_person": 1}, "other_other": {"natural_person": 1}})
    text = "申请人无正当理由逾期不补正、不再处理1件，其他处理1件"
    r.figures["stated"] = stated("other_outcome", 1, text)
    assert run_check("text.table_mismatch", r) == []
    r.figures["stated"] = stated("other_outcome", 3, "其他处理3件")  # neither the group (2) nor its last row (1)
    assert len(run_check("text.table_mismatch", r)) == 1
    r = make_report("2019", new={"natural_person": 3}, outcomes={"granted": {"natural_person": 2}, "other": {"natural_person": 1}})
    r.figures["stated"] = stated("other_outcome", 0, "其他处理0件")  # 2019 has no 3.其他 row to agree with
    assert len(run_check("text.table_mismatch", r)) == 1


def test_received_against_a_total_column_of_zero_050():
    r = make_report(new={"natural_person": 2}, outcomes={"partial": {"natural_person": 1},
                                                         "unable_not_held": {"natural_person": 1}})
    for row in ("new", "partial", "unable_not_held", "total"):
        set_cell(r, f"requests.{row}.total", 0)
    r.figures["stated"] = stated("received", 2, "全年共受理政府信息公开申请2件")
    found = run_check("text.table_mismatch", r)
    assert len(found) == 1 and "本年新收申请总计为 0" in found[0].message
    assert found[0].cells == ["requests.new.total"]


def test_blank_total_column_reads_as_the_applicant_sum_051():
    r = make_report("2019", new={"natural_person": 821, "commercial": 38},
                    outcomes={"granted": {"natural_person": 258, "commercial": 14}, "partial": {"natural_person": 3},
                              "unable_not_held": {"natural_person": 265}, "unable_needs_creation": {"natural_person": 47},
                              "unable_unclear": {"natural_person": 25}, "denied_internal": {"natural_person": 35},
                              "unprocessed_petition": {"natural_person": 158}, "other": {"commercial": 24}},
                    carried_out={"natural_person": 30})
    for row in ("granted", "partial", "unable_not_held", "unable_needs_creation", "unable_unclear",
                "denied_internal", "unprocessed_petition"):
        set_cell(r, f"requests.{row}.total", None, status="blank")
    r.figures["stated"] = {**stated("granted_partial", 258, "予以公开及部分公开258件"),
                           **stated("unable", 265, "因本机关不掌握等原因无法提供265件"),
                           **stated("denied", 35, "不予公开35件"), **stated("unprocessed", 158, "不予处理158件")}
    found = run_check("text.table_mismatch", r)
    assert len(found) == 2
    assert "予以公开与部分公开合计为 275" in found[0].message
    assert "无法提供各项合计为 337" in found[1].message


def test_no_applications_stated_and_none_in_table_046():
    r = make_report(new={})
    r.figures["stated"] = stated("received_none", 0, "2021年我局未收到政府信息公开申请")
    assert run_check("text.table_mismatch", r) == []
    set_cell(r, "requests.new.natural_person", 1)
    set_cell(r, "requests.new.total", 1)
    found = run_check("text.table_mismatch", r)
    assert len(found) == 1 and "未收到申请" in found[0].message


def test_reviews_lawsuits_and_issued_documents():
    r = make_report(review={"reconsideration": (5, 0, 0, 2), "suit_direct": (8, 0, 0, 1)},
                    active={"active.normative_documents.issued": 6})
    r.figures["stated"] = {**stated("reconsideration", 7, "行政复议7件"), **stated("lawsuit", 9, "诉讼9件"),
                           **stated("issued", 6, "制发规范性文件6件")}
    assert run_check("text.table_mismatch", r) == []
    r.figures["stated"]["lawsuit"][0]["value"] = 10
    r.figures["stated"]["issued"][0]["value"] = 4
    found = run_check("text.table_mismatch", r)
    assert len(found) == 2
    assert "行政诉讼总计为 9" in found[0].message and "规范性文件本年制发件数为 6" in found[1].message


def test_figure_whose_cells_are_ambiguous_is_not_judged():
    r = make_report(new={"natural_person": 5})
    set_cell(r, "requests.new.total", None, status="ambiguous", candidates=[5, 50])
    set_cell(r, "requests.new.natural_person", None, status="ambiguous", candidates=[5, 50])
    r.figures["stated"] = stated("received", 50, "收到申请50件")
    assert run_check("text.table_mismatch", r) == []


def test_no_reviews_stated_but_the_table_has_some():
    text = "2021年我局未有政府信息公开行政复议及行政诉讼有关况"
    r = make_report(review={"suit_direct": (1, 0, 0, 0)})
    r.figures["stated"] = {**stated("reconsideration_none", 0, text), **stated("lawsuit_none", 0, text)}
    found = run_check("text.table_mismatch", r)
    assert [f.message for f in found] == [f"正文称“{text}”（未发生行政诉讼），而表格中行政诉讼总计为 1"]


# -- text.table_mismatch: the applications said granted in words (granted_all) ---------------------
def test_all_granted_in_words_against_none_granted_in_the_table_910603():
    text = "我局共受理依申请公开1件，该件为邮件申请，要求公开某水库的保护方案，同意公开"
    r = make_report("2019", new={"natural_person": 1}, outcomes={"unable_not_held": {"natural_person": 1}})
    r.figures["stated"] = {**stated("received", 1, text), **stated("granted_all", 1, text)}
    found = run_check("text.table_mismatch", r)
    assert len(found) == 1 and found[0].severity == "warning"
    assert "所收申请均予以公开 1 件" in found[0].message and "予以公开总计为 0" in found[0].message
    assert found[0].evidence == text


def test_all_granted_in_words_with_as_many_granted_or_more_does_not_fire():
    text = "收到政府信息公开申请3件，均予以公开"
    r = make_report(new={"natural_person": 3}, carried_in={"natural_person": 1},
                    outcomes={"granted": {"natural_person": 4}})  # the one carried in granted too
    r.figures["stated"] = {**stated("received", 3, text), **stated("granted_all", 3, text)}
    assert run_check("text.table_mismatch", r) == []
