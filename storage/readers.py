"""Reading off the web server's loop: queries over many projects run on reader threads.

Each reader is a DbWorker whose database refuses writes, so a query that would change
something by mistake fails loudly instead of writing outside the writer's transactions.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from typing import TypeVar

from sqlalchemy.ext.asyncio import AsyncSession

from storage.worker import DbWorker

T = TypeVar("T")
Query = Callable[[AsyncSession], Awaitable[T]]
READERS = 2


class Readers:
    """A few reader threads; each query goes to the least busy one."""

    def __init__(self, url: str, *, count: int = READERS, busy_timeout_ms: int = 5000) -> None:
        self._workers = [
            DbWorker(url, name=f"db-reader-{n}", busy_timeout_ms=busy_timeout_ms, read_only=True)
            for n in range(count)
        ]

    async def run(self, query: Query[T]) -> T:
        """Run `query` in a read transaction on a reader thread and return its result."""
        worker = min(self._workers, key=lambda w: w.busy)
        return await worker.call(_in_session(worker, query))

    async def close(self) -> None:
        """Stop every reader thread."""
        for worker in self._workers:
            await worker.close()


async def _in_session(worker: DbWorker, query: Query[T]) -> T:
    async with worker.database.read() as session:
        return await query(session)


def refused_write(exc: BaseException) -> bool:
    """Whether a reader's query failed because it tried to change something."""
    text = str(getattr(exc, "orig", exc)).lower()
    return "readonly database" in text or "read-only transaction" in text
