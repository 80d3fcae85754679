"""Group commit: write jobs that arrive together share one transaction.

A job is an async function of a session, run on the writer's own thread and loop (a
DbWorker). Its result is handed back only once the shared transaction committed, so nothing is
answered that a crash could still take back. A job that raises is undone alone: its caller
gets the exception, the transaction is rolled back and the other jobs of the batch run again
without it, in a new one. (A savepoint per job would undo it in place, but costs two
statements and the ORM's nested-transaction bookkeeping on every job, about a seventh of a
chat report's CPU on SQLite, to spare a rerun that only a bug or a race brings about.) When
the shared transaction itself fails, every job of the batch gets WriteFailed and nothing of it
is stored. Jobs must use only the session and plain values, and may run more than once before
one commits: objects of the caller's loop (its events, its HTTP session) do not work there,
and nothing a job does may outlive a rollback.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from typing import Any, TypeVar

from sqlalchemy.exc import DBAPIError
from sqlalchemy.ext.asyncio import AsyncSession

from storage.worker import DbWorker

log = logging.getLogger(__name__)
T = TypeVar("T")
Job = Callable[[AsyncSession], Awaitable[T]]
MAX_BATCH = 64


class WriteFailed(Exception):
    """The shared transaction could not be committed (database locked, gone, …)."""


# SQLSTATEs of PostgreSQL errors that trying again can cure: serialization failure, deadlock.
_RETRYABLE_STATES = frozenset({"40001", "40P01"})


def transient(exc: BaseException) -> bool:
    """Whether a failed write may succeed if tried again (not a bug in the job)."""
    if isinstance(exc, WriteFailed):
        return True
    if not isinstance(exc, DBAPIError):
        return False
    state = getattr(exc.orig, "sqlstate", None) or getattr(exc.orig, "pgcode", None)
    return state in _RETRYABLE_STATES or "database is locked" in str(exc.orig)


@dataclass
class _Queued:
    job: Job[Any]
    done: asyncio.Future[Any]


class _Undo(Exception):
    """Rolls the shared transaction back: the job at `index` raised `error`."""

    def __init__(self, index: int, error: Exception) -> None:
        super().__init__(index, error)
        self.index = index
        self.error = error


class GroupWriter:
    """Runs write jobs in shared transactions, one batch at a time, in arrival order."""

    def __init__(self, worker: DbWorker, *, max_batch: int = MAX_BATCH) -> None:
        self.worker = worker
        self.max_batch = max_batch
        self._queue: list[_Queued] = []  # touched on the worker's loop only
        self._drainer: asyncio.Task[None] | None = None

    async def run(self, job: Job[T]) -> T:
        """Run `job` in the next shared transaction; its result after that commit."""
        return await self.worker.call(self._queued(job))

    async def close(self) -> None:
        """Let the queued jobs finish, then stop the writer's thread."""
        await self.worker.call(self._drained())
        await self.worker.close()

    async def _queued(self, job: Job[T]) -> T:
        done: asyncio.Future[T] = asyncio.get_running_loop().create_future()
        done.add_done_callback(_observed)
        self._queue.append(_Queued(job, done))
        if self._drainer is None:
            self._drainer = asyncio.create_task(self._drain(), name="group-writer")
        # A caller that stops waiting (a closed request) does not take the write back.
        return await asyncio.shield(done)

    async def _drained(self) -> None:
        if self._drainer is not None:
            await asyncio.wait([self._drainer])

    async def _drain(self) -> None:
        try:
            while self._queue:
                batch = self._queue[: self.max_batch]
                del self._queue[: self.max_batch]
                await self._commit(batch)
        finally:
            self._drainer = None

    async def _commit(self, batch: list[_Queued]) -> None:
        pending = batch
        while pending:
            try:
                results = await self._transaction(pending)
            except _Undo as undo:
                failed = pending[undo.index]
                _settle(failed.done, False, undo.error)
                pending = [item for item in pending if item is not failed]
                continue
            except BaseException as exc:
                failure = WriteFailed(f"transaction of {len(pending)} writes failed: {exc!r}")
                failure.__cause__ = exc
                for item in pending:
                    _settle(item.done, False, failure)
                if not isinstance(exc, Exception):
                    raise
                log.warning("%s", failure)
                return
            for item, value in zip(pending, results, strict=True):
                _settle(item.done, True, value)
            return

    async def _transaction(self, batch: list[_Queued]) -> list[Any]:
        """Run the jobs in one transaction and commit it: their results. _Undo (after the
        rollback) when one raises."""
        results = []
        async with self.worker.database.write() as session:
            await session.connection()  # BEGIN now: a refused lock fails the batch, no job
            for index, item in enumerate(batch):
                try:
                    results.append(await item.job(session))
                except Exception as exc:
                    raise _Undo(index, exc) from exc
        return results


def _observed(done: asyncio.Future[Any]) -> None:
    # The caller may have stopped waiting: its failure is then nobody's to log.
    if not done.cancelled():
        done.exception()


def _settle(done: asyncio.Future[Any], ok: bool, value: Any) -> None:
    if done.done():
        return
    if ok:
        done.set_result(value)
    else:
        done.set_exception(value)
