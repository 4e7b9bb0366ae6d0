"""Date checks: period.year, published.late, published.early, fees.unreported."""
from __future__ import annotations

import pytest

from .factory import make_report, run_check


def test_full_year_period_is_fine():
    assert run_check("period.year", make_report(year=2021)) == []


def test_partial_year_inside_the_report_year_is_fine():
    r = make_report("2019", year=2019)
    r.meta["period"] = {"start": "2019-09-01", "end": "2019-12-31"}  # 036, 047
    assert run_check("period.year", r) == []


def test_period_of_another_year_fires():
    r = make_report(year=2021)
    r.meta["period"] = {"start": "2020-01-01", "end": "2020-12-31"}
    found = run_check("period.year", r)
    assert [f.message for f in found] == ["统计期限2020年1月1日至2020年12月31日不在报告年度（2021年）内"]


def test_year_named_differing_from_report_year_fires():
    r = make_report(year=2021)
    r.figures["year_named"] = 2020
    assert len(run_check("period.year", r)) == 1


def test_no_period_no_finding():
    r = make_report()
    r.meta["period"] = None
    assert run_check("period.year", r) == []


@pytest.mark.parametrize("kind,published,fires", [  # 2023-01-31 and 2023-03-31 are working days
    ("department", "2023-01-31", False), ("department", "2023-02-01", True),
    ("township", "2023-02-08", True), ("office", "2023-02-01", True),
    ("government", "2023-02-08", False), ("government", "2023-03-31", False), ("government", "2023-04-01", True),
    (None, "2023-03-01", False), ("department", None, False),
])
def test_published_late(kind, published, fires):
    r = make_report(year=2022, kind=kind, published=published)
    found = run_check("published.late", r)
    assert bool(found) is fires
    if fires:
        y, m, d = (int(x) for x in published.split("-"))
        assert f"发布日期{y}年{m}月{d}日晚于法定期限" in found[0].message and "条例第四十九条" in found[0].message


def test_deadline_on_a_rest_day_moves_to_the_next_working_day():
    # 2026-01-31 is a Saturday: a township's 2025 report is on time on Monday 2026-02-02.
    assert run_check("published.late", make_report(year=2025, kind="township", published="2026-02-02")) == []
    found = run_check("published.late", make_report(year=2025, kind="township", published="2026-02-03"))
    assert len(found) == 1 and "顺延至2月2日" in found[0].message and "法定期限2026年2月2日" in found[0].message


@pytest.mark.parametrize("published,fires", [("2021-12-31", True), ("2021-06-01", True), ("2022-01-01", False),
                                             (None, False)])
def test_published_early(published, fires):
    # seed004: a 2021 report published 2021-12-31
    r = make_report("2019", year=2021, published=published)
    assert bool(run_check("published.early", r)) is fires


@pytest.mark.parametrize("other,fires", [
    ("无", True),  # 042
    ("无其他需要报告的事项。", True),
    ("2021年，无收取信息处理费情况。", False),
    ("本年度未产生政府信息公开信息处理费用。", False),
    ("全县行政机关收取信息处理费共计380元。", False),
    ("本机关依申请提供政府信息，不收取费用。但是…可以收取信息处理费。", False),  # 020
    ("按件、按量收费标准，本年度没有产生信息公开处理费。", False),
])
def test_fees_unreported(other, fires):
    r = make_report("2021", sections={"overview": "概况", "other": other})
    assert bool(run_check("fees.unreported", r)) is fires


def test_fees_unreported_only_for_the_2021_format():
    r = make_report("2019", year=2019, sections={"other": "无"})
    assert run_check("fees.unreported", r) == []


def test_fees_unreported_reads_the_whole_text_without_section_six():
    r = make_report("2021", sections={"overview": "概况"}, text="一、总体情况 全年未收取信息处理费。")
    assert run_check("fees.unreported", r) == []
    r.text = "一、总体情况 全年工作顺利。"
    found = run_check("fees.unreported", r)
    assert len(found) == 1 and found[0].message.startswith("报告全文")


def test_fees_unreported_not_before_2021():
    # A 2020 report printed in the 2021 format (format.version) has no 信息处理费 to report.
    r = make_report("2021", year=2020, sections={"other": "无"})
    assert run_check("fees.unreported", r) == []
