"""A correction whose total is worked out (from 本周完成 or 本月完成) and comes out below the
total the report it corrects gave: `累计完成：4.02亿` sent, then `本周完成：300万` in the same
week made 3.978亿 (last week's total and the week's amount), lowering the figure just reported
without a word. Most often the owner meant the amount on top of it; asked, never assumed."""

from __future__ import annotations

from datetime import date

from domain.money import ROUNDING_YUAN, format_exact, format_figures
from domain.money import format_figure as figure
from handlers.reports.grammar import ReportBlock, parse_report_message
from storage.repos.reports import Figure


def below_corrected(
    block: ReportBlock, ytd: int | None, current: Figure | None, today: date
) -> str | None:
    """Why a worked-out total below the corrected report's typed one is doubtful; None
    otherwise: a total typed in the block may be lower (it is the owner's correction), and so
    may one worked out again from a corrected amount (`本周完成：80万` after `本周完成：100万`)."""
    if ytd is None or "ytd" in block.given or current is None:
        return None
    then = current.ytd_investment_yuan
    if then is None or ytd >= then - ROUNDING_YUAN:
        return None
    if block.week_investment_yuan is not None:
        field, said, added = "week", "本周完成", block.week_investment_yuan
    elif block.period_investment_yuan is not None:
        field, said, added = "period", "本月完成", block.period_investment_yuan
    else:
        return None
    # the corrected report's total typed, not gone with the amount now corrected
    sent = parse_report_message(current.raw_text, today)
    if not sent or "ytd" not in sent[0].given or field in sent[0].given:
        return None
    # the figure to copy is exact (40620万元, not 4.06亿元: that would be stored 20万 short),
    # and the two it is worked from are shown so too where either must be, to add up on sight
    worked, typed = format_figures(ytd, then)
    return (
        f"按{said} {figure(added)} 推算的本年累计完成 {worked} 低于本周已报的 "
        f"{typed}；如{figure(added)}是在 {typed} 之外新增的，"
        f"请写“本年累计完成：{format_exact(then + added)}”重发"
    )
