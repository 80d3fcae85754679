"""Setting up: `init`, `db upgrade`, `check-config`, `backup`."""

from __future__ import annotations

import argparse
import asyncio
import logging
from pathlib import Path

from bot.cli.common import VerbError, calendar_warnings, check_calendar, open_database
from core.settings import Settings

log = logging.getLogger(__name__)
EXAMPLE_CONFIG = Path(__file__).resolve().parents[2] / "config.example.toml"


def check_config(settings: Settings) -> int:
    """Settings already parsed; also check the holidays file and that the database answers."""
    warnings = calendar_warnings(settings, check_calendar(settings))

    async def go() -> None:
        db = await open_database(settings, migrate=False)
        await db.dispose()

    asyncio.run(go())
    for warning in warnings:
        print(f"提醒：{warning}")
    print(f"配置检查通过（{len(warnings)} 条提醒）" if warnings else "配置检查通过")
    return 0


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
