"""A month's first days, when last month's final figures are still coming in.

On the 1st, a report of a week begun last month corrects last month's report of that week
(handlers.reports.when); its reply says to send it again with `月份：12月` if it was this
month's. Sent again so, with the same figures, the correction was filed in the wrong month: it
is taken back, and last month's report counts again (`misfiled`). Up to the month's first
working day, a `本月完成`, `本周完成` or `本年累计` alone naming no month is held asking which
month it is (`held`)."""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import date, timedelta
from typing import NamedTuple

from domain.dates import last_month_of
from domain.money import format_amount
from domain.periods import period_of
from domain.problem_text import Verdict, judge
from handlers.context import Context
from handlers.reports.fields import AMOUNT_FIELDS
from handlers.reports.grammar import ReportBlock, parse_report_message
from handlers.reports.january import january_apart
from handlers.reports.plausible import CONFIRM_HINT, DROP_HINT, FIX_HINT, LAST_MONTH_OFFER
from handlers.reports.when import Counted, Filing
from storage.models import Report
from storage.repos import report_takeback, reports
from storage.repos.reports import Before, Figure, figure_of


@dataclass(frozen=True)
class Misfiled:
    """Last month's correction the block shows was this month's, and what it had corrected."""

    report: Report
    base: Figure | None
    """Last month's cumulative once the correction is taken back (to derive this month's)."""
    hands_on: Figure | None
    """The correction, when the issue its 存在问题 raised passes to the new report (the report
    it had corrected raised none of its own)."""
    month: int
    """Last month, as the reply names it."""


async def misfiled(
    ctx: Context, project_id: int, block: ReportBlock, filing: Filing
) -> Misfiled | None:
    """The correction of last month its sender filed on this month's 1st with this block's
    figures, when the block now names this month (`月份：12月`); else None."""
    if not filing.current or block.month is None:
        return None
    first = ctx.today.replace(day=1)
    last_month = Counted.of(first - timedelta(days=1))
    # the week of the 1st: a resend on Monday when the 1st was a Sunday is in the next one
    report = await _senders_last_month(ctx, project_id, period_of(first).label, last_month)
    if report is None:
        return None
    if _day(report, ctx) != first or not _same_figures(block, report, ctx.today):
        return None
    earlier = await report_takeback.superseded_by(ctx.session, report.id)
    if earlier is None or earlier.month != last_month.label or _day(earlier, ctx) >= first:
        return None
    if _named_a_month(report, ctx):  # 月份：11月 typed: not filed by the 1st-of-month rule
        return None
    base: Report | None = earlier
    if earlier.ytd_investment_yuan is None:  # a text-only report: the total before it counts
        base = await reports.latest_with_ytd_before(
            ctx.session, project_id, first.year if first.month > 1 else first.year - 1,
            month=Counted.of(first).label, excluding=report.id,
        )  # fmt: skip
    own_issue = judge(earlier.problems_text) is Verdict.PROBLEM
    hands_on = None if own_issue else figure_of(report)
    return Misfiled(report, figure_of(base) if base else None, hands_on, last_month.month)


async def _senders_last_month(
    ctx: Context, project_id: int, week: str, last_month: Counted
) -> Report | None:
    """The week's current report when it is filed in last month and was the sender's."""
    # plain columns first: only a report filed in last month is loaded whole (nearly every
    # report names this month, and loading an entity cost a report a fifth of its time)
    figure = await reports.period_figure(ctx.session, project_id, week)
    if figure is None or figure.month != last_month.label:
        return None
    report = await reports.current_for_period(ctx.session, project_id, week)
    if report is None or report.month != last_month.label or report.reporter_id != ctx.person.id:
        return None
    return report


def _day(report: Report, ctx: Context) -> date:
    """The day (business time) a report was received."""
    return report.received_at.astimezone(ctx.now.tzinfo).date()


def rebased(before: Before, misfiled: Misfiled | None) -> Before:
    """What the new report is checked against once the misfiled correction is taken back: last
    month's figure is the one before it."""
    base = before.month_base
    if misfiled is None or base is None or base.id != misfiled.report.id:
        return before
    return replace(before, month_base=misfiled.base)


class Held(NamedTuple):
    """Why a block is held, what the owner may answer, whether a month is one answer,
    whether a 确认 files it in last month (a 1st-of-month correction of last month's), and
    whether 确认 files it at all (not one to correct and send again)."""

    why: str
    hint: str
    months: bool
    confirms_last: bool = False
    confirms: bool = True


