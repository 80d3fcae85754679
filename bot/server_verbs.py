"""`diaodu serve` and `diaodu demo`."""

from __future__ import annotations

import argparse
import asyncio
import logging
from pathlib import Path

from aiohttp import web

from bot.app import create_app
from bot.settings import GroupSettings, Settings
from bot.verbs import check_calendar, open_database

log = logging.getLogger(__name__)
DEMO_YEAR = 2025
DEMO_NOW = "2025-04-24 10:00"  # a Thursday of 城区's 攻坚年, after its plan was issued


def serve(args: argparse.Namespace, settings: Settings) -> int:
    """Create or upgrade the schema, then serve until SIGINT/SIGTERM."""
    check_calendar(settings)
    asyncio.run(_prepare(settings))
    _run(settings)
    return 0


async def _prepare(settings: Settings) -> None:
    db = await open_database(settings)
    await db.dispose()


def _run(settings: Settings) -> None:
    server = settings.server
    log.info("serving on http://%s:%s", server.host, server.port)
    web.run_app(
        create_app(settings),
        host=server.host,
        port=server.port,
        shutdown_timeout=server.shutdown_timeout,
        print=None,
    )


def demo_settings(settings: Settings, folder: Path) -> Settings:
    """The demo's settings: local simulator on, ./demo.db, local groups, a frozen clock."""
    from storage.demo_ledger import DEMO_GROUPS

    database = settings.database
    if database.url == type(database)().url:  # not configured: use the demo's own file
        database = database.model_copy(update={"url": f"sqlite+aiosqlite:///{folder / 'demo.db'}"})
    groups = settings.groups or [GroupSettings(platform="local", **group) for group in DEMO_GROUPS]
    return settings.model_copy(
        update={
            "database": database,
            "local": settings.local.model_copy(update={"enabled": True}),
            "clock": settings.clock.model_copy(update={"now": settings.clock.now or DEMO_NOW}),
            "groups": groups,
        }
    )


def demo(args: argparse.Namespace, settings: Settings) -> int:
    """Generate the demo ledger, load it into ./demo.db and serve with the simulator."""
    from storage.demo_ledger import build_demo_workbook
    from storage.ledger import import_ledger

    folder: Path = args.dir
    folder.mkdir(parents=True, exist_ok=True)
    settings = demo_settings(settings, folder)
    ledger = folder / "demo-ledger.xlsx"
    summary = build_demo_workbook(ledger, DEMO_YEAR)

    async def load() -> None:
        from domain.clock import Clock

        db = await open_database(settings)
        try:
            today = Clock.parse(settings.clock.now).today()
            result = await import_ledger(db, ledger, today=today)
            print(result.summary())
        finally:
            await db.dispose()

    asyncio.run(load())
    print(f"演示台账 {ledger}: {summary}")
    if args.no_serve:
        return 0
    print(f"打开 http://{settings.server.host}:{settings.server.port}/ 使用聊天模拟器")
    _run(settings)
    return 0
