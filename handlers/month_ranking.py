"""`/排名 11月`: the units ranked at a month's end, as that month's 晾晒 push ranked them.

`/排名` alone ranks on each project's latest report (the figures move all week); the monthly
push ranks at the month's end, and its list of units stops at ten and sends readers here for
the rest, so the two must be the same table.
"""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

from pydantic import BaseModel, ConfigDict, Field

from core.job_ids import MONTHLY_RANKING
from core.messages import Reply
from domain.dates import latest_year_of
from domain.light_rules import judged_from
from domain.ranks import by_place
from handlers.context import Context
from handlers.reports.when import read_month, read_year
from storage.repos import month_queries, plans, pushed_since

LAST = frozenset({"上月", "上个月", "上月末"})
LAST_YEAR = frozenset({"去年", "上年", "上一年", "上年度"})
THIS_YEAR = frozenset({"今年", "本年", "本年度"})
NEXT_YEAR = frozenset({"明年", "来年", "下年", "下一年", "下年度"})
DECEMBER = 12
NOW = frozenset({"本月", "本周", "当前", "目前", "现在", "最新", *THIS_YEAR})
"""The current ranking, on each project's latest report (`/排名` alone but in January's first
days, when that is last year's full-year ranking)."""


class RankingArgs(BaseModel):
    """`[月份]`."""

    model_config = ConfigDict(extra="forbid")
    month: str | None = Field(default=None, title="月份")


def current_asked(today: date) -> str:
    """How to ask for the current ranking: `/排名`, or `/排名 今年` in January's first days,
    while 序时 is not judged yet and `/排名` alone gives last year's full-year ranking."""
    return "/排名 今年" if judged_from(today) else "/排名"


def month_asked(text: str, today: date) -> tuple[int, int] | str:
    """(year, month) of `11月`, `2026年11月` or `上月`: a month already over; a year (`2026年`,
    `去年`) is its December, the year's final ranking; else why not."""
    if text.strip() in LAST:
        return (today.year, today.month - 1) if today.month > 1 else (today.year - 1, 12)
    if (named := year_named(text, today)) is not None:
        return _year_end(named, today)
    try:
        year, month = read_month(_year_in_digits(text, today))
    except ValueError:  # a unit's name, most often: the ranking lists every unit
        return f"“{text.strip()[:20]}”不是月份；各单位的当前排名请发送“{current_asked(today)}”"
    year = year or latest_year_of(month, today)
    if (year, month) > (today.year, today.month):
        return f"{year}年{month}月还没到；当前排名请发送“{current_asked(today)}”"
    if (year, month) == (today.year, today.month):
        opens = "明天" if (today + timedelta(days=1)).month != month else f"{_next(month)}月1日起"
        now = current_asked(today)
        return f"{year}年{month}月还没结束，月末排名{opens}可查；当前排名请发送“{now}”"
    return year, month


def year_named(text: str, today: date) -> int | None:
    """The year `2026年`, `2026`, `去年`, `明年` or `今年全年` names; None when it names none."""
    said = text.strip().removesuffix("全年").strip()
    if said in LAST_YEAR:
        return today.year - 1
    if said in THIS_YEAR:
        return today.year
    if said in NEXT_YEAR:
        return today.year + 1
    try:
        return read_year(said)
    except ValueError:
        return None


def _year_in_digits(text: str, today: date) -> str:
    """`去年11月`, `明年1月` with the year in digits (`2025年11月`), as `read_month` reads it."""
    said = text.strip()
    years = ((LAST_YEAR, today.year - 1), (THIS_YEAR, today.year), (NEXT_YEAR, today.year + 1))
    for words, year in years:
        for word in sorted(words, key=len, reverse=True):  # `上年度` before `上年`
            if said.startswith(word):
                return f"{year}年{said.removeprefix(word)}"
    return said


def _year_end(year: int, today: date) -> tuple[int, int] | str:
    """A year's final ranking is its December's, once the year is over."""
    if year > today.year:  # the template lists what may be asked instead
        return f"{year}年还没开始，还没有{year}年的排名：排名按{year}年的计划和填报计算"
    if year == today.year:
        opens = "明天" if (today.month, today.day) == (DECEMBER, 31) else f"{year + 1}年1月1日起"
        return f"{year}年还没结束，全年排名{opens}可查；当前排名请发送“{current_asked(today)}”"
    return year, DECEMBER


def _next(month: int) -> int:
    return month % 12 + 1


def example_month(today: date) -> int:
    """The month a usage example names: the last one already over."""
    return 12 if today.month == 1 else today.month - 1


def _examples(today: date) -> dict[str, Any]:
    """The month and the year a usage example names: the last ones already over (`ahead`: the
    reply lists what may be asked instead of the usage)."""
    return {
        "example": example_month(today),
        "last_year": today.year - 1,
        "ahead": False,
        "current": current_asked(today),
    }


async def month_ranking(ctx: Context, text: str) -> Reply:
    """The units ranked by done against 序时 at the end of the month `text` names."""
    asked = month_asked(text, ctx.today)
    if isinstance(asked, str):
        data = {"error": asked, **_examples(ctx.today)}
        named = year_named(text, ctx.today)
        if named is not None and named > ctx.today.year:  # `明年` in December: what there is
            data["ahead"] = True
            data["last_ranked"] = ctx.today.year - 1 in await plans.plan_years(ctx.session)
        return Reply(template="replies/ranking_month", data=data)
    return await _ranked(ctx, *asked)


async def last_years_in_january(ctx: Context) -> Reply | None:
    """`/排名` alone in January's first days (序时 not judged yet, the lights' rule): last
    year's full-year ranking, when last year had a plan to rank on; None otherwise."""
    begins = judged_from(ctx.today)
    last_year = ctx.today.year - 1
    if begins is None or last_year not in await plans.plan_years(ctx.session):
        return None
    return await _ranked(ctx, last_year, DECEMBER, judged_from=begins)


async def _ranked(ctx: Context, year: int, month: int, judged_from: date | None = None) -> Reply:
    """The units ranked at the end of `year`'s `month`; `judged_from`: the ranking is last
    year's full year, given for `/排名` alone before this year's 序时 is judged from then."""
    curve = ctx.settings.plan.default_curve
    units = await month_queries.unit_month(ctx.session, year, month, curve)
    if not any(u.annual for u in units):
        error = f"{year}年没有年度计划，无法按序时排名"
        data = {"error": error, **_examples(ctx.today)}
        return Reply(template="replies/ranking_month", data=data)
    ordered = by_place(units, lambda u: u.ratio, lambda u: u.unit)  # as the 晾晒 numbers them
    units, places = [u for _, u in ordered], [place for place, _ in ordered]
    data = {"error": None, "year": year, "month": month, "units": units, "places": places}
    data["judged_from"] = judged_from
    return Reply(template="replies/ranking_month", data=data | await _as_pushed(ctx, year, month))


async def _as_pushed(ctx: Context, year: int, month: int) -> dict[str, Any]:
    """Whether the ranking is the month's pushed 晾晒: `pushed` (the day it went out, None when
    it did not or is no longer on record) and `since` (reports changed after it)."""
    label = f"{year}-{month:02d}"
    at = await pushed_since.pushed_at(ctx.session, f"{MONTHLY_RANKING}:{label}")
    if at is None:
        return {"pushed": None, "since": 0}
    since = await pushed_since.changed_since(ctx.session, year, month, at)
    return {"pushed": at.astimezone(ctx.now.tzinfo).date(), "since": since}
