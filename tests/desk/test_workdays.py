"""Working days and deadlines against the State Council holiday notices, counted by hand.

Each expected date below was counted on paper from the notice quoted in the comment, not from
chinesecalendar, so a wrong table in the package (or a wrong counting rule here) fails the test.
"""
from datetime import date, timedelta

import pytest

from gongkai import workdays
from gongkai.workdays import CalendarMissing, Calendar, Pause, add_workdays, is_workday


@pytest.mark.parametrize("day, expected", [
    (date(2026, 9, 20), True),    # 2026 国庆: 9月20日（周日）上班
    (date(2026, 10, 10), True),   # 10月10日（周六）上班
    (date(2026, 10, 1), False),
    (date(2026, 9, 25), False),   # 中秋 9月25日至27日
    (date(2024, 2, 9), True),     # 2024 除夕 not a statutory day off (only "鼓励")
    (date(2024, 2, 4), True),     # 2024 春节: 2月4日（周日）上班
    (date(2024, 2, 18), True),    # 2月18日（周日）上班
    (date(2024, 2, 16), False),
    (date(2019, 10, 12), True),   # 2019 国庆: 10月12日（周六）上班
    (date(2019, 10, 13), False),  # an ordinary Sunday
    (date(2023, 1, 28), True),    # 2023 春节: 1月28日（周六）、29日（周日）上班
    (date(2025, 10, 8), False),   # 2025 国庆中秋 10月1日至8日
    (date(2025, 10, 11), True),
    (date(2021, 9, 18), True),    # 2021 中秋: 9月18日（周六）上班
])
def test_is_workday_follows_the_notices(day, expected):
    assert is_workday(day) is expected


@pytest.mark.parametrize("received, n, due", [
    (date(2026, 9, 15), 20, date(2026, 10, 19)),  # the brief's example: 中秋+国庆 2026
    (date(2019, 9, 27), 20, date(2019, 10, 30)),  # 2019 国庆, day 1 is the make-up Sunday 9/29
    (date(2023, 1, 19), 20, date(2023, 2, 21)),   # 2023 春节 1/21-27, make-up 1/28, 1/29
    (date(2023, 1, 19), 7, date(2023, 2, 2)),     # 补正 notice due, same Spring Festival
    (date(2024, 2, 5), 20, date(2024, 3, 8)),     # 2024 春节 2/10-17, make-up 2/18; 2/9 works
    (date(2025, 9, 26), 20, date(2025, 10, 30)),  # 2025 国庆中秋 10/1-8, make-up 9/28, 10/11
    (date(2026, 2, 10), 20, date(2026, 3, 16)),   # 2026 春节 2/15-23, make-up 2/14, 2/28
    (date(2024, 10, 14), 15, date(2024, 11, 4)),  # third party's 15 working days
])
def test_add_workdays_hand_counted(received, n, due):
    assert add_workdays(received, n).due == due


def test_day_of_receipt_is_not_counted():
    # Received on a Monday with no holiday around: day 1 is Tuesday, day 1 of 1 is due Tuesday.
    assert add_workdays(date(2026, 6, 1), 1).due == date(2026, 6, 2)
    # Received on a Saturday: the first working day after it (Monday) is day 1.
    assert add_workdays(date(2026, 6, 6), 1).due == date(2026, 6, 8)


def test_explanation_names_the_holidays_and_makeup_days():
    d = add_workdays(date(2026, 9, 15), 20)
    text = d.explain()
    assert text.startswith("自2026年9月15日收到申请次日起算20个工作日")
    assert "中秋节假期（9月25日至27日）" in text
    assert "国庆节假期（10月1日至7日）" in text
    assert "9月20日（周日）" in text and "10月10日（周六）" in text
    assert text.endswith("截止2026年10月19日（周一）。")


def test_adjacent_holidays_are_one_break():
    text = add_workdays(date(2025, 9, 26), 20).explain()
    assert "国庆节、中秋节假期（10月1日至8日）" in text


def test_pause_is_not_counted():
    # Consultation Mon 2024-10-14 .. Fri 10-18: 5 working days are added.
    base = add_workdays(date(2024, 10, 9), 20).due
    paused = add_workdays(date(2024, 10, 9), 20, [Pause(date(2024, 10, 14), date(2024, 10, 18), "征求第三方意见")])
    assert base == date(2024, 11, 5)
    assert paused.due == date(2024, 11, 12)
    assert paused.paused_workdays == 5
    assert "征求第三方意见期间（2024年10月14日至2024年10月18日）不计算在内" in paused.explain()


def test_open_pause_has_no_due_date():
    d = add_workdays(date(2024, 10, 9), 20, [Pause(date(2024, 10, 14), None, "征求第三方意见")])
    assert d.due is None
    assert "暂停" in d.explain()


def test_a_year_without_data_refuses():
    last = max(workdays.shipped_overrides()["years"] | {2026})
    with pytest.raises(CalendarMissing, match=f"{last + 1}年"):
        is_workday(date(last + 1, 3, 1))
    with pytest.raises(CalendarMissing):
        add_workdays(date(last, 12, 10), 20)  # runs into the next year


def test_overrides_make_a_year_computable_and_patch_days():
    cal = Calendar(holidays={date(2027, 1, 1): "元旦"}, workdays={date(2027, 2, 20): "春节调休"},
                   complete_years={2027})
    assert not cal.is_workday(date(2027, 1, 1))
    assert cal.is_workday(date(2027, 2, 20))  # a Saturday made a working day
    assert not cal.is_workday(date(2027, 2, 21))  # an ordinary Sunday
    d = add_workdays(date(2026, 12, 30), 2, calendar=cal)
    assert d.due == date(2027, 1, 4)  # 12/31, (1/1 holiday, weekend), 1/4
    # A patch of a covered year changes the answer for that day only.
    cal2 = Calendar(holidays={date(2026, 6, 2): "测试"})
    assert add_workdays(date(2026, 6, 1), 1, calendar=cal2).due == date(2026, 6, 3)


def test_conflicting_override_is_rejected():
    with pytest.raises(ValueError):
        workdays.parse_overrides({"holidays": {"2027-01-01": "元旦"}, "workdays": {"2027-01-01": "x"}})


def test_count_matches_a_day_by_day_walk():
    # add_workdays(n) lands on a working day, and exactly n working days lie in (start, due].
    start = date(2019, 1, 1)
    for offset in range(0, 2500, 37):
        s = start + timedelta(days=offset)
        for n in (1, 7, 15, 20, 40):
            try:
                d = add_workdays(s, n)
            except CalendarMissing:
                continue
            assert is_workday(d.due)
            assert workdays.workdays_between(s, d.due) == n
