"""本周完成: a week's own amount, as some offices' forms ask for it.

The report stores the year's cumulative (序时 is judged on it) and the month's amount; a week's
amount is neither. Given without 本年累计完成, it is added to the cumulative last reported for
last week (an older one leaves the weeks between unknown: the cumulative is asked for), and
the month's amount is what the cumulative then rose since the earlier months' (only the year's
first week starts from nothing). Given with 本年累计完成, the
cumulative as typed stands, and the month's amount is its rise.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace
from datetime import date

from domain.periods import Period, parse_period, period_of, previous
from handlers.reports.grammar import ReportBlock
from storage.repos.reports import Figure

NO_BASE = (
    "本周完成 无法换算为本年累计：今年还没有报过本年累计完成，"
    "请写“本年累计完成：…”（当年1月1日以来完成的投资）"
)


def from_week(
    block: ReportBlock,
    floor: Figure | None,
    month_base: Figure | None,
    month_label: str,
    week_start: date,
    due: Callable[[Period], object] | None = None,
) -> ReportBlock | str:
    """`block` with the cumulative (and 本月完成) its 本周完成 makes, or why it cannot.

    `floor`: the cumulative of an earlier week this year; `month_base`: of an earlier month
    (in a week spanning two months, the earlier month's figure of this same week);
    `month_label`: the month (YYYY-MM) the report counts for; `week_start`: its week's Monday;
    `due`: a week's report deadline (None: none was due, as in a 春节 week). Only the year's
    first week starts from nothing."""
    week = block.week_investment_yuan
    if week is None:
        return block
    typed = block.ytd_investment_yuan
    if typed is not None:  # the cumulative as typed stands: the month's amount is its rise
        return replace(block, period_investment_yuan=_month(block, typed, month_base, month_label))
    # the week before's cumulative; in a week spanning two months whose first report this
    # is, the earlier month's figure of this week (a resent week's amount replaces, not adds)
    base = floor if floor is not None else month_base
    first_week = week_start <= date(int(month_label[:4]), 1, 7)
    if base is None and not first_week:
        return NO_BASE
    if base is not None and _weeks_between(base, week_start, due):
        return _gap(base)
    ytd = ((base.ytd_investment_yuan or 0) if base else 0) + week
    month = _month(block, ytd, month_base, month_label)
    return replace(block, ytd_investment_yuan=ytd, period_investment_yuan=month)


def _weeks_between(base: Figure, week_start: date, due: Callable[[Period], object] | None) -> bool:
    """Whether weeks with a report due went by unreported since `base`: what they added is
    unknown, so this week's amount cannot make the year's total (a week nothing was due in,
    as 春节's, is passed over: it was reported with the week after)."""
    week = previous(period_of(week_start))
    for _ in range(_LOOK_BACK):
        if base.period in (week.label, period_of(week_start).label):
            return False
        if due is None or due(week) is not None:
            return True
        week = previous(week)
    return True


_LOOK_BACK = 4  # weeks of nothing due in a row: 春节 takes one, two at most


def _gap(base: Figure) -> str:
    when = parse_period(base.period).days
    return (
        f"本周完成 无法换算为本年累计：上次报的本年累计是{when}那周的，此后各周完成多少不知道，"
        "请写“本年累计完成：…”（当年1月1日以来完成的投资）"
    )


def _month(block: ReportBlock, ytd: int, month_base: Figure | None, month_label: str) -> int | None:
    """本月完成 as typed, else what the cumulative rose since the earlier months' (known only
    where they reported, or in January)."""
    if block.period_investment_yuan is not None:
        return block.period_investment_yuan
    if month_base is None and not month_label.endswith("-01"):
        return None
    return ytd - ((month_base.ytd_investment_yuan or 0) if month_base else 0)
