"""Figures unlikely enough to ask about (held); those that cannot be right are refused
(handlers.reports.refused_figures).

A held report is not stored: the owner is told why and replies `确认` to store it as it is.
Leaders are shown these figures and they go upward, so a slip of a digit must not pass unseen.
"""

from __future__ import annotations

from datetime import date, timedelta

from core.settings import ReportSettings
from domain.money import ROUNDING_YUAN, format_figures
from domain.money import format_amount as amount
from domain.periods import month_before, parse_period, period_of
from handlers.reports.derived_lower import below_corrected
from handlers.reports.grammar import ReportBlock
from handlers.reports.january import last_years_total
from handlers.reports.rise_since import reported_in
from handlers.reports.unit_slip import month_slip
from storage.repos.reports import Before, Figure

FIRST_DAYS = 6  # a week with one of a month's first days is where last month's come late
LAST_MONTH_OFFER = "；如是{month}月的数字，请回复“{month}月”"
"""Said by a doubt that may be last month's figures sent late: the month is one answer."""
DROP_HINT = "回复“不对”放弃（其间查询不受影响）"
"""How a held report is given up, said by every hint holding one: a look-up (/我的, /项目)
and further reports of the week leave it waiting (handlers.reports.answers)."""
CONFIRM_HINT = f"如数字无误，请回复“确认”保存；{DROP_HINT}。"
FIX_HINT = f"请改正后重新发送；{DROP_HINT}。"  # no 确认 can store it as sent


def doubtful(
    annual: int,
    block: ReportBlock,
    ytd: int | None,
    before: Before,
    period_label: str,
    month_label: str,
    rules: ReportSettings,
    last_year: int | None = None,
) -> str | None:
    """Why a given 本年累计 is unlikely enough to be confirmed first; None when it is plausible.

    `annual` is the project's annual plan for the year the report counts for (0: none),
    `before` what the project reported earlier (its `floor`: the latest cumulative of an
    earlier period that year, `month_base`: the latest of an earlier month), `period_label`
    and `month_label` the week and month (YYYY-MM) the new report counts for, `last_year`
    last year's final cumulative (given for the year's first figure).
    """
    lowered = below_corrected(block, ytd, before.current, parse_period(period_label).end)
    lowered = lowered or month_slip(block, before.month_base)  # `本月完成：0.15`: 亿 meant?
    # a derived figure agrees with 本月完成 (and 本周完成) by construction
    if lowered or ytd is None or block.ytd_investment_yuan is None:
        return lowered
    floor, month_base = before.floor, before.month_base
    unchanged = _as_last_reported(ytd, before)
    return (
        _month_above_rise(block, ytd, month_base, period_label, month_label, unchanged)
        or _week_beside_rise(block, ytd, floor, month_base, period_label)
        or last_years_total(annual, block, ytd, floor, month_label, rules, last_year)
        or _rise_unexplained(
            annual, block, ytd, _latest(floor, month_base), (period_label, month_label), rules
        )
        or _month_below_rise(
            block, ytd, before.month_first, month_base, (period_label, month_label)
        )
    )


MONTH_END_SHARE = 5  # against the rise since last month's end: below it by over a fifth
REFILL = "（本月完成如已不对，请与本年累计一起重填后发送）"


def _typed(block: ReportBlock) -> bool:
    """Whether the block's 本月完成 is the owner's of this message, typed or worked out from
    本周完成, rather than taken over from the report it corrects (`carry.carry_over`)."""
    return bool({"period", "week"} & set(block.given))


def _month_named(block: ReportBlock) -> str:
    """本月完成 as a doubt names it: one taken over untyped says so (the owner changed the
    cumulative alone and may not see why a month's figure is doubted)."""
    return "本月完成" if _typed(block) else "此前所报、本次未重填的本月完成"


