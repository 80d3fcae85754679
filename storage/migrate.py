"""Create or upgrade the schema with the numbered Alembic migrations."""

from __future__ import annotations

from collections.abc import Callable
from functools import cache
from pathlib import Path

from alembic import command
from alembic.config import Config
from alembic.script import ScriptDirectory
from sqlalchemy import text
from sqlalchemy.engine import Connection

from storage.db import Database

MIGRATIONS = Path(__file__).parent / "migrations"
MIGRATE_LOCK = 0x64696164  # "diad"


def alembic_config(connection: Connection | None = None) -> Config:
    """An Alembic config pointing at our migrations, bound to `connection` if given."""
    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS))
    config.attributes["connection"] = connection
    return config


class SchemaMismatch(Exception):
    """The database's schema is not the one this program is for; the message says what to do."""


NEWER = "数据库结构版本 {have} 比本程序新，请把本程序升级到与数据库一致的版本"


def schema_state(have: str | None) -> tuple[str, str]:
    """(state, head) of a schema at revision `have`: `empty`, `current`, `older` or `newer`."""
    scripts = _scripts()
    head = scripts.get_current_head() or ""
    if have is None:
        return "empty", head
    if have == head:
        return "current", head
    known = {script.revision for script in scripts.walk_revisions()}
    return ("older" if have in known else "newer"), head


@cache
def _scripts() -> ScriptDirectory:
    """The migrations as Alembic reads them: parsed once a process (every start, every CLI
    command and every test's database asks for the head)."""
    return ScriptDirectory.from_config(alembic_config())


async def upgrade(db: Database, revision: str = "head") -> None:
    """Bring the schema up to `revision` (an empty database gets every migration)."""
    have = await current_revision(db)
    state, head = schema_state(have)
    if state == "newer":
        raise SchemaMismatch(NEWER.format(have=have))
    if state == "current" and revision in ("head", head):
        return  # nothing to run: Alembic's environment is not loaded for every start
    await _migrate(db, command.upgrade, revision)


async def create_if_empty(db: Database) -> None:
    """Create the schema on an empty database; one of another version is left for
    `diaodu db upgrade` (a running older service would stop working)."""
    have = await current_revision(db)
    state, head = schema_state(have)
    if state == "empty":
        await upgrade(db)
    elif state == "newer":
        raise SchemaMismatch(NEWER.format(have=have))
    elif state == "older":
        raise SchemaMismatch(
            f"数据库结构是旧版本（{have}，本程序为 {head}）：请先停止服务，"
            "运行 diaodu db upgrade（带上同样的 --config）升级后再试"
        )


async def downgrade(db: Database, revision: str) -> None:
    """Take the schema back to `revision` (what a later migration added is lost)."""
    await _migrate(db, command.downgrade, revision)


async def _migrate(db: Database, action: Callable[[Config, str], None], revision: str) -> None:
    async with db.engine.connect() as conn:
        if not db.is_sqlite:
            # Several web processes may start at once; let one migrate at a time.
            await conn.execute(text("SELECT pg_advisory_xact_lock(:key)"), {"key": MIGRATE_LOCK})
        if db.is_sqlite:
            await conn.run_sync(_foreign_keys, False)
        try:
            await conn.run_sync(lambda sync: action(alembic_config(sync), revision))
            await conn.commit()
        finally:
            if db.is_sqlite:
                await conn.run_sync(_foreign_keys, True)


def _foreign_keys(connection: Connection, on: bool) -> None:
    """Switch SQLite's foreign keys, outside any transaction (inside one it is ignored).

    A batch migration copies a table and drops the old one; with foreign keys on, SQLite first
    deletes the old table's rows, cascading to every table that references it (dropping
    `projects` would take the reports and milestones with it).
    """
    cursor = connection.connection.dbapi_connection.cursor()  # type: ignore[union-attr]
    try:
        cursor.execute(f"PRAGMA foreign_keys={'ON' if on else 'OFF'}")
    finally:
        cursor.close()


async def current_revision(db: Database) -> str | None:
    """The schema's current revision, None for an empty database."""
    from alembic.runtime.migration import MigrationContext

    async with db.engine.connect() as conn:
        return await conn.run_sync(
            lambda sync: MigrationContext.configure(sync).get_current_revision()
        )
