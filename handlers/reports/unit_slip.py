"""A number typed without its unit and a hundred times below what the project has reported:
most likely 亿 meant (`累计完成：3.85`, `本月完成：0.15`), read as 万 as a bare number is. One
rule for both figures: a cumulative so low is refused (handlers.reports.refused_figures), a
month held for `确认` (handlers.reports.plausible), each saying how it was read."""

from __future__ import annotations

from domain.money import format_amount as amount
from handlers.reports.grammar import ReportBlock
from storage.repos.reports import Figure

SLIP_TIMES = 100
"""How many times below the project's figure a bare number is taken for 亿 read as 万."""
MONTH_SLIP_BELOW = 10_000
"""A bare 本月完成 is doubted only under 1万元 (`0.15`): a slow month of a big project
(`本月完成：300` beside 4亿) is as small beside its cumulative, and real."""


def unit_slip(figure: int, bare: str | None, reference: int) -> str | None:
    """How a bare number (`bare`, as typed) `SLIP_TIMES` or more below `reference` was read,
    and how to write it in 亿; None when it had a unit or is not so small (nothing: 0)."""
    if bare is None or not 0 < figure * SLIP_TIMES <= reference:
        return None
    return f"没写单位的数字按万元计，如是亿元请写“{bare}亿”"


def month_slip(block: ReportBlock, month_base: Figure | None) -> str | None:
    """本月完成 typed bare, without a 本年累计 to check it by, and that small beside the
    year's cumulative it is added to (earlier months'): the hint, said as a doubt."""
    month = block.period_investment_yuan
    if month is None or month >= MONTH_SLIP_BELOW or "ytd" in block.given or month_base is None:
        return None
    base = month_base.ytd_investment_yuan or 0
    hint = unit_slip(month, block.bare.get("period"), base)
    if hint is None:
        return None
    return f"本月完成 {amount(month)}，不到此前本年累计 {amount(base)} 的百分之一；{hint}"
