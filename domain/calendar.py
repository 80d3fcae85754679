"""The Chinese working-day calendar: 法定节假日 off, 调休 make-up days worked.

Each year comes from one source, in this order:

- the office's holidays file (`calendar.holidays_file`, by default `holidays.toml` beside the
  config file), which `diaodu calendar import NOTICE.txt` writes from the State Council notice
  (published each November or December). TOML, one table per year::

      [2027]
      source = "国务院办公厅关于2027年部分节假日安排的通知"
      holidays = ["2027-01-01", "2027-02-06..2027-02-12", 2027-10-01]   # ranges include both ends
      workdays = ["2027-02-13", "2027-02-20"]   # 调休: Saturdays/Sundays that are worked

  `holidays` and `workdays` may also be tables naming each holiday
  (`holidays = { "春节" = "2027-02-06..2027-02-12" }`). A year in the file replaces the
  package's data for that year entirely, so the office can also correct a year the installed
  package has wrong; a 元旦 that starts in late December puts those days into the year before.
- the maintained `chinesecalendar` package;
- otherwise the statutory fallback (`domain.statutory`): the holidays the law fixes, with lunar
  dates from a lunar-calendar library, but no 调休. `has_data_for` is False for such a year, so
  pushes and checks can say that the year's arrangement is not loaded yet.
"""

from __future__ import annotations

import logging
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from datetime import date, timedelta
from enum import StrEnum
from pathlib import Path

import chinese_calendar

from domain.holiday_file import YearOverride, parse_holidays_file
from domain.statutory import statutory_holidays

log = logging.getLogger(__name__)

_ONE_DAY = timedelta(days=1)
_SATURDAY = 5
_DECEMBER = 12
_PACKAGE_NAMES = {
    "New Year's Day": "元旦",
    "Spring Festival": "春节",
    "Tomb-sweeping Day": "清明节",
    "Labour Day": "劳动节",
    "Dragon Boat Festival": "端午节",
    "Mid-autumn Festival": "中秋节",
    "National Day": "国庆节",
}

__all__ = ["Source", "WorkCalendar", "YearDays", "YearOverride"]


class Source(StrEnum):
    """Where a year's holidays come from."""

    FILE = "节假日文件"
    PACKAGE = "chinesecalendar 软件包"
    FALLBACK = "法定节假日推算（未含调休）"


@dataclass(frozen=True)
class YearDays:
    """A year's days off on weekdays-or-weekends and its 调休 working days, with names."""

    year: int
    source: Source
    holidays: dict[date, str]
    workdays: dict[date, str]
    note: str = ""


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

    def source_of(self, year: int) -> Source:
        """Which source decides the holidays of `year`."""
        if year in self._overrides:
            return Source.FILE
        return Source.PACKAGE if _package_covers(year) else Source.FALLBACK

    def has_data_for(self, year: int) -> bool:
        """Whether `year`'s arrangement (holidays and 调休) is known: package or holidays file."""
        return self.source_of(year) is not Source.FALLBACK

    def missing_years(self, today: date) -> list[int]:
        """Years whose arrangement should be loaded by `today` and is not: this year, always;
        next year, from 1 December (the notice comes out in November or December)."""
        wanted = [today.year] + ([today.year + 1] if today.month == _DECEMBER else [])
        return [year for year in wanted if not self.has_data_for(year)]

    def year_days(self, year: int) -> YearDays:
        """The days off and 调休 working days of `year`, named, with their source."""
        source = self.source_of(year)
        if source is Source.FALLBACK:
            days = statutory_holidays(year)
            return YearDays(year, source, days, {}, "调休上班日要等国务院通知导入后才知道")
        holidays, workdays = self._exceptions(year)
        override = self._overrides.get(year)
        note = override.source if override else ""
        return YearDays(
            year,
            source,
            {d: self._name(d) or "放假" for d in sorted(holidays)},
            {d: self._name(d) + "调休上班" for d in sorted(workdays)},
            note,
        )

    def holiday_name(self, d: date) -> str | None:
        """The holiday `d` is off for (`元旦`); None for a working day, a weekend, or a day off
        its calendar does not name."""
        if self.is_workday(d):
            return None
        if self.source_of(d.year) is Source.FALLBACK:
            return statutory_holidays(d.year).get(d) or None
        return self._name(d) or None

    def _name(self, d: date) -> str:
        """What the calendar calls `d` (a holiday, or a 调休 working day's holiday), or ''."""
        if self.source_of(d.year) is Source.PACKAGE:
            return _package_name(d)
        override = self._overrides.get(d.year)
        return override.names.get(d, "") if override else ""

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
        if self.source_of(year) is Source.FALLBACK:
            log.warning(
                "没有 %s 年的放假安排，暂按法定节假日推算（不含调休）；请用 diaodu calendar "
                "import 导入国务院通知",
                year,
            )
        holidays, workdays = self._exceptions(year)
        d = date(year, 1, 1)
        while d.year == year:
            if d in workdays or (d.weekday() < _SATURDAY and d not in holidays):
                yield d
            d += _ONE_DAY

    def _exceptions(self, year: int) -> tuple[set[date], set[date]]:
        """(days off, weekend days worked) of `year` from its source, plus next year's spill."""
        source = self.source_of(year)
        if source is Source.FILE:
            override = self._overrides[year]
            holidays = {d for d in override.holidays if d.year == year}
            workdays = {d for d in override.workdays if d.year == year}
        elif source is Source.PACKAGE:
            holidays, workdays = _package_year(year)
        else:
            holidays, workdays = set(statutory_holidays(year)), set()
        spill = self._overrides.get(year + 1)
        if spill is not None:  # a notice's 元旦 that starts in this year's December
            holidays |= {d for d in spill.holidays if d.year == year}
            workdays |= {d for d in spill.workdays if d.year == year}
            holidays -= workdays
        return holidays, workdays


def _package_year(year: int) -> tuple[set[date], set[date]]:
    holidays: set[date] = set()
    workdays: set[date] = set()
    d = date(year, 1, 1)
    while d.year == year:
        working = chinese_calendar.is_workday(d)
        if d.weekday() < _SATURDAY and not working:
            holidays.add(d)
        elif d.weekday() >= _SATURDAY and working:
            workdays.add(d)
        elif not working and chinese_calendar.get_holiday_detail(d)[1]:
            holidays.add(d)  # a named holiday on a weekend: listed as the notice lists it
        d += _ONE_DAY
    return holidays, workdays


def _package_name(d: date) -> str:
    name = chinese_calendar.get_holiday_detail(d)[1]
    return _PACKAGE_NAMES.get(str(name), str(name)) if name else ""


def _package_covers(year: int) -> bool:
    try:
        chinese_calendar.is_workday(date(year, 1, 1))
    except NotImplementedError:
        return False
    return True
