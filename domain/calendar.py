"""The Chinese working-day calendar: 法定节假日 off, 调休 make-up days worked.

Data comes from the maintained `chinesecalendar` package. Years it does not cover yet are
filled from a holidays file the office edits when the State Council notice comes out
(each November or December). The file is TOML, one table per year::

    # holidays.toml — 2027 according to 国务院办公厅关于2027年部分节假日安排的通知
    [2027]
    holidays = [
        "2027-01-01",
        "2027-02-06..2027-02-12",   # a range, both ends included
        2027-10-01,                 # a bare TOML date works as well
    ]
    workdays = ["2027-02-13", "2027-02-20"]   # 调休: Saturdays/Sundays that are worked

`holidays` are days off that would otherwise be worked (a holiday that falls on a weekend may
be listed too, it changes nothing); `workdays` are weekend days that are worked. A year listed
in the file replaces the package's data for that year entirely, so the office can also correct
a year the installed package has wrong. A year with no data at all is treated as Monday–Friday
and a warning is logged once for that year.
"""

from __future__ import annotations

import logging
from collections.abc import Iterator, Mapping
from datetime import date, timedelta
from pathlib import Path

import chinese_calendar

from domain.holiday_file import YearOverride, parse_holidays_file

log = logging.getLogger(__name__)

_ONE_DAY = timedelta(days=1)
_SATURDAY = 5

__all__ = ["WorkCalendar", "YearOverride"]


class WorkCalendar:
    """Answers "is this a working day" and counts working days, year by year."""

    def __init__(self, overrides: Mapping[int, YearOverride] | None = None) -> None:
        self._overrides = dict(overrides or {})
        self._years: dict[int, frozenset[date]] = {}
        self._weeks: dict[date, tuple[date, ...]] = {}

    @classmethod
    def load(cls, holidays_file: Path | None) -> WorkCalendar:
        """Build the calendar from the package plus the office's holidays file, if it exists."""
        if holidays_file is None or not holidays_file.exists():
            return cls()
        return cls(parse_holidays_file(holidays_file))

    def has_data_for(self, year: int) -> bool:
        """Whether the holidays of `year` are known (package or holidays file)."""
        return year in self._overrides or _package_covers(year)

    def is_workday(self, d: date) -> bool:
        """Whether `d` is a working day."""
        return d in self._workdays_of(d.year)

    def next_workday(self, d: date) -> date:
        """`d` itself when it is a working day, else the first working day after it."""
        while not self.is_workday(d):
            d += _ONE_DAY
        return d

    def previous_workday(self, d: date) -> date:
        """`d` itself when it is a working day, else the last working day before it."""
        while not self.is_workday(d):
            d -= _ONE_DAY
        return d

    def add_workdays(self, d: date, n: int) -> date:
        """The n-th working day after `d` (before it when n < 0); `d` itself when n == 0."""
        step = _ONE_DAY if n >= 0 else -_ONE_DAY
        for _ in range(abs(n)):
            d += step
            while not self.is_workday(d):
                d += step
        return d

    def workdays_in_week(self, d: date) -> list[date]:
        """The working days of the ISO week (Monday–Sunday) containing `d`."""
        monday = d - timedelta(days=d.weekday())
        days = self._weeks.get(monday)
        if days is None:
            week = (monday + timedelta(days=i) for i in range(7))
            days = self._weeks[monday] = tuple(day for day in week if self.is_workday(day))
        return list(days)

    def first_workday_of_week(self, d: date) -> date | None:
        """The first working day of the ISO week containing `d`, None when it has none."""
        days = self.workdays_in_week(d)
        return days[0] if days else None

    def last_workday_of_week(self, d: date) -> date | None:
        """The last working day of the ISO week containing `d`, None when it has none."""
        days = self.workdays_in_week(d)
        return days[-1] if days else None

    def _workdays_of(self, year: int) -> frozenset[date]:
        # One set per year keeps lights for 100k projects away from per-day package calls,
        # and computing it once is what makes the fallback warning appear once per year.
        days = self._years.get(year)
        if days is None:
            days = self._years[year] = frozenset(self._compute_year(year))
        return days

    def _compute_year(self, year: int) -> Iterator[date]:
        override = self._overrides.get(year)
        in_package = override is None and _package_covers(year)
        if override is None and not in_package:
            log.warning("没有 %s 年的节假日数据，按周一至周五工作处理；请在节假日文件中补充", year)
        d = date(year, 1, 1)
        while d.year == year:
            if in_package:
                working = chinese_calendar.is_workday(d)
            elif override is not None:
                weekday = d.weekday() < _SATURDAY
                working = d in override.workdays or (weekday and d not in override.holidays)
            else:
                working = d.weekday() < _SATURDAY
            if working:
                yield d
            d += _ONE_DAY


def _package_covers(year: int) -> bool:
    try:
        chinese_calendar.is_workday(date(year, 1, 1))
    except NotImplementedError:
        return False
    return True
