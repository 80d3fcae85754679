"""Build a job context over a seeded database, the way `diaodu jobs run` does."""

from __future__ import annotations

from pathlib import Path

from bot.cli.jobs import job_context
from core.settings import Settings
from scheduler.context import JobContext
from storage.db import Database
from storage.migrate import upgrade
from tests.support.apps import app_settings
from tests.support.seed import seed


async def seeded_context(tmp_path: Path, url: str | None = None, **overrides: object) -> JobContext:
    """A migrated, seeded database and the job context over it."""
    settings: Settings = app_settings(tmp_path, **overrides)
    db = Database(url or settings.database.url)
    await upgrade(db)
    await seed(db)
    return job_context(settings, db)
