"""What the in-place dialects share: statements run at once on a blocking driver.

SQLAlchemy's asyncio layer needs a dialect that says it is asynchronous. A DbWorker's loop has
a thread to itself, so there a blocking driver (sqlite3, psycopg) can run each statement at
once, in place (storage.inline_sqlite, storage.inline_pg). A statement run inside the asyncio
layer's greenlet awaits one coroutine that is already done (SQLAlchemy's asyncio Core checks
that the driver awaited), which costs a greenlet switch, not a trip through the loop; one run
in place by storage.inline_session awaits nothing.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any

from sqlalchemy.engine import Connection
from sqlalchemy.engine.interfaces import DBAPICursor, Dialect, ExecutionContext
from sqlalchemy.exc import DBAPIError
from sqlalchemy.util import await_
from sqlalchemy.util.concurrency import in_greenlet

DRIVER = "inline"


class InPlaceExecution:
    """A dialect's statement execution, in place on its blocking driver (a mixin)."""

    driver = DRIVER
    is_async = True

    def do_execute(
        self,
        cursor: DBAPICursor,
        statement: str,
        parameters: Any,
        context: ExecutionContext | None = None,
    ) -> None:
        """Run a statement in place (having awaited, inside the asyncio layer's greenlet)."""
        awaited()
        cursor.execute(statement, parameters)

    def do_executemany(
        self,
        cursor: DBAPICursor,
        statement: str,
        parameters: Sequence[Any],
        context: ExecutionContext | None = None,
    ) -> None:
        """Run a statement for many parameter sets in place."""
        awaited()
        cursor.executemany(statement, parameters)

    def do_execute_no_params(
        self, cursor: DBAPICursor, statement: str, context: ExecutionContext | None = None
    ) -> None:
        """Run a statement without parameters in place."""
        awaited()
        cursor.execute(statement)

    # Savepoints on the driver itself: each write job of a shared transaction begins and ends
    # one, and through Connection.execute (compiling the clause, an execution context, events)
    # the two cost more than the job's own statements run in place. An engine that echoes its
    # SQL keeps SQLAlchemy's way, so its log shows them.
    def do_savepoint(self, connection: Connection, name: str) -> None:
        """SAVEPOINT `name`, in place."""
        self._savepoint_sql(connection, "SAVEPOINT", name, "do_savepoint")

    def do_release_savepoint(self, connection: Connection, name: str) -> None:
        """RELEASE SAVEPOINT `name`, in place."""
        self._savepoint_sql(connection, "RELEASE SAVEPOINT", name, "do_release_savepoint")

    def do_rollback_to_savepoint(self, connection: Connection, name: str) -> None:
        """ROLLBACK TO SAVEPOINT `name`, in place."""
        self._savepoint_sql(connection, "ROLLBACK TO SAVEPOINT", name, "do_rollback_to_savepoint")

    def _savepoint_sql(self, connection: Connection, verb: str, name: str, method: str) -> None:
        dialect: Dialect = self  # type: ignore[assignment]  # mixed into a Dialect
        driver = connection.connection.dbapi_connection
        if connection.engine.echo or driver is None:  # None: closed, SQLAlchemy's way says so
            otherwise: Callable[[Connection, str], None] = getattr(super(), method)
            otherwise(connection, name)
            return
        statement = f"{verb} {dialect.identifier_preparer.quote(name)}"
        awaited()
        error = dialect.loaded_dbapi.Error
        cursor = driver.cursor()
        try:
            cursor.execute(statement)
        except error as exc:  # raised as SQLAlchemy's execution would
            raise DBAPIError.instance(statement, None, exc, error, dialect=dialect) from exc


def awaited() -> None:
    """Inside the asyncio layer's greenlet, await once, as it checks a driver does."""
    if in_greenlet():
        await_(_done())


async def _done() -> None:
    """A coroutine that finishes at once: the await SQLAlchemy's asyncio Core looks for."""
