"""Setting up: `init`, `db upgrade`, `check-config`, `backup`."""

from __future__ import annotations

import argparse
import asyncio
import logging
from pathlib import Path

from bot.cli.common import VerbError, calendar_warnings, check_calendar, open_database, safe_url
from core.settings import Settings
from domain.files import why_unwritable

log = logging.getLogger(__name__)
EXAMPLE_CONFIG = Path(__file__).resolve().parents[2] / "config.example.toml"


def check_config(settings: Settings, config: Path | None) -> int:
    """Settings already parsed; also the holidays file, the database, and what is missing."""
    from bot.cli.where import sqlite_file
    from bot.template_check import override_problems

    warnings = [
        *setup_warnings(settings),
        *calendar_warnings(settings, check_calendar(settings)),
        *override_problems(settings.templates.override_dir),
    ]
    print(f"配置文件：{config.resolve() if config else '（未找到，使用默认设置和环境变量）'}")
    print(f"数据库：{safe_url(settings)}")
    database = sqlite_file(settings)
    if database is not None and not database.exists():
        warnings.append(f"数据库文件 {database.resolve()} 还不存在：运行 diaodu init 建库")
    else:

        async def go() -> None:
            db = await open_database(settings, migrate="never")
            await db.dispose()

        asyncio.run(go())
    for warning in warnings:
        print(f"提醒：{warning}")
    print(f"配置检查通过（{len(warnings)} 条提醒）" if warnings else "配置检查通过")
    return 0


def setup_warnings(settings: Settings) -> list[str]:
    """What an office has not set up yet, each naming the key to set."""
    warnings = []
    if not settings.groups:
        warnings.append(
            "没有配置任何群（[[groups]]）：定时提醒和通知无处可发，请按示例添加 [[groups]]"
        )
    if not settings.bots and not settings.local.enabled:
        warnings.append(
            "没有配置任何机器人（[[bots]]）：群里的填报和命令无人接收，请按示例添加 [[bots]]"
        )
    if settings.dashboard.token is None:
        warnings.append(
            "没有设置看板口令（[dashboard] token，或环境变量 DIAODU_DASHBOARD__TOKEN）："
            "领导看板和 /api 不可用"
        )
    return warnings


def db_upgrade(args: argparse.Namespace, settings: Settings) -> int:
    """`diaodu db upgrade`: create or upgrade the schema."""
    from storage.migrate import current_revision  # alembic: for this verb, not check-config

    async def go() -> tuple[str | None, str | None]:
        db = await open_database(settings, migrate="never")
        try:
            before = await current_revision(db)
        finally:
            await db.dispose()
        db = await open_database(settings)
        try:
            return before, await current_revision(db)
        finally:
            await db.dispose()

    before, after = asyncio.run(go())
    if before is None:
        print(f"数据库已建好（结构版本 {after}）")
    elif before != after:
        print(f"数据库结构已从 {before} 升级到 {after}")
    else:
        print(f"数据库已是最新结构（{after}），无需升级")
    return 0


def init(config: Path | None) -> int:
    """`diaodu init`: write the config file from the example (if absent), then create the schema."""
    from core.settings import load_settings

    target = config or Path("config.toml")
    if not target.exists():
        try:
            target.write_text(EXAMPLE_CONFIG.read_text(encoding="utf-8"), encoding="utf-8")
        except OSError as exc:
            raise VerbError(f"无法写出配置文件 {target}：{why_unwritable(exc)}") from exc
        print(f"已生成配置文件 {target.resolve()}，请按注释修改")
    else:
        print(f"使用已有的配置文件 {target.resolve()}")
    settings = load_settings(target)

    async def go() -> None:
        db = await open_database(settings)
        await db.dispose()

    asyncio.run(go())
    print(f"数据库已建好：{safe_url(settings)}")
    return 0
