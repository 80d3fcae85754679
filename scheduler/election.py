"""One holder per role (the scheduler, each long connection) among all processes on a database.

PostgreSQL: a session advisory lock on a connection of its own. The lock ends with its session:
at once when the holder dies; within about ten seconds when its host or network is gone (the
server's TCP keepalives); and after IDLE_TIMEOUT seconds when the holder stops talking
(`idle_session_timeout`, and `idle_in_transaction_session_timeout` for one stopped between a
statement and its COMMIT: a hung or SIGSTOPped process). The holder confirms the lock every few
seconds and fences itself: when it has not confirmed it for FENCE seconds (less than
IDLE_TIMEOUT) it acts as if it had lost it, so a process that wakes after a stop steps down
before it does anything. SQLite: an exclusive lock on a file beside the database (flock),
released by the kernel when the process dies.
"""

from __future__ import annotations

import asyncio
import logging
import time
from collections.abc import Callable, Coroutine
from typing import Any

from scheduler.lockfile import LockFile, lock_path
from scheduler.pglock import AdvisoryLock
from storage.db import Database

log = logging.getLogger(__name__)
SCHEDULER = "scheduler"
TIMEOUT = 15.0
"""Seconds of silence after which a PostgreSQL holder loses its lock ([server] default)."""


class Leadership:
    """Tries to hold `role`; tells whether it still does (and only while that is fresh).

    `timeout`: a holder silent this long loses the lock (PostgreSQL); the holder itself stops
    acting once it has not confirmed the lock for two thirds of it (the fence).
    """

    def __init__(self, db: Database, role: str = SCHEDULER, *, timeout: float = TIMEOUT) -> None:
        self.db = db
        self.role = role
        self.fence = timeout * 2 / 3
        self._lock: LockFile | AdvisoryLock = (
            LockFile(lock_path(db.url, role)) if db.is_sqlite else AdvisoryLock(db, role, timeout)
        )
        self._confirmed: float | None = None
        self._said_standby = False

    def fresh(self) -> bool:
        """Whether the lock was confirmed recently enough to act on it."""
        confirmed = self._confirmed
        return confirmed is not None and time.monotonic() - confirmed < self.fence

    async def try_acquire(self) -> bool:
        """Take the lock if it is free."""
        got = await self._lock.acquire()
        self._confirmed = time.monotonic() if got else None
        return got

    async def still_leader(self) -> bool:
        """Whether this process still holds the lock; a stale holder steps down first."""
        if self._confirmed is None:
            return False
        if not self.fresh():
            log.warning("%s: lock not confirmed for %.0f s; stepping down", self.role, self.fence)
            await self.release()
            return False
        try:
            async with asyncio.timeout(self.fence):
                alive = await self._lock.confirm()
        except (TimeoutError, OSError) as exc:
            log.warning("%s: lock lost: %r", self.role, exc)
            alive = False
        if not alive:
            await self.release()
            return False
        self._confirmed = time.monotonic()
        return True

    async def release(self) -> None:
        """Give the lock back (a new election may follow)."""
        self._confirmed = None
        await self._lock.release()

    async def wait_until_leader(self, retry_every: float = 2.0) -> None:
        """Block until this process holds the lock, saying once that it stands by."""
        while True:
            try:
                if await self.try_acquire():
                    self._said_standby = False
                    return
            except Exception as exc:  # any driver error: the database may come back
                log.warning("%s: election failed, retrying: %s", self.role, exc)
            if not self._said_standby:
                log.info("%s: standing by; %s holds it", self.role, self._lock.holder())
                self._said_standby = True
            await asyncio.sleep(retry_every)


async def run_while_leader(
    leadership: Leadership,
    work: Callable[[], Coroutine[Any, Any, None]],
    name: str,
    check_every: float = 2.0,
) -> None:
    """Run `work()` only while this process holds `leadership`, until cancelled.

    Lost leadership (or a lock this process can no longer confirm) cancels the work at once;
    the process then stands by for the next election.
    """
    try:
        while True:
            await leadership.wait_until_leader(retry_every=check_every)
            log.info("%s: this process holds it", leadership.role)
            task = asyncio.create_task(work(), name=name)
            try:
                await _hold(leadership, task, check_every)
            finally:
                task.cancel()
                await asyncio.gather(task, return_exceptions=True)
            if task.done() and not task.cancelled() and task.exception() is not None:
                log.error("%s stopped", name, exc_info=task.exception())
            await leadership.release()
            await asyncio.sleep(check_every)
    finally:
        await leadership.release()


async def _hold(leadership: Leadership, task: asyncio.Task[None], check_every: float) -> None:
    """Return when the work ends by itself or the leadership is lost."""
    while True:
        done, _ = await asyncio.wait([task], timeout=check_every)
        if done or not await leadership.still_leader():
            return
