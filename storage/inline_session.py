"""A session for a DbWorker's thread: each statement runs in place, without a greenlet.

SQLAlchemy's AsyncSession runs every call in a new greenlet so that a driver can hand its
I/O to the event loop. A DbWorker's loop has its thread to itself and reaches its database
through an in-place driver (storage.inline_sqlite, storage.inline_pg), so its statements may
simply block: this session calls the synchronous Session directly for the calls made per
statement (execute, scalar, scalars, get, flush), which takes about a third off each one.
Beginning and committing the transaction keep the asyncio layer's path, where the driver
awaits as that layer expects.

Statements built once go further (`fetch`, `change`, `insert_row`): compiled once and run on
the driver's own cursor (sqlite3's or psycopg's), without SQLAlchemy's execution at all
(storage.prepared); on any other session, and for statements that need SQLAlchemy's
execution, they run as `execute_core` does.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping, Sequence
from contextlib import contextmanager
from typing import Any

from sqlalchemy import util
from sqlalchemy.engine import Connection, CursorResult, Result, ScalarResult
from sqlalchemy.engine.interfaces import DBAPICursor
from sqlalchemy.exc import DBAPIError, StatementError
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.orm import SessionTransaction
from sqlalchemy.sql import Executable

from storage.inline_driver import DRIVER
from storage.prepared import Prepared, prepared

_CURSORS = "diaodu_in_place_cursors"
"""The key of a driver connection's kept cursors in its pool record's `info`."""
Read = tuple[Executable, Mapping[str, Any]]
"""A select built once and the values it is run with."""
# What AsyncSession.execute asks of every result: rows fetched before the call returns.
_BUFFERED = util.immutabledict({"prebuffer_rows": True})


def _buffered(options: Mapping[str, Any]) -> Mapping[str, Any]:
    return util.immutabledict(options).union(_BUFFERED) if options else _BUFFERED


class InlineSession(AsyncSession):
    """An AsyncSession whose per-statement calls run in place (a DbWorker's thread only)."""

    _bound: tuple[SessionTransaction, Connection, DBAPICursor | None] | None = None
    """The innermost transaction under way, its connection and the cursor statements run on
    in place there (None: not in place), as `run_prepared` last found them."""

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

    def run_prepared(
        self, statement: Executable, params: Mapping[str, Any] | Sequence[Mapping[str, Any]]
    ) -> tuple[Prepared, DBAPICursor] | None:
        """Run a statement built once on the driver's cursor (storage.prepared), with one
        mapping of values or several; None when it must go through SQLAlchemy instead."""
        # a chat report runs about fifteen: this path is kept to plain lookups
        one: Mapping[str, Any] | None = None
        many: list[Mapping[str, Any]] | None = None
        if isinstance(params, dict | Mapping):  # a dict first: no ABC check
            one = params
        else:
            many = list(params)
            if len(many) == 1:  # psycopg's executemany sets up a pipeline
                one, many = many[0], None
        names = one if one is not None else many[0] if many else None
        connection, cursor = self._place()
        if names is None or cursor is None:
            return None
        made = prepared(statement, list(names), connection.dialect)
        if made is None:
            return None
        try:
            if many is not None:
                batch: list[Any] = [made.arguments(each) for each in many]
                cursor.executemany(made.sql, batch)
            else:
                cursor.execute(made.sql, made.arguments(one or {}))
        except connection.dialect.loaded_dbapi.Error as exc:
            raise _as_sqlalchemy_error(connection, made.sql, params, exc) from exc
        return made, cursor

    def run_prepared_together(self, reads: Sequence[Read]) -> list[Sequence[Any]] | None:
        """Run several selects built once on psycopg in one round trip (its pipeline mode):
        each one's rows; None where they must run one by one (SQLite has no round trips to
        save; a statement that needs SQLAlchemy's execution)."""
        connection = self._in_place()
        if connection is None:
            return None
        pipeline = getattr(connection.connection.dbapi_connection, "pipeline", None)
        if pipeline is None:
            return None
        runs: list[tuple[Prepared, Mapping[str, Any]]] = []
        for statement, params in reads:
            made = prepared(statement, list(params), connection.dialect)
            if made is None:
                return None
            runs.append((made, params))
        cursors = _cursors_of(connection, len(runs))
        if not cursors:
            return None
        statements = "; ".join(made.sql for made, _ in runs)
        with _as_sqlalchemy_raises(connection, statements, None):
            with pipeline():  # sent as they are queued; leaving the block waits for every result
                for (made, params), cursor in zip(runs, cursors, strict=True):
                    cursor.execute(made.sql, made.arguments(params))
            return [made.rows(cursor) for (made, _), cursor in zip(runs, cursors, strict=True)]

    def _in_place(self) -> Connection | None:
        """The connection whose driver statements may be run on directly; None where they go
        through SQLAlchemy (an engine that echoes its SQL, a driver not run in place)."""
        connection, cursor = self._place()
        return connection if cursor is not None else None

    def _place(self) -> tuple[Connection, DBAPICursor | None]:
        """The session's connection in its innermost transaction, and the cursor to run
        statements on in place there (None: they go through SQLAlchemy). Session.connection()
        walks the savepoints each time, which costs more than the statement run on it, so it
        is asked once per transaction, and once per savepoint where a caller begins one: that
        call is what begins a savepoint (SQLAlchemy emits SAVEPOINT when a nested transaction
        first needs its connection), so a statement run here before it would not be undone
        with it."""
        sync = self.sync_session
        current = sync.get_nested_transaction() or sync.get_transaction()
        bound = self._bound
        if current is not None and bound is not None and bound[0] is current:
            return bound[1], bound[2]
        connection = sync.connection()
        in_place = not connection.engine.echo and connection.dialect.driver == DRIVER
        cursors = _cursors_of(connection, 1) if in_place else []
        cursor = cursors[0] if cursors else None
        current = sync.get_nested_transaction() or sync.get_transaction()
        if current is not None:
            self._bound = (current, connection, cursor)
        return connection, cursor


@contextmanager
def _as_sqlalchemy_raises(connection: Connection, statement: str, params: Any) -> Iterator[None]:
    """The driver's errors raised as SQLAlchemy's own execution would (callers tell errors
    apart by them: an IntegrityError, a database that is locked)."""
    try:
        yield
    except connection.dialect.loaded_dbapi.Error as exc:
        raise _as_sqlalchemy_error(connection, statement, params, exc) from exc


def _as_sqlalchemy_error(
    connection: Connection, statement: str, params: Any, exc: Exception
) -> StatementError:
    """The driver's error `exc` as SQLAlchemy's own execution would raise it."""
    dialect = connection.dialect
    return DBAPIError.instance(statement, params, exc, dialect.loaded_dbapi.Error, dialect=dialect)


def _cursors_of(connection: Connection, count: int) -> list[DBAPICursor]:
    """`count` cursors of the driver connection for statements run in place, made once: each
    caller reads its outcome before the next statement runs, and a new cursor costs about as
    much as the statement (psycopg's copies the connection's type adapters). Empty: no driver
    connection."""
    record = connection.connection
    driver = record.dbapi_connection
    if driver is None:
        return []
    kept = record.info.get(_CURSORS)
    if kept is None or kept[0] is not driver:  # a new driver connection behind the same record
        kept = record.info[_CURSORS] = (driver, [])
    cursors: list[DBAPICursor] = kept[1]
    while len(cursors) < count:
        cursors.append(driver.cursor())
    return cursors[:count]


async def execute_core(
    session: AsyncSession, statement: Executable, params: Any = None
) -> CursorResult[Any]:
    """A Core statement on the session's connection: plain rows, no ORM step (in place where
    the session is an InlineSession)."""
    if isinstance(session, InlineSession):
        return session.sync_session.connection().execute(statement, params)
    connection = await session.connection()
    return await connection.execute(statement, params)


async def fetch(
    session: AsyncSession, statement: Executable, params: Mapping[str, Any] | None = None
) -> Sequence[Sequence[Any]]:
    """Every row of a select built once, as plain tuples: on a DbWorker's session run
    by the driver itself where storage.prepared allows, else through SQLAlchemy."""
    if isinstance(session, InlineSession):
        outcome = session.run_prepared(statement, params or {})
        if outcome is not None:
            return outcome[0].rows(outcome[1])
    return (await execute_core(session, statement, dict(params) if params else None)).all()


async def fetch_each(session: AsyncSession, reads: Sequence[Read]) -> list[Sequence[Any]]:
    """The rows of several selects built once, as `fetch` gives them: on a DbWorker's
    PostgreSQL session sent together, in one round trip."""
    if isinstance(session, InlineSession):
        found = session.run_prepared_together(reads)
        if found is not None:
            return found
    return [await fetch(session, statement, params) for statement, params in reads]


async def change(
    session: AsyncSession,
    statement: Executable,
    params: Mapping[str, Any] | Sequence[Mapping[str, Any]],
) -> int:
    """Run an INSERT, UPDATE or DELETE built once (once per mapping given); rows changed."""
    if isinstance(session, InlineSession):
        outcome = session.run_prepared(statement, params)
        if outcome is not None:
            rows: int = outcome[1].rowcount
            return rows
    result = await execute_core(session, statement, params)
    return result.rowcount


async def insert_row(
    session: AsyncSession, statement: Executable, values: Mapping[str, Any]
) -> int:
    """Run an INSERT built once for one row; the new row's integer primary key."""
    if isinstance(session, InlineSession):
        outcome = session.run_prepared(statement, values)
        if outcome is not None:
            made, cursor = outcome
            returned = cursor.fetchone() if made.returns_key else None
            row_id: int | None = returned[0] if returned else cursor.lastrowid
            if row_id is None:  # SQLite sets it after every INSERT
                raise RuntimeError("an INSERT left no row id")
            return row_id
    result = await execute_core(session, statement, dict(values))
    key = result.inserted_primary_key
    if key is None or not isinstance(key[0], int):
        raise RuntimeError("an INSERT returned no integer key")
    return key[0]
