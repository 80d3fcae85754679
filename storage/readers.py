"""Reading off the web server's loop: queries over many projects run on reader threads.

Each reader is a DbWorker whose database refuses writes, so a query that would change
something by mistake fails loudly instead of writing outside the writer's transactions.
Readers come in two lanes: chat's read-only commands have threads of their own, so an owner's
/我的 never waits behind a dashboard page or a 20,000-row export (the threads share the
process's CPU, but a short query on its own thread finishes while a long one runs).
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from typing import Literal, TypeVar

from sqlalchemy.ext.asyncio import AsyncSession

from storage.worker import DbWorker

T = TypeVar("T")
Query = Callable[[AsyncSession], Awaitable[T]]
Lane = Literal["chat", "pages"]
READERS = 2
"""Reader threads in each lane."""


class Readers:
    """A few reader threads in each lane; each query goes to its lane's least busy one."""

    def __init__(self, url: str, *, count: int = READERS, busy_timeout_ms: int = 5000) -> None:
        self._lanes: dict[Lane, list[DbWorker]] = {
            lane: [
                DbWorker(
                    url,
                    name=f"db-reader-{lane}-{n}",
                    busy_timeout_ms=busy_timeout_ms,
                    read_only=True,
                )
                for n in range(count)
            ]
            for lane in ("chat", "pages")
        }

    async def run(self, query: Query[T], *, lane: Lane = "pages") -> T:
        """Run `query` in a read transaction on a reader thread of `lane` (pages, the read API
        and exports by default; chat's commands in their own) and return its result."""
        worker = min(self._lanes[lane], key=lambda w: w.busy)
        return await worker.call(_in_session(worker, query))

    async def close(self) -> None:
        """Stop every reader thread."""
        for workers in self._lanes.values():
            for worker in workers:
                await worker.close()


async def _in_session(worker: DbWorker, query: Query[T]) -> T:
    async with worker.database.read() as session:
        return await query(session)


def refused_write(exc: BaseException) -> bool:
    """Whether a reader's query failed because it tried to change something."""
    text = str(getattr(exc, "orig", exc)).lower()
    return "readonly database" in text or "read-only transaction" in text
