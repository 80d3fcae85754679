"""包保领导每周至少调度一次 (SPEC §9): `leader_weekly` gives each 包联 leader their own projects.

One message to the leaders group (no platform lets a group robot write 1:1), a block per leader
with an @: their projects by light, the lights that changed over the week, open and overdue
issues, and 应开未开 among them. The figures are `storage.repos.leader_week`'s.
"""

from __future__ import annotations

from dataclasses import replace
from datetime import date, datetime

from domain.holiday_policy import Policy, is_weekly_day
from domain.periods import DueTime, period_of
from scheduler.audience import identities, mentions
from scheduler.context import JobContext, JobResult, Push, occasion
from scheduler.digest import rules_of
from scheduler.digest_views import labels
from storage.repos.leader_week import leader_weeks

JOB = "leader_weekly"


def leader_weekly_due(ctx: JobContext, day: date) -> bool:
    """The week's first working day on or after the configured weekday."""
    due = DueTime.parse(ctx.settings.schedule.leader_weekly)
    return is_weekly_day(day, due, ctx.calendar, Policy.NEXT)


async def leader_weekly(ctx: JobContext, at: datetime) -> JobResult:
    """Each leader's week in the leaders group(s), once a week."""
    today = at.date()
    if not leader_weekly_due(ctx, today):
        return []
    groups = ctx.reach("leaders", f"包联领导周调度（{today.isoformat()}）")
    if not groups:
        return []
    top = ctx.budget("leaders").top
    async with ctx.db.read() as session:
        weeks = await leader_weeks(session, at, rules_of(ctx))
        accounts = {g.platform: await identities(session, g.platform) for g in groups}
    if not weeks:
        return []
    shown = weeks[:top]
    data = {
        "today": today,
        "labels": labels(ctx),
        "leaders": shown,
        "more": len(weeks) - len(shown),
        # as the lights push's first run of the year says it: the better ones are not news
        "year_turn": any(week.better_unlisted for week in shown),
        # no lights on record a week ago: say so instead of a comparison never made
        "compared": any(week.compared for week in shown),
    }
    key = occasion(JOB, period_of(today).label)
    people = [week.leader for week in shown]
    # the dashboard link opens each leader's own projects (scheduler.leader_links)
    names = tuple(person.name for person in people)
    return [
        replace(
            Push.of(
                ctx, g, key, "pushes/leader_weekly", data, mentions(people, accounts[g.platform])
            ),
            leaders=names,
        )
        for g in groups
    ]
