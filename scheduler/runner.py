"""The scheduler owned by the app: APScheduler cron triggers, run only by the elected leader."""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Callable
from dataclasses import replace
from datetime import datetime, timedelta

from apscheduler.schedulers.asyncio import AsyncIOScheduler
from apscheduler.triggers.base import BaseTrigger
from apscheduler.triggers.cron import CronTrigger
from apscheduler.triggers.interval import IntervalTrigger

from domain.calendar import WorkCalendar
from domain.clock import SHANGHAI
from scheduler import misses
from scheduler.calendar_note import with_calendar_note
from scheduler.context import JobContext, Push
from scheduler.dashboard_link import with_dashboard_link
from scheduler.deliver import deliver
from scheduler.election import Leadership
from scheduler.jobs import Job, build_jobs
from scheduler.lights_on_record import EVERY, LightsOnRecord
from scheduler.misses import Miss, collecting

log = logging.getLogger(__name__)
MISFIRE_GRACE = 6 * 3600  # a run delayed by a busy or restarting process still happens
STEP_DOWN_GRACE = 60.0
"""Seconds a job under way may take to finish when the scheduler steps down (then cancelled)."""
Trigger = Callable[[Job, tuple[int, int]], BaseTrigger]


def daily(job: Job, time_of_day: tuple[int, int]) -> BaseTrigger:
    """A job's trigger: every day at its configured time (the job decides if the day counts)."""
    hour, minute = time_of_day
    return CronTrigger(hour=hour, minute=minute, timezone=SHANGHAI)


async def compute(ctx: JobContext, job: Job, at: datetime) -> list[Push]:
    """One job's pushes for `at`, as they will be sent (calendar note included)."""
    pushes = with_calendar_note(ctx, job.id, at, await job.run(ctx, at))
    return await with_dashboard_link(ctx, at, pushes)


async def compute_noting(ctx: JobContext, job: Job, at: datetime) -> tuple[list[Push], list[Miss]]:
    """The pushes, and what the job meant for someone that no configured group could carry."""
    with collecting() as found:
        pushes = await compute(ctx, job, at)
    return pushes, found


async def record_misses(ctx: JobContext, job: Job, at: datetime, found: list[Miss]) -> None:
    """Keep the misses of a run (once per job and day) for the office's daily list."""
    if found:
        async with ctx.db.write() as session:
            await misses.record(session, job.id, at, found)
        log.warning("job %s at %s: %d messages reached nobody", job.id, at.isoformat(), len(found))


async def run_job(ctx: JobContext, job: Job, at: datetime) -> int:
    """Compute one job's pushes for `at` and queue them; returns how many were new."""
    pushes, found = await compute_noting(ctx, job, at)
    new = await deliver(ctx, pushes, at)
    await record_misses(ctx, job, at, found)
    log.info("job %s at %s: %d pushes, %d new", job.id, at.isoformat(), len(pushes), new)
    return new


def last_fire(job: Job, ctx: JobContext, now: datetime) -> datetime:
    """The most recent time at or before `now` when `job` was due to fire."""
    hour, minute = job.time_of_day(ctx.settings.schedule)
    today = now.replace(hour=hour, minute=minute, second=0, microsecond=0)
    return today if today <= now else today - timedelta(days=1)


