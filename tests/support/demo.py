"""The demo ledger (`diaodu demo`'s 145 projects, 77 people, a history of reports) for tests."""

from __future__ import annotations

from datetime import date
from pathlib import Path

from bot.cli.jobs import job_context
from core.settings import Settings
from domain.clock import parse_local_time
from scheduler.context import JobContext
from storage.db import Database
from storage.demo.ledger import DEMO_GROUPS, build_demo_workbook
from storage.demo.reports import seed_demo_history
from storage.ledger import import_ledger
from storage.migrate import upgrade
from tests.support.apps import app_settings

DEMO_YEAR = 2025
DEMO_NOW = "2025-04-24 10:00"


async def demo_context(tmp_path: Path, **overrides: object) -> JobContext:
    """A job context over a fresh demo database, with the demo's local groups."""
    groups = [{"platform": "local", **group} for group in DEMO_GROUPS]
    settings = app_settings(tmp_path, DEMO_NOW, **{"groups": groups, **overrides})
    db = Database(settings.database.url)
    await upgrade(db)
    ledger = tmp_path / "demo-ledger.xlsx"
    build_demo_workbook(ledger, DEMO_YEAR)
    today = parse_local_time(DEMO_NOW).date()
    await import_ledger(db, ledger, today=today)
    await seed_demo_history(db, today, settings.plan.default_curve, entered=date(DEMO_YEAR, 3, 1))
    return job_context(settings, db)


async def build_demo_database(folder: Path) -> None:
    """`folder/chat.db`: the demo ledger and its history, as `app_settings(folder)` names it."""
    context = await demo_context(folder)
    await context.db.dispose()


def demo_app_settings(folder: Path, **overrides: object) -> Settings:
    """Settings of an app over `build_demo_database(folder)`, with the demo's local groups."""
    groups = [{"platform": "local", **group} for group in DEMO_GROUPS]
    return app_settings(folder, DEMO_NOW, **{"groups": groups, **overrides})
