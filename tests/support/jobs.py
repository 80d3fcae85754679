"""Build a job context over a seeded database, the way `diaodu jobs run` does."""

from __future__ import annotations

from pathlib import Path

from sqlalchemy import select

from bot.cli.jobs import job_context
from core.settings import Settings
from domain.clock import parse_local_time
from scheduler.context import JobContext
from storage.db import Database
from storage.migrate import upgrade
from storage.models import Person, Project, Report
from tests.support.apps import app_settings
from tests.support.seed import WAN, seed


async def seeded_context(tmp_path: Path, url: str | None = None, **overrides: object) -> JobContext:
    """A migrated, seeded database and the job context over it."""
    settings: Settings = app_settings(tmp_path, **overrides)
    db = Database(url or settings.database.url)
    await upgrade(db)
    await seed(db)
    return job_context(settings, db)


async def add_report(ctx: JobContext, code: str, mobile: str, at: str, ytd_wan: int) -> int:
    """A progress report of `code` by `mobile`, received at `at` with a year-to-date figure."""
    when = parse_local_time(at)
    async with ctx.db.write() as session:
        project = (await session.execute(select(Project).where(Project.code == code))).scalar_one()
        person = (await session.execute(select(Person).where(Person.mobile == mobile))).scalar_one()
        week = when.isocalendar()
        report = Report(
            project_id=project.id,
            period=f"{week.year}-W{week.week:02d}",
            month=f"{when:%Y-%m}",
            reporter_id=person.id,
            received_at=when,
            ytd_investment_yuan=ytd_wan * WAN,
            progress_text="主体施工",
        )
        session.add(report)
        await session.flush()
        return report.id
