"""PostgreSQL for a loop whose thread may wait on it (a DbWorker): psycopg's own driver, in place.

As storage.inline_sqlite does for SQLite: asyncpg hands every statement to the loop and back
(a greenlet switch and the protocol's callbacks each time); a DbWorker's loop has its thread to
itself, so there psycopg's synchronous connection can run each statement at once, releasing
the GIL while PostgreSQL works. This dialect is psycopg's, declared usable by the asyncio layer.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import psycopg
from sqlalchemy import URL, pool
from sqlalchemy.dialects import registry
from sqlalchemy.dialects.postgresql.psycopg import PGDialect_psycopg
from sqlalchemy.engine import make_url
from sqlalchemy.engine.interfaces import DBAPICursor, ExecutionContext
from sqlalchemy.util import await_
from sqlalchemy.util.concurrency import in_greenlet

DRIVER = "inline"


class _Cursor(psycopg.Cursor[Any]):
    async def _async_soft_close(self) -> None:
        """What the asyncio layer calls when a result is complete: nothing to do in place."""


class InlinePsycopgDialect(PGDialect_psycopg):
    """psycopg, for `create_async_engine` on a thread that may block (a DbWorker's)."""

    driver = DRIVER
    is_async = True
    supports_statement_cache = True

    @classmethod
    def get_async_dialect_cls(cls, url: URL) -> type[InlinePsycopgDialect]:
        """This dialect itself (psycopg's would hand over its asyncio one)."""
        return cls

    def connect(self, *args: Any, **kwargs: Any) -> Any:
        """psycopg's connection, with cursors the asyncio layer can close."""
        connection = super().connect(*args, **kwargs)
        connection.cursor_factory = _Cursor
        return connection

    @classmethod
    def get_pool_class(cls, url: URL) -> type[pool.Pool]:
        """A queue pool that an asyncio engine can use."""
        return pool.AsyncAdaptedQueuePool

    def do_execute(
        self,
        cursor: DBAPICursor,
        statement: str,
        parameters: Any,
        context: ExecutionContext | None = None,
    ) -> None:
        """Run a statement in place (having awaited, inside the asyncio layer's greenlet)."""
        if in_greenlet():
            await_(_done())
        cursor.execute(statement, parameters)

    def do_executemany(
        self,
        cursor: DBAPICursor,
        statement: str,
        parameters: Sequence[Any],
        context: ExecutionContext | None = None,
    ) -> None:
        """Run a statement for many parameter sets in place."""
        if in_greenlet():
            await_(_done())
        cursor.executemany(statement, parameters)

    def do_execute_no_params(
        self, cursor: DBAPICursor, statement: str, context: ExecutionContext | None = None
    ) -> None:
        """Run a statement without parameters in place."""
        if in_greenlet():
            await_(_done())
        cursor.execute(statement)


async def _done() -> None:
    """A coroutine that finishes at once: the await SQLAlchemy's asyncio Core looks for."""


registry.register(f"postgresql.{DRIVER}", __name__, InlinePsycopgDialect.__name__)


def inline_pg_url(url: str) -> URL:
    """The same PostgreSQL database, reached through the in-place driver (an asyncpg URL's
    `ssl=` is libpq's `sslmode=`: the two take the same modes)."""
    parsed = make_url(url)
    query = dict(parsed.query)
    if "ssl" in query and "sslmode" not in query:
        query["sslmode"] = query.pop("ssl")
    return parsed.set(drivername=f"postgresql+{DRIVER}", query=query)
