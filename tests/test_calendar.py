"""The working-day calendar on real 2025/2026 holidays, an office file, and the fallback."""

from __future__ import annotations

import logging
from datetime import date, timedelta
from pathlib import Path

import pytest

from domain.calendar import Source, WorkCalendar
from domain.statutory import statutory_holidays

CAL = WorkCalendar.load(None)

HOLIDAYS_2027 = """
# 2027 per the State Council notice (test data)
[2027]
holidays = ["2027-01-01", "2027-02-06..2027-02-12", 2027-10-01]
workdays = ["2027-02-13", 2027-02-20]
"""


def _days(first: str, last: str) -> list[date]:
    start, end = date.fromisoformat(first), date.fromisoformat(last)
    return [start + timedelta(days=i) for i in range((end - start).days + 1)]


def test_labour_day_2025_is_off_and_its_make_up_sunday_is_worked() -> None:
    assert not any(CAL.is_workday(d) for d in _days("2025-05-01", "2025-05-05"))
    assert CAL.is_workday(date(2025, 4, 27))  # Sunday 调休
    assert CAL.is_workday(date(2025, 5, 6))


def test_national_day_2025_is_off_with_two_weekend_make_up_days() -> None:
    assert not any(CAL.is_workday(d) for d in _days("2025-10-01", "2025-10-08"))
    assert CAL.is_workday(date(2025, 9, 28))  # Sunday
    assert CAL.is_workday(date(2025, 10, 11))  # Saturday
    assert not CAL.is_workday(date(2025, 10, 12))


def test_spring_festival_2026_follows_the_package() -> None:
    assert not any(CAL.is_workday(d) for d in _days("2026-02-15", "2026-02-23"))
    assert CAL.is_workday(date(2026, 2, 14))  # Saturday 调休
    assert CAL.is_workday(date(2026, 2, 28))  # Saturday 调休
    assert CAL.is_workday(date(2026, 2, 24))


def test_spring_festival_2026_week_has_no_working_day() -> None:
    assert CAL.workdays_in_week(date(2026, 2, 18)) == []
    assert CAL.first_workday_of_week(date(2026, 2, 16)) is None
    assert CAL.last_workday_of_week(date(2026, 2, 22)) is None


def test_week_after_national_day_2025_still_has_working_days() -> None:
    assert CAL.workdays_in_week(date(2025, 10, 6)) == _days("2025-10-09", "2025-10-11")
    assert CAL.first_workday_of_week(date(2025, 10, 12)) == date(2025, 10, 9)
    assert CAL.last_workday_of_week(date(2025, 10, 6)) == date(2025, 10, 11)


def test_first_and_last_workday_of_a_holiday_week() -> None:
    assert CAL.first_workday_of_week(date(2025, 10, 1)) == date(2025, 9, 29)
    assert CAL.last_workday_of_week(date(2025, 10, 1)) == date(2025, 9, 30)
    assert CAL.last_workday_of_week(date(2025, 5, 1)) == date(2025, 4, 30)


def test_next_and_previous_workday_stay_on_a_working_day() -> None:
    assert CAL.next_workday(date(2025, 10, 1)) == date(2025, 10, 9)
    assert CAL.next_workday(date(2025, 4, 23)) == date(2025, 4, 23)
    assert CAL.previous_workday(date(2025, 10, 5)) == date(2025, 9, 30)
    assert CAL.previous_workday(date(2025, 5, 3)) == date(2025, 4, 30)
    assert CAL.previous_workday(date(2025, 4, 27)) == date(2025, 4, 27)


def test_five_working_days_skip_the_holiday_and_count_make_up_days() -> None:
    assert CAL.add_workdays(date(2025, 9, 30), 5) == date(2025, 10, 14)
    # Fri 25 Apr: Sun 27 (调休), 28, 29, 30, then 6 May after 劳动节.
    assert CAL.add_workdays(date(2025, 4, 25), 5) == date(2025, 5, 6)
    assert CAL.add_workdays(date(2025, 4, 23), 0) == date(2025, 4, 23)
    assert CAL.add_workdays(date(2025, 10, 9), -1) == date(2025, 9, 30)


def test_year_from_the_office_file(tmp_path: Path) -> None:
    path = tmp_path / "holidays.toml"
    path.write_text(HOLIDAYS_2027, encoding="utf-8")
    cal = WorkCalendar.load(path)
    assert cal.has_data_for(2027)
    assert not cal.is_workday(date(2027, 1, 1))  # Friday
    assert not any(cal.is_workday(d) for d in _days("2027-02-08", "2027-02-12"))
    assert cal.is_workday(date(2027, 2, 13))  # Saturday 调休
    assert cal.is_workday(date(2027, 2, 20))
    assert not cal.is_workday(date(2027, 2, 21))  # an ordinary Sunday
    assert cal.is_workday(date(2027, 3, 1))
    assert cal.is_workday(date(2025, 4, 27))  # package years untouched


