"""Figures that cannot be right: refused, with what to fix. A report refused stores nothing;
the owner sends it again corrected (handlers.reports.plausible holds the figures that are
only unlikely, for `确认`)."""

from __future__ import annotations

from domain.money import format_amount as amount
from domain.money import format_figures
from domain.periods import parse_period
from handlers.reports.grammar import ReportBlock
from handlers.reports.unit_slip import unit_slip
from storage.models import Project
from storage.repos.reports import Figure


def impossible(block: ReportBlock, ytd: int | None) -> str | None:
    """本月完成 above the year's cumulative, which must include it."""
    month = block.period_investment_yuan
    if month is None or ytd is None or block.ytd_investment_yuan is None or month <= ytd:
        return None
    return (
        f"本月完成 {amount(month)} 大于本年累计完成 {amount(ytd)}：本年累计应包含本月，"
        "请核对是否填反，或把开工以来的总累计填成了本年累计"
    )


def above_later(
    ytd: int | None, later: Figure | None, month_label: str, this_week: str
) -> str | None:
    """A back-filled month's cumulative above one a later month already reported: the year's
    cumulative only grows, so one of the two figures is wrong (`later`: the lowest later one).
    Reported this week (`this_week`), the later figure is the sender's to correct by sending
    it again; an earlier week's is the office's."""
    if ytd is None or later is None or later.ytd_investment_yuan is None:
        return None
    if ytd <= later.ytd_investment_yuan:
        return None
    month = f"{int(month_label[5:7])}月"
    when = parse_period(later.period).chinese
    fix = (
        "请直接重新发送本周进度（即作更正）"
        if later.period == this_week
        else "请联系专班办公室更正"
    )
    now, then = format_figures(ytd, later.ytd_investment_yuan)
    return (
        f"补报的{month}本年累计完成 {now} 高于{when}已报的 "
        f"{then}；年度累计只增不减，{month}的累计不能超过之后已报的数。"
        f"请核对{month}的数；如{when}的数填错了，{fix}"
    )


def beyond_total_or_below(
    project: Project,
    ytd: int | None,
    floor: Figure | None,
    bare: str | None = None,
    month: int | None = None,
) -> str | None:
    """A cumulative above the project's total investment, or below an earlier period's
    (`bare`: the number as typed when it had no unit; `month`: the 本月完成 it was worked out
    from, which is then what is too small)."""
    if ytd is None:
        return None
    if project.total_investment_yuan and ytd > project.total_investment_yuan:
        return (
            f"本年累计完成 {amount(ytd)} 超过了项目总投资 "
            f"{amount(project.total_investment_yuan)}，请核对（本年累计只算今年1月以来完成的投资；"
            "没写单位的数字按万元计，写元请带“元”）"
        )
    if floor is not None and floor.ytd_investment_yuan and ytd < floor.ytd_investment_yuan:
        if month is not None:
            when = parse_period(floor.period).days
            then, now = format_figures(floor.ytd_investment_yuan, ytd)
            return (
                f"本月完成 {amount(month)} 少于本月已报的：{when}那周已报本年累计 "
                f"{then}，此前累计加本月完成只有 {now}；"
                "本月完成请写本月1日以来的全部投资，或直接写“本年累计完成：…”"
            )
        return _lower(ytd, floor, parse_period(floor.period).chinese, bare)
    return None


def _lower(
    ytd: int,
    earlier: Figure,
    when: str,
    bare: str | None,
    fix: str = "如之前填错，请联系专班办公室撤回那次填报后重报",
) -> str:
    """A cumulative below `earlier`'s (reported for `when`), which it can only grow from; a
    number typed alone a hundred times below it was most likely 亿 without its unit."""
    now, then = format_figures(ytd, earlier.ytd_investment_yuan or 0)
    slip = unit_slip(ytd, bare, earlier.ytd_investment_yuan or 0)
    hint = f"{slip}；" if slip else ""
    return f"本年累计完成 {now} 低于{when}已报的 {then}；年度累计只增不减，{hint}{fix}"


def below_earlier_month(
    ytd: int | None, base: Figure | None, bare: str | None = None, period: str = ""
) -> str | None:
    """A cumulative below an earlier month's: reported in this same week (a week spanning two
    months, a month back-filled late), it is no earlier period, yet the year's total still
    only grows. Of this same week (`period`), the owner can correct it: naming its month."""
    if ytd is None or base is None or base.ytd_investment_yuan is None:
        return None
    if ytd >= base.ytd_investment_yuan:
        return None
    month = f"{int(base.month[5:7])}月"
    if base.period != period:
        return _lower(ytd, base, month, bare)
    fix = f"如是更正{month}所报，请加一行“月份：{month}”重发"
    return _lower(ytd, base, month, bare, fix)
