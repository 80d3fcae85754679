"""序时进度: month-end figures, the daily pro-rata share, rounding and ratios."""

from __future__ import annotations

from datetime import date, timedelta

import pytest

from domain.plan import (
    DEFAULT_CURVE,
    div_half_up,
    monthly_cumulative,
    schedule_plan_to_date,
    schedule_ratio,
)

YI = 100_000_000


def test_default_curve_gives_the_documents_quarter_marks() -> None:
    months = monthly_cumulative(YI)
    assert months[2] == 18 * YI // 100  # Q1 18%
    assert months[5] == YI // 2  # H1 50%
    assert months[8] == 80 * YI // 100  # Q3 80%
    assert months[11] == YI


def test_curve_shares_round_half_up_to_whole_yuan() -> None:
    assert monthly_cumulative(50)[0] == 2  # 3% of 50 = 1.5
    assert monthly_cumulative(49)[0] == 1  # 1.47


def test_own_monthly_plan_is_summed_month_by_month() -> None:
    own = [0, 0, 10, 10, 20, 20, 10, 10, 10, 5, 5, 0]
    assert monthly_cumulative(999, own) == [0, 0, 10, 20, 40, 60, 70, 80, 90, 95, 100, 100]


def test_twelve_zero_months_mean_no_monthly_plan() -> None:
    assert monthly_cumulative(YI, [0] * 12) == monthly_cumulative(YI)


def test_wrong_number_of_months_is_refused() -> None:
    with pytest.raises(ValueError, match="12"):
        monthly_cumulative(YI, [1, 2, 3])
    with pytest.raises(ValueError, match="12"):
        monthly_cumulative(YI, None, (50, 100))


def test_month_end_equals_the_month_end_cumulative() -> None:
    assert schedule_plan_to_date(YI, None, DEFAULT_CURVE, date(2025, 3, 31)) == 18_000_000
    assert schedule_plan_to_date(YI, None, DEFAULT_CURVE, date(2025, 12, 31)) == YI
    assert schedule_plan_to_date(YI, None, DEFAULT_CURVE, date(2028, 2, 29)) == 8_000_000


def test_the_first_of_a_month_adds_one_day_of_its_share_only() -> None:
    # April's share is 10% over 30 days: one day is 1/3 of 1%.
    assert schedule_plan_to_date(YI, None, DEFAULT_CURVE, date(2025, 4, 1)) == 18_333_333
    assert schedule_plan_to_date(YI, None, DEFAULT_CURVE, date(2025, 4, 15)) == 23_000_000


def test_plan_to_date_never_drops_and_never_jumps_over_a_day() -> None:
    day, last = date(2025, 1, 1), 0
    biggest_daily_share = YI * 11 // 100 // 30 + 1
    while day.year == 2025:
        plan = schedule_plan_to_date(YI, None, DEFAULT_CURVE, day)
        assert last <= plan <= last + biggest_daily_share
        day, last = day + timedelta(days=1), plan


def test_own_monthly_plan_drives_plan_to_date() -> None:
    own = [0, 0, 31, 0, 0, 0, 0, 0, 0, 0, 0, 0]
    assert schedule_plan_to_date(31, own, DEFAULT_CURVE, date(2025, 2, 28)) == 0
    assert schedule_plan_to_date(31, own, DEFAULT_CURVE, date(2025, 3, 10)) == 10


def test_ratio() -> None:
    assert schedule_ratio(32_000_000, 40_000_000) == 0.8
    assert schedule_ratio(5, 0) is None


def test_half_up_division_is_symmetric() -> None:
    assert div_half_up(5, 2) == 3
    assert div_half_up(-5, 2) == -3
    assert div_half_up(5, -2) == -3
    assert div_half_up(7, 3) == 2
    assert div_half_up(-7, 3) == -2
