"""Engine and sessions: WAL, busy timeout, foreign keys and BEGIN IMMEDIATE on SQLite."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from typing import Any

import orjson
from sqlalchemy import URL, CursorResult, Result, event
from sqlalchemy.engine import Connection, make_url
from sqlalchemy.ext.asyncio import (
    AsyncEngine,
    AsyncSession,
    async_sessionmaker,
    create_async_engine,
)

from storage.inline_session import InlineSession
from storage.inline_sqlite import inline_url
from storage.ledger_cache import CACHE, LedgerCache, LedgerSession

READ_ONLY = "diaodu_read_only"


class Database:
    """One engine with a writer and a reader session factory.

    `inline` (a DbWorker's own database): statements run in the loop's thread through the
    database's blocking driver (sqlite3, psycopg), with no aiosqlite thread hop or asyncpg
    round trip through the loop, and sessions run them in place (storage.inline_session).
    `read_only`: any write fails (SQLite query_only, PostgreSQL read-only transactions), so
    work meant to only read cannot change anything by mistake.
    An inline database that may write (the writer's) answers the ledger lookups of chat in its
    `write` sessions from memory while nothing changed the ledger (storage.ledger_cache).
    """

    def __init__(
        self,
        url: str,
        *,
        echo: bool = False,
        busy_timeout_ms: int = 5000,
        inline: bool = False,
        read_only: bool = False,
    ) -> None:
        self.url = url
        in_place = _in_place(url) if inline else None
        self._inline = in_place is not None
        args = _engine_args(url, read_only=read_only, inline=self._inline)
        self.engine: AsyncEngine = create_async_engine(in_place or url, echo=echo, **args)
        if self.is_sqlite:
            _configure_sqlite(self.engine, busy_timeout_ms, read_only=read_only)
        self._cached: dict[str, Any] = {}
        if self._inline and self.is_sqlite and not read_only:
            self._cached = {
                "info": {CACHE: LedgerCache(self.engine.sync_engine)},
                "sync_session_class": LedgerSession,
            }
        self._sessions(InlineSession if self._inline else AsyncSession)
        # SQLite has one writer at a time anyway; queueing writers here instead of in SQLite's
        # busy handler keeps them in order and never fails with "database is locked" under load.
        self._write_turn = asyncio.Lock() if self.is_sqlite else None

    def _sessions(self, session_class: type[AsyncSession]) -> None:
        self._writer = async_sessionmaker(
            self.engine, class_=session_class, expire_on_commit=False, **self._cached
        )
        reader_engine = self.engine.execution_options(**{READ_ONLY: True})
        self._reader = async_sessionmaker(
            reader_engine, class_=session_class, expire_on_commit=False
        )

    @property
    def is_sqlite(self) -> bool:
        """True when the database is SQLite."""
        return self.url.startswith("sqlite")

    @asynccontextmanager
    async def write(self) -> AsyncIterator[AsyncSession]:
        """A session whose transaction takes the write lock at once, committed on success."""
        if self._write_turn is None:
            async with self._writer() as session, session.begin():
                yield session
            return
        async with self._write_turn, self._writer() as session, session.begin():
            yield session

    @asynccontextmanager
    async def read(self) -> AsyncIterator[AsyncSession]:
        """A session for queries only (a deferred transaction on SQLite)."""
        async with self._reader() as session, session.begin():
            yield session

    async def warm_up(self) -> None:
        """Open the first connection through the asyncio layer (its first-connect events take an
        asyncio lock, which only that path can), so sessions may then run in place."""
        if not self._inline:
            return
        try:
            async with self.engine.connect():
                pass
        except Exception:
            # Not reachable now: sessions take the asyncio layer's path, which says why on use.
            self._sessions(AsyncSession)
            raise

    async def dispose(self) -> None:
        """Close every pooled connection."""
        await self.engine.dispose()


def _in_place(url: str) -> URL | None:
    """The database of `url` through a driver that runs statements in place (storage.inline_*),
    for a DbWorker's own sessions; None for a database without one."""
    parsed = make_url(url)
    if parsed.get_backend_name() == "sqlite":
        return inline_url(url)
    if parsed.get_backend_name() == "postgresql":
        from storage.inline_pg import inline_pg_url  # psycopg loads only where it is used

        return inline_pg_url(url)
    return None


def _engine_args(url: str, *, read_only: bool, inline: bool = False) -> dict[str, Any]:
    # JSON columns (answers, audit details, light reasons) written by orjson, a few times
    # json's speed; read by json, which also takes what json wrote before (NaN included)
    args: dict[str, Any] = {"json_serializer": _json_text}
    if url.startswith("sqlite"):
        return args
    args |= {"pool_pre_ping": True, "pool_size": 10, "max_overflow": 10}
    if read_only:
        if inline:
            args["connect_args"] = {"options": "-c default_transaction_read_only=on"}
        else:
            settings = {"default_transaction_read_only": "on"}
            args["connect_args"] = {"server_settings": settings}
    return args


def _json_text(value: Any) -> str:
    """JSON text of a column's value (Chinese as UTF-8, not \\u escapes)."""
    return orjson.dumps(value, option=orjson.OPT_NON_STR_KEYS).decode()


def _configure_sqlite(engine: AsyncEngine, busy_timeout_ms: int, *, read_only: bool) -> None:
    # The driver's implicit deferred BEGIN lets two read-then-write transactions both read,
    # and the later writer then fails or overwrites; BEGIN IMMEDIATE takes the lock up front.
    @event.listens_for(engine.sync_engine, "connect")
    def _on_connect(dbapi_connection: Any, _record: Any) -> None:
        dbapi_connection.isolation_level = None
        cursor = dbapi_connection.cursor()
        cursor.execute("PRAGMA journal_mode=WAL")
        cursor.execute(f"PRAGMA busy_timeout={int(busy_timeout_ms)}")
        cursor.execute("PRAGMA foreign_keys=ON")
        cursor.execute("PRAGMA synchronous=NORMAL")
        if read_only:
            cursor.execute("PRAGMA query_only=ON")
        cursor.close()

    @event.listens_for(engine.sync_engine, "begin")
    def _on_begin(conn: Connection) -> None:
        read_only = conn.get_execution_options().get(READ_ONLY, False)
        conn.exec_driver_sql("BEGIN" if read_only else "BEGIN IMMEDIATE")


def rows_changed(result: Result[*tuple[Any, ...]]) -> int:
    """How many rows an INSERT, UPDATE or DELETE touched."""
    # Session.execute is typed as returning any Result; for these statements it is a cursor's.
    if not isinstance(result, CursorResult):
        raise TypeError("rows_changed needs the result of an INSERT, UPDATE or DELETE")
    return result.rowcount
