"""Accounts waiting for an admin's `/确认绑定` before they act as a leader or an admin."""

from __future__ import annotations

from datetime import datetime, timedelta

from sqlalchemy import delete, select
from sqlalchemy.ext.asyncio import AsyncSession

from storage.models import BindRequest

KEEP = timedelta(days=7)
"""How long a request waits; an older one is dropped, the account asks again."""


async def ask(
    session: AsyncSession,
    person_id: int,
    platform: str,
    external_id: str,
    sender_name: str | None,
    at: datetime,
) -> bool:
    """Record the account's request (once); whether it is new."""
    statement = select(BindRequest).where(
        BindRequest.person_id == person_id,
        BindRequest.platform == platform,
        BindRequest.external_id == external_id,
    )
    found = (await session.execute(statement)).scalar_one_or_none()
    if found is not None:
        found.requested_at = at
        return False
    session.add(
        BindRequest(
            person_id=person_id,
            platform=platform,
            external_id=external_id,
            sender_name=sender_name,
            requested_at=at,
        )
    )
    return True


async def waiting(session: AsyncSession, person_id: int, now: datetime) -> list[BindRequest]:
    """The person's requests of the last KEEP, oldest first (older ones are deleted)."""
    await session.execute(delete(BindRequest).where(BindRequest.requested_at < now - KEEP))
    statement = (
        select(BindRequest)
        .where(BindRequest.person_id == person_id)
        .order_by(BindRequest.requested_at, BindRequest.id)
    )
    return list((await session.execute(statement)).scalars())


async def settle(session: AsyncSession, person_id: int, platform: str) -> None:
    """Drop every request for the person on `platform` (one was confirmed)."""
    await session.execute(
        delete(BindRequest).where(
            BindRequest.person_id == person_id, BindRequest.platform == platform
        )
    )
