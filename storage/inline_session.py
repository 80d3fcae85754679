"""A session for a DbWorker's thread: each statement runs in place, without a greenlet.

SQLAlchemy's AsyncSession runs every call in a new greenlet so that a driver can hand its
I/O to the event loop. A DbWorker's loop has its thread to itself and reaches SQLite through
the in-place driver (storage.inline_sqlite), so its statements may simply block: this session
calls the synchronous Session directly for the calls made per statement (execute, scalar,
scalars, get, flush), which takes about a third off each one. Everything else (begin,
savepoints, commit, connection) keeps the asyncio layer's path, where the driver awaits as
that layer expects.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from sqlalchemy import util
from sqlalchemy.engine import CursorResult, Result, ScalarResult
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.sql import Executable

# What AsyncSession.execute asks of every result: rows fetched before the call returns.
_BUFFERED = util.immutabledict({"prebuffer_rows": True})


def _buffered(options: Mapping[str, Any]) -> Mapping[str, Any]:
    return util.immutabledict(options).union(_BUFFERED) if options else _BUFFERED


class InlineSession(AsyncSession):
    """An AsyncSession whose per-statement calls run in place (a DbWorker's thread only)."""

    # Each body is the synchronous Session's call, as AsyncSession makes it inside a greenlet.
    async def execute(
        self,
        statement: Executable,
        params: Any = None,
        *,
        execution_options: Mapping[str, Any] = util.EMPTY_DICT,
        bind_arguments: dict[str, Any] | None = None,
        **kw: Any,
    ) -> Result[Any]:
        """Session.execute, run in place; rows buffered as AsyncSession's are."""
        return self.sync_session.execute(
            statement,
            params,
            execution_options=_buffered(execution_options),
            bind_arguments=bind_arguments,
            **kw,
        )

    async def scalar(self, statement: Executable, params: Any = None, **kw: Any) -> Any:
        """Session.scalar, run in place."""
        return (await self.execute(statement, params, **kw)).scalar()

    async def scalars(
        self, statement: Executable, params: Any = None, **kw: Any
    ) -> ScalarResult[Any]:
        """Session.execute(...).scalars(), run in place."""
        return (await self.execute(statement, params, **kw)).scalars()

    async def get(self, entity: Any, ident: Any, **kw: Any) -> Any:
        """Session.get, run in place."""
        return self.sync_session.get(entity, ident, **kw)

    async def flush(self, objects: Sequence[Any] | None = None) -> None:
        """Session.flush, run in place."""
        self.sync_session.flush(objects=objects)


async def execute_core(
    session: AsyncSession, statement: Executable, params: Any = None
) -> CursorResult[Any]:
    """A Core statement on the session's connection: plain rows, no ORM step (in place where
    the session is an InlineSession)."""
    if isinstance(session, InlineSession):
        return session.sync_session.connection().execute(statement, params)
    connection = await session.connection()
    return await connection.execute(statement, params)
