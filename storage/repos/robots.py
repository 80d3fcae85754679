"""Robots (group webhooks) as the outbox sees them: a stable key, and pauses they asked for."""

from __future__ import annotations

import hashlib
from datetime import datetime

from sqlalchemy import select, update
from sqlalchemy.ext.asyncio import AsyncSession

from storage.models import RobotPause
from storage.repos.upsert import insert_ignore


def robot_key(url: str) -> str:
    """The key a robot is known by in the database: a digest, since its URL is a credential."""
    return hashlib.sha256(url.encode()).hexdigest()[:32]


async def pause(session: AsyncSession, robot: str, until: datetime, reason: str) -> None:
    """Send nothing to `robot` before `until` (a later pause never shortens an earlier one)."""
    values = {"robot": robot, "paused_until": until, "reason": reason}
    if not await insert_ignore(session, RobotPause, values):
        await session.execute(
            update(RobotPause)
            .where(RobotPause.robot == robot, RobotPause.paused_until < until)
            .values(paused_until=until, reason=reason)
        )


async def paused(session: AsyncSession, now: datetime) -> set[str]:
    """Keys of the robots that must not be sent to at `now`."""
    rows = await session.execute(select(RobotPause.robot).where(RobotPause.paused_until > now))
    return set(rows.scalars())
