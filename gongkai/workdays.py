"""The Chinese working-day calendar, and deadlines counted in working days (工作日).

Weekends, public holidays (法定节假日) and 调休 make-up working days come from the
`chinesecalendar` package, which encodes the State Council's yearly holiday notices, patched by an
override table (workdays_overrides.yaml shipped here; the web app adds an admin-edited table that
feeds the same ``Calendar``). A year with no data is refused (``CalendarMissing``), never guessed:
a wrong deadline is worse than none.

Counting convention of the 条例 (第三十条、第三十三条): the day of receipt is not counted; day 1 is
the next working day, and the deadline is the n-th working day.

    >>> add_workdays(date(2026, 9, 15), 20).due
    datetime.date(2026, 10, 19)
"""
from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, timedelta
from functools import lru_cache
from importlib import resources

import yaml

HOLIDAY_NAMES = {  # chinesecalendar's English names -> the names of the State Council notices
    "New Year's Day": "元旦",
    "Spring Festival": "春节",
    "Tomb-sweeping Day": "清明节",
    "Labour Day": "劳动节",
    "Dragon Boat Festival": "端午节",
    "National Day": "国庆节",
    "Mid-autumn Festival": "中秋节",
    "Anti-Fascist 70th Day": "中国人民抗日战争暨世界反法西斯战争胜利70周年纪念日",
}
WEEKDAYS = "一二三四五六日"


class CalendarMissing(ValueError):
    """No holiday data for a year: the deadline cannot be computed."""


def _zh(d: date, with_year: bool = True) -> str:
    return f"{d.year}年{d.month}月{d.day}日" if with_year else f"{d.month}月{d.day}日"


@lru_cache(maxsize=1)
def shipped_overrides() -> dict:
    """The override table shipped with the package (workdays_overrides.yaml), parsed and validated."""
    text = resources.files("gongkai").joinpath("workdays_overrides.yaml").read_text("utf-8")
    return parse_overrides(yaml.safe_load(text) or {})


def parse_overrides(data: dict) -> dict:
    """{'holidays': {date: name}, 'workdays': {date: name}, 'years': {year}} from the YAML shape.

    ``years`` lists years whose every holiday and make-up day is given in this table (a year after
    chinesecalendar's data, from the new State Council notice): only then is such a year computable.
    """
    out = {"holidays": {}, "workdays": {}, "years": set()}
    for key in ("holidays", "workdays"):
        for d, name in (data.get(key) or {}).items():
            if not isinstance(d, date):
                d = date.fromisoformat(str(d))
            out[key][d] = str(name or "")
    both = set(out["holidays"]) & set(out["workdays"])
    if both:
        raise ValueError(f"日期既列为假日又列为工作日：{', '.join(sorted(map(str, both)))}")
    out["years"] = {int(y) for y in (data.get("complete_years") or [])}
    return out


class Calendar:
    """Working days: chinesecalendar, then the overrides (later tables win)."""

    def __init__(self, holidays: dict | None = None, workdays: dict | None = None,
                 complete_years: set | None = None, use_shipped: bool = True):
        base = shipped_overrides() if use_shipped else {"holidays": {}, "workdays": {}, "years": set()}
        self.holidays: dict[date, str] = dict(base["holidays"])
        self.workdays: dict[date, str] = dict(base["workdays"])
        self.complete_years: set[int] = set(base["years"]) | set(complete_years or ())
        for d, name in (holidays or {}).items():
            self.workdays.pop(d, None)
            self.holidays[d] = name
        for d, name in (workdays or {}).items():
            self.holidays.pop(d, None)
            self.workdays[d] = name

    def _library(self, d: date) -> tuple[bool, str | None]:
        """(is a holiday or weekend, holiday name) from chinesecalendar; CalendarMissing outside its data."""
        import chinese_calendar
        try:
            on_holiday, name = chinese_calendar.get_holiday_detail(d)
        except NotImplementedError:
            raise CalendarMissing(
                f"没有{d.year}年的节假日安排数据（国务院办公厅放假通知），无法计算工作日；"
                f"请更新 chinesecalendar 或在工作日调整表中补充{d.year}年全年安排") from None
        return on_holiday, (HOLIDAY_NAMES.get(getattr(name, "value", (str(name),))[0], str(name))
                            if name is not None else None)

    def day(self, d: date) -> tuple[bool, str | None]:
        """(is a working day, name): the holiday's name on a holiday, the make-up's on an adjusted workday."""
        if d in self.holidays:
            return False, self.holidays[d] or "假日"
        if d in self.workdays:
            return True, self.workdays[d] or "调休"
        if d.year in self.complete_years:  # the year is defined entirely by the table
            return d.weekday() < 5, None
        on_holiday, name = self._library(d)
        return (not on_holiday), name

    def is_workday(self, d: date) -> bool:
        return self.day(d)[0]


