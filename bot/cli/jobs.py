"""`diaodu jobs list` and `diaodu jobs run <id> --at … [--dry-run]`."""

from __future__ import annotations

import argparse
import asyncio
import sys
from dataclasses import replace
from datetime import datetime

from bot.adapters.dialects import ESCAPES
from bot.cli.common import VerbError, check_calendar, open_database
from bot.cli.program import command
from bot.render import Renderer
from core.settings import Settings
from domain.calendar import WorkCalendar
from domain.clock import LATEST_YEAR, Clock, parse_local_time
from domain.dates import EARLIEST_YEAR
from scheduler.context import JobContext
from scheduler.deliver import deliver, describe
from scheduler.jobs import Job, build_jobs
from scheduler.runner import compute_noting, record_misses
from storage.db import Database


def job_context(settings: Settings, db: Database) -> JobContext:
    """The context jobs run in, from settings."""
    renderer = Renderer.of(settings, ESCAPES)
    return JobContext(
        db=db,
        settings=settings,
        calendar=WorkCalendar.load(settings.calendar.holidays_file),
        render=renderer.render,
    )


def jobs(args: argparse.Namespace, settings: Settings) -> int:
    """Dispatch `jobs list` / `jobs run`."""
    check_calendar(settings)
    at = _at(settings, args.at)
    if args.action == "list":
        return asyncio.run(_list(settings, at))
    if not args.job:
        raise VerbError('用法: diaodu jobs run <job> --at "YYYY-MM-DD HH:MM" [--dry-run]', 2)
    again = None if args.at else command(f"jobs run {args.job}", args.config)
    return asyncio.run(_run(settings, args.job, at, again, args.dry_run))


def _at(settings: Settings, at_text: str | None) -> datetime:
    """The time `--at` names, else the business clock's now; VerbError for one it cannot be."""
    if at_text is None:
        return Clock.parse(settings.clock.now).now()
    try:
        return parse_local_time(at_text)
    except ValueError as exc:
        years = f"{EARLIEST_YEAR}–{LATEST_YEAR}"
        raise VerbError(
            f'--at “{at_text}” 应写成 "YYYY-MM-DD HH:MM"，年份在 {years} 之间', 2
        ) from exc


async def _list(settings: Settings, now: datetime) -> int:
    db = await open_database(settings, migrate="empty")
    try:
        ctx = job_context(settings, db)
        print(f"业务时间 {now:%Y-%m-%d %H:%M}")
        for job in build_jobs().values():
            run = await job.next_run(ctx, now)
            when = f"{run:%Y-%m-%d %H:%M}" if run else "（一年内无）"
            print(f"{job.id:<16} 下次 {when}  {job.title}")
    finally:
        await db.dispose()
    return 0


async def _next_run(ctx: JobContext, job: Job, now: datetime, again: str) -> str:
    """Without --at the job runs as of now, when it usually has nothing to say: say when it
    runs, and the command (`again`, this one as typed) to preview that run."""
    run = await job.next_run(ctx, now)
    when = f"{run:%Y-%m-%d %H:%M}" if run else "一年内没有"
    return (
        f"按现在（{now:%Y-%m-%d %H:%M}）运行 {job.id}；它下次按计划运行在 {when}。"
        f'要预览那时的推送：{again} --at "{when}" --dry-run'
        if run
        else f"按现在（{now:%Y-%m-%d %H:%M}）运行 {job.id}；它一年内没有按计划的运行。"
    )


async def _run(
    settings: Settings, job_id: str, at: datetime, again: str | None, dry_run: bool
) -> int:
    """Run `job_id` as of `at`; `again`: no --at was given, the command as typed."""
    table = build_jobs()
    job = table.get(job_id)
    if job is None:
        raise VerbError(f"没有任务“{job_id}”，可用: {', '.join(table)}", 2)
    db = await open_database(settings, migrate="empty")
    try:
        ctx = replace(job_context(settings, db), dry_run=dry_run)
        pushes, found = await compute_noting(ctx, job, at)
        if again is not None:
            print(await _next_run(ctx, job, at, again))
        if dry_run:
            print(describe(pushes))
            for miss in found:
                print(f"（未送达）{miss.what} → {miss.target}：{miss.reason}")
            return 0
        new = await deliver(ctx, pushes, at)
        await record_misses(ctx, job, at, found)
        for miss in found:
            print(f"未送达：{miss.what} → {miss.target}：{miss.reason}", file=sys.stderr)
        print(f"{job_id} @ {at:%Y-%m-%d %H:%M}: {len(pushes)} 条推送，新入队 {new} 条")
    finally:
        await db.dispose()
    return 0
