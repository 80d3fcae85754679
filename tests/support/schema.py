"""The current schema made once per test process and copied into each test's database (a
SQLite file copied, a PostgreSQL database cloned from a template): running every migration
cost a test as much as its own work did."""

from __future__ import annotations

import asyncio
import atexit
import shutil
import sqlite3
import tempfile
import threading
import uuid
from collections.abc import Callable, Coroutine
from functools import partial
from pathlib import Path
from typing import Any

from sqlalchemy import text

from storage.db import Database
from storage.migrate import upgrade

_made: dict[str, str] = {}
_dropped: list[tuple[str, str]] = []
_lock = threading.Lock()


def _in_thread(work: Callable[[], Coroutine[Any, Any, None]]) -> None:
    """Run `work` to its end on a loop of its own: the caller may be inside a running loop."""
    failed: list[BaseException] = []

    def run() -> None:
        try:
            asyncio.run(work())
        except BaseException as exc:  # handed to the caller's thread
            failed.append(exc)

    worker = threading.Thread(target=run)
    worker.start()
    worker.join()
    if failed:
        raise failed[0]


async def _migrate(url: str) -> None:
    database = Database(url)
    try:
        await upgrade(database)
    finally:
        await database.dispose()


def _sqlite_template() -> str:
    with _lock:
        if "sqlite" not in _made:
            folder = Path(tempfile.mkdtemp(prefix="diaodu-schema-"))
            atexit.register(shutil.rmtree, folder, True)
            path = folder / "schema.db"
            _in_thread(lambda: _migrate(f"sqlite+aiosqlite:///{path}"))
            _made["sqlite"] = str(path)
        return _made["sqlite"]


def with_schema(db_file: Path) -> None:
    """Give the SQLite file `db_file` the current schema, unless it exists already."""
    if db_file.exists():
        return
    source = sqlite3.connect(_sqlite_template())
    target = sqlite3.connect(db_file)
    try:
        source.backup(target)
    finally:
        target.close()
        source.close()


async def _autocommit(server_url: str, statement: str) -> None:
    admin = Database(server_url)
    try:
        async with admin.engine.connect() as conn:
            await conn.execution_options(isolation_level="AUTOCOMMIT")
            await conn.execute(text(statement))
    finally:
        await admin.dispose()


def pg_template(server_url: str) -> str:
    """The name of this process's migrated template database on the server of `server_url`."""
    with _lock:
        if "postgresql" not in _made:
            name = f"diaodu_tmpl_{uuid.uuid4().hex[:12]}"
            _in_thread(lambda: _autocommit(server_url, f'CREATE DATABASE "{name}"'))
            _dropped.append((server_url, name))
            _in_thread(lambda: _migrate(server_url.rsplit("/", 1)[0] + f"/{name}"))
            _made["postgresql"] = name
        return _made["postgresql"]


def drop_templates() -> None:
    """Drop the template databases this process made (at its session's end: an exit handler
    may be cut short when a test worker is shut down, leaving one on the server)."""
    while _dropped:
        server_url, name = _dropped.pop()
        drop = f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'
        _in_thread(partial(_autocommit, server_url, drop))
