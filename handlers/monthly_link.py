"""`/月报表 [月份]`: the office and leaders get the month's 月报表 (.xlsx) through a personal
link to the dashboard's download, answered only in a 1:1 chat (as `/看板`: a group could open
it). Last month's by default: the one an office sends upward in the month's first days."""

from __future__ import annotations

from datetime import date

from pydantic import BaseModel, ConfigDict, Field

from core.messages import Reply
from core.signed_links import link_url
from domain.dates import EARLIEST_YEAR, last_month_start, latest_year_of
from handlers.commands import Command, Role
from handlers.context import Context
from handlers.month_ranking import LAST
from handlers.reports.when import read_month
from storage.repos import dashboard_links

USAGE = "/月报表 [月份]"
SUMMARY = "私聊机器人获取某月月报表（Excel）的下载链接，不写月份为上月（领导、管理员）"
THIS = frozenset({"本月", "这个月", "当月"})


class MonthlyArgs(BaseModel):
    """`[月份]`."""

    model_config = ConfigDict(extra="forbid")
    month: str | None = Field(default=None, title="月份")


def month_wanted(text: str | None, today: date) -> date | str:
    """The first day of the month `11月`, `2026年11月`, `上月` or `本月` names (none: last
    month's); else why it cannot be given."""
    said = (text or "").strip()
    if not said or said in LAST:
        return last_month_start(today)
    if said in THIS:
        return today.replace(day=1)
    try:
        year, month = read_month(said)
    except ValueError:
        year, month = 0, 0
    if not month or (year is not None and year < EARLIEST_YEAR):
        last = last_month_start(today)  # the example names last month, not a fixed year's
        example = f"请写成“/月报表 {last.month}月”或“/月报表 {last.year}年{last.month}月”"
        return f"“{said[:20]}”不是月份，{example}"
    year = year or latest_year_of(month, today)
    if (year, month) > (today.year, today.month):
        return f"{year}年{month}月还没到，没有月报表"
    return date(year, month, 1)


def _named(month: date, today: date) -> str:
    """`11月`, or `2024年11月` where `11月` alone would mean another year."""
    short = f"{month.month}月"
    return short if month.year == latest_year_of(month.month, today) else f"{month.year}年{short}"


async def on_monthly(ctx: Context, args: MonthlyArgs) -> Reply:
    """A link to the month's 月报表 download, in a 1:1 chat."""
    month = month_wanted(args.month, ctx.today)
    if isinstance(month, str):
        return Reply(template="replies/monthly_report", data={"outcome": "bad", "why": month})
    named = {"year": month.year, "month": f"{month.month}月", "said": _named(month, ctx.today)}
    if ctx.msg.chat_id is not None:
        data = {"outcome": "private", **named}
        return Reply(template="replies/monthly_report", data=data)
    days = ctx.settings.dashboard.link_days
    link = await dashboard_links.issue(
        ctx.session, ctx.person.id, dashboard_links.PERSON, ctx.now, days
    )
    url = link_url(ctx.settings, link.id)
    if url is None:
        return Reply(template="replies/dashboard", data={"outcome": "closed"})
    data = {
        "outcome": "link",
        "url": f"{url}?monthly={month:%Y-%m}",
        **named,
        "so_far": (month.year, month.month) == (ctx.today.year, ctx.today.month),
        "expires": link.expires_at.date(),
        "today": ctx.today,
    }
    return Reply(template="replies/monthly_report", data=data)


def commands() -> list[Command]:
    """The 月报表 command."""
    return [
        Command("月报表", ("monthly", "ybb"), Role.LEADER, MonthlyArgs, on_monthly, USAGE, SUMMARY)
    ]