def test_office_file_replaces_a_package_year_entirely(tmp_path: Path) -> None:
    path = tmp_path / "holidays.toml"
    path.write_text('[2026]\nholidays = ["2026-03-02"]\n', encoding="utf-8")
    cal = WorkCalendar.load(path)
    assert not cal.is_workday(date(2026, 3, 2))
    assert cal.is_workday(date(2026, 2, 16))  # the package's 春节 no longer applies
    assert not cal.is_workday(date(2026, 2, 14))


def test_year_without_data_keeps_the_statutory_holidays_and_warns_once(
    caplog: pytest.LogCaptureFixture,
) -> None:
    cal = WorkCalendar.load(None)
    assert not cal.has_data_for(2028)
    assert cal.source_of(2028) is Source.FALLBACK
    with caplog.at_level(logging.WARNING, logger="domain.calendar"):
        week = [cal.is_workday(d) for d in _days("2028-01-10", "2028-01-16")]
        cal.is_workday(date(2028, 5, 1))
    assert week == [True] * 5 + [False] * 2
    assert not cal.is_workday(date(2028, 1, 3))  # 元旦 on a Saturday: made up on Monday (补假)
    assert not cal.is_workday(date(2028, 5, 1))  # 劳动节 without any notice
    warnings = [r for r in caplog.records if "2028" in r.getMessage()]
    assert len(warnings) == 1
    assert warnings[0].levelno == logging.WARNING


def test_missing_file_is_fine(tmp_path: Path) -> None:
    cal = WorkCalendar.load(tmp_path / "absent.toml")
    assert cal.has_data_for(2025)
    assert not cal.has_data_for(2027)


@pytest.mark.parametrize(
    ("text", "problem"),
    [
        ("[2027\nholidays = []", "无法读取"),
        ('[twenty]\nholidays = ["2027-01-01"]', "四位年份"),
        ('[2027]\nholidays = ["2027-13-01"]', "2027-13-01"),
        ('[2027]\nholidays = ["2026-11-30"]', "不在 2027 年内"),
        ('[2027]\nholiday = ["2027-01-01"]', "holiday"),
        ('[2027]\nholidays = "2027-01-01"', "日期列表"),
        ('[2027]\nholidays = ["2027-02-13"]\nworkdays = ["2027-02-13"]', "同时列在"),
        ('[2027]\nholidays = ["2027-02-12..2027-02-06"]', "结束日期早于"),
        ("[2027]\nholidays = [20270101]", "不是日期"),
    ],
)
def test_malformed_file_names_the_file_and_the_problem(
    tmp_path: Path, text: str, problem: str
) -> None:
    path = tmp_path / "holidays.toml"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(ValueError, match=r"holidays\.toml") as info:
        WorkCalendar.load(path)
    assert problem in str(info.value)


@pytest.mark.parametrize(
    ("year", "festivals"),
    [
        # 除夕–初三, 清明 on its solar term, 端午, 中秋: dates of the lunar calendar and the sun.
        (2027, ["2027-01-01", "2027-02-05..2027-02-08", "2027-04-05", "2027-06-09", "2027-09-15"]),
        (2028, ["2028-01-01", "2028-01-25..2028-01-28", "2028-04-04", "2028-05-28", "2028-10-03"]),
    ],
)
def test_the_fallback_keeps_the_holidays_the_law_fixes(year: int, festivals: list[str]) -> None:
    cal = WorkCalendar.load(None)
    days_off = set(cal.year_days(year).holidays)
    for item in [*festivals, f"{year}-05-01..{year}-05-02", f"{year}-10-01..{year}-10-03"]:
        first, _, last = item.partition("..")
        assert set(_days(first, last or first)) <= days_off, item
    assert cal.year_days(year).workdays == {}  # 调休 cannot be guessed


def test_the_statutory_days_of_known_years_are_all_off_in_the_package() -> None:
    for year in (2025, 2026):  # the law as amended in 2024 applies from 2025
        statutory = [d for d, name in statutory_holidays(year).items() if "补假" not in name]
        assert len(statutory) >= 13
        assert [d for d in statutory if CAL.is_workday(d)] == []


def test_a_new_year_that_starts_in_december_belongs_to_the_notice(tmp_path: Path) -> None:
    path = tmp_path / "holidays.toml"
    path.write_text(
        '[2029]\nholidays = { "元旦" = "2028-12-30..2029-01-01" }\nworkdays = ["2028-12-23"]\n',
        encoding="utf-8",
    )
    cal = WorkCalendar.load(path)
    assert not cal.is_workday(date(2028, 12, 30))  # a Saturday anyway
    assert cal.is_workday(date(2028, 12, 23))  # the Saturday worked before it
    assert not cal.is_workday(date(2029, 1, 1))
    assert cal.year_days(2029).holidays[date(2029, 1, 1)] == "元旦"
