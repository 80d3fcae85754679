"""Messages that reached nobody: recorded once per occasion, listed for the office daily."""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import or_, select
from sqlalchemy.ext.asyncio import AsyncSession

from storage.models import Undelivered
from storage.repos.outbox import bounded_key
from storage.repos.upsert import insert_ignore

MAX_LISTED = 20


async def record(
    session: AsyncSession,
    *,
    key: str,
    at: datetime,
    source: str,
    what: str,
    target: str,
    reason: str,
    issuer_id: int | None = None,
) -> bool:
    """Remember one message nobody got (once per `key`); True when new."""
    values = {
        "key": bounded_key(key),
        "at": at,
        "source": source[:40],
        "what": what,
        "target": target[:200],
        "reason": reason,
        "issuer_id": issuer_id,
    }
    return await insert_ignore(session, Undelivered, values)


async def to_list(session: AsyncSession, day: date) -> list[Undelivered]:
    """What the office has not been shown yet (and what it was shown today), oldest first."""
    statement = (
        select(Undelivered)
        .where(or_(Undelivered.listed_on.is_(None), Undelivered.listed_on == day))
        .order_by(Undelivered.at, Undelivered.id)
    )
    return list((await session.execute(statement)).scalars())
