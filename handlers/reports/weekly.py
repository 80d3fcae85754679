"""本周完成: a week's own amount, as some offices' forms ask for it.

The report stores the year's cumulative (序时 is judged on it) and the month's amount; a week's
amount is neither. Given without 本年累计完成, it is added to the cumulative last reported for
an earlier week of the year, and the month's amount is what the cumulative then rose since the
earlier months' (the first week of January starts from nothing). Given with 本年累计完成, the
cumulative as typed stands.
"""

from __future__ import annotations

from dataclasses import replace

from handlers.reports.grammar import ReportBlock
from storage.repos.reports import Figure

NO_BASE = (
    "本周完成 无法换算为本年累计：今年还没有报过本年累计完成，"
    "请写“本年累计完成：…”（今年1月1日以来完成的投资）"
)


def from_week(
    block: ReportBlock, floor: Figure | None, month_base: Figure | None, month_label: str
) -> ReportBlock | str:
    """`block` with the cumulative (and 本月完成) its 本周完成 makes, or why it cannot.

    `floor`: the cumulative of an earlier week this year; `month_base`: of an earlier month;
    `month_label`: the month (YYYY-MM) the report counts for."""
    week = block.week_investment_yuan
    if week is None or block.ytd_investment_yuan is not None:
        return block
    january = month_label.endswith("-01")
    if floor is None and not january:
        return NO_BASE
    ytd = ((floor.ytd_investment_yuan or 0) if floor else 0) + week
    month = block.period_investment_yuan
    if month is None and (month_base is not None or january):
        month = ytd - ((month_base.ytd_investment_yuan or 0) if month_base else 0)
    return replace(block, ytd_investment_yuan=ytd, period_investment_yuan=month)
