"""Daily 亮灯 warnings (SPEC §4): what changed since the last warning, milestones newly due.

Every working day each project's light is evaluated and kept in light history; a project is
told about only when its `Light.signature` differs from what the warnings last told (and once
when it turns blue again). A project never told about (new in the ledger, or every project on
the first run after an upgrade) is recorded as the baseline without a warning, and the office
hears once that the baseline was set. The owners group gets the changes of every unit, each
unit group its own, the leaders group the reds that are new today.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from datetime import date, datetime, timedelta
from typing import Any

from core.settings import GroupSettings
from core.settings.light_rules import light_rules
from domain.budget import fits
from scheduler.audience import identities, named, project_people
from scheduler.context import JobContext, JobResult, Push, occasion
from scheduler.light_views import attach, baseline_view, fitted, group_view, leaders_view
from scheduler.light_workers import evaluate_all
from storage.models import ProjectLeader, ProjectOwner
from storage.repos.milestone_alerts import milestone_alerts

log = logging.getLogger(__name__)
_STEPS = {"read": "读取", "evaluate": "评定", "record": "记录"}
JOB = "lights"
KEEP = 30  # changes kept per unit from the evaluation: more than any message shows


def lights_due(ctx: JobContext, day: date) -> bool:
    """Every working day (holidays skipped, 调休 weekend days worked)."""
    return ctx.calendar.is_workday(day)


def last_run_day(ctx: JobContext, day: date) -> date:
    """The working day before `day`: the last run, whose news today's run does not repeat."""
    before = day - timedelta(days=1)
    for _ in range(60):
        if ctx.calendar.is_workday(before):
            return before
        before -= timedelta(days=1)
    return before


async def lights(ctx: JobContext, at: datetime, *, dry_run: bool = False) -> JobResult:
    """Record today's lights and warn about what is new or changed since the last warning.

    `dry_run` shows the same messages and records nothing.
    """
    day = at.date()
    if not lights_due(ctx, day):
        return []
    s = ctx.settings
    rules = light_rules(s, ctx.calendar)
    result = await evaluate_all(ctx.db, at, rules, record=not dry_run, keep=KEEP)
    # a one-shot `jobs run lights` prints this to the clerk who ran it: in Chinese
    log.info(
        "亮灯 %s：%d 个项目，变化 %d 个，首次记录 %d 个；%s",
        day,
        sum(sum(counts.values()) for counts in result.colors.values()),
        sum(sum(counts.values()) for counts in result.changed.values()),
        sum(sum(counts.values()) for counts in result.first.values()),
        "、".join(
            f"{_STEPS.get(step, step)} {seconds:.2f} 秒" for step, seconds in result.seconds.items()
        ),
    )
    total = sum(sum(counts.values()) for counts in result.colors.values())
    baseline = total == sum(sum(counts.values()) for counts in result.first.values())
    async with ctx.db.read() as session:
        # On the baseline run nothing is news, milestones included.
        since = last_run_day(ctx, day)
        warn = s.lights.milestone_warn_days
        alerts = [] if baseline else await milestone_alerts(session, day, warn, since)
        groups = [*ctx.groups("owners"), *ctx.unit_groups()]
        turn = since.year < day.year  # the year's first run: see group_view
        views = {
            g.role: group_view(ctx, day, g.role, result, alerts, year_turn=turn) for g in groups
        }
        red_view = leaders_view(ctx, day, result, ctx.budget("leaders").top)
        shown = {pid for view in views.values() for pid in view["project_ids"]}
        owners = await project_people(session, ProjectOwner, shown)
        leaders = await project_people(session, ProjectLeader, red_view["project_ids"])
        accounts = {g.platform: await identities(session, g.platform) for g in s.groups}
    for view in views.values():
        attach(view, owners)
    attach(red_view, leaders)
    key = occasion(JOB, day.isoformat())
    pushes = []
    for group in groups:
        view = views[group.role]
        if view["items"] or view["milestones"]:
            view = fitted(view, _fits_in(ctx, group))
            mentions = named(view["project_ids"], owners, accounts[group.platform])
            pushes.append(Push.of(ctx, group, key, "pushes/lights", view, mentions))
    for group in ctx.groups("leaders") if red_view["items"] else []:
        mentions = named(red_view["project_ids"], leaders, accounts[group.platform])
        pushes.append(Push.of(ctx, group, key, "pushes/lights_red", red_view, mentions))
    if result.first:
        view = baseline_view(ctx, day, result)
        pushes += [
            Push.of(ctx, group, f"{key}:baseline", "pushes/lights_baseline", view)
            for group in ctx.groups("office")
        ]
    return pushes


def _fits_in(ctx: JobContext, group: GroupSettings) -> Callable[[dict[str, Any]], bool]:
    """Whether the lights push with some data fits `group`'s phone budget."""
    budget = ctx.budget(group.role)

    def within(data: dict[str, Any]) -> bool:
        return fits(ctx.render("pushes/lights", data, None, dialect=group.platform), budget)

    return within
