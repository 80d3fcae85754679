"""Chat reads every light as recorded outside the lights job's hours too.

A recorded light holds from when it was judged until the day ends or the weekly reporting
deadline passes; the daily lights job records them on working days at 09:00 only. The
scheduler's leader records every light again whenever they stopped holding (after midnight,
at weekends, after the Friday deadline), telling nobody, so `/亮灯` and the read API do not
judge every project per request.
"""

from __future__ import annotations

import asyncio
from datetime import datetime
from pathlib import Path

from sqlalchemy import func, select

from core.settings.light_rules import light_rules
from domain.clock import parse_local_time
from domain.lights import holds_since
from scheduler.context import JobContext
from scheduler.election import Leadership
from scheduler.lights_on_record import LightsOnRecord
from scheduler.runner import SchedulerRunner
from storage.models import LightNotice, Project
from storage.repos.recorded_lights import recorded_lights
from tests.support.jobs import seeded_context

SATURDAY = parse_local_time("2025-04-26 10:00")


async def _held(ctx: JobContext, now: datetime) -> tuple[int, int]:
    """(projects whose recorded light holds at `now`, active projects)."""
    rules = light_rules(ctx.settings, ctx.calendar)
    since = holds_since(now, rules.calendar, rules.thresholds)
    async with ctx.db.read() as session:
        holding = await recorded_lights(session, now.date(), None, judged_since=since)
        active = await session.scalar(select(func.count()).where(Project.active.is_(True)))
    return len(holding), int(active or 0)


async def test_lights_are_recorded_again_once_they_stop_holding(ctx: JobContext) -> None:
    kept = LightsOnRecord()
    held, active = await _held(ctx, SATURDAY)
    assert held == 0 and active > 0  # nothing recorded since the day began
    assert await kept.keep(ctx, parse_local_time("2025-04-26 00:01"))
    assert await _held(ctx, SATURDAY) == (active, active)
    assert not await kept.keep(ctx, SATURDAY)  # they still hold: nothing to do
    assert await kept.keep(ctx, parse_local_time("2025-04-28 00:01"))  # a new day
    async with ctx.db.read() as session:  # nobody was told: the warnings still will be
        assert await session.scalar(select(func.count()).select_from(LightNotice)) == 0


async def test_the_friday_deadline_makes_them_recorded_again(ctx: JobContext) -> None:
    kept = LightsOnRecord()
    assert await kept.keep(ctx, parse_local_time("2025-04-25 09:00"))
    assert not await kept.keep(ctx, parse_local_time("2025-04-25 16:59"))
    evening = parse_local_time("2025-04-25 17:01")
    held, active = await _held(ctx, evening)
    assert held == 0  # judged before the week's deadline: 未报送 is not in them yet
    assert await kept.keep(ctx, evening)
    assert await _held(ctx, evening) == (active, active)


async def test_the_elected_scheduler_records_them_as_it_starts(tmp_path: Path) -> None:
    ctx = await seeded_context(tmp_path)
    runner = SchedulerRunner(ctx, Leadership(ctx.db), lambda: SATURDAY)
    runner.jobs = {}
    task = asyncio.create_task(runner.run(check_every=0.05))
    try:
        async with asyncio.timeout(10):
            # nothing there to await: look at the table every 50 ms
            while (await _held(ctx, SATURDAY))[0] == 0:  # noqa: ASYNC110
                await asyncio.sleep(0.05)
    finally:
        task.cancel()
        await asyncio.gather(task, return_exceptions=True)
    held, active = await _held(ctx, SATURDAY)
    await ctx.db.dispose()
    assert held == active
