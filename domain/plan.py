"""序时进度: how much of the annual plan should be done by a given day."""

from __future__ import annotations

import calendar as gregorian
from collections.abc import Sequence
from datetime import date
from functools import lru_cache
from typing import TypeGuard

from domain.periods import month_end, period_of, previous

# Cumulative % of the annual plan due by each month end: the documents' 18% by Q1, 50% by H1,
# 80% by Q3.
DEFAULT_CURVE: tuple[int, ...] = (3, 8, 18, 28, 39, 50, 60, 70, 80, 87, 94, 100)


def div_half_up(numerator: int, denominator: int) -> int:
    """numerator / denominator rounded to an integer, halves away from zero (四舍五入)."""
    if denominator < 0:
        numerator, denominator = -numerator, -denominator
    # Integer arithmetic: exact, and fast enough for lights over 100k projects.
    magnitude = (2 * abs(numerator) + denominator) // (2 * denominator)
    return magnitude if numerator >= 0 else -magnitude


def monthly_cumulative(
    annual_plan_yuan: int,
    monthly_plan: Sequence[int] | None = None,
    curve: Sequence[int] = DEFAULT_CURVE,
) -> list[int]:
    """The 12 month-end cumulative plan figures in yuan (own monthly plan, else the curve)."""
    return [month_end_plan(annual_plan_yuan, monthly_plan, curve, m) for m in range(1, 13)]


def schedule_plan_to_date(
    annual_plan_yuan: int,
    monthly_plan: Sequence[int] | None,
    curve: Sequence[int],
    on: date,
) -> int:
    """序时 on `on`: last month end's cumulative plus this month's share pro rata by day."""
    # The lights job asks twice per project and ledgers repeat round plans: remember answers,
    # keyed by value (tuples), so a list changed after the call cannot be served stale.
    own = tuple(monthly_plan) if monthly_plan else None
    return _plan_to_date(annual_plan_yuan, own, tuple(curve), on)


@lru_cache(maxsize=1 << 14)
def _plan_to_date(
    annual_plan_yuan: int, monthly_plan: tuple[int, ...] | None, curve: tuple[int, ...], on: date
) -> int:
    before = month_end_plan(annual_plan_yuan, monthly_plan, curve, on.month - 1)
    share = month_end_plan(annual_plan_yuan, monthly_plan, curve, on.month) - before
    days = gregorian.monthrange(on.year, on.month)[1]
    return before + div_half_up(share * on.day, days)


def by_month(monthly_plan: Sequence[int] | None) -> TypeGuard[Sequence[int]]:
    """Whether the ledger spreads the year's plan over its months (1月…12月 columns): empty
    columns come in as twelve zeros, which is no monthly plan."""
    return bool(monthly_plan) and any(monthly_plan or ())


def month_end_plan(
    annual_plan_yuan: int, monthly_plan: Sequence[int] | None, curve: Sequence[int], month: int
) -> int:
    """Cumulative plan at the end of `month` (0 for month 0), without building all twelve."""
    if month == 0:
        return 0
    if by_month(monthly_plan):
        if len(monthly_plan) != 12:
            raise ValueError(f"月度计划应有 12 个数，实际 {len(monthly_plan)} 个")
        return sum(monthly_plan[:month])
    if len(curve) != 12:
        raise ValueError(f"序时曲线应有 12 个百分比，实际 {len(curve)} 个")
    return div_half_up(annual_plan_yuan * curve[month - 1], 100)


def schedule_ratio(done_yuan: int, plan_yuan: int) -> float | None:
    """Done as a share of 序时 (1.0 = on schedule); None when nothing is due yet."""
    if plan_yuan == 0:
        return None
    return done_yuan / plan_yuan


def figure_day(received: date, month: int, today: date) -> date:
    """The day a cumulative figure for `month` of today's year is set against 序时: the day it
    was sent, at most that month's end (November's, sent on 1 December, is November's), and
    the end of the last closed reporting week when it is older than that week (a project that
    stops reporting would otherwise stay "ahead" of a 序时 frozen on its last report)."""
    day = min(received, month_end(today.year, month))
    closed = previous(period_of(today))
    return closed.end if closed.end.year == today.year and day < closed.start else day
