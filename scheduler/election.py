"""Exactly one active scheduler: a PostgreSQL advisory lock held on its own connection."""

from __future__ import annotations

import asyncio
import logging

from sqlalchemy import text
from sqlalchemy.ext.asyncio import AsyncConnection

from storage.db import Database

log = logging.getLogger(__name__)
LOCK_KEY = 0x64696475  # "diau"


class Leadership:
    """Tries to become the leader; stays leader while its connection lives."""

    def __init__(self, db: Database, *, check_every: float = 2.0) -> None:
        self.db = db
        self.check_every = check_every
        self._conn: AsyncConnection | None = None

    async def try_acquire(self) -> bool:
        """Take the lock if free (SQLite: one process, always leader)."""
        if self.db.is_sqlite:
            return True
        if self._conn is None:
            self._conn = await self.db.engine.connect()
        try:
            got = (
                await self._conn.execute(text("SELECT pg_try_advisory_lock(:k)"), {"k": LOCK_KEY})
            ).scalar()
            await self._conn.commit()
        except Exception:
            await self._drop()
            raise
        return bool(got)

    async def still_leader(self) -> bool:
        """Whether the lock's connection is alive (the lock dies with it)."""
        if self.db.is_sqlite:
            return True
        if self._conn is None:
            return False
        try:
            await self._conn.execute(text("SELECT 1"))
            await self._conn.commit()
        except Exception as exc:
            log.warning("scheduler leadership lost: %s", exc)
            await self._drop()
            return False
        return True

    async def release(self) -> None:
        """Give the lock back (closing the connection releases it)."""
        await self._drop()

    async def _drop(self) -> None:
        conn, self._conn = self._conn, None
        if conn is not None:
            try:
                # Invalidate, not just close: a pooled connection would keep holding the lock.
                await conn.invalidate()
                await conn.close()
            except Exception as exc:  # the connection may already be dead
                log.debug("closing the leadership connection: %s", exc)

    async def wait_until_leader(self, retry_every: float = 2.0) -> None:
        """Block until this process holds the lock."""
        while True:
            try:
                if await self.try_acquire():
                    return
            except Exception as exc:
                log.warning("leader election failed, retrying: %s", exc)
            await asyncio.sleep(retry_every)
