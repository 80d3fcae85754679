"""SQLite for a loop whose thread may wait on it (a DbWorker): the stdlib driver, in place.

SQLAlchemy's asyncio layer needs a dialect that says it is asynchronous; aiosqlite is one, but
it hands every call to a thread of its own and back through the loop (about sixty hops and
greenlet switches per chat report, most of its cost). A DbWorker's loop has a thread to itself,
so there the stdlib driver can run each statement at once, in place (storage.inline_driver):
this dialect is the pysqlite one, declared usable by the asyncio layer.
"""

from __future__ import annotations

import sqlite3
from typing import Any

from sqlalchemy import URL, pool
from sqlalchemy.dialects import registry
from sqlalchemy.dialects.sqlite.pysqlite import SQLiteDialect_pysqlite
from sqlalchemy.engine import make_url

from storage.inline_driver import DRIVER, InPlaceExecution


class _Cursor(sqlite3.Cursor):
    async def _async_soft_close(self) -> None:
        """What the asyncio layer calls when a result is complete: nothing to do in place."""


class _Connection(sqlite3.Connection):
    def cursor(self, factory: Any = _Cursor) -> Any:
        return super().cursor(factory)


class InlineSQLiteDialect(InPlaceExecution, SQLiteDialect_pysqlite):
    """pysqlite, for `create_async_engine` on a thread that may block (a DbWorker's)."""

    supports_statement_cache = True  # SQLAlchemy reads it from each dialect class's own body

    def create_connect_args(self, url: URL) -> Any:
        """pysqlite's arguments, with connections whose cursors the asyncio layer can close."""
        args, kwargs = super().create_connect_args(url)
        return args, {**kwargs, "factory": _Connection}

    @classmethod
    def get_pool_class(cls, url: URL) -> type[pool.Pool]:
        """A queue pool that an asyncio engine can use (StaticPool for an in-memory database)."""
        if cls._is_url_file_db(url):
            return pool.AsyncAdaptedQueuePool
        return pool.StaticPool


registry.register(f"sqlite.{DRIVER}", __name__, InlineSQLiteDialect.__name__)


def inline_url(url: str) -> URL:
    """The same SQLite database, reached through the in-place driver."""
    return make_url(url).set(drivername=f"sqlite+{DRIVER}")
