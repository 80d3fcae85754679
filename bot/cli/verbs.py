"""What each `diaodu` verb does (the parser lives in bot/cli.py)."""

from __future__ import annotations

import argparse
import asyncio
import logging
from collections.abc import Callable
from pathlib import Path

from sqlalchemy.exc import DBAPIError, OperationalError

from core.settings import Settings
from storage.db import Database
from storage.migrate import upgrade

log = logging.getLogger(__name__)
EXAMPLE_CONFIG = Path(__file__).resolve().parents[2] / "config.example.toml"


class VerbError(Exception):
    """A verb failed in a way the user can act on; the message is printed alone."""

    def __init__(self, message: str, exit_code: int = 1) -> None:
        super().__init__(message)
        self.exit_code = exit_code


def run(args: argparse.Namespace, settings: Settings) -> int:
    """Dispatch to the verb named on the command line."""
    from bot.cli import jobs as jobs_verbs
    from bot.cli import ledger as ledger_verbs
    from bot.cli import outbox as outbox_verbs
    from bot.cli import server as server_verbs

    table: dict[str, Callable[[argparse.Namespace, Settings], int]] = {
        "init": init,
        "serve": server_verbs.serve,
        "demo": server_verbs.demo,
        "import": ledger_verbs.import_file,
        "export": ledger_verbs.export_file,
        "db": db_upgrade,
        "jobs": jobs_verbs.jobs,
        "outbox": outbox_verbs.run,
        "backup": backup,
    }
    return table[args.verb](args, settings)


def check_config(settings: Settings) -> int:
    """Settings already parsed; also check the holidays file and that the database answers."""
    check_calendar(settings)

    async def go() -> None:
        db = await open_database(settings, migrate=False)
        await db.dispose()

    asyncio.run(go())
    print("配置检查通过")
    return 0


def check_calendar(settings: Settings) -> None:
    """Load the holidays file now, so a mistake in it stops start-up with its name."""
    from domain.calendar import WorkCalendar

    try:
        WorkCalendar.load(settings.calendar.holidays_file)
    except (ValueError, OSError) as exc:
        raise VerbError(f"节假日文件有误: {exc}", 2) from exc


async def open_database(settings: Settings, *, migrate: bool = True) -> Database:
    """Open (and by default create or upgrade) the configured database, or raise VerbError."""
    db = Database(settings.database.url, busy_timeout_ms=settings.database.busy_timeout_ms)
    try:
        if migrate:
            await upgrade(db)
        else:
            async with db.engine.connect():
                pass
    except (OperationalError, DBAPIError, OSError) as exc:
        await db.dispose()
        raise VerbError(f"无法连接数据库 {_safe_url(settings)}: {_first_line(exc)}") from exc
    return db


def db_upgrade(args: argparse.Namespace, settings: Settings) -> int:
    """`diaodu db upgrade`: create or upgrade the schema."""

    async def go() -> None:
        db = await open_database(settings)
        await db.dispose()

    asyncio.run(go())
    print("数据库已是最新结构")
    return 0


def init(args: argparse.Namespace, settings: Settings) -> int:
    """`diaodu init`: write config.toml from the example (if absent) and create the schema."""
    target = args.config or Path("config.toml")
    if not target.exists():
        target.write_text(EXAMPLE_CONFIG.read_text(encoding="utf-8"), encoding="utf-8")
        print(f"已生成配置文件 {target}，请按注释修改")
    return db_upgrade(args, settings)


def backup(args: argparse.Namespace, settings: Settings) -> int:
    """`diaodu backup [FILE]`: a consistent copy of the SQLite database (VACUUM INTO)."""
    import sqlite3
    from datetime import datetime

    from sqlalchemy.engine import make_url

    if not settings.database.url.startswith("sqlite"):
        raise VerbError("PostgreSQL 请使用 pg_dump 备份（diaodu backup 只处理 SQLite）")
    source = make_url(settings.database.url).database
    if not source or not Path(source).exists():
        raise VerbError(f"数据库文件 {source} 不存在")
    stamp = datetime.now().astimezone().strftime("%Y%m%d-%H%M%S")
    target: Path = args.file or Path(f"diaodu-backup-{stamp}.db")
    if target.exists():
        raise VerbError(f"{target} 已存在，不覆盖")
    with sqlite3.connect(source) as conn:
        conn.execute("VACUUM INTO ?", (str(target),))
    print(f"已备份到 {target}")
    return 0


def _safe_url(settings: Settings) -> str:
    from sqlalchemy.engine import make_url

    return make_url(settings.database.url).render_as_string(hide_password=True)


def _first_line(exc: BaseException) -> str:
    return (str(exc).strip().splitlines() or [type(exc).__name__])[0]