def held(
    doubt: str | None,
    block: ReportBlock,
    filing: Filing,
    today: date,
    opening: date,
    years_first: bool = False,
    corrects: bool = False,
) -> Held | None:
    """Why a block is held and what to do, or None: a 本月完成 alone up to this month's first
    working day (`opening`) asks which month; filed in last month by the 1st-of-month rule, a
    doubt says so (its `本月` is then last month) and how to file it as this month's. A doubt
    about the year's first figure, in January (`years_first`), offers last December with one
    word: December's final figures are what January's first days bring, and a bare 确认 would
    file them as this year's. A correction of this month's report of the week (`corrects`) is
    this month's: it is not asked which."""
    if not corrects and month_unsaid(block, filing, today, opening):
        why, hint = which_month(block, today)
        # 确认 stores it as it is: a doubt about its figures is confirmed with it
        return Held((f"{why}；另外，{doubt}" if doubt else why), hint, months=True)
    if doubt is None:
        return None
    if not filing.first_day:
        # 本月完成 apart from 本年累计 in January: one is wrong, 确认 cannot store both
        apart = january_apart(block, filing.counted.label) is not None
        # the answer adds `月份：12月`: not to a block that names its month or year itself
        if years_first and today.month == 1 and block.month is None and not block.years:
            this_year = "请改正后重新发送" if apart else "请回复“确认”保存"
            hint = (
                f"如是{today.year - 1}年12月的数字，请回复“12月”；如确是今年1月1日以来的，"
                f"{this_year}；{DROP_HINT}。"
            )
            return Held(doubt, hint, months=True, confirms=not apart)
        late = LAST_MONTH_OFFER.format(month=last_month_of(today).month) in doubt
        return Held(doubt, FIX_HINT if apart else CONFIRM_HINT, months=late, confirms=not apart)
    last, this = filing.counted.month, today.month
    why = f"今天是{this}月1日，本期已报过{last}月的进度，按更正{last}月处理；{doubt}"
    hint = f"如数字无误，请回复“确认”保存；如是{this}月的进度，请回复“{this}月”；{DROP_HINT}。"
    return Held(why, hint, months=True, confirms_last=True)


def refused(problem: str, filing: Filing, block: ReportBlock) -> str:
    """A refusal of a block filed in last month by the 1st-of-month rule, saying so and how to
    send it as this month's: refused against last month's total, it may be right for this one.
    A total the block types itself is refused alike in either month: nothing to add then."""
    if not filing.first_day or "ytd" in block.given:
        return problem
    last = filing.counted.month
    this = last % 12 + 1
    return (
        f"{problem}\n（今天是{this}月1日，本期已报过{last}月的进度，以上按更正{last}月核对；"
        f"如是{this}月的进度，请加一行“月份：{this}月”重发）"
    )


def month_unsaid(block: ReportBlock, filing: Filing, today: date, opening: date) -> bool:
    """Whether a block gives 本月完成 (or 本周完成, or 本年累计) alone, naming no month, up to
    this month's first working day (`opening`): last month's final figure is sent then (in
    January a total alone is asked about as the year's first figure, when it is one; 元旦 runs to
    January's 4th, and 本周完成 on 2 January is the work of 28–31 December), and a month's work
    on its first morning is seldom what it means."""
    typed = {name for name in block.given if name in AMOUNT_FIELDS}  # not those worked out
    alone = [{"period"}, {"week"}] + ([{"ytd"}] if today.month > 1 else [])
    return (
        filing.current
        and not filing.first_day
        and today <= opening
        and typed in alone
        and block.month is None
        and not block.years
    )


def which_month(block: ReportBlock, today: date) -> tuple[str, str]:
    """Why a block of `month_unsaid` is held, and how to file it as either month."""
    this = today.month
    last = last_month_of(today).month
    if "period" in block.given:
        said = f"本月完成 {format_amount(block.period_investment_yuan)}"
    elif "week" in block.given:
        said = f"本周完成 {format_amount(block.week_investment_yuan)}"
    else:  # a total alone: on the month's first morning most often last month's final one
        said = f"本年累计完成 {format_amount(block.ytd_investment_yuan)}"
    why = f"今天是{this}月{today.day}日，{said} 没写是哪个月的"
    hint = (
        f"如是{last}月的进度，请回复“{last}月”；如是{this}月的，请回复“确认”或“{this}月”保存；"
        f"{DROP_HINT}。"
    )
    return why, hint


def _same_figures(block: ReportBlock, report: Report, today: date) -> bool:
    """Whether the figures the block types are the report's (at least one typed); a 本周完成
    is compared with the one the report was sent with (it stores the total worked out)."""
    typed = [
        (block.period_investment_yuan, report.period_investment_yuan),
        (block.ytd_investment_yuan, report.ytd_investment_yuan),
    ]
    if block.week_investment_yuan is not None:
        sent = parse_report_message(report.raw_text or "", today)
        typed.append((block.week_investment_yuan, sent[0].week_investment_yuan if sent else None))
    given = [(new, old) for new, old in typed if new is not None]
    return bool(given) and all(new == old for new, old in given)


def _named_a_month(report: Report, ctx: Context) -> bool:
    """Whether the report said itself which month or year it was for (then it was not filed
    by the 1st-of-month rule)."""
    blocks = parse_report_message(report.raw_text or "", ctx.today)
    return any(block.month is not None or block.years for block in blocks)
