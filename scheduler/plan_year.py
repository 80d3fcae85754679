"""The plan-year check: next year's plans in December, what rolled over in January.

Offices prepare next year's plan in December (`diaodu import` with `2027年计划投资`). From
1 December the office hears on the week's first working day which projects still have no
plan for next year; on the first working day of January it hears once what rolled over (plans
now in force, 续建 projects carried with their owners, leaders and milestones) and what is
missing: a project without a plan for the year is not judged on 序时 until it has one.
"""

from __future__ import annotations

from collections import Counter
from datetime import date, datetime, timedelta

from domain.money import WAN
from scheduler.context import JobContext, JobResult, Push, occasion
from storage.repos.plans import plan_coverage

JOB = "plan_year_check"
DECEMBER, JANUARY = 12, 1


def first_workday_of_year(ctx: JobContext, year: int) -> date:
    """The first working day of January (元旦 and a weekend after it are passed over)."""
    day = date(year, 1, 1)
    while not ctx.calendar.is_workday(day) and day.month == JANUARY:
        day += timedelta(days=1)
    return day


def plan_year_check_due(ctx: JobContext, day: date) -> bool:
    """December: the first working day of each week; January: its first working day."""
    if day.month == DECEMBER:
        days = [d for d in ctx.calendar.workdays_in_week(day) if d.month == DECEMBER]
        return bool(days) and days[0] == day
    return day == first_workday_of_year(ctx, day.year)


async def plan_year_check(ctx: JobContext, at: datetime) -> JobResult:
    """Tell the office which projects have no plan for the coming (or the new) year."""
    day = at.date()
    if not plan_year_check_due(ctx, day):
        return []
    rolled = day.month == JANUARY
    year = day.year if rolled else day.year + 1
    async with ctx.db.read() as session:
        coverage = await plan_coverage(session, year)
    if not coverage.missing and (not rolled or not coverage.planned):
        return []  # all planned (December), or an empty ledger
    iso = day.isocalendar()
    key = occasion(JOB, f"{year}:{'rolled' if rolled else f'{iso.year}-W{iso.week:02d}'}")
    pushes = []
    for group in ctx.groups("office"):
        top = ctx.budget(group.role).top
        data = {
            "year": year,
            "rolled": rolled,
            "coverage": coverage,
            "missing": coverage.missing[:top],
            "more": max(0, len(coverage.missing) - top),
            "by_unit": Counter(m.unit for m in coverage.missing).most_common(),
            # one number for every year: the new year's may differ (SPEC §9)
            "key_target": ctx.settings.targets.key_investment_target_wan * WAN,
        }
        pushes.append(Push.of(ctx, group, key, "pushes/plan_year", data))
    return pushes
