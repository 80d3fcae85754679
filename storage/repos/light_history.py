"""Light history: each project's light and reasons, one row per project and day."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date

from sqlalchemy import delete
from sqlalchemy.ext.asyncio import AsyncSession

from storage.models import LightRecord
from storage.repos.standing import Standing


async def record_lights(session: AsyncSession, day: date, rows: Sequence[Standing]) -> None:
    """Keep today's light of each project (the latest computation of the day wins)."""
    if not rows:
        return
    ids = [row.project.id for row in rows]
    await session.execute(
        delete(LightRecord).where(LightRecord.day == day, LightRecord.project_id.in_(ids))
    )
    session.add_all(
        LightRecord(
            project_id=row.project.id,
            day=day,
            color=row.light.color.value,
            schedule_ratio=row.ratio,
            reasons=[
                {"rule": r.rule, "color": r.color.value, "text": r.text} for r in row.light.reasons
            ],
        )
        for row in rows
    )