def _month_below_rise(
    block: ReportBlock,
    ytd: int,
    first: Figure | None,
    month_base: Figure | None,
    labels: tuple[str, str],
) -> str | None:
    """本月完成 below what the cumulative has risen since last month's end (the 月报表 counts
    the month as that rise), or else since an earlier report of this same month, beyond
    rounding: the month has done at least that much (a week's amount typed as the month's)."""
    month, month_label = block.period_investment_yuan, labels[1]
    start = month_base if month_base and month_base.month == month_before(month_label) else first
    if month is None or start is None or start.ytd_investment_yuan is None:
        return None
    risen = ytd - start.ytd_investment_yuan
    # since last month's end, the month-end figure itself may have been sent a day early
    # (on the 30th, 4000万; the month ended at 4010万): only a 本月完成 well below the rise
    share = 20 if start is first else MONTH_END_SHARE
    if month + max(ROUNDING_YUAN, risen // share) >= risen:
        return None
    then, now = format_figures(start.ytd_investment_yuan, ytd)
    since = "本月已增加的" if start is first else "上月末以来增加的"
    return (
        f"{_month_named(block)} {amount(month)} 少于{since}：{reported_in(start, *labels)}本年累计 "
        f"{then}，本次 {now}，本月至少完成 {amount(risen)}"
        + ("（如是本周完成，请写“本周完成：…”）" if _typed(block) else REFILL)
    )


def _week_beside_rise(
    block: ReportBlock, ytd: int, floor: Figure | None, month_base: Figure | None, period_label: str
) -> str | None:
    """本周完成 with a 本年累计 that rose otherwise since last week's, beyond rounding: one of
    the two figures is wrong (1091万 typed for 991万). Only against the week just before: since
    an older figure the rise holds the weeks between too. In a week spanning two months, the
    earlier month's figure of this same week is a start too: December's first week counted
    from November's month-end figure sent on its Monday."""
    week = block.week_investment_yuan
    if week is None or floor is None or floor.ytd_investment_yuan is None:
        return None
    if floor.period != period_of(parse_period(period_label).start - timedelta(days=7)).label:
        return None
    rise = ytd - floor.ytd_investment_yuan
    starts = [rise]
    if month_base is not None and month_base.period == period_label:
        starts.append(ytd - (month_base.ytd_investment_yuan or 0))
    if any(abs(risen - week) <= max(ROUNDING_YUAN, week // 10) for risen in starts):
        return None
    then, now = format_figures(floor.ytd_investment_yuan, ytd)
    return (
        f"本周完成 {amount(week)} 与本年累计完成对不上：上周已报本年累计 "
        f"{then}，本次 {now}，本周增加 {amount(rise)}"
    )


def _latest(floor: Figure | None, month_base: Figure | None) -> Figure | None:
    """The later of the two: in a week spanning two months, the earlier month's figure of
    this same week comes after the week before's (a rise is reckoned from the last figure)."""
    if floor is None or month_base is None:
        return floor
    later = (month_base.period, month_base.month) > (floor.period, floor.month)
    return month_base if later else floor


def _as_last_reported(ytd: int, before: Before) -> bool:
    """Whether a typed 本年累计 is the very figure reported last, as `/模板` and the reminders
    pre-fill it: an owner who updates 本月完成 often leaves it as it was."""
    latest = before.current or _latest(before.floor, before.month_base)
    return latest is not None and latest.ytd_investment_yuan == ytd


def _month_above_rise(
    block: ReportBlock,
    ytd: int,
    base: Figure | None,
    period_label: str,
    month_label: str,
    unchanged: bool = False,
) -> str | None:
    """本月完成 above what the cumulative rose since an earlier month, beyond rounding: the
    month cannot have added more than that, so one of the two figures is wrong. A cumulative
    left as last reported (`unchanged`) most likely is (the hint gives the figure it would be);
    in a month's first days, the figures may be last month's sent late (the hint says how to
    file them)."""
    month = block.period_investment_yuan
    if month is None or base is None or base.ytd_investment_yuan is None:
        return None
    rise = ytd - base.ytd_investment_yuan
    if month <= rise + max(ROUNDING_YUAN, month // 20):
        return None
    earlier = int(base.month[5:7])
    then, now = format_figures(base.ytd_investment_yuan, ytd)
    text = (
        f"{_month_named(block)} {amount(month)} 与本年累计完成对不上：{earlier}月已报本年累计 "
        f"{then}，本次 {now}，本月只增加 {amount(rise)}"
    )
    if unchanged:
        worked = amount(base.ytd_investment_yuan + month)
        text += (
            f"；本次本年累计与上次所报的相同，如是模板里的数忘了改，按本月完成应为 {worked}，"
            "请改正后重新发送"
        )
    # the week holds one of the month's first days: last month's figures, sent late?
    week, first = parse_period(period_label), date(int(month_label[:4]), int(month_label[5:]), 1)
    early = week.start <= first + timedelta(days=FIRST_DAYS - 1) and week.end >= first
    if early and block.month is None and not block.years:
        last = 12 if first.month == 1 else first.month - 1
        text += LAST_MONTH_OFFER.format(month=last)
    return text


def _rise_unexplained(
    annual: int,
    block: ReportBlock,
    ytd: int,
    floor: Figure | None,
    labels: tuple[str, str],
    rules: ReportSettings,
) -> str | None:
    """本年累计 rising since the last period far beyond 本月完成 (or, without it, beyond a
    share of the annual plan); `labels`: the week and month the new report counts for."""
    if floor is None:  # a first figure has nothing to rise from
        return None
    base = floor.ytd_investment_yuan or 0
    rise = ytd - base
    month = block.period_investment_yuan
    month_label = labels[1]
    if month is not None:
        # since a report of an earlier month, the rest of that month may come on top
        tail = month if floor.month < month_label else 0
        slack = max(tail, int(annual * rules.unexplained_share))
        if rise > month + slack:
            refill = "" if _typed(block) else REFILL
            head = _rise_said(floor, base, ytd, labels)
            return f"{head}，远多于{_month_named(block)} {amount(month)}{refill}"
        return None
    if annual > 0 and rise > annual * rules.period_rise_share:
        share = f"{rules.period_rise_share:.0%}"
        head = _rise_said(floor, base, ytd, labels)
        return f"{head}，一次增加就超过年度计划 {amount(annual)} 的 {share}"
    return None


def _rise_said(floor: Figure, base: int, ytd: int, labels: tuple[str, str]) -> str:
    """The rise as the reply states it (worded only for a report held: most rise as said)."""
    then, now = format_figures(base, ytd)
    since = reported_in(floor, *labels)
    return f"本年累计完成从{since} {then} 升到 {now}（增加 {amount(ytd - base)}）"
