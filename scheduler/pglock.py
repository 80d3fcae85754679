"""A PostgreSQL session advisory lock on a connection of its own, which dies with its holder."""

from __future__ import annotations

import hashlib
import logging

from sqlalchemy import text
from sqlalchemy.exc import DBAPIError
from sqlalchemy.ext.asyncio import AsyncConnection

from storage.db import Database

log = logging.getLogger(__name__)
SCHEDULER_KEY = 0x64696475  # "diau": the scheduler's key since the first release
KEEPALIVES = {"tcp_keepalives_idle": 5, "tcp_keepalives_interval": 2, "tcp_keepalives_count": 3}
"""The server probes the holder's host after 5 s of quiet: a dead host loses it in ~11 s."""


def role_key(role: str) -> int:
    """A stable signed 64-bit advisory-lock key for `role` (the scheduler keeps its own)."""
    if role == "scheduler":
        return SCHEDULER_KEY
    digest = hashlib.blake2b(f"diaodu:{role}".encode(), digest_size=8).digest()
    return int.from_bytes(digest, "big", signed=True)


class AdvisoryLock:
    """`pg_try_advisory_lock` on a dedicated connection; closing the connection frees it."""

    def __init__(self, db: Database, role: str, silence: float) -> None:
        self.db = db
        self.key = role_key(role)
        self.silence = silence
        """Seconds after which the server ends the session of a silent holder (PostgreSQL ≥ 14)."""
        self._conn: AsyncConnection | None = None

    async def acquire(self) -> bool:
        """Take the lock if free."""
        conn = await self._connection()
        try:
            got = await conn.scalar(text("SELECT pg_try_advisory_lock(:k)"), {"k": self.key})
            await conn.commit()
        except Exception:
            await self.release()
            raise
        return bool(got)

    async def confirm(self) -> bool:
        """Whether the lock's session is alive and still holds it."""
        if self._conn is None:
            return False
        try:
            # The lock lives exactly as long as its session: a live session still holds it.
            await self._conn.execute(text("SELECT 1"))
            await self._conn.commit()
        except DBAPIError as exc:
            log.warning("advisory lock %s: its connection failed: %s", self.key, exc)
            return False
        return True

    async def release(self) -> None:
        """Close the connection (which frees the lock), if any."""
        conn, self._conn = self._conn, None
        if conn is not None:
            try:
                # Invalidate, not just close: a pooled connection would keep holding the lock.
                await conn.invalidate()
                await conn.close()
            except Exception as exc:  # the connection may already be dead
                log.debug("closing the advisory-lock connection: %s", exc)

    def holder(self) -> str:
        """Who holds the lock, as far as this process can tell."""
        return "another process (PostgreSQL advisory lock)"

    async def _connection(self) -> AsyncConnection:
        if self._conn is None:
            conn = await self.db.engine.connect()
            try:
                await self._limit_silence(conn)
            except Exception:
                await conn.invalidate()
                raise
            self._conn = conn
        return self._conn

    async def _limit_silence(self, conn: AsyncConnection) -> None:
        for name, value in KEEPALIVES.items():
            await conn.execute(text(f"SET {name} = {int(value)}"))
        # A holder stopped between a statement and its COMMIT (a confirmation is both) leaves
        # its session idle in a transaction, which idle_session_timeout does not end.
        silence_ms = int(self.silence * 1000)
        await conn.execute(text(f"SET idle_in_transaction_session_timeout = {silence_ms}"))
        await conn.commit()
        try:
            await conn.execute(text(f"SET idle_session_timeout = {silence_ms}"))
        except DBAPIError:
            await conn.rollback()
            log.warning(
                "PostgreSQL before 14 has no idle_session_timeout: a hung leader is replaced"
                " only when its connection dies"
            )
        await conn.commit()
