"""Weekly 调度: the Monday opening, the Thursday nudge and the Friday 未报 list."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from sqlalchemy.ext.asyncio import AsyncSession

from core.direct import PERSON_ROLE
from core.settings import GroupSettings
from domain.budget import fits
from domain.holiday_policy import Policy, ahead_of_deadline, is_weekly_day
from domain.periods import DueTime, Period, deadline, moved_for, period_of
from scheduler.audience import by_ids, identities, mentions
from scheduler.context import JobContext, JobResult, Push, occasion
from scheduler.direct import owned_codes, reachable, to_person
from storage.models import Person
from storage.repos import unreported
from storage.repos.unreported import UnitMissing

REMINDER_TEMPLATE = "pushes/weekly_reminder"
CLOSE_TEMPLATES = {"leaders": "pushes/deadline_close", "office": "pushes/deadline_close_office"}


def reminder_due(ctx: JobContext, day: date) -> bool:
    """The week's opening: its first working day on or after the configured weekday."""
    due = DueTime.parse(ctx.settings.schedule.weekly_reminder)
    return is_weekly_day(day, due, ctx.calendar, Policy.NEXT)


def nudge_due(ctx: JobContext, day: date) -> bool:
    """The nudge: the configured weekday, or the last working day before it in the week; a
    deadline a holiday moved earlier takes it along, the usual working days ahead."""
    nudge = DueTime.parse(ctx.settings.schedule.nudge)
    due = DueTime.parse(ctx.settings.schedule.report_deadline)
    return ahead_of_deadline(day, nudge, due, ctx.calendar) == day


def close_due(ctx: JobContext, day: date) -> bool:
    """The deadline day of the week's period (none in a week with no working day)."""
    due = report_deadline(ctx, period_of(day))
    return due is not None and due.date() == day


NEW_YEAR_WEEK_DAYS = 7
"""A January reminder up to this day is the year's first."""


def report_deadline(ctx: JobContext, period: Period) -> datetime | None:
    """The reporting deadline of `period` (None for a week with no working day)."""
    due = DueTime.parse(ctx.settings.schedule.report_deadline)
    return deadline(period, ctx.calendar, **due._asdict())


def moved_by(ctx: JobContext, period: Period) -> str | None:
    """The holiday that moved `period`'s deadline off its usual day (`元旦`), to say why."""
    due = DueTime.parse(ctx.settings.schedule.report_deadline)
    return moved_for(period, ctx.calendar, due.weekday)


async def weekly_reminder(ctx: JobContext, at: datetime) -> JobResult:
    """The period opens: its deadline and an @ of each owner who still owes it a report, on a
    line of their unit (58 names in one block were a wall nobody found themselves in)."""
    day = at.date()
    if not reminder_due(ctx, day):
        return []
    period = period_of(day)
    data = {
        "period": period.chinese,
        "deadline": report_deadline(ctx, period),
        "moved": moved_by(ctx, period),
        "today": day,
        # the year's first reminder: the new 本年累计, and where December's late figures go
        "new_year": day.year - 1 if day.month == 1 and day.day <= NEW_YEAR_WEEK_DAYS else None,
    }
    pushes = []
    async with ctx.db.read() as session:
        # who owes: leave and stand-ins as the nudge counts them; who reported already is done
        units = await _missing(ctx, session, period, at)
        people = await by_ids(session, {pid for unit in units for pid in unit.people})
        data["count"] = len(people)
        for group in ctx.reach("owners", f"每周调度提醒（{period.chinese}）"):
            named = mentions(people, await identities(session, group.platform))
            key = occasion("weekly_reminder", period.label)
            page = _fitted(ctx, group, REMINDER_TEMPLATE, data, units)
            pushes.append(Push.of(ctx, group, key, REMINDER_TEMPLATE, page, named))
    return pushes


def _fitted(
    ctx: JobContext,
    group: GroupSettings,
    template: str,
    data: dict[str, Any],
    units: list[UnitMissing],
) -> dict[str, Any]:
    """`data` with as many units on lines of their own as the group's budget takes (the rest
    summed up on one line): a cut would drop the last lines, people @'d and told nothing."""
    budget = ctx.budget(group.role)
    for shown in range(len(units), -1, -1):
        page = data | _by_unit(units, shown)
        if fits(ctx.render(template, page, None, dialect=group.platform), budget):
            return page
    return page


