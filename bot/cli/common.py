"""What every verb of the command line shares: the database, the calendar check, and their
error (bot.cli.errors)."""

from __future__ import annotations

import threading
from pathlib import Path
from typing import TYPE_CHECKING, Literal

from sqlalchemy.exc import DBAPIError, OperationalError

from bot.cli.errors import VerbError
from core.settings import HOLIDAYS_FILE, Settings
from domain.calendar import WorkCalendar
from domain.clock import Clock

if TYPE_CHECKING:
    from storage.db import Database

Migrate = Literal["always", "empty", "never"]


def holidays_path(settings: Settings) -> Path:
    """The holidays file (settings default it to holidays.toml beside the config file)."""
    return settings.calendar.holidays_file or Path(HOLIDAYS_FILE)


def check_calendar(settings: Settings) -> WorkCalendar:
    """Load the holidays file now, so a mistake in it stops start-up with its name."""
    try:
        return WorkCalendar.load(holidays_path(settings))
    except (ValueError, OSError) as exc:
        raise VerbError(f"节假日文件有误: {exc}", 2) from exc


def calendar_warnings(settings: Settings, calendar: WorkCalendar) -> list[str]:
    """What `check-config` says while this year's or next year's arrangement is missing."""
    today = Clock.parse(settings.clock.now).today()
    return [
        f"{year} 年的放假调休安排尚未导入（目前只按法定节假日推算，不含调休）："
        f"请运行 diaodu calendar import 通知.txt，写入 {holidays_path(settings).resolve()}"
        for year in calendar.missing_years(today)
    ]


async def open_database(settings: Settings, *, migrate: Migrate = "always") -> Database:
    """Open the configured database, or raise VerbError. `always` creates or upgrades the
    schema (serve, init, db upgrade), `empty` only creates it on an empty database (commands
    that must not change the schema under a running service), `never` leaves it be."""
    # Imported here: the ORM and alembic are for the verbs that open the database.
    from storage.db import Database
    from storage.migrate import SchemaMismatch, create_if_empty, upgrade

    db = Database(settings.database.url, busy_timeout_ms=settings.database.busy_timeout_ms)
    try:
        if migrate == "always":
            await upgrade(db)
        elif migrate == "empty":
            await create_if_empty(db)
        else:
            async with db.engine.connect():
                pass
    except SchemaMismatch as exc:
        await db.dispose()
        raise VerbError(f"数据库 {safe_url(settings)}：{exc}") from exc
    except (OperationalError, DBAPIError, OSError) as exc:
        await db.dispose()
        _failed_connections_stopped()
        raise VerbError(f"无法连接数据库 {safe_url(settings)}: {database_trouble(exc)}") from exc
    return db


def _failed_connections_stopped() -> None:
    """Wait (briefly) for aiosqlite's threads to stop: a connection that failed to open is
    stopped without being waited for, and its thread hands the stop back to the loop, which a
    command's `asyncio.run` closes right after the refusal — a traceback from the thread then."""
    for thread in threading.enumerate():
        if thread.name.endswith("(_connection_worker_thread)"):
            thread.join(timeout=0.5)


def database_trouble(exc: BaseException) -> str:
    """What went wrong with the database, in Chinese where it is the common case."""
    text = str(exc)
    if "database is locked" in text:
        return "数据库正被其他程序占用（另一个导入、备份或维护脚本），请稍后再试"
    if "unable to open database file" in text or "readonly database" in text:
        # the data folder or the file belongs to another user (db upgrade run as root)
        return (
            "无法打开或写入数据库文件：请确认文件和所在文件夹存在，且属于运行本程序的用户"
            "（如 chown -R diaodu:diaodu /var/lib/diaodu）"
        )
    return _first_line(exc)


def safe_url(settings: Settings) -> str:
    """The database URL with any password hidden, for messages."""
    from sqlalchemy.engine import make_url

    return make_url(settings.database.url).render_as_string(hide_password=True)


def _first_line(exc: BaseException) -> str:
    return (str(exc).strip().splitlines() or [type(exc).__name__])[0]
