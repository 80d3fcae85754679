"""What each dashboard page shows, read in one reader transaction.

Every project's figures come from one statement (`storage.repos.dashboard_rows`, the same 序时
and done as the project card and the read API, to the yuan) with lights as on record; only
projects with no light on record yet are evaluated. 开复工 is /api/starts' tally; 入统 is
counted in SQL as the digest counts it. Nothing here evaluates every project's light.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from typing import Any

from sqlalchemy.ext.asyncio import AsyncSession

from core.settings import Settings
from domain.display import asked_among
from domain.light_types import LightRules
from domain.periods import last_closed_period, period_of
from domain.plan import schedule_ratio
from domain.stats_due import last_overdue_start
from domain.targets import amount_against, due_and_next
from storage.repos import unreported
from storage.repos.dashboard_links import Viewer
from storage.repos.dashboard_rows import Line, lit_lines
from storage.repos.dashboard_scope import visible_codes, visible_ids
from storage.repos.issue_board import BoardIssue, board
from storage.repos.ranking import UnitRow, unit_ranking
from storage.repos.recorded_lights import recorded_lights
from storage.repos.starts import starts_report
from storage.repos.stats_list import stats_counts

LISTED = 10
"""Rows of a short list on the overview (new reds, overdue issues, 未报 units)."""


@dataclass
class Look:
    """One page request: who looks, when, under which rules and settings."""

    viewer: Viewer
    now: datetime
    rules: LightRules
    settings: Settings
    parts: dict[str, Any] = field(default_factory=dict)
    """Results of the page's queries run side by side before it is built."""

    @property
    def today(self) -> date:
        """The business date of the request."""
        return self.now.date()

    @property
    def curve(self) -> list[int]:
        """The default 序时 curve."""
        return self.settings.plan.default_curve


@dataclass
class Visible:
    """The viewer's projects (ids None: every active project) as dashboard lines."""

    ids: list[int] | None
    lines: list[Line]


async def visible_lines(session: AsyncSession, look: Look) -> Visible:
    """The viewer's projects with figures and lights as on record, by code."""
    ids = await visible_ids(session, look.viewer)
    found = await lit_lines(session, look.now, look.rules, ids)
    return Visible(ids, found)


def totals(look: Look, rows: list[Line]) -> dict[str, Any]:
    """Year totals against the annual plan and 序时, and the [targets] investment lines: the one
    due now (met or not) and the next one (what is still short), as the digest states them."""
    annual = sum(row.annual for row in rows)
    done = sum(row.done for row in rows)
    plan = sum(row.plan for row in rows)
    due, ahead = due_and_next(look.today, look.settings.targets.investment_by_quarter)
    return {
        "projects": len(rows),
        "annual": annual,
        "done": done,
        "plan": plan,
        "ratio": schedule_ratio(done, plan),
        "completion": schedule_ratio(done, annual),
        "due": amount_against(due, done, annual),
        "next": amount_against(ahead, done, annual),
    }


def light_counts(rows: list[Line]) -> dict[str, int]:
    """Projects per light colour."""
    counts = Counter(row.color for row in rows)
    return {color: counts.get(color, 0) for color in ("red", "yellow", "blue")}


def ranking(rows: list[Line]) -> list[UnitRow]:
    """Units ranked by done against 序时, best first (the read API's /api/units rows)."""
    return unit_ranking(rows)


async def starts(session: AsyncSession, look: Look) -> dict[str, Any] | None:
    """开复工 against the [targets] lines (as /api/starts counts it) and 入统 of the viewer's
    units; None for a viewer of projects only."""
    if not look.viewer.sees_all and look.viewer.unit is None:
        return None
    unit_id = None if look.viewer.sees_all else look.viewer.unit_id
    report = await starts_report(session, look.today, look.settings.targets, unit_id)
    total = report.total
    judged = report.targets[total.unit]
    line = last_overdue_start(look.today, look.settings.lights.stats_grace_months)
    stats = await stats_counts(session, line, unit_id)
    return {
        "tally": total,
        "due": judged.due,
        "next": judged.next,
        "resume": judged.resume,
        "started": stats.started,
        "in_stats": stats.in_stats,
        "stats_rate": stats.rate,
        "stats_due": stats.due,
        "stats_due_in": stats.due_in,
        "stats_grace": look.settings.lights.stats_grace_months,
        "stats_overdue": stats.overdue,
    }


async def new_reds(session: AsyncSession, look: Look, rows: list[Line]) -> list[Line]:
    """Projects red now whose light on record before this week's Monday was not red (a
    project with no earlier record is not counted: there is nothing to compare with)."""
    red = [row for row in rows if row.color == "red"]
    if not red:
        return []
    before = period_of(look.today).start - timedelta(days=1)
    earlier = await recorded_lights(session, before, [row.id for row in red])
    return [
        row
        for row in red
        if (light := earlier.get(row.id)) is not None and light.color.value != "red"
    ]


async def issues(
    session: AsyncSession, look: Look, ids: list[int] | None, state: str | None = None
) -> list[BoardIssue]:
    """The viewer's issues, overdue first."""
    return await board(session, look.viewer, ids, look.today, state)


async def missing(session: AsyncSession, look: Look) -> dict[str, Any]:
    """未报 among the viewer's projects, per unit, with the projects: of the last period whose
    deadline has passed, as the digest and the deadline push count it (on a Tuesday the week
    still open is not 未报 yet; before any deadline, the week under way)."""
    due = look.rules.thresholds.report_due
    closed = last_closed_period(look.now, look.rules.calendar, **due._asdict())
    period = closed or period_of(look.today)
    exempt = look.settings.reports.not_reporting_categories
    # every unit's, then the viewer's projects: an owner's may lie outside their own unit
    found = await unreported.missing(
        session, period.label, period.start, period.end, None, exempt=exempt
    )
    codes = await visible_codes(session, look.viewer)
    units = []
    for unit in found:
        projects = [p for p in unit.projects if codes is None or p[0] in codes]
        if projects:
            units.append({"unit": unit.unit, "projects": projects})
    return {
        "period": period.chinese,
        "units": units,
        "total": sum(len(u["projects"]) for u in units),
    }


def overdue_said(issues: list[BoardIssue]) -> str:
    """`逾期 7 个（其中 2 个已申请销号、待专班办公室确认）`: overdue as the leaders' push and
    /问题清单 count it, a 销号 asked for and not yet confirmed still open."""
    overdue = [issue for issue in issues if issue.overdue]
    asked = sum(issue.closing_asked for issue in overdue)
    said = f"逾期 {len(overdue)} 个"
    return f"{said}（{asked_among(asked)}）" if asked else said
