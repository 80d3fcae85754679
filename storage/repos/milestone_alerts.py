"""Open 节点 of active projects coming due or overdue, for the daily 亮灯 warnings."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from storage.models import Milestone, Project, Unit
from storage.repos.scope import rows_of


@dataclass(frozen=True, slots=True)
class MilestoneAlert:
    """An open 节点 due within the warning window, or overdue."""

    project_id: int
    project: str
    unit: str
    name: str
    due: date


async def milestone_alerts(
    session: AsyncSession, today: date, warn_days: int
) -> list[MilestoneAlert]:
    """Open milestones of active projects due by `today + warn_days` (overdue first)."""
    statement = (
        select(
            Project.id.label("project_id"),
            Project.name.label("project"),
            Unit.name.label("unit"),
            Milestone.name,
            Milestone.due_on.label("due"),
        )
        .join(Project, Project.id == Milestone.project_id)
        .join(Unit, Unit.id == Project.unit_id)
        .where(
            Project.active.is_(True),
            Milestone.done_on.is_(None),
            Milestone.due_on <= today + timedelta(days=warn_days),
        )
        .order_by(Milestone.due_on, Unit.name, Project.code)
    )
    return [MilestoneAlert(**row._mapping) for row in await rows_of(session, statement)]
