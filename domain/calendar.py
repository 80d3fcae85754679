"""The Chinese working-day calendar: 法定节假日 off, 调休 make-up days worked.

Data comes from the maintained `chinesecalendar` package. Years it does not cover yet are
filled from a holidays file the office edits when the State Council notice comes out
(each November or December). The file is TOML, one table per year::

    # holidays.toml — 2027 according to 国务院办公厅关于2027年部分节假日安排的通知
    [2027]
    holidays = [
        "2027-01-01",
        "2027-02-05..2027-02-11",   # a range, both ends included
        2027-10-01,                 # a bare TOML date works as well
    ]
    workdays = ["2027-02-07", "2027-02-20"]   # 调休: Saturdays/Sundays that are worked

`holidays` are days off that would otherwise be worked (a holiday that falls on a weekend may
be listed too, it changes nothing); `workdays` are weekend days that are worked. A year listed
in the file replaces the package's data for that year entirely, so the office can also correct
a year the installed package has wrong. A year with no data at all is treated as Monday–Friday
and a warning is logged once for that year.
"""

from __future__ import annotations

import logging
import tomllib
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from pathlib import Path

import chinese_calendar

log = logging.getLogger(__name__)

_ONE_DAY = timedelta(days=1)
_SATURDAY = 5


@dataclass(frozen=True)
class YearOverride:
    """One year's exceptions to Monday–Friday, as the office wrote them."""

    holidays: frozenset[date]
    workdays: frozenset[date]


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


def parse_holidays_file(path: Path) -> dict[int, YearOverride]:
    """Read an office holidays file; raise ValueError naming the file and the problem."""
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError) as exc:
        raise ValueError(f"节假日文件 {path} 无法读取：{exc}") from exc
    try:
        return {_year_key(key): _year_table(key, table) for key, table in data.items()}
    except ValueError as exc:
        raise ValueError(f"节假日文件 {path}：{exc}") from exc


def _year_key(key: str) -> int:
    if not (len(key) == 4 and key.isdigit()):
        raise ValueError(f"[{key}] 不是年份，应写成 [2027] 这样的四位年份")
    return int(key)


def _year_table(key: str, table: object) -> YearOverride:
    if not isinstance(table, dict):
        raise ValueError(f"[{key}] 应是一个表，包含 holidays 和 workdays 两个列表")
    unknown = sorted(set(table) - {"holidays", "workdays"})
    if unknown:
        raise ValueError(f"[{key}] 有不认识的键 {', '.join(unknown)}（只能是 holidays、workdays）")
    year = int(key)
    holidays = _dates(year, "holidays", table.get("holidays", []))
    workdays = _dates(year, "workdays", table.get("workdays", []))
    both = sorted(holidays & workdays)
    if both:
        raise ValueError(f"[{key}] {both[0].isoformat()} 同时列在 holidays 和 workdays 中")
    return YearOverride(frozenset(holidays), frozenset(workdays))


def _dates(year: int, name: str, items: object) -> set[date]:
    if not isinstance(items, list):
        raise ValueError(f"[{year}] {name} 应是日期列表")
    days: set[date] = set()
    for item in items:
        first, last = _date_range(year, name, item)
        while first <= last:
            days.add(first)
            first += _ONE_DAY
    return days


def _date_range(year: int, name: str, item: object) -> tuple[date, date]:
    where = f"[{year}] {name} 中的 {item!r}"
    if isinstance(item, date) and not isinstance(item, datetime):
        first = last = item
    elif isinstance(item, str):
        start, _, end = item.partition("..")
        try:
            first = date.fromisoformat(start.strip())
            last = date.fromisoformat(end.strip()) if end else first
        except ValueError:
            hint = "不是 YYYY-MM-DD 日期或 YYYY-MM-DD..YYYY-MM-DD 区间"
            raise ValueError(f"{where} {hint}") from None
    else:
        raise ValueError(f"{where} 不是日期")
    if first.year != year or last.year != year:
        raise ValueError(f"{where} 不在 {year} 年内")
    if last < first:
        raise ValueError(f"{where} 的结束日期早于开始日期")
    return first, last
