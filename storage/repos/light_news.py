"""What the 亮灯 warnings have told lately: projects newly red since a day."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncSession

from storage.models import LightNotice, Project, Unit


@dataclass(frozen=True)
class NewRed:
    """A project the warnings told had turned red."""

    project_id: int
    name: str
    unit: str
    day: date


async def newly_red(session: AsyncSession, since: date, limit: int) -> tuple[int, list[NewRed]]:
    """Projects told red after `since` that were not red before (the baseline is no news)."""
    turned = (
        LightNotice.color == "red",
        LightNotice.before.in_(("yellow", "blue")),
        LightNotice.day > since,
        Project.active.is_(True),
    )
    count = await session.scalar(
        select(func.count()).select_from(LightNotice).join(Project).where(*turned)
    )
    statement = (
        select(Project.id, Project.name, Unit.name, LightNotice.day)
        .join(Project, Project.id == LightNotice.project_id)
        .join(Unit, Unit.id == Project.unit_id)
        .where(*turned)
        .order_by(LightNotice.day.desc(), Unit.name, Project.code)
        .limit(limit)
    )
    rows = (await session.execute(statement)).all()
    return int(count or 0), [NewRed(*row) for row in rows]
