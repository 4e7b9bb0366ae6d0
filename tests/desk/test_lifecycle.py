"""The request clock and state machine (desk/lifecycle.py), pure Python."""
from datetime import date
from decimal import Decimal

import pytest

from gongkai.web.desk.lifecycle import (LifecycleError, OUTCOMES, RequestClock, fee_items, fee_pages,
                                        fee_per_item, fee_explain_pages)
from gongkai.spec.loader import rows_of


def test_outcomes_are_the_table_2_rows_of_2021():
    rows = rows_of("requests", "2021")
    outcome_rows = rows[rows.index("granted"):rows.index("total")]
    assert list(OUTCOMES) == list(outcome_rows)


def test_plain_reply_due():
    c = RequestClock(received=date(2026, 9, 15))
    assert c.status == "processing"
    assert c.reply_due().due == date(2026, 10, 19)


def test_correction_consultation_extension_around_national_day_2024():
    # Received Wed 2024-09-25; 2024 国庆 10/1-7, make-up 9/29 (Sun) and 10/12 (Sat).
    c = RequestClock(received=date(2024, 9, 25))
    assert c.correction_notice_due().due == date(2024, 10, 10)  # 9/26,27,29(Sun),30,10/8,9,10
    c.notify_correction(date(2024, 9, 27), deadline=date(2024, 10, 18))
    assert c.status == "awaiting_correction" and c.reply_due() is None
    assert c.due_date() == date(2024, 10, 18)
    with pytest.raises(LifecycleError, match="一次"):
        c.notify_correction(date(2024, 9, 30), deadline=date(2024, 10, 18))
    c.supplement(date(2024, 10, 9))
    # The clock restarts on the supplement: 20 working days from 10/9 -> 11/5.
    assert c.reply_due().due == date(2024, 11, 5)
    assert "收到补正后的申请次日起算" in c.reply_due().explain()
    third = c.start_consultation("third_party", date(2024, 10, 14), "某公司")
    assert c.status == "consulting" and c.reply_due().due is None
    assert c.consultation_due(third).due == date(2024, 11, 4)
    c.end_consultation(third, date(2024, 10, 18))
    assert c.reply_due().due == date(2024, 11, 12)  # five working days not counted
    c.extend(20, date(2024, 11, 8), approver="王主任")
    due = c.reply_due()
    assert due.due == date(2024, 12, 10)
    assert "王主任" in due.explain() and "征求第三方意见期间" in due.explain()
    with pytest.raises(LifecycleError, match="一次"):
        c.extend(5, date(2024, 11, 9), approver="王主任")
    c.close("granted", date(2024, 12, 10))
    assert c.status == "closed" and c.due_date() is None
    with pytest.raises(LifecycleError):
        c.close("partial", date(2024, 12, 11))


def test_correction_notice_must_be_within_seven_working_days():
    c = RequestClock(received=date(2023, 1, 19))  # due 2023-02-02 across the Spring Festival
    with pytest.raises(LifecycleError, match="7个工作日"):
        c.notify_correction(date(2023, 2, 3), deadline=date(2023, 2, 20))
    c.notify_correction(date(2023, 2, 2), deadline=date(2023, 2, 20))


def test_no_correction_closes_only_after_the_deadline():
    c = RequestClock(received=date(2025, 3, 3))
    c.notify_correction(date(2025, 3, 5), deadline=date(2025, 3, 20))
    with pytest.raises(LifecycleError, match="尚未届满"):
        c.close("other_no_correction", date(2025, 3, 20))
    with pytest.raises(LifecycleError, match="补正"):
        c.close("granted", date(2025, 3, 21))
    c.close("other_no_correction", date(2025, 3, 21))
    assert c.outcome == "other_no_correction"


def test_no_correction_needs_a_notice():
    c = RequestClock(received=date(2025, 3, 3))
    with pytest.raises(LifecycleError):
        c.close("other_no_correction", date(2025, 4, 1))


def test_fee_pause_and_no_fee_closing():
    c = RequestClock(received=date(2025, 3, 3))
    c.notify_fee(date(2025, 3, 10), Decimal(300))
    assert c.status == "awaiting_fee"
    due = c.fee_payment_due()
    assert due.due == date(2025, 4, 8)  # 20 working days after 3/10; 清明 4/4-6
    assert c.due_date() == due.due
    with pytest.raises(LifecycleError, match="尚未届满"):
        c.close("other_no_fee", date(2025, 4, 8))
    c.close("other_no_fee", date(2025, 4, 9))


def test_paid_fee_time_not_counted():
    c = RequestClock(received=date(2025, 3, 3))
    base = c.reply_due().due
    c.notify_fee(date(2025, 3, 10), Decimal(100))
    c.pay_fee(date(2025, 3, 14))  # Mon..Fri: 5 working days
    assert c.reply_due().due > base
    with pytest.raises(LifecycleError):
        c.close("other_no_fee", date(2025, 6, 1))


def test_extension_limits():
    c = RequestClock(received=date(2025, 3, 3))
    with pytest.raises(LifecycleError, match="20个工作日"):
        c.extend(21, date(2025, 3, 5), approver="张")
    with pytest.raises(LifecycleError, match="审批人"):
        c.extend(10, date(2025, 3, 5), approver="")
    with pytest.raises(LifecycleError, match="已过"):
        c.extend(10, date(2025, 4, 30), approver="张")


def test_unknown_outcome_refused():
    with pytest.raises(LifecycleError):
        RequestClock(received=date(2025, 3, 3)).close("other", date(2025, 3, 4))


def test_fee_per_item_brackets():
    assert [fee_per_item(k) for k in (1, 10, 11, 30, 31, 40, 41, 50, 51)] == [0, 0, 100, 100, 200, 200, 300, 300, 400]
    assert fee_items(1, 35) == 20 * 100 + 5 * 200  # the 3,000元 example of 109号's common reading
    assert fee_items(1, 10) == 0


def test_fee_by_pages():
    assert fee_pages(30) == 0
    assert fee_pages(31) == 10
    assert fee_pages(100) == 700
    assert fee_pages(200) == 700 + 2000
    assert fee_pages(250) == 700 + 2000 + 50 * 40
    assert "合计4700元" in fee_explain_pages(250)
    with pytest.raises(ValueError):
        fee_pages(-1)