async def nudge(ctx: JobContext, at: datetime) -> JobResult:
    """@ only the owners still missing this period (and not on leave), grouped by unit."""
    day = at.date()
    if not nudge_due(ctx, day):
        return []
    period = period_of(day)
    due = report_deadline(ctx, period)
    if due is None or at >= due:
        return []
    async with ctx.db.read() as session:
        units = await _missing(ctx, session, period, at)
        total = sum(len(unit.projects) for unit in units)
        if not total:
            return []
        people = await by_ids(session, {pid for unit in units for pid in unit.people})
        pushes = await _nudge_one_to_one(ctx, session, period, units, people, due)
        moved = moved_by(ctx, period)
        for group in ctx.reach("owners", f"催报：{total} 个项目未报（{period.chinese}）"):
            top = ctx.budget(group.role).top
            data = {"period": period.chinese, "deadline": due, "today": day, "total": total}
            data["moved"] = moved
            data |= _by_unit(units, top)
            named = mentions(people, await identities(session, group.platform))
            key = occasion("nudge", period.label)
            pushes.append(Push.of(ctx, group, key, "pushes/nudge", data, named))
    return pushes


async def _nudge_one_to_one(
    ctx: JobContext,
    session: AsyncSession,
    period: Period,
    units: list[UnitMissing],
    people: list[Person],
    due: datetime,
) -> list[Push]:
    """Each owner reachable 1:1 gets the list of their own projects still missing."""
    direct = await reachable(ctx, session, people)
    if not direct:
        return []
    owned = await owned_codes(session, direct)
    missing = {code: name for unit in units for code, name, _ in unit.projects}
    key = occasion("nudge", period.label)
    top = ctx.budget(PERSON_ROLE).top
    pushes = []
    for person in people:
        mine = [missing[code] for code in sorted(owned.get(person.id, set())) if code in missing]
        if person.id not in direct or not mine:
            continue
        bot, account = direct[person.id]
        data = {
            "period": period.chinese,
            "deadline": due,
            "today": due.date(),
            "name": person.name,
            "projects": mine[:top],
            "more": max(0, len(mine) - top),
            "total": len(mine),
        }
        pushes.append(to_person(ctx, bot, account, key, "pushes/nudge_person", data))
    return pushes


async def deadline_close(ctx: JobContext, at: datetime) -> JobResult:
    """On the deadline day: how many projects each unit has not reported, to leaders and office."""
    day = at.date()
    if not close_due(ctx, day):
        return []
    period = period_of(day)
    async with ctx.db.read() as session:
        units = await _missing(ctx, session, period, at)
    total = sum(len(u.projects) for u in units)
    key = occasion("deadline_close", period.label)
    pushes = []
    # The leaders hear the counts; the office, who chases, the same units with who must report.
    for role, template in CLOSE_TEMPLATES.items():
        for group in ctx.reach(role, f"报送截止未报清单（{period.chinese}）"):
            data = {"period": period.chinese, "today": day, "total": total}
            data |= _by_unit(units, ctx.budget(group.role).top)
            pushes.append(Push.of(ctx, group, key, template, data))
    return pushes


async def _missing(
    ctx: JobContext, session: AsyncSession, period: Period, at: datetime
) -> list[UnitMissing]:
    """The period's 未报 by unit, most projects first (as of `at` in a preview)."""
    as_of = ctx.reported_as_of(at)
    units = await unreported.missing(
        session, period.label, period.start, period.end, exempt=_exempt(ctx), as_of=as_of
    )
    units.sort(key=lambda u: (-len(u.projects), u.unit))
    return units


def _by_unit(units: list[UnitMissing], top: int) -> dict[str, Any]:
    """The first `top` units (count and who must report), the rest summed up."""
    shown = [
        {"unit": u.unit, "count": len(u.projects), "people": list(u.people.values())}
        for u in units[:top]
    ]
    others = units[top:]
    names = dict.fromkeys(name for u in others for name in u.people.values())
    rest = {"units": len(others), "count": sum(len(u.projects) for u in others)}
    return {"units": shown, "rest": {**rest, "people": list(names)}}


def _exempt(ctx: JobContext) -> list[str]:
    """Categories with no reporting duty: never missing, never @'d for them."""
    return ctx.settings.reports.not_reporting_categories
