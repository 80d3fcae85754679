"""Weekly periods, their deadlines on the real calendar, and which one last closed."""

from __future__ import annotations

from datetime import date

import pytest

from domain.calendar import WorkCalendar, YearOverride
from domain.clock import parse_local_time
from domain.periods import (
    DueTime,
    Period,
    add_months,
    deadline,
    following,
    is_late,
    last_closed_period,
    month_end,
    moved_for,
    parse_period,
    period_of,
    previous,
    previous_months,
)

CAL = WorkCalendar.load(None)


def test_period_of_a_wednesday_is_its_iso_week() -> None:
    period = period_of(date(2025, 4, 23))
    assert period.label == "2025-W17"
    assert (period.start, period.end) == (date(2025, 4, 21), date(2025, 4, 27))
    assert period.chinese == "2025年第17周（4月21日—4月27日）"
    assert period.short_chinese == "2025年第17周"


def test_first_week_of_a_year_starting_in_december_names_both_years() -> None:
    period = period_of(date(2024, 12, 30))
    assert period.label == "2025-W01"
    assert period.chinese == "2025年第1周（2024年12月30日—1月5日）"
    assert previous(period).label == "2024-W52"
    assert following(previous(period)) == period


def test_labels_round_trip_and_bad_labels_are_refused() -> None:
    assert parse_period("2025-W17") == period_of(date(2025, 4, 27))
    with pytest.raises(ValueError, match="2025-17"):
        parse_period("2025-17")


def test_ordinary_deadline_is_friday_1700_shanghai() -> None:
    due = deadline(parse_period("2025-W17"), CAL)
    assert due == parse_local_time("2025-04-25 17:00")
    assert due is not None and due.utcoffset() is not None


def test_labour_day_week_deadline_moves_back_to_wednesday() -> None:
    assert deadline(parse_period("2025-W18"), CAL) == parse_local_time("2025-04-30 17:00")


def test_national_day_weeks() -> None:
    assert deadline(parse_period("2025-W40"), CAL) == parse_local_time("2025-09-30 17:00")
    # Friday 10 Oct is worked, so the 调休 Saturday after it does not move the deadline.
    assert deadline(parse_period("2025-W41"), CAL) == parse_local_time("2025-10-10 17:00")


def test_week_with_no_working_day_has_no_deadline_and_nothing_is_late() -> None:
    period = parse_period("2026-W08")
    assert deadline(period, CAL) is None
    assert not is_late(period, parse_local_time("2026-03-20 12:00"), CAL)


def test_week_worked_only_on_saturday_is_due_that_saturday() -> None:
    off = frozenset(date(2027, 3, d) for d in range(1, 6))
    cal = WorkCalendar({2027: YearOverride(off, frozenset({date(2027, 3, 6)}))})
    assert deadline(period_of(date(2027, 3, 1)), cal) == parse_local_time("2027-03-06 17:00")


def test_the_holiday_that_moved_a_deadline_earlier_is_named_when_known() -> None:
    new_year = period_of(date(2025, 12, 29))  # Friday 2 January 2026 off: due on Wednesday
    assert moved_for(new_year, CAL) == "元旦"
    assert moved_for(parse_period("2025-W17"), CAL) is None  # due on its Friday
    # a calendar file's day off without a name: nothing to say why (not “因放假放假”)
    off = frozenset(date(2027, 3, d) for d in range(4, 6))
    unnamed = WorkCalendar({2027: YearOverride(off, frozenset())})
    assert moved_for(period_of(date(2027, 3, 1)), unnamed) is None
    # all of Monday to Friday off, a Saturday worked: the deadline moved later, not earlier
    later = WorkCalendar(
        {
            2027: YearOverride(
                frozenset(date(2027, 3, d) for d in range(1, 6)),
                frozenset({date(2027, 3, 6)}),
                names={date(2027, 3, 5): "春节"},
            )
        }
    )
    assert moved_for(period_of(date(2027, 3, 1)), later) is None


def test_configured_deadline_weekday_and_time() -> None:
    due = DueTime.parse("Thu 12:30")
    assert due == DueTime(weekday=3, hour=12, minute=30)
    got = deadline(parse_period("2025-W17"), CAL, **due._asdict())
    assert got == parse_local_time("2025-04-24 12:30")
    with pytest.raises(ValueError, match="friday"):
        DueTime.parse("friday")


def test_report_at_the_deadline_is_on_time_and_a_minute_later_is_late() -> None:
    period = parse_period("2025-W17")
    assert not is_late(period, parse_local_time("2025-04-25 17:00"), CAL)
    assert is_late(period, parse_local_time("2025-04-25 17:01"), CAL)


@pytest.mark.parametrize(
    ("now", "closed"),
    [
        ("2025-04-25 16:59", "2025-W16"),
        ("2025-04-25 17:00", "2025-W17"),
        ("2025-04-28 09:00", "2025-W17"),
        ("2025-05-01 10:00", "2025-W18"),  # due Wed 30 Apr, the holiday week
        ("2026-02-20 10:00", "2026-W07"),  # inside the week with no working day
        ("2026-02-25 10:00", "2026-W07"),  # that week is skipped
    ],
)
def test_last_closed_period(now: str, closed: str) -> None:
    period = last_closed_period(parse_local_time(now), CAL)
    assert period is not None
    assert period.label == closed


def test_month_helpers() -> None:
    assert month_end(2028, 2) == date(2028, 2, 29)
    assert add_months(date(2025, 1, 31), 1) == date(2025, 2, 28)
    assert add_months(date(2025, 11, 15), 2) == date(2026, 1, 15)
    assert previous_months(date(2025, 1, 15), 2) == [(2024, 12), (2024, 11)]


def test_periods_order_by_time() -> None:
    assert Period.of(2024, 52) < Period.of(2025, 1) < Period.of(2025, 2)
