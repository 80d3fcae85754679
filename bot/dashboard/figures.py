"""What each dashboard page shows, read in one reader transaction.

Figures and lights come from `storage.repos.standing` with lights as on record, as the read
API's do, so a page and `/api/*` agree; counts of 开复工 and 入统 come from the digest's SQL
aggregation. Nothing here evaluates every project's light.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from typing import Any

from sqlalchemy.ext.asyncio import AsyncSession

from core.settings import Settings
from domain.light_types import LightRules
from domain.periods import period_of
from domain.plan import month_end_plan, schedule_ratio
from scheduler.digest import stats_line
from storage.repos import digest_queries, unreported
from storage.repos.dashboard_links import Viewer
from storage.repos.dashboard_scope import visible_ids
from storage.repos.issue_board import BoardIssue, board
from storage.repos.ranking import UnitRow, unit_ranking
from storage.repos.recorded_lights import recorded_lights
from storage.repos.standing import Standing, standings

QUARTER_ENDS = (3, 6, 9, 12)
LISTED = 10
"""Rows of a short list on the overview (new reds, overdue issues, 未报 units)."""


@dataclass
class Look:
    """One page request: who looks, when, under which rules and settings."""

    viewer: Viewer
    now: datetime
    rules: LightRules
    settings: Settings

    @property
    def today(self) -> date:
        """The business date of the request."""
        return self.now.date()


async def visible_standings(session: AsyncSession, look: Look) -> list[Standing]:
    """The viewer's projects with figures and lights as on record, by code."""
    ids = await visible_ids(session, look.viewer)
    if ids == []:
        return []
    return await standings(session, look.now, look.rules, project_ids=ids, recorded=True)


def totals(rows: list[Standing], look: Look) -> dict[str, Any]:
    """Year totals against the annual plan and 序时, and the next quarterly line."""
    annual = sum(row.project.annual_plan_yuan for row in rows)
    done = sum(row.ytd_done for row in rows)
    plan = sum(row.plan_to_date for row in rows)
    month = next(m for m in QUARTER_ENDS if m >= look.today.month)
    curve = look.settings.plan.default_curve
    target = sum(
        month_end_plan(row.project.annual_plan_yuan, row.project.monthly_plan_yuan, curve, month)
        for row in rows
    )
    return {
        "projects": len(rows),
        "annual": annual,
        "done": done,
        "plan": plan,
        "ratio": schedule_ratio(done, plan),
        "completion": schedule_ratio(done, annual),
        "quarter": f"{'一二三四'[month // 3 - 1]}季度末",
        "quarter_target": target,
        "quarter_share": schedule_ratio(target, annual),
        "quarter_gap": max(target - done, 0),
    }


def light_counts(rows: list[Standing]) -> dict[str, int]:
    """Projects per light colour."""
    counts = Counter(row.light.color.value for row in rows)
    return {color: counts.get(color, 0) for color in ("red", "yellow", "blue")}


async def starts(session: AsyncSession, look: Look) -> dict[str, Any] | None:
    """开复工 and 入统 counts of the viewer's units (None for a viewer of projects only)."""
    if not look.viewer.sees_all and look.viewer.unit is None:
        return None
    grace = look.settings.lights.stats_grace_months
    line = stats_line(look.today, grace)
    curve = look.settings.plan.default_curve
    units = await digest_queries.unit_figures(session, look.today, curve, line)
    if not look.viewer.sees_all:
        units = [u for u in units if u.unit == look.viewer.unit]
    return start_counts(units)


def start_counts(units: list[digest_queries.UnitFigures]) -> dict[str, Any]:
    """开复工率 (新建 started and 续建 resumed over both) and 入统率 of some units."""
    new = sum(u.new for u in units)
    new_started = sum(u.new_started for u in units)
    continuing = sum(u.continuing for u in units)
    resumed = sum(u.resumed for u in units)
    started = sum(u.started for u in units)
    in_stats = sum(u.in_stats for u in units)
    return {
        "new": new,
        "new_started": new_started,
        "continuing": continuing,
        "resumed": resumed,
        "start_rate": schedule_ratio(new_started + resumed, new + continuing),
        "started": started,
        "in_stats": in_stats,
        "stats_rate": schedule_ratio(in_stats, started),
        "stats_overdue": sum(u.stats_overdue for u in units),
    }


async def new_reds(session: AsyncSession, look: Look, rows: list[Standing]) -> list[Standing]:
    """Projects red now whose light on record before this week's Monday was not red (a
    project with no earlier record is not counted: there is nothing to compare with)."""
    red = [row for row in rows if row.light.color.value == "red"]
    if not red:
        return []
    before = period_of(look.today).start - timedelta(days=1)
    earlier = await recorded_lights(session, before, [row.project.id for row in red])
    return [
        row
        for row in red
        if (light := earlier.get(row.project.id)) is not None and light.color.value != "red"
    ]


async def issues(session: AsyncSession, look: Look, state: str | None = None) -> list[BoardIssue]:
    """The viewer's issues, overdue first."""
    ids = await visible_ids(session, look.viewer)
    return await board(session, look.viewer, ids, look.today, state)


async def missing(session: AsyncSession, look: Look, rows: list[Standing]) -> dict[str, Any]:
    """未报 this period among the viewer's projects: per unit, with the projects."""
    period = period_of(look.today)
    exempt = look.settings.reports.not_reporting_categories
    found = await unreported.missing(
        session, period.label, period.start, period.end, None, exempt=exempt
    )
    codes = {row.project.code for row in rows}
    units = []
    for unit in found:
        projects = [p for p in unit.projects if p[0] in codes]
        if projects:
            units.append({"unit": unit.unit, "projects": projects})
    return {
        "period": period.chinese,
        "units": units,
        "total": sum(len(u["projects"]) for u in units),
    }


def ranking(rows: list[Standing]) -> list[UnitRow]:
    """The viewer's units ranked by done against 序时 (the read API's /api/units rows)."""
    return unit_ranking(rows)
