"""Which config file and database a verb works on, and never creating them by accident.

`--config` may stand before or after the verb. Without a config file (and without
DIAODU_DATABASE__URL) a verb that needs the database refuses rather than make an empty
./diaodu.db, and says what it would have used; `init` creates both (and `demo` its own).
"""

from __future__ import annotations

import os
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING

from bot.cli.errors import VerbError
from bot.cli.program import program
from domain.files import cannot_read

if TYPE_CHECKING:
    from core.settings import Settings

DEFAULT_CONFIG = Path("config.toml")
CREATES = frozenset({"init", "serve", "import", "db"})
"""Verbs that create the schema of a configured database that is still empty (SPEC §7)."""
NO_DATABASE = frozenset({"init", "demo", "calendar", "check-config", "doctor"})
"""Verbs that open no database here, or see to it themselves."""


def pull_config(argv: Sequence[str]) -> tuple[Path | None, list[str]]:
    """Take every `--config FILE` / `--config=FILE` out of `argv`, wherever it stands."""
    config: Path | None = None
    rest: list[str] = []
    items = iter(argv)
    for item in items:
        if item == "--config":
            value = next(items, None)
            if value is None or value.startswith("-"):
                raise VerbError("--config 后面要写配置文件的路径，如 --config config.toml", 2)
            config = Path(value)
        elif item.startswith("--config="):
            config = Path(item.removeprefix("--config="))
        else:
            rest.append(item)
    return config, rest


def find_config(explicit: Path | None) -> Path | None:
    """The config file to read: the one named (it must exist), else ./config.toml if present."""
    if explicit is not None:
        if (why := cannot_read(explicit)) is not None:
            from core.settings import ConfigError

            raise ConfigError(str(explicit), [f"无法读取配置文件：{why}（{explicit.resolve()}）"])
        return explicit
    return DEFAULT_CONFIG if DEFAULT_CONFIG.is_file() else None


def sqlite_file(settings: Settings) -> Path | None:
    """The SQLite database file of `settings`, or None for PostgreSQL or an in-memory one."""
    from sqlalchemy.engine import make_url

    url = make_url(settings.database.url)
    if url.get_backend_name() != "sqlite" or url.database in (None, "", ":memory:"):
        return None
    return Path(url.database)


def guard_database(verb: str, settings: Settings, config: Path | None) -> None:
    """Refuse a verb that would create a database nobody asked for; VerbError says why."""
    path = sqlite_file(settings)
    if verb in NO_DATABASE or path is None or path.exists():
        return
    if config is None and "DIAODU_DATABASE__URL" not in os.environ:
        raise VerbError(
            f"没有找到配置文件（{DEFAULT_CONFIG.resolve()}），按默认设置会用数据库 "
            f"{path.resolve()}，它还不存在。\n"
            f"请先运行 {program()} init 生成配置文件并建库，或用 --config 指定已有的配置文件。",
            2,
        )
    if verb not in CREATES:
        where = f"配置文件 {config.resolve()}" if config else "环境变量 DIAODU_DATABASE__URL"
        raise VerbError(
            f"数据库 {path.resolve()} 还不存在（{where}）：请先运行 diaodu init 或导入台账建库。",
            2,
        )
