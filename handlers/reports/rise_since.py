"""The earlier report a rise of the cumulative is reckoned from, named as the owner knows it.

`2026年第49周的 1700万元` read as this week's report to an owner who had sent 1780万 this
week: it was November's figure of a week that spans two months. The week is said as 本周 or
上周, or with its days, and the month when it is not the new report's.
"""

from __future__ import annotations

from datetime import timedelta

from domain.periods import parse_period
from storage.repos.reports import Figure


def reported_in(earlier: Figure, period_label: str, month_label: str) -> str:
    """`上周（11月23日—29日）所报的`, `本周所报11月的`: the report `earlier` as a doubt about
    the new one (of `period_label`, counted for `month_label`) names it."""
    week, this = parse_period(earlier.period), parse_period(period_label)
    if earlier.period == period_label:
        when = "本周"
    elif week.end + timedelta(days=7) == this.end:
        when = f"上周（{week.days}）"
    else:
        when = f"{week.days}那周"  # as refused_figures names a week
    month = "" if earlier.month == month_label else f"{int(earlier.month[5:7])}月"
    return f"{when}所报{month}的"
