"""What the in-place dialects share: statements run at once on a blocking driver.

SQLAlchemy's asyncio layer needs a dialect that says it is asynchronous. A DbWorker's loop has
a thread to itself, so there a blocking driver (sqlite3, psycopg) can run each statement at
once, in place (storage.inline_sqlite, storage.inline_pg). A statement run inside the asyncio
layer's greenlet awaits one coroutine that is already done (SQLAlchemy's asyncio Core checks
that the driver awaited), which costs a greenlet switch, not a trip through the loop; one run
in place by storage.inline_session awaits nothing.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from sqlalchemy.engine.interfaces import DBAPICursor, ExecutionContext
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


def awaited() -> None:
    """Inside the asyncio layer's greenlet, await once, as it checks a driver does."""
    if in_greenlet():
        await_(_done())


async def _done() -> None:
    """A coroutine that finishes at once: the await SQLAlchemy's asyncio Core looks for."""
