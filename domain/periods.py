"""Reporting periods: the ISO week a report counts for, its deadline, and month ends."""

from __future__ import annotations

import calendar as gregorian
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from functools import lru_cache
from typing import NamedTuple

from domain.calendar import WorkCalendar
from domain.clock import SHANGHAI

_WEEKDAYS = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")
# How far back to look for a closed period; only a run of no-working-day or excused weeks
# (a long holiday, a long leave) could exhaust it.
_LOOKBACK_WEEKS = 12


@dataclass(frozen=True, order=True)
class Period:
    """One weekly reporting period: an ISO week, Monday to Sunday."""

    year: int
    week: int
    start: date
    end: date

    @classmethod
    def of(cls, year: int, week: int) -> Period:
        """The period of ISO week `week` of ISO year `year`."""
        start = date.fromisocalendar(year, week, 1)
        return cls(year, week, start, start + timedelta(days=6))

    @property
    def label(self) -> str:
        """Stable label used in storage and the API, e.g. `2025-W17`."""
        return f"{self.year}-W{self.week:02d}"

    @property
    def chinese(self) -> str:
        """Label for people, e.g. `2025年第17周（4月21日—4月27日）`."""
        first = _md(self.start) if self.start.year == self.year else _ymd(self.start)
        last = _md(self.end) if self.end.year == self.year else _ymd(self.end)
        return f"{self.short_chinese}（{first}—{last}）"

    @property
    def short_chinese(self) -> str:
        """Label without the dates, e.g. `2025年第17周`."""
        return f"{self.year}年第{self.week}周"

    @property
    def first_day(self) -> str:
        """The Monday it starts on, e.g. `4月21日`."""
        return _md(self.start)

    @property
    def days(self) -> str:
        """Its days, for people who do not count ISO weeks: `4月21日—27日`, `12月28日—1月3日`."""
        last = f"{self.end.day}日" if self.end.month == self.start.month else _md(self.end)
        return f"{self.first_day}—{last}"

    def starts_at(self) -> datetime:
        """Monday 00:00 of the period, Asia/Shanghai."""
        return datetime.combine(self.start, time(), SHANGHAI)


class DueTime(NamedTuple):
    """A weekly deadline from config; pass it on as `deadline(p, cal, **due._asdict())`."""

    weekday: int = 4
    hour: int = 17
    minute: int = 0

    @classmethod
    def parse(cls, text: str) -> DueTime:
        """Parse a setting like `fri 17:00`."""
        day, _, clock = text.strip().lower().partition(" ")
        hour, _, minute = clock.strip().partition(":")
        if day not in _WEEKDAYS or not (hour.isdigit() and minute.isdigit()):
            raise ValueError(f"截止时间“{text}”应写成 fri 17:00 这样的格式")
        return cls(_WEEKDAYS.index(day), int(hour), int(minute))


@lru_cache(maxsize=256)  # a report asks for its day's period many times over
def period_of(d: date) -> Period:
    """The period (ISO week) containing `d`."""
    year, week, _ = d.isocalendar()
    return Period.of(year, week)


def parse_period(label: str) -> Period:
    """The period named by a label like `2025-W17`."""
    year, sep, week = label.partition("-W")
    if not (sep and year.isdigit() and week.isdigit()):
        raise ValueError(f"“{label}”不是 2025-W17 这样的周次")
    return Period.of(int(year), int(week))


def previous(period: Period) -> Period:
    """The period just before `period`."""
    return period_of(period.start - timedelta(days=1))


def following(period: Period) -> Period:
    """The period just after `period`."""
    return period_of(period.end + timedelta(days=1))


def deadline(
    period: Period, cal: WorkCalendar, hour: int = 17, minute: int = 0, weekday: int = 4
) -> datetime | None:
    """When reports for `period` are due; None for a week with no working day (no obligation).

    The due day is `weekday` (Friday) when it is worked, else the last working day before it in
    the week, else (Monday to Friday all off) the first working day after it in the week.
    """
    days = cal.workdays_in_week(period.start)
    if not days:
        return None
    due = period.start + timedelta(days=weekday)
    before = [d for d in days if d <= due]
    day = before[-1] if before else days[0]
    return datetime.combine(day, time(hour, minute), SHANGHAI)


def moved_for(period: Period, cal: WorkCalendar, weekday: int = 4) -> str | None:
    """The holiday that moved `period`'s deadline earlier than its weekday (`元旦`), if one
    did and the calendar names it (a calendar file may list a day off without a name)."""
    usual = period.start + timedelta(days=weekday)
    due = deadline(period, cal, weekday=weekday)
    if due is None or due.date() >= usual:  # on its day, or later (a week off to Friday)
        return None
    return cal.holiday_name(usual)


def is_late(
    period: Period,
    received_at: datetime,
    cal: WorkCalendar,
    hour: int = 17,
    minute: int = 0,
    weekday: int = 4,
) -> bool:
    """Whether a report received at `received_at` missed the deadline of `period` (迟报)."""
    when = deadline(period, cal, hour, minute, weekday)
    return when is not None and received_at > when


def last_closed_period(
    now: datetime, cal: WorkCalendar, hour: int = 17, minute: int = 0, weekday: int = 4
) -> Period | None:
    """The most recent period with an obligation whose deadline has arrived by `now`."""
    period = period_of(now.astimezone(SHANGHAI).date())
    for _ in range(_LOOKBACK_WEEKS):
        when = deadline(period, cal, hour, minute, weekday)
        if when is not None and when <= now:
            return period
        period = previous(period)
    return None


def month_end(year: int, month: int) -> date:
    """The last day of a month."""
    return date(year, month, gregorian.monthrange(year, month)[1])


def previous_months(d: date, n: int) -> list[tuple[int, int]]:
    """The `n` months whose ends came before `d`, most recent first, as (year, month)."""
    year, month = d.year, d.month
    months = []
    for _ in range(n):
        year, month = (year, month - 1) if month > 1 else (year - 1, 12)
        months.append((year, month))
    return months


def month_before(label: str) -> str:
    """The label of the month before a `YYYY-MM` one (`2026-01`: `2025-12`)."""
    year, month = (int(part) for part in label.split("-"))
    return f"{year - 1}-12" if month == 1 else f"{year}-{month - 1:02d}"


def add_months(d: date, months: int) -> date:
    """`d` moved by whole months, clamped to the end of a shorter month (1月31日 + 1 → 2月28日)."""
    index = d.year * 12 + d.month - 1 + months
    year, month = divmod(index, 12)
    return date(year, month + 1, min(d.day, gregorian.monthrange(year, month + 1)[1]))


def _md(d: date) -> str:
    return f"{d.month}月{d.day}日"


def _ymd(d: date) -> str:
    return f"{d.year}年{d.month}月{d.day}日"
