"""The monthly 入库纳统 work list (SPEC §9): on the month's first working day the office hears
which started projects are not in the statistics yet, by unit, longest waiting first."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from scheduler.context import JobContext, JobResult, Push, occasion
from scheduler.ranking import ranking_due
from storage.repos.stats_list import StatsUnit, stats_report

JOB = "stats_list"
PER_UNIT = 3  # projects named per unit; the full list is the 月报表's 入库纳统清单 sheet


async def stats_list(ctx: JobContext, at: datetime) -> JobResult:
    """On the first working day of the month: the 入库纳统 list to the office."""
    today = at.date()
    if not ranking_due(ctx, today):
        return []
    grace = ctx.settings.lights.stats_grace_months
    async with ctx.db.read() as session:
        total, units = await stats_report(session, today, grace)
    waiting = [u for u in units if u.waiting]
    if not waiting:
        return []
    groups = ctx.reach("office", f"入库纳统清单（{today.isoformat()}）")
    top = ctx.budget("office").top
    waiting.sort(key=lambda u: (-u.overdue, -len(u.waiting), u.unit))
    data = {
        "today": today,
        "grace": grace,
        "target": ctx.settings.targets.stats_rate,
        "total": total,
        "units": [_unit(u) for u in waiting[:top]],
        "more_units": max(0, len(waiting) - top),
    }
    key = occasion(JOB, f"{today:%Y-%m}")
    return [Push.of(ctx, group, key, "pushes/stats_list", data) for group in groups]


def _unit(unit: StatsUnit) -> dict[str, Any]:
    # longest waiting first: the list is sorted by start day
    return {
        "unit": unit.unit,
        "rate": unit.rate,
        "overdue": unit.overdue,
        "waiting": len(unit.waiting),
        "shown": unit.waiting[:PER_UNIT],
        "more": len(unit.waiting) > PER_UNIT,
    }
