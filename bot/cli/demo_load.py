"""`diaodu demo`'s database: the generated ledger imported, and an office's recent past.

A fresh demo database gets the plan year's reports and, for the last working days, the lights
the daily warnings recorded then (each day judged on the reports received before its run), so
today's warnings tell what changed since yesterday rather than only setting a baseline.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, datetime, time, timedelta
from pathlib import Path

from bot.cli.common import open_database
from bot.cli.jobs import job_context
from core.settings import Settings
from core.settings.light_rules import light_rules
from domain.clock import SHANGHAI
from scheduler.jobs import build_jobs
from scheduler.light_workers import evaluate_all
from storage.db import Database
from storage.demo.live import DemoDay
from storage.demo.reports import seed_demo_history

DECEMBER = 12
NEXT_PLAN_IN_DECEMBER = 0.85
"""Share of the projects under way whose next year's plan a December demo has in."""
LIGHT_DAYS = 5
"""Working days of recorded lights before the demo's day."""


async def load_demo(settings: Settings, day: DemoDay, ledger: Path, folder: Path) -> None:
    """Import the ledger for each plan year; a fresh database also gets its history."""
    from storage.demo.ledger import build_next_plan_workbook
    from storage.ledger import import_ledger

    db = await open_database(settings)
    try:
        result = await import_ledger(db, ledger, today=day.ledger_day, year=day.ledger_year)
        print(result.summary(each=False))  # its own generated ledger: no need to check
        created = bool(result.counts.projects_created)
        # next year's plan as the office imported it in December: mostly in by then, all in
        # once the year has begun (January: last year's ledger, the new year's own plan)
        ahead = day.today.month == DECEMBER or day.today.year > day.ledger_year
        if created and ahead:
            upcoming = folder / f"demo-{day.ledger_year + 1}-plan.xlsx"
            share = 1.0 if day.today.year > day.ledger_year else NEXT_PLAN_IN_DECEMBER
            build_next_plan_workbook(upcoming, day.ledger_year, day.ledger_day, share=share)
            print((await import_ledger(db, upcoming, today=day.today)).summary(each=False))
        if created:
            reports = await _history(settings, db, day)
            print(f"已生成演示填报记录 {reports} 条（{day.entered} 至 {day.today}）")
    finally:
        await db.dispose()


async def _history(settings: Settings, db: Database, day: DemoDay) -> int:
    """The reports, written in slices between the recent lights runs, each run recording
    the lights of its day; how many reports."""
    ctx = job_context(settings, db)
    rules = light_rules(settings, ctx.calendar)
    hour, minute = build_jobs()["lights"].time_of_day(settings.schedule)
    runs = [
        datetime.combine(past, time(hour, minute), SHANGHAI)
        for past in _working_days_before(day.today, ctx.calendar.is_workday)
    ]
    curve = settings.plan.default_curve
    count, since = 0, None
    for until in [*runs, None]:
        count += await seed_demo_history(
            db, day.today, curve, day.entered, this_week=True, received=(since, until)
        )
        if until is not None:
            await evaluate_all(db, until, rules)
        since = until
    return count


def _working_days_before(today: date, is_workday: Callable[[date], bool]) -> list[date]:
    """The last LIGHT_DAYS working days before `today`, oldest first."""
    days: list[date] = []
    past = today
    while len(days) < LIGHT_DAYS:
        past -= timedelta(days=1)
        if is_workday(past):
            days.insert(0, past)
    return days
