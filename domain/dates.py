"""Dates as people type them in chat: 2025-05-10, 2025/5/10, 2025年5月10日, 5月10日 (号), 5.10."""

from __future__ import annotations

import re
from datetime import date, timedelta

_FULL = re.compile(r"^(\d{4})\s*[-/.年]\s*(\d{1,2})\s*[-/.月]\s*(\d{1,2})\s*[日号]?$")
_SHORT = re.compile(r"^(\d{1,2})\s*[-/.月]\s*(\d{1,2})\s*[日号]?$")
_TABLE = str.maketrans("０１２３４５６７８９．／－", "0123456789./-")


class DateError(ValueError):
    """The text is not a date; the message quotes it."""


def parse_near_date(text: str, today: date) -> date:
    """Parse a typed date; without a year, the occurrence nearest `today`.

    In late December `1月8日` is next January and in early January `12月30日` is last
    December: people leave the year out when it is obvious from the date, not when it is
    the calendar year.
    """
    year, month, day = _parts(text, today.year)
    if year:
        return _date(text, year, month, day)
    candidates = [
        found
        for offset in (0, 1, -1)
        if (found := _maybe(today.year + offset, month, day)) is not None
    ]
    if not candidates:
        raise DateError(f"日期“{text.strip()}”不存在")
    return min(candidates, key=lambda d: abs((d - today).days))


NEAR_FUTURE_DAYS = 31


def parse_past_date(text: str, today: date) -> date:
    """Parse the date of something that has happened; without a year, the latest one by today
    unless this year's falls within the coming month.

    On 11月29日 `3月10日` is this March and `12月30日` in early January last December: a start
    or completion declared without a year is one that has happened. But `12月5日` typed on
    11月30日 is the coming 5 December, a planned date typed by mistake, not one a year ago
    (callers refuse it as still to come); a year typed is kept as typed.
    """
    year, month, day = _parts(text, today.year)
    if year:
        return _date(text, year, month, day)
    for year_ahead in (today.year, today.year + 1):  # `1月3日` on 12月28日 is next January's
        coming = _maybe(year_ahead, month, day)
        if coming is not None and 0 < (coming - today).days <= NEAR_FUTURE_DAYS:
            return coming
    # 2月29日 may be four years back; any other day is this year's or last year's
    for back in range(8):
        found = _maybe(today.year - back, month, day)
        if found is not None and found <= today:
            return found
    raise DateError(f"日期“{text.strip()}”不存在")


def parse_end_date(text: str, start: date) -> date:
    """Parse the end of a range that begins on `start` (`12月30日-1月3日` ends next year)."""
    year, month, day = _parts(text, start.year)
    same_year = _maybe(start.year, month, day)
    if year is None and same_year is not None and same_year >= start:
        return same_year
    return parse_near_date(text, start)


def _parts(text: str, year: int) -> tuple[int | None, int, int]:
    """(year or None, month, day) of a typed date; `year` is the one its example shows."""
    cleaned = text.strip().translate(_TABLE).rstrip("。；;")
    if match := _FULL.match(cleaned):
        year, month, day = (int(part) for part in match.groups())
        return year, month, day
    if match := _SHORT.match(cleaned):
        month, day = (int(part) for part in match.groups())
        return None, month, day
    raise DateError(f"日期“{text.strip()}”无法识别，请写成 5月10日 或 {year}-05-10")


def _maybe(year: int, month: int, day: int) -> date | None:
    try:
        return date(year, month, day)
    except ValueError:
        return None


def _date(text: str, year: int, month: int, day: int) -> date:
    found = _maybe(year, month, day)
    if found is None:
        raise DateError(f"日期“{text.strip()}”不存在")
    return found


def last_month_of(day: date) -> date:
    """The last day of the month before `day`'s."""
    return day.replace(day=1) - timedelta(days=1)


def last_month_start(day: date) -> date:
    """The first day of the month before `day`'s."""
    return last_month_of(day).replace(day=1)


def latest_year_of(month: int, today: date) -> int:
    """The year `N月` said alone means: the latest such month begun (12月 in January is last
    December)."""
    return today.year if month <= today.month else today.year - 1


EARLIEST_YEAR = 2000
"""No figure of the ledger is older: a year before it is a slip (`0001年4月`, `1999-11`)."""
_YEAR_MONTH = re.compile(r"([0-9]{4})-([0-9]{1,2})")


def month_start(text: str) -> date | None:
    """The first day of the month `2026-11` names; None when it names none."""
    found = _YEAR_MONTH.fullmatch(text.strip())
    if found is None or int(found[1]) < EARLIEST_YEAR or not 1 <= int(found[2]) <= 12:
        return None
    return date(int(found[1]), int(found[2]), 1)
