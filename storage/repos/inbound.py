"""The inbound log: the platform message id is the de-duplication key."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from storage.models import Inbound


async def find(session: AsyncSession, platform: str, bot: str, msg_id: str) -> Inbound | None:
    """The stored copy of a message already received, if any."""
    statement = select(Inbound).where(
        Inbound.platform == platform, Inbound.bot == bot, Inbound.platform_msg_id == msg_id
    )
    return (await session.execute(statement)).scalar_one_or_none()


async def record(
    session: AsyncSession,
    *,
    platform: str,
    bot: str,
    msg_id: str,
    chat_id: str | None,
    sender: str,
    text: str,
    received_at: datetime,
) -> Inbound:
    """Store a new message (flushes, so a concurrent duplicate fails here)."""
    row = Inbound(
        platform=platform,
        bot=bot,
        platform_msg_id=msg_id,
        chat_id=chat_id,
        sender=sender,
        text=text,
        received_at=received_at,
    )
    session.add(row)
    await session.flush()
    return row


def set_replies(row: Inbound, replies: list[dict[str, Any]]) -> None:
    """Keep the answer, so a retry gets the same one."""
    row.replies = replies
