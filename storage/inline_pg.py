"""PostgreSQL for a loop whose thread may wait on it (a DbWorker): psycopg's own driver, in place.

As storage.inline_sqlite does for SQLite: asyncpg hands every statement to the loop and back
(a greenlet switch and the protocol's callbacks each time); a DbWorker's loop has its thread to
itself, so there psycopg's synchronous connection can run each statement at once, releasing
the GIL while PostgreSQL works (storage.inline_driver). This dialect is psycopg's, declared
usable by the asyncio layer.
"""

from __future__ import annotations

from typing import Any

import psycopg
from sqlalchemy import URL, pool
from sqlalchemy.dialects import registry
from sqlalchemy.dialects.postgresql.psycopg import PGDialect_psycopg
from sqlalchemy.engine import make_url

from storage.inline_driver import DRIVER, InPlaceExecution


class _Cursor(psycopg.Cursor[Any]):
    async def _async_soft_close(self) -> None:
        """What the asyncio layer calls when a result is complete: nothing to do in place."""


class InlinePsycopgDialect(InPlaceExecution, PGDialect_psycopg):
    """psycopg, for `create_async_engine` on a thread that may block (a DbWorker's)."""

    supports_statement_cache = True  # SQLAlchemy reads it from each dialect class's own body

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


registry.register(f"postgresql.{DRIVER}", __name__, InlinePsycopgDialect.__name__)


def inline_pg_url(url: str) -> URL:
    """The same PostgreSQL database, reached through the in-place driver."""
    return libpq_url(make_url(url)).set(drivername=f"postgresql+{DRIVER}")


def libpq_url(url: URL) -> URL:
    """The URL with its options as libpq (psycopg, pg_dump) takes them: an asyncpg URL's
    `ssl=` is libpq's `sslmode=`, the two taking the same modes."""
    query = dict(url.query)
    if "ssl" in query and "sslmode" not in query:
        query["sslmode"] = query.pop("ssl")
    return url.set(query=query)
