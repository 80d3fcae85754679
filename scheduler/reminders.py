"""Weekly 调度: the Monday opening, the Thursday nudge and the Friday 未报 list."""

from __future__ import annotations

from datetime import date, datetime

from domain.holiday_policy import Policy, is_weekly_day
from domain.periods import DueTime, Period, deadline, period_of
from scheduler.audience import identities, mentions, owners
from scheduler.context import JobContext, JobResult, Push, occasion
from storage.repos import unreported
from storage.repos.leaves import excused_people


def reminder_due(ctx: JobContext, day: date) -> bool:
    """The week's opening: its first working day on or after the configured weekday."""
    due = DueTime.parse(ctx.settings.schedule.weekly_reminder)
    return is_weekly_day(day, due, ctx.calendar, Policy.NEXT)


def nudge_due(ctx: JobContext, day: date) -> bool:
    """The nudge: the configured weekday, or the last working day before it in the week."""
    due = DueTime.parse(ctx.settings.schedule.nudge)
    return is_weekly_day(day, due, ctx.calendar, Policy.PREVIOUS)


def close_due(ctx: JobContext, day: date) -> bool:
    """The deadline day of the week's period (none in a week with no working day)."""
    due = report_deadline(ctx, period_of(day))
    return due is not None and due.date() == day


def report_deadline(ctx: JobContext, period: Period) -> datetime | None:
    """The reporting deadline of `period` (None for a week with no working day)."""
    due = DueTime.parse(ctx.settings.schedule.report_deadline)
    return deadline(period, ctx.calendar, **due._asdict())


async def weekly_reminder(ctx: JobContext, at: datetime) -> JobResult:
    """The period opens: its deadline and an @ of every owner, in each owners group."""
    day = at.date()
    if not reminder_due(ctx, day):
        return []
    period = period_of(day)
    data = {"period": period.chinese, "deadline": report_deadline(ctx, period)}
    pushes = []
    async with ctx.db.read() as session:
        away = await excused_people(session, period.start, period.end)
        people = [p for p in await owners(session, _exempt(ctx)) if p.id not in away]
        for group in ctx.reach("owners", f"每周调度提醒（{period.chinese}）"):
            named = mentions(people, await identities(session, group.platform))
            key = occasion("weekly_reminder", period.label)
            pushes.append(
                Push.of(
                    ctx, group, key, "pushes/weekly_reminder", {**data, "count": len(named)}, named
                )
            )
    return pushes


async def nudge(ctx: JobContext, at: datetime) -> JobResult:
    """@ only the owners still missing this period (and not on leave)."""
    day = at.date()
    if not nudge_due(ctx, day):
        return []
    period = period_of(day)
    due = report_deadline(ctx, period)
    if due is None or at >= due:
        return []
    async with ctx.db.read() as session:
        units = await unreported.missing(
            session, period.label, period.start, period.end, exempt=_exempt(ctx)
        )
        total = sum(len(unit.projects) for unit in units)
        if not total:
            return []
        names = {name for unit in units for _, _, owners_ in unit.projects for name in owners_}
        people = [p for p in await owners(session) if p.name in names]
        data = {"period": period.chinese, "deadline": due, "units": units, "total": total}
        pushes = []
        for group in ctx.reach("owners", f"催报：{total} 个项目未报（{period.chinese}）"):
            named = mentions(people, await identities(session, group.platform))
            key = occasion("nudge", period.label)
            pushes.append(Push.of(ctx, group, key, "pushes/nudge", data, named))
    return pushes


async def deadline_close(ctx: JobContext, at: datetime) -> JobResult:
    """On the deadline day: the 未报 list per unit to leaders and the office."""
    day = at.date()
    if not close_due(ctx, day):
        return []
    period = period_of(day)
    async with ctx.db.read() as session:
        units = await unreported.missing(
            session, period.label, period.start, period.end, exempt=_exempt(ctx)
        )
    data = {"period": period.chinese, "units": units, "total": sum(len(u.projects) for u in units)}
    key = occasion("deadline_close", period.label)
    return [
        Push.of(ctx, group, key, "pushes/deadline_close", data)
        for role in ("leaders", "office")
        for group in ctx.reach(role, f"报送截止未报清单（{period.chinese}）")
    ]


def _exempt(ctx: JobContext) -> list[str]:
    """Categories with no reporting duty: never missing, never @'d for them."""
    return ctx.settings.reports.not_reporting_categories
