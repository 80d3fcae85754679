"""January's figures: the new year's 本年累计 starts from nothing, so in January it is the
month's own figure, and last year's total typed on into the new year is the slip to catch."""

from __future__ import annotations

from sqlalchemy.ext.asyncio import AsyncSession

from core.settings import ReportSettings
from domain.money import ROUNDING_YUAN, format_figures
from domain.money import format_amount as amount
from handlers.reports.grammar import ReportBlock
from handlers.reports.when import LAST_YEAR_SHARE, Filing
from storage.repos import reports
from storage.repos.reports import Figure

_ASK = "是否把去年的累计填成了今年的？本年累计只算今年1月1日以来完成的投资"


def _one_figure(month: int, ytd: int) -> bool:
    """January's 本月完成 and 本年累计 agree (本月完成 typed in 万 with a decimal or two may
    differ from the cumulative by rounding)."""
    return ytd <= month + max(ROUNDING_YUAN, month // 20)


def january_apart(block: ReportBlock, month_label: str) -> str | None:
    """本月完成 and 本年累计 both typed for January and apart beyond rounding: in January the
    two are one figure, so one of them is wrong (last year's total typed on, most often), and
    not even 确认 stores both."""
    month, ytd = block.period_investment_yuan, block.ytd_investment_yuan
    if not month_label.endswith("-01") or not {"period", "ytd"} <= set(block.given):
        return None
    if month is None or ytd is None or _one_figure(month, ytd):
        return None
    month_said, ytd_said = format_figures(month, ytd)
    return (
        f"1月的本年累计就是本月完成，两者应相同，本次本月完成 {month_said}、本年累计完成 "
        f"{ytd_said}：请改正后重新发送（本年累计只算今年1月1日以来完成的投资）"
    )


def last_years_total(
    annual: int,
    block: ReportBlock,
    ytd: int,
    floor: Figure | None,
    month_label: str,
    rules: ReportSettings,
    last_year: int | None,
) -> str | None:
    """The year's first figure (`last_year`, last year's final one, is given only for it) at
    or above last year's final figure, in any month; in January also above the 本月完成 typed
    with it (in January the two are one), far beyond what a month adds, or close to last
    year's final figure: most likely last year's total typed on into the new year (the new
    year's 本年累计 starts from nothing)."""
    if floor is not None:
        return None
    if not month_label.endswith("-01"):
        # later in the year a first figure near last year's may be right; at or above it,
        # it is last year's running total carried on (2064万 last year, 2164万 now)
        if not last_year or ytd < last_year:
            return None
        return (
            f"这是今年第一次填报，本年累计完成 {amount(ytd)} 不低于去年所报的累计 "
            f"{amount(last_year)}：{_ASK}"
        )
    month = block.period_investment_yuan
    agrees = month is not None and _one_figure(month, ytd)
    if last_year and ytd >= last_year * LAST_YEAR_SHARE and not agrees:
        said = "不低于" if ytd >= last_year else "接近"
        against = f"{said}去年所报的累计 {amount(last_year)}"
    elif month is not None and not agrees:  # January's month is the year so far
        far = ytd > month + max(ROUNDING_YUAN, int(annual * rules.unexplained_share))
        against = f"{'远' if far else ''}多于本月完成 {amount(month)}"
    elif month is None and annual > 0 and ytd > annual * rules.period_rise_share:
        against = "超过一个月能完成的投资"
    else:
        return None
    return f"1月是今年第一个月，本年累计完成 {amount(ytd)} {against}：{_ASK}"


async def last_year_to_ask(
    session: AsyncSession, project_id: int, filing: Filing, corrected: Figure | None
) -> int | None:
    """Last year's final 本年累计, to ask the year's first figure filed so against; None when
    the year's first report being corrected (`corrected`, of the same week and month) already
    stood near it: asked about then (stored on 确认) or no slip, it is not asked again."""
    last_year = await reports.latest_ytd(session, project_id, filing.counted.year - 1)
    ytd = corrected.ytd_investment_yuan if corrected is not None else None
    if last_year and ytd is not None and ytd >= last_year * LAST_YEAR_SHARE:
        return None
    return last_year