@lru_cache(maxsize=1)
def default_calendar() -> Calendar:
    return Calendar()


def is_workday(d: date, calendar: Calendar | None = None) -> bool:
    return (calendar or default_calendar()).is_workday(d)


@dataclass
class Pause:
    """A stretch during which the clock stops (consultation of a third party or another organ,
    waiting for a fee). Working days from ``start`` to ``end`` inclusive are not counted; an open
    pause (end None) stops the clock indefinitely."""
    start: date
    end: date | None
    reason: str  # Chinese, e.g. "征求第三方意见"


@dataclass
class Deadline:
    """A due date and how it was derived."""
    start: date                 # the day the period starts from (not counted)
    n: int                      # working days
    due: date | None            # None while an open pause stops the clock
    start_event: str = "收到申请"
    holidays: list[tuple[str, date, date]] = field(default_factory=list)  # (name, first, last) skipped
    weekend_days: int = 0       # weekend days skipped
    makeup_days: list[date] = field(default_factory=list)  # 调休上班 days counted
    pauses: list[Pause] = field(default_factory=list)
    paused_workdays: int = 0    # working days not counted because of pauses
    notes: list[str] = field(default_factory=list)

    def explain(self) -> str:
        parts = [f"自{_zh(self.start)}{self.start_event}次日起算{self.n}个工作日"]
        skipped = []
        for name, first, last in self.holidays:
            span = _zh(first, False) if first == last else (
                f"{_zh(first, False)}至{last.day}日" if first.month == last.month
                else f"{_zh(first, False)}至{_zh(last, False)}")
            skipped.append(f"{name}假期（{span}）")
        if skipped:
            parts.append("跳过" + "、".join(skipped))
        if self.weekend_days:
            parts.append(f"跳过周末{self.weekend_days}天")
        if self.makeup_days:
            parts.append("、".join(f"{_zh(d, False)}（周{WEEKDAYS[d.weekday()]}）" for d in self.makeup_days)
                         + "调休上班计入")
        for p in self.pauses:
            end = _zh(p.end) if p.end else "尚未结束"
            parts.append(f"{p.reason}期间（{_zh(p.start)}至{end}）不计算在内")
        if self.paused_workdays:
            parts.append(f"共扣除{self.paused_workdays}个工作日")
        parts.extend(self.notes)
        if self.due is None:
            parts.append("期限暂停中，恢复后再计算截止日")
        else:
            parts.append(f"截止{_zh(self.due)}（周{WEEKDAYS[self.due.weekday()]}）")
        return "，".join(parts) + "。"

    def __str__(self) -> str:
        return self.explain()


def add_workdays(start: date, n: int, pauses: list[Pause] | tuple = (), calendar: Calendar | None = None,
                 start_event: str = "收到申请") -> Deadline:
    """The n-th working day after ``start`` (the start day itself is not counted), skipping the
    working days inside ``pauses``. Raises CalendarMissing when a year on the way has no data."""
    if n < 0:
        raise ValueError("工作日数不能为负")
    cal = calendar or default_calendar()
    pauses = sorted(pauses, key=lambda p: p.start)
    result = Deadline(start=start, n=n, due=None, start_event=start_event, pauses=list(pauses))
    counted = 0
    d = start
    holiday_runs: list[list] = []  # [name, first, last]
    while counted < n:
        d += timedelta(days=1)
        open_pause = next((p for p in pauses if p.end is None and d >= p.start), None)
        if open_pause is not None:
            result.holidays = [("、".join(r[0]), r[1], r[2]) for r in holiday_runs]
            return result  # due unknown until the pause ends
        workday, name = cal.day(d)
        if not workday:
            if name:
                # Adjacent holidays form one break (2025: 国庆节 and 中秋节 together, 10月1日至8日).
                if holiday_runs and (d - holiday_runs[-1][2]).days == 1:
                    holiday_runs[-1][2] = d
                    if name not in holiday_runs[-1][0]:
                        holiday_runs[-1][0].append(name)
                else:
                    holiday_runs.append([[name], d, d])
            else:
                result.weekend_days += 1
            continue
        if any(p.start <= d <= p.end for p in pauses):
            result.paused_workdays += 1
            continue
        if d.weekday() >= 5:
            result.makeup_days.append(d)
        counted += 1
    result.due = d
    result.holidays = [("、".join(r[0]), r[1], r[2]) for r in holiday_runs]
    return result


def workdays_between(start: date, end: date, calendar: Calendar | None = None) -> int:
    """Working days after ``start`` up to and including ``end`` (0 when end <= start)."""
    cal = calendar or default_calendar()
    count, d = 0, start
    while d < end:
        d += timedelta(days=1)
        count += cal.is_workday(d)
    return count
