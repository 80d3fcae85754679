"""aiosqlite without its thread: for a loop whose own thread may wait on SQLite (a DbWorker).

aiosqlite hands every call to a thread of its own and wakes the loop with the result: about
sixty thread hops per chat report, most of its cost. A DbWorker's loop has a thread to itself,
so there each call runs at once, in place; SQLAlchemy's aiosqlite dialect is used unchanged.
"""

from __future__ import annotations

import asyncio
import sqlite3
from collections.abc import Callable, Generator
from functools import partial
from types import SimpleNamespace
from typing import Any

import aiosqlite
from sqlalchemy.dialects.sqlite.aiosqlite import AsyncAdapt_aiosqlite_dbapi

_ERRORS = (
    "DatabaseError",
    "Error",
    "IntegrityError",
    "NotSupportedError",
    "OperationalError",
    "ProgrammingError",
    "sqlite_version",
    "sqlite_version_info",
)


class _RunNow:
    """Stands in for the queue to aiosqlite's thread: each call runs when it is queued."""

    def put_nowait(self, item: tuple[asyncio.Future[Any] | None, Callable[[], Any]]) -> None:
        future, function = item
        try:
            result = function()
        except BaseException as exc:  # handed to the awaiting caller, as aiosqlite's thread does
            if future is not None and not future.done():
                future.set_exception(exc)
            return
        if future is not None and not future.done():
            future.set_result(result)


class InlineConnection(aiosqlite.Connection):
    """An aiosqlite connection whose calls run in the caller's thread (its thread never starts)."""

    def __init__(self, connector: Callable[[], sqlite3.Connection], iter_chunk_size: int) -> None:
        super().__init__(connector, iter_chunk_size)
        self._tx = _RunNow()  # type: ignore[assignment]

    def __await__(self) -> Generator[Any, None, aiosqlite.Connection]:
        return self._connect().__await__()


def _connect(database: str, *, iter_chunk_size: int = 64, **kwargs: Any) -> InlineConnection:
    return InlineConnection(partial(sqlite3.connect, database, **kwargs), iter_chunk_size)


def inline_dbapi() -> AsyncAdapt_aiosqlite_dbapi:
    """The DBAPI module to give SQLAlchemy's aiosqlite dialect (`create_async_engine(module=)`)."""
    module = SimpleNamespace(**{name: getattr(aiosqlite, name) for name in _ERRORS})
    module.Connection = InlineConnection
    module.connect = _connect
    return AsyncAdapt_aiosqlite_dbapi(module, sqlite3)  # type: ignore[arg-type]