class SchedulerRunner:
    """Holds the APScheduler instance while this process is the leader."""

    def __init__(
        self,
        ctx: JobContext,
        leadership: Leadership,
        now: Callable[[], datetime],
        calendar: Callable[[], WorkCalendar] | None = None,
        *,
        trigger: Trigger = daily,
        step_down_grace: float = STEP_DOWN_GRACE,
    ) -> None:
        self.ctx = ctx
        self.leadership = leadership
        self.now = now
        self.calendar = calendar
        """The current calendar (re-read when the holidays file changes), if not ctx's own."""
        self.jobs = build_jobs()
        self.scheduler: AsyncIOScheduler | None = None
        self.trigger = trigger
        self.step_down_grace = step_down_grace
        self._running: set[asyncio.Task[None]] = set()
        self.lights_on_record = LightsOnRecord()

    async def run(self, check_every: float = 2.0) -> None:
        """Elect, schedule, catch up, and step down if leadership is lost; until cancelled."""
        try:
            while True:
                await self.leadership.wait_until_leader()
                log.info("this process runs the scheduled jobs")
                self._start()
                await self.catch_up()
                await self._record_lights()  # after the catch-up: never beside its lights job
                await self._hold(check_every)
                log.warning("this process no longer runs the scheduled jobs")
                await self._stop()
        finally:
            # Shutting down: jobs under way finish (bounded) before the lock goes to another.
            await asyncio.shield(self._stop())
            await self.leadership.release()

    async def _hold(self, check_every: float) -> None:
        """Return when the leadership is lost."""
        while True:
            await asyncio.sleep(check_every)
            if not await self.leadership.still_leader():
                return

    def _start(self) -> None:
        scheduler = AsyncIOScheduler(timezone=SHANGHAI)
        for job in self.jobs.values():
            scheduler.add_job(
                self._fire,
                self.trigger(job, job.time_of_day(self.ctx.settings.schedule)),
                args=[job.id],
                id=job.id,
                coalesce=True,
                max_instances=1,
                misfire_grace_time=MISFIRE_GRACE,
            )
        # Not a job of the table: it pushes nothing; every minute (and once after the catch-up).
        scheduler.add_job(
            self._keep_lights,
            IntervalTrigger(seconds=EVERY, timezone=SHANGHAI),
            id="lights_on_record",
            coalesce=True,
            max_instances=1,
        )
        scheduler.start()
        self.scheduler = scheduler

    async def _stop(self) -> None:
        """Fire nothing more; let the jobs under way finish (bounded), then drop the scheduler."""
        scheduler, self.scheduler = self.scheduler, None
        if scheduler is None:
            return
        scheduler.pause()
        running = set(self._running)
        if running:
            _, late = await asyncio.wait(running, timeout=self.step_down_grace)
            for task in late:
                log.error(
                    "job %s still running after %s s: cancelled",
                    task.get_name(),
                    self.step_down_grace,
                )
                task.cancel()
        scheduler.shutdown(wait=False)

    async def _fire(self, job_id: str) -> None:
        if not self.leadership.fresh():
            # Woken after a stop, say: another process may lead by now and will catch up.
            log.warning("job %s not run: this process cannot confirm it still leads", job_id)
            return
        job = self.jobs[job_id]
        at = last_fire(job, self.ctx, self.now())
        task = asyncio.current_task()  # APScheduler runs a coroutine job as a task of its own
        if task is not None:
            task.set_name(f"job:{job_id}")
            self._running.add(task)
        try:
            await run_job(self._context(), job, at)
        except Exception:
            log.exception("job %s failed", job_id)
        finally:
            if task is not None:
                self._running.discard(task)

    async def _keep_lights(self) -> None:
        """APScheduler's task: keep the lights on record, as a job under way (see `_stop`)."""
        task = asyncio.current_task()
        if task is not None:
            task.set_name("lights-on-record")
            self._running.add(task)
        try:
            await self._record_lights()
        finally:
            if task is not None:
                self._running.discard(task)

    async def _record_lights(self) -> None:
        if not self.leadership.fresh():
            return
        try:
            await self.lights_on_record.keep(self._context(), self.now())
        except Exception:
            log.exception("recording the lights on record failed")

    def _context(self) -> JobContext:
        if self.calendar is None:
            return self.ctx
        return replace(self.ctx, calendar=self.calendar())

    async def catch_up(self) -> None:
        """Run each job's latest due time once: the outbox keys drop what was already queued."""
        ctx = self._context()
        for job in self.jobs.values():
            at = last_fire(job, ctx, self.now())
            try:
                await run_job(ctx, job, at)
            except Exception:
                log.exception("catch-up of job %s failed", job.id)
