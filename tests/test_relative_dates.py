"""Relative deadlines on the real calendar, across weeks, month ends and the year end."""

from __future__ import annotations

from datetime import date

import pytest

from domain.calendar import WorkCalendar
from domain.dates import DateError
from domain.relative_dates import parse_relative

CAL = WorkCalendar()
SAT = date(2026, 11, 28)


@pytest.mark.parametrize(
    ("today", "said", "due"),
    [
        (SAT, "下周五", date(2026, 12, 4)),
        (SAT, "下周五前完成", date(2026, 12, 4)),
        (SAT, "周五", date(2026, 12, 4)),  # a plain weekday already past: the next one
        (SAT, "本周五", date(2026, 11, 27)),  # said as this week's: passed, the caller says so
        (SAT, "本周内", date(2026, 11, 29)),  # no working day left this week: its Sunday
        (date(2026, 11, 25), "本周内", date(2026, 11, 27)),
        (SAT, "下周内", date(2026, 12, 4)),
        (SAT, "下下周一", date(2026, 12, 7)),
        (SAT, "星期天", date(2026, 11, 29)),
        (SAT, "月底前", date(2026, 11, 30)),
        (SAT, "下月底", date(2026, 12, 31)),
        (SAT, "下个月10号", date(2026, 12, 10)),
        (SAT, "10号前", date(2026, 12, 10)),  # the 10th has passed this month
        (SAT, "30号", date(2026, 11, 30)),
        (SAT, "年底前", date(2026, 12, 31)),
        (date(2026, 12, 30), "3天内", date(2027, 1, 2)),
        (date(2026, 12, 30), "下月10日", date(2027, 1, 10)),
        (date(2026, 12, 30), "下周一", date(2027, 1, 4)),
        (date(2027, 1, 31), "一个月内", date(2027, 2, 28)),
        (SAT, "十五天内", date(2026, 12, 13)),
        (SAT, "两周内", date(2026, 12, 12)),
        (SAT, "明天", date(2026, 11, 29)),
        (date(2025, 4, 24), "3个工作日", date(2025, 4, 28)),  # Sunday 4/27 is worked
        (date(2025, 9, 30), "1个工作日", date(2025, 10, 9)),  # 国庆 and 中秋 off
    ],
)
def test_relative_forms(today: date, said: str, due: date) -> None:
    assert parse_relative(said, today, CAL) == due


@pytest.mark.parametrize("said", ["5月10日", "2026-12-01", "尽快", "马上", "", "下"])
def test_not_relative(said: str) -> None:
    assert parse_relative(said, SAT, CAL) is None


@pytest.mark.parametrize(("said", "problem"), [("下月31日", "11月没有31日"), ("1000天", "太远")])
def test_absurd(said: str, problem: str) -> None:
    with pytest.raises(DateError, match=problem):
        parse_relative(said, date(2026, 10, 15), CAL)
