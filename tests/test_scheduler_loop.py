"""The runner on APScheduler's real loop: a job fires; stepping down lets a job under way end."""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Callable
from datetime import date, datetime, timedelta
from pathlib import Path

import pytest
from apscheduler.triggers.base import BaseTrigger
from apscheduler.triggers.date import DateTrigger
from sqlalchemy import text

from domain.clock import SHANGHAI, parse_local_time
from scheduler.context import JobContext, JobResult
from scheduler.election import Leadership
from scheduler.jobs import Job
from scheduler.runner import SchedulerRunner
from storage.db import Database
from tests.support.jobs import seeded_context

NOW = parse_local_time("2025-04-21 10:00")


def soon(job: Job, time_of_day: tuple[int, int]) -> BaseTrigger:
    """Fire once, a moment from now (instead of at the job's time of day)."""
    return DateTrigger(run_date=datetime.now(SHANGHAI) + timedelta(seconds=0.2))


class SlowJob:
    """A job whose run when fired (not the catch-up at start) takes `seconds`."""

    def __init__(self, seconds: float) -> None:
        self.seconds = seconds
        self.calls = 0
        self.started = asyncio.Event()
        self.finished: list[datetime] = []
        self.cancelled = False

    async def run(self, ctx: JobContext, at: datetime) -> JobResult:
        self.calls += 1
        if self.calls != 2:  # the catch-up when a process becomes leader
            return []
        self.started.set()
        try:
            await asyncio.sleep(self.seconds)
        except asyncio.CancelledError:
            self.cancelled = True
            raise
        self.finished.append(at)
        return []

    def job(self) -> Job:
        return Job("slow", "慢任务", lambda schedule: "09:00", _every_day, self.run)


def _every_day(ctx: JobContext, day: date) -> bool:
    return True


async def _runner(ctx: JobContext, slow: SlowJob, **options: float) -> SchedulerRunner:
    runner = SchedulerRunner(ctx, Leadership(ctx.db), lambda: NOW, trigger=soon, **options)
    runner.jobs = {"slow": slow.job()}
    return runner


async def _stopped(task: asyncio.Task[None]) -> None:
    task.cancel()
    await asyncio.gather(task, return_exceptions=True)


async def test_a_job_fires_on_the_schedulers_own_loop(
    tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    ctx = await seeded_context(tmp_path)
    runner = SchedulerRunner(ctx, Leadership(ctx.db), lambda: NOW, trigger=soon)
    runner.jobs = {"weekly_reminder": runner.jobs["weekly_reminder"]}
    runs: Callable[[], int] = lambda: sum(  # noqa: E731
        "job weekly_reminder at" in record.getMessage() for record in caplog.records
    )
    with caplog.at_level(logging.INFO, logger="scheduler.runner"):
        task = asyncio.create_task(runner.run(check_every=0.05))
        try:
            await _until(lambda: runs() >= 2)  # the catch-up, then the fire
        finally:
            await _stopped(task)
        await ctx.db.dispose()


async def test_stepping_down_lets_a_job_under_way_finish(tmp_path: Path) -> None:
    ctx = await seeded_context(tmp_path)
    slow = SlowJob(0.5)
    task = asyncio.create_task((await _runner(ctx, slow)).run(check_every=0.05))
    await asyncio.wait_for(slow.started.wait(), 10)
    await _stopped(task)  # the process shuts down while the job runs
    assert slow.finished == [NOW.replace(hour=9)]
    assert not slow.cancelled
    await ctx.db.dispose()


async def test_a_job_that_outlasts_the_grace_is_cancelled(tmp_path: Path) -> None:
    ctx = await seeded_context(tmp_path)
    slow = SlowJob(60)
    task = asyncio.create_task((await _runner(ctx, slow, step_down_grace=0.1)).run(0.05))
    await asyncio.wait_for(slow.started.wait(), 10)
    await asyncio.wait_for(_stopped(task), 10)
    assert slow.cancelled
    assert slow.finished == []
    await ctx.db.dispose()


@pytest.mark.postgres
async def test_losing_leadership_waits_for_the_job_then_runs_for_election_again(
    tmp_path: Path, db_url: str, caplog: pytest.LogCaptureFixture
) -> None:
    if not db_url.startswith("postgresql"):
        pytest.skip("leadership is only lost on PostgreSQL")
    ctx = await seeded_context(tmp_path, db_url)
    slow = SlowJob(0.5)
    runner = await _runner(ctx, slow)
    with caplog.at_level(logging.INFO, logger="scheduler.runner"):
        task = asyncio.create_task(runner.run(check_every=0.05))
        try:
            await asyncio.wait_for(slow.started.wait(), 10)
            await _kill_lock_holder(ctx.db)  # the leader's connection dies mid-job
            await _until(lambda: _said(caplog, "no longer runs") and bool(slow.finished))
            assert not slow.cancelled
            await _until(lambda: _said(caplog, "runs the scheduled jobs", times=2))
        finally:
            await _stopped(task)
    await ctx.db.dispose()


async def _kill_lock_holder(db: Database) -> None:
    async with db.engine.connect() as conn:
        await conn.execute(
            text(
                "SELECT pg_terminate_backend(pid) FROM pg_locks WHERE locktype = 'advisory'"
                " AND database = (SELECT oid FROM pg_database WHERE datname = current_database())"
            )
        )
        await conn.commit()


def _said(caplog: pytest.LogCaptureFixture, words: str, times: int = 1) -> bool:
    return sum(words in record.getMessage() for record in caplog.records) >= times


async def _until(ready: Callable[[], bool], within: float = 10.0) -> None:
    """Wait for what the log or a job shows (nothing there to await: look every 20 ms)."""
    async with asyncio.timeout(within):
        while not ready():  # noqa: ASYNC110
            await asyncio.sleep(0.02)
