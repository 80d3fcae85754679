"""Exactly one active scheduler, and catch-up that sends nothing twice."""

from __future__ import annotations

import asyncio
from pathlib import Path

from sqlalchemy import func, select

from domain.clock import parse_local_time
from scheduler.election import Leadership
from scheduler.runner import SchedulerRunner, last_fire
from storage.db import Database
from storage.migrate import upgrade
from storage.models import Outbox
from tests.support.jobs import seeded_context


async def test_catch_up_from_two_processes_and_a_restart_queues_once(tmp_path: Path) -> None:
    ctx = await seeded_context(tmp_path)
    other = Database(ctx.settings.database.url)
    await upgrade(other)
    try:
        now = parse_local_time("2025-04-21 10:00")  # an hour after the Monday opening
        runners = [
            SchedulerRunner(ctx, Leadership(ctx.db), lambda: now),
            SchedulerRunner(
                type(ctx)(other, ctx.settings, ctx.calendar, ctx.render),
                Leadership(other),
                lambda: now,
            ),
        ]
        await asyncio.gather(*(runner.catch_up() for runner in runners))
        await runners[0].catch_up()  # a restart catches up again
        async with ctx.db.read() as session:
            keys = (await session.execute(select(Outbox.idempotency_key))).scalars().all()
            count = (await session.execute(select(func.count()).select_from(Outbox))).scalar()
        assert count == len(set(keys))  # every push queued once, whoever ran it
        assert [k for k in keys if k.startswith("weekly_reminder:")] == [
            "weekly_reminder:2025-W17:local:城区项目责任人群"
        ]
        assert any(k.startswith("lights:2025-04-21:") for k in keys)
    finally:
        await other.dispose()
        await ctx.db.dispose()


async def test_last_fire_is_today_or_yesterday(tmp_path: Path) -> None:
    ctx = await seeded_context(tmp_path)
    runner = SchedulerRunner(ctx, Leadership(ctx.db), lambda: parse_local_time("2025-04-21 08:00"))
    job = runner.jobs["weekly_reminder"]
    assert (
        f"{last_fire(job, ctx, parse_local_time('2025-04-21 08:00')):%m-%d %H:%M}" == "04-20 09:00"
    )
    assert (
        f"{last_fire(job, ctx, parse_local_time('2025-04-21 09:30')):%m-%d %H:%M}" == "04-21 09:00"
    )
    await ctx.db.dispose()
