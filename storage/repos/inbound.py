"""The inbound log: the platform message id is the de-duplication key."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import bindparam, select
from sqlalchemy.ext.asyncio import AsyncSession

from storage.models import Inbound

# Built once: on every message, building and keying the statement cost about as much as running it.
_FIND = select(Inbound).where(
    Inbound.platform == bindparam("platform"),
    Inbound.bot == bindparam("bot"),
    Inbound.platform_msg_id == bindparam("msg_id"),
)


async def find(session: AsyncSession, platform: str, bot: str, msg_id: str) -> Inbound | None:
    """The stored copy of a message already received, if any."""
    params = {"platform": platform, "bot": bot, "msg_id": msg_id}
    return (await session.execute(_FIND, params)).scalar_one_or_none()


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
    replies: list[dict[str, Any]] | None = None,
) -> Inbound:
    """Store a new message with its answer (a concurrent duplicate fails at the flush)."""
    row = Inbound(
        platform=platform,
        bot=bot,
        platform_msg_id=msg_id,
        chat_id=chat_id,
        sender=sender,
        text=text,
        received_at=received_at,
        replies=replies,
    )
    session.add(row)
    await session.flush()
    return row
