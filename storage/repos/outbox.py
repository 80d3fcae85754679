"""The outbox: every push is a row first, keyed by an idempotency key."""

from __future__ import annotations

import hashlib
from datetime import datetime
from typing import Any

from sqlalchemy import delete, select
from sqlalchemy.ext.asyncio import AsyncSession

from storage.db import rows_changed
from storage.models import Outbox
from storage.repos.upsert import insert_ignore

# Pushes to the local simulator are delivered by being stored: it reads them from here.
DELIVERED_ON_STORE = frozenset({"local"})
KEY_CHARS = 300
"""The idempotency key column's length."""


def bounded_key(key: str) -> str:
    """`key` as stored: a longer one (a 200-character message id in it, a long group name) is
    cut and ends in a digest of the whole, so it stays unique and the same on every retry."""
    if len(key) <= KEY_CHARS:
        return key
    digest = hashlib.sha256(key.encode("utf-8", "surrogatepass")).hexdigest()
    return f"{key[: KEY_CHARS - len(digest) - 1]}#{digest}"


async def enqueue(
    session: AsyncSession,
    *,
    key: str,
    platform: str,
    destination: str,
    payload: dict[str, Any],
    now: datetime,
    parts_sent: int = 0,
) -> bool:
    """Queue one push unless `key` was queued before; True when it is new.

    `parts_sent` > 0 resumes a message whose first request bodies went out another way.
    """
    delivered = platform in DELIVERED_ON_STORE
    return await insert_ignore(
        session,
        Outbox,
        {
            "idempotency_key": bounded_key(key),
            "platform": platform,
            "destination": destination,
            "payload": payload,
            "status": "sent" if delivered else "pending",
            "attempts": 0,
            "next_try_at": now,
            "created_at": now,
            "sent_at": now if delivered else None,
            "parts_sent": parts_sent,
        },
    )


async def for_destinations(
    session: AsyncSession, platform: str, destinations: list[str], limit: int = 200
) -> list[Outbox]:
    """The latest pushes to some destinations, oldest first."""
    statement = (
        select(Outbox)
        .where(Outbox.platform == platform, Outbox.destination.in_(destinations))
        .order_by(Outbox.id.desc())
        .limit(limit)
    )
    return list(reversed((await session.execute(statement)).scalars().all()))


async def prune(session: AsyncSession, before: datetime, limit: int) -> int:
    """Delete up to `limit` delivered pushes queued before `before`; how many went."""
    oldest = (
        select(Outbox.id)
        .where(Outbox.status == "sent", Outbox.created_at < before)
        .order_by(Outbox.id)
        .limit(limit)
    )
    statement = (
        delete(Outbox).where(Outbox.id.in_(oldest)).execution_options(synchronize_session=False)
    )
    return rows_changed(await session.execute(statement))
