"""On a month's 1st, a report of a week begun last month corrects last month's report of that
week (handlers.reports.when); its reply says to send it again with `月份：12月` if it was this
month's. Sent again so, with the same figures, the correction was filed in the wrong month: it
is taken back, and last month's report counts again."""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import date, timedelta

from domain.money import format_amount
from handlers.context import Context
from handlers.reports.grammar import ReportBlock, parse_report_message
from handlers.reports.plausible import CONFIRM_HINT
from handlers.reports.when import Counted, Filing
from storage.models import Report
from storage.repos import reports
from storage.repos.reports import Before, Figure


@dataclass(frozen=True)
class Misfiled:
    """Last month's correction the block shows was this month's, and what it had corrected."""

    report: Report
    restores: Figure
    month: int
    """Last month, as the reply names it."""


async def misfiled(
    ctx: Context, project_id: int, block: ReportBlock, filing: Filing
) -> Misfiled | None:
    """The correction of last month filed on this month's 1st from this block's figures, when
    the block now names this month (`月份：12月`); else None."""
    if not filing.current or block.month is None:
        return None
    first = ctx.today.replace(day=1)
    last_month = Counted.of(first - timedelta(days=1)).label
    report = await reports.current_for_period(ctx.session, project_id, filing.period.label)
    if report is None or report.month != last_month:
        return None
    if report.received_at.astimezone(ctx.now.tzinfo).date() != first:
        return None
    if not _same_figures(block, report) or _named_a_month(report, ctx):
        return None
    earlier = await reports.superseded_by(ctx.session, report.id)
    if earlier is None or earlier.month != last_month:
        return None
    restores = Figure(*(getattr(earlier, name) for name in Figure._fields))
    return Misfiled(report, restores, first.month - 1 or 12)


def rebased(before: Before, misfiled: Misfiled | None) -> Before:
    """What the new report is checked against once the misfiled correction is taken back: last
    month's figure is the one it had corrected."""
    base = before.month_base
    if misfiled is None or base is None or base.id != misfiled.report.id:
        return before
    return replace(before, month_base=misfiled.restores)


def held(
    doubt: str | None, block: ReportBlock, filing: Filing, today: date, opening: date
) -> tuple[str, str] | None:
    """Why a block is held and what to do, or None: a 本月完成 alone up to this month's first
    working day (`opening`) asks which month; filed in last month by the 1st-of-month rule, a
    doubt says so (its `本月` is then last month) and how to file it as this month's."""
    if month_unsaid(block, filing, today, opening):
        return which_month(block, today)
    if doubt is None:
        return None
    if not filing.first_day:
        return doubt, CONFIRM_HINT
    last, this = filing.counted.month, today.month
    why = f"今天是{this}月1日，本期已报过{last}月的进度，按更正{last}月处理；{doubt}"
    hint = (
        f"如数字无误，请回复“确认”保存；如是{this}月的进度，请加一行“月份：{this}月”重发；"
        "回复其他任何内容则放弃本次填报。"
    )
    return why, hint


def month_unsaid(block: ReportBlock, filing: Filing, today: date, opening: date) -> bool:
    """Whether a block gives 本月完成 alone, naming no month, up to this month's first working
    day (`opening`): last month's final figure is sent then (元旦 runs to January's 4th), and
    a month's work on its first morning is seldom what it means."""
    return (
        filing.current
        and not filing.first_day
        and today <= opening
        and block.period_investment_yuan is not None
        and block.ytd_investment_yuan is None
        and block.week_investment_yuan is None
        and block.month is None
        and not block.years
    )


def which_month(block: ReportBlock, today: date) -> tuple[str, str]:
    """Why a block of `month_unsaid` is held, and how to file it as either month."""
    this = today.month
    last = (today.replace(day=1) - timedelta(days=1)).month
    amount = format_amount(block.period_investment_yuan)
    why = f"今天是{this}月{today.day}日，本月完成 {amount} 没写是哪个月的"
    hint = (
        f"如是{last}月的进度，请加一行“月份：{last}月”重发；如是{this}月的，请回复“确认”保存；"
        "回复其他任何内容则放弃本次填报。"
    )
    return why, hint


def _same_figures(block: ReportBlock, report: Report) -> bool:
    """Whether the figures the block types are the report's (at least one typed)."""
    typed = [
        (block.period_investment_yuan, report.period_investment_yuan),
        (block.ytd_investment_yuan, report.ytd_investment_yuan),
    ]
    given = [(new, old) for new, old in typed if new is not None]
    return bool(given) and all(new == old for new, old in given)


def _named_a_month(report: Report, ctx: Context) -> bool:
    """Whether the report said itself which month or year it was for (then it was not filed
    by the 1st-of-month rule)."""
    blocks = parse_report_message(report.raw_text or "", ctx.today)
    return any(block.month is not None or block.years for block in blocks)
